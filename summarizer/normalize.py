"""Value normalisation shared by the per-format extractors (``extract_v2``, ``extract_xml``).

Text comes out with whitespace collapsed and placeholders dropped (empty strings become
None, never "None"); enumerations in the API v2 spelling; dates in ISO form; ages in years.
``TrialFields`` gathers the fields of one Trial together with their provenance.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from summarizer.errors import RecordError
from summarizer.models import RawRecord

# A list item marker at the start of a stripped line: "-", "*", "•", "1.", "1)", "a.", "iv)", "(b)".
BULLET = re.compile(r"^(?:[-*+–o](?=\s)|[•·▪◦]|\d{1,3}[.)](?=\s)|[a-zA-Z][.)](?=\s)"
                    r"|(?i:[ivx]{2,4})[.)](?=\s)|\(\w{1,4}\)(?=\s))\s*")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDERS = frozenset({"none", "null", "nan"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.I)
_DAYS_PER_UNIT = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0,
                  "hour": 1 / 24, "minute": 1 / 1440}
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"), start=1)}
_TEXT_DATE = re.compile(r"^([A-Za-z]+)\s+(?:(\d{1,2}),\s*)?(\d{4})$")
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_NCT_ID = re.compile(r"^NCT\d{8}$")
DATE_TYPES = frozenset({"ACTUAL", "ESTIMATED"})


def checked_nct_id(raw: RawRecord, value: Any, path: str) -> str:
    """The record's NCT ID, or ``RecordError``: it names output files, so it must be exactly NCT + 8 digits."""
    nct_id = single_line(value) if isinstance(value, str) else None
    if nct_id is None:
        raise RecordError(raw.source, raw.key, f"record has no NCT ID ({path})")
    if not _NCT_ID.match(nct_id):
        raise RecordError(raw.source, raw.key, f"record has an invalid NCT ID {nct_id[:40]!r} ({path})")
    return nct_id


# --------------------------------------------------------------------------- text


def _not_placeholder(text: str) -> str | None:
    """None for "" and for the strings a null turns into ("None", "null", "nan")."""
    return None if not text or text.lower() in _PLACEHOLDERS else text


def unescape_markdown(text: str) -> str:
    r"""API v2 text is Markdown: ``\<18 years`` means ``<18 years``."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


def single_line(text: str | None) -> str | None:
    """One line of text, whitespace runs collapsed; None for empty or placeholder values."""
    if not text:
        return None
    return _not_placeholder(" ".join(text.split()))


def paragraphs(text: str | None) -> str | None:
    """Prose: paragraphs separated by "\\n\\n", the lines of a paragraph joined with spaces.

    List items stay on lines of their own, so "- a\\n- b" does not become "- a - b".
    """
    if not text:
        return None
    blocks = []
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines: list[str] = []
        for line in block.split("\n"):
            line = " ".join(line.split())
            if not line:
                continue
            if lines and not BULLET.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        if lines:
            blocks.append("\n".join(lines))
    return _not_placeholder("\n\n".join(blocks))


def unwrap_textblock(text: str | None) -> str:
    """Undo the legacy XML layout: CR line ends, a deep common indent, hard wraps at ~100 columns.

    Returns one line per paragraph or list item, each keeping its indent relative to the
    block (nesting of list items is shown by indent), paragraphs separated by a blank line.
    """
    if not text:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    common = min(indents, default=0)
    out: list[str] = []
    previous_blank = True
    for line in lines:
        body = line.strip()
        if not body:
            previous_blank = True
            continue
        if previous_blank and out:
            out.append("")
        if not previous_blank and out and not BULLET.match(body):
            out[-1] += " " + body
        else:
            out.append(line[common:].rstrip())
        previous_blank = False
    return "\n".join(out)


def tidy_lines(text: str | None) -> str | None:
    """Keep the line structure (and leading indent) but collapse space runs inside lines,
    drop trailing spaces and repeated blank lines."""
    if not text:
        return None
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = _SPACES.sub(" ", line.strip())
        if body:
            out.append(" " * (len(line) - len(line.lstrip(" \t"))) + body)
        elif out and out[-1]:
            out.append("")
    return _not_placeholder("\n".join(out).strip("\n"))


# --------------------------------------------------------------------------- enumerations


def enum_value(text: str | None, special: Mapping[str, str] | None = None) -> str | None:
    """Registry display text in the API v2 spelling: "Active, not recruiting" -> ACTIVE_NOT_RECRUITING.

    ``special`` holds the spellings the rule gets wrong ("N/A" -> NA, "U.S. Fed" -> FED).
    """
    text = " ".join(text.split()) if text else ""  # not single_line: "None" is a value here (masking)
    if not text:
        return None
    if special and text in special:
        return special[text]
    return _NON_WORD.sub("_", text.upper()).strip("_") or None


# --------------------------------------------------------------------------- dates and ages


def iso_date(text: str | None) -> str | None:
    """"2008-09" and "2008-09-15" as given; "September 2008" -> "2008-09"; "September 15, 2008" -> "2008-09-15"."""
    text = single_line(text)
    if text is None:
        return None
    if _ISO_DATE.match(text):
        return text
    match = _TEXT_DATE.match(text)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    month = _MONTHS[match.group(1).lower()]
    day = match.group(2)
    return f"{match.group(3)}-{month:02d}" + (f"-{int(day):02d}" if day else "")


def age_in_years(text: str | None) -> float | None:
    """"18 Years" -> 18.0, "6 Months" -> 0.5, "2 Weeks" -> 0.04; "N/A" and the unreadable -> None."""
    match = _AGE.match(text or "")
    if not match:
        return None
    days = float(match.group(1)) * _DAYS_PER_UNIT[match.group(2).lower()]
    return round(days / 365.25, 2)


def age_groups(min_years: float | None, max_years: float | None) -> list[str]:
    """The registry's age bands a range overlaps: CHILD 0-17, ADULT 18-64, OLDER_ADULT 65+.

    The same rule ClinicalTrials.gov uses for ``stdAges``, applied to legacy XML records,
    which do not carry the bands. An open end counts as no limit.
    """
    low = 0.0 if min_years is None else min_years
    high = float("inf") if max_years is None else max_years
    bands = (("CHILD", 0.0, 18.0), ("ADULT", 18.0, 65.0), ("OLDER_ADULT", 65.0, float("inf")))
    return [name for name, start, end in bands if low < end and high >= start]


# --------------------------------------------------------------------------- collecting fields


class TrialFields:
    """The keyword arguments of one ``Trial`` plus ``provenance``, built field by field.

    ``set("design.masking", "DOUBLE", "protocolSection...masking")`` stores the value in the
    nested ``design`` dict and records where it came from; empty values (None, "", []) are
    skipped, so only fields the record actually has get a provenance entry.
    """

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.provenance: dict[str, str] = {}

    def set(self, field: str, value: Any, source: str) -> None:
        if value is None or value == "" or value == []:
            return
        target = self.values
        *parents, name = field.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[name] = value
        self.provenance[field] = source
