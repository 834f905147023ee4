"""Nothing on a page that the record does not hold: ``faithfulness.*``. Needs the record's facts.

Without facts (a hand-written .md/.html page) the check reports ``faithfulness.not_run`` (info):
never "passed". With facts, every sentence of every section (disclaimers apart) is read for:

- ``faithfulness.id``: NCT numbers other than the record's own ids;
- ``faithfulness.date``: dates ("March 5, 2024", "5 March 2024", "March 2024", "2024-03-05");
- ``faithfulness.number``: numbers in digits, spelled numbers three to twenty, fractions ("1 in 4"),
  remainders ("12 more sites");
- ``faithfulness.person``: people named with a title ("Dr. Lee", "Professor Ann Smith"), a degree
  ("Ann Smith, MD") or as a speaker ("said Ann Smith"); the surname must be in the record;
- ``faithfulness.name``: drugs, conditions, places and organisations, read as
  - runs of capitalised words (a run opening a sentence, a "Label:" or a bracket counts from its
    second word, or from its first when that is not a common word; a lone opening word counts when
    it is a place, or rarer than ``OPENING_ZIPF`` and neither a word of the drafter's own prose nor
    a listed jargon word: "Pfizer pays", not "Afterwards" or "Randomization"). Words common in English (Zipf ``COMMON_ZIPF`` or more; never a word
    with a digit, such as "CT-155"), months, weekdays and a few site words (``_ALLOWED``) need not be
    in the record, except place names (``data/place-names.txt``: "Paris", "France");
  - lowercase words with a drug-name stem (-mab, -nib, -glutide, -pril, -statin ...);
  - words, in any case, plural or possessive, of ``data/medical-names.txt`` (one-word drug and
    condition names from the NCI dictionary and the glossary: "asthma", "metformin"), less the words
    of the drafter's own prose (``project_words``: templates, phrase bank, disclaimers); another
    form of a record's word passes ("diabetic", "randomization": ``FactIndex.has_stem``).
  A word of a glossary entry's term or texts ("Leukaemia is a cancer of ... bone marrow") is held
  when the record holds one of the entry's names (``glossary_words``).
  Not caught: lowercase names the list lacks and without a drug stem ("a new pill called zorvex"),
  hyphenated compounds ("lupus-like"), common-word names ("Mercy Hospital" if every word is common
  and none is a place: "City General Hospital"), and a listed word the drafter's own prose also uses
  ("placebo", "infections", "vaccines").

What counts as "in the record", and which derived numbers and fractions are accepted, is
documented in ``facts.py``. Mentions are read once per distinct sentence and cached.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from ..readability import TEXTS_REMEMBERED, WORDS_REMEMBERED
from ..workspace import list_files
from .base import CheckRun, quote
from .facts import SPELLED, FactIndex, canonical_number
from .jargon import jargon_terms, zipf

COMMON_ZIPF = 4.8
OPENING_ZIPF = 3.5  # a lone capitalised word opening a sentence is a name only when rarer than this
_ALLOWED = frozenset("""i phase clinicaltrials.gov nct id us usa uk eu ok monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november december""".split())
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for name in names}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"
                   rf"|\b(?:(\d{{1,2}})\s+)?{_MONTH}(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?,?)?\s+(\d{{4}})\b", re.I)
_NCT_ID = re.compile(r"\bNCT\d{8}\b")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\d{4}")  # every date form this check reads has a year
_SPELLED = "|".join(SPELLED)
_FRACTION = re.compile(rf"\b(\d+|{_SPELLED})\s+(?:in|out of)\s+(?:every\s+)?(\d+|{_SPELLED})\b", re.I)
_APPROXIMATELY = re.compile(r"\b(?:about|around|nearly|almost|roughly|approximately|approx\.|some)\s*$", re.I)
_NUMBER = re.compile(r"(?<![\w.,])(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?!\w)")
_REMAINDER = re.compile(r"\s+more\b")
_SPELLED_TO_CHECK = re.compile(r"\b(three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                               r"|sixteen|seventeen|eighteen|nineteen|twenty)\b", re.I)
_NAME_PART = r"(?:[A-Z][\w'’-]+|[A-Z]\.)"
_PERSON = re.compile(
    rf"\b(?:Dr|Doctor|Prof|Professor|Mr|Mrs|Ms|Nurse)\.?\s+({_NAME_PART}(?:\s+{_NAME_PART}){{0,3}})"
    rf"|\b([A-Z][\w'’-]+(?:\s+{_NAME_PART}){{1,3}}),?\s+(?:MD|M\.D\.|PhD|Ph\.D\.|DO|RN|MBBS|MPH|FRCP|MSc|PharmD|DrPH)\b"
    rf"|\b(?:said|says|explains|explained|according to|notes|noted)\s+([A-Z][\w'’-]+(?:\s+{_NAME_PART}){{1,3}})")
# Every match of _PERSON holds one of these (a title, a degree or a speech verb): a sentence without
# any is not searched. Keep in step with _PERSON.
_PERSON_WORDS = ("Dr", "Doctor", "Prof", "Mr", "Ms", "Nurse", "MD", "M.D.", "PhD", "Ph.D.", "DO", "RN", "MBBS", "MPH",
                 "FRCP", "MSc", "PharmD", "said", "says", "explain", "according to", "notes", "noted")
_PERSON_HINT = re.compile("|".join(map(re.escape, _PERSON_WORDS)))
_CAPITALISED_RUN = re.compile(r"(?<![\w'’.&-])[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*)*")
_INNER_CAPITAL = re.compile(r"[\s(\"“:/-][A-Z]")
_LETTERS = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s$")
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_ENTRY = re.compile(r"^- term:", re.M)
_NAME_FIELD = re.compile(r"^[ \t]*(?:aliases|mesh):[ \t]*\[([^\]]*)\]", re.M)  # a flow list, as the glossary writes them
_LISTED_NAME = re.compile(r"\s*(?:\"([^\"]*)\"|'([^']*)'|([^,\[\]\n]+))")
_PROSE_FIELD = re.compile(r"^\s*(?:plain|aim|simpler):(.*)$", re.M)  # a glossary entry's own words
# Not page text: the phrase bank's patterns (they read the record), YAML and Jinja comments.
_NOT_PAGE_TEXT = re.compile(r"^[ \t]*(?:-[ \t]*)?pattern:[^\n]*|^[ \t]*#[^\n]*|\{#[\s\S]*?#\}", re.M)
_MAPPING_VALUE = re.compile(r"^[^#\n]*?:(.*)$", re.M)  # plain_words.yaml: the plainer word, not the hard one
_DRUG_WORD = re.compile(r"\b[a-z]{3,}(?:mab|nib|zomib|glutide|patide|reotide|gliflozin|gliptin|pril|sartan|olol|statin|vir"
                        r"|cillin|mycin|floxacin|azole|parib|ciclib|lisib|dronate|oxetine|triptan|dipine|platin|rubicin"
                        r"|taxel|cept|limus|lukast|setron|tidine|relin)\b")


class Mention(NamedTuple):  # a tuple: a frozen dataclass costs a microsecond more to make
    """Something a sentence states that the record must hold."""

    kind: str  # id, date, share, number, remainder, person, name, listed (a name of data/medical-names.txt)
    written: str
    date: tuple[int, int, int | None] | None = None
    share: tuple[float, bool] | None = None  # (value, stated approximately)
    surname: str = ""


def _word_list(name: str) -> frozenset[str]:
    listing = resources.files("summarizer").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in listing.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lowercase place names that are names even when common in English (``data/place-names.txt``)."""
    return _word_list("place-names.txt")


