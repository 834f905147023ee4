"""check_paths over files and folders: which files, every finding, no crash on a bad file, same result in parallel."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summarizer.checks import CheckConfig, CheckDocument, check_paths, run_checks, tally
from summarizer.checks.document import DocSection
from summarizer.checks.engine import expand_paths
from summarizer.errors import UsageError

PAGES = Path(__file__).parent / "fixtures" / "pages"


def errors(path: Path) -> list[tuple[str, int | None]]:
    return [(f.check, f.line) for f in check_paths([path], CheckConfig()).findings if f.severity == "error" and not f.suppressed]


@pytest.mark.parametrize("name, expected", [
    ("clean.md", []),
    ("clean.html", []),
    ("chewing-study.json", []),
    ("missing-disclaimer.md", [("disclaimer.missing", None)]),
    ("placeholder.md", [("placeholder.template", 54)]),
    ("cures.md", [("claims.promotional", 21)]),
    ("doctor.json", [("faithfulness.person", 115)]),
])
def test_each_fixture_page_gets_the_right_check_and_line(name, expected):
    assert errors(PAGES / name) == expected


def test_grade16_fails_on_reading_level():
    assert ("readability.grade", 8) in errors(PAGES / "grade16.md")


def test_hand_written_pages_report_faithfulness_as_not_run():
    findings = check_paths([PAGES / "clean.md"], CheckConfig()).findings
    assert [(f.check, f.severity) for f in findings] == [("faithfulness.not_run", "info")]


def test_a_folder_checks_a_built_page_once_and_skips_build_artefacts(tmp_path):
    site = tmp_path / "site"
    (site / "trials").mkdir(parents=True)
    (site / "build-report.json").write_text("{}")
    (site / "index.html").write_text("<h2>Index</h2>")
    for suffix in (".json", ".md"):
        shutil.copy(PAGES / f"chewing-study{suffix if suffix == '.json' else '.json'}", site / "trials" / f"NCT05594173{suffix}")
    shutil.copy(PAGES / "clean.md", site / "trials" / "hand-written.md")
    (site / "trials" / ".hidden.md").write_text("# hidden")
    assert [p.name for p in expand_paths([site])] == ["NCT05594173.json", "hand-written.md"]
    assert [p.name for p in expand_paths([site / "trials" / "NCT05594173.md", site])] == [
        "NCT05594173.md", "NCT05594173.json", "hand-written.md"]


def test_a_folder_lists_its_pages_in_path_order_without_hidden_ones(tmp_path):
    names = ["a-b/x.md", "a/x.md", "a/x.json", "a/y.html", "a/Y.JSON", "a/sub/z.htm", "a.md", ".hidden/z.md", "a/.draft.md",
             "c.MD", "b.markdown", "notes.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    listed = expand_paths([tmp_path])
    # "a/x.md" goes with "a/x.json"; "a/" comes before "a-b/" and "a.md", part by part, as Path sorts them
    assert listed == sorted(listed) and [p.relative_to(tmp_path).as_posix() for p in listed] == [
        "a/Y.JSON", "a/sub/z.htm", "a/x.json", "a/y.html", "a-b/x.md", "a.md", "b.markdown", "c.MD"]


def test_a_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        check_paths([tmp_path / "nope"], CheckConfig())


def test_one_bad_file_never_stops_the_run(tmp_path):
    (tmp_path / "a-broken.json").write_text("{not json")
    (tmp_path / "b-report.json").write_text('{"pages": 3}')
    (tmp_path / "c-binary.md").write_bytes(b"\xff\xfe\x00")
    shutil.copy(PAGES / "clean.md", tmp_path / "d-clean.md")
    result = check_paths([tmp_path], CheckConfig())
    unreadable = [f for f in result.findings if f.check == "check.unreadable"]
    assert [Path(f.file).name for f in unreadable] == ["a-broken.json", "b-report.json", "c-binary.md"]
    assert all(f.severity == "error" and f.message.startswith("Could not read this file as a page") for f in unreadable)
    assert len(result.files) == 4 and tally(result).counts()["check.unreadable"] == 3


def test_findings_are_sorted_and_suppressions_reported(tmp_path):
    text = (PAGES / "cures.md").read_text().replace("## What it could mean", "## What it could mean\n<!-- summarizer: disable=claims -->")
    (tmp_path / "cures.md").write_text(text)
    findings = check_paths([tmp_path / "cures.md"], CheckConfig(), workers=1).findings
    [claim] = [f for f in findings if f.check == "claims.promotional"]
    assert claim.suppressed and errors(tmp_path / "cures.md") == []
    assert [(f.line or 0, f.check) for f in findings] == sorted((f.line or 0, f.check) for f in findings)


def test_an_unknown_suppression_id_is_reported():
    doc = CheckDocument("page.md", (DocSection("summary", "Summary", "Plain words.", line=1),), disabled=("readabilty",))
    assert [(f.check, f.value) for f in run_checks(doc, CheckConfig()) if f.check == "suppression.unknown"] == [
        ("suppression.unknown", "readabilty")]


def test_parallel_workers_give_the_same_result():
    sequential = check_paths([PAGES], CheckConfig(), workers=1)
    parallel = check_paths([PAGES], CheckConfig(), workers=2)
    assert parallel == sequential and len(sequential.files) == 8


def test_the_collector_settings_are_restored_after_a_run():
    import gc

    before = gc.get_threshold()
    check_paths([PAGES / "clean.md"], CheckConfig(), workers=1)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_small_runs_stay_in_one_process_and_large_ones_use_the_cpus(monkeypatch):
    from summarizer.checks import engine

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    assert engine._worker_count(None, engine.PARALLEL_FROM_FILES - 1) == 1
    assert engine._worker_count(None, engine.PARALLEL_FROM_FILES) == 2
    assert engine._worker_count(3, 1) == 3 and engine._worker_count(0, 10_000) == 1


def test_chunks_shrink_towards_the_end_and_keep_every_file_in_order():
    from summarizer.checks import engine

    files = [Path(f"p{i}.json") for i in range(1267)]
    chunks = engine._chunks(files, 2)
    sizes = [len(chunk) for chunk in chunks]
    assert [f for chunk in chunks for f in chunk] == files
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 1267 // 8 and sizes[-1] <= 8
    assert max(len(c) for c in engine._chunks(files * 100, 2)) == engine.MAX_CHUNK
