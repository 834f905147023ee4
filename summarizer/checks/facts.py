"""What the record holds, in the forms a page may state it: the fact index of the faithfulness check.

A page may state
- any word, name, number or date written in the record's text fields (case-insensitive, whole
  words; a plural or singular of a listed word counts; numbers up to twenty may be spelled
  out on either side: "fifteen" = "15"; "1,200" = "1200");
- numbers derived from the record's fields: enrollment, ages, each date's year, month and day,
  phase numbers, how many arms, interventions, conditions, outcomes, sites, countries, cities,
  officials and eligibility rules, and the whole years, months and weeks between its dates
  (rounded or cut down);
- a remainder ("it also runs at 70 more sites", "the record lists 38 more rules") up to the
  largest of those counts;
  0, 1 and 2 are always accepted: they are idiom ("one of", "two groups") as often as fact;
- fractions ("1 in 4", "one out of three") equal, within 0.02 (0.05 after "about", "around",
  "nearly", "almost", "roughly"), to a percentage or ratio ("2:1") of the record's text, or to an
  equal chance of each arm when the study is randomized;
- dates that match a record date to the stated precision (a page may not add a day the record lacks).
"""
from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Any

from ..models import Trial

SPELLED = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_WORD_OF = {value: word for word, value in SPELLED.items()}
_ALWAYS_ACCEPTED = frozenset({"0", "1", "2"})
_SKIPPED_FIELDS = {"provenance", "source", "source_format", "missing"}
# Written first in the record's text: the names a page repeats (places, organisations, people,
# conditions, drugs) are found without scanning the long descriptions and criteria before them.
_NAMING_FIELDS = {"conditions", "keywords", "interventions", "sponsor", "collaborators", "officials", "locations",
                  "central_contacts"}
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent)")
_RATIO = re.compile(r"(?<![\d:])(\d{1,2}):(\d{1,2})(?![\d:])")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_ESCAPED_BREAK = re.compile(rb"\\[nt]")  # a JSON "\n" or "\t" (re.sub: a third of bytes.replace's time here)
_SUFFIX = re.compile(r"(?:isation|ization|ations?|ised|ized|ises|izes|ise|ize|ing|ed|ics?|al|es|s)$")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _canonical(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def canonical_number(written: str) -> str:
    """"1,200" -> "1200", "18.0" -> "18", "0.50" -> "0.5"; other commas are not thousands separators."""
    if "," in written and _THOUSANDS.fullmatch(written):
        written = written.replace(",", "")
    try:
        return _canonical(float(written))
    except ValueError:
        return written


def _parse_date(text: str) -> tuple[int, int, int | None] | None:
    match = _ISO_DATE.fullmatch(text)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3)) if match.group(3) else None) if match else None