@lru_cache(maxsize=1)
def project_words() -> frozenset[str]:
    """Lowercase words of the drafter's own prose, which any page may hold whatever its record says:
    the plainer words of plain_words.yaml and everything under prompts/ but the glossary, comments
    and the phrase bank's patterns (phrase bank texts, section templates, disclaimers, model
    prompts), the current folder's workspace first as for ``build``. The glossary's own words count on a page whose record names the entry (``glossary_words``)."""
    texts = []
    for path in list_files("prompts", "**/*.*", Path.cwd()):
        if path.parent.name != "glossary":
            text = path.read_text(encoding="utf-8")
            texts += _MAPPING_VALUE.findall(text) if path.name == "plain_words.yaml" else [_NOT_PAGE_TEXT.sub("", text)]
    return frozenset(_LETTERS.findall(" ".join(texts).lower()))


@lru_cache(maxsize=1)
def medical_names() -> frozenset[str]:
    """Lowercase drug and condition names (``data/medical-names.txt``) and their plurals, less the
    words of the drafter's own prose (``project_words``)."""
    listed = _word_list("medical-names.txt") - project_words()
    return frozenset(form for word in listed for form in (word, word + "s", word + "'s", word + "’s"))


@lru_cache(maxsize=1)
def glossary_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Word of a glossary entry's term or texts (plain, aim, simpler; lowercase) -> the names (term,
    aliases, MeSH headings) of each entry that holds it. The drafter writes an entry's term and texts
    when the record names the entry, perhaps by an alias ("Leukaemia is a cancer of ..." for
    "Leukemia"): a page may hold those words when its record holds one of the entry's names."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for path in list_files("prompts", "glossary/*.yaml", Path.cwd()):
        for entry in _ENTRY.split(path.read_text(encoding="utf-8"))[1:]:
            term = entry.partition("\n")[0].strip().strip("\"'")
            names = (term, *(name.strip() for field in _NAME_FIELD.findall(entry)  # has_text joins its lines
                             for match in _LISTED_NAME.finditer(field) for name in match.groups() if name and name.strip()))
            own = " ".join((term, *_PROSE_FIELD.findall(entry))).lower()
            for word in dict.fromkeys(_LETTERS.findall(own)):
                index.setdefault(word, []).append(names)
    return {word: tuple(entries) for word, entries in index.items()}


