"""The preview's diagnostics layer: marks on the text, each reachable from the keyboard with its explanation."""
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from summarizer.checks.config import CheckConfig
from summarizer.config import Settings
from summarizer.diagnostics import Marker, jargon_word
from summarizer.models import Finding
from summarizer.pipeline import build

RECORDS = Path(__file__).parent / "fixtures" / "records"
MARKED = "NCT00763412"  # its preview page marks several words and sentences


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def test_marker_marks_first_jargon_use_and_long_sentences_and_escapes_the_rest():
    long_sentence = " ".join(["word"] * 30) + " <script>x</script>."
    findings = [Finding(check="jargon.term", severity="warning", section="summary", value=2.1,
                        message='"placebo" may be new to readers: explain it where it first appears.')]
    html = str(Marker(findings, CheckConfig(), {"placebo": "dummy pill"}, prefix="summary").html(
        f"A placebo here. Placebo again.\n\n- {long_sentence}"))
    assert html.count('class="jargon"') == 1
    assert ('<mark class="jargon" tabindex="0" aria-describedby="summary-tip-1">placebo<span class="diag-tip" '
            'role="tooltip" id="summary-tip-1">Plainer: dummy pill. &#34;placebo&#34; may be new') in html
    assert ('<mark class="long-sentence" tabindex="0" aria-describedby="summary-tip-2">word word') in html
    assert 'id="summary-tip-2">Long sentence: 33 words (at most 25). Split it' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<p>") and "<ul><li>" in html
    assert "title=" not in html  # a title reaches mouse users only


def test_marker_suggests_plainer_words_only_when_asked():
    text = "The drug is administered daily. Investigators check it."
    swaps = {"administered": "given", "investigators": "study doctors"}
    assert "mark" not in str(Marker([], CheckConfig(), swaps).html(text))
    marked = str(Marker([], CheckConfig(), swaps, swaps=True).html(text))
    assert ('<mark class="plainer" tabindex="0" aria-describedby="mark-tip-1">administered'
            '<span class="diag-tip" role="tooltip" id="mark-tip-1">Plainer: given.</span></mark>') in marked
    assert ('<mark class="plainer" tabindex="0" aria-describedby="mark-tip-2">Investigators'
            '<span class="diag-tip" role="tooltip" id="mark-tip-2">Plainer: study doctors.</span></mark>') in marked


def test_a_mark_inside_a_long_sentence_has_its_own_explanation():
    findings = [Finding(check="jargon.term", severity="warning", section="summary", value=2.1,
                        message='"placebo" may be new to readers: explain it where it first appears.')]
    sentence = "The placebo " + " ".join(["word"] * 30) + "."
    html = str(Marker(findings, CheckConfig(), {}).html(sentence))
    assert re.fullmatch(
        r'<p><mark class="long-sentence" tabindex="0" aria-describedby="mark-tip-1">The '
        r'<mark class="jargon" tabindex="0" aria-describedby="mark-tip-2">placebo'
        r'<span class="diag-tip" role="tooltip" id="mark-tip-2">[^<]*&#34;placebo&#34; may be new[^<]*</span></mark>'
        r'(?: word)+\.<span class="diag-tip" role="tooltip" id="mark-tip-1">Long sentence: 32 words[^<]*</span>'
        r'</mark></p>', html), html


class Marks(HTMLParser):
    """Every mark's attributes, and every element id, of one page."""

    def __init__(self):
        super().__init__()
        self.marks: list[dict[str, str | None]] = []
        self.ids: Counter[str] = Counter()
        self.tips: dict[str, str] = {}
        self._tip: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "mark":
            self.marks.append(attributes)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "span" and attributes.get("role") == "tooltip":
            self._tip = attributes["id"]
            self.tips[self._tip] = ""

    def handle_data(self, data):
        if self._tip:
            self.tips[self._tip] += data

    def handle_endtag(self, tag):
        if tag == "span":
            self._tip = None


def test_every_mark_of_a_real_preview_page_is_focusable_and_described(tmp_path):
    build([RECORDS / f"{MARKED}.json"], tmp_path / "preview", Settings(), None, preview=True, jobs=0)
    build([RECORDS / f"{MARKED}.json"], tmp_path / "published", Settings(), None, jobs=0)
    page = Marks()
    page.feed((tmp_path / "preview" / "trials" / f"{MARKED}.html").read_text())
    assert len(page.marks) >= 3
    assert not [name for name, count in page.ids.items() if count > 1]
    for mark in page.marks:
        assert mark["tabindex"] == "0" and "title" not in mark
        assert page.tips[mark["aria-describedby"]].strip()
    assert "<mark" not in (tmp_path / "published" / "trials" / f"{MARKED}.html").read_text()


def test_jargon_word_reads_the_word_of_term_and_abbreviation_findings():
    term = Finding(check="jargon.term", severity="warning", message='"cohort" may be new to readers.', value=2.5)
    abbreviation = Finding(check="jargon.abbreviation", severity="warning", message="...", value="PASI")
    assert jargon_word(term) == "cohort" and jargon_word(abbreviation) == "PASI"
    assert jargon_word(Finding(check="sentence.length", severity="warning", message='"x"')) is None


def test_marker_output_is_markup():
    assert isinstance(Marker([], CheckConfig(), {}).html("Plain text."), Markup)
