"""Promotional or absolute claims (``claims.promotional``), from the reviewed list ``data/claims.yaml``.

Each sentence of every section is searched for the listed terms as whole words; a term is left
alone after a negation within ``window`` words ("no cure", "not proven") or after a framing word
anywhere earlier in its sentence: a question or a measure is not a claim ("to see if it will
work", "the study wants to measure how many people were cured"). A sentence ending in "?" is a
question too ("Does this drug cure diabetes?"), except for the terms of entries marked
``in_questions`` (promotional words: "Is this the miracle you waited for?"). Disclaimers are
policy text and are not searched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


from ..readability import TEXTS_REMEMBERED, words
from .base import CheckRun, quote
from ..yamlio import load_yaml


@dataclass(frozen=True)
class ClaimList:
    pattern: re.Pattern[str]
    reasons: dict[str, tuple[str, str]]  # lowercased term -> (reason, what to write instead)
    triggers: frozenset[str]  # the first word of every term: a sentence without one makes no claim
    negations: frozenset[str]  # within ``window`` words before a term
    framing: frozenset[str]  # anywhere before a term in its sentence
    window: int
    in_questions: frozenset[str]  # lowercased terms that are claims even in a question


@lru_cache(maxsize=1)
def claim_list() -> ClaimList:
    """The reviewed list, loaded once and compiled into one regex (longest terms first)."""
    data = load_yaml(resources.files("summarizer").joinpath("data/claims.yaml").read_text(encoding="utf-8"))
    reasons = {" ".join(term.lower().split()): (entry["reason"], entry.get("instead", ""))
               for entry in data["claims"] for term in entry["terms"]}
    alternatives = (r"\s+".join(re.escape(part) for part in term.split()) for term in sorted(reasons, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)
    triggers = frozenset(words(term)[0] for term in reasons)
    in_questions = frozenset(" ".join(term.lower().split()) for entry in data["claims"] if entry.get("in_questions")
                             for term in entry["terms"])
    return ClaimList(pattern, reasons, triggers, frozenset(str(n).lower() for n in data["negations"]),
                     frozenset(str(n).lower() for n in data["framing"]), int(data["window"]), in_questions)


@lru_cache(maxsize=TEXTS_REMEMBERED)
def claims_in(sentence: str) -> tuple[str, ...]:
    """The listed claims one sentence makes, as written, less those a negation or framing word precedes or a question asks."""
    claims = claim_list()
    question = sentence.rstrip(" \t\"'”’)").endswith("?")
    found = []
    for match in claims.pattern.finditer(sentence):
        if question and " ".join(match.group().lower().split()) not in claims.in_questions:
            continue
        before = [w.lower().replace("’", "'") for w in words(sentence[: match.start()])]
        if claims.negations.isdisjoint(before[-claims.window:]) and claims.framing.isdisjoint(before):
            found.append(match.group())
    return tuple(found)


def run(page: CheckRun) -> None:
    claims = claim_list()
    for prose in page.prose:
        for sentence in prose.sentences:
            if claims.triggers.isdisjoint(sentence.lowered):
                continue
            for claim in claims_in(sentence.text):
                reason, instead = claims.reasons[" ".join(claim.lower().split())]
                advice = f" Write instead: {instead}." if instead else ""
                page.report("claims.promotional", f"{quote(claim)} in {quote(sentence.text, 80)}: {reason}{advice}",
                            section=prose.section, near=claim, value=claim)
