"""The main goal from the first primary outcome of real records: put plainly, or quoted."""
from pathlib import Path

import pytest

from summarizer.drafting.outcomes import QUOTE_CUT, aim, checked_within, main_measure
from summarizer.extract import extract
from summarizer.glossary import Glossary
from summarizer.models import Trial
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load()


def trial(name: str) -> Trial:
    (raw,) = read_paths([RECORDS / name])
    return extract(raw)


def measured(t: Trial, measure: str) -> Trial:
    return t.model_copy(update={"primary_outcomes": [t.primary_outcomes[0].model_copy(update={"measure": measure})]})


def test_a_measure_too_long_to_put_plainly_is_quoted_whole(glossary):
    # NCT00460161's measure, 14 words: over the limit for an aim, under the one for a quote
    words = "To study the effect of acupuncture on phantom limb pain at 4 weeks post-amputation"
    t = measured(trial("NCT00460057.xml"), words)
    assert aim(glossary, t) is None and main_measure(t) == words


def test_a_primary_outcome_label_is_not_the_measure(glossary):
    # NCT00461890's measure: the words before ": " were taken for the measure
    words = "Primary Outcomes: Feasibility of an injectable naltrexone study in the primary care setting."
    t = measured(trial("NCT00460057.xml"), words)
    assert aim(glossary, t) == "to measure feasibility of an injectable naltrexone study in the primary care setting"
    assert main_measure(t) == "Feasibility of an injectable naltrexone study in the primary care setting"
    assert main_measure(trial("NCT00460057.xml")) == "Changes of bone turnover markers"  # no label: as written


def test_a_very_long_measure_is_cut_with_an_ellipsis():
    words = ("Percentage of participants with a sustained response at week 52, defined as a reduction of at least "
             "fifty percent in the number of weekly attacks")
    quoted = main_measure(measured(trial("NCT00460057.xml"), words))
    assert quoted == " ".join(words.split()[:QUOTE_CUT]).rstrip(",") + "…" and words.startswith(quoted[:-1])


def test_no_measure_to_quote_without_a_real_primary_outcome():
    assert main_measure(trial("NCT00460005.xml")) is None  # no primary outcome
    assert main_measure(trial("NCT04207047.json")) is None  # "Primary Outcome": only the heading


def test_checked_within_is_the_longest_time_frame():
    t = trial("NCT00460057.xml")
    frame = t.primary_outcomes[0].time_frame
    assert checked_within(t) is None or checked_within(t).split()[0] in frame
