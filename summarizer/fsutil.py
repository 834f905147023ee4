"""Atomic file writes: a reader of the output folder never sees half a file."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (bytes as they are, text as UTF-8) to a temporary file beside ``path``, then
    rename it over ``path``."""
    staged = {path: write_staged(path, text)}
    try:
        publish_staged(staged)
    except BaseException:
        discard_staged(staged)
        raise


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_names = itertools.count()


def _temp_beside(path: Path) -> tuple[int, str]:
    """(descriptor, name) of a new temporary file in ``path``'s folder (named as
    :func:`remove_stale_temp_files` knows); the folder is made when it is missing, not checked first.

    Made with the permissions of any new file (0666 less the umask: 0644 as a rule), which the
    rename keeps: ``tempfile.mkstemp`` makes 0600 files, and a web server that runs as another
    user could not read a site published that way. ``O_EXCL`` never follows or reuses a path."""
    while True:
        name = os.path.join(path.parent, f".{path.name}.{os.getpid()}-{next(_names)}.tmp")
        try:
            return os.open(name, _CREATE, 0o666), name
        except FileExistsError:  # left by a killed process that had the same pid
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(name, _CREATE, 0o666), name


def write_staged(path: Path, text: str | bytes) -> str:
    """Write ``text`` to a temporary file beside ``path`` and return its name, for
    :func:`publish_staged` to rename over ``path`` (or :func:`discard_staged` to drop). A build's
    workers write pages this way, so the process that keeps the state only renames them."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")  # one write of bytes: no text layer per file
    fd, tmp = _temp_beside(path)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def publish_staged(staged: dict[Path, str]) -> None:
    """Rename each staged temporary file over its path (see :func:`write_staged`)."""
    for path, tmp in staged.items():
        os.replace(tmp, path)


def discard_staged(staged: dict[Path, str]) -> None:
    for tmp in staged.values():
        Path(tmp).unlink(missing_ok=True)


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text file to write ``path`` through: renamed over ``path`` when the block ends, removed if it fails."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temporary files of atomic writes that a killed process left under ``folder``.

    Only names these writers make (``.<name>.<random>.tmp``) are touched; call it only while no other
    writer works in ``folder``."""
    removed = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(dirpath, name).unlink(missing_ok=True)
                removed += 1
    return removed
