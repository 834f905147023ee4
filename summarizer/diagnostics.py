"""The editor's diagnostics layer of ``summarizer preview``: what the checks found, shown where it is.

Published pages never carry it: ``Renderer(preview=True)`` adds these template globals, and
``templates/_diagnostics.html.j2`` lays them out. Nothing here judges a page anew: the verdicts
are the check engine's findings (the same as ``build`` and ``check``); this module only places
them on the text (jargon and long sentences marked, each with its explanation: the plainer word,
the sentence's length), sets the scores beside their targets, and pairs each section with the
record fields it was drafted from.

Each mark is reachable from the keyboard (``tabindex="0"``) and carries its explanation in a
``role="tooltip"`` span inside it, shown on hover and on focus and named by ``aria-describedby``,
so a screen reader announces it when the mark is focused; no ``title`` (mouse only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from .checks.config import CheckConfig
from .checks.jargon import first_use, jargon_terms
from .glossary import load_plain_words
from .models import Finding, Page, Readability, Section, Trial
from .readability import split_block, words
from .render import _link, blocks

# Families listed at the top of a page: what makes a page wrong or unsafe, not merely hard to read.
PAGE_FAMILIES = ("faithfulness", "disclaimer", "claims", "placeholder", "section", "suppression")
_QUOTED_WORD = re.compile(r'^"([^"]+)"')
_MAX_VALUE_CHARS = 400
_MAX_LIST_ITEMS = 8


# check id, label, Readability field, CheckConfig target, whether the score must stay at or below it
_SCORES = (
    ("readability.grade", "Grade", "fk_grade", "max_grade", True),
    ("readability.smog", "SMOG", "smog", "max_smog", True),
    ("readability.ease", "Reading ease", "flesch_reading_ease", "min_reading_ease", False),
    ("readability.dale_chall", "Dale-Chall", "dale_chall", "max_dale_chall", True),
)


@dataclass(frozen=True)
class Score:
    """One readability score beside its target. ``misses`` is the check engine's verdict (its finding),
    whose value is shown when there is one: the engine counts explained names as familiar words."""

    label: str
    value: float
    target: float
    at_most: bool
    misses: bool


@dataclass(frozen=True)
class SourceField:
    """A record field a section was drafted from: its name, where the record holds it, its value."""

    field: str
    where: str
    value: str


@dataclass(frozen=True)
class SectionDiagnosis:
    held_to_target: bool  # prose sections are; lists of places, sponsors and facts are not
    too_short: bool  # judged only as part of the page: the formulas swing wildly on a sentence or two
    fails_target: bool  # the check engine filed readability.grade on it
    scores: list[Score]
    findings: list[Finding]
    text: Markup  # the section's HTML with jargon and long sentences marked
    sources: list[SourceField]
    overridden: bool


@dataclass(frozen=True)
class PageDiagnosis:
    sections: dict[str, SectionDiagnosis]
    page_findings: list[Finding]  # faithfulness, disclaimers and other whole-page problems
    scores: list[Score]
    fails_target: bool


def _page_wide(finding: Finding) -> bool:
    return finding.check.split(".")[0] in PAGE_FAMILIES


def scores(readability: Readability | None, findings: list[Finding], config: CheckConfig) -> list[Score]:
    if readability is None:
        return []
    filed = {f.check: f for f in findings}
    found = []
    for check, label, field, target, at_most in _SCORES:
        finding = filed.get(check)
        value = finding.value if finding and isinstance(finding.value, (int, float)) else getattr(readability, field)
        found.append(Score(label, float(value), getattr(config, target), at_most, finding is not None))
    return found


def jargon_word(finding: Finding) -> str | None:
    """The word a jargon finding is about (the abbreviation's value, or the term its message quotes)."""
    if finding.check == "jargon.abbreviation" and isinstance(finding.value, str):
        return finding.value
    match = _QUOTED_WORD.match(finding.message) if finding.check == "jargon.term" else None
    return match.group(1) if match else None


def describe(value: Any) -> str:
    """A record value as one short line of text for the source panel."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        shown = "; ".join(describe(item) for item in value[:_MAX_LIST_ITEMS])
        more = len(value) - _MAX_LIST_ITEMS
        text = f"{shown}; … and {more} more" if more > 0 else shown
    elif isinstance(value, BaseModel):
        text = ", ".join(describe(v) for v in value.model_dump(exclude_none=True, exclude_defaults=True).values())
    elif isinstance(value, dict):
        text = ", ".join(describe(v) for v in value.values() if v not in (None, [], {}))
    else:
        text = str(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1].rstrip() + "…"


def field_value(trial: Trial, dotted: str) -> Any:
    """``trial``'s value at a dotted field name (``eligibility.min_age_years``), None where absent."""
    value: Any = trial
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def source_fields(trial: Trial, section: Section) -> list[SourceField]:
    return [SourceField(name, trial.provenance.get(name, "—"), describe(field_value(trial, name)))
            for name in section.used_fields]


class Marker:
    """Marks one section's text: every long sentence and the first use of each flagged jargon word;
    with ``swaps`` (a section above the target grade), also the first use of each hard word that
    ``prompts/plain_words.yaml`` has a plainer word for. ``prefix`` makes the explanations' ids
    unique on the page (the section id)."""

    def __init__(self, findings: list[Finding], config: CheckConfig, plain_words: dict[str, str],
                 swaps: bool = False, prefix: str = "mark"):
        self.max_words = config.max_sentence_words
        self.prefix = prefix
        self.marks = 0
        self.pending: dict[str, tuple[str, str]] = {}  # word -> (mark class, explanation), until its first use is marked
        listed = jargon_terms()
        for finding in findings:
            word = jargon_word(finding)
            if word:
                plain = plain_words.get(word.lower()) or listed.get(word.lower(), "")
                self.pending[word] = ("jargon", (f"Plainer: {plain}. " if plain else "") + finding.message)
        if swaps:
            flagged = {word.lower() for word in self.pending}
            self.pending.update((hard, ("plainer", f"Plainer: {plain}.")) for hard, plain in plain_words.items()
                                if hard not in flagged)

    def html(self, text: str) -> Markup:
        parts = []
        for kind, items in blocks(text):
            if kind == "ul":
                parts.append(Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(self._item(i)) for i in items)))
            else:
                parts.append(Markup("<p>{}</p>").format(self._item(items[0])))
        return Markup("\n").join(parts)

    def _item(self, text: str) -> Markup:
        sentences: list[tuple[int, int, str, str, list]] = []
        cursor = 0
        for sentence in split_block(text):
            start = text.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            count = len(words(sentence))
            if count > self.max_words:
                sentences.append((start, cursor, "long-sentence", f"Long sentence: {count} words (at most "
                                  f"{self.max_words}). Split it in two or more.", []))
        top: list[tuple[int, int, str, str, list]] = list(sentences)
        for word in list(self.pending):
            span = first_use(text, word)
            if span is None:
                continue
            mark = (span[0], span[1], *self.pending.pop(word), [])
            outer = next((s for s in sentences if s[0] <= span[0] and span[1] <= s[1]), None)
            (outer[4] if outer else top).append(mark)
        return self._wrap(text, 0, len(text), top)

    def _wrap(self, text: str, start: int, end: int, spans: list[tuple[int, int, str, str, list]]) -> Markup:
        parts, position = [], start
        for span_start, span_end, kind, note, inner in sorted(spans, key=lambda s: s[0]):
            if span_start < position:
                continue  # overlaps a mark already made
            parts.append(_link(text[position:span_start]))
            self.marks += 1
            tip = f"{self.prefix}-tip-{self.marks}"
            parts.append(Markup('<mark class="{}" tabindex="0" aria-describedby="{}">{}'
                                '<span class="diag-tip" role="tooltip" id="{}">{}</span></mark>').format(
                kind, tip, self._wrap(text, span_start, span_end, inner), tip, note))
            position = span_end
        parts.append(_link(text[position:end]))
        return Markup("").join(parts)


