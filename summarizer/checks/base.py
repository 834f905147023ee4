"""What every check shares: the page read once into sentences, and one place that files findings.

A check is a function ``run(page: CheckRun) -> None`` that calls ``page.report(...)``. Reading the
prose once here (plain text, blocks, sentences, words) is what keeps ``check`` fast enough to run
on every draft of ``build``.
"""
from __future__ import annotations

from functools import cached_property, lru_cache
from itertools import chain
from typing import NamedTuple

from ..models import Finding
from ..names import natural_order
from ..readability import TEXTS_REMEMBERED, Sentence, read_prose, words
from .config import CheckConfig
from .document import CheckDocument, DocSection


class Prose(NamedTuple):
    """One section read as prose: blocks (paragraph, list item, heading), each a tuple of sentences."""

    section: DocSection
    plain: str  # the section's plain text (``readability.plain_text``)
    blocks: tuple[tuple[Sentence, ...], ...]
    sentences: tuple[Sentence, ...]  # the blocks' sentences in order
    word_count: int

    @classmethod
    def of(cls, section: DocSection) -> Prose:
        return cls(section, *_read(section.text))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _read(text: str) -> tuple[str, tuple[tuple[Sentence, ...], ...], tuple[Sentence, ...], int]:
    """What ``Prose`` holds of a section's text, read once per distinct text: pages repeat sections."""
    plain, blocks = read_prose(text)
    sentences = tuple(chain.from_iterable(blocks))
    return plain, blocks, sentences, sum(len(sentence.words) for sentence in sentences)


class CheckRun:
    """One document being checked: its prose, its config, and the findings filed so far."""

    def __init__(self, doc: CheckDocument, config: CheckConfig):
        self.doc = doc
        self.config = config
        self.prose = tuple(Prose.of(section) for section in doc.sections)
        self.findings: list[Finding] = []

    @cached_property
    def page_text(self) -> str:
        """All sections' plain text in page order (disclaimers apart): where first uses are found."""
        return "\n\n".join(p.plain for p in self.prose)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The trial's own intervention and condition names (empty without facts); an inverted
        condition name also as the drafter writes it ("Encephalitis, Tick-Borne" as "Tick-Borne Encephalitis")."""
        facts = self.doc.facts
        if facts is None:
            return ()
        reordered = (natural for natural in map(natural_order, facts.conditions) if natural not in facts.conditions)
        return (*facts.conditions, *reordered, *(i.name for i in facts.interventions),
                *(n for i in facts.interventions for n in i.other_names))

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Lowercased words of the trial's own intervention and condition names (empty without facts)."""
        return frozenset(w.lower() for name in self.names for w in words(name))

    @property
    def scored_prose(self) -> list[Prose]:
        """Sections held to the reading targets: the prose sections, and any section a
        hand-written page adds that is not one of the required fact sections (where, who_runs ...)."""
        fact_sections = set(self.config.required_sections) - set(self.config.prose_sections)
        return [p for p in self.prose if p.section.id not in fact_sections]

    def report(self, check: str, message: str, *, section: DocSection | None = None, line: int | None = None,
               near: str | None = None, value: float | str | None = None, threshold: float | str | None = None) -> None:
        """File a finding of ``check`` at its configured severity (nothing when the check is off).

        The line is ``line`` if given, else the first line of ``section`` that holds ``near``.
        """
        severity = self.config.severity_of(check)
        if severity is None:
            return
        if line is None:
            line = self.doc.locate(section, near)
        section_id = section.id if section else None
        suppressed = self.doc.has_suppressions and self.doc.is_suppressed(check, section_id, line)
        self.findings.append(Finding(
            check=check, severity=severity, message=message, file=self.doc.file, line=line, section=section_id,
            value=value, threshold=threshold, suppressed=suppressed,
        ))


def opening(text: str, count: int = 3) -> str:
    """The first ``count`` words of ``text`` as written, to find its line in the file."""
    return " ".join(text.split()[:count]).rstrip(".,;:!?\"')")


def quote(text: str, limit: int = 100) -> str:
    """``text`` shortened for a message, in quotes."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'

