"""The rules drafter on real committed records: every section, including the "record does not say" paths."""
import re
from pathlib import Path

import pytest

from summarizer.drafting import drafter_names, get_drafter
from summarizer.drafting.phrases import SECTION_IDS
from summarizer.drafting.facts import build_facts
from summarizer.drafting.rules import protected_words, tidy
from summarizer.errors import UsageError
from summarizer.extract import extract
from summarizer.models import Trial
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"


def trial(name: str) -> Trial:
    (raw,) = list(read_paths([RECORDS / name]))
    return extract(raw)


@pytest.fixture(scope="module")
def drafter():
    return get_drafter("rules")


def sections(drafter, t: Trial) -> dict[str, str]:
    return {s.id: s.text for s in drafter.draft(t).sections}


def test_registry_names_rules_and_refuses_unknown():
    assert "rules" in drafter_names()
    with pytest.raises(UsageError, match="unknown drafter"):
        get_drafter("nope")


@pytest.mark.parametrize("name", sorted(p.name for p in RECORDS.glob("NCT*")))
def test_every_section_is_drafted_non_empty_and_clean(drafter, name):
    draft = drafter.draft(trial(name))
    assert [s.id for s in draft.sections] == list(SECTION_IDS)
    for section in draft.sections:
        assert section.text.strip(), section.id
        assert "{{" not in section.text and "{%" not in section.text, section.id
        assert not re.search(r"\b(None|null|nan|undefined)\b", section.text), section.id
        assert not any("  " in line or line != line.strip() for line in section.text.splitlines()), section.id


def test_summary_says_what_is_tested_on_whom_how_many(drafter):
    t = trial("NCT00763412.json")
    text = sections(drafter, t)["summary"]
    tested = [i.name for i in t.interventions if "placebo" not in i.name.lower()]
    assert any(name in text for name in tested)
    assert t.conditions[0] in text
    assert f"{t.enrollment} people" in text


def test_summary_quotes_the_main_measure_it_cannot_put_plainly(drafter):
    t = trial("NCT00460057.xml")
    words = "To study the effect of acupuncture on phantom limb pain at 4 weeks post-amputation"  # NCT00460161's
    t = t.model_copy(update={"primary_outcomes": [t.primary_outcomes[0].model_copy(update={"measure": words})]})
    assert f'The study\'s main measure, in the record\'s words: "{words}".' in sections(drafter, t)["summary"]
    bare = sections(drafter, trial("NCT04207047.json"))["summary"]  # its measure is only "Primary Outcome"
    assert "The study record does not say what the study's main goal is." in bare


def test_summary_of_observational_study_says_no_treatment_is_given(drafter):
    text = sections(drafter, trial("NCT05594173.json"))["summary"]
    assert "observational study" in text and "do not give a new treatment" in text


def test_size_and_dates_are_said_in_the_tense_the_status_calls_for(drafter):
    ended = trial("NCT00463190.xml")  # completed, its enrollment still "Anticipated"
    assert (ended.overall_status, ended.enrollment_type) == ("COMPLETED", "ESTIMATED")
    assert ("The study had planned to include 300 people. The record does not give the final number."
            in sections(drafter, ended)["summary"])
    unknown = trial("NCT02691897.json")  # UNKNOWN: no one has checked the record since 2019
    text = sections(drafter, unknown)
    assert "The record last said the study would include 60 people." in text["summary"]
    assert "The record last said it would end in July 2020." in text["what_happens"]
    assert "plans to" not in text["summary"] + text["what_happens"] and "should end" not in text["what_happens"]
    for name in ("NCT00973089.json", "NCT00460980.xml"):  # withdrawn, enrollment 0
        summary = sections(drafter, trial(name))["summary"]
        assert "No one joined the study." in summary and "does not say how many" not in summary, name


def test_what_could_go_wrong_derives_risks_from_design_and_status(drafter):
    withdrawn = trial("NCT00973089.json")
    text = sections(drafter, withdrawn)["what_could_go_wrong"]
    assert withdrawn.overall_status == "WITHDRAWN" and "stopped the study before anyone joined" in text
    terminated = trial("NCT00460551.xml")
    text = sections(drafter, terminated)["what_could_go_wrong"]
    assert "stopped early" in text and terminated.why_stopped in text
    early = trial("NCT02691897.json")
    assert "early study" in sections(drafter, early)["what_could_go_wrong"]


