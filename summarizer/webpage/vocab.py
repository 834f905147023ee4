"""What trial pages say and how: boilerplate, headings, labels, and value normalisation.

Values are normalised to the ClinicalTrials.gov API v2 spelling used by :mod:`summarizer.models`
(``RECRUITING``, ``PHASE2``, ``SINGLE_GROUP`` ...). A normaliser returns ``None`` for a value it
does not recognise, which also tells the label finder that a line was not a label after all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# --------------------------------------------------------------------------- page furniture

# A whole line that is page furniture: alt text, buttons, form fields, ad slots, badges.
JUNK_LINE = re.compile(
    r"(?:image|photo|picture|logo|icon|(?:\w+ )?avatar|advertisement|ad|sponsored content|"
    r"read more|show (?:more|less)|see more|sign ?up|log ?in|sign ?in|share|print|menu|"
    r"skip to (?:main )?content|back to (?:top|search|results)|powered by .{1,40}|contact|send|submit|"
    r"close|(?:first |last )?name\*?|e-?mail(?: address)?\*?|phone(?: number)?\*?|"
    r"other languages?(?: supported)?:?|find a (?:clinic|site|location|study center) near you)",
    _I,
)
# A line containing any of these is site copy, never a fact about the trial.
BOILERPLATE = re.compile(
    r"\{\{|\{%|fake ad|ad slot|by submitting|terms of (?:use|service)|privacy policy|"
    r"sign up (?:to|for)|get notified|get updates|subscribe|newsletter|be notified|notified about|"
    r"get in touch|private note|notes visible only|passcode|select a piece of text|"
    r"takes no responsibility|informational only|not medical advice|our safety recommendation|"
    r"enter your contact details|all rights reserved|©",
    _I,
)
# Site copy that explains a section to the reader ("Review the sponsor-provided synopsis ...").
EXPLAINER = re.compile(
    r"^(?:review|get|dive|see|understand|learn|check|meet|identify|explore|reach|find|discover|browse|view)"
    r"\s+(?:the|a|an|how|where|what|who|whether|about|into|out|each|these|this|all|more|additional|our)\b.*[.!]$"
    r"|\bregistrant\b|\bthis trial relates to\b|\bas listed by\b",
    _I,
)
# Sentences that quote or name someone: nothing in them may reach a Trial.
ATTRIBUTED = re.compile(
    r"[\"“”]|\b(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+[A-Z]|\baccording to\b|\b(?:said|says|stated|commented|told|"
    r"emphasi[sz]e[sd]?)\b|\b[A-Z][a-z]+\s+[A-Z][a-z]+,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:researcher|professor|doctor|physician|scientist|director|author|[a-z]+olog(?:ist|ists))\b",
)
QUESTION_HEADING = re.compile(
    r"^(?:what|why|how|who|where|when|which|is|are|do|does|can|will|should|could)\b[^.]*$", _I,
)


def is_furniture(text: str) -> bool:
    return bool(JUNK_LINE.fullmatch(text) or BOILERPLATE.search(text) or EXPLAINER.search(text))


def is_heading_like(text: str) -> bool:
    """A short title-like line: a question, or a few capitalised words without end punctuation."""
    if QUESTION_HEADING.match(text) and len(text.split()) <= 15:
        return True
    return bool(text[:1].isupper() and len(text.split()) <= 8 and text[-1:] not in ".,;:!?")


def is_prose(text: str) -> bool:
    """Sentences rather than a name or a heading (a long line may end by introducing a list)."""
    words = len(text.split())
    ending = text[-1:] in ".!?;)]" or (text[-1:] == ":" and words >= 12)
    return words >= 6 and ending and not QUESTION_HEADING.match(text)


# --------------------------------------------------------------------------- section headings

HEADINGS: tuple[tuple[str, str], ...] = (
    ("skip", r"faqs?|frequently asked questions|learn more about clinical trials|disclaimer(?: read more)?|"
             r"get updates|get notified about this (?:study|trial)|sign up.*|send a message|add a private note|"
             r"share(?: this (?:page|study|trial))?|tags|(?:more )?(?:related|similar|recommended) (?:trials|studies)|"
             r"you (?:may|might) also (?:like|be interested in).*|study results|results(?: pending)?|"
             r"no results (?:posted|available)|references|citations|publications|comments"),
    ("facts", r"(?:basic|key|general|study|trial) (?:information|info|details|facts)|at a glance|quick facts"),
    ("summary", r"(?:brief |study |trial |lay |plain[- ]language )?summary|(?:study |trial )?overview|"
                r"(?:study |trial )?purpose|purpose of (?:the|this) (?:study|trial)|"
                r"what is the purpose of (?:the|this) (?:study|trial)|what is (?:the|this) (?:study|trial) about|"
                r"about (?:the|this) (?:study|trial)"),
    ("description", r"(?:detailed |study |trial )?description|background"),
    ("conditions", r"conditions?|conditions? (?:or|and) diseases?|diseases?|conditions? studied|health conditions?"),
    ("interventions", r"interventions?|interventions?/treatments?|study (?:treatments?|drugs?|medications?)|"
                      r"active (?:substances?|ingredients?)|"
                      r"what (?:are|is) the treatments? (?:being )?tested in (?:the|this) (?:study|trial)"),
    ("arms", r"(?:study |trial |participant |treatment )?(?:groups|arms|cohorts)|arms? (?:and|&) interventions|"
             r"arm groups?"),
    ("design", r"(?:study |trial )?design(?: details)?"),
    ("inclusion", r"(?:key |main )?inclusion criteria|you (?:may|might|can) (?:be able to )?(?:join|take part) if.*"),
    ("exclusion", r"(?:key |main )?exclusion criteria|who can(?:not|'t) join|"
                  r"you (?:may|might|can)(?:not|'t) (?:join|take part) if.*"),
    ("eligibility", r"eligibility(?: criteria)?|participation (?:criteria|requirements)|"
                    r"who can (?:join|participate|take part)(?: in (?:the|this) (?:study|trial))?|"
                    r"are you a good fit for (?:the|this) (?:study|trial)|who is eligible|(?:study )?criteria"),
    ("primary_outcomes", r"primary (?:outcomes?|end ?points?)(?: measures?)?"),
    ("secondary_outcomes", r"secondary (?:outcomes?|end ?points?)(?: measures?)?"),
    ("outcomes", r"(?:study )?(?:outcomes?|end ?points?)(?: measures?)?|what (?:is|are) being measured"),
    ("sponsor", r"(?:lead )?sponsors?(?: and collaborators)?|sponsored by|collaborators?|funders?|funding|"
                r"who is (?:running|sponsoring|funding|conducting) (?:the|this) (?:clinical )?(?:study|trial)"),
    ("officials", r"(?:principal |lead |study )?investigators?|study officials?|overall officials?|"
                  r"(?:the )?research team|who is on the research team|responsible party|study team"),
    ("contacts", r"(?:study |central |primary |trial )?contacts?(?: information| details)?"),
    ("locations", r"(?:study |trial )?locations?|(?:study |trial |participating )?(?:sites|centers|centres)|"
                  r"contacts? and locations?|where (?:is|does) (?:the|this) (?:study|trial) (?:take place|run|happen)"),
    ("countries", r"countries|country"),
    ("other_ids", r"other (?:study )?(?:identifiers|ids?)|secondary ids?|org(?:anization)? study ids?|identifiers"),
)
_HEADING_PATTERNS = tuple((kind, re.compile(pattern, _I)) for kind, pattern in HEADINGS)
_HEADING_TRIM = re.compile(r"[\s:?!.]+$")


def heading_kind(text: str) -> str | None:
    """The section kind a line announces, if it is one of the headings trial pages use."""
    heading = _HEADING_TRIM.sub("", text.replace("&", "and")).strip()
    if not heading or len(heading) > 80:
        return None
    return next((kind for kind, pattern in _HEADING_PATTERNS if pattern.fullmatch(heading)), None)


# --------------------------------------------------------------------------- labelled values

LABELS: tuple[tuple[str, str], ...] = (
    ("official_title", r"official title"),
    ("acronym", r"acronym"),
    ("overall_status", r"(?:overall |recruitment |recruiting |study |trial )?status"),
    ("phases", r"(?:clinical |study |trial )?phases?"),
    ("study_type", r"study (?:type|classification)|type of (?:study|trial)"),
    ("enrollment", r"(?:total |target |estimated |anticipated |actual |planned )?enrol?lment(?: \((?:estimated|actual)\))?|"
                   r"number of (?:participants|subjects|patients)|sample size"),
    ("start_date", r"(?:study |actual |estimated |anticipated )?start(?: date)?"),
    ("primary_completion_date", r"(?:estimated |actual |anticipated )?primary completion(?: date)?"),
    ("completion_date", r"(?:study |estimated |actual |anticipated )?completion(?: date)?"),
    ("first_posted", r"first posted|(?:study )?first posted(?: date)?"),
    ("last_update", r"last updated?(?: posted)?(?: date)?|last update posted"),
    ("design.allocation", r"allocation(?: method)?"),
    ("design.intervention_model", r"intervention(?:al)? model|study model|design model"),
    ("design.primary_purpose", r"(?:primary )?(?:study )?purpose"),
    ("design.masking", r"masking|blinding(?: strategy)?"),
    ("eligibility.min_age", r"min(?:imum)?\.? (?:eligible )?age"),
    ("eligibility.max_age", r"max(?:imum)?\.? (?:eligible )?age"),
    ("eligibility.ages", r"ages?(?: eligible(?: for study)?)?|age range|eligible ages?"),
    ("eligibility.sex", r"(?:eligible )?(?:sex(?:es)?|genders?)(?: eligible(?: for study)?)?"),
    ("eligibility.healthy_volunteers", r"(?:accepts )?healthy volunteers"),
)
LABEL_PATTERNS = tuple(
    (field, re.compile(rf"(?P<label>{pattern})(?:\s*[:：]\s*|\s+|$)(?P<value>.*)", _I)) for field, pattern in LABELS
)

# --------------------------------------------------------------------------- registry values


def _enum_key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")


STATUSES = frozenset({
    "RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "ACTIVE_NOT_RECRUITING", "COMPLETED",
    "SUSPENDED", "TERMINATED", "WITHDRAWN", "UNKNOWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD",
})


def status(text: str) -> str | None:
    key = _enum_key(text)
    key = {"UNKNOWN_STATUS": "UNKNOWN"}.get(key, key)
    return key if key in STATUSES else None


_PHASE_NUMBERS = {"1": "1", "I": "1", "2": "2", "II": "2", "3": "3", "III": "3", "4": "4", "IV": "4"}
_PHASE_VALUE = re.compile(
    r"(?P<na>n/?a|not applicable)"
    r"|(?P<early>early[ _]?)?(?:phase[ _]?)?(?P<a>[1-4]|iv|i{1,3})[ab]?"
    r"(?:\s*(?:/|-|and|,|_)\s*(?:phase[ _]?)?(?P<b>[1-4]|iv|i{1,3})[ab]?)?",
    _I,
)


def phases(text: str) -> list[str] | None:
    """["PHASE1", "PHASE2"] from "Phase 1/2", "PHASE1, PHASE2" or "I/II"; ["NA"] from "N/A"."""
    match = _PHASE_VALUE.fullmatch(text.strip())
    if not match:
        return None
    if match["na"]:
        return ["NA"]
    prefix = "EARLY_PHASE" if match["early"] else "PHASE"
    return [f"{prefix}{_PHASE_NUMBERS[n.upper()]}" for n in (match["a"], match["b"]) if n]


def study_type(text: str) -> str | None:
    key = _enum_key(re.sub(r"[(\[].*", "", text))
    return key if key in {"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"} else None


def allocation(text: str) -> str | None:
    key = _enum_key(text).replace("RANDOMISED", "RANDOMIZED").replace("NONRANDOMIZED", "NON_RANDOMIZED")
    return {"N_A": "NA", "NOT_APPLICABLE": "NA"}.get(key, key) if key in {
        "RANDOMIZED", "NON_RANDOMIZED", "NA", "N_A", "NOT_APPLICABLE"} else None


def intervention_model(text: str) -> str | None:
    key = re.sub(r"_(?:ASSIGNMENT|MODEL|DESIGN)$", "", _enum_key(text))
    key = {"SINGLE_ARM": "SINGLE_GROUP", "SINGLE": "SINGLE_GROUP", "PARALLEL_GROUP": "PARALLEL",
           "CROSS_OVER": "CROSSOVER"}.get(key, key)
    return key if key in {"SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"} else None


PURPOSES = frozenset({
    "TREATMENT", "PREVENTION", "DIAGNOSTIC", "SUPPORTIVE_CARE", "SCREENING", "HEALTH_SERVICES_RESEARCH",
    "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "ECT", "OTHER",
})


def primary_purpose(text: str) -> str | None:
    key = _enum_key(text)
    return key if key in PURPOSES else None


_WHO_MASKED = {"PARTICIPANT": "PARTICIPANT", "PARTICIPANTS": "PARTICIPANT", "CARE_PROVIDER": "CARE_PROVIDER",
               "INVESTIGATOR": "INVESTIGATOR", "OUTCOMES_ASSESSOR": "OUTCOMES_ASSESSOR"}


def masking(text: str) -> tuple[str, list[str]] | None:
    """("DOUBLE", ["PARTICIPANT", "INVESTIGATOR"]) from "Double (Participant, Investigator)"."""
    head, _, rest = text.partition("(")
    key = _enum_key(head)
    key = re.sub(r"_?BLIND(?:ED)?$|_?MASKED$", "", key)
    if key in {"NONE", "OPEN_LABEL", "OPEN", "NO_MASKING", "NONE_OPEN_LABEL"}:
        return "NONE", []
    if key not in {"SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"}:
        return None
    who = [_WHO_MASKED[w] for w in (_enum_key(p) for p in rest.rstrip(")").split(",")) if w in _WHO_MASKED]
    return key, who


def sex(text: str) -> str | None:
    key = _enum_key(text)
    return {"ALL": "ALL", "BOTH": "ALL", "ALL_SEXES": "ALL", "ALL_GENDERS": "ALL", "MALE": "MALE", "MEN": "MALE",
            "FEMALE": "FEMALE", "WOMEN": "FEMALE"}.get(key)


def yes_no(text: str) -> bool | None:
    return {"YES": True, "NO": False}.get(_enum_key(text))


SPONSOR_CLASSES = frozenset({"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"})
ROLES = {"PRINCIPAL_INVESTIGATOR", "STUDY_DIRECTOR", "STUDY_CHAIR", "SUB_INVESTIGATOR", "CONTACT",
         "SPONSOR_INVESTIGATOR"}
ROLE_LINE = re.compile(r"(?:(?:responsibility|investigator|official|contact) )?role\s*:?\s*(?P<role>.+)", _I)


def role(text: str) -> str | None:
    """A person's role from "Principal Investigator", "Role: CONTACT", "Responsibility Role PI"."""
    match = ROLE_LINE.fullmatch(text)
    key = _enum_key(match["role"] if match else text)
    key = {"PI": "PRINCIPAL_INVESTIGATOR", "SUB_I": "SUB_INVESTIGATOR", "CENTRAL_CONTACT": "CONTACT"}.get(key, key)
    return key if key in ROLES else None


