"""Leftovers of templates and editing: ``placeholder.template``, ``placeholder.value``, ``placeholder.leftover``.

Scanned: the page title, section titles and texts, disclaimer texts and links, as written (not
the plain text, which would hide markup). ``None``/``null``/``nan``/``undefined`` count only as whole
words in those spellings; lowercase "none" is English, and so is a sentence opening "None of".
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readability import TEXTS_REMEMBERED
from .base import CheckRun, quote
from .document import DocSection

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{[^}\n]*\}|\{[A-Za-z_][\w.]*\}|\[\[[A-Z_]+\]\]|%\([a-z_]+\)s")
_VALUE = re.compile(r"(?<![\w-])(?:None|null|NULL|nan|NaN|undefined|\[object Object\])(?![\w-])")
_ENGLISH_NONE = re.compile(r"\s+(?:of|were|was|is|are|had|have|has|will|can|could|at)\b")
_LEFTOVER = re.compile(r"\b(?:TODO|FIXME|TBD|XXX+)\b|\blorem ipsum\b|•{2,}|\[insert [^\]]*\]", re.I)
_CASE_SENSITIVE_LEFTOVERS = ("TODO", "FIXME", "TBD", "XXX")


_VALUE_HINTS = ("None", "null", "NULL", "nan", "NaN", "undefined", "[object")
_LEFTOVER_HINTS = ("todo", "fixme", "tbd", "xxx", "lorem", "••", "[insert")
_VALUE_HINT = re.compile("|".join(map(re.escape, _VALUE_HINTS)))  # one scan instead of a test per hint
_LEFTOVER_HINT = re.compile("|".join(map(re.escape, _LEFTOVER_HINTS)))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def leftovers(text: str) -> tuple[tuple[str, str], ...]:
    """(check id, matched text) of every leftover in ``text``; cheap substring tests skip most texts."""
    found: list[tuple[str, str]] = []
    if "{" in text or "[[" in text or "%(" in text:
        found += [("placeholder.template", m.group()) for m in _TEMPLATE.finditer(text)]
    if _VALUE_HINT.search(text):
        found += [("placeholder.value", m.group()) for m in _VALUE.finditer(text)
                  if not (m.group() == "None" and _ENGLISH_NONE.match(text, m.end()))]
    lowered = text.lower()
    if _LEFTOVER_HINT.search(lowered):
        found += [("placeholder.leftover", m.group()) for m in _LEFTOVER.finditer(text)
                  if not (m.group().upper() in _CASE_SENSITIVE_LEFTOVERS and not m.group().isupper())]
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
