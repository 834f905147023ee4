import pytest

from summarizer.drafting.wording import (
    age_range, end_wording, full_date, join_words, longest_duration, month_year, name_words, people, sentence,
    start_wording, without_enumerators,
)
from summarizer.models import DateInfo


def test_join_words_reads_like_english():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"], "or") == "a, b or c"


def test_people_counts():
    assert people(1) == "1 person"
    assert people(15) == "15 people"
    assert people(1200) == "1,200 people"


def test_dates_in_words():
    assert month_year(DateInfo(date="2026-06-25")) == "June 2026"
    assert month_year(DateInfo(date="2006-01")) == "January 2006"
    assert full_date(DateInfo(date="2026-06-05")) == "5 June 2026"
    assert full_date(DateInfo(date="2026-06")) == "June 2026"
    assert month_year(None) is None


def test_age_ranges():
    assert age_range(18, 75) == "aged 18 to 75"
    assert age_range(12, None) == "aged 12 and older"
    assert age_range(None, 17) == "aged up to 17"
    assert age_range(0.5, 5) == "aged 6 months to 5"
    assert age_range(None, None) is None


def test_longest_duration_reads_both_word_orders():
    assert longest_duration("Baseline to Week 16") == (16.0, "16 weeks")
    assert longest_duration("up to 12 weeks") == (12.0, "12 weeks")
    weeks, words = longest_duration("Day 1, Month 6 and 2 years")
    assert words == "2 years" and weeks > 100
    assert longest_duration("at the end of treatment") is None


def test_sentence():
    assert sentence("the study ends") == "The study ends."
    assert sentence("Done?") == "Done?"


@pytest.mark.parametrize("kind, status, said", [
    ("ACTUAL", "RECRUITING", ("started", False)),
    (None, "COMPLETED", ("started", False)),  # older records give no type: a finished study has begun
    (None, "NOT_YET_RECRUITING", ("plans to start", True)),
    ("ESTIMATED", "NOT_YET_RECRUITING", ("plans to start", True)),
    ("ESTIMATED", "COMPLETED", ("had planned to start", True)),  # never "plans to" on a finished study
    (None, "WITHDRAWN", ("had planned to start", True)),
    (None, "UNKNOWN", ("plans to start", True)),
])
def test_start_wording_follows_the_date_type_and_the_status(kind, status, said):
    assert start_wording(DateInfo(date="2006-11", type=kind), status) == said


@pytest.mark.parametrize("kind, status, said", [
    ("ACTUAL", "COMPLETED", ("ended", False)),
    (None, "TERMINATED", ("ended", False)),
    (None, "RECRUITING", ("should end", True)),
    ("ESTIMATED", "COMPLETED", ("had planned to end", True)),
    ("ESTIMATED", "WITHDRAWN", ("had planned to end", True)),
])
def test_end_wording_follows_the_date_type_and_the_status(kind, status, said):
    assert end_wording(DateInfo(date="2013-01", type=kind), status) == said


def test_name_words_ignore_order_punctuation_and_degrees():
    assert name_words("Arbelaez, Ana Maria") == name_words("Ana Maria Arbelaez, M.D.") == {"ana", "maria", "arbelaez"}
    assert name_words("Ana Arbelaez") != name_words("Ana Maria Arbelaez")


def test_arm_numbers_go_only_when_every_label_is_numbered_in_order():
    assert without_enumerators(["1 Placebo", "2. repaglinide"]) == ["Placebo", "repaglinide"]
    assert without_enumerators(["1) Low dose", "2) High dose", "3: Placebo"]) == ["Low dose", "High dose", "Placebo"]
    assert without_enumerators(["1 mg", "2 mg"]) == ["1 mg", "2 mg"]  # a dose, not a number in a list
    assert without_enumerators(["2 Placebo", "3 Drug"]) == ["2 Placebo", "3 Drug"]
    assert without_enumerators(["1. Drug"]) == ["1. Drug"]
    assert without_enumerators(["1 Arm A", "2. Arm A"]) == ["1 Arm A", "2. Arm A"]  # would no longer differ
