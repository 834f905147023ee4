"""The build's memory: an SQLite file in the output folder, so a rebuild only redoes what changed.

Per record it keeps when the site first and last saw it, the record's own last-update date, a
hash of its input and of everything that shapes its page, how many versions it has had, and what
the site pages (indexes, feeds, related trials) need to know about it, so those can be made
complete without reading the record again. Per source file (or zip member) that read cleanly it
keeps a cheap fingerprint, so an unchanged bulk download is not even opened.

Consistency after a kill: page files are written (atomically) before the row that describes them
is committed, so a committed row always has its files; a row not yet committed means the next
build redoes that record. Schema changes are numbered migrations, applied in order.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .config import Settings
from .errors import SummarizerError, UsageError
from .models import RawRecord
from .overrides import OVERRIDES_DIR
from .workspace import PACKAGE_DIR, list_files

STATE_FILE = ".summarizer-state.sqlite"
LOCK_FILE = ".summarizer-build.lock"
PACKAGE_SUFFIXES = (".py", ".yaml", ".txt", ".json")

MIGRATIONS = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE records (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,          -- RawRecord.source: the file or archive named on the command line
        record_key TEXT NOT NULL,      -- RawRecord.key: where the record sits inside it
        unit TEXT NOT NULL,            -- the file or zip member it was read from (see units)
        input_hash TEXT NOT NULL,      -- of the record (and a merged web page)
        page_hash TEXT NOT NULL,       -- of templates, prompts, glossary, config, code version, override
        first_seen TEXT NOT NULL,      -- build dates
        last_seen TEXT NOT NULL,
        updated TEXT NOT NULL,         -- build date of the current version
        record_updated TEXT,           -- the record's own last-update date
        versions INTEGER NOT NULL,
        seen_run INTEGER NOT NULL,     -- the last build that read it; older means removed from the inputs
        title TEXT NOT NULL,
        status TEXT,
        grade REAL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        conditions TEXT NOT NULL,      -- JSON list, as the record names them
        terms TEXT NOT NULL,           -- JSON list of related-trial terms
        related TEXT NOT NULL,         -- JSON [[id, title], ...] as the page files show them now
        linked_terms TEXT NOT NULL     -- JSON: the terms the related trials were last chosen with
    );
    CREATE INDEX records_label ON records (source, record_key);
    CREATE INDEX records_unit ON records (unit);
    CREATE INDEX records_updated ON records (updated, id);
    -- sources whose every record was built: unchanged fingerprint -> nothing in them to read
    CREATE TABLE units (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
    -- files of the site pages (indexes, feeds, sitemaps) the last build wrote
    CREATE TABLE site_files (path TEXT PRIMARY KEY);
    """,
    # How many records a unit had: a unit some of whose records another input has claimed since is
    # read again. Units from before are all read once more (-1 never matches).
    "ALTER TABLE units ADD COLUMN records INTEGER NOT NULL DEFAULT -1;",
    # A key of what each site file shows: an unchanged one is not rendered again ('' never matches).
    "ALTER TABLE site_files ADD COLUMN key TEXT NOT NULL DEFAULT '';",
    # Input hashes leave out the fields each download rewrites (input_hash). Older rows keep theirs,
    # tagged: the build compares such a row with legacy_input_hash, so the upgrade counts no update.
    "UPDATE records SET input_hash = 'legacy:' || input_hash;",
]
LEGACY_HASH = "legacy:"  # prefix of an input hash stored before migration 4


class StateError(SummarizerError):
    """The state file cannot be used (written by a newer summarizer, or not a state file)."""


