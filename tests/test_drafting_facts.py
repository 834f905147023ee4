"""What the drafter may say about real records: explanations, outcome aims, plain eligibility rules."""
from pathlib import Path

import pytest

from summarizer.drafting.facts import build_facts
from summarizer.drafting.phrases import PhraseBank
from summarizer.extract import extract
from summarizer.glossary import Glossary
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def bank():
    return PhraseBank.load()


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load()


def facts_of(name, bank, glossary):
    (raw,) = read_paths([RECORDS / name])
    trial = extract(raw)
    return trial, build_facts(trial, bank, glossary)


def test_a_drug_is_explained_through_its_mesh_heading(bank, glossary):
    trial, facts = facts_of("NCT00460057.xml", bank, glossary)
    (alendronate,) = facts.tested
    assert alendronate.how == "mesh" and "Alendronate" in trial.intervention_mesh
    assert alendronate.explanation == "Alendronate is a medicine that helps keep bones strong."
    assert facts.conditions[0].explanation.startswith("Osteoporosis is ")


def test_a_match_on_part_of_a_name_explains_that_part_only(bank, glossary):
    _trial, facts = facts_of("NCT00460083.xml", bank, glossary)
    (cream,) = facts.tested
    assert cream.how == "part" and cream.term == "cream"
    assert cream.explanation == "Cream is a thick, smooth mix rubbed into the skin."
    assert cream.description == "a medical device"  # the record files this cream as a device


def test_a_name_nothing_explains_is_named_without_inventing(bank, glossary):
    _trial, facts = facts_of("NCT00973089.json", bank, glossary)
    (tested,) = facts.tested
    assert tested.plain is None and tested.explanation is None
    assert tested.label == tested.name


def test_long_names_are_referred_to_by_kind_and_kept_in_full(bank, glossary):
    trial, facts = facts_of("NCT03630471.json", bank, glossary)
    condition = facts.conditions[0]
    assert condition.is_long and condition.name in facts.long_names
    assert condition.label == "a health condition"


def test_outcome_aim_from_a_named_measure_in_the_glossary(bank, glossary):
    trial, facts = facts_of("NCT02691897.json", bank, glossary)
    assert facts.aim == "to see if it changes how much sugar is in the blood" and facts.aim_is_plain


def test_outcome_aim_in_the_records_own_words_otherwise(bank, glossary):
    trial, facts = facts_of("NCT00460057.xml", bank, glossary)
    assert trial.primary_outcomes[0].measure.lower().startswith("changes of bone turnover markers")
    assert facts.aim == "to measure changes of bone turnover markers" and not facts.aim_is_plain


def test_eligibility_rules_become_plain_bullets_and_the_rest_is_counted(bank, glossary):
    trial, facts = facts_of("NCT01165944.json", bank, glossary)
    assert "You cannot join if you are pregnant or breastfeeding." in facts.exclude_rules
    assert any("pregnan" in item.lower() for item in trial.eligibility.exclusion)
    matched = len(trial.eligibility.inclusion) + len(trial.eligibility.exclusion) - facts.unmatched_criteria
    assert 0 < matched and facts.unmatched_criteria > 0


def test_an_allergy_is_to_what_the_study_tests_only_when_the_item_says_so(bank, glossary):
    trial, facts = facts_of("NCT05594173.json", bank, glossary)
    assert "known allergies to medical adhesive" in trial.eligibility.exclusion
    assert any("ingredients of the food products used" in item for item in trial.eligibility.exclusion)
    assert {"You cannot join if you have certain allergies.",
            "You cannot join if you are allergic to what the study tests."} <= set(facts.exclude_rules)
    assert "You cannot join if you had surgery recently." not in facts.exclude_rules  # "history of surgery"
    assert "You cannot join if you have had certain surgeries." in facts.exclude_rules
    _trial, facts = facts_of("NCT04207047.json", bank, glossary)  # "allergy to gold"
    assert "You cannot join if you are allergic to what the study tests." not in facts.exclude_rules


