"""Legacy ClinicalTrials.gov XML (``<clinical_study>``) -> ``Trial``.

The legacy format spells enumerations as display text ("Active, not recruiting",
"Phase 1/Phase 2", "Double (Participant, Investigator)"); they are mapped onto the API v2
spelling so drafting never sees where a record came from. Textblocks are unwrapped (the
format hard-wraps them at ~100 columns with CR line ends). Provenance values are element
paths from the root ("eligibility/minimum_age"); list fields name the repeated element.

Two fields are derived because the format lacks them: ``eligibility.age_groups`` (the
registry's own age bands applied to the age limits) and each arm's
``intervention_names`` (the interventions that name the arm, "Drug: Alendronate").
"""
from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException

from summarizer.criteria import split_criteria
from summarizer.errors import RecordError
from summarizer.models import Arm, DateInfo, Intervention, Location, Outcome, Person, RawRecord, Trial
from summarizer.normalize import (
    TrialFields, age_groups, age_in_years, checked_nct_id, enum_value, iso_date, paragraphs, single_line,
    tidy_lines, unwrap_textblock)
from summarizer.readers.ctgov_xml import parse_xml

_PHASES = {"Early Phase 1": "EARLY_PHASE1", "Phase 1": "PHASE1", "Phase 2": "PHASE2", "Phase 3": "PHASE3",
           "Phase 4": "PHASE4", "N/A": "NA"}
_ACTUAL_OR_ESTIMATED = {"Actual": "ACTUAL", "Anticipated": "ESTIMATED", "Estimate": "ESTIMATED",
                        "Estimated": "ESTIMATED"}
_STATUS = {"Unknown status": "UNKNOWN"}
_STUDY_TYPE = {"Observational [Patient Registry]": "OBSERVATIONAL"}
_ALLOCATION = {"N/A": "NA"}
_PURPOSE = {"Educational/Counseling/Training": "ECT"}
_AGENCY_CLASS = {"U.S. Fed": "FED"}
_HEALTHY_VOLUNTEERS = {"Accepts Healthy Volunteers": True, "No": False}
_INVESTIGATOR_PARTIES = {"Principal Investigator": "PRINCIPAL_INVESTIGATOR", "Sponsor-Investigator": "SPONSOR_INVESTIGATOR"}
_RESULTS_TAG = "<clinical_results>"
_DATES = (("start_date", "start_date"), ("primary_completion_date", "primary_completion_date"),
          ("completion_date", "completion_date"), ("first_posted", "study_first_posted"),
          ("last_update", "last_update_posted"))


def _texts(elements: list[Element]) -> list[str]:
    return [text for text in (single_line(e.text) for e in elements) if text]


def _date(element: Element | None) -> DateInfo | None:
    date = iso_date(element.text) if element is not None else None
    return DateInfo(date=date, type=_ACTUAL_OR_ESTIMATED.get(element.get("type", ""))) if date else None


def _person(element: Element, role: str | None) -> Person | None:
    name = single_line(element.findtext("last_name"))  # the legacy format puts the whole name here
    if name is None:
        return None
    phone = single_line(element.findtext("phone"))
    extension = single_line(element.findtext("phone_ext"))
    return Person(name=name, role=role or enum_value(element.findtext("role")),
                  affiliation=single_line(element.findtext("affiliation")),
                  phone=f"{phone} ext. {extension}" if phone and extension else phone,
                  email=single_line(element.findtext("email")))


def _location(element: Element) -> Location:
    facility = element.find("facility")
    address = facility.find("address") if facility is not None else None
    parts = {} if address is None else {child.tag: child.text for child in address}  # one pass, no path lookups
    return Location(facility=single_line(facility.findtext("name")) if facility is not None else None,
                    city=single_line(parts.get("city")), state=single_line(parts.get("state")),
                    zip=single_line(parts.get("zip")), country=single_line(parts.get("country")),
                    status=enum_value(element.findtext("status")))


def _outcomes(elements: list[Element]) -> list[Outcome]:
    return [Outcome(measure=measure, time_frame=single_line(e.findtext("time_frame")),
                    description=paragraphs(e.findtext("description")))
            for e in elements if (measure := single_line(e.findtext("measure")))]


