"""Probable duplicates: inputs that look like the same study, flagged with evidence, never merged.

Two trials are compared only when at least one has no NCT ID or both come from web pages (two
registry records are distinct registrations), and only when they share an intervention and a
condition. Blocking makes that cheap at registry scale: an inverted index maps each
(intervention, condition head word) key to the trials carrying it, and a pair is scored only
inside a block that holds a web page or a record without an NCT ID, so registry records are
never compared with one another.

A pair is a probable duplicate at :data:`THRESHOLD` points: a shared intervention (2) and a
shared condition (2) are required, and at least one more shared fact must back them (1 each):
an organisation (sponsor, collaborator, site, investigator's institution), a stated strength or
dose ("1.5%"), the phase, the enrollment. Two web pages naming the same NCT ID are always
flagged. A contradiction rules a pair out: different NCT IDs, different enrollments, or phases
that do not overlap.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from summarizer.models import Trial

THRESHOLD = 5
GENERIC_INTERVENTIONS = frozenset({
    "placebo", "vehicle", "standard of care", "usual care", "saline", "sham", "control", "no intervention",
    "observation", "best supportive care", "questionnaire", "survey",
})
CONDITION_QUALIFIERS = frozenset({
    "refractory", "relapsed", "recurrent", "moderate", "severe", "mild", "chronic", "active", "adult", "adults",
    "pediatric", "paediatric", "childhood", "to",
})
FORM_WORDS = re.compile(
    r"\b(?:drug|biological|device|topical|oral|intravenous|iv|subcutaneous|cream|ointment|gel|foam|lotion|tablets?|"
    r"capsules?|injection|infusion|solution|spray|patch|suspension)\b"
)
STRENGTH = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|mg|mcg|µg|g|ml|iu)(?:\s*/\s*(?:day|d|kg|m2|week|dose))?(?!\w)", re.I)
PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
NON_WORD = re.compile(r"[^a-z0-9]+")
ORGANISATION_ROLES = ("site", "sponsor", "collaborator", "investigator's institution")


class DuplicateGroup(BaseModel):
    """Trials (by id, sorted) that probably describe one study, and why we think so."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ids: list[str]
    evidence: list[str]


@dataclass(frozen=True)
class _Keys:
    """What one trial is compared by, normalised once."""

    interventions: dict[str, str]  # key -> name as the trial words it
    conditions: dict[tuple[str, ...], str]  # words -> term as the trial words it
    organisations: dict[str, tuple[str, str]]  # key -> (name, role)
    strengths: frozenset[str]


def find_probable_duplicates(trials: Iterable[Trial]) -> list[DuplicateGroup]:
    trials = list(trials)
    keys = [_keys(trial) for trial in trials]
    parent = list(range(len(trials)))
    evidence: dict[int, set[str]] = defaultdict(set)
    for first, second in sorted(_candidate_pairs(trials, keys)):
        found = _evidence(trials[first], trials[second], keys[first], keys[second])
        if found is None:
            continue
        root_a, root_b = _root(parent, first), _root(parent, second)
        parent[max(root_a, root_b)] = min(root_a, root_b)
        evidence[first] |= found
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(trials)):
        groups[_root(parent, index)].append(index)
    return sorted(
        (DuplicateGroup(ids=sorted(trials[i].id for i in members),
                        evidence=sorted(set().union(*(evidence[i] for i in members))))
         for members in groups.values() if len(members) > 1),
        key=lambda group: group.ids,
    )


