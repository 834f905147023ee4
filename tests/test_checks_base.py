"""The page read once into prose, and the one place findings are filed."""
from __future__ import annotations

from summarizer.checks import CheckConfig, CheckDocument
from summarizer.checks.base import CheckRun, Prose, opening, quote
from summarizer.readability import read_sentence
from summarizer.checks.document import DocSection


def test_prose_blocks_and_sentences():
    prose = Prose.of(DocSection("who_can_join", "Who can join", "You can join if:\n\n- you are 18\n- you agree. Dr. Lee asks."))
    assert [[s.text for s in block] for block in prose.blocks] == [["You can join if:"], ["you are 18."], ["you agree.", "Dr. Lee asks."]]
    assert prose.word_count == 12 and read_sentence("you agree.") is read_sentence("you agree.")


def test_report_applies_severity_overrides_and_suppressions():
    doc = CheckDocument("page.md", (DocSection("summary", "Summary", "Text.", line=2, disabled=("passive",)),))
    page = CheckRun(doc, CheckConfig(severity={"sentence.length": "error", "jargon": "off"}))
    section = doc.sections[0]
    page.report("sentence.length", "long", section=section, value=30, threshold=25)
    page.report("jargon.term", "word", section=section)
    page.report("passive.voice", "passive", section=section)
    assert [(f.check, f.severity, f.line, f.suppressed) for f in page.findings] == [
        ("sentence.length", "error", 2, False), ("passive.voice", "warning", 2, True)]


def test_scored_prose_leaves_out_the_fact_sections():
    doc = CheckDocument("page.md", tuple(DocSection(i, i, "Text.") for i in ("summary", "where", "intro", "at_a_glance")))
    assert [p.section.id for p in CheckRun(doc, CheckConfig()).scored_prose] == ["summary", "intro"]


def test_message_helpers():
    assert opening("Dr. Lee gives, you a pill.") == "Dr. Lee gives"
    assert quote("x" * 200, 10) == '"xxxxxxxxx…"' and quote("a  b") == '"a b"'


def test_an_inverted_condition_name_is_also_known_as_the_drafter_writes_it():
    from summarizer.checks.jargon import explained_names
    from summarizer.models import Trial
    text = "It is for people with Tick-Borne Encephalitis. Tick-Borne Encephalitis is a disease of the brain."
    facts = Trial(id="NCT00460486", nct_id="NCT00460486", conditions=["Encephalitis, Tick-Borne"])
    doc = CheckDocument("page.json", (DocSection("summary", "Summary", text, line=1),), facts=facts)
    page = CheckRun(doc, CheckConfig())
    assert page.names[:2] == ("Encephalitis, Tick-Borne", "Tick-Borne Encephalitis")
    assert "encephalitis" in explained_names(page)  # the page explains it: scored as a familiar word
