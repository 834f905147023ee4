from summarizer.drafting.wording import (
    age_range, full_date, join_words, longest_duration, month_year, people, sentence,
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
