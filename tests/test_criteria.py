"""Splitting eligibility criteria into inclusion and exclusion items.

The texts are real: taken from the committed fixtures or quoted from records of the shared
corpus (their NCT IDs are named), after the same cleaning extraction applies.
"""
from __future__ import annotations

import json
from xml.etree.ElementTree import parse

from summarizer.criteria import split_criteria
from summarizer.normalize import tidy_lines, unescape_markdown, unwrap_textblock


def _v2_criteria(fixtures_dir, nct_id: str) -> str:
    study = json.loads((fixtures_dir / "records" / f"{nct_id}.json").read_text())
    return tidy_lines(unescape_markdown(study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]))


def _xml_criteria(fixtures_dir, nct_id: str) -> str:
    root = parse(fixtures_dir / "records" / f"{nct_id}.xml").getroot()
    return tidy_lines(unwrap_textblock(root.findtext("eligibility/criteria/textblock")))


def test_v2_markdown_bullets(fixtures_dir):
    inclusion, exclusion = split_criteria(_v2_criteria(fixtures_dir, "NCT00763412"))
    assert inclusion[0] == "Male or females 12 -24 years old"
    assert inclusion[2] == ("Must have a glucose pattern by Oral Glucose Tolerance Test with fasting blood glucose "
                            "<126 mg/dl and 2 hour: 140 - 199 mg/dl or >200 mg/dl.")
    assert len(inclusion) == 5
    assert exclusion[0] == "Patients receiving growth hormone therapy or taking insulin"
    assert exclusion[-1] == ("Patients taking medications that affect glucose metabolism or contraindicated "
                             "with repaglinide")
    assert len(exclusion) == 6


def test_xml_wrapped_items_are_joined(fixtures_dir):
    inclusion, exclusion = split_criteria(_xml_criteria(fixtures_dir, "NCT00460005"))
    assert inclusion == [
        "Subject is outpatient.",
        "Subject has a diagnosis of migraine with/without aura according to IHS criteria, of at least 1 years "
        "duration.",
        "Subject is able to comprehend the study procedures and to comply with study requirements.",
    ]
    assert exclusion == ["Subject has other chronic pain condition(s) not associated with migraine",
                         "Subject is unable to understand the schedule/questionnaire."]


def test_group_labels_prefix_their_items(fixtures_dir):
    # NCT03630471: "Eligibility criteria:" then "For adolescent participants:" / "For parent participants:"
    inclusion, exclusion = split_criteria(_v2_criteria(fixtures_dir, "NCT03630471"))
    assert inclusion[0] == ("For adolescent participants: Enrolled as a student in Grades 9-12 "
                            "(corresponding to 13-20 years of age)")
    assert inclusion[-1] == "For parent participants: Proficient in spoken English or Hindi"
    assert exclusion[0].startswith("For adolescent participants: Requiring urgent medical attention")
    assert exclusion[-1] == "For parent participants: Intoxicated at the point of consent or assessment"


def test_headings_in_any_case_and_spelling():
    text = "INCLUSION CRITERIA\n\n1. Age 18\n\nKey Exclusion Criteria:\n\n1. Pregnancy\n\nInclusion:\n- Consent"
    assert split_criteria(text) == (["Age 18", "Consent"], ["Pregnancy"])


def test_heading_with_a_leading_bullet():
    # NCT00460122 (NIH Clinical Center layout)
    text = ("- INCLUSION CRITERIA:\n\n  1. Both male and female donors\n\n  2. Any ethnic group\n\n"
            "EXCLUSION CRITERIA:\n\n1. Donors are not eligible to donate platelets in the DTM")
    assert split_criteria(text) == (["Both male and female donors", "Any ethnic group"],
                                    ["Donors are not eligible to donate platelets in the DTM"])


def test_a_heading_run_into_an_item_is_split_off():
    # NCT00493701: the exclusion heading lost its line break
    text = ("Inclusion Criteria:\n\n  - BMI > 19 and < 35\n\n  - Age 18-30 Exclusion Criteria\n\n"
            "  - Smokers\n\n  - Pregnancy")
    assert split_criteria(text) == (["BMI > 19 and < 35", "Age 18-30"], ["Smokers", "Pregnancy"])


