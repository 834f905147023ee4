"""The model drafters' SQLite cache and audit log, in the manner of simonw/llm's ``logs.db``.

Every prompt sent and every answer (or failure) is kept, with the guardrail verdict on it, so an
editor can audit what a model wrote and why it was dropped. The same table is the cache: a
section is answered from the log when the model id, prompt version and facts hash match and the
prompt text is unchanged, so a rebuild never asks the model twice for the same section. Failed
requests are logged but never served from the cache.

The schema grows by numbered migrations, each applied once, in order, and recorded in
``_migrations``. Never edit a released migration; add the next number.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ConfigError


def _m001_responses(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            facts_hash TEXT NOT NULL,
            trial_id TEXT NOT NULL,
            section TEXT NOT NULL,
            system TEXT NOT NULL,
            prompt TEXT NOT NULL,
            response TEXT,
            error TEXT,
            seconds REAL NOT NULL,
            created TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX responses_key ON responses (model, prompt_version, facts_hash)")


def _m002_verdicts(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            trial_id TEXT NOT NULL,
            section TEXT NOT NULL,
            kept INTEGER NOT NULL,
            reasons TEXT NOT NULL,
            created TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX verdicts_response ON verdicts (response_id)")


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("m001_responses", _m001_responses),
    ("m002_verdicts", _m002_verdicts),
]


def facts_hash(variables: dict[str, object]) -> str:
    """A stable hash of what a prompt is filled with (facts, glossary, targets)."""
    canonical = json.dumps(variables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LoggedResponse:
    """One model call: what was asked, for which section, and what came back."""

    model: str
    prompt_version: str
    facts_hash: str
    trial_id: str
    section: str
    system: str
    prompt: str
    response: str | None
    error: str | None
    seconds: float


class ModelLog:
    """An open log database. Use from one thread (the drafters call models concurrently, log serially)."""

    def __init__(self, path: Path | str):
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path))
            self.db.execute("PRAGMA journal_mode = WAL")  # readers (an editor auditing) never block a build
            self.migrate()
        except sqlite3.Error as exc:
            raise ConfigError([f"cannot open the model log: {exc}"], source=str(path)) from exc

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet; returns their names."""
        with self.db:
            self.db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT name FROM _migrations")}
        applied = []
        for name, step in MIGRATIONS:
            if name in done:
                continue
            with self.db:
                step(self.db)
                self.db.execute("INSERT INTO _migrations (name, applied) VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def cached(self, model: str, prompt_version: str, key: str, system: str, prompt: str) -> tuple[int, str] | None:
        """(response id, text) of the latest answer to this exact prompt, if any."""
        row = self.db.execute(
            "SELECT id, response FROM responses WHERE model = ? AND prompt_version = ? AND facts_hash = ?"
            " AND system = ? AND prompt = ? AND response IS NOT NULL ORDER BY id DESC LIMIT 1",
            (model, prompt_version, key, system, prompt),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def record(self, entries: list[LoggedResponse]) -> list[int]:
        """Log model calls in one transaction; returns their response ids, in order."""
        created = _now()
        ids = []
        with self.db:
            for e in entries:
                cursor = self.db.execute(
                    "INSERT INTO responses (model, prompt_version, facts_hash, trial_id, section, system, prompt,"
                    " response, error, seconds, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.model, e.prompt_version, e.facts_hash, e.trial_id, e.section, e.system, e.prompt,
                     e.response, e.error, e.seconds, created),
                )
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def record_verdicts(self, verdicts: list[tuple[int, str, str, list[str]]]) -> None:
        """The guardrails' decisions as (response id, trial id, section, reasons): kept when no reasons."""
        created = _now()
        with self.db:
            self.db.executemany(
                "INSERT INTO verdicts (response_id, trial_id, section, kept, reasons, created) VALUES (?, ?, ?, ?, ?, ?)",
                [(rid, trial_id, section, int(not reasons), json.dumps(reasons, ensure_ascii=False), created)
                 for rid, trial_id, section, reasons in verdicts],
            )

    def close(self) -> None:
        self.db.close()