def test_what_happens_says_how_people_are_put_into_groups_whenever_the_record_does(drafter):
    listed_none = trial("NCT00463190.xml")  # randomized, parallel, no arms listed
    assert (listed_none.design.allocation, listed_none.arms) == ("RANDOMIZED", [])
    text = sections(drafter, listed_none)["what_happens"]
    assert "A computer puts people into groups by chance" in text and "does not say how" not in text
    single = trial("NCT00460057.xml")  # single group, allocation "N/A", one arm
    text = sections(drafter, single)["what_happens"]
    assert "Everyone in the study is in one group and gets the same treatment:" in text
    one_listed = trial("NCT00763412.json")  # randomized; a copy that lists only its placebo arm
    text = sections(drafter, one_listed.model_copy(update={"arms": one_listed.arms[:1]}))["what_happens"]
    assert "by chance" in text and "The record lists one group:" in text and "Everyone" not in text
    no_allocation = listed_none.model_copy(update={"design": listed_none.design.model_copy(update={"allocation": None})})
    assert "each group gets a different treatment" in sections(drafter, no_allocation)["what_happens"]
    bare = no_allocation.model_copy(update={"design": no_allocation.design.model_copy(
        update={"intervention_model": None})})
    assert "does not say how the study team puts people into groups" in sections(drafter, bare)["what_happens"]


def test_a_quoted_reason_keeps_the_records_words():
    t = trial("NCT00973089.json")  # "... enrolling participants has halted ...": "participants" has a plain swap
    assert "participants" in t.why_stopped
    text = next(s for s in get_drafter("rules", target_grade=12.0).draft(t).sections if s.id == "what_could_go_wrong")
    assert text.variant == "default" and f'"{t.why_stopped}"' in text.text


def test_a_hard_stop_reason_moves_to_the_sections_details_in_the_shorter_variants():
    t = trial("NCT00973089.json")
    section = next(s for s in get_drafter("rules", target_grade=1.0).draft(t).sections if s.id == "what_could_go_wrong")
    assert section.variant != "default"
    assert t.why_stopped not in section.text and "reason is shown below" in section.text
    assert section.details == t.why_stopped  # the record's words, one click away


def test_placebo_controlled_trial_is_not_called_uncontrolled(drafter):
    t = trial("NCT00763412.json")
    text = sections(drafter, t)["what_could_go_wrong"]
    assert "no comparison group" not in text
    assert "placebo" in sections(drafter, t)["what_happens"]


def test_who_can_join_gives_ages_sex_and_keeps_the_original_criteria(drafter):
    t = trial("NCT00460057.xml")
    draft = drafter.draft(t)
    join = next(s for s in draft.sections if s.id == "who_can_join")
    assert "Only women can join." in join.text  # aged 50 to 65: no girls
    assert join.details == t.eligibility.criteria
    assert f"aged {int(t.eligibility.min_age_years)}" in join.text


@pytest.mark.parametrize("ages, said", [((50, 65), "Only women can join."), ((5, 12), "Only girls can join."),
                                        ((12, 24), "Only women and girls can join."),
                                        ((None, None), "Only women and girls can join.")])
def test_who_can_join_says_women_or_girls_as_the_ages_allow(drafter, ages, said):
    t = trial("NCT00460057.xml")
    eligibility = t.eligibility.model_copy(update={"min_age_years": ages[0], "max_age_years": ages[1]})
    assert said in sections(drafter, t.model_copy(update={"eligibility": eligibility}))["who_can_join"]
    male = eligibility.model_copy(update={"sex": "MALE"})
    men = said.replace("women", "men").replace("girls", "boys")
    assert men in sections(drafter, t.model_copy(update={"eligibility": male}))["who_can_join"]


def test_a_name_ending_in_a_full_stop_gets_no_second_one(drafter):
    t = trial("NCT05144685.json")
    assert t.sponsor == "Oui Therapeutics, Inc."
    text = sections(drafter, t)["who_runs"]
    assert "Oui Therapeutics, Inc." in text and ".." not in text
    text = sections(drafter, t.model_copy(update={"collaborators": ["Acme Labs Ltd."]}))["who_runs"]
    assert "It works with Acme Labs Ltd." in text and ".." not in text


def test_what_is_tested_is_not_described_by_its_own_label(drafter):
    t = trial("NCT00460083.xml")  # a cream matched on part of its name: its label and description are its kind
    cream = t.interventions[0]
    long_name = "Barrier cream with ceramides for children with atopic dermatitis"
    renamed = t.model_copy(update={"interventions": [cream.model_copy(update={"name": long_name})], "arms": []})
    text = sections(drafter, renamed)["what_it_could_mean"]
    assert "- A medicine." in text and "a medicine: a medicine" not in text.lower()


def test_the_outlook_pronoun_agrees_with_the_conditions(drafter):
    two = sections(drafter, trial("NCT05144685.json"))["what_it_could_mean"]  # two conditions, treatment
    assert "people with these conditions a new way to treat them." in two
    one = sections(drafter, trial("NCT00460902.xml"))["what_it_could_mean"]
    assert "people with this condition a new way to treat it." in one


