"""Split eligibility criteria text into inclusion and exclusion items.

The input is the cleaned ``Eligibility.criteria`` text: one line per item or paragraph,
nesting shown by indent (API v2 Markdown as it comes, legacy XML after
``normalize.unwrap_textblock``). The rules, in order:

* A heading switches the list: "Inclusion Criteria:", "Key Exclusion Criteria",
  "- EXCLUSION CRITERIA:", "Inclusion:", "Inclusion criteria for controls:" ... in any
  case. A heading run into the text ("... age 18-30 Exclusion Criteria: - smokers") is
  split off first: left in place it would file exclusions as inclusions.
* Text before the first heading counts as inclusion: eligibility text lists conditions to
  meet unless it says they exclude. So do NCI's older sections ("DISEASE
  CHARACTERISTICS:", "PATIENT CHARACTERISTICS:", "PRIOR CONCURRENT THERAPY:") and a
  plain "Eligibility Criteria:" heading.
* Each bullet ("-", "*", "•", "1.", "1)", "a.", "ii.", "(b)") or paragraph starts an item;
  a line indented under an item continues it. Placeholder items ("None", "N/A") are dropped.
* Sub-bullets (indented deeper than their bullet item) are joined to it: "Diagnosis of
  CLL: Advanced disease; Rai stage III". Split apart they would read as separate rules
  and lose the "one of the following" that often introduces them.
* A short paragraph ending in ":" that names a group ("For parent participants:",
  "Donors:") prefixes each item after it, until a paragraph at its own level. So does
  the qualifier of a heading ("Inclusion criteria for controls:") when a list has several
  such groups. A preamble ("Participants must NOT:", "... the following criteria
  apply:") is not an item and not a prefix: it restates which list this is. A paragraph
  offering a choice ("... one of the following:") keeps its options, like a bullet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from summarizer.normalize import BULLET

# At most one word before the keyword ("Key", "Patient", "III.6"): more is text with a heading run in.
_HEADING = re.compile(
    r"^(?:[\w.()/-]+\s+)?(?P<kind>inclusion|exclusion)\b(?P<criteria>\s+criteri(?:a|on))?\s*(?P<rest>.*)$", re.I)
_GENERAL_HEADING = re.compile(
    r"^(?:(?:[\w-]+\s+)?eligibility criteria|criteria|disease characteristics|patient characteristics"
    r"|prior concurrent therapy)\s*:?$", re.I)
_RUN_IN_HEADING = re.compile(
    r"(?<=\S)(?<!Key)\s+(?=(?:Key\s+)?(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)\s+(?:Criteria|CRITERIA)\b\s*(?::|$))")
_LEADING_PUNCTUATION = re.compile(r"^[.:;,]\s+")
_MARKUP = "*#_ "
_PLACEHOLDER_ITEMS = frozenset({"none", "n/a", "na", "not applicable", "nil", "-"})
_MAX_LABEL_WORDS = 8
# Words of a preamble ("Participants must NOT:", "if any of the following criteria are met:")
# rather than of a group name ("For parent participants:", "Donors:"); prefixing a preamble
# to each item would turn "Have X" on the exclusion list into a double negative.
_SECTION_WORDS = frozenset(
    "criteria criterion eligible eligibility exclude excluded include included apply applies meet met".split())
_CHOICE = re.compile(r"\b(?:one|any|either|at least \w+)\b(?: of)?", re.I)
_PREAMBLE_WORDS = frozenset("must should will shall may can cannot not no following if who are is be have has".split())


class _Heading(NamedTuple):
    kind: str  # "inclusion" / "exclusion"
    qualifier: str | None = None  # "For controls" in "Inclusion criteria for controls:"
    inline: str | None = None  # text after the heading on the same line


@dataclass
class _Item:
    indent: int
    text: str
    is_bullet: bool
    has_subs: bool = False

    def add_sub(self, sub: str) -> None:
        if self.text.endswith(":"):
            self.text += " " + sub
        else:
            self.text = self.text.rstrip(" ;,.") + ("; " if self.has_subs else ": ") + sub
        self.has_subs = True


@dataclass
class _Splitter:
    grouped_kinds: set[str]
    lists: dict[str, list[str]] = field(default_factory=lambda: {"inclusion": [], "exclusion": []})
    kind: str = "inclusion"
    label: str | None = None
    label_indent: int = 0
    item: _Item | None = None

    def heading(self, heading: _Heading) -> None:
        self.finish_item()
        self.kind = heading.kind
        self.label = heading.qualifier if heading.kind in self.grouped_kinds else None
        self.label_indent = -1  # a heading's group lasts until the next heading

    def line(self, indent: int, body: str) -> None:
        text, is_bullet = _item_text(body)
        if not text or text.lower().rstrip(".") in _PLACEHOLDER_ITEMS:
            return
        if self.item is not None and indent > self.item.indent:
            if not is_bullet:
                self.item.text += " " + text
                return
            if self.item.is_bullet:
                self.item.add_sub(text)
                return
        self.finish_item()
        if not is_bullet and indent <= self.label_indent:
            self.label = None  # a paragraph at the label's level ends its group
        if text.endswith(":"):
            words = {word.strip(",.:;()").lower() for word in text.split()}
            if words & _SECTION_WORDS:  # "... if all of the following criteria are met:"
                self.label, self.label_indent = None, indent
                return
            if not is_bullet and _CHOICE.search(text):
                self.item = _Item(indent, text, is_bullet=True)  # "... one of the following:" keeps its options
                return
            if not is_bullet and (words & _PREAMBLE_WORDS or len(words) <= _MAX_LABEL_WORDS):
                self.label = None if words & _PREAMBLE_WORDS else text.rstrip(" :")
                self.label_indent = indent
                return
        self.item = _Item(indent, f"{self.label}: {text}" if self.label else text, is_bullet)

    def finish_item(self) -> None:
        if self.item is not None:
            self.lists[self.kind].append(self.item.text.rstrip(" ;,"))
        self.item = None


def _item_text(body: str) -> tuple[str, bool]:
    """The text of a line without its list marker(s) ("- - text", "1. . text"), and whether it had one."""
    is_bullet = False
    while match := BULLET.match(body):
        body = body[match.end():]
        is_bullet = True
    return _LEADING_PUNCTUATION.sub("", body).strip(), is_bullet


def _heading(body: str) -> _Heading | None:
    """The list a heading line opens, or None for any other line."""
    text, _ = _item_text(body.strip(_MARKUP))
    text = text.strip(_MARKUP)
    if _GENERAL_HEADING.match(text):
        return _Heading("inclusion")
    match = _HEADING.match(text)
    if not match:
        return None
    kind = match.group("kind").lower()
    if ("exclusion" if kind == "inclusion" else "inclusion") in text.lower():
        return None  # "Other protocol-defined inclusion/exclusion criteria may apply"
    rest = match.group("rest").strip()
    if not rest.strip(" :-–"):
        return _Heading(kind)
    if rest.startswith(":"):
        after = rest.lstrip(" :-–").strip()
        if after.endswith(":") or (after.startswith("(") and after.endswith(")")):
            return _Heading(kind, _capitalised(after.strip(" :()")))
        return _Heading(kind, inline=after)  # "Exclusion Criteria: pregnancy"
    if match.group("criteria") and (rest[0] in "(-–" or rest.lower().startswith("for ") or text.endswith(":")):
        return _Heading(kind, _capitalised(rest.strip(" :-–()")))
    return None  # a sentence that mentions inclusion, not a heading


def _capitalised(text: str) -> str | None:
    return text[0].upper() + text[1:] if text else None


def split_criteria(text: str | None) -> tuple[list[str], list[str]]:
    """(inclusion items, exclusion items) of a criteria text; see the module docstring."""
    if not text:
        return [], []
    lines = []
    for line in text.split("\n"):
        indent, body = len(line) - len(line.lstrip()), line.strip()
        heading = _heading(body) if body else None
        if heading is None and _RUN_IN_HEADING.search(body):
            lines.extend((indent, part, _heading(part)) for part in _RUN_IN_HEADING.split(body))
        elif body:
            lines.append((indent, body, heading))
    grouped_kinds = {kind for kind in ("inclusion", "exclusion")
                     if sum(1 for *_, h in lines if h is not None and h.kind == kind and h.qualifier) > 1}
    splitter = _Splitter(grouped_kinds)
    for indent, body, heading in lines:
        if heading is None:
            splitter.line(indent, body)
            continue
        splitter.heading(heading)
        if heading.inline:
            splitter.line(indent, heading.inline)
    splitter.finish_item()
    return splitter.lists["inclusion"], splitter.lists["exclusion"]
