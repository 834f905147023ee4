"""Template leftovers, missing values printed as text, editing leftovers."""
from __future__ import annotations

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
from summarizer.checks.document import DocDisclaimer, DocSection


def placeholders(text: str, title: str = "Summary", disclaimer: str = "Not medical advice."):
    doc = CheckDocument(file="page.md", title="A study", sections=(DocSection("summary", title, text, line=3),),
                        disclaimers=(DocDisclaimer("not_medical_advice", disclaimer),))
    return [(f.check, f.value) for f in run_checks(doc, CheckConfig()) if f.check.startswith("placeholder")]


@pytest.mark.parametrize("text, expected", [
    ("Sign up on {{SITE_NAME}} today.", ("placeholder.template", "{{SITE_NAME}}")),
    ("{% if recruiting %}Join now.{% endif %}", ("placeholder.template", "{% if recruiting %}")),
    ("Visit {SITE_NAME} for more.", ("placeholder.template", "{SITE_NAME}")),
    ("The study lasts None weeks.", ("placeholder.value", "None")),
    ("Enrollment: null", ("placeholder.value", "null")),
    ("The dose is nan mg.", ("placeholder.value", "nan")),
    ("Contact: undefined", ("placeholder.value", "undefined")),
    ("TODO: explain the phases.", ("placeholder.leftover", "TODO")),
    ("Lorem ipsum dolor sit amet.", ("placeholder.leftover", "Lorem ipsum")),
    ("Phone: •••-•••-••••", ("placeholder.leftover", "•••")),
    ("The dose is None.", ("placeholder.value", "None")),
    ("- null", ("placeholder.value", "null")),
    ("| Phase | undefined |", ("placeholder.value", "undefined")),
    ("The sponsor is (null).", ("placeholder.value", "null")),
    ("Aged NaN to 65.", ("placeholder.value", "NaN")),
    ("Call [PHONE] to join.", ("placeholder.leftover", "[PHONE]")),
    ("Write to [SITE_NAME] today.", ("placeholder.leftover", "[SITE_NAME]")),
    ("Ask [INSERT NAME] about it.", ("placeholder.leftover", "[INSERT NAME]")),
    ("Hello %s, welcome.", ("placeholder.template", "%s")),
    ("You will get %d visits.", ("placeholder.template", "%d")),
    ("Dear %(name)s, thank you.", ("placeholder.template", "%(name)s")),
])
def test_leftovers_are_found(text, expected):
    assert expected in placeholders(text)


@pytest.mark.parametrize("text", [
    "None of the people in the study paid.", "There were none left.", "The app asks how you feel.",
    "You can take 2 tablets, 3 times a day.", "It will be done by the end of the study.",
    "It is undefined.", "The cause of the pain is still undefined.", "A null result still helps science.",
    "None reported side effects.", "The study (null hypothesis: no change) ends in May.",
    "Peginterferon alfa-2a (40KD) [PEGASYS] is a medicine.", "Liver tests [ALT] and [NCI CTCAE] grades.",
    "A scan with [18F] fluorodeoxyglucose.", "Change from [Baseline] in weight.", "It is 100% safe, said no one.",
    "About 50% do well; 5%s are rare.",
])
def test_ordinary_english_is_not_a_leftover(text):
    assert placeholders(text) == []


def test_titles_and_disclaimers_are_scanned():
    assert sorted(placeholders("Fine text.", title="{{ section.title }}", disclaimer="Read {{registry_url}}.")) == [
        ("placeholder.template", "{{ section.title }}"), ("placeholder.template", "{{registry_url}}")]


def test_a_slot_is_reported_once():
    assert placeholders("Ask [INSERT NAME] about it.") == [("placeholder.leftover", "[INSERT NAME]")]
