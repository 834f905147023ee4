"""What the section templates may say, derived from a Trial and nothing else.

Every value here is either a field of the record, a phrase-bank wording of a registry enum, or a
glossary explanation of a name the record holds. Templates only arrange these values; they never
add facts of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..glossary import Glossary
from ..glossary_coverage import explain_condition, explain_intervention
from ..models import Intervention, Person, Trial
from ..names import country_name, in_country, is_plural, natural_order
from .arms import Group, groups, has_comparison, tested_interventions
from .outcomes import aim, checked_within, main_measure
from .phrases import PhraseBank
from .wording import (OVER, age_range, end_wording, join_words, longest_duration, month_year, name_words, people,
                      same_person, size_wording, start_wording)

STOPPED = {"TERMINATED", "WITHDRAWN", "SUSPENDED"}
OPEN_TO_JOIN = frozenset({"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"})
MAX_SITES = 10
MAX_NAMED = 3
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Named:
    """A condition or intervention name with its plain explanation, when there is a faithful one."""

    name: str
    plain: str | None = None
    how: str | None = None  # "term", "part", "mesh", "ancestor", "type"
    term: str | None = None  # the glossary term that matched
    kind: str | None = None  # what sort of thing it is, from its type ("a medicine")

    @property
    def is_long(self) -> bool:
        """A name too long to read in a sentence; the page shows it with the record's own words."""
        return len(self.name.split()) > MAX_NAME_WORDS

    @property
    def label(self) -> str:
        """How sentences refer to it: the name, or for a long name what kind of thing it is."""
        return (self.kind or "something the record names in full below") if self.is_long else self.name

    @property
    def brief_label(self) -> str:
        """The last-resort ("minimal") way to refer to it: names over three words by their kind."""
        return self.name if len(self.name.split()) <= 3 else (self.kind or self.label)

    @property
    def description(self) -> str | None:
        """A short "what it is" to follow ``name:``; a part match is explained in its own sentence."""
        if self.is_long or self.how == "part":
            return self.kind if self.how == "part" else None
        if self.how == "ancestor" and self.plain:
            return "a type of " + _drop_article(self.plain)
        return self.plain or self.kind

    @property
    def explanation(self) -> str | None:
        """``X is a medicine ...``. A MeSH-ancestor match only says what kind of thing X is; a match
        on part of the name explains that part, not the whole ("Cystic fibrosis is ...")."""
        if not self.plain or self.is_long:
            return None
        verb = "are" if is_plural(self.name) else "is"  # "Helicobacter Infections are ..."
        if self.how == "ancestor":
            return _capital(f"{self.name} {verb} a type of {_drop_article(self.plain)}.")
        if self.how == "part" and self.term:
            return _capital(f"{self.term} is {self.plain}.")
        return _capital(f"{self.name} {verb} {self.plain}.")


