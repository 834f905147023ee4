"""The model cache and audit log: numbered migrations, exact-prompt cache hits, every call kept."""
from __future__ import annotations

import json
import sqlite3

from summarizer.drafting.model_log import MIGRATIONS, LoggedResponse, ModelLog, facts_hash


def entry(response: str | None = "A plain answer.", error: str | None = None, prompt: str = "Facts: X") -> LoggedResponse:
    return LoggedResponse(model="m", prompt_version="summary@1", facts_hash="h", trial_id="NCT1", section="summary",
                          system="sys", prompt=prompt, response=response, error=error, seconds=0.5)


def test_migrations_run_once_in_order_and_are_recorded(tmp_path):
    path = tmp_path / "nested" / "log.db"
    log = ModelLog(path)
    log.close()
    db = sqlite3.connect(path)
    assert [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")] == [n for n, _ in MIGRATIONS]
    assert {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {"responses", "verdicts"}
    db.close()
    reopened = ModelLog(path)
    assert reopened.migrate() == []
    reopened.close()


def test_a_logged_answer_is_served_for_the_same_model_version_facts_and_prompt():
    log = ModelLog(":memory:")
    [rid] = log.record([entry()])
    assert log.cached("m", "summary@1", "h", "sys", "Facts: X") == (rid, "A plain answer.")
    assert log.cached("other-model", "summary@1", "h", "sys", "Facts: X") is None
    assert log.cached("m", "summary@2", "h", "sys", "Facts: X") is None
    assert log.cached("m", "summary@1", "other-hash", "sys", "Facts: X") is None
    # an edited prompt without a version bump is not served a stale answer
    assert log.cached("m", "summary@1", "h", "sys", "Facts: X, edited") is None


def test_failed_calls_are_kept_for_audit_but_never_served():
    log = ModelLog(":memory:")
    log.record([entry(response=None, error="TimeoutError: timed out")])
    assert log.cached("m", "summary@1", "h", "sys", "Facts: X") is None
    assert log.db.execute("SELECT error FROM responses").fetchall() == [("TimeoutError: timed out",)]


def test_verdicts_record_what_the_guardrails_decided():
    log = ModelLog(":memory:")
    kept, dropped = log.record([entry(), entry(prompt="Facts: Y")])
    log.record_verdicts([(kept, "NCT1", "summary", []), (dropped, "NCT1", "summary", ["faithfulness.number: 42"])])
    rows = log.db.execute("SELECT response_id, kept, reasons FROM verdicts ORDER BY id").fetchall()
    assert rows == [(kept, 1, "[]"), (dropped, 0, json.dumps(["faithfulness.number: 42"]))]


def test_facts_hash_is_stable_and_ignores_key_order():
    assert facts_hash({"a": 1, "b": "x"}) == facts_hash({"b": "x", "a": 1})
    assert facts_hash({"a": 1}) != facts_hash({"a": 2})