# --------------------------------------------------------------------------- dates and ages

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?")
_MONTH_FIRST = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?:(?P<d>\d{1,2}),?\s+)?(?P<y>\d{4})")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})")
_DATE_TYPE = re.compile(r"\b(?P<actual>actual)\b|\b(?:estimated|anticipated|expected|planned)\b", _I)


@dataclass(frozen=True)
class DateValue:
    date: str
    type: str | None


def date(text: str, label: str = "") -> DateValue | None:
    """An ISO date from "2022-08-01", "Jun 27, 2026", "31 January 2026" or "January 2026"."""
    value = _DATE_TYPE.sub("", text).strip(" ()[]")
    year = month = day = None
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = int(match["y"]), int(match["m"]), match["d"] and int(match["d"])
    elif match := (_MONTH_FIRST.fullmatch(value) or _DAY_FIRST.fullmatch(value)):
        month = _MONTHS.get(match["mon"][:3].lower())
        year, day = int(match["y"]), match["d"] and int(match["d"])
    if not year or not month or not 1 <= month <= 12 or (day and not 1 <= day <= 31):
        return None
    kind = _DATE_TYPE.search(f"{label} {text}")
    date_type = None if not kind else ("ACTUAL" if kind["actual"] else "ESTIMATED")
    return DateValue(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""), date_type)


