"""Jargon a lay reader may not know: ``jargon.term`` and ``jargon.abbreviation``, once per page, at first use.

A word is jargon when it is on the reviewed list ``data/jargon-terms.txt`` (medical and research
words that are common enough in general English to slip past a frequency test) or rarer than
``jargon_zipf`` in wordfreq's English frequencies. Capitalised words are taken for names (places,
sponsors: the faithfulness check's business) unless they are listed or one of the trial's own drug
or condition names. Abbreviations are all-caps words of letters only (codes such as "BAY43-9006"
and dotted degrees such as "M.D." are names). The sections that list places, organisations and
people (``name_sections``: where, who_runs) are not searched.

A term is explained at first use when its first appearance on the page is
- followed by an explanation: ``X (a ...)``, ``X, a/an/the/which/that/who/also/or/meaning ...``,
  ``X: ...``, ``X — ...``, ``X is/are a/an/the/when/how/what/used/made/given ...``,
  ``X means/refers to/stands for/is short for ...``;
- or introduced by ``called X``, ``named X``, ``known as X``;
- or explained by one of the next three sentences of its paragraph that opens with it
  (``This study tests X. It is for people with Y. X is a medicine that ...``); a whole trial
  name explained this way counts for each of its words;
- for an abbreviation, also ``long form (ABBR)``.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from ..readability import TEXTS_REMEMBERED, WORDS_REMEMBERED, words
from .base import CheckRun
from .wordfreq_table import bucket_table

_EXPLAINED_AFTER = re.compile(
    r"\s*\("
    r"|\s*[,:]\s*(?:a|an|the|which|who|that|also|or|meaning|i\.e\.|this|these|it|one|another|known|called)\b"
    r"|\s*[—–]\s*|\s+-\s+"
    r"|\s+(?:is|are|was|were)\s+(?:a|an|the|when|how|what|where|used|made|given|called|one|some|something|not)\b"
    r"|\s+(?:means|refers to|stands for|is short for|describes)\b", re.I)
_EXPLAINED_BEFORE = re.compile(r"\b(?:called|named|known as)\s+(?:the\s+|a\s+|an\s+)?[\"“']?$", re.I)
_DEFINES = re.compile(r"\s+(?:is|are|means|refers to)\s")  # a sentence that opens "X is ..." defines X
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
EXPLAIN_WITHIN_SENTENCES = 3  # "This study tests X. It is for people with Y. X is a ..." still explains X at first use
_ABBREVIATION_ALLOWED = frozenset({"ID", "US", "USA", "UK", "EU", "OK", "TV", "AM", "PM", "NCT", "UTC"})
_ROMAN_NUMERAL = re.compile(r"[IVXL]+")
_BOUNDARY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
FAMILIAR_ABBREVIATION_ZIPF = 4.0  # "HIV", "DNA", "USA": common enough in English to need no expansion


@lru_cache(maxsize=1)
def jargon_terms() -> dict[str, str]:
    """Listed term -> plain alternative ("" when the list gives none)."""
    listing = resources.files("summarizer").joinpath("data/jargon-terms.txt").read_text(encoding="utf-8")
    rows = (line.split("\t", 1) for line in listing.splitlines() if line.strip() and not line.startswith("#"))
    return {row[0].strip().lower(): (row[1].strip() if len(row) > 1 else "") for row in rows}


# wordfreq's English list ("best" = large_en) is read straight from the file that wordfreq ships
# (``wordfreq_table``). Importing wordfreq itself costs 0.1 s (langcodes, ftfy, regex), a tenth of a
# whole ``summarizer check`` of a thousand pages; it is imported only for the rare word that its
# tokeniser must read (digits, elisions such as "d'or", scripts other than Latin).
_CB_PER_ZIPF = 100


@lru_cache(maxsize=None)
def _bucket_frequency(bucket: int) -> float:
    return 10 ** (-bucket / _CB_PER_ZIPF)  # wordfreq's cB_to_freq


@lru_cache(maxsize=None)
def _bucket_zipf(bucket: int) -> float:
    return round(math.log10(_bucket_frequency(bucket)) + 9, 2)


def _compound_zipf(parts: list[str]) -> float:
    """wordfreq's Zipf frequency of a word of one or more tokens (a hyphenated word), computed as
    wordfreq does for English: the tokens' frequencies combine as ``1/f = 1/f1 + 1/f2 + ...``,
    rounded to 3 significant digits; a token it does not list makes the whole 0."""
    table = bucket_table()
    inverse = 0.0
    for part in parts:
        bucket = table.get(part)
        if bucket is None:
            return 0.0
        inverse += 1.0 / _bucket_frequency(bucket)
    frequency = max(1.0 / inverse, 1e-9)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


_APOSTROPHES = str.maketrans("’‘", "''")  # wordfreq reads curly apostrophes as straight ones
_ONE_TOKEN = re.compile(r"\w+(?:['.]\w+)*")  # inner apostrophes and dots do not split a token ...
_ELISION = re.compile(r"\w\w?'")  # ... except after one or two letters ("d'or" is "d" + "or"): left to wordfreq
_LAST_LATIN = "\u024f"  # Latin letters, accented or not; other scripts are left to wordfreq


def _one_token(part: str) -> bool:
    """Does wordfreq's tokeniser read ``part`` as one token, as it is ("parkinson's", "u.s", "hôpital")?"""
    return (part.replace("'", "").replace(".", "").isalpha() and max(part) <= _LAST_LATIN
            and bool(_ONE_TOKEN.fullmatch(part)) and not _ELISION.match(part)
            and part == part.casefold() and unicodedata.is_normalized("NFC", part))


