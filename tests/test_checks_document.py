"""CheckDocument: the in-memory constructor, locating lines, and the suppression rules."""
from __future__ import annotations

from summarizer.checks.document import CheckDocument, DocSection, inline_suppressions
from summarizer.models import Disclaimer, Section, Trial

LINES = (
    "# Title",                                              # 1
    "<!-- summarizer: disable=readability -->",             # 2  own line before a heading: whole section
    "<!-- section: summary -->",                            # 3
    "## Summary",                                           # 4
    "A sentence. <!-- summarizer: disable=sentence.length -->",  # 5  after text: this line
    "",                                                     # 6
    "<!-- summarizer: disable=jargon,claims -->",           # 7  own line before text: the next content line
    "",                                                     # 8
    "Dermatomyositis is rare.",                             # 9
    "## Who can join",                                      # 10
    "<!-- summarizer: disable=passive -->",                 # 11 right under a heading: whole section
    "You are given a cream.",                               # 12
)


def test_inline_suppressions_follow_the_documented_rules():
    sections = [DocSection("summary", "Summary", "A sentence.\n\nDermatomyositis is rare.", 4, 9),
                DocSection("who_can_join", "Who can join", "You are given a cream.", 10, 12)]
    updated, by_line = inline_suppressions(LINES, sections, {4: 0, 10: 1})
    assert updated[0].disabled == ("readability",) and updated[1].disabled == ("passive",)
    assert by_line == {5: ("sentence.length",), 9: ("jargon", "claims")}
    doc = CheckDocument("page.md", tuple(updated), line_disabled=by_line, lines=LINES)
    assert doc.has_suppressions
    assert doc.is_suppressed("readability.grade", "summary", 4)
    assert doc.is_suppressed("sentence.length", "summary", 5) and not doc.is_suppressed("sentence.length", "summary", 9)
    assert doc.is_suppressed("jargon.term", "summary", 9) and doc.is_suppressed("claims.promotional", "summary", 9)
    assert doc.is_suppressed("passive.voice", "who_can_join", 12) and not doc.is_suppressed("passive.voice", "summary", 9)
    assert doc.suppression_ids() == [("readability", 4), ("passive", 10), ("sentence.length", 5), ("jargon", 9), ("claims", 9)]


def test_page_wide_suppression():
    doc = CheckDocument("page.md", (DocSection("summary", "Summary", "x"),), disabled=("all",))
    assert doc.is_suppressed("claims.promotional", None, None)


def test_locate_finds_the_line_of_a_word_within_its_section():
    section = DocSection("summary", "Summary", "A sentence.\n\nDermatomyositis is rare.", 4, 9)
    doc = CheckDocument("page.md", (section,), lines=LINES)
    assert doc.locate(section, "dermatomyositis") == 9
    assert doc.locate(section, "not there") == 4
    assert doc.locate(section, None) == 4
    assert doc.locate(None, "Who can join") == 10
    json_section = DocSection("summary", "Summary", "Text with a word.", line=20, text_line=22)
    assert CheckDocument("p.json", (json_section,)).locate(json_section, "word") == 22


def test_from_page_carries_the_facts():
    trial = Trial(id="NCT01234567", nct_id="NCT01234567", brief_title="A study")
    doc = CheckDocument.from_page(trial, [Section(id="summary", title="Summary", text="Text.")],
                                  [Disclaimer(id="automated", text="A program wrote this.", link=None)])
    assert doc.facts is trial and doc.nct_id == "NCT01234567" and doc.title == "A study"
    assert doc.section("summary").text == "Text." and doc.section("where") is None
    assert doc.disclaimers[0].id == "automated" and not doc.has_suppressions and doc.file is None
