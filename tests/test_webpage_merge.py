"""Merging a web page into the registry record with its NCT ID: the registry wins field by field."""
from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import RecordError
from summarizer.extract_webpage import extract_webpage
from summarizer.models import Eligibility, Intervention, RawRecord, Trial
from summarizer.readers.webpage import read_webpage
from summarizer.webpage.text import parse_provenance
from summarizer.webpage_merge import fields_from_webpage, merge_trials, merge_with_registry

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def page(stem: str) -> tuple[RawRecord, Trial]:
    (raw,) = list(read_webpage(next(SEEDS.glob(f"{stem}_*.txt"))))
    return raw, extract_webpage(raw)


def registry_record(**fields) -> Trial:
    """A structured record as the v2 extractor would give it (only the fields a test needs)."""
    base = {
        "id": "NCT06857240", "nct_id": "NCT06857240", "brief_title": "Ruxolitinib Cream for Cutaneous Dermatomyositis",
        "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "phases": ["PHASE2"],
        "conditions": ["Dermatomyositis"],
        "interventions": [Intervention(type="DRUG", name="Ruxolitinib cream")],
        "source": "data/NCT06857240.json", "source_format": "ctgov-v2",
        "provenance": {"brief_title": "protocolSection.identificationModule.briefTitle",
                       "conditions": "protocolSection.conditionsModule.conditions"},
    }
    return Trial(**{**base, **fields})


def test_registry_wins_and_the_page_fills_only_what_the_registry_lacks() -> None:
    raw, web = page("000")
    merged = merge_trials(registry_record(), web)
    assert merged.id == "NCT06857240" and merged.source_format == "ctgov-v2" and merged.source == "data/NCT06857240.json"
    assert merged.brief_title == "Ruxolitinib Cream for Cutaneous Dermatomyositis"  # not the page's headline
    assert merged.conditions == ["Dermatomyositis"] and merged.interventions[0].name == "Ruxolitinib cream"
    assert merged.provenance["conditions"] == "protocolSection.conditionsModule.conditions"
    assert merged.enrollment == 15 and merged.locations == web.locations
    assert merged.brief_summary == web.brief_summary
    assert fields_from_webpage(merged) == ["brief_summary", "enrollment", "last_update", "locations"]


def test_taken_fields_cite_the_page_and_its_span() -> None:
    raw, web = page("000")
    merged = merge_trials(registry_record(), web)
    where = merged.provenance["locations[0].status"]
    assert where.startswith(f"webpage: {web.source} line 67, chars ")
    span = parse_provenance(where)
    assert raw.payload["text"][span.start:span.end] == "RECRUITING"
    assert merged.provenance["enrollment"] == f"webpage: {web.source} {web.provenance['enrollment']}"


def test_nested_fields_merge_one_by_one_but_coupled_ones_as_a_unit() -> None:
    _, web = page("004")
    structured = registry_record(
        id="NCT05488327", nct_id="NCT05488327", sponsor="Jiangxi Provincial People's Hospital",
        eligibility=Eligibility(criteria="Inclusion Criteria:\n* Adults with DM", sex="ALL"),
    )
    merged = merge_trials(structured, web)
    eligibility = merged.eligibility
    assert eligibility.criteria == "Inclusion Criteria:\n* Adults with DM"
    assert eligibility.inclusion == [] and eligibility.exclusion == []  # never patched onto registry criteria
    assert (eligibility.min_age_years, eligibility.min_age_text) == (18, "18 Years")
    assert eligibility.healthy_volunteers is False
    assert merged.sponsor == "Jiangxi Provincial People's Hospital" and merged.sponsor_class is None
    assert merged.design.masking == "NONE" and merged.provenance["design.masking"].startswith("webpage: ")
    assert "eligibility.criteria" not in fields_from_webpage(merged)
    assert {"eligibility.min_age_years", "eligibility.min_age_text", "design.masking"} <= set(fields_from_webpage(merged))


def test_a_page_about_another_trial_or_the_wrong_order_is_refused() -> None:
    _, web = page("004")
    with pytest.raises(RecordError, match="NCT05488327, not NCT06857240"):
        merge_trials(registry_record(), web)
    _, web000 = page("000")
    with pytest.raises(RecordError, match="registry record and a web page"):
        merge_trials(web000, registry_record())
    _, no_id = page("001")
    with pytest.raises(RecordError, match="no NCT ID"):
        merge_trials(registry_record(), no_id)


def test_merge_with_registry_folds_matching_pages_and_keeps_the_rest_in_order() -> None:
    _, web000 = page("000")
    _, web001 = page("001")
    _, web004 = page("004")
    other = registry_record(id="NCT00000001", nct_id="NCT00000001")
    record = registry_record()
    result = merge_with_registry([other, web000, record, web001, web004])
    assert [t.id for t in result] == ["NCT00000001", "NCT06857240", "001_e39d1c6d6697f6e5", "NCT05488327"]
    assert result[1].source_format == "ctgov-v2" and result[1].enrollment == 15
    assert result[0] is other and result[3] is web004
