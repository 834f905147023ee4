"""Loading pages: our JSON, Markdown and HTML (with markers), and hand-written Markdown and HTML."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.checks.loaders import load_document, load_html, load_json, load_markdown, section_id
from summarizer.errors import RecordError

PAGES = Path(__file__).parent / "fixtures" / "pages"
SECTION_IDS = ["summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens", "where",
               "who_runs", "at_a_glance"]
DISCLAIMER_IDS = ["not_medical_advice", "may_miss_details", "talk_to_doctor", "automated"]


@pytest.mark.parametrize("heading, expected", [
    ("Summary", "summary"), ("What this could mean", "what_it_could_mean"), ("Who can take part?", "who_can_join"),
    ("Who runs the study", "who_runs"), ("The study at a glance", "at_a_glance"), ("Where the study runs", "where"),
    ("Please read", "disclaimers"), ("Background", "background"),
])
def test_section_id_from_a_hand_written_heading(heading, expected):
    assert section_id(heading) == expected


def test_markdown_with_our_markers():
    doc = load_document(PAGES / "clean.md")
    assert [s.id for s in doc.sections] == SECTION_IDS
    assert [d.id for d in doc.disclaimers] == DISCLAIMER_IDS
    assert doc.nct_id == "NCT06857240" and doc.title == "A cream for the skin rash of dermatomyositis"
    summary = doc.sections[0]
    assert summary.line == 10 and summary.end_line == 17 and summary.text.startswith("This study tests a cream")
    may_miss = doc.disclaimers[1]
    assert may_miss.link == "https://clinicaltrials.gov/study/NCT06857240" and may_miss.line == 74
    assert doc.facts is None and doc.lines[9] == "## Summary"


def test_hand_written_markdown_falls_back_to_headings_and_front_matter_suppression():
    text = ("---\ntitle: T\nsummarizer:\n  disable: [passive, jargon.term]\n---\nIntro words here.\n\n"
            "## Who can take part?\n\n- adults\n\n## Please read\n\nThis is not medical advice.\n")
    doc = load_markdown(text, "page.md")
    assert [(s.id, s.line) for s in doc.sections] == [("intro", 6), ("who_can_join", 8)]
    assert doc.disabled == ("passive", "jargon.term") and doc.title == "T"
    assert [(d.id, d.text) for d in doc.disclaimers] == [("", "This is not medical advice.")]


def test_markdown_code_is_not_structure():
    doc = load_markdown("## Summary\n\n```\n## not a heading\n```\n\nText.\n", "page.md")
    assert [s.id for s in doc.sections] == ["summary"] and "## not a heading" in doc.sections[0].text


@pytest.mark.parametrize("text, reason", [
    ("---\ntitle: [unclosed\n---\n", "while parsing"),
    ("---\ntitle: T\n", "no closing"),
    ("---\nsummarizer:\n  disable: readability\n---\n", "list of check ids"),
])
def test_bad_front_matter_is_an_error(text, reason):
    with pytest.raises(Exception, match=reason):
        load_markdown(text, "page.md")


def test_our_html_with_sections_asides_and_details():
    html = """<html><body><h1>Title &amp; more</h1>
<section id="summary" aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<p>First paragraph
over two lines.</p><ul><li>an item</li></ul>
<details><summary>The full list</summary><pre>Inclusion Criteria: TODO</pre></details>
</section>
<section id="disclaimers"><h2>Please read</h2>
<aside class="disclaimer" id="disclaimer-may_miss_details">May miss details. <a href="https://clinicaltrials.gov/study/NCT01234567">Record</a></aside>
</section>
<script type="application/ld+json">{"name": "{{x}}"}</script>
</body></html>"""
    doc = load_html(html, "page.html")
    assert doc.title == "Title & more" and doc.nct_id == "NCT01234567"
    assert [(s.id, s.line) for s in doc.sections] == [("summary", 2)]
    assert doc.sections[0].text == "First paragraph over two lines.\n\n- an item"
    assert doc.disclaimers[0].id == "may_miss_details" and doc.disclaimers[0].line == 9
    assert doc.disclaimers[0].link == "https://clinicaltrials.gov/study/NCT01234567"


def test_hand_written_html_by_h2():
    doc = load_document(PAGES / "clean.html")
    assert [s.id for s in doc.sections] == SECTION_IDS
    who = doc.section("who_can_join")
    assert who.line == 22 and who.text.startswith("You may be able to join if:\n\n- you are 18 or older")
    assert len(doc.disclaimers) == 4 and all(d.id == "" for d in doc.disclaimers)


def test_page_json_lines_point_at_ids_and_texts():
    doc = load_document(PAGES / "chewing-study.json")
    assert [s.id for s in doc.sections] == SECTION_IDS
    assert doc.facts is not None and doc.facts.enrollment == 20 and doc.nct_id == "NCT05594173"
    lines = (PAGES / "chewing-study.json").read_text().splitlines()
    summary = doc.sections[0]
    assert '"summary"' in lines[summary.line - 1] and '"text"' in lines[summary.text_line - 1]
    ids = [d.id for d in doc.disclaimers]
    assert set(DISCLAIMER_IDS) <= set(ids) and '"automated"' in lines[doc.disclaimers[ids.index("automated")].line - 1]


@pytest.mark.parametrize("data, reason", [
    ({"title": "no sections"}, "not a summarizer page"),
    ({"sections": [{"text": "no id"}]}, "string 'id'"),
    ({"sections": [], "facts": {"id": 5, "enrollment": "many"}}, "invalid field"),
    ({"sections": [], "suppress": "readability"}, "list of check ids"),
])
def test_json_that_is_not_a_page(data, reason):
    with pytest.raises(RecordError, match=reason):
        load_json(json.dumps(data), "page.json")


def test_unsupported_suffix(tmp_path):
    (tmp_path / "page.txt").write_text("x")
    with pytest.raises(RecordError, match="unsupported file type"):
        load_document(tmp_path / "page.txt")


def test_json_that_orjson_refuses_is_read_as_the_standard_library_reads_it():
    from summarizer.checks.loaders import _parse_json

    assert _parse_json('{"sections": [], "x": NaN}')["sections"] == []
    with pytest.raises(json.JSONDecodeError, match="Expecting value: line 1 column 1"):
        _parse_json("not json")


def test_a_page_with_windows_newlines_reads_as_read_text_reads_it(tmp_path):
    text = "## Summary\r\n\r\nFirst line.\r\nSecond line.\r\r## Where\r\n\r\nHere.\r\n"
    (tmp_path / "a.md").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.md").write_text(text.replace("\r\n", "\n").replace("\r", "\n"), encoding="utf-8")
    first, second = load_document(tmp_path / "a.md"), load_document(tmp_path / "b.md")
    assert first.sections == second.sections and first.lines == second.lines
    assert [s.id for s in first.sections] == ["summary", "where"]


def test_link_targets_not_link_texts():
    md = "## Summary\n\nSee [https://a.example/text](https://b.example/target) and <https://c.example/auto>.\n"
    doc = load_markdown(md, "page.md")
    assert doc.links == ("https://b.example/target", "https://c.example/auto")
    html = '<h2>Summary</h2><p><a href="https://b.example/target">https://a.example/text</a> https://c.example/plain</p>'
    assert load_html(html, "page.html").links == ("https://b.example/target",)
