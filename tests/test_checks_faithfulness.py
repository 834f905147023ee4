"""Faithfulness: every number, date, name and person on a page is in the record; not run without facts."""
from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.checks import CheckConfig, CheckDocument, check_paths, run_checks
from summarizer.checks.document import DocSection
from summarizer.models import Arm, DateInfo, Design, Eligibility, Intervention, Location, Person, Trial

PAGES = Path(__file__).parent / "fixtures" / "pages"
TRIAL = Trial(
    id="NCT06857240", nct_id="NCT06857240", brief_title="Ruxolitinib Cream in Dermatomyositis",
    brief_summary="This study tests ruxolitinib 1.5% cream in 15 adults with dermatomyositis for up to 12 weeks.",
    conditions=["Dermatomyositis"], interventions=[Intervention(name="Ruxolitinib cream", type="DRUG")],
    enrollment=15, phases=["PHASE2"], design=Design(allocation="RANDOMIZED"), arms=[Arm(label="A"), Arm(label="B")],
    eligibility=Eligibility(min_age_years=18.0),
    sponsor="The Cleveland Clinic", officials=[Person(name="Anthony Fernandez, MD", role="PRINCIPAL_INVESTIGATOR")],
    locations=[Location(facility="Cleveland Clinic", city="Cleveland", state="Ohio", country="United States")],
    start_date=DateInfo(date="2025-03-10"), completion_date=DateInfo(date="2026-06"),
)


def faithfulness(text: str, facts: Trial | None = TRIAL):
    doc = CheckDocument(file="page.json", sections=(DocSection("summary", "Summary", text, line=1),), facts=facts)
    return [(f.check, f.value) for f in run_checks(doc, CheckConfig()) if f.check.startswith("faithfulness")]


def test_a_page_without_facts_is_not_run_never_passed():
    assert faithfulness("Dr. Who says 99 people joined.", facts=None) == [("faithfulness.not_run", None)]


def test_a_faithful_page_passes():
    text = ("This study tests ruxolitinib cream in fifteen adults aged 18 or older with dermatomyositis. "
            "Each person has a 1 in 2 chance of each group. It runs at Cleveland Clinic in Cleveland, Ohio, United States. "
            "It started on March 10, 2025 and ends in June 2026, after about 15 months. Dr. Fernandez leads it. "
            "The study number is NCT06857240. It is a phase 2 study of 1.5% cream for 12 weeks.")
    assert faithfulness(text) == []


@pytest.mark.parametrize("text, finding", [
    ("The study has 40 people.", ("faithfulness.number", "40")),
    ("Sixteen people join.", ("faithfulness.number", "16")),
    ("About 1 in 4 people get a rash.", ("faithfulness.number", "1 in 4")),
    ("It started in April 2025.", ("faithfulness.date", "April 2025")),
    ("It ends on June 30, 2026.", ("faithfulness.date", "June 30, 2026")),
    ("See also NCT01234567.", ("faithfulness.id", "NCT01234567")),
    ("Dr. Alan Reyes leads the study.", ("faithfulness.person", "Alan Reyes")),
    ("Jane Roe, MD, checks the results.", ("faithfulness.person", "Jane Roe")),
    ("\"It works,\" says Maria Lopez.", ("faithfulness.person", "Maria Lopez")),
    ("It also runs at the Mayo Clinic in Rochester.", ("faithfulness.name", "Mayo Clinic")),
    ("Some people also get pembrolizumab.", ("faithfulness.name", "pembrolizumab")),
    ("People also take CT-155 Cream.", ("faithfulness.name", "CT-155 Cream")),  # a code is never a common word
    ("People with asthma or lupus can also join.", ("faithfulness.name", "lupus")),  # listed names, any case
    ("Some people also get metformin or ibuprofen.", ("faithfulness.name", "metformin")),
    ("The study runs in Paris, France and in Berlin, Germany.", ("faithfulness.name", "Paris")),  # common, but places
    ("The study runs in Paris, France and in Berlin, Germany.", ("faithfulness.name", "France")),
    ("Pfizer pays for the study.", ("faithfulness.name", "Pfizer")),  # a rare word opening a sentence
    ("Sponsor: Pfizer.", ("faithfulness.name", "Pfizer")),
])
def test_what_the_record_does_not_hold(text, finding):
    assert finding in faithfulness(text)


def test_remainders_up_to_the_records_counts():
    trial = TRIAL.model_copy(update={"eligibility": Eligibility(inclusion=[f"rule {n}" for n in range(30)])})
    assert faithfulness("The record lists 27 more rules.", trial) == []
    assert faithfulness("The record lists 45 more rules.", trial) == [("faithfulness.number", "45")]