def _parse(raw: RawRecord) -> tuple[Element, bool]:
    """The study's root element and whether it has posted results.

    ``<clinical_results>`` is the last element of a study and often more than half its
    bytes, none of which a ``Trial`` uses, so the text is cut there before parsing (the
    cut is retried as a whole-document parse should it ever not be well-formed).
    """
    text = raw.payload
    cut = text.find(_RESULTS_TAG)
    try:
        if cut >= 0:
            try:
                return parse_xml(text[:cut] + "</clinical_study>"), True
            except ParseError:
                pass
        root = parse_xml(text)
    except (ParseError, DefusedXmlException) as exc:
        raise RecordError(raw.source, raw.key, f"invalid XML: {exc}") from None
    return root, root.find("clinical_results") is not None


def extract_xml(raw: RawRecord) -> Trial:
    """Map one legacy XML study onto ``Trial``; raises ``RecordError`` when it has no usable NCT ID."""
    root, has_results = _parse(raw)
    nct_id = checked_nct_id(raw, root.findtext("id_info/nct_id"), "id_info/nct_id")
    fields = TrialFields()
    put = fields.set
    put("id", nct_id, "id_info/nct_id")
    put("nct_id", nct_id, "id_info/nct_id")
    other_ids = _texts(root.findall("id_info/org_study_id") + root.findall("id_info/secondary_id"))
    put("other_ids", other_ids, "id_info/org_study_id, id_info/secondary_id")
    for field in ("brief_title", "official_title", "acronym", "why_stopped"):
        put(field, single_line(root.findtext(field)), field)
    put("brief_summary", paragraphs(root.findtext("brief_summary/textblock")), "brief_summary/textblock")
    put("detailed_description", paragraphs(root.findtext("detailed_description/textblock")),
        "detailed_description/textblock")
    put("overall_status", enum_value(root.findtext("overall_status"), _STATUS), "overall_status")
    for field, tag in _DATES:
        put(field, _date(root.find(tag)), tag)
    _design(put, root)
    put("conditions", _texts(root.findall("condition")), "condition")
    put("keywords", _texts(root.findall("keyword")), "keyword")
    put("condition_mesh", _texts(root.findall("condition_browse/mesh_term")), "condition_browse/mesh_term")
    put("intervention_mesh", _texts(root.findall("intervention_browse/mesh_term")), "intervention_browse/mesh_term")
    _arms_interventions(put, root)
    put("primary_outcomes", _outcomes(root.findall("primary_outcome")), "primary_outcome")
    put("secondary_outcomes", _outcomes(root.findall("secondary_outcome")), "secondary_outcome")
    _eligibility(put, root)
    put("sponsor", single_line(root.findtext("sponsors/lead_sponsor/agency")), "sponsors/lead_sponsor/agency")
    put("sponsor_class", enum_value(root.findtext("sponsors/lead_sponsor/agency_class"), _AGENCY_CLASS),
        "sponsors/lead_sponsor/agency_class")
    put("collaborators", _texts(root.findall("sponsors/collaborator/agency")), "sponsors/collaborator/agency")
    party_type = _INVESTIGATOR_PARTIES.get(root.findtext("responsible_party/responsible_party_type") or "")
    name = single_line(root.findtext("responsible_party/investigator_full_name"))
    if party_type and name:
        put("responsible_investigator", Person(name=name, role=party_type, affiliation=single_line(
            root.findtext("responsible_party/investigator_affiliation"))), "responsible_party")
    _people_places(put, root)
    if has_results:
        put("has_results", True, "clinical_results")
    return Trial(source=raw.label, source_format=raw.format, provenance=fields.provenance, **fields.values)


