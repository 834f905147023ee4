"""The study's own list sections: conditions, interventions, arms, criteria, outcomes, other ids.

Each parser reads only the lines of its sections (see :mod:`.layout`) and returns pieces with
spans; :mod:`summarizer.extract_webpage` turns them into model objects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.webpage import values, vocab
from summarizer.webpage.layout import Page, Section
from summarizer.webpage.text import Line, Piece, joined, piece

_I = re.IGNORECASE
TYPED_NAME = re.compile(
    r"(?P<type>drug|device|biological|biologic|procedure|behavioral|behavioural|radiation|dietary supplement|"
    r"genetic|combination product|diagnostic test|other)\s*:\s*(?P<name>.+)", _I)
TYPE_LINE = re.compile(r"(?:intervention )?type\s*:?\s*(?P<type>[A-Za-z_ -]+)", _I)
GROUP_TYPE_LINE = re.compile(r"(?:group|arm) type\s*:?\s*(?P<type>[A-Za-z_ -]+)", _I)
OTHER_NAMES_LINE = re.compile(r"other names?\s*:?\s*(?P<names>.+)", _I)
TIME_FRAME_LINE = re.compile(r"time ?frames?\s*:?\s*(?P<value>.+)", _I)
DESCRIPTION_LINE = re.compile(r"description\s*:\s*(?P<value>.+)", _I)
INLINE_TIME_FRAME = re.compile(r"\s*\[\s*time ?frame\s*:\s*(?P<value>[^\]]+)\]", _I)
TIME_POINT = re.compile(
    r"\b(?:at|by|through|over|after|up to|until|within)\s+(?P<value>(?:weeks?|months?|days?|years?)\s*\d+"
    r"(?:\s*(?:,|and|or|&)\s*(?:(?:weeks?|months?|days?|years?)\s*)?\d+)*|\d+\s*(?:weeks?|months?|days?|years?))",
    _I,
)
PRIMARY_INLINE = re.compile(r"\bprimary (?:outcome|end ?point)(?: measures?)?\s*(?:is|was|will be|:)\s*", _I)
SECONDARY_INLINE = re.compile(r"\bsecondary (?:outcome|end ?point)s?(?: measures?)?\s*(?:are|include|will be|:)\s*", _I)
ENUMERATION = re.compile(r"(?:^|(?<=[\s;]))\(\d{1,2}\)\s*")
AGE_WORD = re.compile(r"\bage[ds]?(?![a-z])", _I)
GLUED_CRITERIA_LABEL = re.compile(r"(?<=[.!?])\s*(?:inclusion|exclusion) criteria:?$", _I)
ID_VALUE = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9_./-]{2,39}")
TRAILING_PUNCTUATION = ".;, "


@dataclass
class InterventionEntry:
    name: Piece
    type: str | None = None
    description: list[Piece] = field(default_factory=list)
    other_names: list[str] = field(default_factory=list)


@dataclass
class ArmEntry:
    label: Piece
    type: str | None = None
    description: list[Piece] = field(default_factory=list)
    intervention_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OutcomeEntry:
    measure: Piece
    time_frame: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Criteria:
    inclusion: list[Piece]
    exclusion: list[Piece]
    text: Piece | None
    age_lines: list[Line]  # inclusion lines that state an age


def list_items(lines: list[Line]) -> list[Piece]:
    """Items of a list: marked lines at the first item's indent start items; deeper lines continue them."""
    if not lines:
        return []
    first = lines[0]
    groups: list[list[Piece]] = []
    for line in lines:
        starts = not first.marker or (bool(line.marker) and line.indent <= first.indent) or not groups
        if starts:
            groups.append([piece(line)])
        else:
            groups[-1].append(piece(line))
    return [item for group in groups if (item := joined(group, " "))]


def conditions(page: Page) -> list[Piece]:
    found: list[Piece] = []
    for section in page.of_kind("conditions"):
        for item in list_items(section.lines):
            text = item.text.strip(TRAILING_PUNCTUATION)
            if text and len(text.split()) <= 10 and not vocab.is_prose(text):
                found.append(Piece(text, item.span))
    return found


