"""The study's groups (arms) as the page lists them, and which of the record's interventions the
study tests rather than compares with."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Arm, Intervention, Trial
from .phrases import PhraseBank
from .wording import without_enumerators

TESTED_ARM_TYPES = {"EXPERIMENTAL", "OTHER", None}
# CONTROL is the drafter's own type: an OTHER (or untyped) arm the record calls a control group
COMPARISON_ARM_TYPES = {"PLACEBO_COMPARATOR", "ACTIVE_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "CONTROL"}
_CONTROL_ARM = re.compile(r"\bcontrols?\b|usual care|standard(?: of)? care|\bsham\b|wait[- ]?list|waiting list", re.I)
_NUMBER_ONLY = re.compile(r"(\d+)[.):]?")


@dataclass(frozen=True)
class Group:
    label: str
    role: str
    gets: list[str] = field(default_factory=list)


def arm_type(arm: Arm) -> str | None:
    """The arm's type, with an OTHER or untyped arm whose label or description says control, usual
    care, standard (of) care, sham or waitlist taken as a comparison group ("CONTROL")."""
    if arm.type in (None, "OTHER") and _CONTROL_ARM.search(" ".join(filter(None, [arm.label, arm.description]))):
        return "CONTROL"
    return arm.type


def tested_interventions(trial: Trial) -> list[Intervention]:
    """The interventions of the arms that get what the study tests, leaving out placebos and what
    only a control group gets; all the others when the record links none of them to a tested arm."""
    tested_labels = {arm.label for arm in trial.arms if arm_type(arm) in TESTED_ARM_TYPES}
    control_labels = {arm.label for arm in trial.arms if arm_type(arm) == "CONTROL"}
    candidates = [item for item in trial.interventions if "placebo" not in item.name.lower()
                  and not (item.arm_labels and set(item.arm_labels) <= control_labels)]
    chosen = [item for item in candidates
              if not tested_labels or not item.arm_labels or tested_labels & set(item.arm_labels)]
    return chosen or candidates


def has_comparison(trial: Trial) -> bool:
    return any(arm_type(arm) in COMPARISON_ARM_TYPES for arm in trial.arms)


def groups(bank: PhraseBank, arms: list[Arm], observational: bool = False) -> list[Group]:
    """Each arm's label, role and what it gets; a label that is only a number ("1", "2:") as "Group 1".
    An observational study's groups (cohorts) are groups the researchers watch, unless the record
    calls one a control group."""
    found = []
    for arm, label in zip(arms, without_enumerators([arm.label for arm in arms])):
        gets = [name.split(": ", 1)[-1] for name in arm.intervention_names]
        kind = arm_type(arm) or "OTHER"
        if observational and kind == "OTHER":
            kind = "OBSERVED"
        if gets and all("placebo" in name.lower() for name in gets):
            kind, gets = "PLACEBO_COMPARATOR", []  # some records mark a placebo-only arm EXPERIMENTAL
        number = _NUMBER_ONLY.fullmatch(label.strip())
        found.append(Group(f"Group {number.group(1)}" if number else label,
                           bank.arm_type.get(kind, bank.arm_type["OTHER"]), gets))
    return found
