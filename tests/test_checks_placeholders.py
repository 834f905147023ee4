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
])
def test_leftovers_are_found(text, expected):
    assert expected in placeholders(text)


@pytest.mark.parametrize("text", [
    "None of the people in the study paid.", "There were none left.", "The app asks how you feel.",
    "You can take 2 tablets, 3 times a day.", "It will be done by the end of the study.",
])
def test_ordinary_english_is_not_a_leftover(text):
    assert placeholders(text) == []


def test_titles_and_disclaimers_are_scanned():
    assert sorted(placeholders("Fine text.", title="{{ section.title }}", disclaimer="Read {{registry_url}}.")) == [
        ("placeholder.template", "{{ section.title }}"), ("placeholder.template", "{{registry_url}}")]