_UNIT_YEARS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}
AGE_UNIT = r"(?:years?|yrs?|months?|weeks?|days?)"
AGE_VALUE = re.compile(rf"(?P<n>\d{{1,3}})\s*(?P<unit>{AGE_UNIT})", _I)
AGE_RANGE = re.compile(
    rf"(?:between\s+)?(?P<min>\d{{1,3}})\s*(?:{AGE_UNIT}\s*)?(?:to|-|–|and)\s*(?P<max>\d{{1,3}})\s*(?P<unit>{AGE_UNIT})", _I)
AGE_MIN = re.compile(
    rf"(?P<min>\d{{1,3}})\s*(?P<unit>{AGE_UNIT})\s*(?:of age\s*)?(?:and|or)\s*(?:older|over|above)"
    rf"|(?P<min2>\d{{1,3}})\s*(?P<unit2>{AGE_UNIT})?\s*\+"
    rf"|(?:≥|>=|at least|aged?\s*(?:≥|>=))\s*(?P<min3>\d{{1,3}})\s*(?P<unit3>{AGE_UNIT})", _I)
AGE_MAX = re.compile(
    rf"(?:up to|≤|<=|no older than)\s*(?P<max>\d{{1,3}})\s*(?P<unit>{AGE_UNIT})"
    rf"|(?P<max2>\d{{1,3}})\s*(?P<unit2>{AGE_UNIT})\s*(?:or|and)\s*younger", _I)


