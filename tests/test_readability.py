"""Readability scoring: hand-counted sentences, syllables and grades, the names adjustment, offline textstat."""
from __future__ import annotations

import math
from pathlib import Path

import nltk
import pytest

from summarizer import readability
from summarizer.readability import (
    TextStats, count_syllables, plain_text, readability as readability_of, score, score_together, split_sentences,
    text_stats, textstat_scores, words,
)


# --------------------------------------------------------------------------- plain text


def test_plain_text_strips_markup_code_and_urls():
    text = (
        "## What happens\n\nRead [the record](https://clinicaltrials.gov/study/NCT01234567) or "
        "https://example.org/a_b. Ask **your** doctor.\n\n```\nprint('code. More code.')\n```\n\n"
        "<p>Some <b>HTML</b> &amp; more</p><!-- section: x --><ul><li>an item</li></ul>"
    )
    assert plain_text(text) == (
        "What happens.\n\nRead the record or. Ask your doctor.\n\nSome HTML & more\n\nan item."
    )


def test_plain_text_makes_list_items_and_headings_sentences():
    text = "You can join if:\n- you are 18 or older\n* you have psoriasis;\n1. you agree!\n# Where"
    assert plain_text(text).split("\n\n") == [
        "You can join if:", "you are 18 or older.", "you have psoriasis.", "you agree!", "Where.",
    ]


def test_plain_text_drops_details_kept_one_click_away():
    assert plain_text("Short.\n\n<details><summary>All criteria</summary>\nLong text.\n</details>") == "Short."


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize("text", [
    "Dr. Smith and Mr. Jones run the study.",
    "You may get a pill, e.g. a vitamin, or a cream, i.e. a lotion.",
    "The cream vs. a dummy cream is tested at St. Jude in room No. 5 for approx. 12 weeks.",
    "About 1.5% of people had a rash and 2.25 mg is the dose.",
    "J. R. R. Tolkien wrote about it in the U.S. long ago.",
    "The study number is NCT01234567 and it started in 2020.",
    "It tests pills, creams, etc. and asks how you feel.",
    "The trial ended in Jan. 2020 at No. 3 site.",
    "It ran from Feb. 3 to Mar. 9, Apr. 1 to Aug. 5, Sept. 2 to Sep. 8, Oct. 4 to Nov. 6 and in Dec. 2021.",
    "Dr. Smith and J. A. Smith of the U.S. Army run it.",
])
def test_one_sentence_despite_dots(text):
    assert split_sentences(text) == [text]


def test_sentences_end_where_they_should():
    assert split_sentences("It ended. Then what? We stopped! The end") == ["It ended.", "Then what?", "We stopped!", "The end"]
    assert split_sentences("We tested pills, creams etc. Then we stopped.") == ["We tested pills, creams etc.", "Then we stopped."]
    assert split_sentences("The study is NCT01234567. It is small.") == ["The study is NCT01234567.", "It is small."]
    assert split_sentences('He said "stop." Then he left.') == ['He said "stop."', "Then he left."]
    assert split_sentences("It is run in the U.S. It has 40 sites.") == ["It is run in the U.S.", "It has 40 sites."]
    assert split_sentences("A vs. B. Then C.") == ["A vs. B.", "Then C."]
    assert split_sentences("It ended in Dec. The end.") == ["It ended in Dec.", "The end."]  # no number follows


def test_list_items_and_headings_are_sentences():
    text = "## Who can join\n\nYou can join if:\n\n- you are 18 or older\n- you have a rash on your hands"
    assert split_sentences(text) == ["Who can join.", "You can join if:", "you are 18 or older.", "you have a rash on your hands."]


def test_paragraph_break_ends_a_sentence_without_punctuation():
    assert split_sentences("No full stop here\n\nNext one") == ["No full stop here", "Next one"]


# --------------------------------------------------------------------------- syllables


