"""The project's own glossary: plain "what it is" texts for terms, treatments, conditions and scores.

Entries live in ``prompts/glossary/*.yaml`` (one file per topic, written in the project's own
words); a workspace file overrides the bundled file of the same name and a new workspace file
adds entries. Lookups are dictionary based and built once per ``Glossary``, because the build
drafts thousands of records a second.

How to phrase what :meth:`Glossary.explain` found (the rule that keeps pages faithful):

- ``"term"``: the name *is* the entry (its term or an alias): ``"X, <plain>"``.
- ``"part"``: the entry names only part of X ("Breast Cancer Survivors" -> breast cancer):
  explain that part on its own (``"Breast cancer is <plain>."``), never ``"X, <plain>"``.
- ``"mesh"``: the registry indexed X under the entry's MeSH heading: ``"X, <plain>"``.
- ``"ancestor"``: X falls under a broader MeSH group: ``"X, <kind_of(entry)>"``, where
  :func:`kind_of` turns "a medicine that calms ..." into "a kind of medicine that calms ...".
- ``"type"`` (interventions, see :mod:`summarizer.glossary_coverage`): only the registry's
  intervention type is known: ``"X, a medicine"``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from summarizer.errors import ConfigError
from summarizer.workspace import find_file, list_files
from summarizer.yamlio import load_yaml

Kind = Literal["research", "route", "drug_class", "condition", "body", "measure", "intervention_type"]
MatchKind = Literal["term", "part", "mesh", "ancestor", "type"]
Explanation = tuple["GlossaryEntry", MatchKind]
TEXT_KINDS: tuple[str, ...] = ("research", "route", "measure")
MAX_PLAIN_WORDS = 15


class GlossaryEntry(BaseModel):
    """One term and its plain explanation. ``plain`` follows "X, " and, minus its article, "a kind of"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str
    aliases: tuple[str, ...] = ()
    kind: Kind
    plain: str
    mesh: tuple[str, ...] = ()
    aim: str | None = None
    simpler: str | None = None

    @field_validator("term", "plain")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("plain", "aim", "simpler")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        # Digits on a page must come from the record, so glossary texts carry none.
        if value is None:
            return None
        if len(value.split()) > MAX_PLAIN_WORDS:
            raise ValueError(f"more than {MAX_PLAIN_WORDS} words")
        if value.rstrip().endswith((".", "!", "?")):
            raise ValueError("must not end with a sentence-final mark")
        if re.search(r"\d", value):
            raise ValueError("must not contain digits (numbers on a page come from the record)")
        return value.strip()

    @model_validator(mode="after")
    def _aim_for_measures(self) -> GlossaryEntry:
        if self.aim is not None and self.kind != "measure":
            raise ValueError("aim is only for kind 'measure'")
        return self


def normalise(text: str, fold: bool = True) -> str:
    """The key a term is matched by: case-folded, possessives dropped, any run of punctuation
    or spacing made one space (so "Double-Blind", "double blind" and "i.v." / "I.V." agree)."""
    text = re.sub(r"['’]s\b", "", text.casefold() if fold else text)
    return " ".join(_WORD.findall(text))


_WORD = re.compile(r"[^\W_]+")


def kind_of(entry: GlossaryEntry) -> str:
    """``plain`` as "a kind of ...": the leading article gives way ("a medicine ..." -> "a kind of medicine ...")."""
    return "a kind of " + re.sub(r"^(an?|the|some)\s+", "", entry.plain, flags=re.IGNORECASE)


def _load_file(path: Path, problems: list[str]) -> list[GlossaryEntry]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path}: cannot read YAML: {exc}".replace("\n", " "))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(f"{path}: expected a list of entries, found {type(data).__name__}")
        return []
    entries = []
    for index, item in enumerate(data):
        try:
            entries.append(GlossaryEntry.model_validate(item))
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"]) or "entry"
                label = item.get("term", "?") if isinstance(item, dict) else "?"
                problems.append(f"{path} [{index}] {label!r}: {where}: {error['msg']}")
    return entries


