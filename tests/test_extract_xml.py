"""Legacy XML -> Trial, field group by field group, on the committed real records.

Expected values are copied from the fixture files (tests/fixtures/records/NCT*.xml); the
display spellings of the legacy format must come out in the API v2 spelling.
"""
from __future__ import annotations

import pytest

from summarizer.errors import RecordError
from summarizer.extract_xml import extract_xml
from summarizer.models import DateInfo, Location, Person, RawRecord, Trial


def _raw(fixtures_dir, nct_id: str) -> RawRecord:
    path = fixtures_dir / "records" / f"{nct_id}.xml"
    return RawRecord(source=str(path), format="ctgov-xml", payload=path.read_text(encoding="utf-8"))


def _load(fixtures_dir, nct_id: str) -> Trial:
    return extract_xml(_raw(fixtures_dir, nct_id))


def test_identification(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00491010")
    assert (trial.id, trial.nct_id) == ("NCT00491010", "NCT00491010")
    assert trial.other_ids == ["R-06-153", "12266"]
    assert trial.brief_title == trial.official_title == "Maximum Targeted Ablation of Atrial Flutter"
    assert trial.source == str(fixtures_dir / "records" / "NCT00491010.xml")
    assert trial.source_format == "ctgov-xml"
    assert trial.provenance["nct_id"] == "id_info/nct_id"
    assert trial.provenance["other_ids"] == "id_info/org_study_id, id_info/secondary_id"


def test_status_dates_and_results(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460551")
    assert trial.overall_status == "TERMINATED"
    assert trial.why_stopped == ("Due to considerations regarding the appropriate therapeutic regimen for these "
                                 "patients.")
    assert trial.start_date == DateInfo(date="2007-04")  # "April 2007", no type attribute
    assert trial.completion_date == DateInfo(date="2008-10", type="ACTUAL")
    assert trial.has_results is True and trial.provenance["has_results"] == "clinical_results"
    unknown = _load(fixtures_dir, "NCT00491010")
    assert unknown.overall_status == "UNKNOWN"  # "Unknown status"
    assert unknown.first_posted == DateInfo(date="2007-06-25", type="ESTIMATED")  # type="Estimate"
    assert unknown.completion_date == DateInfo(date="2008-02", type="ESTIMATED")  # type="Anticipated"
    assert unknown.has_results is False and "has_results" not in unknown.provenance
    assert unknown.provenance["first_posted"] == "study_first_posted"


def test_withdrawn_why_stopped_is_cleaned(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460980")
    assert trial.overall_status == "WITHDRAWN"
    assert trial.why_stopped == "Principal investigator left institution."  # was "\n    ...&#xD;\n  "
    assert (trial.enrollment, trial.enrollment_type) == (0, "ACTUAL")


def test_design(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460057")
    assert trial.study_type == "INTERVENTIONAL"
    assert trial.phases == ["PHASE4"]
    assert (trial.enrollment, trial.enrollment_type) == (63, "ACTUAL")
    assert trial.design.allocation == "NA"
    assert trial.design.intervention_model == "SINGLE_GROUP"  # "Single Group Assignment"
    assert trial.design.primary_purpose == "TREATMENT"
    assert trial.design.masking == "DOUBLE"
    assert trial.design.who_masked == ["PARTICIPANT", "INVESTIGATOR"]  # "Double (Participant, Investigator)"
    assert trial.provenance["design.who_masked"] == "study_design_info/masking"
    assert trial.provenance["enrollment_type"] == "enrollment@type"
    quadruple = _load(fixtures_dir, "NCT00460993").design
    assert (quadruple.masking, quadruple.who_masked) == (
        "QUADRUPLE", ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"])
    assert _load(fixtures_dir, "NCT00460980").design.who_masked == ["OUTCOMES_ASSESSOR"]
    open_label = _load(fixtures_dir, "NCT00460902")
    assert (open_label.design.masking, open_label.design.who_masked) == ("NONE", [])  # "None (Open Label)"
    assert open_label.phases == ["PHASE1", "PHASE2"]  # "Phase 1/Phase 2"
    assert _load(fixtures_dir, "NCT00460980").phases == ["NA"]  # "N/A"
    assert _load(fixtures_dir, "NCT00463190").enrollment_type == "ESTIMATED"  # type="Anticipated"


def test_observational_design(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460044")
    assert trial.study_type == "OBSERVATIONAL"
    assert trial.phases == [] and "phases" not in trial.provenance
    assert (trial.design.observational_model, trial.design.time_perspective) == ("DEFINED_POPULATION", "OTHER")
    assert (trial.enrollment, trial.enrollment_type) == (35, None)


def test_eligibility(fixtures_dir):
    eligibility = _load(fixtures_dir, "NCT00460057").eligibility
    assert eligibility.criteria == (
        "Inclusion Criteria:\n\n  - postmenopausal women (the ages between 50-65 year) with lumbar spine BMD at least "
        "2.0 SD below the peak young adult mean\n\nExclusion Criteria:\n\n  - severe osteoporosis\n\n"
        "  - current medication of osteoposis\n\n  - metabolic bone disease\n\n  - cancer, stroke etc.")
    assert eligibility.inclusion == ["postmenopausal women (the ages between 50-65 year) with lumbar spine BMD at "
                                     "least 2.0 SD below the peak young adult mean"]
    assert eligibility.exclusion == ["severe osteoporosis", "current medication of osteoposis",
                                     "metabolic bone disease", "cancer, stroke etc."]
    assert (eligibility.min_age_text, eligibility.min_age_years) == ("50 Years", 50.0)
    assert (eligibility.max_age_text, eligibility.max_age_years) == ("65 Years", 65.0)
    assert eligibility.sex == "FEMALE"
    assert eligibility.healthy_volunteers is True  # "Accepts Healthy Volunteers"
    assert eligibility.age_groups == ["ADULT", "OLDER_ADULT"]


@pytest.mark.parametrize(("nct_id", "low", "high", "groups"), [
    ("NCT00460083", ("2 Years", 2.0), ("12 Years", 12.0), ["CHILD"]),
    ("NCT00463190", ("3 Months", 0.25), ("12 Years", 12.0), ["CHILD"]),
    ("NCT00460044", ("N/A", None), ("32 Weeks", 0.61), ["CHILD"]),  # minimum_age "N/A": no lower limit
    ("NCT00460005", ("18 Years", 18.0), ("N/A", None), ["ADULT", "OLDER_ADULT"]),
    ("NCT00460993", ("65 Years", 65.0), ("N/A", None), ["OLDER_ADULT"]),
])
def test_ages_and_age_groups(fixtures_dir, nct_id, low, high, groups):
    trial = _load(fixtures_dir, nct_id)
    eligibility = trial.eligibility
    assert (eligibility.min_age_text, eligibility.min_age_years) == low
    assert (eligibility.max_age_text, eligibility.max_age_years) == high
    assert eligibility.age_groups == groups
    assert trial.provenance["eligibility.age_groups"] == "eligibility/minimum_age, eligibility/maximum_age"
    assert ("eligibility.max_age_years" in trial.provenance) is (high[1] is not None)


def test_arms_and_interventions(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460057")
    [intervention] = trial.interventions
    assert (intervention.type, intervention.name) == ("DRUG", "Alendronate")
    assert intervention.other_names == ["Bisphosphonate"]
    assert intervention.arm_labels == ["Alendronate, Placebo"]
    assert intervention.description.startswith("Take two tablets (alendronate 10 mg) once weekly")
    [arm] = trial.arms
    assert (arm.label, arm.type) == ("Alendronate, Placebo", "PLACEBO_COMPARATOR")
    assert arm.intervention_names == ["Drug: Alendronate"]  # derived from the interventions naming the arm
    assert (trial.provenance["interventions"], trial.provenance["arms"]) == ("intervention", "arm_group")
    terminated = _load(fixtures_dir, "NCT00460551")
    assert [i.type for i in terminated.interventions] == ["BIOLOGICAL", "DRUG", "RADIATION"]
    assert terminated.arms[0].intervention_names == ["Biological: Zalutumumab", "Drug: Induction chemotherapy",
                                                     "Radiation: Radiotherapy"]
    assert [i.type for i in _load(fixtures_dir, "NCT00460902").interventions] == ["DEVICE"]
    assert [i.type for i in _load(fixtures_dir, "NCT00460980").interventions] == ["BEHAVIORAL"]


def test_outcomes_conditions_and_mesh(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460057")
    [outcome] = trial.primary_outcomes
    assert (outcome.measure, outcome.time_frame) == ("Changes of bone turnover markers", "12 weeks")
    assert outcome.description.startswith("to determine the short-term efficacy of once-weekly low-dose alendronate")
    assert trial.conditions == ["Osteoporosis"]
    assert trial.keywords == ["osteoporosis", "alendronate", "bone marker"]
    assert trial.condition_mesh == ["Osteoporosis"]
    assert trial.intervention_mesh == ["Alendronate", "Diphosphonates"]
    assert trial.condition_mesh_ancestors == [] and trial.intervention_mesh_ancestors == []  # not in the format
    assert trial.provenance["intervention_mesh"] == "intervention_browse/mesh_term"


def test_sponsor_classes(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460993")
    assert trial.sponsor_class == "OTHER"
    assert len(trial.collaborators) == 1
    assert _load(fixtures_dir, "NCT00460551").sponsor == "Genmab"
    assert _load(fixtures_dir, "NCT00460083").sponsor_class == "INDUSTRY"  # "Industry"
    assert trial.provenance["sponsor_class"] == "sponsors/lead_sponsor/agency_class"
    assert _load(fixtures_dir, "NCT00460057").responsible_investigator == Person(
        name="Hee-Jeong Choi", role="PRINCIPAL_INVESTIGATOR", affiliation="Eulji University Hospital")
    assert _load(fixtures_dir, "NCT00460551").responsible_investigator is None


def test_people_and_places(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00491010")
    assert trial.officials == [Person(name="Allan c Skanes, MD", role="PRINCIPAL_INVESTIGATOR",
                                      affiliation="University of Western Ontario, London Health Sciences Center")]
    assert trial.central_contacts == [
        Person(name="Allan Skanes, MD", role="CONTACT", phone="519-685-8500 ext. 32739", email="askanes@uwo.ca"),
        Person(name="Lorne gula, MD", role="CONTACT", phone="519 685-8500 ext. 32739", email="lgula@uwo.ca")]
    assert trial.locations == [Location(facility="London Health Sciences Center", city="London", state="Ontario",
                                        zip="N6A 5A5", country="Canada", status="RECRUITING")]
    assert trial.provenance["central_contacts"] == "overall_contact, overall_contact_backup"
    assert trial.provenance["locations"] == "location"
    study_director = _load(fixtures_dir, "NCT00460005").officials[0]
    assert (study_director.name, study_director.role) == ("GSK Clinical Trials, M.D.", "STUDY_DIRECTOR")


def test_a_location_without_a_facility_name(fixtures_dir):
    locations = _load(fixtures_dir, "NCT00460551").locations
    assert locations[0] == Location(city="Towson", state="Maryland", zip="21204", country="United States")
    assert locations[1].facility == "Providence Portland Medical Center"


def test_studies_without_locations(fixtures_dir):
    for nct_id in ("NCT00460044", "NCT00460993"):
        trial = _load(fixtures_dir, nct_id)
        assert trial.locations == [] and "locations" not in trial.provenance


def test_descriptions_are_unwrapped_into_paragraphs(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00460057")
    paragraphs = trial.brief_summary.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("High bone turnover with the bone resorption exceeding bone formation is a major "
                                    "mechanism of postmenopausal osteoporosis. Therefore,")
    assert "\r" not in trial.brief_summary and "  " not in trial.brief_summary


def test_results_section_is_not_needed_but_its_presence_is_seen(fixtures_dir):
    raw = _raw(fixtures_dir, "NCT00460993")
    assert "<clinical_results>" in raw.payload
    trial = extract_xml(raw)
    assert trial.has_results is True
    assert trial.eligibility.exclusion[0] == "Under age 65"


def test_a_results_tag_in_a_comment_does_not_confuse_the_cut(fixtures_dir):
    text = (fixtures_dir / "records" / "NCT00460057.xml").read_text()
    commented = text.replace("<overall_status>", "<!-- <clinical_results> is not posted --><overall_status>")
    trial = extract_xml(RawRecord(source="x.xml", format="ctgov-xml", payload=commented))
    assert trial.has_results is False
    assert trial.overall_status == "COMPLETED" and trial.enrollment == 63


def test_malformed_xml_and_missing_nct_id_are_record_errors(fixtures_dir):
    text = (fixtures_dir / "records" / "NCT00460044.xml").read_text()
    with pytest.raises(RecordError, match="invalid XML"):
        extract_xml(RawRecord(source="cut.xml", format="ctgov-xml", payload=text[: len(text) // 2]))
    without_id = text.replace("<nct_id>NCT00460044</nct_id>", "")
    with pytest.raises(RecordError) as caught:
        extract_xml(RawRecord(source="x.xml", format="ctgov-xml", payload=without_id))
    assert caught.value.reason == "record has no NCT ID (id_info/nct_id)"


def test_entity_bomb_payload_is_refused(fixtures_dir):
    text = (fixtures_dir / "bad" / "billion-laughs.xml").read_text()
    with pytest.raises(RecordError, match="invalid XML"):
        extract_xml(RawRecord(source="bomb.xml", format="ctgov-xml", payload=text))
