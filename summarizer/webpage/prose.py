"""Facts a page states in sentences, badges and its title rather than under labels.

Only sentences about the study itself count ("This study tests ... on 15 adults", "As a Phase 2
trial"): a news article's "four Phase 3 trials" or "767 participants" of a pooled analysis are
about other studies. Sentences that quote or name someone are never used (see
:data:`vocab.ATTRIBUTED`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.webpage import values, vocab
from summarizer.webpage.layout import ENTRY_KINDS, Page
from summarizer.webpage.text import Line, Piece, joined, piece, sentences

_I = re.IGNORECASE
NCT_ID = re.compile(r"\bNCT\d{8}\b")
SELF_REFERENCE = re.compile(
    r"^this\b|\b(?:this|the present|the current|our)\s+(?:study|trial|research)\b|\bthe (?:study|trial) (?:will|aims|plans|is)\b",
    _I,
)
PEOPLE_COUNT = re.compile(
    r"\b(?P<n>\d{1,6})\s+(?:(?:adult|healthy|adolescent|pediatric|paediatric|eligible|female|male|older|young|new)\s+)*"
    r"(?:adults?|participants?|patients?|people|persons?|subjects?|volunteers?|children|individuals?|women|men|adolescents?)\b",
    _I,
)
PROSE_PHASE = re.compile(
    r"\b(?:this(?:\s+is\s+an?)?|as\s+an?)\s+(?:[\w-]+,?\s+){0,3}?"
    r"(?:early\s+)?phase\s+(?P<phase>(?:[1-4]|iv|i{1,3})[ab]?(?:\s*/\s*(?:[1-4]|iv|i{1,3}))?)\s+(?:clinical\s+)?(?:trial|study)\b",
    _I,
)
DESIGN_TERMS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("design.masking", re.compile(r"\bopen[- ]label\b", _I), "NONE"),
    ("design.masking", re.compile(r"\bsingle[- ]blind(?:ed)?\b", _I), "SINGLE"),
    ("design.masking", re.compile(r"\bdouble[- ]blind(?:ed)?\b", _I), "DOUBLE"),
    ("design.masking", re.compile(r"\btriple[- ]blind(?:ed)?\b", _I), "TRIPLE"),
    ("design.masking", re.compile(r"\bquadruple[- ]blind(?:ed)?\b", _I), "QUADRUPLE"),
    ("design.allocation", re.compile(r"\bnon[- ]?randomi[sz]ed\b", _I), "NON_RANDOMIZED"),
    ("design.allocation", re.compile(r"(?<![-\w])randomi[sz]ed\b", _I), "RANDOMIZED"),
    ("design.intervention_model", re.compile(r"\bsingle[- ](?:arm|group)\b", _I), "SINGLE_GROUP"),
    ("design.intervention_model", re.compile(r"\bparallel[- ](?:arm|group)\b", _I), "PARALLEL"),
    ("design.intervention_model", re.compile(r"\bcross-?over\b", _I), "CROSSOVER"),
)
# International non-proprietary name stems: how a drug name in prose gives itself away.
DRUG_NAME = re.compile(
    r"\b(?P<drug>[A-Za-z][a-z]{3,}(?:mab|nib|lisib|parib|ciclib|lidomide|vastatin|pril|sartan|olol|dipine|conazole|"
    r"prazole|mycin|cillin|cycline|floxacin|previr|buvir|tegravir|afil|dronate|gliptin|glutide|gliflozin|lukast|"
    r"setron|triptan|semide|parin|teplase|kinra|poetin|grastim|olone|asone|profen|fenac|coxib|platin|taxel|"
    r"rubicin|trexate|citabine|sporin|limus|ersen|siran))\b"
    r"(?P<form>(?:\s+(?:topical|oral))?\s+(?:cream|ointment|gel|foam|lotion|tablets?|capsules?|injection|infusion|"
    r"solution|spray|patch|suspension))?",
    _I,
)
DOSAGE_FORM = re.compile(r"\b(?:cream|ointment|gel|foam|lotion|tablets?|capsules?|injection|infusion|spray|patch)\b", _I)
DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|mg|mcg|µg|g|ml|iu|units?)(?:\s*/\s*(?:day|d|kg|m2|m²|week|dose))?(?!\w)", _I)
DURATION = re.compile(
    r"\bfor\s+(?:up\s+to\s+)?\d+\s*(?:days?|weeks?|months?|years?)\b|\b(?:once|twice|three times)\s+(?:a|per)\s+"
    r"(?:day|week)\b|\b(?:daily|weekly)\b",
    _I,
)
TITLE_PREPOSITION = re.compile(r"\s(?:for|in|with|of|against|treating|on)\s", _I)
POPULATION_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:treatment|management)\s+of\s+)?"
    r"(?:(?:pediatric|paediatric|adults?|children|child|patients?|people|participants|subjects)(?:\s+with)?\s+)*",
    _I,
)
STUDY_SUFFIX = re.compile(r"(?:\s+(?:trials?|studies|study|patients?|participants|children|adults))+$", _I)
DISEASE_HEAD = re.compile(
    r"(?:itis|osis|oma|emia|aemia|pathy|plasia|trophy|iasis|disease|syndrome|disorder|cancer|tumou?rs?|infection|"
    r"failure|injury|eczema|vitiligo|psoriasis|acne|asthma|diabetes|obesity|pain|dementia|hypertension|deficiency|"
    r"insufficiency|sclerosis|leuka?emia|lymphoma|myeloma|alopecia|urticaria|lupus)$",
    _I,
)
AGE_LINE_PREFIX = re.compile(r"^(?:ages?|aged)\s*:?\s*", _I)


@dataclass(frozen=True)
class Found:
    """A value with the piece of page text it was read from."""

    value: object
    source: Piece


def trial_sentences(page: Page, kinds: tuple[str, ...] | None = None) -> Iterator[Piece]:
    """Sentences outside skipped and per-entry sections that neither quote nor name anyone."""
    for section in page.sections:
        if section.kind == "skip" or section.kind in ENTRY_KINDS - {"interventions"}:
            continue
        if kinds is not None and section.kind not in kinds:
            continue
        for line in section.lines:
            yield from (s for s in sentences(line) if not vocab.ATTRIBUTED.search(s.text))


def title(page: Page) -> Line | None:
    """The page's heading: its first line that reads like a title (not alt text, a label or a date)."""
    label_lines = {item.line.number for item in page.labels}
    for line in page.content():
        text = line.text
        if (line.number in label_lines or NCT_ID.search(text) or values.date(text) or len(text.split()) < 2
                or len(text.split()) > 40 or line.marker):
            continue
        return line
    return None


