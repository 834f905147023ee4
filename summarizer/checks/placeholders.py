"""Leftovers of templates and editing: ``placeholder.template``, ``placeholder.value``, ``placeholder.leftover``.

Scanned: the page title, section titles and texts, disclaimer texts and links, as written (not
the plain text, which would hide markup).

Missing values: ``NaN``, ``NULL`` and ``[object Object]`` are never English and count anywhere.
``null``, ``nan`` and ``undefined`` are words too ("a null result", "it is undefined"), so they
count only where a value would stand (``_in_a_slot``): alone on a line, in a list item or a table
cell, in parentheses ("(null)"), after a colon or ``=``, or before a unit ("None weeks", "nan mg").
``None`` counts there and anywhere inside a sentence ("the dose is None"), but not opening one
("None of", "None reported"): lowercase "none" is English, and so is a sentence opening "None".

Template leftovers also include printf placeholders (``%s``, ``%d``, ``%(name)s``). Editing
leftovers include a bracketed ALL-CAPS slot to fill in: ``[PHONE]``, ``[SITE_NAME]``,
``[INSERT NAME]``: one with an underscore, or with a word of ``_SLOT_WORDS``. Registry text
brackets its acronyms ("[ALT]", "[NCI CTCAE]", "[PEGASYS]") and other things ("[18F]",
"[Baseline]"), so a bracketed capital word alone is not enough.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readability import TEXTS_REMEMBERED
from .base import CheckRun, quote
from .document import DocSection

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[^}\n]*\}|\{[A-Za-z_][\w.]*\}|\[\[[A-Z_]+\]\]")
_PRINTF = re.compile(r"(?<![\w%])%(?:\([A-Za-z_]\w*\))?[sdif](?![A-Za-z0-9])")
_VALUE = re.compile(r"(?<![\w-])(?:None|null|NULL|nan|NaN|undefined|\[object Object\])(?![\w-])")
_ALWAYS_VALUES = frozenset({"NaN", "NULL", "[object Object]"})
_ENGLISH_NONE = re.compile(r"\s+(?:of|were|was|is|are|had|have|has|will|can|could|at)\b")
_LINE_START = re.compile(r"(?:^|[\n|])[ \t]*(?:[-*+>#]+[ \t]*|\d+[.)][ \t]*)?$")
_SENTENCE_START = re.compile(r"(?:^|[\n|])[ \t]*(?:[-*+>#]+[ \t]*|\d+[.)][ \t]*)?$|[.!?][\"'”’)]*[ \t]+$")
_AFTER_LABEL = re.compile(r"[:=][ \t]*$")
_OPENED = re.compile(r"\([ \t]*$")
_CLOSED = re.compile(r"[ \t]*\)")
_LINE_END = re.compile(r"[ \t]*[.,;)]?[ \t]*(?:$|[\n|])")
_UNIT = re.compile(r"[ \t]*(?:%|[ \t](?:weeks?|days?|months?|years?|hours?|minutes?|mg|g|kg|ml|mL|people|participants|"
                   r"patients|times|visits|doses|sites)\b)")
_LEFTOVER = re.compile(r"\b(?:TODO|FIXME|TBD|XXX+)\b|\blorem ipsum\b|•{2,}|\[insert [^\]]*\]", re.I)
_CASE_SENSITIVE_LEFTOVERS = ("TODO", "FIXME", "TBD", "XXX")
_BRACKETED_CAPS = re.compile(r"\[[A-Z][A-Z_ ]*[A-Z]\]")
_SLOT_WORDS = frozenset({"NAME", "PHONE", "TELEPHONE", "EMAIL", "DATE", "ADDRESS", "CITY", "SITE", "SPONSOR", "CONTACT",
                         "NUMBER", "URL", "LINK", "TITLE", "TEXT", "PLACEHOLDER", "INSERT", "VALUE", "LOCATION",
                         "HOSPITAL", "DOCTOR", "ZIP", "HERE"})


_VALUE_HINTS = ("None", "null", "NULL", "nan", "NaN", "undefined", "[object")
_LEFTOVER_HINTS = ("todo", "fixme", "tbd", "xxx", "lorem", "••", "[insert")
_VALUE_HINT = re.compile("|".join(map(re.escape, _VALUE_HINTS)))  # one scan instead of a test per hint
_LEFTOVER_HINT = re.compile("|".join(map(re.escape, _LEFTOVER_HINTS)))


def _in_a_slot(text: str, match: re.Match[str]) -> bool:
    """Whether a missing-value spelling stands where a value would (rules in the module docstring)."""
    found, start, end = match.group(), match.start(), match.end()
    if found in _ALWAYS_VALUES:
        return True
    if _AFTER_LABEL.search(text, 0, start) or _UNIT.match(text, end):
        return True
    if (_LINE_START.search(text, 0, start) and _LINE_END.match(text, end)) or (
            _OPENED.search(text, 0, start) and _CLOSED.match(text, end)):
        return True
    return found == "None" and not _SENTENCE_START.search(text, 0, start) and not _ENGLISH_NONE.match(text, end)


def _is_slot(bracketed: str) -> bool:
    inside = bracketed[1:-1]
    return "_" in inside or not _SLOT_WORDS.isdisjoint(inside.split())


@lru_cache(maxsize=TEXTS_REMEMBERED)
def leftovers(text: str) -> tuple[tuple[str, str], ...]:
    """(check id, matched text) of every leftover in ``text``; cheap substring tests skip most texts."""
    found: list[tuple[str, str]] = []
    if "{" in text or "[[" in text:
        found += [("placeholder.template", m.group()) for m in _TEMPLATE.finditer(text)]
    if "%" in text:
        found += [("placeholder.template", m.group()) for m in _PRINTF.finditer(text)]
    if _VALUE_HINT.search(text):
        found += [("placeholder.value", m.group()) for m in _VALUE.finditer(text) if _in_a_slot(text, m)]
    lowered = text.lower()
    if _LEFTOVER_HINT.search(lowered):
        found += [("placeholder.leftover", m.group()) for m in _LEFTOVER.finditer(text)
                  if not (m.group().upper() in _CASE_SENSITIVE_LEFTOVERS and not m.group().isupper())]
    if "[" in text:
        found += [("placeholder.leftover", m.group()) for m in _BRACKETED_CAPS.finditer(text)
                  if _is_slot(m.group()) and not m.group().lower().startswith("[insert ")]
    return tuple(found)


_ADVICE = {
    "placeholder.template": "Template syntax {found} is left in {where}: fill in the value or remove it.",
    "placeholder.value": "{found} in {where} looks like a missing value printed as text: write what the record says, "
                         "or that it does not say.",
    "placeholder.leftover": "Editing leftover {found} in {where}: finish or remove it.",
}


def _scan(page: CheckRun, text: str, section: DocSection | None, line: int | None, where: str) -> None:
    for check, found in leftovers(text):
        page.report(check, _ADVICE[check].format(found=quote(found), where=where), section=section, line=line,
                    near=found, value=found)


def run(page: CheckRun) -> None:
    doc = page.doc
    if doc.title:
        _scan(page, doc.title, None, None, "the page title")
    for section in doc.sections:
        _scan(page, section.title, section, section.line, f"the title of section '{section.id}'")
        _scan(page, section.text, section, None, f"section '{section.id}'")
    for disclaimer in doc.disclaimers:
        _scan(page, f"{disclaimer.text} {disclaimer.link or ''}", None, disclaimer.line, f"disclaimer '{disclaimer.id}'")
