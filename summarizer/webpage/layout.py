"""The page's structure: sections under known headings, and labelled values.

Headings come from :data:`vocab.HEADINGS`. A section that is a list (conditions, criteria,
locations ...) also ends where the list visibly ends: a question-like heading, a labelled value,
or an unmarked line after marked items. "Skip" sections (FAQs, disclaimers, sign-up forms,
related trials) run to the next known heading and nothing in them is read. Lines that are page
furniture (:func:`vocab.is_furniture`) never enter a section at all.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from summarizer.webpage import values, vocab
from summarizer.webpage.text import Line, Piece, piece, split_lines

LIST_KINDS = frozenset({
    "conditions", "interventions", "arms", "inclusion", "exclusion", "primary_outcomes", "secondary_outcomes",
    "outcomes", "sponsor", "officials", "contacts", "locations", "countries", "other_ids",
})
# Sections whose lines hold per-entry labels ("Site Status", "Role: CONTACT"), not the trial's.
ENTRY_KINDS = frozenset({"interventions", "arms", "sponsor", "officials", "contacts", "locations", "countries",
                         "other_ids"})
SEGMENT_SEPARATOR = re.compile(r"\s+[·|]\s+")


VALUE_PARSERS: dict[str, Callable[[str], Any]] = {
    "official_title": lambda text: text if len(text.split()) >= 3 else None,
    "acronym": lambda text: text if len(text) <= 20 and " " not in text.strip() else None,
    "overall_status": values.status,
    "phases": values.phases,
    "study_type": values.study_type,
    "enrollment": values.enrollment,
    "start_date": values.date,
    "primary_completion_date": values.date,
    "completion_date": values.date,
    "first_posted": values.date,
    "last_update": values.date,
    "design.allocation": values.allocation,
    "design.intervention_model": values.intervention_model,
    "design.primary_purpose": values.primary_purpose,
    "design.masking": values.masking,
    "eligibility.min_age": values.age,
    "eligibility.max_age": values.age,
    "eligibility.ages": lambda text: limits if any(limits := values.age_limits(text)) else None,
    "eligibility.sex": values.sex,
    "eligibility.healthy_volunteers": values.yes_no,
}


@dataclass(frozen=True)
class Labelled:
    """A value read off a label: the label's words, the value's text and span, and its parse."""

    field: str
    label: str
    value: Piece
    parsed: Any
    line: Line  # the label's line


@dataclass
class Section:
    kind: str
    heading: Line | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class Page:
    """A page split into sections, with every labelled value found on it."""

    sections: list[Section]
    labels: list[Labelled]
    kind_of_line: dict[int, str]  # line number -> kind of the section holding it

    def of_kind(self, *kinds: str) -> Iterator[Section]:
        return (section for section in self.sections if section.kind in kinds)

    def content(self, exclude: frozenset[str] = frozenset()) -> Iterator[Line]:
        """Headings and lines of every section that is not skipped or excluded, in page order."""
        for section in self.sections:
            if section.kind == "skip" or section.kind in exclude:
                continue
            if section.heading is not None:
                yield section.heading
            yield from section.lines

    def labelled(self, name: str) -> Labelled | None:
        """The first labelled value of a field outside skipped and per-entry sections."""
        return next((item for item in self.labels if item.field == name
                     and self.kind_of_line.get(item.line.number) not in ENTRY_KINDS | {"skip"}), None)


def build_page(text: str) -> Page:
    lines = split_lines(text)
    stream = [line for line in lines if not line.is_blank and not vocab.is_furniture(line.text)]
    labels = list(_find_labels(stream))
    label_lines = {item.line.number for item in labels}
    sections = _segment(stream, label_lines)
    kinds = {line.number: s.kind for s in sections for line in ([s.heading] if s.heading else []) + s.lines}
    return Page(sections, labels, kinds)


def _segment(stream: list[Line], label_lines: set[int]) -> list[Section]:
    sections = [Section("top", None)]
    for line in stream:
        current = sections[-1]
        kind = None if line.marker or line.number in label_lines else vocab.heading_kind(line.text)
        if kind and _is_role_of_person(current, line):
            kind = None  # "Anthony Fernandez, MD" / "Principal Investigator": a role, not a new section
        if kind:
            sections.append(Section(kind, line))
        elif current.kind == "skip":
            current.lines.append(line)
        elif current.kind in LIST_KINDS and _ends_list(current, line, label_lines):
            sections.append(Section("other", line))
        else:
            current.lines.append(line)
    return sections


def _is_role_of_person(section: Section, line: Line) -> bool:
    return (section.kind in ("officials", "contacts") and bool(section.lines)
            and vocab.person_name(section.lines[-1].text) is not None and values.role(line.text) is not None)


def _ends_list(section: Section, line: Line, label_lines: set[int]) -> bool:
    if line.number in label_lines:
        return True
    if not line.marker and vocab.QUESTION_HEADING.match(line.text) and not vocab.is_prose(line.text):
        return True
    first = section.lines[0] if section.lines else None
    return bool(first and first.marker and not line.marker and line.indent <= first.indent)


def _segments(line: Line) -> Iterator[tuple[int, int]]:
    """(start, end) of each part of a line split at " · " or " | " (several labels on one line)."""
    start = 0
    for separator in SEGMENT_SEPARATOR.finditer(line.text):
        yield start, separator.start()
        start = separator.end()
    yield start, len(line.text)


def _find_labels(stream: list[Line]) -> Iterator[Labelled]:
    for index, line in enumerate(stream):
        if line.marker:
            continue
        for start, end in _segments(line):
            found = _read_label(line, start, end, stream[index + 1] if index + 1 < len(stream) else None)
            if found:
                yield found


def _read_label(line: Line, start: int, end: int, following: Line | None) -> Labelled | None:
    segment = line.text[start:end]
    for name, pattern in vocab.LABEL_PATTERNS:
        match = pattern.fullmatch(segment)
        if not match:
            continue
        if match["value"].strip():
            value = piece(line, start + match.start("value"), start + match.end("value"))
        elif following is not None and not following.marker and vocab.heading_kind(following.text) is None:
            value = piece(following)
        else:
            continue
        parsed = VALUE_PARSERS[name](value.text)
        if parsed is not None:
            return Labelled(name, match["label"], value, parsed, line)
    return None