def test_missing_data_is_said_plainly(drafter):
    bare = trial("NCT04027062.json").model_copy(update={
        "locations": [], "sponsor": None, "officials": [], "responsible_investigator": None, "enrollment": None,
        "primary_outcomes": [],
        "eligibility": trial("NCT04027062.json").eligibility.model_copy(
            update={"min_age_years": None, "max_age_years": None, "inclusion": [], "exclusion": []}),
        "start_date": None, "completion_date": None, "primary_completion_date": None, "phases": [],
    })
    text = sections(drafter, bare)
    assert "does not list any study sites" in text["where"]
    assert "does not say who runs the study" in text["who_runs"]
    assert "does not name a lead researcher" in text["who_runs"]
    assert "does not say how many people" in text["summary"]
    assert "does not say what ages" in text["who_can_join"]
    assert "does not list who can and cannot join" in text["who_can_join"]
    assert "does not say when the study runs" in text["what_happens"]
    assert "Phase: the study record does not say" in text["at_a_glance"]


def test_where_lists_sites_with_status_and_hides_contacts_by_default(drafter):
    t = trial("NCT00491010.xml").model_copy(update={"overall_status": "RECRUITING"})
    text = sections(drafter, t)["where"]
    assert t.locations[0].city in text and "open to join" in text
    assert "To ask about joining, use the contact details on the study record." in text
    assert all(p.phone not in text for p in t.central_contacts if p.phone)
    shown = get_drafter("rules", show_contacts=True).draft(t)
    where = next(s for s in shown.sections if s.id == "where").text
    assert t.central_contacts[0].name in where


def test_where_does_not_ask_readers_to_join_a_study_that_takes_no_one(drafter):
    t = trial("NCT00491010.xml")  # status UNKNOWN; its one site was "Recruiting" when last updated
    assert t.overall_status == "UNKNOWN" and t.locations[0].status == "RECRUITING"
    text = sections(drafter, t)["where"]
    assert t.locations[0].city in text and "open to join" not in text and "joining" not in text
    for name in ("NCT00460551.xml", "NCT00973089.json", "NCT05144685.json"):  # terminated, withdrawn, terminated
        assert "joining" not in sections(drafter, trial(name))["where"], name


def test_at_a_glance_links_the_registry_record(drafter):
    t = trial("NCT04207047.json")
    text = sections(drafter, t)["at_a_glance"]
    assert f"Study ID: {t.nct_id}" in text and t.registry_url in text


def test_tidy_joins_paragraph_lines_and_keeps_bullets():
    assert tidy("One.\nTwo.\n\n\n- a\n- b\nThree.") == "One. Two.\n\n- a\n- b\nThree."


def test_plain_word_swaps_leave_glossary_explanations_alone(drafter):
    t = trial("NCT00460057.xml")
    moxifloxacin = t.interventions[0].model_copy(update={"name": "Moxifloxacin", "type": "DRUG", "arm_labels": []})
    t = t.model_copy(update={"interventions": [moxifloxacin], "arms": [], "intervention_mesh": []})
    facts = build_facts(t, drafter.phrases, drafter.glossary)
    summary = sections(drafter, t)["summary"]
    assert "kills germs called bacteria" in summary
    assert "germs called germs" in drafter.plain_words.apply(summary, facts.names)  # "bacteria" -> "germs"
    assert drafter.plain_words.apply(summary, protected_words(facts)) == summary


def test_a_record_that_sets_no_age_limit_says_so(drafter):
    base = trial("NCT00460044.xml")  # the legacy record's minimum_age is "N/A"
    assert base.eligibility.min_age_text == "N/A"
    open_ages = base.eligibility.model_copy(update={"max_age_text": "N/A", "max_age_years": None})
    assert "sets no age limit" in sections(drafter, base.model_copy(update={"eligibility": open_ages}))["who_can_join"]
    unknown = base.eligibility.model_copy(update={"min_age_text": None, "max_age_text": None, "max_age_years": None})
    said = sections(drafter, base.model_copy(update={"eligibility": unknown}))["who_can_join"]
    assert "does not say what ages can join" in said and "no age limit" not in said


def test_a_study_that_takes_healthy_volunteers_is_about_its_conditions_not_for_people_with_them(drafter):
    base = trial("NCT00763412.json")  # repaglinide for people with cystic fibrosis related diabetes
    assert "It is for people with" in sections(drafter, base)["summary"]
    healthy = base.model_copy(update={
        "eligibility": base.eligibility.model_copy(update={"healthy_volunteers": True}),
        "conditions": ["Healthy Volunteers", *base.conditions]})
    summary = sections(drafter, healthy)["summary"]
    assert "It is about" in summary and "for people with" not in summary
    assert "Healthy" not in summary  # not named as if it were an illness