def nct_ids(page: Page) -> list[Piece]:
    found: dict[str, Piece] = {}
    for line in page.content():
        for match in NCT_ID.finditer(line.text):
            found.setdefault(match.group(), piece(line, match.start(), match.end()))
    return list(found.values())


def paragraphs(page: Page, kind: str) -> Piece | None:
    """The leading prose of the first section of a kind, without sentences that quote or name anyone."""
    for section in page.of_kind(kind):
        kept: list[Piece] = []
        for line in section.lines:
            if not vocab.is_prose(line.text):
                break
            line_sentences = [s for s in sentences(line) if not vocab.ATTRIBUTED.search(s.text)]
            if paragraph := joined(line_sentences, " "):
                kept.append(paragraph)
        if kept:
            return joined(kept, "\n\n")
    return None


def enrollment(page: Page) -> Found | None:
    for sentence in trial_sentences(page):
        if SELF_REFERENCE.search(sentence.text) and (match := PEOPLE_COUNT.search(sentence.text)):
            return Found(int(match["n"]), sentence)
    return None


def phase(page: Page) -> Found | None:
    for sentence in trial_sentences(page):
        if match := PROSE_PHASE.search(sentence.text):
            return Found(values.phases(match["phase"]), sentence)
    return None


def design_terms(page: Page) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for sentence in trial_sentences(page):
        if not SELF_REFERENCE.search(sentence.text):
            continue
        for name, pattern, value in DESIGN_TERMS:
            if name not in found and pattern.search(sentence.text):
                found[name] = Found(value, sentence)
    return found