def test_the_doctor_page_names_a_person_the_record_does_not():
    result = check_paths([PAGES / "doctor.json"], CheckConfig())
    [finding] = [f for f in result.findings if f.severity == "error"]
    assert finding.check == "faithfulness.person" and finding.section == "who_runs" and finding.value == "Alan Reyes"
    lines = (PAGES / "doctor.json").read_text().splitlines()
    assert "Dr. Alan Reyes" in lines[finding.line - 1]
    assert not [f for f in check_paths([PAGES / "chewing-study.json"], CheckConfig()).findings if f.check.startswith("faithfulness")]


@pytest.mark.parametrize("sentence", [
    "Dr. Lee runs it.", "Doctor Ann Smith runs it.", "Prof Ann Smith, Mrs Ray and Ms Kay help.", "Nurse Joy helps.",
    "Ann Smith, MD, leads.", "Ann Smith PhD leads.",
    "Ann Smith DO leads.", "Ann Smith RN leads.", "Ann Smith MBBS leads.", "Ann Smith MPH leads.", "Ann Smith FRCP leads.",
    "Ann Smith MSc leads.", "Ann Smith PharmD leads.", "Ann Smith DrPH leads.", "It works, said Ann Smith.",
    "It works, says Ann Smith.", "As explains Ann Smith.", "As explained Ann Smith.", "according to Ann Smith.",
    "notes Ann Smith.", "noted Ann Smith.",
])
def test_every_person_mention_holds_one_of_the_prefilter_words(sentence):
    from summarizer.checks.faithfulness import _PERSON, _PERSON_WORDS, mentions

    match = _PERSON.search(sentence)
    assert match and any(word in match.group() for word in _PERSON_WORDS)
    assert any(m.kind == "person" for m in mentions(sentence))


def test_listed_names_count_once_in_any_case_and_plural():
    assert faithfulness("The Lupus Foundation says lupus is hard.") == [("faithfulness.name", "Lupus Foundation")]
    assert faithfulness("Asthma is common. Some people with asthma join.") == [("faithfulness.name", "asthma")]
    assert faithfulness("Some melanomas grow.") == [("faithfulness.name", "melanomas")]
    assert faithfulness("Some melanomas grow.", TRIAL.model_copy(update={"conditions": ["Melanoma"]})) == []
    assert faithfulness("People with dermatomyositis's rashes join.") == []


@pytest.mark.parametrize("text", [
    "Afterwards, people go home.",  # an everyday word opening a sentence is not a name
    "Randomization puts people into groups.",  # nor is a listed jargon word; the record's "randomized"
    "Dermatomyositis is a skin and muscle illness.",  # the record's own name
    "One group gets a placebo (a dummy treatment with no medicine in it).",  # the templates' own words
    "The study runs in Cleveland, Ohio, United States.",  # places the record holds
    "People with 90Yttrium join.",  # a word with digits is not read as the listed name in it
])
def test_what_the_page_may_say_without_the_record_naming_it(text):
    assert faithfulness(text) == [] or "90Yttrium" in text and faithfulness(text) == [("faithfulness.name", "90Yttrium")]


def test_a_glossary_entrys_own_words_need_the_record_to_name_the_entry():
    text = "Leukaemia is a cancer of the blood-making cells in the bone marrow."
    leukemia = TRIAL.model_copy(update={"conditions": ["Leukemia"]})
    assert faithfulness(text, leukemia) == []  # the glossary term of the record's "Leukemia"
    assert faithfulness(text) == [("faithfulness.name", "Leukaemia"), ("faithfulness.name", "marrow")]
    asthma_score = TRIAL.model_copy(update={"conditions": ["Asthma Control Test"]})
    assert faithfulness("It asks how well asthma is kept under control.", asthma_score) == []


def test_the_glossary_index_reads_every_entry_as_the_glossary_loader_does():
    """glossary_words reads the YAML with patterns (the loader costs ten times more): it must agree
    with Glossary.load on every entry of the bundled glossary, or its exemptions would drift."""
    import re

    from summarizer.checks.faithfulness import glossary_words
    from summarizer.glossary import Glossary

    index = glossary_words()
    loaded = Glossary.load(None)
    assert loaded.entries
    for entry in loaded.entries:
        names = (entry.term, *entry.aliases, *entry.mesh)
        for word in set(re.findall(r"[^\W\d_]+", " ".join(filter(None, (entry.term, entry.plain, entry.aim,
                                                                          entry.simpler))).lower())):
            assert any(set(held) == set(names) for held in index[word]), (entry.term, word)
