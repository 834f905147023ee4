"""API v2 JSON -> Trial, field group by field group, on the committed real records.

Expected values are copied from the fixture files (tests/fixtures/records/NCT*.json).
"""
from __future__ import annotations

import json

import pytest

from summarizer.errors import RecordError
from summarizer.extract_v2 import extract_v2
from summarizer.models import DateInfo, Location, Outcome, Person, RawRecord, Trial

P = "protocolSection"


def _raw(fixtures_dir, nct_id: str, payload: dict | None = None) -> RawRecord:
    path = fixtures_dir / "records" / f"{nct_id}.json"
    return RawRecord(source=str(path), format="ctgov-v2", payload=payload or json.loads(path.read_text()))


def _load(fixtures_dir, nct_id: str) -> Trial:
    return extract_v2(_raw(fixtures_dir, nct_id))


def test_identification(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert (trial.id, trial.nct_id) == ("NCT00763412", "NCT00763412")
    assert trial.other_ids == ["05-1109", "P60DK020579"]
    assert trial.brief_title == ("Pilot and Feasibility Study for the Treatment of Pre-diabetes in Patients With "
                                 "Cystic Fibrosis")
    assert trial.acronym is None and "acronym" not in trial.provenance
    assert trial.source == str(fixtures_dir / "records" / "NCT00763412.json")
    assert trial.source_format == "ctgov-v2"
    assert trial.provenance["nct_id"] == f"{P}.identificationModule.nctId"
    assert trial.provenance["brief_title"] == f"{P}.identificationModule.briefTitle"
    assert _load(fixtures_dir, "NCT02691897").acronym == "METOD"


def test_status_and_dates(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert trial.overall_status == "COMPLETED"
    assert trial.start_date == DateInfo(date="2006-11")  # the record gives no type
    assert trial.primary_completion_date == DateInfo(date="2013-01", type="ACTUAL")
    assert trial.first_posted == DateInfo(date="2008-10-01", type="ESTIMATED")
    assert trial.last_update == DateInfo(date="2017-06-05", type="ACTUAL")
    assert trial.has_results is True
    assert trial.provenance["start_date"] == f"{P}.statusModule.startDateStruct"
    assert trial.provenance["has_results"] == "hasResults"


def test_withdrawn_and_terminated_say_why(fixtures_dir):
    withdrawn = _load(fixtures_dir, "NCT00973089")
    assert withdrawn.overall_status == "WITHDRAWN"
    assert withdrawn.why_stopped == "recruiting or enrolling participants has halted prematurely and will not resume"
    assert (withdrawn.enrollment, withdrawn.enrollment_type) == (0, "ACTUAL")
    assert withdrawn.provenance["why_stopped"] == f"{P}.statusModule.whyStopped"
    terminated = _load(fixtures_dir, "NCT05144685")
    assert terminated.overall_status == "TERMINATED"
    assert terminated.why_stopped.startswith("Data Safety Monitoring Board (DSMB) recommendation")
    silent = _load(fixtures_dir, "NCT01165944")  # withdrawn, but the record gives no reason
    assert silent.overall_status == "WITHDRAWN"
    assert silent.why_stopped is None and "why_stopped" not in silent.provenance


def test_design(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert trial.study_type == "INTERVENTIONAL"
    assert trial.phases == ["NA"]
    assert (trial.enrollment, trial.enrollment_type) == (31, "ACTUAL")
    assert trial.design.allocation == "RANDOMIZED"
    assert trial.design.intervention_model == "PARALLEL"
    assert trial.design.primary_purpose == "OTHER"
    assert trial.design.masking == "QUADRUPLE"
    assert trial.design.who_masked == ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
    assert trial.provenance["enrollment"] == f"{P}.designModule.enrollmentInfo.count"
    assert trial.provenance["design.masking"] == f"{P}.designModule.designInfo.maskingInfo.masking"
    assert _load(fixtures_dir, "NCT01165944").phases == ["PHASE1", "PHASE2"]
    assert _load(fixtures_dir, "NCT02691897").phases == ["EARLY_PHASE1"]


def test_observational_design(fixtures_dir):
    trial = _load(fixtures_dir, "NCT05594173")
    assert trial.study_type == "OBSERVATIONAL"
    assert trial.phases == [] and "phases" not in trial.provenance
    assert (trial.design.observational_model, trial.design.time_perspective) == ("COHORT", "PROSPECTIVE")
    assert trial.design.allocation is None and "design.allocation" not in trial.provenance
    assert trial.provenance["design.observational_model"] == f"{P}.designModule.designInfo.observationalModel"


def test_eligibility(fixtures_dir):
    eligibility = _load(fixtures_dir, "NCT00763412").eligibility
    assert eligibility.criteria.startswith("Inclusion Criteria:\n\n* Male or females 12 -24 years old\n")
    assert "glucose <126 mg/dl" in eligibility.criteria  # "\<126" unescaped
    assert eligibility.inclusion[0] == "Male or females 12 -24 years old"
    assert eligibility.exclusion[0] == "Patients receiving growth hormone therapy or taking insulin"
    assert (eligibility.min_age_text, eligibility.min_age_years) == ("12 Years", 12.0)
    assert (eligibility.max_age_text, eligibility.max_age_years) == ("24 Years", 24.0)
    assert eligibility.sex == "ALL"
    assert eligibility.healthy_volunteers is False
    assert eligibility.age_groups == ["CHILD", "ADULT"]


def test_eligibility_provenance_and_open_age_limit(fixtures_dir):
    trial = _load(fixtures_dir, "NCT04027062")
    assert (trial.eligibility.min_age_years, trial.eligibility.max_age_years) == (24.0, None)
    assert trial.eligibility.healthy_volunteers is True
    path = f"{P}.eligibilityModule"
    assert {k: v for k, v in trial.provenance.items() if k.startswith("eligibility.")} == {
        "eligibility.criteria": f"{path}.eligibilityCriteria",
        "eligibility.inclusion": f"{path}.eligibilityCriteria",
        "eligibility.exclusion": f"{path}.eligibilityCriteria",
        "eligibility.min_age_text": f"{path}.minimumAge",
        "eligibility.min_age_years": f"{path}.minimumAge",
        "eligibility.sex": f"{path}.sex",
        "eligibility.healthy_volunteers": f"{path}.healthyVolunteers",
        "eligibility.age_groups": f"{path}.stdAges",
    }


def test_arms_and_interventions(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert [(i.type, i.name, i.arm_labels) for i in trial.interventions] == [
        ("DRUG", "placebo", ["1 Placebo"]), ("DRUG", "repaglinide", ["2. repaglinide"])]
    assert trial.interventions[1].other_names == ["Prandin"]
    assert trial.interventions[1].description.startswith("CF pancreatic insufficient patients with impaired glucose")
    assert [(a.label, a.type, a.intervention_names) for a in trial.arms] == [
        ("1 Placebo", "PLACEBO_COMPARATOR", ["Drug: placebo"]),
        ("2. repaglinide", "EXPERIMENTAL", ["Drug: repaglinide"])]
    assert trial.provenance["interventions"] == f"{P}.armsInterventionsModule.interventions"
    assert trial.provenance["arms"] == f"{P}.armsInterventionsModule.armGroups"
    device = _load(fixtures_dir, "NCT05144685")
    assert [(i.type, i.name) for i in device.interventions] == [("DEVICE", "OTX-202"), ("DEVICE", "OTX-000")]
    behavioural = _load(fixtures_dir, "NCT04027062")
    assert [i.type for i in behavioural.interventions] == ["BEHAVIORAL"]


def test_outcomes(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert trial.primary_outcomes[1] == Outcome(measure="Body Composition", time_frame="2 year/end of study",
                                                description="Reporting % of Fat and Lean body mass")
    assert [o.measure for o in trial.primary_outcomes] == ["BMI", "Body Composition", "CRP"]
    assert len(trial.secondary_outcomes) == 6
    assert trial.provenance["secondary_outcomes"] == f"{P}.outcomesModule.secondaryOutcomes"


def test_conditions_keywords_and_mesh(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert trial.conditions == ["Cystic Fibrosis Related Diabetes", "Pancreatic Insufficiency"]
    assert trial.keywords[:3] == ["Cystic Fibrosis", "Diabetes", "Cystic Fibrosis Related Diabetes"]
    assert trial.condition_mesh[0] == "Cystic Fibrosis" and len(trial.condition_mesh) == 6
    assert trial.condition_mesh_ancestors[:2] == ["Glucose Metabolism Disorders", "Metabolic Diseases"]
    assert trial.intervention_mesh == ["Repaglinide"]
    assert trial.intervention_mesh_ancestors == ["Hypoglycemic Agents", "Physiological Effects of Drugs"]
    assert trial.provenance["condition_mesh_ancestors"] == "derivedSection.conditionBrowseModule.ancestors"
    assert trial.provenance["intervention_mesh"] == "derivedSection.interventionBrowseModule.meshes"


def test_sponsor_and_collaborators(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    assert (trial.sponsor, trial.sponsor_class) == ("Arbelaez, Ana Maria", "INDIV")
    assert trial.collaborators == ["Washington University School of Medicine", "National Institutes of Health (NIH)",
                                   "Novo Nordisk A/S",
                                   "National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)"]
    assert trial.provenance["sponsor_class"] == f"{P}.sponsorCollaboratorsModule.leadSponsor.class"
    assert trial.responsible_investigator == Person(name="Ana Maria Arbelaez", role="PRINCIPAL_INVESTIGATOR",
                                                    affiliation="Arbelaez, Ana Maria")
    assert trial.provenance["responsible_investigator"] == f"{P}.sponsorCollaboratorsModule.responsibleParty"
    assert _load(fixtures_dir, "NCT01165944").responsible_investigator is None  # the responsible party is the sponsor


def test_people_and_places(fixtures_dir):
    trial = _load(fixtures_dir, "NCT02691897")
    assert trial.officials[0] == Person(
        name="Kamran Bagheri Lankarani, M.D.", role="STUDY_CHAIR",
        affiliation="Health Policy Research Center, Shiraz University of Medical Sciences")
    assert trial.central_contacts == [Person(name="Mesbah Shams, M.D.", role="CONTACT", phone="+989171115134",
                                             email="shams@sums.ac.ir")]
    assert trial.locations == [Location(facility="Shahid Motahhari Clinic, Shiraz University of Medical Sciences",
                                        city="Shiraz", state="Fars", country="Iran, Islamic Republic of")]
    assert trial.provenance["central_contacts"] == f"{P}.contactsLocationsModule.centralContacts"
    assert trial.provenance["locations"] == f"{P}.contactsLocationsModule.locations"


def test_a_study_without_locations(fixtures_dir):
    trial = _load(fixtures_dir, "NCT04027062")
    assert trial.locations == [] and "locations" not in trial.provenance
    assert [p.name for p in trial.central_contacts] == ["Hosam Y Almetahr, MBBS", "Abdullah Alsabaani, ASST PROF"]


def test_descriptions_keep_paragraphs(fixtures_dir):
    trial = _load(fixtures_dir, "NCT00763412")
    paragraphs = trial.detailed_description.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("As people with Cystic Fibrosis (CF) are living well into adulthood")
    assert trial.brief_summary.startswith("The purpose of this study is to provide the necessary data")


def test_no_nct_id_is_a_record_error(fixtures_dir):
    path = fixtures_dir / "bad" / "no-nct-id.json"
    raw = RawRecord(source=str(path), format="ctgov-v2", payload=json.loads(path.read_text()))
    with pytest.raises(RecordError) as caught:
        extract_v2(raw)
    assert caught.value.reason == "record has no NCT ID (protocolSection.identificationModule.nctId)"
    assert caught.value.source == str(path)


def test_an_nct_id_that_could_escape_the_output_folder_is_refused(fixtures_dir):
    payload = json.loads((fixtures_dir / "records" / "NCT00973089.json").read_text())
    payload[P]["identificationModule"]["nctId"] = "../../etc/passwd"
    with pytest.raises(RecordError, match="invalid NCT ID '../../etc/passwd'"):
        extract_v2(_raw(fixtures_dir, "NCT00973089", payload))
