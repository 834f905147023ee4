"""Value normalisation shared by the extractors: text, enumerations, dates, ages."""
from __future__ import annotations

import json

import pytest

from summarizer.normalize import (
    BULLET, TrialFields, age_groups, age_in_years, enum_value, iso_date, paragraphs, single_line, tidy_lines,
    unescape_markdown, unwrap_textblock)


@pytest.mark.parametrize(("text", "years"), [
    ("18 Years", 18.0), ("1 Year", 1.0), ("6 Months", 0.5), ("3 Months", 0.25), ("2 Weeks", 0.04),
    ("32 Weeks", 0.61), ("30 Days", 0.08), ("5 Hours", 0.0), ("N/A", None), ("", None), (None, None),
    ("about ten years", None),
])
def test_age_in_years(text, years):
    assert age_in_years(text) == years


@pytest.mark.parametrize(("text", "iso"), [
    ("January 2006", "2006-01"), ("March 15, 2007", "2007-03-15"), ("July 4, 2007", "2007-07-04"),
    ("2008-09", "2008-09"), ("2019-09-13", "2019-09-13"), ("Spring 2007", None), ("04/2007", None), (None, None),
])
def test_iso_date(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize(("text", "special", "value"), [
    ("Active, not recruiting", None, "ACTIVE_NOT_RECRUITING"),
    ("Not yet recruiting", None, "NOT_YET_RECRUITING"),
    ("Placebo Comparator", None, "PLACEBO_COMPARATOR"),
    ("Dietary Supplement", None, "DIETARY_SUPPLEMENT"),
    ("Case-Control", None, "CASE_CONTROL"),
    ("Sub-Investigator", None, "SUB_INVESTIGATOR"),
    ("None ", None, "NONE"),  # masking "None (Open Label)": "None" is a value here
    ("N/A", {"N/A": "NA"}, "NA"),
    ("U.S. Fed", {"U.S. Fed": "FED"}, "FED"),
    ("", None, None),
    (None, None, None),
])
def test_enum_value(text, special, value):
    assert enum_value(text, special) == value


def test_single_line_collapses_whitespace_and_drops_placeholders():
    assert single_line("  Principal investigator left institution.\r\n  ") == "Principal investigator left institution."
    for empty in ("", "   ", "None", "null", "NaN", None):
        assert single_line(empty) is None


def test_paragraphs_joins_wrapped_lines_keeps_paragraphs_and_list_items():
    text = "First line\r\n  wrapped here.\r\n\r\n\r\nSecond paragraph:\n- item one\n- item two\n"
    assert paragraphs(text) == "First line wrapped here.\n\nSecond paragraph:\n- item one\n- item two"
    assert paragraphs("\n \n") is None


def test_unescape_markdown_undoes_api_v2_escapes():
    assert unescape_markdown(r"fasting blood glucose \<126 mg/dl and \>200 mg/dl \[see\] 1\. a\*b") == \
        "fasting blood glucose <126 mg/dl and >200 mg/dl [see] 1. a*b"
    assert unescape_markdown(r"C:\path") == r"C:\path"  # only escapes of punctuation


def test_unwrap_textblock_on_a_real_xml_block(fixtures_dir):
    from xml.etree.ElementTree import parse
    block = parse(fixtures_dir / "records" / "NCT00460005.xml").getroot().findtext("eligibility/criteria/textblock")
    assert "\r" in block  # the legacy format's &#xD; line ends
    lines = unwrap_textblock(block).split("\n")
    assert lines[:4] == ["Inclusion Criteria:", "", "  -  Subject is outpatient.", ""]
    assert lines[4] == ("  -  Subject has a diagnosis of migraine with/without aura according to IHS criteria, "
                        "of at least 1 years duration.")


def test_tidy_lines_keeps_indent_and_lines_but_collapses_runs():
    assert tidy_lines("Inclusion Criteria:\n\n\n\n  -  Subject   is outpatient.  \n") == \
        "Inclusion Criteria:\n\n  - Subject is outpatient."
    assert tidy_lines(" \n ") is None


@pytest.mark.parametrize(("line", "is_bullet"), [
    ("- a", True), ("* a", True), ("• a", True), ("•a", True), ("1. a", True), ("12) a", True), ("a. a", True),
    ("iv) a", True), ("(b) a", True), ("o a", True),
    ("-5 mg", False), ("2.5 mg/kg", False), ("18 years", False), ("(or less)", False), ("e.g. this", False),
])
def test_bullet_markers(line, is_bullet):
    assert bool(BULLET.match(line)) is is_bullet


@pytest.mark.parametrize(("low", "high", "groups"), [
    (12.0, 24.0, ["CHILD", "ADULT"]),
    (18.0, 65.0, ["ADULT", "OLDER_ADULT"]),
    (18.0, 64.0, ["ADULT"]),
    (65.0, None, ["OLDER_ADULT"]),
    (None, 0.61, ["CHILD"]),
    (None, None, ["CHILD", "ADULT", "OLDER_ADULT"]),
])
def test_age_groups_bands(low, high, groups):
    assert age_groups(low, high) == groups


def test_age_groups_agree_with_the_registry_std_ages_of_real_v2_records(fixtures_dir):
    checked = 0
    for path in sorted((fixtures_dir / "records").glob("*.json")):
        eligibility = json.loads(path.read_text())["protocolSection"]["eligibilityModule"]
        low, high = age_in_years(eligibility.get("minimumAge")), age_in_years(eligibility.get("maximumAge"))
        assert age_groups(low, high) == eligibility["stdAges"], path.name
        checked += 1
    assert checked >= 8


def test_trial_fields_nests_dotted_names_and_skips_empty_values():
    fields = TrialFields()
    fields.set("design.masking", "DOUBLE", "a.b")
    fields.set("design.who_masked", [], "a.c")
    fields.set("enrollment", 0, "e")
    fields.set("has_results", False, "h")
    fields.set("acronym", None, "x")
    fields.set("brief_title", "", "y")
    assert fields.values == {"design": {"masking": "DOUBLE"}, "enrollment": 0, "has_results": False}
    assert fields.provenance == {"design.masking": "a.b", "enrollment": "e", "has_results": "h"}
