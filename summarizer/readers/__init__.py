"""The read stage: input paths in, a stream of ``RawRecord``s (or ``RecordError``s) out.

Readers are keyed by file suffix, pelican-style. A reader is a function
``reader(name, open_data)`` that yields ``RawRecord | RecordError``: ``name`` is the path
(or archive member name) to use as ``RawRecord.source`` and in errors, and ``open_data()``
returns a fresh binary file object to use as a context manager (``with open_data() as f``).
The data may be a zip member, so a reader must not reopen ``name`` from disk. Readers never
raise for bad input; they yield a ``RecordError`` and go on with the next record they can
find (``read_file`` turns anything they do raise into one ``RecordError`` for the file).

Adding a format is one call, e.g. for trial web pages::

    from summarizer.readers import register_reader
    register_reader((".txt", ".html", ".htm"), read_webpage)

A function that takes the bytes instead needs a two-line adapter::

    def read_webpage_file(name, open_data):
        with open_data() as data:
            yield from read_webpage(name, data.read())

Built in: ``.json`` (CT.gov API v2 study, list or API page), ``.jsonl``/``.ndjson``,
``.xml`` (legacy CT.gov), ``.zip`` (archives of any registered format); directories are
walked recursively.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO, ContextManager

from summarizer.errors import RecordError, UsageError
from summarizer.models import RawRecord

log = logging.getLogger(__name__)

Opener = Callable[[], ContextManager[BinaryIO]]
Reader = Callable[[str, Opener], Iterable[RawRecord | RecordError]]

_READERS: dict[str, Reader] = {}


def register_reader(suffixes: str | Iterable[str], reader: Reader | None = None):
    """Register ``reader`` for file suffixes (``".json"``, case-insensitive).

    A later registration for the same suffix replaces the earlier one. Without ``reader``
    it returns a decorator. Returns the reader, so it can be used as ``@register_reader(...)``.
    """
    if reader is None:
        return partial(register_reader, suffixes)
    for suffix in [suffixes] if isinstance(suffixes, str) else suffixes:
        suffix = suffix.lower()
        if not suffix.startswith("."):
            raise ValueError(f"a reader suffix starts with a dot: {suffix!r}")
        _READERS[suffix] = reader
    return reader


def registered_suffixes() -> list[str]:
    return sorted(_READERS)


def reader_for(name: str) -> Reader | None:
    """The reader registered for this file name's suffix, or None."""
    return _READERS.get(os.path.splitext(name)[1].lower())


def read_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[RawRecord | RecordError]:
    """Stream the records of files, directories and archives, in a deterministic order.

    Paths are checked up front: a missing one raises ``UsageError`` naming every missing
    path before anything is read (a typo should not cost half a batch). After that nothing
    raises: bad files and records come through as ``RecordError`` items in the stream.
    """
    path_list = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    missing = [str(p) for p in path_list if not p.exists()]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    return _read_all(path_list)


def _read_all(paths: list[Path]) -> Iterator[RawRecord | RecordError]:
    for path in paths:
        if path.is_dir():
            for file in archive.walk_directory(path):
                yield from read_found_file(str(file), partial(open, file, "rb"))
            continue
        reader = reader_for(path.name)
        if reader is None:
            yield RecordError(str(path), "", f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                              f"known: {', '.join(registered_suffixes())}")
        else:
            yield from read_file(str(path), partial(open, path, "rb"), reader)


def read_found_file(name: str, open_data: Opener) -> Iterator[RawRecord | RecordError]:
    """Read a file found in a directory or archive: one with an unknown suffix is skipped."""
    reader = reader_for(name)
    if reader is None:
        log.debug("skipping %s: no reader for %r files", name, os.path.splitext(name)[1])
        return
    yield from read_file(name, open_data, reader)


def read_file(name: str, open_data: Opener, reader: Reader) -> Iterator[RawRecord | RecordError]:
    """Run one reader over one file, turning anything it raises into a ``RecordError``.

    Readers should yield their own errors; this is the guard that keeps one unreadable file
    (or a reader bug) from ending a batch of thousands.
    """
    try:
        yield from reader(name, open_data)
    except OSError as exc:
        yield RecordError(name, "", f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - isolation boundary for one file
        log.error("reader %s failed on %s", getattr(reader, "__name__", reader), name, exc_info=True)
        yield RecordError(name, "", f"reader failed: {type(exc).__name__}: {exc}")


from summarizer.readers import archive, ctgov_json, ctgov_xml  # noqa: E402 - they use the registry above

register_reader(".json", ctgov_json.read_json)
register_reader((".jsonl", ".ndjson"), ctgov_json.read_jsonl)
register_reader(".xml", ctgov_xml.read_xml)
register_reader(".zip", partial(archive.read_zip, read_member=read_found_file))

__all__ = ["Opener", "Reader", "read_file", "read_found_file", "read_paths", "reader_for", "register_reader",
           "registered_suffixes"]

from summarizer.readers.webpage import webpage_reader  # noqa: E402

register_reader((".txt", ".html", ".htm"), webpage_reader)
