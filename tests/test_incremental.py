"""Incremental, parallel builds on real records: what a rebuild remakes, history, pruning, the same
output whatever the number of workers, and a build killed with SIGKILL half-way."""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.extract import extract
from summarizer.pipeline import build
from summarizer.readers import read_paths
from summarizer.state import STATE_FILE, Store, legacy_input_hash

HERE = Path(__file__).parent
ROOT = HERE.parent
RECORDS = HERE / "fixtures" / "records"
DAY_ONE, DAY_THREE = "1795000000", "1795172800"  # 2026-11-18, 2026-11-20


def replicas(count: int) -> list[tuple[str, str]]:
    """(file name, text) of ``count`` records: the committed fixtures again and again under new NCT IDs."""
    originals = sorted(RECORDS.glob("NCT*"))
    out = []
    for number in range(count):
        path = originals[number % len(originals)]
        new_id = f"NCT8{number:07d}"
        out.append((f"{new_id}{path.suffix}", path.read_text(encoding="utf-8").replace(path.stem, new_id)))
    return out


def page_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_ONE)
    folder = tmp_path / "in"
    shutil.copytree(RECORDS, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_a_rebuild_remakes_only_what_changed_and_pages_keep_their_history(records, tmp_path, monkeypatch):
    out = tmp_path / "site"
    first = build([records], out, Settings(), jobs=0)
    assert len(first.pages) == 19 and first.unchanged == 0

    # Nothing changed (one file touched: read again, found unchanged by its content): no page is made.
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    (records / "NCT04207047.json").touch()
    same = build([records], out, Settings(), jobs=0)
    assert same.pages == [] and same.unchanged == 19
    assert [p.name for p, mtime in mtimes.items() if p.stat().st_mtime_ns != mtime] == ["build-report.json"]
    report = json.loads((out / "build-report.json").read_text())
    assert report["totals"]["unchanged"] == 19 and all(r["unchanged"] for r in report["records"])

    # One record changed, two days later: only its page is made again, and it tells its history.
    path = records / "NCT00460057.xml"
    path.write_text(path.read_text().replace("<brief_title>", "<brief_title>Revised: ", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_THREE)
    changed = build([records], out, Settings(), jobs=0)
    assert [o.id for o in changed.pages] == ["NCT00460057"] and changed.unchanged == 18
    html = (out / "trials" / "NCT00460057.html").read_text()
    assert "First seen 18 November 2026 · Last updated 20 November 2026 · Updated 1 time<" in html
    page = json.loads((out / "trials" / "NCT00460057.json").read_text())
    assert page["history"] == {"first_seen": "2026-11-18", "last_updated": "2026-11-20", "updates": 1}
    assert "Updated 0 times" in (out / "trials" / "NCT00763412.html").read_text()
    store = Store(out / STATE_FILE, readonly=True)
    row = store.record("NCT00460057")
    assert (row.versions, row.first_seen, row.last_seen, row.record_updated) == (
        2, "2026-11-18", "2026-11-20", page["facts"]["last_update"]["date"])
    assert store.record("NCT00763412").last_seen == "2026-11-20"
    store.close()

    # A record gone from the inputs is reported, left out of the listings, and deleted with prune.
    path.unlink()
    kept = build([records], out, Settings(), jobs=0)
    assert kept.removed == ["NCT00460057"] and not kept.pruned and kept.pages == []
    assert (out / "trials" / "NCT00460057.html").exists()
    assert "NCT00460057" not in (out / "index.html").read_text()
    pruned = build([records], out, Settings(), jobs=0, prune=True)
    assert pruned.removed == ["NCT00460057"] and pruned.pruned
    assert not list((out / "trials").glob("NCT00460057.*"))


def test_templates_remake_every_page_and_an_override_only_its_own(records, tmp_path):
    out, workspace = tmp_path / "site", tmp_path / "workspace"
    workspace.mkdir()
    build([records], out, Settings(), workspace, jobs=0)
    (workspace / "overrides").mkdir()
    (workspace / "overrides" / "NCT04207047.yaml").write_text(
        "record_last_update: 2020-01-01\nsections:\n  summary: This study tests a new way to care for people.\n")
    override = build([records], out, Settings(), workspace, jobs=0)
    assert [o.id for o in override.pages] == ["NCT04207047"] and override.unchanged == 18
    (workspace / "templates").mkdir()
    md = (ROOT / "templates" / "page.md.j2").read_text()
    (workspace / "templates" / "page.md.j2").write_text(md.replace("## Please read", "## Please read this"))
    template = build([records], out, Settings(), workspace, jobs=0)
    assert len(template.pages) == 19 and template.unchanged == 0
    text = (out / "trials" / "NCT04207047.md").read_text()
    assert "## Please read this" in text and "Updated 0 times" in text  # remade, but the record did not change


def test_sources_that_move_are_followed(tmp_path, monkeypatch):
    """A bulk download saved under a new name is still skipped unread; a record that moved to another
    file and back is found where it is, never lost."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_ONE)
    out = tmp_path / "site"
    files = replicas(6)
    for name in ("day1.zip", "day2.zip"):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            for member, text in files:
                archive.writestr(member, text)
    assert len(build([tmp_path / "day1.zip"], out, Settings(), jobs=0).pages) == 6
    again = build([tmp_path / "day2.zip"], out, Settings(), jobs=0)
    assert again.unchanged == 6 and again.removed == []
    report = json.loads((out / "build-report.json").read_text())
    assert {r["source"] for r in report["records"]} == {str(tmp_path / "day2.zip")}

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.json").write_text((RECORDS / "NCT04207047.json").read_text())
    (tmp_path / "b" / "two.json").write_text((RECORDS / "NCT04207047.json").read_text())
    for folder in ("a", "b", "a"):
        result = build([tmp_path / folder], out, Settings(), jobs=0, prune=True)
        assert result.unchanged + len(result.pages) == 1 and not result.failures, folder


def test_output_is_byte_identical_whatever_the_number_of_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_ONE)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in replicas(24):
        (folder / name).write_text(text)
    outputs = {}
    for jobs in (0, 1, 2):  # in this process, one worker, two workers
        build([folder], tmp_path / str(jobs), Settings(), jobs=jobs)
        outputs[jobs] = page_files(tmp_path / str(jobs))
    assert len([k for k in outputs[0] if k.startswith("trials/")]) == 72
    for jobs in (1, 2):
        assert outputs[jobs].keys() == outputs[0].keys()
        assert [name for name in outputs[0] if outputs[0][name] != outputs[jobs][name]] == []


def test_a_build_killed_with_sigkill_half_way_is_finished_by_the_next(tmp_path):
    """A real build in a subprocess on a few hundred records, killed with SIGKILL mid-run: the next
    build finishes the job; the store and the pages are whole, and no temporary file is left."""
    bulk, out = tmp_path / "bulk.zip", tmp_path / "site"
    with zipfile.ZipFile(bulk, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in replicas(200):
            archive.writestr(name, text)
    command = [sys.executable, "-m", "summarizer.cli", "build", str(bulk), "--out", str(out), "-q", "--jobs", "2"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": DAY_ONE}
    victim = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and victim.poll() is None:
            workers |= {int(p) for p in _children(victim.pid)}
            if len(list((out / "trials").glob("*.json"))) >= 40:
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the build ended before it could be killed"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        deadline = time.monotonic() + 10
        while workers & _alive() and time.monotonic() < deadline:  # the workers die with the main process
            time.sleep(0.05)
        assert not workers & _alive()
    finally:
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
    partial = len(list((out / "trials").glob("*.json")))
    assert 40 <= partial < 200

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert again.returncode in (0, 1), again.stderr
    report = json.loads((out / "build-report.json").read_text())
    assert report["totals"]["pages"] == 200 and report["totals"]["failed"] == 0
    assert 0 < report["totals"]["unchanged"] < 200  # what the killed build finished stands
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    store = Store(out / STATE_FILE, readonly=True)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [row[0] for row in store.current(columns="id")]
    store.close()
    assert len(ids) == 200 == len(list((out / "trials").glob("*.json")))
    for record_id in ids:
        page = json.loads((out / "trials" / f"{record_id}.json").read_text())
        assert page["id"] == record_id and page["history"]["updates"] == 0
        assert (out / "trials" / f"{record_id}.html").read_text().rstrip().endswith("</html>")
        assert (out / "trials" / f"{record_id}.md").read_text().startswith("---\n")


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _alive() -> set[int]:
    alive = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(int(entry))
            except OSError:
                pass
    return alive


def test_every_input_record_is_in_the_report_web_pages_too(records, tmp_path):
    (records / "notes.txt").write_text("Nothing here names a trial.\n")
    result = build([records], tmp_path / "site", Settings(), jobs=0)
    report = json.loads((tmp_path / "site" / "build-report.json").read_text())
    assert report["totals"]["records"] == result.records == 20 == len(report["records"])
    failed = [r for r in report["records"] if not r["ok"]]
    assert [Path(r["source"]).name for r in failed] == ["notes.txt"] == [Path(o.source).name for o in result.failures]


def test_a_fresh_download_of_unchanged_studies_counts_no_update(records, tmp_path, monkeypatch):
    """The registry rewrites the snapshot date (v2 ``versionHolder``, XML ``<download_date>``) in every
    download; no page shows it, so a record that differs only there is unchanged."""
    monkeypatch.setattr("summarizer.pipeline.shape_hash", lambda *args: "shape")  # whatever else edits the code
    out = tmp_path / "site"
    build([records], out, Settings(), jobs=0)
    for path in records.glob("NCT*"):
        text = path.read_text()
        fresh = re.sub(r'"versionHolder": *"[^"]*"', '"versionHolder": "2027-01-01"', text)
        fresh = re.sub(r"processed this data on [^<]*<", "processed this data on January 01, 2027<", fresh)
        assert fresh != text, path.name
        path.write_text(fresh)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_THREE)
    again = build([records], out, Settings(), jobs=0)
    assert again.pages == [] and again.unchanged == 19
    assert "Updated study" not in (out / "feed.xml").read_text()
    assert "Updated 0 times" in (out / "trials" / "NCT00460005.html").read_text()


def test_upgrading_from_the_old_input_hash_counts_only_real_updates(records, tmp_path, monkeypatch):
    """A state file from before migration 4 holds hashes of whole records: the upgraded build remakes
    every page (as any new code does, through the page hash) but counts an update only for a record
    that really changed."""
    monkeypatch.setattr("summarizer.pipeline.shape_hash", lambda *args: "shape")  # whatever else edits the code
    out = tmp_path / "site"
    build([records], out, Settings(), jobs=0)
    legacy = {}
    for raw in read_paths(records):
        legacy[extract(raw).id] = legacy_input_hash(raw)
    db = sqlite3.connect(out / STATE_FILE, isolation_level=None)  # as summarizer before migration 4 left it
    db.executemany("UPDATE records SET input_hash = ?, page_hash = 'older code' WHERE id = ?",
                   [(value, record_id) for record_id, value in legacy.items()])
    db.execute("PRAGMA user_version = 3")
    db.close()
    path = records / "NCT00460057.xml"
    path.write_text(path.read_text().replace("<brief_title>", "<brief_title>Revised: ", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_THREE)
    upgraded = build([records], out, Settings(), jobs=0)
    assert len(upgraded.pages) == 19
    updates = {p.stem: json.loads(p.read_text())["history"]["updates"] for p in (out / "trials").glob("*.json")}
    assert updates == {record_id: record_id == "NCT00460057" for record_id in legacy}
    store = Store(out / STATE_FILE, readonly=True)
    assert not [row[0] for row in store.current(columns="input_hash") if row[0].startswith("legacy:")]
    store.close()
    assert build([records], out, Settings(), jobs=0).unchanged == 19


@pytest.mark.parametrize("jobs", [0, 1])
def test_the_state_file_stands_alone_after_a_build(records, tmp_path, jobs):
    """No -wal or -shm file is left beside it: the in-process worker's read connection is closed too."""
    out = tmp_path / "site"
    for _build in range(2):
        build([records], out, Settings(), jobs=jobs)
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
            ".summarizer-build.lock", STATE_FILE]
