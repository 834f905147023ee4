"""Sentence and paragraph length, and the passive voice that hides who does what.

``passive.voice`` fires on a form of "to be", then up to two adverbs, then a past participle
("are given", "will be randomly assigned"), unless "by" names who acts within the next four
words. Participles that read as adjectives in lay text ("are interested", "is located", "have
been diagnosed with") are left alone: ``_STATE_WORDS``.
"""
from __future__ import annotations

from functools import lru_cache

from ..readability import TEXTS_REMEMBERED
from .base import CheckRun, Prose, opening, quote

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "isn't", "aren't", "wasn't", "weren't"})
_IRREGULAR_PARTICIPLES = frozenset("""
    given taken seen done made known shown written chosen told paid found held kept left put set sent spent
    taught thought bought brought caught drawn driven eaten fallen felt forgotten frozen hidden hurt led lost
    meant met read split withdrawn begun broken stopped run cut shut understood sold bound fed
""".split())
_STATE_WORDS = frozenset("""
    interested tired worried concerned based related supposed pleased excited scared married called named aged
    limited advanced experienced qualified skilled licensed certified located involved infected diagnosed born
    allowed used exposed prepared hospitalized hospitalised pregnant unvaccinated vaccinated able welcome
    affected inherited listed known
""".split())
_ADVERBS = frozenset({"not", "also", "then", "usually", "often", "only", "all", "still", "never", "always", "first",
                      "each", "both", "sometimes", "already", "either", "just"})


def _participle(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ed")) or word in _IRREGULAR_PARTICIPLES


@lru_cache(maxsize=TEXTS_REMEMBERED)
def passive_phrase(tokens: tuple[str, ...]) -> str | None:
    """The first agentless passive in a sentence's words, as written ("are given"), else None."""
    if _BE.isdisjoint(tokens) and not (tokens and tokens[0].lower() in _BE):
        return None
    lowered = [t.lower() for t in tokens]
    for start, word in enumerate(lowered):
        if word not in _BE:
            continue
        position = start + 1
        while position < len(lowered) and position - start <= 2 and (lowered[position] in _ADVERBS or lowered[position].endswith("ly")):
            position += 1
        if position >= len(lowered):
            return None
        verb = lowered[position]
        if not _participle(verb) or verb in _STATE_WORDS:
            continue
        if "by" in lowered[position + 1: position + 5]:
            continue
        return " ".join(tokens[start: position + 1])
    return None


def _check_prose(page: CheckRun, prose: Prose) -> None:
    config = page.config
    for block in prose.blocks:
        if len(block) > config.max_paragraph_sentences:
            page.report("paragraph.length", f"This paragraph has {len(block)} sentences (at most "
                        f"{config.max_paragraph_sentences}): split it, or make its steps a list. It starts {quote(block[0].text, 60)}.",
                        section=prose.section, near=opening(block[0].text), value=len(block),
                        threshold=config.max_paragraph_sentences)
        for sentence in block:
            if len(sentence.words) > config.max_sentence_words:
                page.report("sentence.length", f"Sentence of {len(sentence.words)} words (at most {config.max_sentence_words}): "
                            f"split it in two or more. {quote(sentence.text, 160)}", section=prose.section,
                            near=opening(sentence.text), value=len(sentence.words), threshold=config.max_sentence_words)
            phrase = passive_phrase(sentence.words)
            if phrase:
                page.report("passive.voice", f"{quote(phrase)} does not say who does it: name who acts "
                            f"(\"the study nurse gives you ...\", not \"you are given ...\"). In {quote(sentence.text, 100)}",
                            section=prose.section, near=phrase, value=phrase)


def run(page: CheckRun) -> None:
    for prose in page.prose:
        _check_prose(page, prose)
