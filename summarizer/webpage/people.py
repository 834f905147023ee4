"""Who runs the study and where: sponsors, investigators, contacts and locations.

A person is taken only from an investigator/contact section and only in a stated role (the
section's heading, "Principal Investigators", or a role line, "Role: CONTACT"): a name merely
mentioned or quoted on the page never becomes an official. Masked details ("•••") were removed
with the rest of the cleaning, so a masked phone or e-mail simply is not there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.webpage import values, vocab
from summarizer.webpage.layout import Page, Section
from summarizer.webpage.text import Line, Piece, piece

_I = re.IGNORECASE
PHONE = re.compile(r"(?:(?:phone|tel(?:ephone)?)\s*:?\s*)?(?P<phone>\+?\d[\d\s().-]{5,}\d)(?:\s*(?:ext\.?|x)\s*\d+)?", _I)
EMAIL = re.compile(r"(?:e-?mail\s*:?\s*)?(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", _I)
SPONSOR_ROLE = re.compile(r"(?:sponsor )?role\s*:?\s*(?P<role>lead|collaborator)\b.*|(?P<lead>lead sponsor)"
                          r"|(?P<collaborator>collaborators?)", _I)
COLLABORATOR_HEADING = re.compile(r"collaborators?|funders?", _I)
STATUS_LINE = re.compile(r"(?:site |recruitment |recruiting )?status\s*:?\s*(?P<status>.*)", _I)
TITLED_PERSON = re.compile(r"(?:Dr|Prof|Professor)\.?\s+[A-Z]|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3},\s*(?:MD|M\.D\.|PhD|Ph\.D\.|RN|DO)\b")
POSTAL_CODE = re.compile(r"(?=[^ ]*\d)[A-Z0-9][A-Z0-9-]{1,8}(?: [A-Z0-9]{1,4})?", _I)
HEADING_ROLES = (
    (re.compile(r"principal investigators?|lead investigators?", _I), "PRINCIPAL_INVESTIGATOR"),
    (re.compile(r"(?:central |study |primary |trial )?contacts?.*", _I), "CONTACT"),
)


@dataclass
class SponsorEntry:
    name: Piece
    lead: bool | None = None
    sponsor_class: Piece | None = None


@dataclass
class PersonEntry:
    name: Piece
    role: str | None = None
    affiliation: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class LocationEntry:
    facility: Piece
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    status: str | None = None
    status_piece: Piece | None = None
    parts: list[Piece] = field(default_factory=list)  # the address lines, for the entry's span


def sponsors(page: Page) -> list[SponsorEntry]:
    entries: list[SponsorEntry] = []
    for section in page.of_kind("sponsor"):
        collaborating = section.heading is not None and bool(COLLABORATOR_HEADING.fullmatch(
            section.heading.text.rstrip(":")))
        for line in section.lines:
            text = line.text
            role = SPONSOR_ROLE.fullmatch(text)
            if role and entries:
                entries[-1].lead = bool(role["lead"] or (role["role"] or "").lower() == "lead")
            elif text.upper() in values.SPONSOR_CLASSES and entries:
                entries[-1].sponsor_class = piece(line)
            elif not role and len(text.split()) <= 14 and not vocab.is_prose(text):
                entries.append(SponsorEntry(piece(line), False if collaborating else None))
    return entries


def people(page: Page, kind: str) -> list[PersonEntry]:
    """Persons named in "officials" or "contacts" sections, each in a stated role."""
    found: list[PersonEntry] = []
    for section in page.of_kind(kind):
        default_role = _heading_role(section)
        entries: list[PersonEntry] = []
        for line in section.lines:
            entry = _person_line(line, entries[-1] if entries else None)
            if entry is not None:
                entries.append(entry)
        for entry in entries:
            entry.role = entry.role or default_role
        found.extend(entry for entry in entries if entry.role)
    return found


def _heading_role(section: Section) -> str | None:
    if section.heading is None:
        return None
    heading = section.heading.text.rstrip(":")
    return next((role for pattern, role in HEADING_ROLES if pattern.fullmatch(heading)), None)


def _person_line(line: Line, current: PersonEntry | None) -> PersonEntry | None:
    """A new entry when the line names a person; otherwise fills in the current entry."""
    text = line.text
    if vocab.person_name(text):
        return PersonEntry(piece(line))
    if current is None:
        return None
    if (role := values.role(text)) and not current.role:
        current.role = role
    elif match := EMAIL.fullmatch(text):
        current.email = current.email or match["email"]
    elif match := PHONE.fullmatch(text):
        current.phone = current.phone or match["phone"].strip()
    elif vocab.is_organisation(text) and not current.affiliation:
        current.affiliation = text
    return None


def locations(page: Page) -> list[LocationEntry]:
    entries: list[LocationEntry] = []
    for section in page.of_kind("locations"):
        first = section.lines[0] if section.lines else None
        current: LocationEntry | None = None
        for line in section.lines:
            text = line.text
            status = _status(text)
            if status is not None or STATUS_LINE.fullmatch(text):
                if current is not None and status:
                    current.status, current.status_piece = status, piece(line)
            elif _is_address(text):
                if current is not None and current.city is None:
                    _fill_address(current, text)
                    current.parts.append(piece(line))
            elif _starts_location(line, first, current):
                current = LocationEntry(piece(line))
                entries.append(current)
    return entries


def _starts_location(line: Line, first: Line | None, current: LocationEntry | None) -> bool:
    """Marked lists: each marked item; unmarked ones: a name line once the entry's place or status was read."""
    if first is not None and first.marker:
        return bool(line.marker) and line.indent <= first.indent
    words = len(line.text.split())
    if vocab.is_prose(line.text) or words > 30 or (words >= 4 and line.text.endswith(".")):
        return False  # a sentence, not a site's name
    if (TITLED_PERSON.match(line.text) or values.role(line.text) or PHONE.fullmatch(line.text)
            or EMAIL.fullmatch(line.text)):
        return False  # a site's contact, not a site
    return current is None or current.city is not None or current.status is not None


def _status(text: str) -> str | None:
    match = STATUS_LINE.fullmatch(text)
    return values.status(match["status"] if match else text)


def _is_address(text: str) -> bool:
    """"City, State, ZIP, Country" and its shorter forms; postal codes of any country."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) < 2 or vocab.ORG_WORDS.search(text) or vocab.is_prose(text) or len(text.split()) > 12:
        return False
    city, *rest = parts
    if not city or len(city.split()) > 4 or re.search(r"\d", rest[-1]):
        return False
    return all(part and (POSTAL_CODE.fullmatch(part) or (len(part.split()) <= 4 and not re.search(r"\d", part)))
               for part in rest)


def _fill_address(entry: LocationEntry, text: str) -> None:
    """The city comes first and the country last; a state, if any, before them; a postal code anywhere."""
    city, *rest = (part.strip() for part in text.split(","))
    postal = [part for part in rest if POSTAL_CODE.fullmatch(part)]
    places = [part for part in rest if not POSTAL_CODE.fullmatch(part)]
    entry.city = city
    entry.zip = postal[0] if postal else None
    entry.country = places[-1] if places else None
    entry.state = places[0] if len(places) >= 2 else None
