"""Web page → Trial: the key fields a trial page really states, each with provenance.

The reader (:mod:`summarizer.readers.webpage`) turns text and HTML pages into the same line
text; this module reads it. A value is taken, in this order of trust, from a label ("Total
Enrollment" / "10 participants"), from the section it is listed under ("Conditions",
"Locations"), or from a sentence about the study itself ("15 adults with dermatomyositis").
A field the page does not state stays empty and its name goes into ``Trial.missing``
(see :data:`KEY_FIELDS`): nothing is guessed.

Provenance (``Trial.provenance``, keyed by dotted field path, list items as ``locations[0]``):
``line N, chars A-B`` or ``lines N-M, chars A-B`` into ``RawRecord.payload["text"]`` (1-based
lines, 0-based end-exclusive characters), with a parenthesised note when a value was derived
rather than read: ``(from the title)``, ``(from a site's status)``, ``(organisation named beside
the NCT ID)``. :func:`summarizer.webpage.text.parse_provenance` reads it back.

Two readings that are judgement calls, made explicit:
- an organisation listed right after the NCT ID with no label (a registry card: "NCT07153666 /
  Peking University Third Hospital") is the sponsor, not a site: cards name the sponsor there,
  and a site would come with a place;
- a page that lists a site as recruiting states that the study is recruiting (a study with a
  recruiting site is recruiting), so ``overall_status`` is RECRUITING when no status is labelled.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from summarizer.errors import RecordError
from summarizer.models import (
    Arm, DateInfo, Design, Eligibility, Intervention, Location, Outcome, Person, RawRecord, Trial,
)
from summarizer.webpage import entries, people, prose, values, vocab
from summarizer.webpage.layout import Page, build_page
from summarizer.webpage.text import Piece, Span, joined, piece

log = logging.getLogger(__name__)

# Trial.missing names these key fields, in words a page can show, when none of their paths was found.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "NCT ID": ("nct_id",),
    "summary": ("brief_summary",),
    "recruitment status": ("overall_status",),
    "phase": ("phases",),
    "study type": ("study_type",),
    "enrollment": ("enrollment",),
    "conditions": ("conditions",),
    "interventions": ("interventions",),
    "study groups": ("arms",),
    "design": ("design.allocation", "design.intervention_model", "design.masking", "design.primary_purpose"),
    "eligibility criteria": ("eligibility.criteria",),
    "age limits": ("eligibility.min_age_years", "eligibility.max_age_years"),
    "sex": ("eligibility.sex",),
    "healthy volunteers": ("eligibility.healthy_volunteers",),
    "primary outcomes": ("primary_outcomes",),
    "secondary outcomes": ("secondary_outcomes",),
    "start date": ("start_date",),
    "completion date": ("primary_completion_date", "completion_date"),
    "sponsor": ("sponsor",),
    "investigators": ("officials",),
    "locations": ("locations",),
    "contacts": ("central_contacts",),
}
NAME_KEY = re.compile(r"[^a-z]+")
ENROLLMENT_ESTIMATED = re.compile(r"estimat|anticipat|target|planned")


class _TrialFields:
    """Collects values by dotted path with their provenance, first value wins."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.provenance: dict[str, str] = {}

    def put(self, path: str, value: Any, source: Piece | Span | None, note: str = "") -> None:
        if value is None or value == [] or path in self.values:
            return
        self.values[path] = value
        if source is not None:
            span = source.span if isinstance(source, Piece) else source
            self.provenance[path] = span.provenance(note)

    def cite(self, path: str, source: Piece | Span, note: str = "") -> None:
        span = source.span if isinstance(source, Piece) else source
        self.provenance.setdefault(path, span.provenance(note))

    def group(self, prefix: str) -> dict[str, Any]:
        return {path.removeprefix(prefix + "."): value for path, value in self.values.items()
                if path.startswith(prefix + ".")}


def extract_webpage(raw: RawRecord) -> Trial:
    payload = raw.payload
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise RecordError(raw.source, raw.key or "page", "not a web page record (payload has no text)")
    page = build_page(payload["text"])
    found = _TrialFields()
    _identity(page, found)
    _status_and_design(page, found)
    _conditions_and_interventions(page, found)
    _eligibility(page, found)
    _people_and_places(page, found)
    nct_id = found.values.get("nct_id")
    if not (nct_id or found.values.get("conditions") or found.values.get("interventions")):
        raise RecordError(raw.source, raw.key or "page",
                          "no trial found on this page: it names no NCT ID, condition or intervention")
    missing = [name for name, paths in KEY_FIELDS.items() if not any(p in found.values for p in paths)]
    top = {path: value for path, value in found.values.items() if "." not in path}
    trial = Trial(
        **top,
        id=nct_id or payload.get("stem") or Path(raw.source).stem,
        design=Design(**found.group("design")),
        eligibility=Eligibility(**found.group("eligibility")),
        source=raw.label,
        source_format="webpage",
        provenance=dict(sorted(found.provenance.items())),
        missing=missing,
    )
    log.debug("%s: web page gave %d fields; missing %s", raw.label, len(found.values), ", ".join(missing) or "none")
    return trial