def _mask(text: str, match: re.Match[str]) -> str:
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def _numbers(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in list(_NCT_ID.finditer(text)):
        found.append(Mention("id", match.group()))
        text = _mask(text, match)
    for match in list(_DATE.finditer(text)) if _YEAR.search(text) else ():
        iso_year, iso_month, iso_day, day_before, month, day_after, year = match.groups()
        if iso_year:
            parsed = (int(iso_year), int(iso_month), int(iso_day) if iso_day else None)
        else:
            day = day_before or day_after
            parsed = (int(year), _MONTHS[month.lower().rstrip(".")], int(day) if day else None)
        found.append(Mention("date", match.group(), date=parsed))
        text = _mask(text, match)
    for match in list(_FRACTION.finditer(text)) if (" in " in text or " out of " in text) else ():
        part, whole = (int(g) if g.isdigit() else SPELLED[g.lower()] for g in match.groups())
        if whole:
            approximate = bool(_APPROXIMATELY.search(text, max(0, match.start() - 16), match.start()))
            found.append(Mention("share", match.group(), share=(part / whole, approximate)))
        text = _mask(text, match)
    found += [Mention("remainder" if _REMAINDER.match(text, m.end()) else "number", m.group()) for m in _NUMBER.finditer(text)]
    found += [Mention("number", str(SPELLED[m.group().lower()])) for m in _SPELLED_TO_CHECK.finditer(text)]
    return found


def _common(word: str, threshold: float = COMMON_ZIPF) -> bool:
    """Is ``word`` (lowercase) a common English word? Never one with a digit: that is a code ("CT-155")."""
    return not _DIGIT.search(word) and zipf(word) >= threshold


@lru_cache(maxsize=WORDS_REMEMBERED)
def _opening_name(word: str) -> bool:
    """May ``word``, alone at the opening of a sentence or label, be a name? A place, or a word rarer
    than ``OPENING_ZIPF`` that is neither one of the project's own words nor a listed jargon word
    ("Pfizer", not "Afterwards" or "Randomization")."""
    lowered = word.lower()
    if lowered in places():
        return True
    if lowered in jargon_terms() or lowered[:-1] in jargon_terms():  # the singular of a plural too
        return False
    # A word of other marks ("R&D", "A/B") is a code: not looked up (wordfreq's tokeniser costs 0.2 s to load).
    return lowered not in project_words() and not (_PLAIN_WORD.fullmatch(lowered) and _common(lowered, OPENING_ZIPF))


def _opens(text: str, start: int) -> bool:
    """Does position ``start`` open a sentence, a "Label: value" or a bracket (where anything is capitalised)?"""
    position = start - 1
    while position >= 0 and text[position] == " ":
        position -= 1
    return position < 0 or text[position] in ":(\"“"


_NAME_WORDS: dict[str, str] = {}  # word of a capitalised run -> what of it may name something ("" if nothing)


def _name_word(word: str) -> str:
    """``word`` of a capitalised run without trailing marks, or "" when it names nothing: an allowed
    word, a registry number, "X-ray" or "T-cell". Remembered: the same words open most runs."""
    name = _NAME_WORDS.get(word)
    if name is None:
        if len(_NAME_WORDS) >= WORDS_REMEMBERED:
            _NAME_WORDS.clear()
        name = word.rstrip(".,'’")
        if name.lower() in _ALLOWED or (len(name) > 2 and name[1] == "-") or (name.startswith("NCT") and name[3:].isdigit()):
            name = ""
        _NAME_WORDS[word] = name
    return name


def _names(text: str) -> list[Mention]:
    found = []
    runs = _CAPITALISED_RUN.finditer(text) if _INNER_CAPITAL.search(text) else (_CAPITALISED_RUN.match(text),)
    for match in runs:
        words = [name for name in map(_name_word, match.group().split()) if name] if match else ()
        if words and _opens(text, match.start()):  # type: ignore[union-attr]
            if len(words) == 1:
                words = words if _opening_name(words[0]) else []
            elif _common(words[0].lower()):
                words = words[1:]
        if words:
            found.append(Mention("name", " ".join(words)))
    found += [Mention("name", m.group()) for m in _DRUG_WORD.finditer(text)]
    return found


@lru_cache(maxsize=TEXTS_REMEMBERED)
def mentions(sentence: str, listed: frozenset[str] = frozenset()) -> tuple[Mention, ...]:
    """What one sentence states that the record must hold (rules in the module docstring); ``listed``
    are its lowercased words that ``medical_names`` lists (``listed_in``)."""
    found = _numbers(sentence) if ("NCT" in sentence or _DIGIT.search(sentence) or _SPELLED_TO_CHECK.search(sentence)) else []
    text = sentence
    for match in list(_PERSON.finditer(sentence)) if _PERSON_HINT.search(sentence) else ():
        name = next(group for group in match.groups() if group)
        surname = next((part for part in reversed(name.split()) if len(part.rstrip(".")) > 1), name).rstrip(".,")
        found.append(Mention("person", name, surname=surname))
        text = _mask(text, match)
    found += _names(text)
    if listed:
        named = {word for mention in found for word in _LETTERS.findall(mention.written.lower())}
        lowered = text.lower()
        found += [Mention("listed", _POSSESSIVE.sub("", word)) for word in sorted(listed, key=lambda word: (lowered.find(word), word))
                  if word not in named and word in lowered]
    return tuple(found)


def listed_in(words: frozenset[str]) -> frozenset[str]:
    """Which of a sentence's lowercased words (``Sentence.lowered``) ``medical_names`` lists."""
    return medical_names().intersection(words)


def _holds(facts: FactIndex, mention: Mention) -> bool:
    if mention.kind == "id":
        return mention.written in {i for i in (facts.trial.nct_id, *facts.trial.other_ids) if i}
    if mention.kind == "date":
        return facts.has_date(*mention.date, mention.written)  # type: ignore[misc]
    if mention.kind == "share":
        return facts.has_share(*mention.share)  # type: ignore[misc]
    if mention.kind == "number":
        return facts.has_number(mention.written)
    if mention.kind == "remainder":
        return facts.has_number(mention.written) or int(canonical_number(mention.written).partition(".")[0]) <= facts.largest_count
    if mention.kind == "person":
        return facts.has_text(mention.surname)
    if mention.kind == "listed":  # one lowercase word, never common
        word = mention.written
        return facts.has_text(word) or _glossary_holds(facts, word) or facts.has_stem(word)
    return facts.has_text(mention.written) or all(
        w.lower() in _ALLOWED or (_common(w.lower()) and w.lower() not in places()) or facts.has_text(w)
        or _glossary_holds(facts, w.lower()) for w in mention.written.split())


def _glossary_holds(facts: FactIndex, word: str) -> bool:
    """Is lowercase ``word`` of the term or texts of a glossary entry that the record names?"""
    return any(map(facts.has_any, glossary_words().get(word, ())))


def _message(mention: Mention, facts: FactIndex, sentence: str) -> tuple[str, str]:
    """(check id, message) for a mention the record does not hold."""
    where = f" In {quote(sentence, 100)}"
    if mention.kind == "id":
        return "faithfulness.id", (f"{mention.written} is not this study's registry number "
                                   f"({facts.trial.nct_id or 'the record has none'}): remove or correct it.")
    if mention.kind == "date":
        return "faithfulness.date", f"The date {quote(mention.written)} is not in the study record: use its dates only.{where}"
    if mention.kind == "share":
        return "faithfulness.number", (f"{quote(mention.written)} is not a share the record states or implies: "
                                       f"give the record's own numbers.{where}")
    if mention.kind in ("number", "remainder"):
        return "faithfulness.number", f"The number {mention.written} is not in the study record: use its numbers only.{where}"
    if mention.kind == "person":
        return "faithfulness.person", (f"The page names {quote(mention.written)}, a person the study record does not "
                                       "name: remove the name (pages name only the record's own officials and contacts).")
    return "faithfulness.name", (f"{quote(mention.written)} is not named in the study record: name only the record's "
                                 f"own drugs, conditions, places and organisations.{where}")


def run(page: CheckRun) -> None:
    if page.doc.facts is None:
        page.report("faithfulness.not_run", "Not checked against the study record: this page has no record facts "
                    "(only page JSON written by build has them). Check its facts by hand.")
        return
    facts = FactIndex(page.doc.facts)
    for prose in page.prose:
        reported: set[tuple[str, str]] = set()
        for sentence in prose.sentences:
            listed = listed_in(sentence.lowered)  # mostly none: then the cache's one-argument fast path
            for mention in mentions(sentence.text, listed) if listed else mentions(sentence.text):
                key = (mention.kind, mention.written.lower())  # "Asthma" and "asthma" are one name
                if key in reported or _holds(facts, mention):
                    continue
                reported.add(key)
                check, message = _message(mention, facts, sentence.text)
                value = canonical_number(mention.written) if mention.kind in ("number", "remainder") else mention.written
                page.report(check, message, section=prose.section, near=mention.surname or mention.written, value=value)