def _index(entries: Iterable[tuple[str, GlossaryEntry]]) -> tuple[dict, dict, dict, list[str]]:
    """Term/alias, MeSH and intervention-type indexes over (origin, entry) pairs, with every clash."""
    terms: dict[str, tuple[str, GlossaryEntry]] = {}
    mesh: dict[str, tuple[str, GlossaryEntry]] = {}
    types: dict[str, tuple[str, GlossaryEntry]] = {}
    problems: list[str] = []

    def claim(table: dict, key: str, origin: str, entry: GlossaryEntry, what: str) -> None:
        if key in table and table[key][1] is not entry:
            other_origin, other = table[key]
            problems.append(f"{origin}: {what} {key!r} of {entry.term!r} is already used by "
                            f"{other.term!r} ({other_origin})")
        else:
            table[key] = (origin, entry)

    for origin, entry in entries:
        if entry.kind == "intervention_type":
            claim(types, _type_key(entry.term), origin, entry, "intervention type")
            continue
        for key in (entry.term, *entry.aliases):
            claim(terms, normalise(key), origin, entry, "term")
        for heading in entry.mesh:
            claim(mesh, heading.casefold(), origin, entry, "MeSH term")
    return terms, mesh, types, problems


def _bare(name: str) -> str:
    """A name without its bracketed asides: "Temsirolimus (CCI-779)" -> "Temsirolimus"."""
    return re.sub(r"\s*[(\[].*?[)\]]", "", name).strip()


def _type_key(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip()).upper()


# Words that may follow a measure's name without making it part of another name: function words
# and the nouns a measure is counted in ("HbA1c levels", "MADRS Total Score", "Pain Intensity").
_MEASURE_FOLLOWERS = frozenset(
    "a an the and or but nor vs versus in of on at to from for by with without within after before during between "
    "over under among per via as than since until into through across when while who which that is are was were be "
    "been has have had will would can could may might should measured assessed using based compared defined "
    "verified reported change changes level levels score scores scale scales total rating ratings questionnaire "
    "index inventory survey surveys data content value values concentration concentrations reduction improvement "
    "control status measurement measurements test assessment intensity severity difference incidence rate rates "
    "ratio loss gain time duration frequency events occasions outcome outcomes response responses domain subscale "
    "interference following related report reports curve cholesterol greater less more longer shorter above below "
    "according terms pre post number count counts retention range ranges measure measures".split())


def _compound_goes_on(text: str, words: list[re.Match[str]], last: int) -> bool:
    """Whether the word after ``words[last]`` carries the same name on ("Pulse Wave Velocity",
    "Substance Use Treatment"), so that the words matched so far name something else."""
    if last + 1 >= len(words):
        return False
    following = words[last + 1].group()
    gap = text[words[last].end():words[last + 1].start()]
    return not gap.strip() and following.isalpha() and following.casefold() not in _MEASURE_FOLLOWERS


def _acronym_form(text: str) -> str:
    """``Hemoglobin A1c`` -> ``hemoglobin a1c``, ``HbA1C`` stays: only acronyms keep their case."""
    return " ".join(w if _is_acronym(w) else w.casefold() for w in text.split())


def _is_acronym(key: str) -> bool:
    """Acronyms ("PASI", "HbA1c", "IV") only match in their own case: "iga" is not "IGA"."""
    return any(sum(c.isupper() for c in word) >= 2 for word in key.split())