def _identity(page: Page, found: _TrialFields) -> None:
    ids = prose.nct_ids(page)
    if ids:
        found.put("nct_id", ids[0].text, ids[0])
    others = list(ids[1:]) + [p for p in entries.other_ids(page) if p.text not in {i.text for i in ids}]
    if others:
        found.put("other_ids", [p.text for p in others], joined(others))
    if heading := prose.title(page):
        found.put("brief_title", heading.text, piece(heading))
    for name in ("official_title", "acronym"):
        if item := page.labelled(name):
            found.put(name, item.parsed, item.value)
    if summary := prose.paragraphs(page, "summary"):
        found.put("brief_summary", summary.text, summary)
    if description := prose.paragraphs(page, "description"):
        found.put("detailed_description", description.text, description)
    for name in ("start_date", "primary_completion_date", "completion_date", "first_posted", "last_update"):
        if item := page.labelled(name):
            when = values.date(item.value.text, item.label)
            found.put(name, DateInfo(date=when.date, type=when.type), item.value)


def _status_and_design(page: Page, found: _TrialFields) -> None:
    for name in ("overall_status", "study_type", "phases", "design.allocation", "design.intervention_model",
                 "design.primary_purpose"):
        if item := page.labelled(name):
            found.put(name, item.parsed, item.value)
    if item := page.labelled("design.masking"):
        masking, who = item.parsed
        found.put("design.masking", masking, item.value)
        found.put("design.who_masked", who, item.value)
    if badge := prose.standalone_status(page):
        found.put("overall_status", badge.value, badge.source)
    if stated := prose.phase(page):
        found.put("phases", stated.value, stated.source)
    for name, term in prose.design_terms(page).items():
        found.put(name, term.value, term.source)
    if item := page.labelled("enrollment"):
        label = f"{item.label} {item.value.text}".lower()
        found.put("enrollment", item.parsed, item.value)
        kind = "ACTUAL" if "actual" in label else "ESTIMATED" if ENROLLMENT_ESTIMATED.search(label) else None
        found.put("enrollment_type", kind, item.value)
    elif counted := prose.enrollment(page):
        found.put("enrollment", counted.value, counted.source)


def _conditions_and_interventions(page: Page, found: _TrialFields) -> None:
    heading = prose.title(page)
    conditions = entries.conditions(page)
    note = ""
    if not conditions and heading is not None:
        conditions, note = prose.title_conditions(heading), "from the title"
    _put_list(found, "conditions", [c.text for c in conditions], conditions, note)

    listed = entries.interventions(page)
    note = ""
    if not listed:
        mentions = prose.drug_mentions(heading) if heading is not None else []
        note = "from the title"
        if not mentions:
            summary_lines = [line for s in page.of_kind("summary") for line in s.lines]
            mentions = [m for line in summary_lines for m in prose.drug_mentions(line)][:1]
            note = "named in the summary"
        listed = [entries.InterventionEntry(m) for m in mentions]
    arms = entries.arms(page, {e.name.text.lower() for e in listed})
    models, sources = [], []
    for index, entry in enumerate(_unique(listed, lambda e: e.name.text.lower())):
        description = joined(entry.description, " ") or prose.describing_sentence(page, entry.name.text)
        labels = [a.label.text for a in arms if entry.name.text.lower() in {n.lower() for n in a.intervention_names}]
        models.append(Intervention(type=entry.type, name=entry.name.text, other_names=entry.other_names,
                                   description=description.text if description else None, arm_labels=labels))
        sources.append(entry.name)
        if description is not None:
            found.cite(f"interventions[{index}].description", description)
    _put_list(found, "interventions", models, sources, note)

    arm_models = [Arm(label=a.label.text, type=a.type, description=joined(a.description, " ").text
                      if a.description else None, intervention_names=a.intervention_names) for a in arms]
    _put_list(found, "arms", arm_models, [a.label for a in arms])
    for kind in ("primary_outcomes", "secondary_outcomes"):
        measured = entries.outcomes(page, kind)
        models = [Outcome(measure=o.measure.text, time_frame=o.time_frame, description=o.description) for o in measured]
        _put_list(found, kind, models, [o.measure for o in measured])