def candidate_pairs(trials: list[Trial]) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same block, at least one side open to comparison, eligible."""
    return _candidate_pairs(trials, [_keys(trial) for trial in trials])


def _candidate_pairs(trials: list[Trial], keys: list[_Keys]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, (trial, trial_keys) in enumerate(zip(trials, keys, strict=True)):
        for block in _blocks(trial, trial_keys):
            blocks[block].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for index in (i for i in members if _is_open(trials[i])):
            pairs.update((min(index, other), max(index, other)) for other in members
                         if other != index and _comparable(trials[index], trials[other]))
    return pairs


def _is_open(trial: Trial) -> bool:
    return trial.nct_id is None or trial.source_format == "webpage"


def _comparable(a: Trial, b: Trial) -> bool:
    return a.nct_id is None or b.nct_id is None or (a.source_format == b.source_format == "webpage")


def _blocks(trial: Trial, keys: _Keys) -> set[str]:
    blocks = {f"{drug}|{words[-1]}" for drug in keys.interventions for words in keys.conditions}
    if trial.nct_id and trial.source_format == "webpage":
        blocks.add(f"nct|{trial.nct_id}")
    return blocks


def _evidence(a: Trial, b: Trial, keys_a: _Keys, keys_b: _Keys) -> set[str] | None:
    """The shared facts of a pair when they reach the threshold and nothing contradicts them."""
    if a.nct_id and b.nct_id:
        return {f"same NCT ID: {a.nct_id}"} if a.nct_id == b.nct_id else None
    if a.enrollment is not None and b.enrollment is not None and a.enrollment != b.enrollment:
        return None
    if a.phases and b.phases and not set(a.phases) & set(b.phases):
        return None
    drugs = sorted(keys_a.interventions.keys() & keys_b.interventions.keys())
    conditions = sorted(_shared_conditions(keys_a.conditions, keys_b.conditions))
    if not drugs or not conditions:
        return None
    found = {f"same intervention: {drug}" for drug in drugs} | {f"same condition: {c}" for c in conditions}
    support = {f"same strength: {s}" for s in sorted(keys_a.strengths & keys_b.strengths)}
    for key in sorted(keys_a.organisations.keys() & keys_b.organisations.keys()):
        (name, role_a), (_, role_b) = keys_a.organisations[key], keys_b.organisations[key]
        support.add(f"same organisation: {name} ({role_a} / {role_b})")
    if a.phases and set(a.phases) & set(b.phases):
        support.add(f"same phase: {', '.join(sorted(set(a.phases) & set(b.phases)))}")
    if a.enrollment is not None and a.enrollment == b.enrollment:
        support.add(f"same enrollment: {a.enrollment}")
    return found | support if 2 + 2 + len(support) >= THRESHOLD else None


def _shared_conditions(a: dict[tuple[str, ...], str], b: dict[tuple[str, ...], str]) -> set[str]:
    """Conditions where one term's words end the other's: "dermatomyositis" ~ "cutaneous dermatomyositis"."""
    shared = set()
    for words_a in a:
        for words_b in b:
            shorter, longer = sorted((words_a, words_b), key=len)
            if longer[-len(shorter):] == shorter:
                shared.add(" ".join(shorter))
    return shared


def _keys(trial: Trial) -> _Keys:
    interventions: dict[str, str] = {}
    for intervention in trial.interventions:
        for name in (intervention.name, *intervention.other_names):
            if key := _intervention_key(name):
                interventions.setdefault(key, name)
    conditions = {words: term for term in trial.conditions if (words := _condition_words(term))}
    organisations: dict[str, tuple[str, str]] = {}
    named = [(location.facility, "site") for location in trial.locations if location.facility]
    named += [(trial.sponsor, "sponsor")] if trial.sponsor else []
    named += [(name, "collaborator") for name in trial.collaborators]
    named += [(person.affiliation, "investigator's institution") for person in trial.officials if person.affiliation]
    for name, role in named:
        for part in [name, *name.split(",")[1:]]:  # "Department of X, Some Hospital" also names the hospital
            display = re.sub(r"^the\s+", "", part.strip(), flags=re.I)
            if key := NON_WORD.sub(" ", display.lower()).strip():
                organisations.setdefault(key, (display, role))
    texts = [text for i in trial.interventions for text in (i.name, i.description or "")]
    texts += [arm.description or "" for arm in trial.arms]
    strengths = frozenset(re.sub(r"\s+", "", m.group().lower()) for text in texts for m in STRENGTH.finditer(text))
    return _Keys(interventions, conditions, organisations, strengths)


def _intervention_key(name: str) -> str:
    text = PARENTHESES.sub(" ", name.lower())
    text = FORM_WORDS.sub(" ", STRENGTH.sub(" ", text))
    key = NON_WORD.sub(" ", text).strip()
    return "" if key in GENERIC_INTERVENTIONS else key


def _condition_words(term: str) -> tuple[str, ...]:
    return tuple(word for word in NON_WORD.sub(" ", term.lower()).split() if word not in CONDITION_QUALIFIERS)


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index
