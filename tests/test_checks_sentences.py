"""Sentence length, paragraph length and agentless passives."""
from __future__ import annotations

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
from summarizer.checks.document import DocSection
from summarizer.checks.sentences import passive_phrase
from summarizer.readability import words

REGISTRY_SENTENCE = ("This randomized, double-blind, placebo-controlled study will evaluate the efficacy and safety of "
                     "the study drug in adults with moderate to severe plaque psoriasis who are candidates for systemic therapy.")


def found(text: str, check: str, **config):
    lines = ("## Summary", *text.splitlines())
    doc = CheckDocument(file="page.md", sections=(DocSection("summary", "Summary", text, line=1, end_line=len(lines)),), lines=lines)
    return [f for f in run_checks(doc, CheckConfig(**config)) if f.check == check]


def test_a_long_sentence_is_named_with_its_text_and_line():
    [finding] = found(f"Short one.\n{REGISTRY_SENTENCE}", "sentence.length")
    assert finding.value == 29 and finding.threshold == 25 and finding.line == 3
    assert '"This randomized, double-blind, placebo-controlled study' in finding.message


def test_sentence_limit_is_configurable():
    assert found("One two three four five six.", "sentence.length", max_sentence_words=5)


def test_list_items_are_sentences_of_their_own():
    items = "\n".join(f"- item number {n} of the list" for n in range(10))
    assert found(f"You can join if:\n{items}", "sentence.length") == []


def test_a_long_paragraph():
    paragraph = " ".join(f"Sentence number {n} is short." for n in range(6))
    [finding] = found(paragraph, "paragraph.length")
    assert finding.value == 6 and "split it" in finding.message
    assert found(paragraph.replace("number 3 is short. ", "number 3 is short.\n\n"), "paragraph.length") == []


@pytest.mark.parametrize("sentence, phrase", [
    ("You are given a cream.", "are given"),
    ("People will be randomly assigned to a group.", "be randomly assigned"),
    ("Blood samples were taken at each visit.", "were taken"),
    ("Side effects are still being studied.", "being studied"),
])
def test_passives_that_hide_who_acts(sentence, phrase):
    assert passive_phrase(tuple(words(sentence))) == phrase
    [finding] = found(sentence, "passive.voice")
    assert finding.severity == "warning" and "does not say who does it" in finding.message


@pytest.mark.parametrize("sentence", [
    "You are given a cream by the study nurse.", "You are interested in the study.", "The clinic is located in Ohio.",
    "You must have been diagnosed with asthma.", "The nurse gives you a cream.", "The study is small.",
])
def test_active_voice_named_agents_and_adjectives_pass(sentence):
    assert found(sentence, "passive.voice") == []
