"""What a study measures, from its first primary outcome: its aim in plain words when there is a
faithful one, else the measure quoted in the record's own words."""
from __future__ import annotations

import re

from ..glossary import Glossary
from ..models import Trial
from .wording import longest_duration

MEASURE_VERBS = frozenset({"assess", "compare", "determine", "estimate", "evaluate", "examine", "find", "identify",
                           "investigate", "learn", "measure", "see", "study", "test", "understand"})
GENERIC_MEASURES = frozenset({"primary outcome", "primary outcomes", "primary outcome measure", "outcome", "outcomes",
                              "efficacy", "primary endpoint", "endpoint", "tbd", "to be determined"})
MAX_AIM_WORDS = 12
MAX_QUOTE_WORDS = 20  # a longer measure is quoted up to QUOTE_CUT words and an ellipsis
QUOTE_CUT = 15
# "Primary Outcomes: Feasibility of ..." -- a label, not the measure
_LABEL = re.compile(r"^\s*(?:primary\s+(?:study\s+)?(?:outcomes?|end\s*points?)(?:\s+measures?)?|measure)\s*:\s*",
                    re.IGNORECASE)


def _measure(trial: Trial) -> str | None:
    """The first primary outcome's measure without a leading "Primary outcome(s):" label."""
    if not trial.primary_outcomes:
        return None
    measure = " ".join(trial.primary_outcomes[0].measure.split())
    return _LABEL.sub("", measure, count=1) or measure


def aim(glossary: Glossary, trial: Trial, plain_only: bool = False) -> str | None:
    """What the study wants to find out: the glossary's plain aim for a named measure, else (unless
    ``plain_only``) a short measure in the record's own words ("to measure ...")."""
    measure = _measure(trial)
    if measure is None:
        return None
    for entry, _start, _end in glossary.find_terms(measure):
        if entry.kind == "measure" and entry.aim:
            return f"to see if it changes {entry.aim}"
    if plain_only:
        return None
    short = _untitle(measure.split(" (")[0].split(": ")[0].strip().rstrip("."))
    words = short.split()
    if not words or len(words) > MAX_AIM_WORDS or short.lower() in GENERIC_MEASURES:
        return None
    if words[0].lower() == "to" and len(words) > 1:
        words = words[1:]
    if words[0].lower() in MEASURE_VERBS:
        return "to " + " ".join([words[0].lower()] + words[1:])
    return f"to measure {' '.join(words)}"


def main_measure(trial: Trial) -> str | None:
    """The first primary outcome's measure as the page quotes it: the record's words, a long one cut
    after QUOTE_CUT words with an ellipsis, without a closing full stop (the page's sentence ends it)."""
    measure = _measure(trial)
    if measure is None or measure.lower().rstrip(".") in GENERIC_MEASURES:
        return None
    words = measure.split()
    if len(words) > MAX_QUOTE_WORDS:
        return " ".join(words[:QUOTE_CUT]).rstrip(",;:-(") + "…"
    return measure.rstrip(" .;:")


def checked_within(trial: Trial) -> str | None:
    """The first primary outcome's longest time frame, e.g. "12 weeks"."""
    if not trial.primary_outcomes:
        return None
    duration = longest_duration(trial.primary_outcomes[0].time_frame)
    return duration[1] if duration else None


def _untitle(text: str) -> str:
    """``Percentage of Participants With a Response`` -> ``percentage of participants with a response``;
    acronyms and mixed-case names (HbA1c, EASI) stay as they are."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in text.split(" "))