def _eligibility(page: Page, found: _TrialFields) -> None:
    criteria = entries.criteria(page)
    if criteria.text is not None:
        found.put("eligibility.criteria", criteria.text.text, criteria.text)
    for name, items in (("inclusion", criteria.inclusion), ("exclusion", criteria.exclusion)):
        if items:
            found.put(f"eligibility.{name}", [i.text for i in items], joined(items))
    for bound in ("min", "max"):
        if item := page.labelled(f"eligibility.{bound}_age"):
            _put_age(found, bound, item.parsed, item.value)
    if item := page.labelled("eligibility.ages"):
        for bound, limit in zip(("min", "max"), item.parsed, strict=True):
            _put_age(found, bound, limit, item.value)
    low, high, sex = prose.standalone_ages(page)
    for bound, badge in (("min", low), ("max", high)):
        if badge is not None:
            _put_age(found, bound, badge.value, badge.source)
    for line in criteria.age_lines:
        for bound, limit in zip(("min", "max"), values.age_limits(line.text), strict=True):
            if limit is not None:
                _put_age(found, bound, limit, line.span(limit.start, limit.end))
    for name in ("sex", "healthy_volunteers"):
        if item := page.labelled(f"eligibility.{name}"):
            found.put(f"eligibility.{name}", item.parsed, item.value)
    if sex is not None:
        found.put("eligibility.sex", sex.value, sex.source)


def _put_age(found: _TrialFields, bound: str, limit: values.AgeBound | None, source: Piece | Span) -> None:
    if limit is None or f"eligibility.{bound}_age_years" in found.values:
        return
    found.put(f"eligibility.{bound}_age_years", limit.years, source)
    found.put(f"eligibility.{bound}_age_text", limit.text, source)


def _people_and_places(page: Page, found: _TrialFields) -> None:
    sponsors = people.sponsors(page)
    lead = next((s for s in sponsors if s.lead), None) or next((s for s in sponsors if s.lead is None), None)
    if lead is not None:
        found.put("sponsor", lead.name.text, lead.name)
        if lead.sponsor_class is not None:
            found.put("sponsor_class", lead.sponsor_class.text.upper(), lead.sponsor_class)
    elif ids := prose.nct_ids(page):
        if beside := prose.sponsor_beside_nct_id(page, ids[0].span.first):
            found.put("sponsor", beside.text, beside, "organisation named beside the NCT ID")
    collaborators = [s.name for s in sponsors if s is not lead]
    _put_list(found, "collaborators", [c.text for c in collaborators], collaborators)

    for kind, path in (("officials", "officials"), ("contacts", "central_contacts")):
        persons = _merge_people(people.people(page, kind))
        models = [Person(name=p.name.text, role=p.role, affiliation=p.affiliation, phone=p.phone, email=p.email)
                  for p in persons]
        _put_list(found, path, models, [p.name for p in persons])

    sites = people.locations(page)
    models = [Location(facility=s.facility.text, city=s.city, state=s.state, zip=s.zip, country=s.country,
                       status=s.status) for s in sites]
    _put_list(found, "locations", models, [_whole_entry(site) for site in sites])
    for index, site in enumerate(sites):
        if site.status_piece is not None:
            found.cite(f"locations[{index}].status", site.status_piece)
    recruiting = next((s for s in sites if s.status == "RECRUITING"), None)
    if recruiting is not None and recruiting.status_piece is not None:
        found.put("overall_status", "RECRUITING", recruiting.status_piece, "from a site's status")


def _put_list(found: _TrialFields, path: str, items: list[Any], sources: list[Piece], note: str = "") -> None:
    """A list field, cited as a whole and item by item (``locations[0]``)."""
    if not items:
        return
    found.put(path, items, joined(sources), note)
    for index, source in enumerate(sources):
        found.cite(f"{path}[{index}]", source, note)


def _whole_entry(site: people.LocationEntry) -> Piece:
    """A site's name, address and status lines as one span."""
    return joined([site.facility, *site.parts, *([site.status_piece] if site.status_piece else [])]) or site.facility


def _unique(items: list[Any], key: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _merge_people(persons: list[people.PersonEntry]) -> list[people.PersonEntry]:
    """One entry per person (a PI named as responsible party and as investigator), details combined."""
    merged: dict[str, people.PersonEntry] = {}
    for person in persons:
        key = NAME_KEY.sub(" ", vocab.TITLES_AND_DEGREES.sub("", person.name.text.split(",")[0]).lower()).strip()
        if key not in merged:
            merged[key] = person
            continue
        kept = merged[key]
        for attribute in ("role", "affiliation", "phone", "email"):
            if getattr(kept, attribute) is None:
                setattr(kept, attribute, getattr(person, attribute))
    return list(merged.values())