def interventions(page: Page) -> list[InterventionEntry]:
    entries: list[InterventionEntry] = []
    for section in page.of_kind("interventions"):
        lines = section.lines
        typed = [index for index, line in enumerate(lines) if _type_line(line.text)]
        type_follows_name = bool(typed) and typed[0] == 1  # "Name / Intervention Type DRUG / description"
        for index, line in enumerate(lines):
            text = line.text
            if match := TYPED_NAME.fullmatch(text):
                entries.append(InterventionEntry(piece(line, match.start("name")),
                                                 values.intervention_type(match["type"])))
            elif kind := _type_line(text):
                if entries and entries[-1].type is None:
                    entries[-1].type = kind
            elif entries and (match := OTHER_NAMES_LINE.fullmatch(text)):
                entries[-1].other_names.extend(n.strip() for n in match["names"].split(",") if n.strip())
            elif _names_intervention(text, entries, bool(typed), type_follows_name,
                                     _type_line(lines[index + 1].text) if index + 1 < len(lines) else None):
                entries.append(InterventionEntry(piece(line)))
            elif entries:
                entries[-1].description.append(piece(line))
    return entries


def _type_line(text: str) -> str | None:
    match = TYPE_LINE.fullmatch(text)
    return values.intervention_type(match["type"]) if match else None


def _names_intervention(text: str, entries: list[InterventionEntry], has_type_lines: bool,
                        type_follows_name: bool, next_type: str | None) -> bool:
    """Whether a line starts an intervention: where "Intervention Type" lines close entries, only
    the line before one (names first) or the line after one (descriptions first) can be a name."""
    if vocab.is_prose(text) or len(text.split()) > 12:
        return False
    if not entries or not has_type_lines:
        return True
    return next_type is not None if type_follows_name else entries[-1].type is not None


def arms(page: Page, intervention_names: set[str]) -> list[ArmEntry]:
    entries: list[ArmEntry] = []
    for section in page.of_kind("arms"):
        lines = section.lines
        for index, line in enumerate(lines):
            text = line.text
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if match := GROUP_TYPE_LINE.fullmatch(text):
                if entries and values.arm_type(match["type"]):
                    entries[-1].type = values.arm_type(match["type"])
            elif match := TYPED_NAME.fullmatch(text):
                if entries:
                    entries[-1].intervention_names.append(match["name"].strip())
            elif TYPE_LINE.fullmatch(text):
                continue
            elif vocab.is_prose(text) or len(text.split()) > 12:
                if entries and not entries[-1].intervention_names:
                    entries[-1].description.append(piece(line))
            elif entries and (TYPE_LINE.fullmatch(following) or text.lower() in intervention_names):
                entries[-1].intervention_names.append(text)
            else:
                entries.append(ArmEntry(piece(line)))
    return entries


def criteria(page: Page) -> Criteria:
    inclusion_sections = list(page.of_kind("inclusion"))
    exclusion_sections = list(page.of_kind("exclusion"))
    inclusion = [item for s in inclusion_sections for item in list_items(s.lines)]
    exclusion = [item for s in exclusion_sections for item in list_items(s.lines)]
    listed = [s for s in page.sections if s in inclusion_sections or s in exclusion_sections]
    text = _criteria_text(listed) if inclusion or exclusion else _criteria_prose(page)
    age_lines = [line for s in inclusion_sections for line in s.lines if AGE_WORD.search(line.text)]
    return Criteria(inclusion, exclusion, text, age_lines)


def _criteria_text(sections: list[Section]) -> Piece | None:
    """The criteria as the page words them, headings and markers included."""
    parts: list[Piece] = []
    for section in sections:
        if section.heading is not None:
            parts.append(piece(section.heading))
        base = min((line.indent for line in section.lines), default=0)
        for line in section.lines:
            nested = "  " if line.indent > base else ""
            marker = f"{line.marker} " if line.marker else ""
            parts.append(Piece(f"{nested}{marker}{line.text}", line.span()))
    return joined(parts)