def _drop_article(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first in ("a", "an") and rest else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class TrialFacts:
    trial: Trial
    tested: list[Named]
    tested_labels: list[str]  # how sentences name what is tested, without repeats
    conditions: list[Named]
    long_names: list[str]  # names shown in the record's own words, beside the summary
    explanations: list[str]  # "X is ..." at first use, each plain text once
    first_explanations: list[str]  # those of the first thing tested and the first condition
    count: int | None
    count_actual: bool
    size_said: str | None  # how many take part, in the status's tense (wording.size_wording)
    aim: str | None
    aim_is_plain: bool  # the aim comes from the glossary, not the record's own words
    main_measure: str | None  # the first primary outcome, to quote when the aim is not shown
    checked_within: str | None  # the primary outcome's longest time frame, e.g. "12 weeks"
    outlook: str
    outlook_short: str  # the same in the shortest words, for the "short" variant
    risks: list[str]
    risks_brief: list[str]  # the same, a stop reason pointed to instead of quoted (the shorter variants)
    groups: list[Group]
    has_placebo: bool
    allocation: str | None
    single_group: bool  # a single-group design that lists at most one group: everyone gets the same
    design_model: str | None  # how the groups are set up, when the record gives a plain one
    masking: str | None
    ages: str | None
    sex: str | None
    healthy: bool | None
    include_rules: list[str]
    exclude_rules: list[str]
    unmatched_criteria: int
    open_to_join: bool  # the study's status says it takes (or will take) people
    sites: list[str]
    more_sites: int
    countries: list[str]  # as a sentence says them after "in": "the United States", "France"
    sponsor: str | None  # the lead sponsor; a researcher's name in the record's fuller form
    sponsor_kind: str | None
    investigators: list[str]
    status: str | None
    phase: str | None
    study_type: str | None
    start: str | None
    start_said: str  # "The study started", "The study plans to start" ... (wording.start_wording)
    start_expected: bool
    end: str | None
    end_said: str
    end_expected: bool
    last_update: str | None
    observational: bool
    source: str  # what the page was made from: "study record" or "web page"
    names: list[str]  # the trial's own names and the words it quotes: scored fairly, never reworded


def _named(name: str, found: tuple | None, kind: str | None = None) -> Named:
    name = name.strip().rstrip(".,;:").strip()
    if found is None:
        return Named(name, kind=kind)
    entry, how = found
    return Named(name, entry.plain, how, entry.term, kind)


def _explanations(items: list[Named]) -> list[str]:
    """One sentence per plain text: two names the glossary explains alike share the first one."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.explanation and item.plain not in seen:
            seen.add(item.plain)
            out.append(item.explanation)
    return out


def _unique(items: list[Intervention]) -> list[Intervention]:
    seen: set[str] = set()
    return [i for i in items if not (i.name.casefold() in seen or seen.add(i.name.casefold()))]


TESTING_PHASES = frozenset({"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3"})


def _tests_unapproved_use(trial: Trial) -> bool:
    """Whether the record shows a medicine being tested for a use not yet approved: a drug, biological
    or gene treatment in a tested arm (not a placebo) of a phase 1-3 trial. A record with no phase
    (an old approved drug in a new setting, a device) or in phase 4 says nothing either way."""
    return bool(TESTING_PHASES & set(trial.phases)) and "PHASE4" not in trial.phases and any(
        item.type in ("DRUG", "BIOLOGICAL", "GENETIC") for item in tested_interventions(trial))


_CONTROL_WORDS = re.compile(r"placebo|controlled|\bsham\b|usual care|standard care|\bversus\b|\bvs\b|compar", re.I)


def _no_comparison(risk: dict[str, str], trial: Trial) -> list[str]:
    """What the record shows of a study with no comparison arm, and nothing when it shows too little.

    Legacy records often list no arms at all: a title such as "Placebo Controlled Study" then tells
    more than the (missing) arm types, so no lack of comparison is claimed. A single-group design has
    no group to compare with; several listed groups that each get something tested have no control group."""
    if _CONTROL_WORDS.search(" ".join(filter(None, [trial.brief_title, trial.official_title, *trial.keywords]))):
        return []
    if trial.design.intervention_model == "SINGLE_GROUP" or (trial.design.intervention_model is None
                                                             and len(trial.arms) == 1):
        return [risk["no_comparison"]]
    if len(trial.arms) >= 2:
        return [risk["no_control"]]
    return []


_REGISTRY_ID = re.compile(r"\bNCT\d{8}\b")


def _risks(bank: PhraseBank, trial: Trial, compared: bool, quote: bool = True) -> list[str]:
    """The limits and risks the record shows. ``quote``: the reason a study stopped in the record's
    words; else a pointer to it, for the shorter variants (the section's details then hold it)."""
    risk = bank.risk
    found: list[str] = []
    status = trial.overall_status
    # a reason naming another study's registry number stays in the record: a page names only its own
    quotable = trial.why_stopped and not (set(_REGISTRY_ID.findall(trial.why_stopped)) - {trial.nct_id})
    said = risk["reason"].format(reason=trial.why_stopped) if quote else risk["reason_below"]
    reason = f" {said}" if quotable else ""
    if status in ("WITHDRAWN", "SUSPENDED"):
        found.append(risk[status.lower()] + reason)
    elif status in STOPPED:
        found.append(risk["stopped"] + (reason if trial.why_stopped else " " + risk["stopped_no_reason"]))
    elif status == "UNKNOWN":
        found.append(risk["unknown_status"])
    if trial.enrollment is not None and 0 < trial.enrollment < 50:
        found.append(risk["small"].format(count=trial.enrollment))
    if trial.study_type == "OBSERVATIONAL":
        found.append(risk["observational"])
    else:
        if trial.interventions and not compared:
            found.extend(_no_comparison(risk, trial))
        if trial.design.masking == "NONE":
            found.append(risk["open_label"])
        if {"EARLY_PHASE1", "PHASE1"} & set(trial.phases):
            found.append(risk["early_phase"])
        elif "PHASE2" in trial.phases:
            found.append(risk["mid_phase"])
        if _tests_unapproved_use(trial):
            found.append(risk["investigational"])
    if trial.primary_outcomes:
        duration = longest_duration(trial.primary_outcomes[0].time_frame)
        if duration and duration[0] <= 12:
            found.append(risk["short_follow_up"].format(duration=duration[1]))
    if status in OVER:
        found.append(risk["results_posted"] if trial.has_results else risk["no_results"])
    found.append(risk["general"])
    return found


def _criteria(bank: PhraseBank, items: list[str], kind: str) -> tuple[list[str], int]:
    plain: list[str] = []
    unmatched = 0
    for item in items:
        for rule in bank.compiled_criteria[kind]:
            if rule.matches(item):
                if rule.text not in plain:
                    plain.append(rule.text)
                break
        else:
            unmatched += 1
    return plain, unmatched


def _site(bank: PhraseBank, location, open_to_join: bool) -> str | None:
    """A site's name and place, with its status only while the whole study takes people: a site
    status in a record not updated for years ("open to join" on an UNKNOWN study) is stale."""
    country = country_name(location.country) if location.country else None
    place = ", ".join(p for p in (location.city, location.state, country) if p)
    label = ", ".join(p for p in (location.facility, place) if p)
    if not label:
        return None
    status = bank.site_status.get(location.status or "") if open_to_join else None
    return f"{label} ({status})" if status else label


def _sponsor_and_investigators(trial: Trial) -> tuple[str | None, list[str]]:
    """The sponsor as the page names it, and the lead researchers "Name of Affiliation".

    The lead researchers are the officials in the principal investigator's role and the responsible
    party when that is a researcher (many records name their lead researcher only there). A sponsor
    that is that same researcher ("Arbelaez, Ana Maria") is named as the responsible party writes it
    ("Ana Maria Arbelaez"); an affiliation that is only the person's own name again is left out. One
    person named twice ("Steven B Carswell, Ph.D." and "Steven Carswell") is named once."""
    leads: list[Person] = []
    party = trial.responsible_investigator
    for person in [p for p in trial.officials if p.role == "PRINCIPAL_INVESTIGATOR"] + ([party] if party else []):
        if not any(same_person(person.name, lead.name) for lead in leads):  # the first, official entry stays
            leads.append(person)
    sponsor = trial.sponsor
    if party and sponsor and trial.sponsor_class == "INDIV" and name_words(sponsor) == name_words(party.name):
        sponsor = party.name
    investigators = [
        p.name + (f" of {p.affiliation}" if p.affiliation and name_words(p.affiliation) != name_words(p.name) else "")
        for p in leads
    ]
    return sponsor, investigators


# "Healthy" in a record's conditions says who may join, not an illness: who_can_join says that
_HEALTHY = re.compile(r"healthy(?:[ -](?:volunteers?|subjects?|participants?|adults?|people|persons?|individuals?"
                      r"|controls?))?", re.IGNORECASE)


def build_facts(trial: Trial, bank: PhraseBank, glossary: Glossary) -> TrialFacts:
    tested = [_named(item.name, explain_intervention(glossary, item, trial), bank.intervention_type.get(item.type or ""))
              for item in _unique(tested_interventions(trial))[:MAX_NAMED]]
    conditions = [_named(natural_order(name), explain_condition(glossary, name, trial), "a health condition")
                  for name in [c for c in trial.conditions if not _HEALTHY.fullmatch(c.strip())][:MAX_NAMED]]
    has_placebo = any(arm.type == "PLACEBO_COMPARATOR" for arm in trial.arms) or any(
        "placebo" in item.name.lower() for item in trial.interventions)
    compared = has_placebo or has_comparison(trial)
    condition_words = {"condition": "these conditions", "it": "them"} if len(conditions) > 1 else {
        "condition": "this condition", "it": "it"}
    purpose = "OBSERVATIONAL" if trial.study_type == "OBSERVATIONAL" else (trial.design.primary_purpose or "DEFAULT")
    outlook = bank.purpose_outlook.get(purpose, bank.purpose_outlook["DEFAULT"]).format(**condition_words)
    elig = trial.eligibility
    named_first = conditions if trial.study_type == "OBSERVATIONAL" else tested + conditions  # what the summary names
    include, unmatched_in = _criteria(bank, elig.inclusion, "include")
    exclude, unmatched_ex = _criteria(bank, elig.exclusion, "exclude")
    open_to_join = trial.overall_status in OPEN_TO_JOIN
    sites = [s for s in (_site(bank, loc, open_to_join) for loc in trial.locations[:MAX_SITES]) if s]
    countries = [in_country(c) for c in sorted({loc.country for loc in trial.locations if loc.country})]
    sponsor, investigators = _sponsor_and_investigators(trial)
    start_said, start_expected = start_wording(trial.start_date, trial.overall_status, trial.last_update)
    end_said, end_expected = end_wording(trial.completion_date or trial.primary_completion_date, trial.overall_status,
                                         trial.last_update)
    goal, measure = aim(glossary, trial), main_measure(trial)
    names = ([n.name for n in tested + conditions] + [measure or "", trial.why_stopped or ""] + [i.name for i in trial.interventions]
             + [a.label for a in trial.arms] + [g for arm in trial.arms for g in arm.intervention_names]
             + [trial.sponsor or ""] + trial.collaborators + [p.name for p in trial.officials]
             + [loc.facility or "" for loc in trial.locations[:MAX_SITES]])
    return TrialFacts(
        trial=trial,
        tested=tested,
        tested_labels=list(dict.fromkeys(n.label for n in tested)),
        conditions=conditions,
        long_names=[n.name for n in tested + conditions if n.is_long],
        explanations=_explanations(named_first),
        first_explanations=_explanations(named_first[:1] + conditions[:1]),
        count=trial.enrollment if trial.enrollment else None,
        count_actual=trial.enrollment_type == "ACTUAL",
        size_said=size_wording(trial.enrollment, trial.enrollment_type, trial.overall_status),
        aim=goal,
        aim_is_plain=aim(glossary, trial, plain_only=True) is not None,
        main_measure=measure,
        checked_within=checked_within(trial),
        outlook=outlook,
        outlook_short=bank.purpose_outlook["SHORT"].format(**condition_words),
        risks=_risks(bank, trial, compared),
        risks_brief=_risks(bank, trial, compared, quote=False),
        groups=groups(bank, trial.arms, trial.study_type == "OBSERVATIONAL"),
        has_placebo=has_placebo,
        allocation=bank.allocation.get(trial.design.allocation or ""),
        single_group=(trial.design.intervention_model == "SINGLE_GROUP" and len(trial.arms) <= 1
                      and trial.design.allocation != "RANDOMIZED"),
        design_model=bank.intervention_model.get(trial.design.intervention_model or ""),
        masking=bank.masking.get(trial.design.masking or ""),
        ages=age_range(elig.min_age_years, elig.max_age_years),
        sex=elig.sex,
        healthy=elig.healthy_volunteers,
        include_rules=include,
        exclude_rules=exclude,
        unmatched_criteria=unmatched_in + unmatched_ex,
        open_to_join=open_to_join,
        sites=sites,
        more_sites=max(0, len(trial.locations) - MAX_SITES),
        countries=countries,
        sponsor=sponsor,
        sponsor_kind=bank.sponsor_class.get(trial.sponsor_class or "") or None,
        investigators=investigators,
        status=bank.status.get(trial.overall_status or ""),
        phase=join_words([bank.phase[p] for p in trial.phases if p in bank.phase]) or None,
        study_type=bank.study_type.get(trial.study_type or ""),
        start=month_year(trial.start_date),
        start_said=start_said,
        start_expected=start_expected,
        end=month_year(trial.completion_date or trial.primary_completion_date),
        end_said=end_said,
        end_expected=end_expected,
        last_update=month_year(trial.last_update),
        observational=trial.study_type == "OBSERVATIONAL",
        source="web page" if trial.source_format == "webpage" and not trial.nct_id else "study record",
        names=[n for n in names if n],
    )


__all__ = ["TrialFacts", "Named", "Group", "build_facts", "people"]
