"""Registry names as a sentence reads them: MeSH-style inverted names in natural order, plural
names, country names.

Only the record's own words are used: a name is reordered, a country gains "the" where English
says it ("in the United States"), never a word the record lacks (hence "the Republic of Korea",
not "South Korea").
"""
from __future__ import annotations

import re

_MAX_PARTS = 3
_MAX_HEAD_WORDS = 2  # "Diabetes Mellitus, Type 2"; "Acute Bronchial Obstruction, Asthma" is a list
_MAX_MODIFIER_WORDS = 3
_NOT_INVERTED = re.compile(r"\band\b|\bor\b|&|[();:/]", re.I)
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")  # "Diabetes, NOS", "Cholesterol, LDL", "..., COPD"
_DIGITS = re.compile(r"^[\d.\s-]+$")
# Words after the comma that name people or another condition, not a kind of the first part.
_NOT_MODIFIERS = frozenset({"patients", "people", "subjects", "participants", "volunteers", "children", "adults",
                            "asthma", "angina", "dwarfism", "ventricle"})

# Words ending in -s that are one thing: "Diabetes is", "Caries is".
_SINGULAR_S = frozenset({"herpes", "rabies", "scabies", "caries", "measles", "mumps", "rickets", "shingles",
                         "series", "species", "news", "lens", "aids", "ascites", "fungoides"})
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "os", "ys", "ics", "diabetes")


def natural_order(name: str) -> str:
    """``Carcinoma, Hepatocellular`` -> ``Hepatocellular Carcinoma``; ``Rhinitis, Allergic, Perennial``
    -> ``Perennial Allergic Rhinitis``. A name that does not look inverted (a list of conditions,
    a long phrase, an acronym or a number after the comma) stays as it is."""
    parts = [part.strip() for part in name.split(",")]
    if not 2 <= len(parts) <= _MAX_PARTS or _NOT_INVERTED.search(name) or any(not part for part in parts):
        return name
    head, modifiers = parts[0], parts[1:]
    if len(head.split()) > _MAX_HEAD_WORDS:
        return name
    for part in modifiers:
        words = part.split()
        if (len(words) > _MAX_MODIFIER_WORDS or _DIGITS.match(part) or any(_ACRONYM.match(w) for w in words)
                or any(w.lower() in _NOT_MODIFIERS for w in words)):
            return name
    return " ".join(reversed(parts))


def is_plural(name: str) -> bool:
    """Whether a name's head noun (its last word) is plural: ``Helicobacter Infections``, ``Neoplasms``,
    ``Injuries``; not ``Diabetes``, ``Psoriasis``, ``Lupus``, ``Stress`` or an acronym (``AIDS``)."""
    words = name.split()
    if not words or re.search(r"\bof\b|;", name):  # "Rupture of Membranes": the head comes first
        return False
    last = words[-1].strip(".,;:")
    word = last.lower()
    return (len(word) > 3 and word.endswith("s") and not _ACRONYM.match(last)
            and not word.endswith(_SINGULAR_ENDINGS) and word not in _SINGULAR_S)


def country_name(name: str) -> str:
    """``Korea, Republic of`` -> ``Republic of Korea``; ``Congo, The Democratic Republic of the`` ->
    ``Democratic Republic of the Congo``: the registry's inverted country names, reordered."""
    country, comma, rest = name.partition(", ")
    if not comma or not re.search(r"\bof(?: the)?$", rest, re.I):
        return name
    rest = re.sub(r"^the\s+", "", rest, flags=re.I)
    return f"{rest} {country}"


_WITH_THE = re.compile(
    r"^(?:united\b|netherlands$|philippines$|gambia$|bahamas$|maldives$|comoros$|seychelles$)"
    r"|\b(?:republic|federation|kingdom|states|islands|emirates)\b", re.I)


def in_country(name: str) -> str:
    """The country as a sentence says it after "in": ``the United States``, ``the Netherlands``,
    ``the Republic of Korea``, ``France``."""
    name = country_name(name)
    return f"the {name}" if _WITH_THE.search(name) else name
