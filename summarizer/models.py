"""The immutable objects passed between pipeline stages.

    SourceFile -read-> RawRecord -extract-> Trial -draft-> Draft -check-> Finding
                                                      `-attach disclaimers-> Page -render-> files

Enumerated registry values are normalised to the ClinicalTrials.gov API v2 spelling
(``RECRUITING``, ``PHASE2``, ``RANDOMIZED`` ...) whatever the input format, so drafting
never has to know where a record came from.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RecordFormat = Literal["ctgov-v2", "ctgov-xml", "webpage"]
Severity = Literal["error", "warning", "info"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- read


class RawRecord(Frozen):
    """One record as a reader found it, before any interpretation.

    ``source`` is the file the user named (or the archive), ``key`` locates the record
    inside it (``#12`` for the 13th study of a list, ``member.json`` inside a zip, ``line 7``
    of a JSON Lines file); ``payload`` is the parsed JSON object, or the text of an XML
    document or web page.
    """

    source: str
    key: str = ""
    format: RecordFormat
    payload: Any

    @property
    def label(self) -> str:
        return f"{self.source}{' ' + self.key if self.key else ''}"


# --------------------------------------------------------------------------- extract


class DateInfo(Frozen):
    """An ISO date (``YYYY-MM-DD``, or ``YYYY-MM`` when the record gives no day)."""

    date: str
    type: Literal["ACTUAL", "ESTIMATED"] | None = None


class Design(Frozen):
    allocation: str | None = None  # RANDOMIZED, NON_RANDOMIZED, NA
    intervention_model: str | None = None  # SINGLE_GROUP, PARALLEL, CROSSOVER, FACTORIAL, SEQUENTIAL
    primary_purpose: str | None = None  # TREATMENT, PREVENTION, DIAGNOSTIC, SUPPORTIVE_CARE ...
    masking: str | None = None  # NONE, SINGLE, DOUBLE, TRIPLE, QUADRUPLE
    who_masked: list[str] = Field(default_factory=list)  # PARTICIPANT, CARE_PROVIDER, INVESTIGATOR, OUTCOMES_ASSESSOR
    observational_model: str | None = None  # COHORT, CASE_CONTROL ...
    time_perspective: str | None = None  # PROSPECTIVE, RETROSPECTIVE, CROSS_SECTIONAL


class Intervention(Frozen):
    type: str | None = None  # DRUG, DEVICE, BEHAVIORAL, BIOLOGICAL, PROCEDURE, ...
    name: str
    other_names: list[str] = Field(default_factory=list)
    description: str | None = None
    arm_labels: list[str] = Field(default_factory=list)


class Arm(Frozen):
    label: str
    type: str | None = None  # EXPERIMENTAL, PLACEBO_COMPARATOR, ACTIVE_COMPARATOR, NO_INTERVENTION, SHAM_COMPARATOR, OTHER
    description: str | None = None
    intervention_names: list[str] = Field(default_factory=list)


class Outcome(Frozen):
    measure: str
    time_frame: str | None = None
    description: str | None = None


class Eligibility(Frozen):
    criteria: str | None = None  # the original text, kept so a page can show it
    inclusion: list[str] = Field(default_factory=list)
    exclusion: list[str] = Field(default_factory=list)
    min_age_years: float | None = None
    max_age_years: float | None = None
    min_age_text: str | None = None  # as the record says it: "6 Months"
    max_age_text: str | None = None
    sex: str | None = None  # ALL, FEMALE, MALE
    healthy_volunteers: bool | None = None
    age_groups: list[str] = Field(default_factory=list)  # CHILD, ADULT, OLDER_ADULT


class Person(Frozen):
    name: str
    role: str | None = None  # PRINCIPAL_INVESTIGATOR, STUDY_DIRECTOR, STUDY_CHAIR, CONTACT ...
    affiliation: str | None = None
    phone: str | None = None
    email: str | None = None


class Location(Frozen):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    status: str | None = None  # RECRUITING, NOT_YET_RECRUITING, COMPLETED ...


class Trial(Frozen):
    """Normalised key fields of one study, whatever format it came in.

    ``provenance`` maps a field name (dotted for nested fields: ``design.masking``,
    ``eligibility.min_age_years``) to where its value came from: a JSON path for v2
    records, an element path for XML, ``line N`` / a character span for web pages.
    """

    id: str  # the NCT ID, or the source file's stem when the input has none
    nct_id: str | None = None
    other_ids: list[str] = Field(default_factory=list)
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    brief_summary: str | None = None
    detailed_description: str | None = None
    overall_status: str | None = None  # RECRUITING, COMPLETED, WITHDRAWN ...
    why_stopped: str | None = None
    study_type: str | None = None  # INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS
    phases: list[str] = Field(default_factory=list)  # EARLY_PHASE1, PHASE1 ... PHASE4, NA
    design: Design = Field(default_factory=Design)
    enrollment: int | None = None
    enrollment_type: Literal["ACTUAL", "ESTIMATED"] | None = None
    conditions: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    condition_mesh: list[str] = Field(default_factory=list)
    condition_mesh_ancestors: list[str] = Field(default_factory=list)
    intervention_mesh: list[str] = Field(default_factory=list)
    intervention_mesh_ancestors: list[str] = Field(default_factory=list)
    interventions: list[Intervention] = Field(default_factory=list)
    arms: list[Arm] = Field(default_factory=list)
    primary_outcomes: list[Outcome] = Field(default_factory=list)
    secondary_outcomes: list[Outcome] = Field(default_factory=list)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    sponsor: str | None = None
    sponsor_class: str | None = None
    collaborators: list[str] = Field(default_factory=list)
    officials: list[Person] = Field(default_factory=list)
    # The responsible party when it is a researcher (role PRINCIPAL_INVESTIGATOR or SPONSOR_INVESTIGATOR):
    # many records name their lead researcher only there, not among the officials.
    responsible_investigator: Person | None = None
    locations: list[Location] = Field(default_factory=list)
    central_contacts: list[Person] = Field(default_factory=list)
    start_date: DateInfo | None = None
    primary_completion_date: DateInfo | None = None
    completion_date: DateInfo | None = None
    first_posted: DateInfo | None = None
    last_update: DateInfo | None = None
    has_results: bool = False
    source: str = ""  # RawRecord.label
    source_format: RecordFormat = "ctgov-v2"
    provenance: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)  # fields a web page did not state

    @property
    def title(self) -> str:
        return self.brief_title or self.official_title or self.id

    @property
    def registry_url(self) -> str | None:
        return f"https://clinicaltrials.gov/study/{self.nct_id}" if self.nct_id else None


# --------------------------------------------------------------------------- draft and check


class Readability(Frozen):
    """Scores of one text (summarizer.readability). ``raw_*`` are the same computation without the
    names adjustment (the trial's own explained names counted as familiar words); textstat's own
    numbers, for comparison, come from ``readability.textstat_scores``."""

    fk_grade: float
    smog: float
    flesch_reading_ease: float
    dale_chall: float
    words: int
    sentences: int
    raw_fk_grade: float
    raw_smog: float


class Section(Frozen):
    """One section of a lay page.

    ``text`` is a small Markdown subset: paragraphs separated by blank lines and ``- `` bullet
    items. ``details`` is source text kept one click away (e.g. the original eligibility
    criteria); it is shown, never scored. ``used_fields`` names the Trial fields the section
    was drafted from (provenance for the preview); ``variant`` names the phrasing chosen.

    Model drafters fill the last three fields: ``model`` and ``prompt_version`` say who was asked
    and with which prompt; a section the model drafted has ``drafter`` set to the model drafter and
    ``variant == "model"``. When the model's text failed a check, the rules text is kept
    (``drafter == "rules"``), ``variant`` is ``"fallback:<first failed check id>"`` and
    ``fallback_reasons`` lists every failed check as ``"<check id>: <message>"``.
    """

    id: str
    title: str
    text: str
    details: str | None = None
    used_fields: list[str] = Field(default_factory=list)
    variant: str = "default"
    drafter: str = "rules"
    readability: Readability | None = None
    model: str | None = None
    prompt_version: str | None = None
    fallback_reasons: list[str] = Field(default_factory=list)


class Draft(Frozen):
    trial: Trial
    sections: list[Section]
    names: list[str] = Field(default_factory=list)  # the trial's own names, for fair readability scoring


class Finding(Frozen):
    check: str  # stable id, e.g. "readability.grade"
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    section: str | None = None
    value: int | float | str | None = None
    threshold: int | float | str | None = None
    suppressed: bool = False


class Disclaimer(Frozen):
    id: str
    text: str
    link: str | None = None


class PageOverride(Frozen):
    """What an editor's override file (``overrides/<ID>.yaml``) changed on a page. ``stale`` when the
    record has been updated since the override was written: the hand-written text may no longer hold."""

    file: str
    sections: list[str] = Field(default_factory=list)  # ids of the sections whose text the editor wrote
    hidden: dict[str, str] = Field(default_factory=dict)  # hidden section id -> the editor's reason
    glossary: list[str] = Field(default_factory=list)  # terms of the editor's extra glossary entries
    written_for: str  # the record's last-update date the override was written against
    record_last_update: str | None = None  # the record's last-update date now
    stale: bool = False


class Page(Frozen):
    trial: Trial
    sections: list[Section]
    disclaimers: list[Disclaimer]
    generated: str  # ISO date the page was built (SOURCE_DATE_EPOCH or the record's last update)
    findings: list[Finding] = Field(default_factory=list)
    readability: Readability | None = None  # the whole page's prose
    override: PageOverride | None = None  # the editor's hand edits applied to this page

    @property
    def id(self) -> str:
        return self.trial.id
