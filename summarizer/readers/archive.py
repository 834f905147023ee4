"""Containers of records: directories (walked recursively) and ``.zip`` archives.

Both list their entries in sorted order and skip hidden names (``.DS_Store``, ``.git/``,
``__MACOSX/``), so a build over the same inputs always sees the same records in the same
order. Zip members are opened one at a time, only when their turn comes.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from summarizer.errors import RecordError
from summarizer.models import RawRecord

MemberReader = Callable[[str, Callable], Iterable[RawRecord | RecordError]]


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def walk_directory(root: Path) -> Iterator[Path]:
    """Every non-hidden file under ``root``, depth-first, names sorted at each level."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for filename in sorted(filenames):
            if not _is_hidden(filename):
                yield Path(dirpath, filename)


def read_zip(name: str, open_data: Callable, *, read_member: MemberReader) -> Iterator[RawRecord | RecordError]:
    """Records of every readable member of a zip archive (``read_member`` picks the reader).

    Records keep the archive as ``source``; ``key`` is the member name plus the record's
    place inside it (``batch/studies.json#3``, ``day1.jsonl line 7``).
    """
    with open_data() as data:
        try:
            archive = zipfile.ZipFile(data)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            yield RecordError(name, "", f"corrupt zip archive: {exc}")
            return
        with archive:
            members = sorted(
                (info for info in archive.infolist()
                 if not info.is_dir() and not any(_is_hidden(part) for part in info.filename.split("/"))),
                key=lambda info: info.filename,
            )
            for info in members:
                for item in read_member(info.filename, partial(archive.open, info)):
                    yield _in_archive(name, info.filename, item)


def _in_archive(archive_name: str, member: str, item: RawRecord | RecordError) -> RawRecord | RecordError:
    if isinstance(item, RecordError):
        return RecordError(archive_name, _member_key(member, item.record), item.reason)
    return RawRecord(source=archive_name, key=_member_key(member, item.key), format=item.format, payload=item.payload)


def _member_key(member: str, key: str) -> str:
    if not key:
        return member
    return f"{member}{key}" if key.startswith("#") else f"{member} {key}"
