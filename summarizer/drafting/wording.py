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
