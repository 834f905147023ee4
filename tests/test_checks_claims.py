"""Promotional and absolute claims from the reviewed list, with negations and questions left alone."""
from __future__ import annotations

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
from summarizer.checks.claims import claim_list
from summarizer.checks.document import DocSection


def claims(text: str) -> list[str]:
    doc = CheckDocument(file="page.md", sections=(DocSection("summary", "Summary", text, line=1),))
    return [f.value for f in run_checks(doc, CheckConfig()) if f.check == "claims.promotional"]


@pytest.mark.parametrize("text, claim", [
    ("This cream cures eczema.", "cures"),
    ("It is a breakthrough for people with psoriasis.", "breakthrough"),
    ("The pill is safe and effective.", "safe and effective"),
    ("This treatment will work for you.", "will work"),
    ("A game-changer for asthma.", "game-changer"),
    ("The results are guaranteed.", "guaranteed"),
    ("It is clinically proven.", "clinically proven"),
    ("A risk-free way to feel better.", "risk-free"),
    ("This miracle drug helps.", "miracle"),
    ("It is 100 percent safe.", "100 percent safe"),
    ("It is 100 per cent safe.", "100 per cent safe"),
    ("It is 100% safe.", "100% safe"),
    ("The cream is 100 percent effective.", "100 percent effective"),
    ("Is this the miracle you have waited for?", "miracle"),  # promotional words promote in a question too
    ("Does it help? It cures everyone.", "cures"),  # the question is one sentence, the claim the next
])
def test_claims_fire(text, claim):
    assert claims(text) == [claim]


@pytest.mark.parametrize("text", [
    "This cream is not a cure.", "There is no cure for this disease yet.", "It has not been proven to help.",
    "The study wants to see if the cream will work.", "The team will find out whether it is safe and effective.",
    "The study wants to measure how many people were cured.", "Keep your records secure.", "Hospitals procure drugs.",
    "Does this drug cure diabetes?", "Will the cream work for everyone? The study wants to find out.",
    '"Is it safe and effective?"',
])
def test_negations_questions_and_other_words_do_not_fire(text):
    assert claims(text) == []


def test_every_entry_has_a_reason():
    reviewed = claim_list()
    assert reviewed.reasons and all(reason for reason, _ in reviewed.reasons.values())