def test_a_surgeon_s_experience_is_not_read_as_a_past_surgery(bank, glossary):
    trial, facts = facts_of("NCT00460980.xml", bank, glossary)
    assert any("laparoscopic surgery as the assistant surgeon" in item for item in trial.eligibility.exclusion)
    assert not any("surger" in rule for rule in facts.exclude_rules)


def test_risks_follow_design_and_status(bank, glossary):
    trial, facts = facts_of("NCT00460551.xml", bank, glossary)
    assert trial.overall_status == "TERMINATED"
    assert any(trial.why_stopped in risk for risk in facts.risks)
    _trial, facts = facts_of("NCT00460902.xml", bank, glossary)
    assert any("Everyone knows what they get" in risk for risk in facts.risks)  # open label


def test_a_withdrawn_or_suspended_study_gives_the_records_reason(bank, glossary):
    for name in ("NCT00973089.json", "NCT00460980.xml"):
        trial, facts = facts_of(name, bank, glossary)
        assert trial.overall_status == "WITHDRAWN" and trial.why_stopped
        assert f'{bank.risk["withdrawn"]} The record gives this reason: "{trial.why_stopped}"' in facts.risks, name
    trial, _facts = facts_of("NCT00460551.xml", bank, glossary)
    paused = build_facts(trial.model_copy(update={"overall_status": "SUSPENDED"}), bank, glossary)
    assert f'{bank.risk["suspended"]} The record gives this reason: "{trial.why_stopped}"' in paused.risks
    elsewhere = trial.model_copy(update={"overall_status": "SUSPENDED", "why_stopped": "Merged into NCT04857515"})
    assert bank.risk["suspended"] in build_facts(elsewhere, bank, glossary).risks  # another study's number
    trial, facts = facts_of("NCT01165944.json", bank, glossary)  # withdrawn without a reason
    assert trial.why_stopped is None and bank.risk["withdrawn"] in facts.risks


def test_a_lack_of_comparison_is_claimed_only_where_the_record_shows_it(bank, glossary):
    trial, _facts = facts_of("NCT00763412.json", bank, glossary)  # placebo arm, repaglinide arm
    untested = {"brief_title": "Repaglinide in Cystic Fibrosis", "official_title": None, "keywords": []}
    arms = [arm.model_copy(update={"type": "EXPERIMENTAL", "intervention_names": ["Drug: repaglinide"]})
            for arm in trial.arms]
    interventions = [i for i in trial.interventions if "placebo" not in i.name.lower()]

    def risks(**update):
        changed = trial.model_copy(update={**untested, "interventions": interventions, **update})
        return build_facts(changed, bank, glossary).risks

    no_group, no_control = bank.risk["no_comparison"], bank.risk["no_control"]
    single = trial.design.model_copy(update={"intervention_model": "SINGLE_GROUP"})
    assert no_group in risks(design=single, arms=arms[:1])
    parallel = trial.design.model_copy(update={"intervention_model": "PARALLEL"})
    assert no_control in risks(design=parallel, arms=arms) and no_group not in risks(design=parallel, arms=arms)
    # a legacy record that lists no arms: its design alone does not show a lack of comparison
    assert not {no_group, no_control} & set(risks(design=parallel, arms=[]))
    # nor does it when the title says the study is placebo-controlled
    titled = {"brief_title": "Repaglinide Placebo Controlled Study", "design": single, "arms": arms[:1]}
    assert not {no_group, no_control} & set(risks(**titled))


def test_a_sponsor_who_is_the_lead_researcher_is_named_as_the_record_spells_them_out(bank, glossary):
    trial, facts = facts_of("NCT00763412.json", bank, glossary)
    assert trial.sponsor == "Arbelaez, Ana Maria" and trial.officials[0].role == "STUDY_CHAIR"
    assert facts.sponsor == "Ana Maria Arbelaez"
    # the lead researcher is named only as the responsible party; her "affiliation" there is her own name
    assert facts.investigators == ["Ana Maria Arbelaez"]
    assert [group.label for group in facts.groups] == ["Placebo", "repaglinide"]  # "1 Placebo", "2. repaglinide"
    assert (facts.start_said, facts.start_expected) == ("The study started", False)  # no date type, and the study is over


