"""ClinicalTrials.gov API v2 JSON: one study, a list of studies, an API page, JSON Lines.

A ``.json`` file is parsed as a stream: studies of a list or of an API page
(``{"studies": [...], "nextPageToken": ...}``) come out one at a time, and memory holds
one study plus one read chunk, never the whole file. The stream is the stdlib decoder's
``raw_decode`` run over a growing text buffer: when a value runs past the end of the
buffer, the next chunk is appended and the value decoded again. A file that breaks off
half-way yields the studies before the break and then one ``RecordError`` saying where.
"""
from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from summarizer.errors import RecordError
from summarizer.models import RawRecord

CHUNK_CHARS = 1 << 20
_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder()
_ENDS_HERE = " (the file ends here: truncated?)"


class _InvalidJson(Exception):
    """Bad JSON at a place in the file; turned into one RecordError by the reader."""


class _JsonStream:
    """A cursor over JSON text read chunk by chunk, tracking line and column for errors."""

    def __init__(self, text: io.TextIOBase, chunk_chars: int):
        self._text = text
        self._chunk_chars = chunk_chars
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # line and column (0-based) of the buffer's first character
        self._col = 0

    def _fill(self, at_least: int = 0) -> bool:
        """Drop the consumed text and append the next chunk; False (buffer untouched) at end of file."""
        if self._eof:
            return False
        chunk = self._text.read(max(self._chunk_chars, at_least))
        if not chunk:
            self._eof = True
            return False
        consumed = self._buf[: self._pos]
        newlines = consumed.count("\n")
        self._line += newlines
        self._col = len(consumed) - consumed.rfind("\n") - 1 if newlines else self._col + len(consumed)
        self._buf = self._buf[self._pos:] + chunk
        self._pos = 0
        return True

    def where(self, pos: int | None = None) -> str:
        pos = self._pos if pos is None else pos
        before = self._buf[:pos]
        newlines = before.count("\n")
        col = pos - before.rfind("\n") if newlines else self._col + pos + 1
        return f"line {self._line + newlines} column {col}"

    def peek(self) -> str:
        """The next non-whitespace character (consuming the whitespace), or "" at the end."""
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buf) or not self._fill():
                return self._buf[self._pos: self._pos + 1]

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            found = self.peek()
            raise _InvalidJson(f"invalid JSON at {self.where()}: Expecting {what}"
                               + (f", found {found!r}" if found else _ENDS_HERE))
        self._pos += 1

    def value(self) -> Any:
        """Decode the next complete JSON value, reading more chunks while it is cut off."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._fill(at_least=len(self._buf)):
                    continue
                message = exc.msg.removesuffix(" starting at")
                if message.startswith("Unterminated"):
                    message += " (the file ends inside it: truncated?)"
                elif exc.pos >= len(self._buf.rstrip()):
                    message += _ENDS_HERE
                raise _InvalidJson(f"invalid JSON at {self.where(exc.pos)}: {message}") from None
            # A number that reaches the end of the buffer may go on in the next chunk.
            if end == len(self._buf) and self._fill(at_least=len(self._buf)):
                continue
            self._pos = end
            return value

    def array_items(self) -> Iterator[Any]:
        self.expect("[", "'['")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self._pos += 1
                return
            self.expect(",", "',' or ']'")

    def object_keys(self) -> Iterator[str]:
        """Keys of an object; the caller must consume each key's value before the next."""
        self.expect("{", "'{'")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            if self.peek() != '"':
                self.expect('"', "a property name in double quotes")
            yield self.value()
            if self.peek() == "}":
                self._pos += 1
                return
            self.expect(",", "',' or '}'")

    def key_separator(self) -> None:
        self.expect(":", "':'")

    def expect_end(self) -> None:
        if self.peek():
            raise _InvalidJson(f"invalid JSON at {self.where()}: extra data after the top-level value")


def _study_or_error(name: str, key: str, value: Any) -> RawRecord | RecordError:
    if isinstance(value, dict) and isinstance(value.get("protocolSection"), dict):
        return RawRecord(source=name, key=key, format="ctgov-v2", payload=value)
    if isinstance(value, dict):
        keys = ", ".join(sorted(value)[:5]) or "none"
        return RecordError(name, key, f"not a ClinicalTrials.gov study: no protocolSection (keys: {keys})")
    return RecordError(name, key, f"not a ClinicalTrials.gov study: a JSON {type(value).__name__}, not an object")


def _top_level_records(name: str, stream: _JsonStream) -> Iterator[RawRecord | RecordError]:
    first = stream.peek()
    if first == "[":
        for index, item in enumerate(stream.array_items()):
            yield _study_or_error(name, f"#{index}", item)
    elif first == "{":
        members: dict[str, Any] = {}
        is_page = False
        for key in stream.object_keys():
            stream.key_separator()
            if key == "studies" and stream.peek() == "[":
                is_page = True
                for index, item in enumerate(stream.array_items()):
                    yield _study_or_error(name, f"#{index}", item)
            else:
                members[key] = stream.value()
        if not is_page:
            yield _study_or_error(name, "", members)
    elif not first:
        yield RecordError(name, "", "empty file")
        return
    else:
        yield RecordError(name, "", f"invalid JSON at {stream.where()}: expected a study object, "
                                    "a list of studies or an API page")
        return
    stream.expect_end()


def read_json(name: str, open_data: Callable, *, chunk_chars: int = CHUNK_CHARS) -> Iterator[RawRecord | RecordError]:
    """Studies of a ``.json`` file: a study (key ``""``), a list or an API page (keys ``#0``, ``#1`` ...)."""
    with open_data() as data, io.TextIOWrapper(data, encoding="utf-8-sig") as text:
        stream = _JsonStream(text, chunk_chars)
        try:
            yield from _top_level_records(name, stream)
        except _InvalidJson as exc:
            yield RecordError(name, "", str(exc))
        except UnicodeDecodeError as exc:
            yield RecordError(name, "", f"not UTF-8 text ({exc.reason})")


def read_jsonl(name: str, open_data: Callable) -> Iterator[RawRecord | RecordError]:
    """Studies of a JSON Lines file, one per line (key ``line N``); blank lines are skipped.

    Each line is decoded on its own, so a bad line costs that line only.
    """
    with open_data() as data:
        for number, raw_line in enumerate(data, start=1):
            key = f"line {number}"
            try:
                line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield RecordError(name, key, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RecordError(name, key, f"invalid JSON at column {exc.colno}: {exc.msg}")
                continue
            yield _study_or_error(name, key, value)
