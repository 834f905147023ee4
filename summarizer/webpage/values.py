"""Registry values as pages word them, normalised to the ClinicalTrials.gov API v2 spelling.

Each normaliser returns ``None`` for a value it does not recognise, which also tells the label
finder (:mod:`.layout`) that a line was not a label after all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

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


_ENROLLMENT = re.compile(r"(\d[\d,]*)(?:\s+(?:participants?|patients?|subjects?|people|persons?))?\b", _I)


def enrollment(text: str) -> int | None:
    """10 from "10 participants", 1200 from "1,200 (Estimated)"."""
    match = _ENROLLMENT.match(text.strip())
    return int(match.group(1).replace(",", "")) if match else None


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
