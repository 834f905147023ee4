"""build-report.json streamed: valid JSON with totals, one line per record, duplicates; nothing left behind."""
import json

from summarizer.build_report import ReportWriter
from summarizer.pipeline import BuildResult, Outcome


def test_the_report_is_put_together_from_streamed_lines(tmp_path):
    result = BuildResult(out=tmp_path)
    outcomes = [Outcome(source="a.zip", record="NCT1.json", ok=True, id="NCT1", grade=5.0, warnings=2),
                Outcome(source="a.zip", record="NCT2.json", ok=True, id="NCT2", unchanged=True, errors=1),
                Outcome(source="b.json", record="#3", ok=False, error='bad "JSON"\nsecond line')]
    with ReportWriter(tmp_path) as report:
        for outcome in outcomes:
            report.add(outcome)
            result.add(outcome)
        result.removed = ["NCT9"]
        report.finish(result, "2026-11-18")
    text = (tmp_path / "build-report.json").read_text()
    data = json.loads(text)
    assert data["generated"] == "2026-11-18" and data["duplicates"] == []
    assert data["totals"] == {"records": 3, "pages": 2, "built": 1, "unchanged": 1, "failed": 1, "error_findings": 1,
                              "grade": {"median": 5.0, "p90": 5.0, "max": 5.0}, "removed": ["NCT9"], "pruned": False,
                              "unmatched_overrides": []}
    assert [r["record"] for r in data["records"]] == ["NCT1.json", "NCT2.json", "#3"]
    assert data["records"][2]["error"] == 'bad "JSON"\nsecond line'
    assert len(text.splitlines()) < 30  # one line per record
    assert [p.name for p in tmp_path.iterdir()] == ["build-report.json"]


def test_an_empty_build_has_an_empty_list(tmp_path):
    with ReportWriter(tmp_path) as report:
        report.finish(BuildResult(out=tmp_path), "2026-11-18")
    assert json.loads((tmp_path / "build-report.json").read_text())["records"] == []
