"""Inputs as source units: each file, or each member of a zip archive, with a cheap fingerprint.

A registry-sized input is a zip of one file per study. An incremental build must know what
changed without inflating and parsing 500,000 studies, so it compares each unit's fingerprint
(size and mtime of a file; CRC-32 and size of a zip member, read from the archive's directory)
with the one the state store kept from the last build, as ``make`` or ``rsync`` do. A unit whose
fingerprint changed is read again; its records are then compared by content hash.

Units are listed in exactly the order, and read with exactly the record labels, of
``readers.read_paths``, so a build reads the same records whether it reads them one unit at a
time or as one stream.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .errors import RecordError, UsageError
from .models import RawRecord
from .readers import read_file, read_found_file, reader_for, registered_suffixes
from .readers.archive import _in_archive, _is_hidden, walk_directory
from .zipstream import Member, MemberReader, ZipError, members

WEBPAGE_SUFFIXES = (".txt", ".html", ".htm")
STREAM_MEMBERS_OVER = 64 * 2**20  # bytes: a larger zip member is read as a stream, not into memory


@dataclass(frozen=True)
class SourceUnit:
    """One file, or one member of a zip archive, that a reader opens as a whole.

    ``name`` identifies the unit across builds: a file's absolute path; for a zip member, its name in
    the archive (the day's bulk download may be saved under another name; two archives with the
    same member are duplicates the build reports). ``label`` is the name records get as their
    source, as the user gave it.
    """

    name: str
    label: str
    path: str
    fingerprint: str
    member: str | None = None
    top_level: bool = False
    entry: Member | None = None  # a zip member's place in its archive


def source_units(inputs: Iterable[Path]) -> Iterator[SourceUnit]:
    """The units of ``inputs`` in reading order. Trial web pages are not among them: the build
    reads those first (see ``webpage_inputs``), so registry records can absorb them."""
    paths = [Path(p) for p in inputs]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # before anything is read: a typo should not cost half a batch
        raise UsageError("no such file or directory: " + ", ".join(missing))
    return _units(paths)


def _units(paths: list[Path]) -> Iterator[SourceUnit]:
    for path in paths:
        if path.is_dir():
            for file in walk_directory(path):
                if reader_for(file.name) is not None and file.suffix.lower() not in WEBPAGE_SUFFIXES:
                    yield from _file_units(file, top_level=False)
        elif path.suffix.lower() not in WEBPAGE_SUFFIXES:
            yield from _file_units(path, top_level=True)


def webpage_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Trial web pages among the inputs, read first so a registry record with the same ID can absorb them."""
    found: list[Path] = []
    for path in inputs:
        if path.is_file() and path.suffix.lower() in WEBPAGE_SUFFIXES:
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in walk_directory(path) if p.suffix.lower() in WEBPAGE_SUFFIXES)
    return found


def webpage_unit(source: str) -> SourceUnit:
    """The unit of a trial web page: read at every build (pages are few), so it needs no fingerprint."""
    return SourceUnit(name=str(Path(source).resolve()), label=source, path=source, fingerprint="", top_level=True)


def _file_units(path: Path, top_level: bool) -> Iterator[SourceUnit]:
    stat = path.stat()
    whole = SourceUnit(name=str(path.resolve()), label=str(path), path=str(path),
                       fingerprint=f"{stat.st_size}:{stat.st_mtime_ns}", top_level=top_level)
    if path.suffix.lower() != ".zip":
        yield whole
        return
    listed = members(path)
    try:
        first = next(listed, None)  # the whole directory is read (and checked) before the first member
    except (OSError, ZipError):
        yield whole  # the zip reader reports what is wrong with it
        return
    for entry in chain([first] if first else [], listed):
        if (not entry.is_dir and reader_for(entry.name) is not None
                and not any(_is_hidden(part) for part in entry.name.split("/"))):
            yield SourceUnit(name=f"zip:{entry.name}", label=str(path), path=str(path),
                             fingerprint=f"{entry.crc:08x}:{entry.file_size}", member=entry.name, entry=entry)


class UnitReader:
    """Reads units, keeping the zip archive of the last member open (members come in name order)."""

    def __init__(self) -> None:
        self._archive: MemberReader | None = None

    def read(self, unit: SourceUnit) -> Iterator[RawRecord | RecordError]:
        """The unit's records, labelled as ``read_paths`` labels them."""
        if unit.member is None:
            opener = partial(open, unit.path, "rb")
            if not unit.top_level:
                yield from read_found_file(unit.path, opener)
                return
            reader = reader_for(unit.path)
            if reader is None:
                yield RecordError(unit.path, "", f"unsupported file type {Path(unit.path).suffix or '(no suffix)'!r}; "
                                  f"known: {', '.join(registered_suffixes())}")
                return
            yield from read_file(unit.path, opener, reader)
            return
        try:
            opener = self._member_opener(unit)
        except (OSError, KeyError, ZipError, zipfile.BadZipFile) as exc:
            yield RecordError(unit.label, unit.member, f"cannot read archive member: {exc}")
            return
        for item in read_found_file(unit.member, opener):
            yield _in_archive(unit.label, unit.member, item)

    def _member_opener(self, unit: SourceUnit) -> Callable[[], BinaryIO]:
        """How to open the member: its bytes, read by offset; a very large member (a JSON Lines dump
        inside a zip, say) is streamed by ``zipfile`` instead of held in memory."""
        assert unit.entry is not None and unit.member is not None
        if unit.entry.file_size > STREAM_MEMBERS_OVER:
            archive = zipfile.ZipFile(unit.path)  # closed with the member it opens
            return partial(_closing_member, archive, unit.member)
        if self._archive is None or self._archive.path != unit.path:
            self.close()
            self._archive = MemberReader(unit.path)
        return partial(io.BytesIO, self._archive.read(unit.entry))

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
        self._archive = None


def _closing_member(archive: zipfile.ZipFile, member: str) -> BinaryIO:
    handle = archive.open(member)
    handle.close = lambda close=handle.close: (close(), archive.close())  # type: ignore[method-assign]
    return handle
