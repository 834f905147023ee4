"""Jargon and abbreviations, unless explained where they first appear."""
from __future__ import annotations

import pytest

from summarizer.checks import CheckConfig, CheckDocument, run_checks
from summarizer.checks.document import DocSection
from summarizer.checks.jargon import explained_at_first_use, jargon_terms, zipf
from summarizer.models import Intervention, Trial


def jargon(text: str, section: str = "summary", facts: Trial | None = None, check: str = "jargon"):
    doc = CheckDocument(file="page.md", sections=(DocSection(section, section, text, line=1),), facts=facts)
    return [f.value if f.check == "jargon.abbreviation" else f.message.split('"')[1]
            for f in run_checks(doc, CheckConfig()) if f.check.startswith(check)]


@pytest.mark.parametrize("text, term", [
    ("The study tests ruxolitinib on the skin.", "ruxolitinib"),  # rare: wordfreq Zipf 0
    ("Some people get a placebo.", "placebo"),  # listed although common enough in English
    ("The study checks the efficacy of the pill.", "efficacy"),
])
def test_unexplained_terms(text, term):
    assert jargon(text) == [term]


@pytest.mark.parametrize("text", [
    "The study tests ruxolitinib, a cream that calms the skin.",
    "The study tests ruxolitinib (a cream) on the skin.",
    "The study tests a cream called ruxolitinib on the skin.",
    "Ruxolitinib is a cream. The study tests ruxolitinib.",
    "Some people get a placebo: a dummy cream with no medicine in it.",
    "A placebo means a dummy pill.",
])
def test_terms_explained_at_first_use(text):
    assert jargon(text) == []


def test_an_explanation_in_the_next_sentences_counts_as_first_use():
    assert jargon("The study tests ruxolitinib. Ruxolitinib is a cream.") == []
    assert jargon("The study tests ruxolitinib. It is new. It is for adults. Ruxolitinib is a cream.") == []


def test_an_explanation_in_a_later_paragraph_or_sentence_comes_too_late():
    assert jargon("The study tests ruxolitinib.\n\nRuxolitinib is a cream.") == ["ruxolitinib"]
    assert jargon("The study tests ruxolitinib. One. Two. Three. Ruxolitinib is a cream.") == ["ruxolitinib"]


def test_the_plain_alternative_is_suggested():
    doc = CheckDocument(file="p.md", sections=(DocSection("summary", "Summary", "It can cause arthralgia.", line=1),))
    [finding] = [f for f in run_checks(doc, CheckConfig()) if f.check == "jargon.term"]
    assert "(pain, pain in your joints)" in finding.message and finding.threshold == 3.0 and jargon_terms()["arthralgia"]


def test_names_are_not_jargon_unless_they_are_the_trials_own():
    text = "Incyte Corporation runs the study. Dermatomyositis makes muscles weak. It calms the skin."
    assert jargon(text) == []
    facts = Trial(id="NCT01234567", conditions=["Dermatomyositis"], interventions=[Intervention(name="Ruxolitinib cream")])
    assert jargon(text, facts=facts) == ["Dermatomyositis"]


def test_places_and_organisations_sections_are_not_searched():
    assert jargon("It runs at the Hôpital Pitié-Salpêtrière and the IRCCS.", section="where") == []


@pytest.mark.parametrize("text, expected", [
    ("The FDA has not approved it.", ["FDA"]),
    ("The Food and Drug Administration (FDA) has not approved it.", []),
    ("The FDA (the Food and Drug Administration) has not approved it.", []),
    ("People with HIV can join.", []),  # common enough in English
    ("It is a Phase II study, record NCT01234567, with drug BAY43-9006 given by Ann Lee, M.D.", []),
])
def test_abbreviations(text, expected):
    assert jargon(text, check="jargon.abbreviation") == expected


def test_first_use_helpers():
    assert explained_at_first_use("Biopsies (a small piece of skin) are taken.", "biopsies")
    assert not explained_at_first_use("No mention here.", "biopsy")
    assert zipf("hello") > 4 and zipf("ruxolitinib") == 0.0 and zipf("double-blind") > 0


def test_candidates_remembered_per_word_are_those_of_each_sentence():
    from summarizer.checks.jargon import _candidate, candidates

    tokens = ("The", "ECOG", "score", "and", "ruxolitinib", "and", "Ruxolitinib", "placebo", "HIV", "double-blind")
    expected = tuple(c for w in dict.fromkeys(tokens) if (c := _candidate(w, 3.0)) is not None)
    assert candidates(tokens, 3.0) == expected and candidates(tokens[::-1], 3.0) == expected[::-1]
    assert [c[:2] for c in expected] == [("ECOG", "abbreviation"), ("ruxolitinib", "term"), ("Ruxolitinib", "capitalised"),
                                        ("placebo", "term"), ("double-blind", "term")]


def test_zipf_reads_wordfreqs_file_and_gives_its_values():
    import random

    import wordfreq

    from summarizer.checks.wordfreq_table import read_buckets

    random.seed(7)
    table = sorted(read_buckets())
    listed = random.sample(table, 1500) + random.sample([w for w in table if not (w.isascii() and w.isalpha())], 1500)
    words = [*listed, *(f"{a}-{b}" for a, b in zip(listed[:300], listed[-300:])),
             "double-blind", "t-cell", "non-small-cell", "well--known", "zzqx-cell", "covid-19", "café", "don't", "ruxolitinib",
             "parkinson's", "parkinson’s", "non-hodgkin's", "u.s", "st.olavs", "hôpital", "georg-august-universität",
             "d'or", "xi'an", "o'neil", "straße", "cm²", "ﾟ-upa", "e\u0301"]
    assert len(read_buckets()) > 300_000
    assert [zipf(w) for w in words] == [wordfreq.zipf_frequency(w, "en") for w in words]


def test_check_command_imports_neither_wordfreq_nor_beautifulsoup():
    # 0.15 s of imports that a check of built pages does not need (wordfreq's tokeniser, bs4 for HTML pages)
    import subprocess
    import sys

    code = ("import sys, summarizer.cli, summarizer.checks; from summarizer.checks.jargon import zipf; "
            "[zipf(w) for w in ('double-blind', \"parkinson's\", 'hôpital', 'u.s')]; print(sorted({'wordfreq', 'bs4'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
