"""Required sections and disclaimers, and the registry link."""
from __future__ import annotations

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
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