@pytest.mark.parametrize("word, expected", [
    # hand-counted: pem-bro-li-zu-mab, se-ma-glu-tide, rux-o-li-ti-nib, du-pi-lu-mab, a-da-li-mu-mab
    ("pembrolizumab", 5), ("semaglutide", 4), ("ruxolitinib", 5), ("dupilumab", 4), ("adalimumab", 5),
    ("dermatomyositis", 7), ("tofacitinib", 5), ("crisaborole", 4), ("upadacitinib", 6), ("atezolizumab", 6),
    ("liraglutide", 4), ("tirzepatide", 4),
    # spon-dy-lo-ar-thri-tis, an-ti-co-ag-u-lant, co-arc-ta-tion: an "o" meets a root's "a"
    ("spondyloarthritis", 6), ("anticoagulant", 6), ("coarctation", 4),
])
def test_drug_and_condition_names_the_dictionary_lacks(word, expected):
    assert readability._cmu_syllables(word) is None
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("placebo", 3), ("randomized", 3), ("cream", 1), ("patient's", 2), ("don't", 1),  # CMU dictionary
    ("double-blind", 3), ("15", 1), ("1.5", 2), ("12,000", 2), ("PD", 2), ("NCT", 3), ("e.g", 2),
])
def test_dictionary_numbers_compounds_and_acronyms(word, expected):
    assert count_syllables(word) == expected


def test_words_keep_decimals_contractions_and_compounds_whole():
    assert words("A 1.5% double-blind test, e.g. don't.") == ["A", "1.5", "double-blind", "test", "e.g", "don't"]


# --------------------------------------------------------------------------- scores

PASSAGE = "This study tests a cream for a rare skin disease. Fifteen adults will use the cream for twelve weeks."


def test_flesch_kincaid_grade_matches_a_hand_computation():
    # This(1) study(2) tests(1) a(1) cream(1) for(1) a(1) rare(1) skin(1) disease(2): 10 words, 12 syllables
    # Fifteen(2) adults(2) will(1) use(1) the(1) cream(1) for(1) twelve(1) weeks(1):   9 words, 11 syllables
    words_, sentences, syllables = 19, 2, 23
    expected_fk = 0.39 * words_ / sentences + 11.8 * syllables / words_ - 15.59
    expected_ease = 206.835 - 1.015 * words_ / sentences - 84.6 * syllables / words_
    result = score(PASSAGE)
    assert (result.words, result.sentences) == (words_, sentences)
    assert result.fk_grade == pytest.approx(expected_fk, abs=0.01)
    assert result.flesch_reading_ease == pytest.approx(expected_ease, abs=0.01)
    assert result.smog == pytest.approx(3.1291, abs=0.01)  # no word of 3+ syllables


def test_registry_style_text_scores_far_above_target():
    text = ("This randomized, double-blind, placebo-controlled, multicenter study will evaluate the efficacy, "
            "safety, and pharmacokinetics of subcutaneous administration of the investigational product in "
            "participants with moderate-to-severe plaque psoriasis who are candidates for systemic therapy.")
    assert score(text).fk_grade > 16


def test_names_adjustment_lowers_the_grade_and_keeps_raw():
    text = "Ruxolitinib cream may help dermatomyositis. The cream goes on the skin."
    plain, named = score(text), score(text, ["Ruxolitinib", "dermatomyositis"])
    assert named.fk_grade < plain.fk_grade
    assert named.smog < plain.smog
    assert named.dale_chall < plain.dale_chall
    assert (named.raw_fk_grade, named.raw_smog) == (plain.fk_grade, plain.smog)
    assert (plain.raw_fk_grade, plain.raw_smog) == (plain.fk_grade, plain.smog)


def test_names_never_raise_the_score_of_short_words():
    text = "Breast cancer is common."
    assert score(text, ["Breast Cancer"]).fk_grade == score(text).fk_grade


