"""Reading level per prose section and for the whole page: ``readability.grade``, ``.smog``, ``.ease``, ``.dale_chall``.

Scores come from ``summarizer.readability`` (plain prose, list items and headings as sentences).
The trial's own drug and condition names count as familiar two-syllable words wherever the page
explains them at first use (``jargon.explained_names``), so a long name the page explains does
not alone fail a section; messages give the raw score, without that adjustment, beside it.
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


def _judge(page: CheckRun, scores: Readability, prose: list[Prose], names: tuple[str, ...], section: DocSection | None) -> None:
    config = page.config
    subject = f"Section '{section.id}'" if section else "The page's prose"
    if scores.fk_grade > config.max_grade:
        page.report("readability.grade", f"{subject} reads at grade {scores.fk_grade:.1f} (raw {scores.raw_fk_grade:.1f}); "
                    f"aim for {config.max_grade:g} or below: shorter sentences, everyday words.{_advice(prose, names)}",
                    section=section, value=scores.fk_grade, threshold=config.max_grade)
    if scores.smog > config.max_smog:
        page.report("readability.smog", f"{subject} has a SMOG grade of {scores.smog:.1f} (raw {scores.raw_smog:.1f}); aim "
                    f"for {config.max_smog:g} or below: fewer words of three or more syllables.", section=section,
                    value=scores.smog, threshold=config.max_smog)
    if scores.flesch_reading_ease < config.min_reading_ease:
        page.report("readability.ease", f"{subject} has a Flesch reading ease of {scores.flesch_reading_ease:.0f}; aim for "
                    f"{config.min_reading_ease:g} or more: shorter words and sentences.", section=section,
                    value=scores.flesch_reading_ease, threshold=config.min_reading_ease)
    if scores.dale_chall > config.max_dale_chall:
        page.report("readability.dale_chall", f"{subject} has a Dale-Chall score of {scores.dale_chall:.1f}; aim for "
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
