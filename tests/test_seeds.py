"""Building the bundled seeds/: one page per seed document and per real record, nothing carried over
from the web pages' faults, and the probable duplicate flagged with its evidence (issue 5)."""
import json
import re
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.pipeline import build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FORBIDDEN = ("{{", "•••", "Sarah Johnson", "Michael Thompson", "Emily Rodriguez", "Fake Ad")
FOOTNOTE_GLUED = re.compile(r"[a-z][.)]\d{2,}\b|[a-z]\d{4,}\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        result = build([SEEDS], out, Settings())
    return result, out


def test_one_page_per_seed_document_and_record(site):
    result, out = site
    assert not result.failures, [(o.source, o.error) for o in result.failures]
    ids = {o.id for o in result.pages}
    assert {"NCT06857240", "NCT07153666", "NCT05488327", "001_e39d1c6d6697f6e5", "003_b6732c64129c1061"} <= ids
    records = {p.stem for p in SEEDS.glob("NCT*")}
    assert records <= ids
    assert len(ids) == len(records) + 5


def test_no_page_carries_over_the_web_pages_faults(site):
    _result, out = site
    for path in sorted((out / "trials").glob("*.*")):
        text = path.read_text(encoding="utf-8")
        for fault in FORBIDDEN:
            assert fault not in text, (path.name, fault)
        if path.suffix == ".md":
            body = text.split("\n---\n", 1)[1]
            assert not FOOTNOTE_GLUED.search(re.sub(r"https?://\S+", "", body)), path.name


def test_seed_001_and_000_are_flagged_as_a_probable_duplicate_not_merged(site):
    _result, out = site
    report = json.loads((out / "build-report.json").read_text())
    groups = [g for g in report["duplicates"] if set(g["ids"]) == {"001_e39d1c6d6697f6e5", "NCT06857240"}]
    assert len(groups) == 1 and any("ruxolitinib" in e for e in groups[0]["evidence"])
    assert (out / "trials" / "001_e39d1c6d6697f6e5.json").is_file() and (out / "trials" / "NCT06857240.json").is_file()


def test_a_page_from_a_web_page_says_so(site):
    _result, out = site
    page = json.loads((out / "trials" / "001_e39d1c6d6697f6e5.json").read_text())
    glance = next(s["text"] for s in page["sections"] if s["id"] == "at_a_glance")
    automated = next(d["text"] for d in page["disclaimers"] if d["id"] == "automated")
    assert "made from a web page, not from the registry record" in glance and "Not found on the web page" in glance
    assert "from a web page about the study, not from the registry record" in automated
