"""wordfreq's English word list as a table word -> frequency bucket, mapped from a file after the first run.

wordfreq ships its large English list (321,000 words) as a gzipped msgpack list, the format it
calls cBpack: a header, then one list of words per centibel of frequency (a word in list ``b`` has
the frequency ``10 ** (-b / 100)``). It is read here straight from that file, without importing
wordfreq (whose imports cost 0.1 s).

Making a dict of it takes 0.08-0.09 s in every process: a quarter of the start-up of ``summarizer
check``, during which the second core has nothing to do. So the first process that needs it also
writes it as a hash table file in the user's cache folder (``cache_dir``), and later processes map
that file (0.1 ms) and look words up in it (0.6 µs a word against 0.25 µs in a dict; the callers
remember each word's value). The file is named after the list it was made from (its path, size and
modification time, and this format's version), so another wordfreq makes another file. It is
written atomically; where the cache folder cannot be written, each process makes the dict.

File layout, little-endian: ``MAGIC``; the file's length (8 bytes); the number of slots, a power of
two (8 bytes); the slots (4 bytes each: 0 when empty, else an entry's offset from the start of the
entries); the entries: the word's length in bytes (2), its bucket (2), the word in UTF-8. Open
addressing with linear probing on the CRC-32 of the word's bytes.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import logging
import mmap
import os
import sys
import zlib
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import msgpack

from ..fsutil import write_atomic

log = logging.getLogger(__name__)

MAGIC = b"SUMMARIZER-WORDFREQ-1\n"
_HEADER = len(MAGIC) + 16


class BucketTable(Protocol):
    def get(self, word: str) -> int | None: ...


def wordfreq_file() -> Path:
    """The large English list inside the installed wordfreq package (found without importing it)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq is not installed: pip install wordfreq")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def read_buckets(source: Path | None = None) -> dict[str, int]:
    """Word -> its bucket, from wordfreq's file; a word listed twice keeps its last bucket. A plain
    loop: faster than ``dict.fromkeys`` per bucket (24 against 41 ms)."""
    with gzip.open(source or wordfreq_file(), "rb") as packed:
        header, *buckets = msgpack.unpackb(packed.read(), raw=False, use_list=False)
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"unexpected wordfreq data header: {header!r}")
    table: dict[str, int] = {}
    for bucket, listed in enumerate(buckets):
        for word in listed:
            table[word] = bucket
    return table


def cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/summarizer``."""
    if os.environ.get("SUMMARIZER_CACHE_DIR"):
        return Path(os.environ["SUMMARIZER_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summarizer"


def table_path(source: Path) -> Path:
    """Where the table made from ``source`` is kept: named after the file and this format."""
    stat = source.stat()
    key = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{MAGIC!r}".encode("utf-8")
    return cache_dir() / f"wordfreq-en-{hashlib.sha256(key).hexdigest()[:16]}.table"


def write_table(table: dict[str, int], path: Path) -> None:
    """``table`` as a file that ``MappedTable`` reads (layout in the module docstring), written atomically."""
    slots_count = 1 << (2 * len(table) - 1).bit_length()  # at most half full: short probes
    mask = slots_count - 1
    slots = array("I", bytes(4 * slots_count))
    if slots.itemsize != 4:
        raise ValueError("this machine's unsigned int is not 4 bytes")
    entries = bytearray(b"\0")  # offset 0 means an empty slot
    for word, bucket in table.items():
        encoded = word.encode("utf-8")
        slot = zlib.crc32(encoded) & mask
        while slots[slot]:
            slot = (slot + 1) & mask
        slots[slot] = len(entries)
        entries += len(encoded).to_bytes(2, "little") + bucket.to_bytes(2, "little") + encoded
    if len(entries) >= 1 << 32:
        raise ValueError("the word list does not fit this table format")
    length = _HEADER + 4 * slots_count + len(entries)
    write_atomic(path, MAGIC + length.to_bytes(8, "little") + slots_count.to_bytes(8, "little") + slots.tobytes() + entries)


class MappedTable:
    """A table file mapped into memory: ``get`` as a dict's, without loading the words."""

    def __init__(self, path: Path):
        with open(path, "rb") as file:
            self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        data = self._map
        slots_count = int.from_bytes(data[len(MAGIC) + 8: _HEADER], "little")
        if (len(data) < _HEADER or data[: len(MAGIC)] != MAGIC
                or int.from_bytes(data[len(MAGIC): len(MAGIC) + 8], "little") != len(data)
                or slots_count < 1 or slots_count & (slots_count - 1) or _HEADER + 4 * slots_count > len(data)):
            self._map.close()
            raise ValueError(f"{path} is not a complete word table")
        self._mask = slots_count - 1
        self._slots = memoryview(data)[_HEADER: _HEADER + 4 * slots_count].cast("I")
        self._entries = _HEADER + 4 * slots_count

    def get(self, word: str) -> int | None:
        encoded = word.encode("utf-8")
        data, slots, mask, base = self._map, self._slots, self._mask, self._entries
        slot = zlib.crc32(encoded) & mask
        while offset := slots[slot]:
            at = base + offset
            size = data[at] | data[at + 1] << 8
            if size == len(encoded) and data[at + 4: at + 4 + size] == encoded:
                return data[at + 2] | data[at + 3] << 8
            slot = (slot + 1) & mask
        return None


@lru_cache(maxsize=1)
def bucket_table() -> BucketTable:
    """The table of this process: the mapped file when there is one, else a dict (and the file is
    written for the next process, when the cache folder allows; little-endian machines only, as
    the slots are read in the machine's order)."""
    source = wordfreq_file()
    path: Path | None = None
    if sys.byteorder == "little":
        try:
            path = table_path(source)
            if path.is_file():
                return MappedTable(path)
        except (OSError, ValueError, RuntimeError) as error:  # RuntimeError: no home folder to cache in
            log.debug("word table not mapped: %s", error)
    table = read_buckets(source)
    if path is not None:
        try:
            write_table(table, path)
        except (OSError, ValueError) as error:
            log.debug("word table not written (each process will read wordfreq's list): %s", error)
    return table
