"""ClinicalTrials.gov API v2 study JSON -> ``Trial``.

v2 already uses the enumeration spellings ``Trial`` keeps, so this is mostly a walk down
the modules of ``protocolSection`` and ``derivedSection``. Text is Markdown: escapes are
undone and whitespace normalised. Provenance values are dotted JSON paths from the study
object ("protocolSection.designModule.enrollmentInfo.count"); list fields name the list.
"""
from __future__ import annotations

from typing import Any

from summarizer.criteria import split_criteria
from summarizer.models import Arm, DateInfo, Intervention, Location, Outcome, Person, RawRecord, Trial
from summarizer.normalize import (
    DATE_TYPES, TrialFields, age_in_years, checked_nct_id, iso_date, paragraphs, single_line, tidy_lines,
    unescape_markdown)

_P = "protocolSection"
_EMPTY: dict = {}


def _text(value: Any) -> str | None:
    return single_line(unescape_markdown(value)) if isinstance(value, str) else None


def _prose(value: Any) -> str | None:
    return paragraphs(unescape_markdown(value)) if isinstance(value, str) else None


def _texts(values: Any) -> list[str]:
    if isinstance(values, str):  # a lone string where the schema has a list
        values = [values]
    return [text for text in map(_text, values or ()) if text]


def _date(struct: dict | None) -> DateInfo | None:
    struct = struct or _EMPTY
    date = iso_date(struct.get("date"))
    kind = struct.get("type")
    return DateInfo(date=date, type=kind if kind in DATE_TYPES else None) if date else None


def _person(entry: dict) -> Person | None:
    name = _text(entry.get("name"))
    if name is None:
        return None
    phone = _text(entry.get("phone"))
    extension = _text(entry.get("phoneExt"))
    return Person(name=name, role=entry.get("role"), affiliation=_text(entry.get("affiliation")),
                  phone=f"{phone} ext. {extension}" if phone and extension else phone,
                  email=_text(entry.get("email")))


def _outcomes(entries: Any) -> list[Outcome]:
    return [Outcome(measure=measure, time_frame=_text(o.get("timeFrame")), description=_prose(o.get("description")))
            for o in entries or () if (measure := _text(o.get("measure")))]


def _mesh_terms(entries: Any) -> list[str]:
    return [term for term in (single_line(e.get("term")) for e in entries or ()) if term]


def extract_v2(raw: RawRecord) -> Trial:
    """Map one API v2 study onto ``Trial``; raises ``RecordError`` when it has no usable NCT ID."""
    study = raw.payload
    protocol = study.get(_P) or _EMPTY
    ident = protocol.get("identificationModule") or _EMPTY
    nct_id = checked_nct_id(raw, ident.get("nctId"), f"{_P}.identificationModule.nctId")

    fields = TrialFields()
    put = fields.set
    put("id", nct_id, f"{_P}.identificationModule.nctId")
    _identification(put, nct_id, ident)
    _status(put, protocol.get("statusModule") or _EMPTY)
    _description(put, protocol.get("descriptionModule") or _EMPTY)
    _design(put, protocol.get("designModule") or _EMPTY)
    _conditions(put, protocol.get("conditionsModule") or _EMPTY)
    _arms_interventions(put, protocol.get("armsInterventionsModule") or _EMPTY)
    _outcomes_module(put, protocol.get("outcomesModule") or _EMPTY)
    _eligibility(put, protocol.get("eligibilityModule") or _EMPTY)
    _sponsors(put, protocol.get("sponsorCollaboratorsModule") or _EMPTY)
    _contacts_locations(put, protocol.get("contactsLocationsModule") or _EMPTY)
    _derived(put, study.get("derivedSection") or _EMPTY)
    if isinstance(study.get("hasResults"), bool):
        put("has_results", study["hasResults"], "hasResults")
    return Trial(source=raw.label, source_format=raw.format,
                 provenance=fields.provenance, **fields.values)


def _identification(put, nct_id: str, ident: dict) -> None:
    path = f"{_P}.identificationModule"
    put("nct_id", nct_id, f"{path}.nctId")
    other_ids = [single_line((ident.get("orgStudyIdInfo") or _EMPTY).get("id"))]
    other_ids += [single_line(s.get("id")) for s in ident.get("secondaryIdInfos") or ()]
    put("other_ids", [i for i in other_ids if i], f"{path}.orgStudyIdInfo.id, {path}.secondaryIdInfos")
    put("brief_title", _text(ident.get("briefTitle")), f"{path}.briefTitle")
    put("official_title", _text(ident.get("officialTitle")), f"{path}.officialTitle")
    put("acronym", _text(ident.get("acronym")), f"{path}.acronym")


def _status(put, status: dict) -> None:
    path = f"{_P}.statusModule"
    put("overall_status", status.get("overallStatus"), f"{path}.overallStatus")
    put("why_stopped", _text(status.get("whyStopped")), f"{path}.whyStopped")
    for field, key in (("start_date", "startDateStruct"), ("primary_completion_date", "primaryCompletionDateStruct"),
                       ("completion_date", "completionDateStruct"), ("first_posted", "studyFirstPostDateStruct"),
                       ("last_update", "lastUpdatePostDateStruct")):
        put(field, _date(status.get(key)), f"{path}.{key}")


def _description(put, description: dict) -> None:
    path = f"{_P}.descriptionModule"
    put("brief_summary", _prose(description.get("briefSummary")), f"{path}.briefSummary")
    put("detailed_description", _prose(description.get("detailedDescription")), f"{path}.detailedDescription")