def digest(*parts: str | bytes) -> str:
    """A short stable hash of ``parts`` (128-bit BLAKE2b: collisions are not a practical concern)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def input_hash(raw: RawRecord) -> str:
    """Hash of what a reader found, independent of key order and whitespace in JSON, and blind to the
    fields the registry rewrites in every download and no page shows (v2 ``versionHolder``, the
    snapshot date; XML ``<download_date>``): a fresh download is no new version ("updated N times")."""
    payload = raw.payload
    if raw.format == "ctgov-xml":
        start = payload.find("<download_date>")
        end = payload.find("</download_date>", start) if start >= 0 else -1
        return digest(raw.format, payload[:start] + payload[end + len("</download_date>"):] if end >= 0 else payload)
    if raw.format == "ctgov-v2":  # shallow copies of the dicts on the way to the field, not of the record
        derived = payload.get("derivedSection")
        misc = derived.get("miscInfoModule") if isinstance(derived, dict) else None
        if isinstance(misc, dict) and "versionHolder" in misc:
            misc = {key: value for key, value in misc.items() if key != "versionHolder"}
            payload = {**payload, "derivedSection": {**derived, "miscInfoModule": misc}}
    return _payload_hash(raw.format, payload)


def legacy_input_hash(raw: RawRecord) -> str:
    """The input hash of rows stored before migration 4 (volatile fields included), so that those rows
    can still tell an unchanged record (see ``LEGACY_HASH``)."""
    return _payload_hash(raw.format, raw.payload)


def _payload_hash(record_format: str, payload: Any) -> str:
    """Kept byte for byte as it is: the standard library's encoder, as a faster one with other float
    spellings (orjson writes 1e-7, the standard library 1e-07) would make every record look changed."""
    text = payload if isinstance(payload, str) else json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                                                separators=(",", ":"))
    return digest(record_format, text)


def _unused_settings(settings: Settings) -> set[str]:
    """Settings the configured drafter never reads: changing them remakes no page."""
    return {"rules": {"model", "openai"}, "transformers": {"openai"}}.get(settings.drafter, set())


def shape_hash(settings: Settings, workspace: Path | None, *variant: str) -> str:
    """Hash of everything besides the record that shapes every page: the package's code and data and
    its version, the templates and prompts (glossary included) in effect, the settings, and
    ``variant`` (e.g. the preview flag). Editor overrides are per page: see :func:`page_hash`."""
    parts: list[str | bytes] = [__version__, settings.model_dump_json(exclude=_unused_settings(settings)), *variant]
    code = sorted(p for p in PACKAGE_DIR.rglob("*")
                  if p.suffix in PACKAGE_SUFFIXES and "__pycache__" not in p.parts and p.is_file())
    for path in code:
        parts += [path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes()]
    for folder in ("templates", "prompts"):
        for path in list_files(folder, "**/*", workspace):
            if path.is_file():
                parts += [f"{folder}/{path.name}", path.read_bytes()]
    return digest(*parts)


def page_hash(shape: str, override: str | None) -> str:
    return digest(shape, override or "")


def override_hashes(workspace: Path | None) -> dict[str, str]:
    """Record ID -> hash of its editor override file: editing one remakes that page only."""
    folder = (workspace or Path.cwd()) / OVERRIDES_DIR
    if not folder.is_dir():
        return {}
    return {path.stem: digest(path.read_bytes()) for path in sorted(folder.glob("*.yaml")) if path.is_file()}


class BuildLock:
    """One build at a time per output folder: a second one would race the first for the same files."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise UsageError(f"another build is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


@dataclass
class RecordState:
    """One row of ``records``: what the site knows about a record whose page is on disk."""

    id: str
    source: str
    record_key: str
    unit: str
    input_hash: str
    page_hash: str
    first_seen: str
    last_seen: str
    updated: str
    record_updated: str | None
    versions: int
    seen_run: int
    title: str
    status: str | None
    grade: float | None
    errors: int
    warnings: int
    conditions: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    related: list[list[str]] = field(default_factory=list)
    linked_terms: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple) -> RecordState:
        values = list(row)
        for index in _JSON_COLUMNS:
            values[index] = json.loads(values[index])
        return cls(*values)

    def as_row(self) -> tuple:
        values = [getattr(self, name) for name in _FIELD_NAMES]  # not astuple: it deep-copies every list
        for index in _JSON_COLUMNS:
            values[index] = dumps(values[index])
        return tuple(values)


class StoredRecord(NamedTuple):
    """What deciding to skip a record, and reporting it unchanged, needs of its row (no JSON to parse)."""

    id: str
    source: str
    record_key: str
    input_hash: str
    page_hash: str
    title: str
    status: str | None
    grade: float | None
    errors: int
    warnings: int


STORED_COLUMNS = ", ".join(StoredRecord._fields)


@dataclass(frozen=True)
class History:
    """What a page says about its own history: first seen, last updated, updated N times."""

    first_seen: str
    updated: str
    versions: int

    @property
    def updates(self) -> int:
        return self.versions - 1


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_FIELD_NAMES = tuple(f.name for f in fields(RecordState))
COLUMNS = ", ".join(_FIELD_NAMES)
_JSON_COLUMNS = (-4, -3, -2, -1)
_PLACEHOLDERS = _marks(list(_FIELD_NAMES))