class Diagnostics:
    """Template globals of the preview: ``diagnose(page)`` and ``worst_first(entries)``."""

    def __init__(self, config: CheckConfig, workspace: Path | None):
        self.config = config
        self.plain_words = load_plain_words(workspace)

    def diagnose(self, page: Page) -> PageDiagnosis:
        active = [f for f in page.findings if not f.suppressed]
        fact_sections = set(self.config.required_sections) - set(self.config.prose_sections)
        edited = set(page.override.sections) if page.override else set()
        sections = {}
        for section in page.sections:
            own = [f for f in active if f.section == section.id and not _page_wide(f)]
            held = section.id not in fact_sections
            fails = any(f.check == "readability.grade" for f in own)
            sections[section.id] = SectionDiagnosis(
                held_to_target=held,
                too_short=held and section.readability is not None
                and section.readability.words < self.config.min_words_to_score,
                fails_target=fails,
                scores=scores(section.readability, own, self.config),
                findings=own,
                text=Marker(own, self.config, self.plain_words, swaps=fails, prefix=section.id).html(section.text),
                sources=source_fields(page.trial, section),
                overridden=section.id in edited,
            )
        return PageDiagnosis(
            sections=sections,
            page_findings=[f for f in active if f.section is None or _page_wide(f)],
            scores=scores(page.readability, [f for f in active if f.section is None], self.config),
            fails_target=any(f.check == "readability.grade" and f.section is None for f in active),
        )

    @staticmethod
    def worst_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Index entries for review: failing drafts first, then by reading grade, hardest first."""
        return sorted(entries, key=lambda e: (e["errors"] == 0, -(e["grade"] if e["grade"] is not None else -1e9),
                                              e["id"]))


def add_diagnostics(env: jinja2.Environment, config: CheckConfig, workspace: Path | None) -> None:
    """Give ``env``'s templates the diagnostics layer: ``diagnose``, ``worst_first`` and ``targets``."""
    diagnostics = Diagnostics(config, workspace)
    env.globals.update(diagnose=diagnostics.diagnose, worst_first=diagnostics.worst_first, targets=config)