@lru_cache(maxsize=WORDS_REMEMBERED)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a lowercase English word, from wordfreq's own table (the same
    value as ``wordfreq.zipf_frequency``, without its tokeniser: 100 times faster on a new word).
    Words with letters, inner apostrophes or dots, joined by hyphens, are read here; anything else
    (digits, other marks) by wordfreq itself."""
    if word.isascii() and word.isalpha() and word.islower():
        bucket = bucket_table().get(word)
        return _bucket_zipf(bucket) if bucket is not None else 0.0
    parts = [part for part in word.translate(_APOSTROPHES).split("-") if part]
    if parts and all(map(_one_token, parts)):
        return _compound_zipf(parts)
    import wordfreq  # here, not at the top: 0.1 s of imports and 0.1 s for its own table, for a rare word

    return wordfreq.zipf_frequency(word, "en")


def _listed(word: str) -> str | None:
    """The listed form of ``word`` (itself or its singular), else None."""
    terms = jargon_terms()
    for candidate in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else "",
                      word[:-3] + "y" if word.endswith("ies") else ""):
        if candidate and candidate in terms:
            return candidate
    return None


# A page's text is asked about each of its terms in turn: lowercased once, not once per term.
_lowered = lru_cache(maxsize=2)(str.lower)


def first_use(text: str, term: str) -> tuple[int, int] | None:
    """Span of the first whole-word use of ``term`` (or its plural) in ``text``, case-insensitive."""
    lowered, term = _lowered(text), term.lower()
    start = lowered.find(term)
    while start != -1:
        end = start + len(term)
        end += 2 if lowered.startswith("es", end) else 1 if lowered.startswith("s", end) else 0
        if (start == 0 or lowered[start - 1] not in _BOUNDARY) and (end >= len(lowered) or lowered[end] not in _BOUNDARY):
            return start, end
        start = lowered.find(term, start + 1)
    return None


def explained_at_first_use(text: str, term: str) -> bool:
    """Is ``term`` explained where it first appears in ``text`` (rules in the module docstring)?"""
    span = first_use(text, term)
    if span is None:
        return False
    start, end = span
    if _EXPLAINED_AFTER.match(text, end) or _EXPLAINED_BEFORE.search(text, max(0, start - 40), start):
        return True
    if term.isupper() and text[start - 1: start] == "(" and text[end: end + 1] == ")":
        return True
    return _explained_just_after(text, term, end)


def _explained_just_after(text: str, term: str, after: int) -> bool:
    """``We test X. It is for ... X is a ...``: a sentence of the same paragraph, at most
    ``EXPLAIN_WITHIN_SENTENCES`` sentences on, that opens with the term and explains it."""
    limit = text.find("\n\n", after)
    limit = len(text) if limit == -1 else limit
    for _ in range(EXPLAIN_WITHIN_SENTENCES):
        stop = _SENTENCE_END.search(text, after, limit)
        if stop is None:
            return False
        after = stop.end()
        if text[after: after + len(term)].lower() == term.lower() and _DEFINES.match(text, after + len(term)):
            return True
    return False


def explained_names(page: CheckRun) -> tuple[str, ...]:
    """The trial's own name words that the page explains at first use: scored as familiar words.
    A whole name explained at first use ("Fluticasone propionate is a medicine ...") makes each
    of its words familiar; so does a single word explained on its own."""
    if not page.name_words:
        return ()
    on_page: set[str] = set()
    missing = set(page.name_words)
    for prose in page.prose:  # each sentence's words against the few name words not found yet
        for sentence in prose.sentences:
            found = missing.intersection(sentence.lowered)
            if found:
                on_page |= found
                missing -= found
    text = page.page_text
    explained = {w for name in page.names if explained_at_first_use(text, name) for w in words(name.lower())}
    return tuple(sorted(w for w in on_page if len(w) > 3 and (w in explained or explained_at_first_use(text, w))))


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""))


@lru_cache(maxsize=WORDS_REMEMBERED)
def _term_facts(word: str) -> tuple[str | None, float]:
    """(listed form or None, Zipf frequency of ``word`` or of its stem, whichever is higher:
    "calms" is as plain as "calm") of a lowercase word."""
    stems = (word[: -len(suffix)] + ending for suffix, ending in _INFLECTIONS if word.endswith(suffix) and len(word) > len(suffix) + 2)
    return _listed(word), max((zipf(word), *(zipf(stem) for stem in stems)))


def _abbreviation_needs_expanding(word: str) -> bool:
    """An all-caps word a reader may not know: not a code with digits, a dotted degree, a numeral or a common one."""
    return (len(word) >= 2 and word.isalpha() and word not in _ABBREVIATION_ALLOWED
            and not _ROMAN_NUMERAL.fullmatch(word) and zipf(word.lower()) < FAMILIAR_ABBREVIATION_ZIPF)


Candidate = tuple[str, str, "str | None", float]
_CANDIDATES: dict[tuple[str, float], Candidate | None] = {}  # (word, threshold) -> its candidate, or None
_CANDIDATES_LIMIT = WORDS_REMEMBERED


def _candidate(word: str, threshold: float) -> Candidate | None:
    """What ``candidates`` makes of one word (None: it needs no explaining)."""
    if word.isupper():
        return (word, "abbreviation", None, 0.0) if _abbreviation_needs_expanding(word) else None
    lowered = word.lower()
    if len(word) < 4 or not lowered.replace("-", "").isalpha():
        return None
    listed, frequency = _term_facts(lowered)
    if listed is not None or frequency < threshold:
        return (word, "capitalised" if word[0].isupper() and listed is None else "term", listed, frequency)
    return None


@lru_cache(maxsize=TEXTS_REMEMBERED)
def candidates(tokens: tuple[str, ...], threshold: float) -> tuple[Candidate, ...]:
    """The words of one sentence that may need explaining, cached per sentence (and per word: most
    sentences are new, most of their words are not): (word, "abbreviation" | "term" | "capitalised",
    listed form, Zipf frequency). A capitalised word counts as jargon later only if listed or one
    of the trial's own names."""
    found = []
    for word in dict.fromkeys(tokens):
        key = (word, threshold)
        if key in _CANDIDATES:
            candidate = _CANDIDATES[key]
        else:
            if len(_CANDIDATES) >= _CANDIDATES_LIMIT:
                _CANDIDATES.clear()
            candidate = _CANDIDATES[key] = _candidate(word, threshold)
        if candidate is not None:
            found.append(candidate)
    return tuple(found)