@dataclass(frozen=True)
class AgeBound:
    years: float
    text: str  # "18 Years", as the page words it
    start: int  # where in the searched text
    end: int


def age_years(number: str, unit: str) -> float:
    singular = unit.lower().rstrip("s")
    factor = _UNIT_YEARS.get({"yr": "year"}.get(singular, singular), 1.0)
    return round(int(number) * factor, 2)


def age(text: str) -> AgeBound | None:
    """A single labelled age ("18 Years"); "N/A" and the like give None."""
    match = AGE_VALUE.fullmatch(text.strip())
    if not match:
        return None
    return AgeBound(age_years(match["n"], match["unit"]), match.group(), match.start(), match.end())


def age_limits(text: str) -> tuple[AgeBound | None, AgeBound | None]:
    """(minimum, maximum) from "18 to 75 years", "12 years and older", "up to 17 years"."""
    if match := AGE_RANGE.search(text):
        unit = match["unit"]
        low = AgeBound(age_years(match["min"], unit), f"{match['min']} {unit}", match.start("min"), match.end("min"))
        high = AgeBound(age_years(match["max"], unit), f"{match['max']} {unit}", match.start("max"), match.end())
        return low, high
    low = high = None
    if match := AGE_MIN.search(text):
        number = match["min"] or match["min2"] or match["min3"]
        unit = match["unit"] or match["unit2"] or match["unit3"] or "years"
        low = AgeBound(age_years(number, unit), f"{number} {unit}", match.start(), match.end())
    if match := AGE_MAX.search(text):
        number, unit = match["max"] or match["max2"], match["unit"] or match["unit2"]
        high = AgeBound(age_years(number, unit), f"{number} {unit}", match.start(), match.end())
    return low, high


