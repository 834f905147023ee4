"""The page as numbered lines with cleaned copies that map back to the page text.

Cleaning removes what must never reach a Trial (template placeholders, masked contact details,
footnote digits glued to sentences, Markdown escapes, list markers, runs of white space) but
keeps, for every character it keeps, its offset in the page text. A value found in the cleaned
text therefore still has an exact span in the page, which becomes its provenance:

    ``line N, chars A-B`` or ``lines N-M, chars A-B`` [`` (how it was read)``]

N and M are 1-based line numbers and A-B a 0-based, end-exclusive character range, both in
``RawRecord.payload["text"]``; a parenthesised note says when a value was derived rather than
read off a label (e.g. ``(from the title)``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
MASKED = re.compile(r"[•●]{2,}(?:[-@.()/\s]*[•●]+)*")
# Footnote markers glued to a sentence ("treatment.12345") or a word ("outcomes678910").
FOOTNOTE = re.compile(r"(?<=[a-z)\]][.!?])\d{2,}(?=\s|$)|(?<=[a-z]{3})\d{4,}(?=[.!?,;:]?(?:\s|$))")
LINK = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")
MARKDOWN_ESCAPE = re.compile(r"\\(?=[\[\]<>*_()#+.!\\-])")
LIST_MARKER = re.compile(r"(?:[•●▪◦‣∙*–-]|\d{1,3}[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
ABBREVIATION = re.compile(r"\b(?:Dr|Prof|Mr|Mrs|Ms|St|Jr|Sr|vs|approx|No|Fig|al|e\.g|i\.e)\.$", re.IGNORECASE)
PROVENANCE = re.compile(r"\blines? (?P<first>\d+)(?:-(?P<last>\d+))?, chars (?P<start>\d+)-(?P<end>\d+)")


@dataclass(frozen=True)
class Span:
    """A stretch of the page text: first and last line numbers, absolute character range."""

    first: int
    last: int
    start: int
    end: int

    def __or__(self, other: Span) -> Span:
        return Span(min(self.first, other.first), max(self.last, other.last),
                    min(self.start, other.start), max(self.end, other.end))

    def provenance(self, note: str = "") -> str:
        lines = f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        return f"{lines}, chars {self.start}-{self.end}" + (f" ({note})" if note else "")


def parse_provenance(value: str) -> Span | None:
    """The span a provenance string names (a ``webpage: <source> `` prefix is allowed), if any."""
    matches = list(PROVENANCE.finditer(value))
    if not matches:
        return None
    match = matches[-1]
    first = int(match["first"])
    return Span(first, int(match["last"] or first), int(match["start"]), int(match["end"]))


@dataclass(frozen=True)
class Line:
    """One line of the page: its raw text and a cleaned copy with a map back to the raw one."""

    number: int
    start: int  # offset of the line's first character in the page text
    raw: str
    text: str  # cleaned
    offsets: tuple[int, ...]  # offsets[i]: index in ``raw`` of ``text[i]``
    indent: int
    marker: str  # the list marker the cleaned text no longer carries: "-", "•", "1." ...

    @property
    def is_blank(self) -> bool:
        return not self.text

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The page span of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        if not self.text:
            return Span(self.number, self.number, self.start, self.start)
        start = min(max(start, 0), len(self.text) - 1)
        end = max(min(end, len(self.text)), start + 1)
        return Span(self.number, self.number,
                    self.start + self.offsets[start], self.start + self.offsets[end - 1] + 1)


@dataclass(frozen=True)
class Piece:
    """A value cut from the cleaned text of one line (or joined from several), with its span."""

    text: str
    span: Span


def split_lines(page: str) -> list[Line]:
    lines, position = [], 0
    for number, raw in enumerate(page.split("\n"), start=1):
        lines.append(clean_line(number, position, raw))
        position += len(raw) + 1
    return lines


def clean_line(number: int, start: int, raw: str) -> Line:
    keep = [True] * len(raw)
    indent = len(raw) - len(raw.lstrip())
    marker = ""
    bullet = LIST_MARKER.match(raw, indent)
    if bullet and bullet.end() < len(raw):
        marker = bullet.group().strip()
        _drop(keep, indent, bullet.end())
    links = [match.span() for match in LINK.finditer(raw)]
    for pattern in (PLACEHOLDER, MASKED, FOOTNOTE, MARKDOWN_ESCAPE):
        for match in pattern.finditer(raw):
            if pattern is FOOTNOTE and any(start <= match.start() < end for start, end in links):
                continue  # digits inside a URL or an address are part of it
            _drop(keep, match.start(), match.end())
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(raw):
        if not keep[index]:
            continue
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return Line(number, start, raw, "".join(chars), tuple(offsets), indent, marker)


def _drop(keep: list[bool], start: int, end: int) -> None:
    keep[start:end] = [False] * (end - start)


def sentences(line: Line) -> Iterator[Piece]:
    """The sentences of a line's cleaned text, each with its span."""
    start = 0
    for boundary in SENTENCE_END.finditer(line.text):
        if ABBREVIATION.search(line.text, 0, boundary.start()):
            continue  # "Dr. Roe" does not end a sentence
        yield Piece(line.text[start:boundary.start()], line.span(start, boundary.start()))
        start = boundary.end()
    if start < len(line.text):
        yield Piece(line.text[start:], line.span(start))


def piece(line: Line, start: int = 0, end: int | None = None) -> Piece:
    """``line.text[start:end]`` without surrounding spaces, with the span of just that text."""
    end = len(line.text) if end is None else end
    while start < end and line.text[start] == " ":
        start += 1
    while end > start and line.text[end - 1] == " ":
        end -= 1
    return Piece(line.text[start:end], line.span(start, end))


def joined(pieces: list[Piece], separator: str = "\n") -> Piece | None:
    """Several pieces as one value whose span covers them all."""
    if not pieces:
        return None
    span = pieces[0].span
    for item in pieces[1:]:
        span = span | item.span
    return Piece(separator.join(p.text for p in pieces), span)
