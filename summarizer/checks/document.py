"""What the checks run on: one page's sections, disclaimers, optional record facts and suppressions.

A ``CheckDocument`` comes from a file (``loaders.py``: our page JSON, Markdown, HTML) or, during
``build``, from the in-memory draft (``CheckDocument.from_page``). Line numbers are 1-based lines
of the file, so findings point editors at what to change.

Suppressions, all reported as suppressed findings, never dropped:

- page-wide: front matter ``summarizer: {disable: [ids]}`` (Markdown) or ``"suppress": [ids]`` (JSON);
- inline: ``<!-- summarizer: disable=<id>[,<id>] -->``. On a line of its own it applies to the next
  line that is not blank and not a comment; when that line starts a section (its ``## `` heading,
  ``<section>`` tag or ``<h2>``), or the comment sits right under such a line, it applies to the
  whole section. After text on the same line it applies to that line.

An id may name a family (``readability``) or ``all``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Mapping, NamedTuple

from ..models import Disclaimer, Section, Trial
from .catalog import matches

_INLINE_DISABLE = re.compile(r"<!--\s*summarizer:\s*disable\s*=\s*([^>]*?)\s*-->")
_COMMENT_ONLY = re.compile(r"\s*(?:<!--.*?-->\s*)+")


class DocSection(NamedTuple):  # tuples: made ten thousand times a run, faster than frozen dataclasses
    id: str
    title: str
    text: str
    line: int | None = None  # where the section starts: its heading, <section> tag or JSON entry
    end_line: int | None = None  # its last line
    disabled: tuple[str, ...] = ()  # inline suppressions covering the whole section
    text_line: int | None = None  # page JSON: the line of its "text" (the whole text is on that line)


class DocDisclaimer(NamedTuple):
    id: str
    text: str
    link: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class CheckDocument:
    """One page as the checks see it. ``facts`` is present only for our page JSON and for ``build``."""

    file: str | None
    sections: tuple[DocSection, ...]
    disclaimers: tuple[DocDisclaimer, ...] = ()
    facts: Trial | None = None
    nct_id: str | None = None
    title: str | None = None
    disabled: tuple[str, ...] = ()  # page-wide suppressions
    line_disabled: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # every link target in the file (HTML hrefs, Markdown targets), in order

    @classmethod
    def from_page(cls, trial: Trial, sections: Iterable[Section], disclaimers: Iterable[Disclaimer],
                  file: str | None = None) -> CheckDocument:
        """The document of an in-memory draft (``build`` checks every page before writing it)."""
        return cls(
            file=file,
            sections=tuple(DocSection(s.id, s.title, s.text) for s in sections),
            disclaimers=tuple(DocDisclaimer(d.id, d.text, d.link) for d in disclaimers),
            facts=trial, nct_id=trial.nct_id, title=trial.title,
        )

    def section(self, section_id: str) -> DocSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @cached_property
    def has_suppressions(self) -> bool:
        return bool(self.disabled or self.line_disabled or any(s.disabled for s in self.sections))

    def locate(self, section: DocSection | None, needle: str | None) -> int | None:
        """The first line of ``section`` (of the file when None) holding ``needle``, case-insensitive;
        else the section's line."""
        start = section.line if section else 1
        if needle and section and section.text_line and needle.lower() in section.text.lower():
            return section.text_line
        if not needle or not self.lines or start is None:
            return section.line if section else None
        needle = needle.lower()
        end = (section.end_line if section else None) or len(self.lines)
        for number in range(start, end + 1):
            if needle in self.lines[number - 1].lower():
                return number
        return section.line if section else None

    def is_suppressed(self, check_id: str, section_id: str | None, line: int | None) -> bool:
        selectors = list(self.disabled)
        if section_id is not None:
            section = self.section(section_id)
            selectors += section.disabled if section else ()
        if line is not None:
            selectors += self.line_disabled.get(line, ())
        return any(matches(check_id, selector) for selector in selectors)

    def suppression_ids(self) -> list[tuple[str, int | None]]:
        """Every id named by a suppression, with its line where known (to report unknown ids)."""
        named = [(i, None) for i in self.disabled]
        named += [(i, s.line) for s in self.sections for i in s.disabled]
        named += [(i, line) for line, ids in sorted(self.line_disabled.items()) for i in ids]
        return named


def _ids(spec: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in spec.split(",") if part.strip())


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not _COMMENT_ONLY.fullmatch(line)


def inline_suppressions(lines: tuple[str, ...], sections: list[DocSection],
                        section_starts: Mapping[int, int]) -> tuple[list[DocSection], dict[int, tuple[str, ...]]]:
    """Apply ``<!-- summarizer: disable=... -->`` comments (rules in the module docstring).

    ``section_starts`` maps each line that starts a section (marker, heading, <section>, <h2>) to
    the section's index. Returns the sections with their ``disabled`` ids and the per-line ids.
    """
    by_section: dict[int, tuple[str, ...]] = {}
    by_line: dict[int, tuple[str, ...]] = {}
    for index, line in enumerate(lines):
        if "summarizer:" not in line:
            continue
        found = _INLINE_DISABLE.findall(line)
        if not found:
            continue
        ids = tuple(i for spec in found for i in _ids(spec))
        target = index + 1
        if _COMMENT_ONLY.fullmatch(line):
            target = next((n + 1 for n in range(index + 1, len(lines)) if _is_content(lines[n])), target)
            above = next((n + 1 for n in range(index - 1, -1, -1) if _is_content(lines[n])), None)
            if above in section_starts and target not in section_starts:
                target = above
        if target in section_starts:
            position = section_starts[target]
            by_section[position] = by_section.get(position, ()) + ids
        else:
            by_line[target] = by_line.get(target, ()) + ids
    updated = [DocSection(s.id, s.title, s.text, s.line, s.end_line, s.disabled + by_section.get(i, ()), s.text_line)
               for i, s in enumerate(sections)]
    return updated, by_line
