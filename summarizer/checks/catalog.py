"""Every check id with its default severity and what it looks for: the stable contract of ``check``.

Ids are ``family.name``; a configuration or suppression may name a whole family (``readability``)
to mean all its ids. A new check registers its ids here first.
"""
from __future__ import annotations

from typing import NamedTuple

from ..models import Severity


class CheckInfo(NamedTuple):
    severity: Severity
    summary: str


CHECKS: dict[str, CheckInfo] = {
    "readability.grade": CheckInfo("error", "Flesch-Kincaid grade of a prose section or of the page above max_grade"),
    "readability.smog": CheckInfo("warning", "SMOG grade above max_smog"),
    "readability.ease": CheckInfo("warning", "Flesch reading ease below min_reading_ease"),
    "readability.dale_chall": CheckInfo("warning", "Dale-Chall score above max_dale_chall"),
    "sentence.length": CheckInfo("warning", "a sentence longer than max_sentence_words"),
    "paragraph.length": CheckInfo("warning", "a paragraph of more than max_paragraph_sentences sentences"),
    "passive.voice": CheckInfo("warning", "a passive verb that does not say who does it"),
    "jargon.term": CheckInfo("warning", "a medical or research word not explained where it first appears"),
    "jargon.abbreviation": CheckInfo("warning", "an abbreviation not spelled out where it first appears"),
    "faithfulness.number": CheckInfo("error", "a number the record does not hold"),
    "faithfulness.date": CheckInfo("error", "a date the record does not hold"),
    "faithfulness.name": CheckInfo("error", "a drug, condition, place or organisation the record does not name"),
    "faithfulness.person": CheckInfo("error", "a person the record does not name"),
    "faithfulness.id": CheckInfo("error", "a registry id (NCT number) that is not the record's"),
    "faithfulness.not_run": CheckInfo("info", "no record facts to check against (hand-written .md/.html page)"),
    "placeholder.template": CheckInfo("error", "template syntax left in the text: {{ }}, {% %}, {SITE_NAME}, %s, %(name)s"),
    "placeholder.value": CheckInfo("error", "a missing value printed as None, null, nan or undefined where a value would stand"),
    "placeholder.leftover": CheckInfo("error", "editing leftovers: TODO, FIXME, TBD, lorem ipsum, masked •••, [PHONE]-style slots"),
    "claims.promotional": CheckInfo("error", "a promotional or absolute claim from the reviewed list (data/claims.yaml)"),
    "disclaimer.missing": CheckInfo("error", "a required disclaimer is absent"),
    "disclaimer.link": CheckInfo("error", "the may_miss_details disclaimer does not link the record's registry page"),
    "section.missing": CheckInfo("error", "a required section is absent"),
    "section.empty": CheckInfo("error", "a required section has no text"),
    "suppression.unknown": CheckInfo("warning", "a suppression names a check id that does not exist"),
    "check.unreadable": CheckInfo("error", "the file could not be read as a page"),
}

FAMILIES = frozenset(check_id.split(".")[0] for check_id in CHECKS)


def is_known(check_id: str) -> bool:
    """True for a check id, a family of ids, or ``all``."""
    return check_id in CHECKS or check_id in FAMILIES or check_id == "all"


def matches(check_id: str, selector: str) -> bool:
    """Does ``selector`` (an id, a family or ``all``) cover ``check_id``?"""
    return selector == check_id or selector == "all" or check_id.startswith(selector + ".")
