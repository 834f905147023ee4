"""The fact index: what a page may state, in the forms it may state it."""
from __future__ import annotations

import pytest

from summarizer.checks.facts import FactIndex, canonical_number
from summarizer.models import Arm, DateInfo, Design, Eligibility, Location, Trial

TRIAL = Trial(
    id="NCT01234567", nct_id="NCT01234567", brief_summary="Fifteen adults use a 1.5% cream; 25% may get a rash. Randomized 2:1.",
    enrollment=1200, phases=["PHASE2"], design=Design(allocation="RANDOMIZED"),
    arms=[Arm(label="Cream"), Arm(label="Dummy cream")],
    eligibility=Eligibility(min_age_years=18.0, inclusion=["a", "b", "c"], exclusion=["d"]),
    locations=[Location(facility="Cleveland Clinic", city="Cleveland", country="United States"),
               Location(facility="Mayo Clinic", city="Rochester", country="United States")],
    start_date=DateInfo(date="2024-03-05"), completion_date=DateInfo(date="2026-09"),
)
FACTS = FactIndex(TRIAL)


@pytest.mark.parametrize("written, canonical", [("1,200", "1200"), ("18.0", "18"), ("0.50", "0.5"), ("1,5", "1,5"), ("7", "7")])
def test_canonical_numbers(written, canonical):
    assert canonical_number(written) == canonical


@pytest.mark.parametrize("phrase, held", [
    ("Cleveland Clinic", True), ("cleveland clinic", True), ("clinics", True), ("Clinic", True),
    ("Cleve", False), ("Boston", False), ("dummy creams", True),
])
def test_text_is_matched_as_whole_words(phrase, held):
    assert FACTS.has_text(phrase) is held


@pytest.mark.parametrize("number, held", [
    ("1200", True), ("1,200", True), ("15", True), ("1.5", True), ("25", True), ("18", True),  # stated
    ("2", True), ("4", True), ("3", True),  # arms, rules (3 inclusion + 1 exclusion), phase... and years between dates
    ("2024", True), ("5", True), ("9", True),  # date parts
    ("30", True),  # months from March 2024 to September 2026
    ("16", False), ("1201", False), ("0.15", False),
])
def test_numbers_stated_or_derived(number, held):
    assert FACTS.has_number(number) is held


def test_dates_to_the_stated_precision():
    assert FACTS.has_date(2024, 3, 5, "March 5, 2024") and FACTS.has_date(2024, 3, None, "March 2024")
    assert FACTS.has_date(2026, 9, None, "September 2026")
    assert not FACTS.has_date(2026, 9, 1, "September 1, 2026")  # the record gives no day
    assert not FACTS.has_date(2025, 3, None, "March 2025")


def test_shares():
    assert FACTS.has_share(0.25, approximate=False)  # 25%
    assert FACTS.has_share(0.5, approximate=False)  # two randomized arms
    assert FACTS.has_share(2 / 3, approximate=False)  # 2:1
    assert not FACTS.has_share(0.1, approximate=False)
    assert FACTS.has_share(0.3, approximate=True) and not FACTS.has_share(0.3, approximate=False)


@pytest.mark.parametrize("facility, phrase, held", [
    ("HÔPITAL CANTONAL DE GENÈVE", "Genève", True),  # letters beyond ASCII: the text lowered in full
    ("HÔPITAL CANTONAL DE GENÈVE", "hôpital cantonal", True),
    ("HÔPITAL CANTONAL DE GENÈVE", "Cantonal", True),  # an ASCII phrase in a text with other letters
    ("HÔPITAL CANTONAL DE GENÈVE", "Geneva", False),
    ("\u212aELVIN LAB", "Kelvin", True),  # the Kelvin sign lowercases to an ASCII "k"
    ("İSTANBUL UNIVERSITY", "i̇stanbul", True),  # İ lowercases to "i" and a combining dot
])
def test_letters_beyond_ascii_match_as_str_lower_matches_them(facility, phrase, held):
    facts = FactIndex(Trial(id="NCT07654321", nct_id="NCT07654321", locations=[Location(facility=facility)]))
    assert facts.has_text(phrase) is held


def test_the_record_text_holds_every_field_once_with_the_naming_fields_first():
    import json

    from summarizer.checks.facts import _NAMING_FIELDS, _SKIPPED_FIELDS

    names, rest, phases = FACTS.lower.split("\n")
    assert {**json.loads(names), **json.loads(rest)} == json.loads(TRIAL.model_dump_json(exclude=_SKIPPED_FIELDS).lower())
    assert set(json.loads(names)) == _NAMING_FIELDS and phases == "phase 2"


def test_any_of_several_names():
    assert FACTS.has_any(("Boston", "Mayo Clinic")) and not FACTS.has_any(("Boston", "Paris")) and not FACTS.has_any(())


@pytest.mark.parametrize("word, held", [
    ("randomization", True), ("Randomised", True), ("cleveland", True), ("creamy", False), ("rashes", False), ("dummies", False),
])
def test_other_forms_of_a_records_word_by_their_stem(word, held):
    assert FACTS.has_stem(word) is held  # "randomized" and "cleveland" are the record's; "rash" is under 5 letters
