"""Reader for trial web pages saved as text or HTML.

Both kinds become the same line-oriented text (``payload["text"]``), so one extractor
(:mod:`summarizer.extract_webpage`) serves both and its provenance ("line N, chars a-b")
always points into that text. HTML is walked with BeautifulSoup's ``html.parser``: block
elements become lines, list items keep a marker (``- `` or ``1. ``) with two spaces of indent
per nesting level, table cells become lines of their own (so a "label" cell and its value
cell read like a labelled text page), and page furniture is dropped before any text is read:
scripts, styles, navigation, footers, forms, iframes, hidden elements and ad slots.
"""
from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import PreformattedString
from bs4.dammit import EncodingDetector

from summarizer.errors import RecordError
from summarizer.models import RawRecord

log = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUFFIXES = tuple(sorted(HTML_SUFFIXES | TEXT_SUFFIXES))

# Elements whose content is never part of the trial's text.
DROPPED_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "nav", "footer", "form", "iframe",
    "object", "embed", "svg", "canvas", "button", "select", "input", "textarea", "label",
    "dialog", "menu",
})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
# class/id/aria-label words that mark an ad slot or other furniture (matched as whole words).
FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|adverts?|advertisement|adslot|cookies?|newsletter|signup|subscribe|"
    r"share|breadcrumbs?|sr-only|visually-hidden)(?:$|[\s_-])",
    re.IGNORECASE,
)
FURNITURE_ROLES = frozenset({"banner", "navigation", "search", "complementary", "contentinfo"})
CONTENT_ROOTS = frozenset({"html", "body", "main", "article"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SPACE_RUN = re.compile(r"\s+")


def read_webpage(path: str | Path, data: bytes | None = None) -> Iterator[RawRecord | RecordError]:
    """Yield one ``RawRecord(format="webpage")`` for the page, or a RecordError saying why not.

    ``data`` lets a caller that already holds the bytes (a zip member) skip the disk read.
    """
    path = Path(path)
    source = str(path)
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield RecordError(source, "", f"cannot read the file: {exc.strerror or exc}")
            return
    try:
        decoded = _decode(data, kind)
    except UnicodeDecodeError as exc:
        yield RecordError(
            source, "", f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the page as UTF-8",
        )
        return
    text = html_to_lines(decoded) if kind == "html" else _normalise_newlines(decoded)
    if not text.strip():
        yield RecordError(source, "", f"the {kind} page has no text")
        return
    log.debug("read %s page %s: %d lines", kind, source, text.count("\n") + 1)
    yield RawRecord(
        source=source, format="webpage",
        payload={"text": text, "kind": kind, "stem": path.stem},
    )


def webpage_reader(
    name: str, open_data: Callable[[], AbstractContextManager[BinaryIO]],
) -> Iterator[RawRecord | RecordError]:
    """:func:`read_webpage` in the reader registry's shape (``reader(name, open_data)``)."""
    with open_data() as stream:
        data = stream.read()
    yield from read_webpage(name, data)


def _decode(data: bytes, kind: str) -> str:
    """UTF-8 first (a BOM is dropped); an HTML page may declare another charset instead."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True) if kind == "html" else None
        if declared:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        raise utf8_error  # it names the offending byte


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- HTML


def html_to_lines(markup: str) -> str:
    """The visible, non-furniture text of an HTML page, one block element per line."""
    with warnings.catch_warnings():  # a tiny page can look like a file name to bs4: it is still markup
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(_is_furniture):
        if not element.decomposed:  # already gone with a dropped ancestor
            element.decompose()
    writer = _LineWriter()
    writer.walk(soup.body or soup, depth=0)
    writer.flush("")
    return "\n".join(writer.lines)


def _is_furniture(tag: Tag) -> bool:
    if tag.name in DROPPED_TAGS:
        return True
    if tag.name == "header" and tag.find("h1") is None:
        return True  # a site banner; a header holding the page's h1 is content
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if tag.name in CONTENT_ROOTS:
        return False
    if attrs.get("role") in FURNITURE_ROLES and tag.find("h1") is None:
        return True
    words = " ".join([*_as_list(attrs.get("class")), attrs.get("id", ""), attrs.get("aria-label", "")])
    return bool(FURNITURE_WORDS.search(words))


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class _LineWriter:
    """Accumulates inline text into the current line; block boundaries flush it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._marker = ""  # a list marker waiting for its item's first line ...
        self._marker_indent = ""  # ... which sits at the list's own indent

    def flush(self, indent: str) -> None:
        text = SPACE_RUN.sub(" ", "".join(self._parts)).strip()
        self._parts = []
        if not text:
            return
        if self._marker:
            self.lines.append(f"{self._marker_indent}{self._marker}{text}")
            self._marker = ""
        else:
            self.lines.append(f"{indent}{text}")

    def walk(self, node: Tag, depth: int) -> None:
        indent = "  " * depth
        for child in node.children:
            if isinstance(child, PreformattedString):
                continue  # comments, doctype, CDATA, processing instructions
            if isinstance(child, NavigableString):
                self._parts.append(str(child))
            elif child.name == "br":
                self.flush(indent)
            elif child.name in ("ul", "ol"):
                self.flush(indent)
                self._walk_list(child, depth)
            elif child.name in BLOCK_TAGS:
                self.flush(indent)
                self.walk(child, depth)
                self.flush(indent)
            else:
                self.walk(child, depth)

    def _walk_list(self, listing: Tag, depth: int) -> None:
        number = _int_or(listing.get("start"), 1)
        for item in listing.find_all("li", recursive=False):
            self.flush("  " * depth)
            self._marker = f"{number}. " if listing.name == "ol" else "- "
            self._marker_indent = "  " * depth
            number += 1
            self.walk(item, depth + 1)
            self.flush("  " * (depth + 1))
            self._marker = ""  # an empty item writes nothing


def _int_or(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