def _criteria_prose(page: Page) -> Piece | None:
    """Eligibility told as a paragraph (no criteria lists): its leading prose, minus a glued label."""
    paragraphs: list[Piece] = []
    for section in page.of_kind("eligibility"):
        for line in section.lines:
            glued = GLUED_CRITERIA_LABEL.search(line.text)
            if not glued and not vocab.is_prose(line.text):
                break
            paragraphs.append(piece(line, 0, glued.start() if glued else None))
    return joined(paragraphs, "\n\n")


def outcomes(page: Page, kind: str) -> list[OutcomeEntry]:
    """Outcome measures of a "primary_outcomes"/"secondary_outcomes" section, or told inline in prose."""
    entries: list[OutcomeEntry] = []
    for section in page.of_kind(kind):
        entries.extend(_outcome_section(section))
    if not entries:
        entries.extend(_inline_outcomes(page, kind))
    return entries


def _outcome_section(section: Section) -> list[OutcomeEntry]:
    entries: list[OutcomeEntry] = []
    for item in list_items(section.lines):
        if (match := TIME_FRAME_LINE.fullmatch(item.text)) and entries:
            entries[-1] = OutcomeEntry(entries[-1].measure, match["value"].strip(), entries[-1].description)
        elif (match := DESCRIPTION_LINE.fullmatch(item.text)) and entries:
            entries[-1] = OutcomeEntry(entries[-1].measure, entries[-1].time_frame, match["value"].strip())
        elif entries and entries[-1].description is None and len(item.text.split()) > 15:
            entries[-1] = OutcomeEntry(entries[-1].measure, entries[-1].time_frame, item.text)
        else:
            entries.append(_outcome(item))
    return entries


def _outcome(item: Piece) -> OutcomeEntry:
    measure = item.text
    time_frame = None
    if match := INLINE_TIME_FRAME.search(measure):
        time_frame = match["value"].strip()
        measure = measure[:match.start()] + measure[match.end():]
    elif match := TIME_POINT.search(measure):
        time_frame = match["value"].strip()
    return OutcomeEntry(Piece(measure.strip(TRAILING_PUNCTUATION), item.span), time_frame)


def _inline_outcomes(page: Page, kind: str) -> list[OutcomeEntry]:
    """"Primary outcome measure: ... Secondary outcome measures: (1) ...; (2) ..." inside a paragraph."""
    lines = [line for section in page.of_kind("summary", "description", "other", "top") for line in section.lines]
    for index, line in enumerate(lines):
        primary = PRIMARY_INLINE.search(line.text)
        secondary = SECONDARY_INLINE.search(line.text)
        if kind == "primary_outcomes" and primary:
            end = secondary.start() if secondary and secondary.start() > primary.end() else len(line.text)
            return _enumerated(line, primary.end(), end)
        if kind == "secondary_outcomes" and secondary:
            if secondary.end() < len(line.text):
                return _enumerated(line, secondary.end(), len(line.text))
            return _enumerated(lines[index + 1], 0, len(lines[index + 1].text)) if index + 1 < len(lines) else []
    return []


def _enumerated(line: Line, start: int, end: int) -> list[OutcomeEntry]:
    """The items of "(1) ...; (2) ..." between two offsets of a line, each with its own span."""
    marks = list(ENUMERATION.finditer(line.text, start, end))
    bounds = [(start, marks[0].start() if marks else end)]
    bounds += [(mark.end(), marks[i + 1].start() if i + 1 < len(marks) else end) for i, mark in enumerate(marks)]
    items = [piece(line, begin, stop) for begin, stop in bounds]
    return [_outcome(item) for item in items if item.text.strip(TRAILING_PUNCTUATION)]


def other_ids(page: Page) -> list[Piece]:
    return [piece(line) for section in page.of_kind("other_ids") for line in section.lines
            if ID_VALUE.fullmatch(line.text) and not line.marker]
