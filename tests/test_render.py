"""Rendering: the Markdown subset, escaping, JSON-LD, and the page files of a real record."""
import json

from summarizer.render import blocks, json_ld, text_to_html


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