@pytest.mark.parametrize("text", ["", "   \n\n", "<p></p>", "```\ncode\n```", "https://example.org"])
def test_empty_text_is_flagged_not_graded(text):
    result = score(text)
    assert result.words == 0 and result.sentences == 0
    values = [result.fk_grade, result.smog, result.flesch_reading_ease, result.dale_chall, result.raw_fk_grade, result.raw_smog]
    assert values == [0.0] * 6 and not any(math.isnan(v) for v in values)


def test_stats_add_up_to_the_whole():
    first, second = text_stats(["One short line."]), text_stats(["Two more words here."])
    assert first + second == text_stats(["One short line.", "Two more words here."])
    assert readability_of(TextStats()).words == 0


def test_dale_chall_accepts_inflections_of_familiar_words():
    assert score("The dogs played.").dale_chall == score("The dog play.").dale_chall


# --------------------------------------------------------------------------- textstat, offline


def test_textstat_never_downloads(monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("textstat tried to download NLTK data")

    def not_installed(*args, **kwargs):
        raise LookupError("no NLTK data here")

    monkeypatch.setattr(nltk, "download", no_download)
    monkeypatch.setattr(nltk.data, "find", not_installed)
    scores = textstat_scores("A unique sentence for the offline test of textstat, with a placebo cream.")
    assert set(scores) == {"flesch_kincaid_grade", "smog_index", "flesch_reading_ease", "dale_chall_readability_score"}
    assert scores["flesch_kincaid_grade"] > 0


def test_only_the_readability_module_imports_textstat():
    package = Path(readability.__file__).parent
    importers = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                       if "import textstat" in p.read_text(encoding="utf-8"))
    assert importers == ["readability.py"]


def test_build_and_check_do_not_import_textstat():
    """textstat pulls in NLTK (half a second); only the quality report and the benchmarks use it."""
    import subprocess
    import sys

    code = ("import sys, summarizer.cli, summarizer.pipeline, summarizer.checks.engine; "
            "print(sorted(m for m in ('textstat', 'nltk') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("token", "expected"), [("Ⅲ", 1), ("phase-Ⅲ", 2), ("½", 1), ("x²", 1)])
def test_letter_like_numbers_count_as_one_word(token, expected):
    assert count_syllables(token) == expected  # "Ⅲ" used to recurse until Python gave up


def test_a_pages_sections_scored_together_score_as_the_joined_page():
    # build scores a page from its sections' counts instead of reading the page's prose again
    import json

    page = json.loads((Path(__file__).parent / "fixtures" / "pages" / "chewing-study.json").read_text(encoding="utf-8"))
    texts = [s["text"] for s in page["sections"]]
    names = ["Chewing gum", "Postoperative ileus"]
    assert len(texts) > 3
    assert score_together(texts, names) == score("\n\n".join(texts), names)
    assert score_together(["A cat sat.", "- One item\n- Two items"]) == score("A cat sat.\n\n- One item\n- Two items")
    assert score_together([]).words == 0


def test_no_cache_keeps_more_than_the_documented_limits():
    # a worker of `check` lives for the whole run: a cache of 100,000 sentences grew it by 450 MB
    import re as regex

    from summarizer.readability import TEXTS_REMEMBERED, WORDS_REMEMBERED

    package = Path(readability.__file__).parent
    sizes = {(path.name, int(size.replace("_", ""))) for path in package.rglob("*.py")
             for size in regex.findall(r"lru_cache\(maxsize=([\d_]+)\)", path.read_text(encoding="utf-8"))}
    assert sizes and all(size <= 65_536 for _name, size in sizes), sizes  # the syllable counts of single words
    assert TEXTS_REMEMBERED <= 10_000 and WORDS_REMEMBERED <= 50_000
    read = readability.read_sentence
    for n in range(TEXTS_REMEMBERED + 5):
        read(f"Sentence number {n} is new.")
    assert read.cache_info().currsize == TEXTS_REMEMBERED