def _design(put, design: dict) -> None:
    path = f"{_P}.designModule"
    put("study_type", design.get("studyType"), f"{path}.studyType")
    put("phases", list(design.get("phases") or ()), f"{path}.phases")
    enrollment = design.get("enrollmentInfo") or _EMPTY
    if isinstance(enrollment.get("count"), int):
        put("enrollment", enrollment["count"], f"{path}.enrollmentInfo.count")
        put("enrollment_type", enrollment.get("type"), f"{path}.enrollmentInfo.type")
    info = design.get("designInfo") or _EMPTY
    info_path = f"{path}.designInfo"
    for field, key in (("allocation", "allocation"), ("intervention_model", "interventionModel"),
                       ("primary_purpose", "primaryPurpose"), ("observational_model", "observationalModel"),
                       ("time_perspective", "timePerspective")):
        put(f"design.{field}", info.get(key), f"{info_path}.{key}")
    masking = info.get("maskingInfo") or _EMPTY
    put("design.masking", masking.get("masking"), f"{info_path}.maskingInfo.masking")
    put("design.who_masked", list(masking.get("whoMasked") or ()), f"{info_path}.maskingInfo.whoMasked")


def _conditions(put, conditions: dict) -> None:
    path = f"{_P}.conditionsModule"
    put("conditions", _texts(conditions.get("conditions")), f"{path}.conditions")
    put("keywords", _texts(conditions.get("keywords")), f"{path}.keywords")


def _arms_interventions(put, module: dict) -> None:
    path = f"{_P}.armsInterventionsModule"
    interventions = [
        Intervention(type=i.get("type"), name=name, other_names=_texts(i.get("otherNames")),
                     description=_prose(i.get("description")), arm_labels=_texts(i.get("armGroupLabels")))
        for i in module.get("interventions") or () if (name := _text(i.get("name")))]
    put("interventions", interventions, f"{path}.interventions")
    arms = [Arm(label=label, type=a.get("type"), description=_prose(a.get("description")),
                intervention_names=_texts(a.get("interventionNames")))
            for a in module.get("armGroups") or () if (label := _text(a.get("label")))]
    put("arms", arms, f"{path}.armGroups")


def _outcomes_module(put, module: dict) -> None:
    path = f"{_P}.outcomesModule"
    put("primary_outcomes", _outcomes(module.get("primaryOutcomes")), f"{path}.primaryOutcomes")
    put("secondary_outcomes", _outcomes(module.get("secondaryOutcomes")), f"{path}.secondaryOutcomes")


def _eligibility(put, module: dict) -> None:
    path = f"{_P}.eligibilityModule"
    raw_criteria = module.get("eligibilityCriteria")
    criteria = tidy_lines(unescape_markdown(raw_criteria)) if isinstance(raw_criteria, str) else None
    inclusion, exclusion = split_criteria(criteria)
    put("eligibility.criteria", criteria, f"{path}.eligibilityCriteria")
    put("eligibility.inclusion", inclusion, f"{path}.eligibilityCriteria")
    put("eligibility.exclusion", exclusion, f"{path}.eligibilityCriteria")
    for bound, key in (("min", "minimumAge"), ("max", "maximumAge")):
        text = _text(module.get(key))
        put(f"eligibility.{bound}_age_text", text, f"{path}.{key}")
        put(f"eligibility.{bound}_age_years", age_in_years(text), f"{path}.{key}")
    put("eligibility.sex", module.get("sex"), f"{path}.sex")
    if isinstance(module.get("healthyVolunteers"), bool):
        put("eligibility.healthy_volunteers", module["healthyVolunteers"], f"{path}.healthyVolunteers")
    put("eligibility.age_groups", list(module.get("stdAges") or ()), f"{path}.stdAges")


_INVESTIGATOR_PARTIES = ("PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR")


def _sponsors(put, module: dict) -> None:
    path = f"{_P}.sponsorCollaboratorsModule"
    lead = module.get("leadSponsor") or _EMPTY
    put("sponsor", _text(lead.get("name")), f"{path}.leadSponsor.name")
    put("sponsor_class", lead.get("class"), f"{path}.leadSponsor.class")
    put("collaborators", _texts(c.get("name") for c in module.get("collaborators") or ()), f"{path}.collaborators")
    party = module.get("responsibleParty") or _EMPTY
    name = _text(party.get("investigatorFullName"))
    if name and party.get("type") in _INVESTIGATOR_PARTIES:
        put("responsible_investigator", Person(name=name, role=party["type"],
                                               affiliation=_text(party.get("investigatorAffiliation"))),
            f"{path}.responsibleParty")


def _contacts_locations(put, module: dict) -> None:
    path = f"{_P}.contactsLocationsModule"
    put("officials", [p for p in map(_person, module.get("overallOfficials") or ()) if p], f"{path}.overallOfficials")
    put("central_contacts", [p for p in map(_person, module.get("centralContacts") or ()) if p],
        f"{path}.centralContacts")
    locations = [Location(facility=_text(loc.get("facility")), city=_text(loc.get("city")),
                          state=_text(loc.get("state")), zip=_text(loc.get("zip")),
                          country=_text(loc.get("country")), status=loc.get("status"))
                 for loc in module.get("locations") or ()]
    put("locations", locations, f"{path}.locations")


def _derived(put, derived: dict) -> None:
    for prefix, key in (("condition", "conditionBrowseModule"), ("intervention", "interventionBrowseModule")):
        browse = derived.get(key) or _EMPTY
        put(f"{prefix}_mesh", _mesh_terms(browse.get("meshes")), f"derivedSection.{key}.meshes")
        put(f"{prefix}_mesh_ancestors", _mesh_terms(browse.get("ancestors")), f"derivedSection.{key}.ancestors")