def test_the_responsible_researcher_is_not_named_twice(bank, glossary):
    trial, facts = facts_of("NCT00460057.xml", bank, glossary)
    assert trial.responsible_investigator.name == "Hee-Jeong Choi"
    # she is also the principal investigator among the officials, as "Hee-Jeong Choi, MD, PhD"
    assert facts.investigators == ["Hee-Jeong Choi, MD, PhD of Department of Family medicine, Eulji University Hospital"]


def test_one_researcher_named_twice_in_other_words_is_named_once(bank, glossary):
    trial, _facts = facts_of("NCT00460057.xml", bank, glossary)
    official = trial.officials[0]
    party = trial.responsible_investigator.model_copy(update={"name": "Choi, Hee-Jeong K."})
    facts = build_facts(trial.model_copy(update={"responsible_investigator": party}), bank, glossary)
    assert facts.investigators == [f"{official.name} of {official.affiliation}"]  # the fuller, official entry
    other = party.model_copy(update={"name": "Hee-Jeong Park"})
    facts = build_facts(trial.model_copy(update={"responsible_investigator": other}), bank, glossary)
    assert len(facts.investigators) == 2 and facts.investigators[1].startswith("Hee-Jeong Park of ")


def test_unknown_side_effects_are_named_only_for_a_medicine_in_a_phase_1_to_3_trial(bank, glossary):
    caution = bank.risk["investigational"]
    assert caution in facts_of("NCT00460551.xml", bank, glossary)[1].risks  # phase 2, a biological and drugs
    assert caution in facts_of("NCT01165944.json", bank, glossary)[1].risks  # phase 1/2 drug
    # repaglinide (an approved drug) in a trial with no phase, phase 4 drugs, a phase 2/3 device trial
    for name in ("NCT00763412.json", "NCT00460057.xml", "NCT05144685.json"):
        assert caution not in facts_of(name, bank, glossary)[1].risks, name


def test_an_inverted_condition_name_reads_in_natural_order_with_its_verb(bank, glossary):
    trial, facts = facts_of("NCT00973089.json", bank, glossary)
    assert trial.conditions == ["Caries, Dental"]
    (caries,) = facts.conditions
    assert caries.name == "Dental Caries" and caries.how == "term"  # "dental caries" is a glossary alias
    assert caries.explanation == "Dental Caries is damage to the teeth that makes holes in them."
    trial, facts = facts_of("NCT05144685.json", bank, glossary)
    assert [c.name for c in facts.conditions] == ["Attempted Suicide", "Suicidal Ideation"]
    assert "treat them." in facts.outlook


def test_a_plural_name_is_explained_with_are(bank, glossary):
    trial, _facts = facts_of("NCT00460980.xml", bank, glossary)
    burns = trial.model_copy(update={"conditions": ["Burns", "Gallstones"]})
    assert [" ".join(c.explanation.split()[:2]) for c in build_facts(burns, bank, glossary).conditions] == [
        "Burns are", "Gallstones are"]


def test_countries_are_named_as_a_sentence_says_them(bank, glossary):
    _trial, facts = facts_of("NCT00460551.xml", bank, glossary)
    assert facts.countries == ["Belgium", "France", "the Netherlands", "the United Kingdom", "the United States"]
    _trial, facts = facts_of("NCT02691897.json", bank, glossary)
    assert facts.countries == ["the Islamic Republic of Iran"]


def test_a_site_in_an_inverted_country_name_reads_in_natural_order(bank, glossary):
    trial, _facts = facts_of("NCT00763412.json", bank, glossary)
    seoul = trial.locations[0].model_copy(update={"city": "Seoul", "state": None, "country": "Korea, Republic of"})
    facts = build_facts(trial.model_copy(update={"locations": [seoul]}), bank, glossary)
    assert facts.sites == [f"{seoul.facility}, Seoul, Republic of Korea"]
