"""A registry record and a web page about the same trial, merged: the registry wins field by field.

A field the structured record leaves empty and the page states is taken from the page; its
provenance then reads ``webpage: <page source> line N, chars A-B`` (the page's own provenance,
prefixed), which is how a built page says which facts came from the web page
(:func:`fields_from_webpage`). No model field is added.

Some fields describe one fact together and are taken from one source as a unit (see
:data:`COUPLED`): a registry's criteria text is never patched with a page's criteria lists, an
age is never split between "18" from one source and "18 Years" from the other.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from summarizer.errors import RecordError
from summarizer.models import Trial

log = logging.getLogger(__name__)

WEBPAGE_PREFIX = "webpage: "
NESTED = ("design", "eligibility")
# Never taken from a page: identity, bookkeeping, and what only a registry can say.
KEPT = frozenset({"id", "nct_id", "source", "source_format", "provenance", "missing", "has_results", "design",
                  "eligibility"})
COUPLED: tuple[tuple[str, ...], ...] = (
    ("eligibility.criteria", "eligibility.inclusion", "eligibility.exclusion"),
    ("eligibility.min_age_years", "eligibility.min_age_text"),
    ("eligibility.max_age_years", "eligibility.max_age_text"),
    ("design.masking", "design.who_masked"),
    ("enrollment", "enrollment_type"),
    ("sponsor", "sponsor_class"),
)


def merge_trials(structured: Trial, web: Trial) -> Trial:
    """``structured`` with the fields only ``web`` states filled in, their provenance marked."""
    if web.source_format != "webpage" or structured.source_format == "webpage":
        raise RecordError(web.source, web.id, "merge takes a registry record and a web page, in that order")
    if not web.nct_id or web.nct_id != structured.nct_id:
        raise RecordError(web.source, web.id, f"the page is about {web.nct_id or 'no NCT ID'}, "
                                              f"not {structured.nct_id or 'a registered trial'}")
    taken = [path for group in _groups() if _all_empty(structured, group) and not _all_empty(web, group)
             for path in group if not _is_empty(_get(web, path))]
    updates: dict[str, Any] = {path: _get(web, path) for path in taken if "." not in path}
    for parent in NESTED:
        nested = {path.split(".", 1)[1]: _get(web, path) for path in taken if path.startswith(parent + ".")}
        if nested:
            updates[parent] = getattr(structured, parent).model_copy(update=nested)
    provenance = dict(structured.provenance)
    for key, where in web.provenance.items():
        if any(key == path or key.startswith((path + ".", path + "[")) for path in taken):
            provenance[key] = f"{WEBPAGE_PREFIX}{web.source} {where}"
    if taken:
        log.info("%s: took %s from the web page %s", structured.id, ", ".join(taken), web.source)
    return structured.model_copy(update={**updates, "provenance": provenance})


def merge_with_registry(trials: Iterable[Trial]) -> list[Trial]:
    """Fold each web page into the registry record with its NCT ID, when one is among the trials.

    Pages without a matching record stay as they are; the order of the input is kept.
    """
    trials = list(trials)
    record_of: dict[str, int] = {}
    for index, trial in enumerate(trials):
        if trial.source_format != "webpage" and trial.nct_id:
            record_of.setdefault(trial.nct_id, index)
    result, folded = list(trials), set()
    for index, trial in enumerate(trials):
        if trial.source_format == "webpage" and trial.nct_id in record_of:
            target = record_of[trial.nct_id]
            result[target] = merge_trials(result[target], trial)
            folded.add(index)
    return [trial for index, trial in enumerate(result) if index not in folded]


def fields_from_webpage(trial: Trial) -> list[str]:
    """The field paths (no list items) whose values came from a web page."""
    return sorted({key for key, where in trial.provenance.items()
                   if where.startswith(WEBPAGE_PREFIX) and "[" not in key})


def _groups() -> list[tuple[str, ...]]:
    coupled = {path for group in COUPLED for path in group}
    single = [(name,) for name in Trial.model_fields if name not in KEPT and name not in coupled]
    nested = [(f"{parent}.{name}",) for parent in NESTED
              for name in Trial.model_fields[parent].annotation.model_fields  # type: ignore[union-attr]
              if f"{parent}.{name}" not in coupled]
    return [*single, *nested, *COUPLED]


def _get(trial: Trial, path: str) -> Any:
    value: Any = trial
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _is_empty(value: Any) -> bool:
    if isinstance(value, BaseModel):
        return all(_is_empty(getattr(value, name)) for name in type(value).model_fields)
    return value is None or value == "" or value == []


def _all_empty(trial: Trial, group: tuple[str, ...]) -> bool:
    return all(_is_empty(_get(trial, path)) for path in group)
