"""Editor overrides on real records: validation, application in build, checks on the hand-written text, staleness."""
import json
import textwrap
from pathlib import Path

import pytest

from summarizer.checks import check_paths
from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.overrides import Overrides
from summarizer.pipeline import PageMaker, build

RECORDS = Path(__file__).parent / "fixtures" / "records"
MIGRAINE = RECORDS / "NCT00460005.xml"  # last updated 2008-04-15; condition "Migraine Headache"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def write_override(workspace: Path, page_id: str, text: str) -> Path:
    path = workspace / "overrides" / f"{page_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def built_page(workspace: Path, out: Path, record: Path = MIGRAINE) -> dict:
    result = build([record], out, Settings(), workspace)
    assert not result.failures, result.failures
    return json.loads((out / "trials" / f"{record.stem}.json").read_text())


def test_no_override_folder_means_no_overrides(tmp_path):
    assert Overrides.load(tmp_path).files == {}
    assert Overrides.load(None).files == {}


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    write_override(tmp_path, "NCT00000001", """\
        record_last_update: 2020-01-01
        sections: {summary: "Text.", sumary: "Typo."}
        colour: blue
        """)
    write_override(tmp_path, "NCT00000002", """\
        record_last_update: 2020-01
        sections: {where: "Text."}
        hide: {where: "Both at once."}
        """)
    write_override(tmp_path, "NCT00000003", "sections: [unclosed\n")
    write_override(tmp_path, "NCT00000004", "sections: {summary: Text.}\n")
    with pytest.raises(ConfigError) as caught:
        Overrides.load(tmp_path)
    problems = "\n".join(caught.value.problems)
    assert "NCT00000001.yaml: sections: unknown section id(s) sumary" in problems
    assert "NCT00000001.yaml: colour: Extra inputs are not permitted" in problems
    assert "NCT00000002.yaml: (top level): section(s) where both replaced and hidden: choose one" in problems
    assert "NCT00000003.yaml: cannot read YAML" in problems
    assert "NCT00000004.yaml: record_last_update: Field required" in problems


def test_glossary_entries_are_validated_like_the_glossary(tmp_path):
    write_override(tmp_path, "NCT00460005", """\
        record_last_update: 2008-04-15
        glossary: [{term: Migraine Headache, kind: condition, plain: "a headache that lasts 3 days"}]
        """)
    with pytest.raises(ConfigError, match="digits"):
        Overrides.load(tmp_path)


def test_override_replaces_text_hides_a_section_and_extends_the_glossary(tmp_path):
    write_override(tmp_path, "NCT00460005", """\
        record_last_update: 2008-04-15
        sections:
          what_happens: |
            The study team asks you about your headaches.
            They write down what you tell them.
        hide:
          where: The list of sites is out of date.
        glossary:
          - {term: Migraine Headache, kind: condition, plain: a bad headache that comes back again and again}
        """)
    page = built_page(tmp_path, tmp_path / "site")
    sections = {s["id"]: s for s in page["sections"]}
    assert "where" not in sections
    assert sections["what_happens"]["text"] == "The study team asks you about your headaches. They write down what you tell them."
    assert sections["what_happens"]["drafter"] == "editor" and sections["what_happens"]["variant"] == "override"
    assert "Migraine Headache is a bad headache that comes back again and again." in sections["summary"]["text"]
    assert page["override"] == {
        "file": "overrides/NCT00460005.yaml", "sections": ["what_happens"],
        "hidden": {"where": "The list of sites is out of date."}, "glossary": ["Migraine Headache"],
        "written_for": "2008-04-15", "record_last_update": "2008-04-15", "stale": False,
    }
    missing = [f for f in page["findings"] if f["check"] == "section.missing"]
    assert missing == [{"check": "section.missing", "severity": "error", "message": missing[0]["message"],
                        "value": "where", "suppressed": True}]
    # `summarizer check` on the built folder agrees: hiding on purpose is not an error.
    result = check_paths([tmp_path / "site"], Settings().check)
    assert not [f for f in result.findings if f.check == "section.missing" and not f.suppressed]


def test_hand_written_text_goes_through_the_same_checks(tmp_path):
    write_override(tmp_path, "NCT00460005", """\
        record_last_update: 2008-04-15
        sections:
          what_happens: TODO. The study runs for 17 weeks.
        """)
    page = built_page(tmp_path, tmp_path / "site")
    found = {(f["check"], f.get("section")) for f in page["findings"] if not f.get("suppressed")}
    assert ("placeholder.leftover", "what_happens") in found
    assert ("faithfulness.number", "what_happens") in found


def test_override_written_for_an_older_record_is_flagged_stale(tmp_path, caplog):
    write_override(tmp_path, "NCT00460005", """\
        record_last_update: 2007-01-31
        sections: {summary: This study watches people who have migraines.}
        """)
    page = built_page(tmp_path, tmp_path / "site")
    assert page["override"]["stale"] is True
    assert page["override"]["written_for"] == "2007-01-31"
    assert page["override"]["record_last_update"] == "2008-04-15"
    assert page["sections"][0]["text"] == "This study watches people who have migraines."
    assert "written for the record as updated on 2007-01-31" in caplog.text


def test_pages_without_an_override_say_so(tmp_path):
    write_override(tmp_path, "NCT99999999", "record_last_update: 2020-01-01\n")
    page = built_page(tmp_path, tmp_path / "site")
    assert page["override"] is None
    assert "suppress" not in page


def test_an_override_no_input_holds_is_reported_without_failing_the_build(tmp_path, caplog):
    clean = build([MIGRAINE], tmp_path / "clean", Settings(), tmp_path)
    write_override(tmp_path, "NCT00460005", "record_last_update: 2008-04-15\n")
    write_override(tmp_path, "NCT00460050", "record_last_update: 2008-04-15\n")  # digits swapped
    caplog.set_level("WARNING", logger="summarizer.overrides")
    result = build([MIGRAINE], tmp_path / "site", Settings(), tmp_path)
    assert result.unmatched_overrides == ["overrides/NCT00460050.yaml"]
    assert result.exit_code == clean.exit_code
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == ["overrides/NCT00460050.yaml: no input of this build holds study NCT00460050, "
                        "so the override is not used (is the ID right?)"]
    report = json.loads((tmp_path / "site" / "build-report.json").read_text())
    assert report["totals"]["unmatched_overrides"] == ["overrides/NCT00460050.yaml"]


def test_an_unchanged_rebuild_still_reports_it(tmp_path):
    write_override(tmp_path, "NCT00460050", "record_last_update: 2008-04-15\n")
    build([MIGRAINE], tmp_path / "site", Settings(), tmp_path)
    again = build([MIGRAINE], tmp_path / "site", Settings(), tmp_path)
    assert again.unchanged == 1 and again.unmatched_overrides == ["overrides/NCT00460050.yaml"]


def test_a_record_that_is_in_the_input_but_fails_holds_its_override(tmp_path, monkeypatch):
    def fail(self, trial, draft=None):
        raise ValueError("a broken page")

    monkeypatch.setattr(PageMaker, "page", fail)
    write_override(tmp_path, "NCT00460005", "record_last_update: 2008-04-15\n")
    result = build([MIGRAINE], tmp_path / "site", Settings(), tmp_path, jobs=0)
    assert [f.id for f in result.failures] == ["NCT00460005"]
    assert result.unmatched_overrides == []
