"""Required sections and disclaimers, and the registry link."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
from summarizer.checks.loaders import load_document
from summarizer.checks.document import DocDisclaimer, DocSection

SECTIONS = ["summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens", "where",
            "who_runs", "at_a_glance"]
DISCLAIMERS = {
    "not_medical_advice": "This page is for information only. It is not medical advice.",
    "may_miss_details": "This summary may miss details. Read the full record.",
    "talk_to_doctor": "Talk to your doctor before you join a study.",
    "automated": "A computer program wrote this page from the registry record.",
}
LINK = "https://clinicaltrials.gov/study/NCT01234567"


def page(sections=SECTIONS, disclaimers=DISCLAIMERS, link=LINK, texts=None, nct_id="NCT01234567"):
    return CheckDocument(
        file="page.md", nct_id=nct_id,
        sections=tuple(DocSection(s, s, (texts or {}).get(s, "Some plain words here."), line=i + 1) for i, s in enumerate(sections)),
        disclaimers=tuple(DocDisclaimer(d, text, link if d == "may_miss_details" else None) for d, text in disclaimers.items()),
    )


def found(doc, family=("section", "disclaimer")):
    return [(f.check, f.value) for f in run_checks(doc, CheckConfig()) if f.check.startswith(family)]


def test_a_complete_page_passes():
    assert found(page()) == []


def test_missing_and_empty_sections():
    doc = page(sections=[s for s in SECTIONS if s != "where"], texts={"summary": "<!-- nothing yet -->"})
    assert sorted(found(doc), key=str) == [("section.empty", None), ("section.missing", "where")]


def test_missing_and_empty_disclaimers():
    disclaimers = {k: v for k, v in DISCLAIMERS.items() if k != "talk_to_doctor"} | {"automated": " "}
    assert sorted(found(page(disclaimers=disclaimers))) == [("disclaimer.missing", "automated"), ("disclaimer.missing", "talk_to_doctor")]


def test_a_hand_written_page_may_say_its_disclaimers_without_ids():
    doc = CheckDocument(file="page.md", nct_id=None, sections=page().sections,
                        disclaimers=tuple(DocDisclaimer("", text) for text in DISCLAIMERS.values()))
    assert found(doc) == []


@pytest.mark.parametrize("link", [LINK, "http://www.clinicaltrials.gov/study/NCT01234567/", LINK + "?tab=table"])
def test_registry_link_variants_that_resolve_to_the_record(link):
    assert found(page(link=link)) == []


@pytest.mark.parametrize("link", [None, "https://clinicaltrials.gov/study/NCT07654321", "https://example.org/NCT01234567"])
def test_registry_link_must_point_at_the_record(link):
    assert [check for check, _ in found(page(link=link))] == ["disclaimer.link"]


def test_no_registry_id_means_no_link_to_check():
    assert found(page(link=None, nct_id=None)) == []


PAGES = Path(__file__).parent / "fixtures" / "pages"
RECORD = "https://clinicaltrials.gov/study/{}"
MARKED_HTML = """<html><body><h1>A study</h1>
<aside class="disclaimer" id="disclaimer-may_miss_details"><p>This summary may miss details: {anchor}</p></aside>
</body></html>"""


def link_findings(path):
    return [(f.value, f.threshold) for f in run_checks(load_document(path), CheckConfig()) if f.check == "disclaimer.link"]


def written(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("anchor, ok", [
    ('<a href="https://clinicaltrials.gov/study/NCT01234567">the record</a>', True),
    ('<a href="https://evil.example/x">https://clinicaltrials.gov/study/NCT01234567</a>', False),
    ('read https://clinicaltrials.gov/study/NCT01234567 (not a link)', False),
])
def test_html_disclaimer_is_judged_by_its_href_not_its_text(tmp_path, anchor, ok):
    found_links = link_findings(written(tmp_path, "page.html", MARKED_HTML.format(anchor=anchor)))
    assert found_links == ([] if ok else [(found_links[0][0], RECORD.format("NCT01234567"))])
    if "evil" in anchor:
        assert found_links[0][0] == "https://evil.example/x"


def test_hand_written_html_is_judged_by_its_hrefs(tmp_path):
    text = (PAGES / "clean.html").read_text(encoding="utf-8")
    assert link_findings(written(tmp_path, "clean.html", text)) == []
    evil = text.replace('<a href="https://clinicaltrials.gov/study/NCT06857240">full study record</a>',
                        '<a href="https://evil.example/x">https://clinicaltrials.gov/study/NCT06857240</a>')
    assert evil != text
    assert link_findings(written(tmp_path, "evil.html", evil)) == [("https://evil.example/x", RECORD.format("NCT06857240"))]


@pytest.mark.parametrize("link, expected", [
    ("[https://clinicaltrials.gov/study/NCT06857240](https://evil.example/x)", [("https://evil.example/x", RECORD.format("NCT06857240"))]),
    ("[the full record](https://clinicaltrials.gov/study/NCT06857240)", []),
    ("<https://clinicaltrials.gov/study/NCT06857240>", []),
])
def test_markdown_disclaimer_is_judged_by_its_link_target(tmp_path, link, expected):
    text = (PAGES / "clean.md").read_text(encoding="utf-8")
    changed = text.replace("anything: https://clinicaltrials.gov/study/NCT06857240", f"anything: {link}")
    assert changed != text
    assert link_findings(written(tmp_path, "page.md", changed)) == expected


def test_json_disclaimer_is_judged_by_its_link_field(tmp_path):
    data = json.loads((PAGES / "chewing-study.json").read_text(encoding="utf-8"))
    assert link_findings(written(tmp_path, "page.json", json.dumps(data))) == []
    disclaimer = next(d for d in data["disclaimers"] if d["id"] == "may_miss_details")
    assert RECORD.format("NCT05594173") in disclaimer["text"]
    disclaimer["link"] = "https://evil.example/x"
    assert link_findings(written(tmp_path, "evil.json", json.dumps(data))) == [("https://evil.example/x", RECORD.format("NCT05594173"))]