# --------------------------------------------------------------------------- names of things

ORG_WORDS = re.compile(
    r"\b(?:hospitals?|h[oô]pital|clinics?|universit\w*|institut\w*|cent(?:er|re)s?|college|foundation|department|"
    r"school|inc|ltd|llc|gmbh|corp\w*|company|pharma\w*|therapeutics|biosciences?|biotech\w*|laborator\w*|"
    r"association|society|network|ministry|council|trust|health|medical|research|agency|nhs|infirmary)\b",
    _I,
)
PERSON_NAME = re.compile(
    r"(?:(?:Dr|Prof|Professor)\.?\s+)?(?P<name>[A-Z][A-Za-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'’-]+){1,3})"
    r"(?P<degrees>(?:\s*,\s*(?:M\.?D\.?|Ph\.?D\.?|M\.?P\.?H\.?|M\.?S\.?c?|R\.?N\.?|D\.?O\.?|MBBS|FRCP|PharmD|BSc|MSc|Dr))*)"
)
NOT_NAME_WORDS = re.compile(
    r"\b(?:investigators?|avatar|contacts?|principal|role|study|trial|team|sponsor|lead|primary|site|status|"
    r"phone|email|name|language|information|details|criteria|group|type|unknown)\b",
    _I,
)
TITLES_AND_DEGREES = re.compile(r"(?:Dr|Prof|Professor|MD|PhD|M\.D\.|Ph\.D\.)\.?", _I)


def person_name(text: str) -> str | None:
    """The line as a person's name ("Anthony Fernandez, MD"), or None when it is not one."""
    match = PERSON_NAME.fullmatch(text.strip())
    if not match or ORG_WORDS.search(text) or NOT_NAME_WORDS.search(match["name"]):
        return None
    return text.strip()


def is_organisation(text: str) -> bool:
    return bool(ORG_WORDS.search(text)) and len(text.split()) <= 14 and text[-1:] not in ".!?"


INTERVENTION_TYPES = frozenset({
    "DRUG", "DEVICE", "BIOLOGICAL", "PROCEDURE", "RADIATION", "BEHAVIORAL", "GENETIC", "DIETARY_SUPPLEMENT",
    "COMBINATION_PRODUCT", "DIAGNOSTIC_TEST", "OTHER",
})
ARM_TYPES = frozenset({
    "EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER",
})


def intervention_type(text: str) -> str | None:
    key = _enum_key(text).replace("BEHAVIOURAL", "BEHAVIORAL").replace("BIOLOGIC_", "BIOLOGICAL_")
    key = {"BIOLOGIC": "BIOLOGICAL", "PROCEDURE_SURGERY": "PROCEDURE"}.get(key, key)
    return key if key in INTERVENTION_TYPES else None


def arm_type(text: str) -> str | None:
    key = _enum_key(text).removesuffix("_ARM")
    return key if key in ARM_TYPES else None