def _design(put, root: Element) -> None:
    phase = single_line(root.findtext("phase")) or ""
    parts = [phase] if phase in _PHASES else phase.split("/")  # "N/A" is one value, "Phase 1/Phase 2" two
    phases = [_PHASES.get(part.strip()) or enum_value(part) for part in parts if part.strip()]
    put("phases", phases, "phase")
    put("study_type", enum_value(root.findtext("study_type"), _STUDY_TYPE), "study_type")
    enrollment = root.find("enrollment")
    count = (enrollment.text or "").strip() if enrollment is not None else ""
    if count.isdigit():
        put("enrollment", int(count), "enrollment")
        put("enrollment_type", _ACTUAL_OR_ESTIMATED.get(enrollment.get("type", "")), "enrollment@type")
    path = "study_design_info"
    design = root.find(path)
    if design is None:
        return
    put("design.allocation", enum_value(design.findtext("allocation"), _ALLOCATION), f"{path}/allocation")
    model = design.findtext("intervention_model")
    put("design.intervention_model", enum_value(model and model.removesuffix(" Assignment")),
        f"{path}/intervention_model")
    put("design.primary_purpose", enum_value(design.findtext("primary_purpose"), _PURPOSE), f"{path}/primary_purpose")
    level, _, who = (design.findtext("masking") or "").partition("(")
    masking = enum_value(level)
    put("design.masking", masking, f"{path}/masking")
    if masking != "NONE":  # "None (Open Label)" names no one
        put("design.who_masked", [w for w in map(enum_value, who.rstrip(") ").split(",")) if w], f"{path}/masking")
    put("design.observational_model", enum_value(design.findtext("observational_model")),
        f"{path}/observational_model")
    put("design.time_perspective", enum_value(design.findtext("time_perspective")), f"{path}/time_perspective")


def _arms_interventions(put, root: Element) -> None:
    interventions = []
    names_by_arm: dict[str, list[str]] = {}
    for element in root.findall("intervention"):
        name = single_line(element.findtext("intervention_name"))
        if name is None:
            continue
        type_text = single_line(element.findtext("intervention_type"))
        arm_labels = _texts(element.findall("arm_group_label"))
        for label in arm_labels:
            names_by_arm.setdefault(label, []).append(f"{type_text}: {name}" if type_text else name)
        interventions.append(Intervention(
            type=enum_value(type_text), name=name, other_names=_texts(element.findall("other_name")),
            description=paragraphs(element.findtext("description")), arm_labels=arm_labels))
    put("interventions", interventions, "intervention")
    arms = [Arm(label=label, type=enum_value(e.findtext("arm_group_type")),
                description=paragraphs(e.findtext("description")), intervention_names=names_by_arm.get(label, []))
            for e in root.findall("arm_group") if (label := single_line(e.findtext("arm_group_label")))]
    put("arms", arms, "arm_group")


def _eligibility(put, root: Element) -> None:
    path = "eligibility"
    eligibility = root.find(path)
    if eligibility is None:
        return
    criteria = tidy_lines(unwrap_textblock(eligibility.findtext("criteria/textblock")))
    inclusion, exclusion = split_criteria(criteria)
    put("eligibility.criteria", criteria, f"{path}/criteria/textblock")
    put("eligibility.inclusion", inclusion, f"{path}/criteria/textblock")
    put("eligibility.exclusion", exclusion, f"{path}/criteria/textblock")
    years = {}
    for bound, tag in (("min", "minimum_age"), ("max", "maximum_age")):
        text = single_line(eligibility.findtext(tag))  # "N/A" (kept as written): the record sets no limit
        years[bound] = age_in_years(text) if text != "N/A" else None
        put(f"eligibility.{bound}_age_text", text, f"{path}/{tag}")
        put(f"eligibility.{bound}_age_years", years[bound], f"{path}/{tag}")
    put("eligibility.age_groups", age_groups(years["min"], years["max"]), f"{path}/minimum_age, {path}/maximum_age")
    put("eligibility.sex", enum_value(eligibility.findtext("gender")), f"{path}/gender")
    put("eligibility.healthy_volunteers", _HEALTHY_VOLUNTEERS.get(eligibility.findtext("healthy_volunteers") or ""),
        f"{path}/healthy_volunteers")


def _people_places(put, root: Element) -> None:
    officials = [p for p in (_person(e, None) for e in root.findall("overall_official")) if p]
    put("officials", officials, "overall_official")
    contact_elements = root.findall("overall_contact") + root.findall("overall_contact_backup")
    contacts = [p for p in (_person(e, "CONTACT") for e in contact_elements) if p]
    put("central_contacts", contacts, "overall_contact, overall_contact_backup")
    put("locations", [_location(e) for e in root.findall("location")], "location")