def run(page: CheckRun) -> None:
    threshold = page.config.jargon_zipf
    skipped = set(page.config.name_sections)
    text = page.page_text
    terms = jargon_terms()
    seen: set[str] = set()
    for prose in page.prose:
        if prose.section.id in skipped:
            continue
        for sentence in prose.sentences:
            for word, kind, listed, frequency in candidates(sentence.words, threshold):
                lowered = word.lower()
                if lowered in seen:
                    continue
                seen.add(lowered)
                if kind == "abbreviation":
                    if not explained_at_first_use(text, word):
                        page.report("jargon.abbreviation", f"Abbreviation \"{word}\" is not spelled out where it first "
                                    f"appears: write the words in full, with \"({word})\" after them if the page uses it again.",
                                    section=prose.section, near=word, value=word)
                    continue
                if (kind == "capitalised" and lowered not in page.name_words) or explained_at_first_use(text, lowered):
                    continue
                plain = terms.get(listed or "", "")
                suggestion = f" or use a plainer word ({plain})" if plain else " or use a plainer word"
                page.report("jargon.term", f"\"{word}\" may be new to readers: explain it where it first appears "
                            f"(\"{lowered}, a ...\" or \"{lowered} (...)\"){suggestion}.", section=prose.section, near=word,
                            value=round(frequency, 2), threshold=threshold)