def test_sub_bullets_join_their_item():
    # NCT00462332 (NCI layout: its sections are conditions to meet, so inclusion)
    text = ("DISEASE CHARACTERISTICS:\n\n  - Diagnosis of chronic lymphocytic leukemia (CLL)\n\n"
            "       - Advanced or progressive disease with ≥ 2 active clinical signs\n\n"
            "PATIENT CHARACTERISTICS:\n\n  - No active infection")
    inclusion, exclusion = split_criteria(text)
    assert inclusion == ["Diagnosis of chronic lymphocytic leukemia (CLL): Advanced or progressive disease with "
                         "≥ 2 active clinical signs", "No active infection"]
    assert exclusion == []


def test_sub_items_of_a_choice_stay_together_and_numbered_subs_join():
    text = ("Inclusion Criteria:\n\n1. Age 18-75 years\n2. MASH defined by any of the following:\n\n"
            "   1. Liver biopsy with definitive MASH or;\n   2. Imaging study with hepatic steatosis\n"
            "3. Possession of a smartphone")
    inclusion, _ = split_criteria(text)
    assert inclusion == ["Age 18-75 years",
                         "MASH defined by any of the following: Liver biopsy with definitive MASH or; "
                         "Imaging study with hepatic steatosis",
                         "Possession of a smartphone"]


def test_preambles_are_neither_items_nor_prefixes():
    # NCT00490100: a label "Participants Must NOT:" on the exclusion list would make double negatives
    text = ("- INCLUSION CRITERIA:\n\nParticipants Must:\n\n  - Have a diagnosis of XSCID\n\n"
            "EXCLUSION CRITERIA:\n\nParticipants Must NOT:\n\n  - Have fusion of epiphyseal plates")
    assert split_criteria(text) == (["Have a diagnosis of XSCID"], ["Have fusion of epiphyseal plates"])


def test_continuation_lines_join_and_placeholders_are_dropped():
    text = "Inclusion Criteria:\n* Adults with asthma\n  who use an inhaler daily\n\nExclusion Criteria: None"
    assert split_criteria(text) == (["Adults with asthma who use an inhaler daily"], [])


def test_inline_heading_content_is_an_item():
    # NCT01892319: the whole text is one line
    text = "Inclusion Criteria: - Informed consent obtained Exclusion Criteria: - Pregnant for more than 16 weeks"
    assert split_criteria(text) == (["Informed consent obtained"], ["Pregnant for more than 16 weeks"])


def test_mentions_of_inclusion_are_not_headings():
    text = ("Inclusion Criteria:\n- Adults\n- Other protocol-defined inclusion/exclusion criteria may apply\n"
            "- Further inclusion criteria apply.")
    inclusion, exclusion = split_criteria(text)
    assert inclusion == ["Adults", "Other protocol-defined inclusion/exclusion criteria may apply",
                         "Further inclusion criteria apply."]
    assert exclusion == []


def test_text_before_any_heading_counts_as_inclusion():
    # NCT02782117: "Major Eligibility Criteria:" and no inclusion/exclusion headings at all
    text = "Major Eligibility Criteria:\n\n* Age 4 to <8 years (phase 1)\n* Monocular amblyopia"
    assert split_criteria(text) == (["Age 4 to <8 years (phase 1)", "Monocular amblyopia"], [])


def test_repeated_qualified_headings_become_group_labels():
    text = ("Inclusion criteria for control participants:\n- Healthy\n"
            "Inclusion criteria for patients:\n- Diagnosed with asthma\n"
            "Exclusion criteria:\n- Smoking")
    assert split_criteria(text) == (["For control participants: Healthy", "For patients: Diagnosed with asthma"],
                                    ["Smoking"])


def test_empty_text():
    assert split_criteria(None) == ([], [])
    assert split_criteria("") == ([], [])
