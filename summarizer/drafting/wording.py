"""Small pure helpers that say registry values the way lay readers read them."""
from __future__ import annotations

import re

from ..models import DateInfo

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_DURATION = re.compile(
    r"\b(?:(\d+(?:\.\d+)?)[\s-]*(day|week|month|year)s?|(day|week|month|year)\s+(\d+(?:\.\d+)?))\b", re.IGNORECASE
)
_UNIT_WEEKS = {"day": 1 / 7, "week": 1.0, "month": 4.345, "year": 52.18}


def join_words(items: list[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``: the plain-English list."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def people(count: int) -> str:
    """``1 person``, ``15 people``, ``1,200 people``."""
    return "1 person" if count == 1 else f"{count:,} people"


def month_year(date: DateInfo | None) -> str | None:
    """``June 2026`` from ``2026-06`` or ``2026-06-25``; None when there is no usable date."""
    if date is None:
        return None
    parts = date.date.split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return parts[0] if parts and parts[0].isdigit() else None
    if not 1 <= month <= 12:
        return str(year)
    return f"{MONTHS[month - 1]} {year}"


def full_date(date: DateInfo | None) -> str | None:
    """``25 June 2026`` when the record gives a day, else ``June 2026``."""
    if date is None:
        return None
    parts = date.date.split("-")
    if len(parts) == 3 and parts[2].isdigit():
        return f"{int(parts[2])} {month_year(date)}"
    return month_year(date)


def age_years(value: float) -> str:
    """Whole years as ``18``; under a year as months (``6 months``)."""
    if value < 1:
        months = round(value * 12)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{value:g}" if value != int(value) else str(int(value))


def age_range(minimum: float | None, maximum: float | None) -> str | None:
    """``aged 18 to 75``, ``aged 18 and older``, ``up to 17 years old``; None when neither is set."""
    if minimum is not None and maximum is not None:
        return f"aged {age_years(minimum)} to {age_years(maximum)}"
    if minimum is not None:
        return f"aged {age_years(minimum)} and older"
    if maximum is not None:
        return f"aged up to {age_years(maximum)}"
    return None


def longest_duration(text: str | None) -> tuple[float, str] | None:
    """The longest ``N weeks/months/...`` mentioned in a time frame, as (weeks, words as written)."""
    if not text:
        return None
    best: tuple[float, str] | None = None
    for match in _DURATION.finditer(text):
        written = match.group(1) or match.group(4)
        unit = (match.group(2) or match.group(3)).lower()
        weeks = float(written) * _UNIT_WEEKS[unit]
        if best is None or weeks > best[0]:
            plural = "" if float(written) == 1 else "s"
            best = (weeks, f"{written} {unit}{plural}")
    return best


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\"" else text + "."


# Statuses that mean the study has begun, and those that mean it is over.
BEGUN = frozenset({"RECRUITING", "ACTIVE_NOT_RECRUITING", "ENROLLING_BY_INVITATION", "SUSPENDED", "COMPLETED",
                   "TERMINATED"})
OVER = frozenset({"COMPLETED", "TERMINATED"})


def _last_said(date: DateInfo | None, status: str | None, last_update: DateInfo | None) -> bool:
    """Whether an expected date is only what the record last said: the status is UNKNOWN (no one
    has checked the record for years), or the date was already past when the record was last updated."""
    return status == "UNKNOWN" or bool(date and last_update and date.date[:7] < last_update.date[:7])


def start_wording(date: DateInfo | None, status: str | None,
                  last_update: DateInfo | None = None) -> tuple[str, bool]:
    """How to say the start date ("The study started", "The study plans to start" ...), to be
    followed by "in <month year>", and whether the date is only expected.

    Older records give no date type; when the study's status says it has begun, its start date is
    the real one. A date the record marks as estimated stays estimated, said in the past tense
    once the study is over (never "plans to start" on a study that ended years ago), as what the
    record last said when no one has kept the record up to date, and in the active voice (the
    passive-voice check would flag "was planned to start")."""
    kind = date.type if date else None
    if kind == "ACTUAL" or (kind is None and status in BEGUN):
        return "The study started", False
    if status == "WITHDRAWN" or status in OVER:
        return "The study had planned to start", True
    if _last_said(date, status, last_update):
        return "The record last said the study would start", True
    return "The study plans to start", True


def end_wording(date: DateInfo | None, status: str | None, last_update: DateInfo | None = None) -> tuple[str, bool]:
    """How to say the end date ("It ended", "It should end" ...) and whether it is only expected."""
    kind = date.type if date else None
    if kind == "ACTUAL" or (kind is None and status in OVER):
        return "It ended", False
    if status == "WITHDRAWN" or status in OVER:
        return "It had planned to end", True
    if _last_said(date, status, last_update):
        return "The record last said it would end", True
    return "It should end", True


def size_wording(count: int | None, kind: str | None, status: str | None) -> str | None:
    """How many people take part, in the tense the status calls for; None when the record does not say.

    A withdrawn study stopped before anyone joined, whatever number it had planned; an ended study
    whose number is still the estimate had planned it, and the record lacks the final one; an
    UNKNOWN-status record's estimate is only what it last said."""
    if status == "WITHDRAWN" and (kind != "ACTUAL" or not count):
        planned = f"The study had planned to include {people(count)}. " if count else ""
        return planned + "No one joined the study."
    if not count:
        return "No one took part." if count == 0 and kind == "ACTUAL" else None
    if kind == "ACTUAL":
        return f"{people(count)} took part."
    if status in OVER:
        if kind == "ESTIMATED":
            return f"The study had planned to include {people(count)}. The record does not give the final number."
        return f"The record gives the study's size as {people(count)}."
    if status == "UNKNOWN":
        return f"The record last said the study would include {people(count)}."
    return f"The study plans to include {people(count)}."


_DEGREES = frozenset({"md", "phd", "mph", "msc", "ms", "mba", "rn", "do", "dr", "prof", "mbbs", "frcp", "pharmd",
                      "drph", "dsc", "scd", "mbchb", "facs", "facp", "frcpc", "frcs", "msn", "bsn", "np", "dphil",
                      "dds", "dmd", "psyd", "jr", "sr", "ii", "iii"})


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", name.lower().replace(".", "")) if w not in _DEGREES]


def name_words(name: str) -> frozenset[str]:
    """The words of a person's name, whatever their order or degrees: "Arbelaez, Ana Maria" and
    "Ana Maria Arbelaez, M.D." give the same set."""
    return frozenset(_words(name))


def same_person(one: str, other: str) -> bool:
    """Whether two entries name one person: the same first and last name, whatever the middle names,
    degrees or order ("Steven B Carswell, Ph.D." and "Steven Carswell"; "Carswell, Steven")."""
    def first_last(name: str) -> tuple[str, str] | None:
        parts = [_words(part) for part in name.split(",")]
        # "Carswell, Steven" is put in order; after a full name ("Carl Llor, Doctor") come titles
        words = parts[1] + parts[0] if len(parts) > 1 and len(parts[0]) == 1 else parts[0]
        return (words[0], words[-1]) if len(words) >= 2 else None
    key = first_last(one)
    return name_words(one) == name_words(other) or (key is not None and key == first_last(other))


_ENUMERATOR = re.compile(r"(\d+)(?:[.):]\s*|\s+(?=[A-Z]))(?=\S)")  # "2. x", "2) x", "2 X"; not "2 mg"


def without_enumerators(labels: list[str]) -> list[str]:
    """Arm labels numbered 1, 2, 3 ... ("1 Placebo", "2. repaglinide") without those numbers, which
    a page's own list already gives; labels numbered any other way are kept as the record has them."""
    matches = [_ENUMERATOR.match(label) for label in labels]
    if len(labels) < 2 or not all(matches) or [int(m.group(1)) for m in matches] != list(range(1, len(labels) + 1)):
        return labels
    stripped = [label[m.end():] for label, m in zip(labels, matches)]
    return stripped if len(set(stripped)) == len(stripped) else labels
