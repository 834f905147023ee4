"""Reading level per prose section and for the whole page: ``readability.grade``, ``.smog``, ``.ease``, ``.dale_chall``.

Scores come from ``summarizer.readability`` (plain prose, list items and headings as sentences).
The trial's own drug and condition names count as familiar two-syllable words wherever the page
explains them at first use (``jargon.explained_names``), so a long name the page explains does
not alone fail a section; every message gives the raw score, without that adjustment, beside it
("grade 7.9 (raw 9.2)"), to the same decimals. A failing score is shown with as many decimals as it
takes not to read as its threshold ("6.92; aim for 6.9 or below"); the finding's ``value`` is the score as computed.
Sections shorter than ``min_words_to_score`` are scored only as part of the page: the formulas
swing wildly on one or two sentences. The page score covers the scored sections together.
"""
from __future__ import annotations

from functools import lru_cache

from ..models import Readability
from ..readability import TEXTS_REMEMBERED, TextStats, count_syllables, readability, sentence_stats
from .base import CheckRun, Prose, Sentence, quote
from .document import DocSection
from .jargon import explained_names

# Scores of the same counts are the same scores: generated pages repeat whole sections.
_scores = lru_cache(maxsize=TEXTS_REMEMBERED)(readability)


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _long_words(sentence: Sentence) -> frozenset[str]:
    """Words of 4 or more syllables, lowercased: named in the advice of a grade finding."""
    return frozenset(w for w in sentence.lowered if w.isalpha() and count_syllables(w) >= 4)


def _advice(prose: list[Prose], names: tuple[str, ...]) -> str:
    sentences = [s for p in prose for s in p.sentences]
    longest = max(sentences, key=lambda s: len(s.words))
    long_words = sorted(frozenset().union(*map(_long_words, sentences)).difference(names))
    hint = f" Long words: {', '.join(long_words[:5])}." if long_words else ""
    return f" Longest sentence ({len(longest.words)} words): {quote(longest.text, 90)}.{hint}"


def _shown(value: float, threshold: float, decimals: int, above: bool) -> str:
    """``value`` with ``decimals`` decimals, or more where fewer would read as the threshold it fails
    (6.92 against 6.9 shows "6.92", not "6.9"; 59.7 against 60 shows "59.7", not "60")."""
    while decimals < 4 and not (round(value, decimals) > threshold if above else round(value, decimals) < threshold):
        decimals += 1
    return f"{value:.{decimals}f}"


def _raw(prose: list[Prose]) -> Readability:
    """The scores without the names adjustment: every sentence's own cached counts."""
    return _scores(sentence_stats((s for p in prose for s in p.sentences), frozenset()))


def _judge(page: CheckRun, scores: Readability, prose: list[Prose], names: tuple[str, ...], section: DocSection | None) -> None:
    config = page.config
    failed = {"readability.grade": scores.fk_grade > config.max_grade, "readability.smog": scores.smog > config.max_smog,
              "readability.ease": scores.flesch_reading_ease < config.min_reading_ease,
              "readability.dale_chall": scores.dale_chall > config.max_dale_chall}
    if not any(failed.values()):
        return
    raw = _raw(prose)
    subject = f"Section '{section.id}'" if section else "The page's prose"

    def measured(value: float, raw_value: float, threshold: float, decimals: int = 1, above: bool = True) -> str:
        number = _shown(value, threshold, decimals, above)
        return f"{number} (raw {raw_value:.{len(number.partition('.')[2])}f})"

    if failed["readability.grade"]:
        page.report("readability.grade", f"{subject} reads at grade {measured(scores.fk_grade, raw.fk_grade, config.max_grade)}; "
                    f"aim for {config.max_grade:g} or below: shorter sentences, everyday words.{_advice(prose, names)}",
                    section=section, value=scores.fk_grade, threshold=config.max_grade)
    if failed["readability.smog"]:
        page.report("readability.smog", f"{subject} has a SMOG grade of {measured(scores.smog, raw.smog, config.max_smog)}; "
                    f"aim for {config.max_smog:g} or below: fewer words of three or more syllables.", section=section,
                    value=scores.smog, threshold=config.max_smog)
    if failed["readability.ease"]:
        ease = measured(scores.flesch_reading_ease, raw.flesch_reading_ease, config.min_reading_ease, 0, above=False)
        page.report("readability.ease", f"{subject} has a Flesch reading ease of {ease}; aim for "
                    f"{config.min_reading_ease:g} or more: shorter words and sentences.", section=section,
                    value=scores.flesch_reading_ease, threshold=config.min_reading_ease)
    if failed["readability.dale_chall"]:
        page.report("readability.dale_chall", f"{subject} has a Dale-Chall score of "
                    f"{measured(scores.dale_chall, raw.dale_chall, config.max_dale_chall)}; aim for "
                    f"{config.max_dale_chall:g} or below: more everyday words.", section=section,
                    value=scores.dale_chall, threshold=config.max_dale_chall)


def run(page: CheckRun) -> None:
    names = explained_names(page)
    name_set = frozenset(names)
    scored = [p for p in page.scored_prose if p.word_count]
    total = TextStats()
    for prose in scored:
        stats = sentence_stats(prose.sentences, name_set)
        total += stats
        if prose.word_count >= page.config.min_words_to_score:
            _judge(page, _scores(stats), [prose], names, prose.section)
    if total.words:
        _judge(page, _scores(total), scored, names, None)