class Store:
    """The state file of one output folder. One writer (the build's main process); workers open it
    read-only. WAL journal: readers never block the writer, and a kill loses at most the open
    transaction."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        try:
            if readonly:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                                          check_same_thread=False)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, isolation_level=None)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: not a usable build state file ({exc}); delete it for a full rebuild") from exc
        self.run = int(self.meta("run") or 0)

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StateError(f"{self.path} was written by a newer summarizer (schema {version})")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def close(self) -> None:
        self.db.close()

    # ----------------------------------------------------------------- transactions

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def start_run(self) -> int:
        """Number this build; records it does not read keep an older ``seen_run`` (removed)."""
        self.run += 1
        self.set_meta("run", str(self.run))
        return self.run

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ----------------------------------------------------------------- records

    def record(self, record_id: str) -> RecordState | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM records WHERE id = ?", (record_id,)).fetchone()
        return RecordState.from_row(row) if row else None

    def seen(self, record_id: str) -> bool:
        """Whether this build has the record (made or found unchanged)."""
        row = self.db.execute("SELECT seen_run FROM records WHERE id = ?", (record_id,)).fetchone()
        return row is not None and row[0] == self.run

    def record_at(self, source: str, key: str) -> RecordState | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM records WHERE source = ? AND record_key = ?",
                              (source, key)).fetchone()
        return RecordState.from_row(row) if row else None

    def unit_records(self, units: list[str]) -> dict[str, list[StoredRecord]]:
        """The records of each of ``units`` (one query for many: a bulk download has a unit per study)."""
        found: dict[str, list[StoredRecord]] = {}
        rows = self.db.execute(f"SELECT unit, {STORED_COLUMNS} FROM records WHERE unit IN ({_marks(units)}) "
                               "ORDER BY rowid", units)
        for unit, *row in rows:
            found.setdefault(unit, []).append(StoredRecord(*row))
        return found

    def save(self, state: RecordState) -> None:
        self.db.execute(f"INSERT OR REPLACE INTO records ({COLUMNS}) VALUES ({_PLACEHOLDERS})", state.as_row())

    def mark_seen(self, record_id: str, source: str, key: str, unit: str, today: str) -> None:
        self.db.execute("UPDATE records SET seen_run = ?, last_seen = ?, source = ?, record_key = ?, unit = ? "
                        "WHERE id = ?", (self.run, today, source, key, unit, record_id))

    def mark_units_seen(self, units: list[str], source: str, today: str) -> set[str]:
        """Mark the records of ``units`` seen by this build (read from ``source``: an archive may have
        moved); the IDs marked, not those an earlier input of this build had already."""
        rows = self.db.execute(f"UPDATE records SET seen_run = ?, last_seen = ?, source = ? WHERE unit IN "
                               f"({_marks(units)}) AND seen_run < ? RETURNING id",
                               (self.run, today, source, *units, self.run))
        return {row[0] for row in rows}

    def set_related(self, record_id: str, related: list[list[str]]) -> None:
        """The related trials the page files show now, chosen with the record's current terms."""
        self.db.execute("UPDATE records SET related = ?, linked_terms = terms WHERE id = ?",
                        (dumps(related), record_id))

    def removed_links(self) -> Iterator[list[str]]:
        """Terms of removed records that related trials were chosen with (their postings are gone)."""
        rows = self.db.execute("SELECT linked_terms FROM records WHERE seen_run < ? AND linked_terms != '[]'",
                               (self.run,))
        return (json.loads(row[0]) for row in rows)

    def unlink_removed(self) -> None:
        self.db.execute("UPDATE records SET linked_terms = '[]' WHERE seen_run < ?", (self.run,))

    def removed(self) -> list[str]:
        """Records of earlier builds that this build's inputs no longer hold."""
        return [row[0] for row in self.db.execute("SELECT id FROM records WHERE seen_run < ? ORDER BY id", (self.run,))]

    def delete(self, record_id: str) -> None:
        self.db.execute("DELETE FROM records WHERE id = ?", (record_id,))

    def current(self, order: str = "id", columns: str = COLUMNS) -> Iterator[tuple[Any, ...]]:
        """Rows of the records this build read, streamed (never all in memory)."""
        return self.db.execute(f"SELECT {columns} FROM records WHERE seen_run = ? ORDER BY {order}", (self.run,))

    def count_current(self) -> int:
        return self.db.execute("SELECT count(*) FROM records WHERE seen_run = ?", (self.run,)).fetchone()[0]

    # ----------------------------------------------------------------- units and site files

    def units(self, names: list[str]) -> dict[str, tuple[str, int]]:
        """Unit -> the fingerprint it had when all its records were last built, and how many there were."""
        rows = self.db.execute(f"SELECT name, fingerprint, records FROM units WHERE name IN ({_marks(names)})", names)
        return {name: (fingerprint, records) for name, fingerprint, records in rows}

    def remember_unit(self, unit: str, fingerprint: str | None, records: int = 0) -> None:
        """``fingerprint`` None forgets the unit: it held a failure, so it is read again next time."""
        if fingerprint is None:
            self.db.execute("DELETE FROM units WHERE name = ?", (unit,))
        else:
            self.db.execute("INSERT OR REPLACE INTO units VALUES (?, ?, ?)", (unit, fingerprint, records))

    def site_files(self) -> dict[str, str]:
        """Site file -> key of what it shows, as the last build wrote them."""
        return dict(self.db.execute("SELECT path, key FROM site_files"))

    def set_site_files(self, keys: dict[str, str]) -> None:
        self.db.execute("DELETE FROM site_files")
        self.db.executemany("INSERT INTO site_files (path, key) VALUES (?, ?)", keys.items())
