"""Rendering: the Markdown subset, escaping, JSON-LD, front matter, and the page files of a real record."""
import json

import pytest
import yaml

from summarizer.render import blocks, json_ld, page_json, page_json_text, text_to_html, yaml_scalar


def test_blocks_split_paragraphs_and_lists():
    text = "First para.\n\n- one\n- two\n\nIntro line:\n- three"
    assert blocks(text) == [("p", ["First para."]), ("ul", ["one", "two"]), ("p", ["Intro line:"]), ("ul", ["three"])]


def test_text_to_html_escapes_record_text_and_links_urls():
    html = str(text_to_html('Tests <script>alert("x")</script> & more.\n\n- See https://clinicaltrials.gov/study/NCT00000001.'))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; more" in html
    assert '<a href="https://clinicaltrials.gov/study/NCT00000001">' in html
    assert html.count("<li>") == 1


def test_json_ld_is_schema_org_medical_trial_and_safe_in_a_script(fixtures_dir):
    from summarizer.extract import extract
    from summarizer.models import Page
    from summarizer.readers import read_paths

    (raw,) = read_paths([fixtures_dir / "records" / "NCT00460057.xml"])
    trial = extract(raw)
    evil = trial.model_copy(update={"brief_title": "</script><script>alert(1)</script>"})
    data = json.loads(str(json_ld(Page(trial=evil, sections=[], disclaimers=[], generated="2026-11-18"))))
    assert data["@type"] == "MedicalTrial" and data["identifier"] == "NCT00460057"
    assert data["url"] == "https://clinicaltrials.gov/study/NCT00460057"
    assert data["name"] == evil.brief_title
    assert "</script>" not in str(json_ld(Page(trial=evil, sections=[], disclaimers=[], generated="2026-11-18")))


@pytest.mark.parametrize("value", [
    "yes", "null", "1.0", "2026-01-01", "a: b", "- x", "#x", "", " lead", "trail ", 'say "hi" \\ back',
    "tab\there", "line\nbreak", "\u2028 line separator", "\x85 next line", "\x7f", "\x00", "\ufeff", "é 😀",
    "Yes", "NO", "on", "Off", "y", "Null", "Clinical Study Of Migraine", "Study: phase 2", "x #1", "ends:", "1e5",
    "NCT00460005", "Drug A (50 mg/day), then B", "Alzheimer's", "café", None, 0, 5.4, True,
])
def test_front_matter_values_read_back_as_written(value):
    assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}


def test_page_json_text_is_the_standard_librarys_indented_json(fixtures_dir):
    from summarizer.config import Settings
    from summarizer.extract import extract
    from summarizer.pipeline import PageMaker
    from summarizer.readers import read_paths

    (raw,) = read_paths([fixtures_dir / "records" / "NCT00460057.xml"])
    page = PageMaker(Settings(), generated="2026-11-18").page(extract(raw))
    expected = json.dumps(page_json(page), ensure_ascii=False, indent=2) + "\n"
    assert page_json_text(page) == expected


def test_front_matter_keeps_simple_values_plain_for_editors():
    assert yaml_scalar("Clinical Study Of Migraine Evolution") == "Clinical Study Of Migraine Evolution"
    assert yaml_scalar("NCT00460005") == "NCT00460005"
    assert yaml_scalar("yes") == '"yes"' and yaml_scalar("Phase 2: dosing") == '"Phase 2: dosing"'
