"""Web page extraction: the facts each seed document states, with provenance that points at them.

Every assertion is checked against what the document itself says; ``cites`` checks that the
provenance span (and the line it names) holds the value.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import RecordError
from summarizer.extract_webpage import KEY_FIELDS, extract_webpage
from summarizer.models import RawRecord, Trial
from summarizer.readers.webpage import read_webpage
from summarizer.webpage.text import Span, parse_provenance

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {path.name[:3]: path for path in sorted((ROOT / "seeds").glob("00[0-4]_*.txt"))}
HTML = Path(__file__).resolve().parent / "fixtures" / "webpages"
FORBIDDEN = ("{{", "{%", "•••", "Sarah Johnson", "Michael Thompson", "Emily Rodriguez", "Dr. Johnson", "Fake Ad",
             "Advertisement", "Powered by AI", "Read more", "By submitting", "Curemydisease", "Sign up")
FOOTNOTE_GLUED = re.compile(r"[a-z][.)]\d{2,}|[a-z]\d{4,}\b")


def read(path: Path) -> tuple[RawRecord, Trial]:
    (raw,) = list(read_webpage(path))
    assert isinstance(raw, RawRecord)
    return raw, extract_webpage(raw)


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[RawRecord, Trial]]:
    return {number: read(path) for number, path in SEEDS.items()}


def _norm(text: str) -> str:
    return " ".join(text.replace("\\", "").split()).lower()


def cites(page: tuple[RawRecord, Trial], key: str, value: Any) -> str:
    """Assert the provenance of ``key`` spans text holding ``value``, on the lines it names."""
    raw, trial = page
    span = parse_provenance(trial.provenance[key])
    assert span is not None, trial.provenance[key]
    text = raw.payload["text"]
    lines = "\n".join(text.split("\n")[span.first - 1:span.last])
    assert _norm(str(value)) in _norm(text[span.start:span.end]), (key, value, text[span.start:span.end])
    assert _norm(str(value)) in _norm(lines)
    return text[span.start:span.end]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


# --------------------------------------------------------------------------- seed 004: a registry mirror


def test_seed_004_identity_status_and_design(seeds) -> None:
    page = seeds["004"]
    trial = page[1]
    assert trial.id == trial.nct_id == "NCT05488327"
    cites(page, "nct_id", "NCT05488327")
    assert trial.other_ids == ["DLH88086"]  # the "More Related Trials" NCT IDs are other studies
    assert trial.brief_title == "Lenalidomide in the Treatment of Refractory Cutaneous Dermatomyositis"
    assert trial.source_format == "webpage"
    assert (trial.overall_status, trial.study_type, trial.phases) == ("UNKNOWN", "INTERVENTIONAL", ["NA"])
    cites(page, "overall_status", "UNKNOWN")
    cites(page, "study_type", "INTERVENTIONAL")
    assert trial.enrollment == 10
    assert cites(page, "enrollment", "10") == "10 participants"
    design = trial.design
    assert (design.allocation, design.intervention_model, design.primary_purpose, design.masking) == (
        "NA", "SINGLE_GROUP", "TREATMENT", "NONE")
    cites(page, "design.intervention_model", "SINGLE_GROUP")
    cites(page, "design.masking", "NONE")
    assert (trial.start_date.date, trial.completion_date.date, trial.last_update.date) == (
        "2022-08-01", "2023-09-01", "2022-08-04")
    assert trial.brief_summary.startswith("The goal of this study is to evaluate")
    assert "open-label, single-arm" in trial.detailed_description


def test_seed_004_intervention_dose_and_follow_up(seeds) -> None:
    page = seeds["004"]
    (drug,) = page[1].interventions
    assert (drug.name, drug.type) == ("Lenalidomide", "DRUG")
    assert "5mg/day" in drug.description and "24 weeks" in drug.description
    cites(page, "interventions[0]", "Lenalidomide")
    cites(page, "interventions[0].description", "5mg/day with a regular follow-up of 24 weeks")
    assert drug.arm_labels == ["Intervention with lenalidomide"]
    (arm,) = page[1].arms
    assert (arm.label, arm.type, arm.intervention_names) == ("Intervention with lenalidomide", "EXPERIMENTAL",
                                                             ["Lenalidomide"])
    assert page[1].conditions == ["Dermatomyositis"]


def test_seed_004_eligibility(seeds) -> None:
    page = seeds["004"]
    eligibility = page[1].eligibility
    assert len(eligibility.inclusion) == 5 and len(eligibility.exclusion) == 15
    assert eligibility.inclusion[1] == "Age 18 to 75 years at the time of signing informed consent."
    assert eligibility.exclusion[-1].startswith("History of malignant tumor within 5 years")
    cites(page, "eligibility.inclusion", "Male or non-pregnant")
    cites(page, "eligibility.exclusion", "Primary or secondary immunodeficiency")
    assert (eligibility.min_age_years, eligibility.max_age_years) == (18, 75)
    assert (eligibility.min_age_text, eligibility.max_age_text) == ("18 Years", "75 Years")
    cites(page, "eligibility.min_age_years", "18 Years")
    cites(page, "eligibility.max_age_years", "75 Years")
    assert (eligibility.sex, eligibility.healthy_volunteers) == ("ALL", False)
    assert eligibility.criteria.startswith("Inclusion Criteria\n1. Male")


def test_seed_004_people_and_places(seeds) -> None:
    page = seeds["004"]
    trial = page[1]
    assert (trial.sponsor, trial.sponsor_class) == ("Jiangxi Provincial People's Hopital", "OTHER")  # as spelt
    cites(page, "sponsor", "Jiangxi Provincial People's Hopital")
    (site,) = trial.locations
    assert site.facility == "Department of Rheumatology and Clinical Immunology, Jiangxi Provincial People's Hospital"
    assert (site.city, site.state, site.country, site.status) == ("Nanchang", "Jiangxi", "China", None)
    cites(page, "locations[0]", "Jiangxi Provincial People's Hospital")
    cites(page, "locations[0]", "Nanchang")
    (official,) = trial.officials
    assert official.role == "PRINCIPAL_INVESTIGATOR" and official.name.startswith("Lihua Duan")
    assert official.affiliation == "Jiangxi Provincial People's Hopital"
    assert [(c.name, c.role, c.phone) for c in trial.central_contacts] == [
        ("Lihua Duan, MD", "CONTACT", "0791-86895639"), ("Jiao Luo, MD", "CONTACT", "0791-86895639")]
    assert trial.missing == ["primary outcomes", "secondary outcomes"]


# --------------------------------------------------------------------------- seed 000: a lay summary


def test_seed_000(seeds) -> None:
    page = seeds["000"]
    trial = page[1]
    assert trial.id == trial.nct_id == "NCT06857240"
    assert trial.brief_title == "New cream could soothe skin in rare autoimmune disease"
    assert trial.enrollment == 15
    cites(page, "enrollment", "15 adults with dermatomyositis")
    assert trial.conditions == ["dermatomyositis"]
    cites(page, "conditions", "dermatomyositis")
    (cream,) = trial.interventions
    assert cream.name == "ruxolitinib topical cream (1.5%)" and cream.type is None  # the page gives no type
    cites(page, "interventions[0]", "ruxolitinib topical cream (1.5%)")
    assert "up to 12 weeks" in cream.description
    cites(page, "interventions[0].description", "applied to affected areas for up to 12 weeks")
    (site,) = trial.locations
    assert (site.facility, site.city, site.state, site.zip, site.country, site.status) == (
        "Cleveland Clinic", "Cleveland", "Ohio", "44195", "United States", "RECRUITING")
    cites(page, "locations[0].status", "RECRUITING")
    assert trial.overall_status == "RECRUITING"
    assert trial.provenance["overall_status"].endswith("(from a site's status)")
    assert trial.central_contacts == [] and trial.officials == []  # masked contacts carry no person
    assert trial.brief_summary.startswith("This study tests a cream containing ruxolitinib")
    assert trial.last_update.date == "2026-06-27"
    assert {"phase", "sponsor", "eligibility criteria", "age limits", "study type"} <= set(trial.missing)


# --------------------------------------------------------------------------- seed 001: an applicant FAQ


def test_seed_001(seeds) -> None:
    page = seeds["001"]
    trial = page[1]
    assert trial.nct_id is None and trial.id == "001_e39d1c6d6697f6e5"
    assert trial.phases == ["PHASE2"]
    cites(page, "phases", "As a Phase 2 trial")
    assert trial.conditions == ["Dermatomyositis"]
    assert trial.provenance["conditions"].endswith("(from the title)")
    (drug,) = trial.interventions
    assert drug.name == "Ruxolitinib"
    cites(page, "interventions[0]", "Ruxolitinib")
    assert drug.description == "Participants receive topical ruxolitinib 1.5% cream for refractory cutaneous dermatomyositis"
    (official,) = trial.officials
    assert (official.name, official.role, official.affiliation) == (
        "Anthony Fernandez, MD", "PRINCIPAL_INVESTIGATOR", "The Cleveland Clinic")
    cites(page, "officials[0]", "Anthony Fernandez")
    assert trial.sponsor == "The Cleveland Clinic"
    cites(page, "sponsor", "The Cleveland Clinic")
    assert trial.eligibility.criteria.endswith("active cutaneous involvement.")  # the glued label is gone
    assert trial.eligibility.inclusion == []
    assert "NCT ID" in trial.missing and "locations" in trial.missing


# --------------------------------------------------------------------------- seed 002: a recruiting site


def test_seed_002(seeds) -> None:
    page = seeds["002"]
    trial = page[1]
    assert trial.id == trial.nct_id == "NCT07153666"
    assert trial.brief_title == "A Real-world Study on the Influencing Factors of Efficacy of Ruxolitinib Cream in Vitiligo"
    assert trial.conditions == ["Vitiligo"]
    assert trial.overall_status == "RECRUITING"
    cites(page, "overall_status", "Recruiting")
    assert trial.phases == ["NA"]
    eligibility = trial.eligibility
    assert (eligibility.min_age_years, eligibility.max_age_years, eligibility.sex) == (12, None, "ALL")
    cites(page, "eligibility.min_age_years", "12 years and older")
    assert len(eligibility.inclusion) == 6 and len(eligibility.exclusion) == 3
    assert "Barrier methods" in eligibility.inclusion[5]  # sub-bullets stay with their item
    # The hospital is named only beside the NCT ID, unlabelled: read as the sponsor, and said so.
    assert trial.sponsor == "Peking University Third Hospital"
    assert cites(page, "sponsor", "Peking University Third Hospital")
    assert trial.provenance["sponsor"].endswith("(organisation named beside the NCT ID)")
    assert trial.locations == []
    assert [o.time_frame for o in trial.primary_outcomes] == ["Week 24"]
    assert len(trial.secondary_outcomes) == 4
    cites(page, "secondary_outcomes[1]", "Change from baseline in vitiligo-specific quality-of-life score")
    assert trial.officials == [] and trial.central_contacts == []  # "Investigator Avatar" is alt text


# --------------------------------------------------------------------------- seed 003: a news article


def test_seed_003(seeds) -> None:
    page = seeds["003"]
    trial = page[1]
    assert trial.nct_id is None and trial.id == "003_b6732c64129c1061"
    assert trial.conditions == ["Atopic Dermatitis"]
    assert [i.name for i in trial.interventions] == ["Ruxolitinib Cream"]
    cites(page, "interventions[0]", "Ruxolitinib Cream")
    assert trial.officials == [] and trial.central_contacts == [] and trial.sponsor is None
    # The pooled analysis' "767 participants, aged 2 to 17" and "four Phase 3 trials" are not this study's.
    assert trial.enrollment is None and trial.phases == [] and trial.eligibility.min_age_years is None
    assert trial.brief_summary is None


# --------------------------------------------------------------------------- every seed


@pytest.mark.parametrize("number", sorted(SEEDS))
def test_nothing_forbidden_reaches_the_trial(seeds, number: str) -> None:
    for text in strings(seeds[number][1].model_dump(exclude={"id", "source"})):  # the stem is a hash
        for forbidden in FORBIDDEN:
            assert forbidden not in text, (number, forbidden, text[:120])
        assert not FOOTNOTE_GLUED.search(text), (number, text[:120])


@pytest.mark.parametrize("number", sorted(SEEDS))
def test_every_provenance_names_a_real_span(seeds, number: str) -> None:
    raw, trial = seeds[number]
    text = raw.payload["text"]
    for key, value in trial.provenance.items():
        span = parse_provenance(value)
        assert span is not None and 0 <= span.start < span.end <= len(text), (key, value)
        assert text.count("\n", 0, span.start) + 1 == span.first, (key, value)
        assert text.count("\n", 0, span.end - 1) + 1 == span.last, (key, value)


@pytest.mark.parametrize("number", sorted(SEEDS))
def test_missing_names_exactly_the_key_fields_without_provenance(seeds, number: str) -> None:
    trial = seeds[number][1]
    for name, paths in KEY_FIELDS.items():
        assert (name in trial.missing) == (not any(path in trial.provenance for path in paths)), name


@pytest.mark.parametrize(("html", "number"), [("004_registry_mirror.html", "004"), ("000_lay_summary.html", "000")])
def test_html_rendering_gives_the_same_facts(seeds, html: str, number: str) -> None:
    raw, trial = read(HTML / html)
    assert raw.payload["kind"] == "html"
    same = {"provenance", "source"}
    assert trial.model_dump(exclude=same) == seeds[number][1].model_dump(exclude=same)
    assert set(trial.provenance) == set(seeds[number][1].provenance)
    cites((raw, trial), "enrollment", str(trial.enrollment))
    cites((raw, trial), "locations[0]", trial.locations[0].facility)


# --------------------------------------------------------------------------- other pages of these kinds


def extract_text(text: str, name: str = "page.txt") -> Trial:
    (raw,) = list(read_webpage(name, text.encode()))
    return extract_webpage(raw)


def test_colon_labels_and_ctgov_wording_are_read() -> None:
    trial = extract_text(
        "A Study of Dupilumab in Adults With Asthma\n"
        "ClinicalTrials.gov ID NCT01234567 · Secondary ID: ABC-123\n"
        "Overall Status: Active, not recruiting\nStudy Type: Interventional (Clinical Trial)\n"
        "Phase: Phase 2/Phase 3\nEnrollment (Estimated): 240\n"
        "Allocation: Randomized\nIntervention Model: Parallel Assignment\n"
        "Masking: Double (Participant, Investigator)\nPrimary Purpose: Treatment\n"
        "Start Date: March 2024 (Actual)\nAges Eligible for Study: 18 Years to 65 Years\n"
        "Sexes Eligible for Study: All\nAccepts Healthy Volunteers: No\n"
    )
    assert trial.nct_id == "NCT01234567"
    assert (trial.overall_status, trial.study_type, trial.phases) == (
        "ACTIVE_NOT_RECRUITING", "INTERVENTIONAL", ["PHASE2", "PHASE3"])
    assert (trial.enrollment, trial.enrollment_type) == (240, "ESTIMATED")
    assert trial.design.model_dump(exclude_defaults=True) == {
        "allocation": "RANDOMIZED", "intervention_model": "PARALLEL", "primary_purpose": "TREATMENT",
        "masking": "DOUBLE", "who_masked": ["PARTICIPANT", "INVESTIGATOR"]}
    assert trial.start_date.model_dump() == {"date": "2024-03", "type": "ACTUAL"}
    assert (trial.eligibility.min_age_years, trial.eligibility.max_age_years) == (18, 65)
    assert (trial.eligibility.sex, trial.eligibility.healthy_volunteers) == ("ALL", False)
    assert trial.conditions == ["Asthma"]  # from the title, since no Conditions section
    assert [i.name for i in trial.interventions] == ["Dupilumab"]


def test_quotes_named_people_and_footnotes_never_reach_the_trial() -> None:
    trial = extract_text(
        "Trial of Examplinib Tablets for Psoriasis\n\nSummary\n\n"
        "This study tests examplinib tablets in 40 adults with plaque psoriasis.12 "
        "\"It could change care,\" said Dr. Jane Roe of Example University. "
        "Participants take examplinib 10 mg once a day for 16 weeks.345678\n\n"
        "Study contacts\n\n  • Contact\n\n    Phone: •••-•••-•••• Email: •••••@•••••\n"
        "Research by Jane Roe, a dermatologist at Example University, is cited.\n"
    )
    assert trial.enrollment == 40
    assert trial.brief_summary == ("This study tests examplinib tablets in 40 adults with plaque psoriasis. "
                                   "Participants take examplinib 10 mg once a day for 16 weeks.")
    assert trial.interventions[0].description == "Participants take examplinib 10 mg once a day for 16 weeks."
    dumped = " ".join(strings(trial.model_dump()))
    assert "Roe" not in dumped and "•" not in dumped and not FOOTNOTE_GLUED.search(dumped)
    assert trial.central_contacts == []


def test_a_page_that_names_no_trial_is_a_record_error() -> None:
    with pytest.raises(RecordError, match="no trial found on this page"):
        extract_text("Why sleep matters\n\nEveryone needs sleep, and nobody knows exactly why.\n", "blog/sleep.txt")


def test_a_page_with_only_a_condition_is_keyed_by_its_stem_and_lists_what_is_missing() -> None:
    trial = extract_text("Conditions\n\nInsomnia\n", "blog/sleep.txt")
    assert trial.id == "sleep" and trial.nct_id is None
    assert trial.conditions == ["Insomnia"]
    assert "NCT ID" in trial.missing and "conditions" not in trial.missing


def test_a_record_without_page_text_is_a_record_error() -> None:
    with pytest.raises(RecordError, match="no text"):
        extract_webpage(RawRecord(source="x.json", format="webpage", payload={"kind": "text"}))


def test_provenance_round_trips_with_and_without_a_webpage_prefix() -> None:
    span = Span(3, 5, 40, 90)
    assert span.provenance() == "lines 3-5, chars 40-90"
    assert parse_provenance(span.provenance("from the title")) == span
    assert parse_provenance("webpage: seeds/a line.txt line 7, chars 1-4") == Span(7, 7, 1, 4)
    assert parse_provenance("protocolSection.statusModule") is None


def test_registry_mirror_entries_of_other_trials_are_read_apart() -> None:
    trial = extract_text(
        "Insulin Regimens in Gestational Diabetes\n\nInterventions\n\n"
        "Basal insulin analogue\n\nAnalogue insulin is a sub-group of human insulin\n\nIntervention Type DRUG\n\n"
        "Neutral Protamine Hagedorn\n\nis an intermediate-acting insulin\n\nIntervention Type DRUG\n\n"
        "Eligibility Criteria\n\nIndividual inclusion criteria:\n\n1. Pregnant women\n2. Aged 18 years or older\n\n"
        "Exclusion Criteria (Patients):\n\n* Type 1 diabetes\n\nLocations\n\n"
        "The DOCS\n\nLas Vegas, Nevada, 89113, United States\n\nSite Status\n\nRECRUITING\n\n"
        "Research Site\n\nUtrecht, 3584 CX, Netherlands\n\nSite Status\n\n"
        "Frontage Labs\n\nDublin 2, Ireland\n\nSee https://doi.org/10.1037/adb0000315 for the protocol.\n"
    )
    assert [(i.name, i.type, i.description) for i in trial.interventions] == [
        ("Basal insulin analogue", "DRUG", "Analogue insulin is a sub-group of human insulin"),
        ("Neutral Protamine Hagedorn", "DRUG", "is an intermediate-acting insulin"),
    ]
    assert trial.eligibility.inclusion == ["Pregnant women", "Aged 18 years or older"]
    assert trial.eligibility.exclusion == ["Type 1 diabetes"]
    assert trial.eligibility.min_age_years == 18
    assert [(s.facility, s.city, s.zip, s.country, s.status) for s in trial.locations] == [
        ("The DOCS", "Las Vegas", "89113", "United States", "RECRUITING"),
        ("Research Site", "Utrecht", "3584 CX", "Netherlands", None),
        ("Frontage Labs", "Dublin 2", None, "Ireland", None),
    ]


def test_digits_in_links_are_not_footnotes() -> None:
    (raw,) = list(read_webpage("p.txt", b"NCT01234567\n\nSummary\n\nThis study is described at https://doi.org/10.1037/adb0000315 today.\n"))
    assert "adb0000315" in extract_webpage(raw).brief_summary


def test_a_text_file_that_is_no_trial_page_is_one_record_error(tmp_path):
    from summarizer.errors import RecordError
    from summarizer.extract import extract
    from summarizer.readers import read_paths

    path = tmp_path / "README.txt"
    path.write_text("Notes for the team\nnot a record\n")
    (raw,) = list(read_paths([path]))
    with pytest.raises(RecordError, match="no trial found"):
        extract(raw)