class Glossary:
    """All glossary entries with their lookup indexes; immutable once built."""

    def __init__(self, entries: Iterable[GlossaryEntry], origins: Iterable[str] | None = None):
        entries = tuple(entries)
        origins = tuple(origins) if origins is not None else ("extra",) * len(entries)
        terms, mesh, types, problems = _index(zip(origins, entries))
        if problems:
            raise ConfigError(problems, source="glossary")
        self._entries = entries
        self._origins = origins
        self._terms = MappingProxyType({k: e for k, (_, e) in terms.items()})
        self._mesh = MappingProxyType({k: e for k, (_, e) in mesh.items()})
        self._types = MappingProxyType({k: e for k, (_, e) in types.items()})
        self._rank = MappingProxyType({entry: index for index, entry in enumerate(entries)})
        # Every spelling of a key that has an acronym in it: "HbA1c" and "HBA1C", "hemoglobin A1c"
        # and "hemoglobin A1C" fold alike, and text must match one of them in case.
        spellings: dict[str, set[str]] = {}
        acronym_keys: set[str] = set()
        for entry in entries:
            if entry.kind != "intervention_type":
                for key in (entry.term, *entry.aliases):
                    spellings.setdefault(normalise(key), set()).add(_acronym_form(normalise(key, fold=False)))
                    if _is_acronym(key):
                        acronym_keys.add(normalise(key))
        self._acronyms = MappingProxyType({key: frozenset(spellings[key]) for key in acronym_keys})
        longest: dict[str, int] = {}
        for key in self._terms:
            words = key.split()
            if words:
                longest[words[0]] = max(longest.get(words[0], 0), len(words))
        self._longest = MappingProxyType(longest)  # first word of a term -> most words in one

    @classmethod
    def load(cls, workspace: Path | None = None) -> Glossary:
        """Every ``prompts/glossary/*.yaml``; all invalid entries and clashes reported in one ConfigError."""
        problems: list[str] = []
        entries: list[GlossaryEntry] = []
        origins: list[str] = []
        for path in list_files("prompts", "glossary/*.yaml", workspace):
            for entry in _load_file(path, problems):
                entries.append(entry)
                origins.append(path.name)
        problems += _index(zip(origins, entries))[3]
        if problems:
            raise ConfigError(problems, source="glossary")
        return cls(entries, origins)

    def with_entries(self, extra: Iterable[GlossaryEntry]) -> Glossary:
        """A new glossary where ``extra`` entries (editor overrides) replace any entry they share a
        term, alias, MeSH term or intervention type with."""
        extra = list(extra)
        keys = {normalise(k) for e in extra for k in (e.term, *e.aliases)}
        headings = {m.casefold() for e in extra for m in e.mesh}
        types = {_type_key(e.term) for e in extra if e.kind == "intervention_type"}

        def replaced(entry: GlossaryEntry) -> bool:
            if entry.kind == "intervention_type":
                return _type_key(entry.term) in types
            return bool(keys & {normalise(k) for k in (entry.term, *entry.aliases)}
                        or headings & {m.casefold() for m in entry.mesh})

        kept = [(o, e) for o, e in zip(self._origins, self._entries) if not replaced(e)]
        return Glossary([e for _, e in kept] + extra, [o for o, _ in kept] + ["override"] * len(extra))

    @property
    def entries(self) -> tuple[GlossaryEntry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, text: str) -> GlossaryEntry | None:
        """The entry whose term or alias is ``text`` (case, punctuation, possessives and a plural
        ending ignored)."""
        key = normalise(text)
        for candidate in (key, key[:-1] if key.endswith("s") else "", key[:-2] if key.endswith("es") else ""):
            if candidate in self._terms:
                return self._terms[candidate]
        return None

    def by_mesh(self, terms: Iterable[str]) -> GlossaryEntry | None:
        """The entry for the first of ``terms`` (MeSH headings, in the caller's order) that has one."""
        for term in terms:
            entry = self._mesh.get(term.casefold())
            if entry is not None:
                return entry
        return None

    def by_type(self, intervention_type: str | None) -> GlossaryEntry | None:
        """The fallback "what it is" for an intervention type (``DRUG`` -> "a medicine")."""
        return self._types.get(_type_key(intervention_type)) if intervention_type else None

    def explain(
        self,
        name: str,
        mesh_terms: Iterable[str] = (),
        mesh_ancestors: Iterable[str] = (),
        accept: Callable[[GlossaryEntry], bool] | None = None,
    ) -> Explanation | None:
        """How to explain a named condition or intervention, trying in turn: the whole name (as a
        term, or as a MeSH heading an entry explains: "Metformin"); its longest word-group that is
        a term (acronyms skipped: "(CP)" is too ambiguous inside a name); its MeSH terms in order;
        the most specific MeSH ancestor (the entry listed first in the glossary, whose files go
        from specific groups to broad ones). ``accept`` limits the entries used."""

        def ok(entry: GlossaryEntry | None) -> bool:
            return entry is not None and (accept is None or accept(entry))

        entry = self.lookup(name)
        if ok(entry):
            return entry, "term"
        entry = self._mesh.get(name.strip().casefold()) or self._mesh.get(_bare(name).casefold())
        if ok(entry):
            return entry, "mesh"
        words = normalise(name).split()
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                group = " ".join(words[start:start + size])
                entry = None if group in self._acronyms else self.lookup(group)
                if ok(entry):
                    return entry, "part"
        for heading in mesh_terms:
            entry = self._mesh.get(heading.casefold())
            if ok(entry):
                return entry, "mesh"
        found = [e for e in (self._mesh.get(h.casefold()) for h in mesh_ancestors) if ok(e)]
        if found:
            return min(found, key=self._rank.__getitem__), "ancestor"
        return None

    def find_terms(
        self, text: str, kinds: Iterable[str] = TEXT_KINDS
    ) -> list[tuple[GlossaryEntry, int, int]]:
        """Every research, route and measure term in ``text`` as (entry, start, end), in text
        order, without overlaps; where matches overlap the longest wins. A measure must end its
        noun phrase: one the next word carries on ("Substance Use Treatment") names something
        else. Word-by-word dictionary lookups, so the cost grows with the text, not with the size
        of the glossary."""
        allowed = set(kinds)
        words = list(_WORD.finditer(re.sub(r"['’]s\b", "  ", text)))
        tokens = [w.group() for w in words]
        found = []
        for first, token in enumerate(tokens):
            folded = token.casefold()
            size = max(self._longest.get(folded, 0), self._longest.get(folded[:-1], 0),
                       self._longest.get(folded[:-2], 0))
            for last in range(min(len(words), first + size) - 1, first - 1, -1):
                start, end = words[first].start(), words[last].end()
                entry = self._match(tokens[first:last + 1])
                if (entry is not None and entry.kind == "measure" and not _is_acronym(" ".join(tokens[first:last + 1]))
                        and _compound_goes_on(text, words, last)):
                    break  # "Pulse" in "Pulse Wave Velocity" is not the heart rate
                if entry is not None and entry.kind in allowed:
                    found.append((entry, start, end))
                    break
        chosen: list[tuple[GlossaryEntry, int, int]] = []
        for item in sorted(found, key=lambda f: (f[1] - f[2], f[1])):
            if all(item[2] <= c[1] or item[1] >= c[2] for c in chosen):
                chosen.append(item)
        return sorted(chosen, key=lambda c: c[1])

    def _match(self, words: list[str]) -> GlossaryEntry | None:
        """The entry for a run of words of a text, respecting the case of acronyms."""
        exact = " ".join(words)
        key = exact.casefold()
        candidates = [(key, exact)]
        if key.endswith("s"):
            candidates.append((key[:-1], exact[:-1]))
        if key.endswith("es"):
            candidates.append((key[:-2], exact[:-2]))
        for candidate, original in candidates:
            entry = self._terms.get(candidate)
            if entry is not None and (candidate not in self._acronyms
                                      or _acronym_form(original) in self._acronyms[candidate]):
                return entry
        return None


def load_plain_words(workspace: Path | None = None) -> dict[str, str]:
    """``prompts/plain_words.yaml``: hard word or phrase (lower case) -> plain alternative."""
    path = find_file("prompts", "plain_words.yaml", workspace)
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError([f"cannot read YAML: {exc}".replace("\n", " ")], source=str(path)) from exc
    if not isinstance(data, dict):
        raise ConfigError([f"expected a mapping of word -> plain alternative, found {type(data).__name__}"],
                          source=str(path))
    problems = [f"{key!r}: key and value must be non-empty text, key in lower case"
                for key, value in data.items()
                if not (isinstance(key, str) and isinstance(value, str) and key.strip() and value.strip()
                        and key == key.lower())]
    if problems:
        raise ConfigError(problems, source=str(path))
    return {key.strip(): value.strip() for key, value in data.items()}
