import pytest

from summarizer.drafting.wording import (
    age_range, end_wording, full_date, join_words, longest_duration, month_year, name_words, people, same_person, sentence,
    size_wording, start_wording, without_enumerators,
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
    ("ACTUAL", "RECRUITING", ("The study started", False)),
    (None, "COMPLETED", ("The study started", False)),  # older records give no type: a finished study has begun
    (None, "NOT_YET_RECRUITING", ("The study plans to start", True)),
    ("ESTIMATED", "NOT_YET_RECRUITING", ("The study plans to start", True)),
    ("ESTIMATED", "COMPLETED", ("The study had planned to start", True)),  # never "plans to" on a finished study
    (None, "WITHDRAWN", ("The study had planned to start", True)),
    (None, "UNKNOWN", ("The record last said the study would start", True)),  # no one has checked it for years
])
def test_start_wording_follows_the_date_type_and_the_status(kind, status, said):
    assert start_wording(DateInfo(date="2006-11", type=kind), status) == said


@pytest.mark.parametrize("kind, status, said", [
    ("ACTUAL", "COMPLETED", ("It ended", False)),
    (None, "TERMINATED", ("It ended", False)),
    (None, "RECRUITING", ("It should end", True)),
    ("ESTIMATED", "COMPLETED", ("It had planned to end", True)),
    ("ESTIMATED", "WITHDRAWN", ("It had planned to end", True)),
    ("ESTIMATED", "UNKNOWN", ("The record last said it would end", True)),
])
def test_end_wording_follows_the_date_type_and_the_status(kind, status, said):
    assert end_wording(DateInfo(date="2013-01", type=kind), status) == said


def test_an_expected_date_already_past_at_the_last_update_is_what_the_record_last_said():
    end = DateInfo(date="2013-01", type="ESTIMATED")
    assert end_wording(end, "RECRUITING", DateInfo(date="2015-06-01")) == ("The record last said it would end", True)
    assert end_wording(end, "RECRUITING", DateInfo(date="2012-06-01")) == ("It should end", True)
    assert end_wording(end, "RECRUITING", DateInfo(date="2013-01-20")) == ("It should end", True)  # same month


@pytest.mark.parametrize("count, kind, status, said", [
    (40, "ACTUAL", "COMPLETED", "40 people took part."),
    (40, "ESTIMATED", "RECRUITING", "The study plans to include 40 people."),
    (40, "ESTIMATED", "COMPLETED",
     "The study had planned to include 40 people. The record does not give the final number."),
    (40, None, "TERMINATED", "The record gives the study's size as 40 people."),  # older records give no type
    (40, "ESTIMATED", "UNKNOWN", "The record last said the study would include 40 people."),
    (40, "ESTIMATED", "WITHDRAWN", "The study had planned to include 40 people. No one joined the study."),
    (0, "ACTUAL", "WITHDRAWN", "No one joined the study."),
    (None, None, "WITHDRAWN", "No one joined the study."),  # withdrawn: stopped before anyone joined
    (0, "ACTUAL", "TERMINATED", "No one took part."),
    (None, None, "COMPLETED", None),
    (0, "ESTIMATED", "RECRUITING", None),  # an estimate of none says nothing
])
def test_size_wording_says_the_number_in_the_tense_the_status_calls_for(count, kind, status, said):
    assert size_wording(count, kind, status) == said


def test_name_words_ignore_order_punctuation_and_degrees():
    assert name_words("Arbelaez, Ana Maria") == name_words("Ana Maria Arbelaez, M.D.") == {"ana", "maria", "arbelaez"}
    assert name_words("Ana Arbelaez") != name_words("Ana Maria Arbelaez")


def test_same_person_needs_the_same_first_and_last_name():
    assert same_person("Steven B Carswell, Ph.D.", "Steven Carswell")
    assert same_person("Carswell, Steven", "Steven B. Carswell, MD, DrPH")
    assert same_person("Arbelaez, Ana Maria", "Ana Maria Arbelaez, M.D.")
    assert same_person("Carl Llor, Doctor", "Carl Llor") and same_person("Nina N Grenon, DNP, AOCN", "Nina Grenon, NP")
    assert not same_person("Steven Carswell", "Susan Carswell")
    assert not same_person("Steven Carswell", "Steven Carswell-Jones")
    assert not same_person("Carswell", "Steven Carswell")  # one word is not enough to tell


def test_arm_numbers_go_only_when_every_label_is_numbered_in_order():
    assert without_enumerators(["1 Placebo", "2. repaglinide"]) == ["Placebo", "repaglinide"]
    assert without_enumerators(["1) Low dose", "2) High dose", "3: Placebo"]) == ["Low dose", "High dose", "Placebo"]
    assert without_enumerators(["1 mg", "2 mg"]) == ["1 mg", "2 mg"]  # a dose, not a number in a list
    assert without_enumerators(["2 Placebo", "3 Drug"]) == ["2 Placebo", "3 Drug"]
    assert without_enumerators(["1. Drug"]) == ["1. Drug"]
    assert without_enumerators(["1 Arm A", "2. Arm A"]) == ["1 Arm A", "2. Arm A"]  # would no longer differ
