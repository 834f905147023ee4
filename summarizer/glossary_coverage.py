"""Explaining the conditions and interventions a trial names, and measuring how many get explained.

Issue 4 asks that at least 90% of them get a plain "what it is" at first use. The drafter and
the measure share :func:`explain_condition` and :func:`explain_intervention`, so the figure is
what pages say; :func:`measure` runs on any records the readers take, so it holds for records
nobody tuned the glossary to. See :mod:`summarizer.glossary` for how to phrase each match kind.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import RecordError
from summarizer.extract import extract
from summarizer.glossary import Explanation, Glossary, GlossaryEntry, normalise
from summarizer.models import Intervention, Trial
from summarizer.names import natural_order
from summarizer.readers import read_paths

# Research words that name something a person gets (the rest, "double-blind", "dose", "open
# label", describe a design and say nothing about what an intervention is).
INTERVENTION_RESEARCH_TERMS = frozenset({
    "placebo", "sham", "usual care", "best supportive care", "no intervention", "waiting list",
    "investigational drug", "biopsy", "questionnaire", "interview", "diary",
})

log = logging.getLogger(__name__)

_COMBINATION = re.compile(r"\+|&|/|,|\b(?:and|with|plus)\b", re.IGNORECASE)


def is_condition(entry: GlossaryEntry) -> bool:
    return entry.kind == "condition"


def is_intervention(entry: GlossaryEntry) -> bool:
    return entry.kind in ("drug_class", "route") or entry.term in INTERVENTION_RESEARCH_TERMS


def mesh_for(
    name: str, names: Iterable[str], mesh_terms: Iterable[str], ancestors: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """The record-wide MeSH terms and ancestors that can faithfully explain ``name``.

    A record lists MeSH terms and ancestors for all its conditions (or interventions) at once,
    with no link back to the names. When ``name`` is the record's only name, all of them belong
    to it; otherwise only MeSH terms sharing a word stem with it, and the ancestors only when
    every MeSH term of the record belongs to it ("sharing" meaning at least half their word stems
    in common: "Lymphomatoid Granulomatosis" is not "Leukemia, Lymphoid"). Terms closest to the name come first; ancestors
    sharing a stem with the name or its terms, if any, are kept alone, because MeSH files a
    heading under several branches ("Spondylitis" also sits under "Infections").
    """
    names, mesh_terms, ancestors = list(names), list(mesh_terms), list(ancestors)
    stems = _stems(name)
    ranked = sorted(mesh_terms, key=lambda m: -_likeness(stems, _stems(m)))
    if len({normalise(n) for n in names} | {normalise(name)}) > 1:
        ranked = [m for m in ranked if _likeness(stems, _stems(m)) >= 0.5]
        if len(ranked) < len(mesh_terms):
            ancestors = []
    near = stems.union(*map(_stems, ranked))
    close = [a for a in ancestors if near & _stems(a)]
    return ranked, close or ancestors


_GENERIC_STEMS = frozenset({"disea", "disor", "syndr", "condi", "agent", "inhib", "antag", "agoni", "thera"})


def _likeness(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _stems(text: str) -> set[str]:
    return {word[:5] for word in normalise(text).split() if len(word) > 3} - _GENERIC_STEMS


def explain_condition(glossary: Glossary, name: str, trial: Trial) -> Explanation | None:
    """One of ``trial.conditions`` through condition entries (its name, the record's MeSH lists),
    else any entry the whole name is ("Healthy" -> healthy volunteer), else any part of it that
    is not a research word. An inverted name ("Neoplasms, Breast") is first looked up whole in
    natural order ("Breast Neoplasms" -> breast cancer)."""
    natural = natural_order(name)
    if natural != name and (entry := glossary.lookup(natural)) is not None and is_condition(entry):
        return entry, "term"
    mesh, ancestors = mesh_for(name, trial.conditions, trial.condition_mesh, trial.condition_mesh_ancestors)
    found = glossary.explain(name, mesh, ancestors, accept=is_condition)
    if found is None and (entry := glossary.lookup(name)) is not None:
        return entry, "term"
    if found is None:  # a procedure, body part or test named as the condition ("Hip Replacement")
        found = glossary.explain(name, accept=lambda entry: entry.kind != "research")
    return found


def explain_intervention(glossary: Glossary, intervention: Intervention, trial: Trial) -> Explanation | None:
    """One of ``trial.interventions``: its name, the record's MeSH lists, its other names, and
    last its type ("DRUG" -> "a medicine")."""
    names = [i.name for i in trial.interventions]
    mesh, ancestors = mesh_for(intervention.name, names, trial.intervention_mesh, trial.intervention_mesh_ancestors)
    if _COMBINATION.search(intervention.name) and len({glossary.by_mesh([m]) for m in mesh} - {None}) > 1:
        mesh, ancestors = [], []  # "gemcitabine and bevacizumab": no one group says what it is
    found = glossary.explain(intervention.name, mesh, ancestors, accept=is_intervention)
    for other in intervention.other_names if found is None else ():
        entry = glossary.lookup(other)
        if entry is not None and is_intervention(entry):
            return entry, "term"
    if found is None and (entry := glossary.by_type(intervention.type)) is not None:
        return entry, "type"
    return found


@dataclass
class Tally:
    """Named items of one sort (conditions or interventions) and how each was explained."""

    named: int = 0
    how: Counter = field(default_factory=Counter)  # match kind -> count
    missed: Counter = field(default_factory=Counter)  # name -> count

    @property
    def explained(self) -> int:
        return sum(self.how.values())

    @property
    def share(self) -> float:
        return self.explained / self.named if self.named else 1.0

    def add(self, name: str, found: tuple | None) -> None:
        self.named += 1
        if found is None:
            self.missed[name] += 1
        else:
            self.how[found[1]] += 1


@dataclass
class Coverage:
    records: int = 0
    conditions: Tally = field(default_factory=Tally)
    interventions: Tally = field(default_factory=Tally)

    @property
    def share(self) -> float:
        """Conditions and interventions together, each named item counting once."""
        named = self.conditions.named + self.interventions.named
        explained = self.conditions.explained + self.interventions.explained
        return explained / named if named else 1.0


def measure(glossary: Glossary, trials: Iterable[Trial]) -> Coverage:
    coverage = Coverage()
    for trial in trials:
        coverage.records += 1
        for name in trial.conditions:
            coverage.conditions.add(name, explain_condition(glossary, name, trial))
        for intervention in trial.interventions:
            coverage.interventions.add(intervention.name, explain_intervention(glossary, intervention, trial))
    return coverage


def trials_in(paths: Iterable[str | Path] | str | Path) -> Iterator[Trial]:
    """The trials of files, directories and archives; unreadable records are logged and skipped."""
    for item in read_paths(paths):
        if isinstance(item, RecordError):
            log.warning("%s", item)
            continue
        try:
            yield extract(item)
        except RecordError as exc:
            log.warning("%s", exc)
