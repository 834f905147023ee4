"""The build pipeline on real committed records: the page contract, isolation of bad records, escaping."""
import json
import shutil
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.disclaimers import REQUIRED_IDS
from summarizer.drafting.phrases import SECTION_IDS
from summarizer.pipeline import build, build_date

HERE = Path(__file__).parent
RECORDS = HERE / "fixtures" / "records"
BAD = HERE / "fixtures" / "bad"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        return build([RECORDS], out, Settings()), out


def test_build_date_comes_from_source_date_epoch():
    assert build_date() == "2026-11-18"


def test_every_record_gets_the_three_files_with_the_contract(built):
    result, out = built
    records = sorted(p.stem for p in RECORDS.glob("NCT*"))
    assert sorted(o.id for o in result.pages) == records
    for stem in records:
        page = json.loads((out / "trials" / f"{stem}.json").read_text())
        assert [s["id"] for s in page["sections"]] == list(SECTION_IDS)
        assert all(s["text"].strip() and s["readability"]["words"] > 0 for s in page["sections"])
        assert {d["id"] for d in page["disclaimers"]} >= set(REQUIRED_IDS)
        assert page["nct_id"] == stem and page["facts"]["nct_id"] == stem and page["provenance"]
        md = (out / "trials" / f"{stem}.md").read_text()
        assert md.startswith("---\n") and f"nct_id: {stem}" in md
        html = (out / "trials" / f"{stem}.html").read_text()
        assert '<html lang="en">' in html and '"@type": "MedicalTrial"' in html
        for sid in SECTION_IDS:
            assert f'<section id="{sid}"' in html


def test_index_and_report_list_every_page(built):
    result, out = built
    report = json.loads((out / "build-report.json").read_text())
    assert report["totals"]["pages"] == len(result.pages) == report["totals"]["records"]
    index = (out / "index.html").read_text()
    assert all(f'href="trials/{o.id}.html"' in index for o in result.pages)


def test_bad_records_are_isolated_one_line_each(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("NCT00763412.json", "NCT00460057.xml"):
        shutil.copy(RECORDS / name, inputs)
    for bad in BAD.iterdir():
        shutil.copy(bad, inputs)
    result = build([inputs], tmp_path / "out", Settings())
    assert sorted(o.id for o in result.pages) == ["NCT00460057", "NCT00763412"]
    failed = {Path(o.source).name: o.error for o in result.failures}
    assert set(failed) == {p.name for p in BAD.iterdir()}
    assert all(reason for reason in failed.values())
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "build-report.json").read_text())
    assert report["totals"]["failed"] == len(failed)


def test_record_text_is_escaped_in_html(tmp_path):
    study = json.loads((RECORDS / "NCT04207047.json").read_text())
    study["protocolSection"]["identificationModule"]["briefTitle"] = 'Evil <script>alert("x")</script> title'
    study["protocolSection"]["conditionsModule"]["conditions"] = ["<img src=x onerror=alert(1)>"]
    path = tmp_path / "NCT04207047.json"
    path.write_text(json.dumps(study))
    build([path], tmp_path / "out", Settings())
    html = (tmp_path / "out" / "trials" / "NCT04207047.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld and json.loads(ld)["name"].startswith("Evil <script>")


def test_the_same_study_twice_is_built_once(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(RECORDS / "NCT04207047.json", tmp_path / folder)
    result = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", Settings())
    assert len(result.pages) == 1 and "duplicate study NCT04207047" in result.failures[0].error


def test_output_is_deterministic(tmp_path):
    first = build([RECORDS], tmp_path / "one", Settings())
    second = build([RECORDS], tmp_path / "two", Settings())
    assert len(first.pages) == len(second.pages)
    for path in sorted((tmp_path / "one").rglob("*.*")):
        if path.name.startswith("."):  # the build's state file is bookkeeping, not output
            continue
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_the_grade_spread_covers_unchanged_pages_too(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted(RECORDS.glob("*.json"))[:4]:
        shutil.copy(path, inputs / path.name)
    first = build([inputs], tmp_path / "out", Settings(), jobs=0)
    (inputs / sorted(p.name for p in inputs.iterdir())[0]).unlink()
    shutil.copy(sorted(RECORDS.glob("*.json"))[4], inputs)  # one page made, three unchanged
    second = build([inputs], tmp_path / "out", Settings(), jobs=0)
    assert (len(second.pages), second.unchanged) == (1, 3)
    grades = sorted([page.grade for page in first.pages[1:]] + [second.pages[0].grade])
    assert second.grade_spread() == {"median": round((grades[1] + grades[2]) / 2, 1), "p90": grades[3], "max": grades[3]}
    assert build([inputs], tmp_path / "out", Settings(), jobs=0).grade_spread() == second.grade_spread()  # no change