class FactIndex:
    """The record's facts, searchable the ways a page may state them (rules in the module docstring)."""

    def __init__(self, trial: Trial):
        self.trial = trial
        phases = " ".join(f"phase {p[-1]}" for p in trial.phases if p[-1].isdigit())
        # One fast pass over every field; JSON keys are harmless extra words. A JSON "\n" or "\t" escape
        # would glue its letter to the next word, so those become spaces. Lowercased as bytes, which
        # lowers ASCII letters only but costs a fifth of ``str.lower`` on text with any other letter
        # (half the records): ``_text_for`` gives a phrase with such letters the text lowered in full.
        serialize = trial.__pydantic_serializer__.to_json
        dumped = _ESCAPED_BREAK.sub(b" ", (serialize(trial, include=_NAMING_FIELDS) + b"\n"
                                          + serialize(trial, exclude=_SKIPPED_FIELDS | _NAMING_FIELDS)).lower())
        self.lower = f"{dumped.decode()}\n{phases}"
        self._full_lower = self.lower if self.lower.isascii() else None  # made when a phrase asks for it
        if self._full_lower is None and ("\u0130" in self.lower or "\u212a" in self.lower):
            self.lower = self._full_lower = self.lower.lower()  # İ and the Kelvin sign lowercase to ASCII letters
        self._found: dict[str, bool] = {}  # phrase -> held: the page's sections ask again
        self._found_any: dict[tuple[str, ...], bool] = {}
        self._stems_found: dict[str, bool] = {}
        self._numbers_found: dict[str, bool] = {}
        self.dates = {d for d in (_parse_date(i.date) for i in self._date_infos()) if d}
        self.counts = self._counts()
        self.largest_count = max(self.counts)
        self.numbers = self._derived_numbers()

    def _date_infos(self) -> list[Any]:
        t = self.trial
        return [d for d in (t.start_date, t.primary_completion_date, t.completion_date, t.first_posted, t.last_update) if d]

    def _counts(self) -> set[int]:
        """How many of each thing the record lists."""
        t = self.trial
        counts = {len(items) for items in (
            t.arms, t.interventions, t.conditions, t.primary_outcomes, t.secondary_outcomes, t.officials, t.collaborators,
            t.locations, {loc.country for loc in t.locations if loc.country}, {loc.city for loc in t.locations if loc.city},
            t.eligibility.inclusion, t.eligibility.exclusion)}
        counts.add(len(t.eligibility.inclusion) + len(t.eligibility.exclusion))
        return counts

    def _derived_numbers(self) -> set[str]:
        t = self.trial
        whole = set(self.counts)
        whole.update(int(p[-1]) for p in t.phases if p[-1].isdigit())
        whole.update(part for parsed in self.dates for part in parsed if part is not None)
        days = sorted({date(y, m, d or 1).toordinal() for y, m, d in self.dates})
        spans = [last - first for index, first in enumerate(days) for last in days[index + 1:]]
        lengths = [span / unit for span in spans for unit in (365.25, 30.44, 7)]  # years, months, weeks
        whole.update(map(int, lengths))
        whole.update(map(round, lengths))
        numbers = set(map(str, whole))
        numbers.update(_canonical(float(v)) for v in (t.enrollment, t.eligibility.min_age_years, t.eligibility.max_age_years) if v is not None)
        return numbers | _ALWAYS_ACCEPTED

    def has_text(self, phrase: str) -> bool:
        """Whole-word, case-insensitive; "adults" also matches "adult" and the reverse. Remembered per phrase."""
        found = self._found.get(phrase)
        if found is None:
            found = self._found[phrase] = self._search(" ".join(phrase.lower().split()))
        return found

    def has_any(self, phrases: tuple[str, ...]) -> bool:
        """Does the record hold one of ``phrases`` (each as ``has_text``)? Remembered per tuple: a
        glossary entry's names are asked for each word of its texts."""
        found = self._found_any.get(phrases)
        if found is None:
            found = self._found_any[phrases] = any(map(self.has_text, phrases))
        return found

    def has_stem(self, word: str) -> bool:
        """Does a word of the record start with ``word``'s stem, the word less a suffix ("-ization",
        "-ed", "-ic", "-s" ...) and at least five letters long? "randomization" and "diabetic" for a
        record's "randomized" and "diabetes"."""
        stem = _SUFFIX.sub("", word.lower())
        found = self._stems_found.get(stem)
        if found is None:
            found = self._stems_found[stem] = len(stem) >= 5 and self._starts_a_word(stem)
        return found

    def _starts_a_word(self, stem: str) -> bool:
        text = self._text_for(stem)
        start = text.find(stem)
        while start != -1:
            if start == 0 or text[start - 1] not in _WORD_CHARS:
                return True
            start = text.find(stem, start + 1)
        return False

    def _text_for(self, phrase: str) -> str:
        """The record's text, lowercased as far as ``phrase`` (lowercase) needs: in full for letters beyond ASCII."""
        if phrase.isascii():
            return self.lower
        if self._full_lower is None:
            self._full_lower = self.lower.lower()
        return self._full_lower

    def _search(self, phrase: str) -> bool:
        text = self._text_for(phrase)
        forms = [phrase, phrase[:-1]] if phrase.endswith("s") and len(phrase) > 3 else [phrase]
        for form in forms:
            start = text.find(form)
            while start != -1:
                end = start + len(form)
                end += 1 if text.startswith("s", end) else 0
                if (start == 0 or text[start - 1] not in _WORD_CHARS) and (end >= len(text) or text[end] not in _WORD_CHARS):
                    return True
                start = text.find(form, start + 1)
        return False

    def _has_numeral(self, numeral: str) -> bool:
        start = self.lower.find(numeral)
        while start != -1:
            end = start + len(numeral)
            before = self.lower[start - 1] if start else " "
            after = self.lower[end: end + 2]
            if not before.isdigit() and not (before in ".," and start > 1 and self.lower[start - 2].isdigit()) \
                    and not after[:1].isdigit() and not (after[:1] in ".," and after[1:2].isdigit()):
                return True
            start = self.lower.find(numeral, start + 1)
        return False

    def has_number(self, written: str) -> bool:
        """A number as the page writes it ("1,200", "15", "1.5") is in the record or derived from it."""
        found = self._numbers_found.get(written)
        if found is None:
            found = self._numbers_found[written] = self._number_search(written)
        return found

    def _number_search(self, written: str) -> bool:
        value = canonical_number(written)
        if value in self.numbers:
            return True
        forms = {written, value}
        if value.isdigit():
            forms.add(f"{int(value):,}")
            if int(value) in _WORD_OF:
                return self._has_numeral(written) or self._has_numeral(value) or self.has_text(_WORD_OF[int(value)])
        return any(self._has_numeral(form) for form in forms)

    def has_date(self, year: int, month: int, day: int | None, written: str) -> bool:
        if any(y == year and m == month and (day is None or d == day) for y, m, d in self.dates):
            return True
        return self.has_text(written) or self.has_text(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))

    @cached_property
    def ratios(self) -> list[float]:
        """Shares the record states (percentages, "2:1" ratios) or implies (equal chance of each arm)."""
        shares = [float(p) / 100 for p in _PERCENT.findall(self.lower)]
        for first, second in _RATIO.findall(self.lower):
            total = int(first) + int(second)
            shares += [int(first) / total, int(second) / total] if total else []
        if (self.trial.design.allocation or "").upper() == "RANDOMIZED" and len(self.trial.arms) >= 2:
            shares.append(1 / len(self.trial.arms))
        return shares

    def has_share(self, share: float, approximate: bool) -> bool:
        tolerance = 0.05 if approximate else 0.02
        return any(abs(share - known) <= tolerance for known in self.ratios)