def standalone_status(page: Page) -> Found | None:
    """A status badge ("Recruiting") on a line of its own near the top of the page."""
    for section in page.of_kind("top"):
        for line in section.lines:
            if value := values.status(line.text):
                return Found(value, piece(line))
    return None


def standalone_ages(page: Page) -> tuple[Found | None, Found | None, Found | None]:
    """(minimum, maximum, sex) from an age badge ("12 years and older") and a sex badge beside it."""
    for section in page.of_kind("top", "facts", "eligibility"):
        for index, line in enumerate(section.lines):
            if not _is_age_line(line):
                continue
            low, high = values.age_limits(line.text)
            neighbours = section.lines[max(index - 1, 0):index] + section.lines[index + 1:index + 2]
            sex = next((Found(values.sex(n.text), piece(n)) for n in neighbours if values.sex(n.text)), None)
            return (Found(low, piece(line)) if low else None, Found(high, piece(line)) if high else None, sex)
    return None, None, None


def _is_age_line(line: Line) -> bool:
    text = AGE_LINE_PREFIX.sub("", line.text).removesuffix(" old").strip()
    return any(p.fullmatch(text) for p in (values.AGE_RANGE, values.AGE_MIN, values.AGE_MAX))


def title_conditions(line: Line) -> list[Piece]:
    """The condition a title names after "for/in/with/of" ("Ruxolitinib Cream for Dermatomyositis")."""
    text = line.text
    boundaries = list(TITLE_PREPOSITION.finditer(text))
    for index in range(len(boundaries) - 1, -1, -1):
        start = boundaries[index].end()
        end = boundaries[index + 1].start() if index + 1 < len(boundaries) else len(text)
        segment = text[start:end]
        suffix = STUDY_SUFFIX.search(segment)
        segment_end = end - (len(segment) - suffix.start()) if suffix else end
        prefix = POPULATION_PREFIX.match(text[start:segment_end])
        segment_start = start + (prefix.end() if prefix else 0)
        candidate = text[segment_start:segment_end].strip()
        if candidate and len(candidate.split()) <= 6 and DISEASE_HEAD.search(candidate):
            return [piece(line, segment_start, segment_end)]
    return []


def drug_mentions(line: Line) -> list[Piece]:
    """Drug names (with a dosage form when one follows: "Ruxolitinib Cream") on a line."""
    return [piece(line, m.start(), m.end()) for m in DRUG_NAME.finditer(line.text)]


def describing_sentence(page: Page, name: str) -> Piece | None:
    """The first sentence about the study that mentions an intervention with its dose or schedule."""
    keys = {m["drug"].lower() for m in DRUG_NAME.finditer(name)} or {name.lower()}
    keys |= {m.group().lower() for m in DOSAGE_FORM.finditer(name)}
    for sentence in trial_sentences(page):
        lowered = sentence.text.lower()
        if any(re.search(rf"\b{re.escape(key)}\b", lowered) for key in keys) and (
                DOSE.search(sentence.text) or DURATION.search(sentence.text)):
            return sentence
    return None


def sponsor_beside_nct_id(page: Page, nct_line: int) -> Piece | None:
    """An unlabelled organisation right after the NCT ID, as registry cards list the lead sponsor."""
    label_lines = {item.line.number for item in page.labels}
    content = list(page.content(exclude=ENTRY_KINDS))
    for index, line in enumerate(content):
        if line.number != nct_line:
            continue
        for following in content[index + 1:index + 3]:
            if following.number not in label_lines and vocab.is_organisation(following.text):
                return piece(following)
        break
    return None
