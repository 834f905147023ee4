"""Editor overrides: hand fixes to one page that survive every rebuild.

An editor who rewrites a sentence must not lose it at the next ``build``. Each page may have
``overrides/<ID>.yaml`` in the workspace::

    record_last_update: 2019-05-21   # the record's last update the override was written against
    sections:                        # replacement text (paragraphs, "- " bullets)
      summary: |
        This study tests ...
    hide:                            # sections left off the page, each with the editor's reason
      where: The site list is out of date; the registry record has the current one.
    glossary:                        # extra glossary entries for this page only (prompts/glossary format)
      - {term: tendinopathy, kind: condition, plain: a sore and worn tendon}

``build`` and ``preview`` both apply them in :class:`~summarizer.pipeline.PageMaker`, before the
checks, so hand-written text is held to the same rules as drafted text. When the record's
``last_update`` is no longer the one the override was written for, the override is still applied
but flagged ``stale`` on the page (JSON, preview): the record changed under the editor's text.
"""
from __future__ import annotations

import copy
import datetime
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .drafting import Drafter
from .drafting.phrases import SECTION_IDS
from .drafting.rules import tidy
from .errors import ConfigError
from .glossary import GlossaryEntry
from .models import Draft, Finding, PageOverride, Trial
from .yamlio import load_yaml

log = logging.getLogger(__name__)

OVERRIDES_DIR = "overrides"


class OverrideFile(BaseModel):
    """One ``overrides/<ID>.yaml``, validated: unknown keys and section ids are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record_last_update: str = Field(description="the record's last-update date (YYYY-MM-DD or YYYY-MM) it was written for")
    sections: dict[str, str] = Field(default_factory=dict, description="section id -> replacement text")
    hide: dict[str, str] = Field(default_factory=dict, description="section id -> why it is hidden")
    glossary: list[GlossaryEntry] = Field(default_factory=list)

    @field_validator("record_last_update", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # YAML reads an unquoted 2019-05-21 as a date.
        return value.isoformat() if isinstance(value, datetime.date) else value

    @field_validator("sections", "hide")
    @classmethod
    def _known_sections(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SECTION_IDS))
        if unknown:
            raise ValueError(f"unknown section id(s) {', '.join(unknown)}; use {', '.join(SECTION_IDS)}")
        blank = sorted(key for key, text in value.items() if not text.strip())
        if blank:
            raise ValueError(f"empty text for {', '.join(blank)}")
        return value

    @model_validator(mode="after")
    def _not_both(self) -> OverrideFile:
        both = sorted(set(self.sections) & set(self.hide))
        if both:
            raise ValueError(f"section(s) {', '.join(both)} both replaced and hidden: choose one")
        return self


def _problems(path: Path, error: ValidationError) -> list[str]:
    return [f"{path.name}: {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()]


def _with_glossary(drafter: Drafter, entries: Iterable[GlossaryEntry]) -> Drafter:
    """A copy of ``drafter`` whose glossary has ``entries`` too. Model drafters word facts through
    their rules drafter (``.rules``), so that is where the glossary goes."""
    rules = getattr(drafter, "rules", drafter)
    if not hasattr(rules, "glossary"):
        raise ConfigError([f"the {drafter.name} drafter takes no glossary entries"], source=OVERRIDES_DIR)
    extended = copy.copy(rules)
    extended.glossary = rules.glossary.with_entries(entries)
    if rules is drafter:
        return extended
    wrapper = copy.copy(drafter)
    wrapper.rules = extended
    return wrapper


class Overrides:
    """Every override file of a workspace, loaded and validated once per run."""

    def __init__(self, files: dict[str, OverrideFile]):
        self.files = files
        self._drafters: dict[str, Drafter] = {}

    @classmethod
    def load(cls, workspace: Path | None) -> Overrides:
        """``<workspace>/overrides/*.yaml``; every invalid file and key reported in one ConfigError."""
        folder = workspace / OVERRIDES_DIR if workspace is not None else None
        if folder is None or not folder.is_dir():
            return cls({})
        files: dict[str, OverrideFile] = {}
        problems: list[str] = []
        for path in sorted(folder.glob("*.yaml")):
            try:
                data = load_yaml(path.read_text(encoding="utf-8"))
                files[path.stem] = OverrideFile.model_validate(data if data is not None else {})
            except yaml.YAMLError as exc:
                problems.append(f"{path.name}: cannot read YAML: {' '.join(str(exc).split())}")
            except ValidationError as exc:
                problems.extend(_problems(path, exc))
            except OSError as exc:
                problems.append(f"{path.name}: {exc.strerror or exc}")
        if problems:
            raise ConfigError(problems, source=str(folder))
        log.info("%d editor override(s) in %s", len(files), folder)
        return cls(files)

    def draft(self, drafter: Drafter, trial: Trial, draft: Draft | None = None) -> Draft:
        """The draft of ``trial`` (``draft`` when already drafted) with its override applied. An override
        with glossary entries drafts the record again with them: they change how names are explained."""
        override = self.files.get(trial.id)
        if override is None:
            return draft or drafter.draft(trial)
        if override.glossary:
            if trial.id not in self._drafters:
                self._drafters[trial.id] = _with_glossary(drafter, override.glossary)
            draft = self._drafters[trial.id].draft(trial)
        draft = draft or drafter.draft(trial)
        sections = [
            s.model_copy(update={"text": tidy(override.sections[s.id]), "drafter": "editor", "variant": "override",
                                 "model": None, "prompt_version": None, "fallback_reasons": []})
            if s.id in override.sections else s
            for s in draft.sections if s.id not in override.hide
        ]
        return draft.model_copy(update={"sections": sections})

    def checked(self, trial: Trial, findings: list[Finding]) -> tuple[list[Finding], PageOverride | None]:
        """The page's findings and its override summary. A section the editor hid on purpose is not
        missing by mistake: its ``section.missing`` finding is kept but suppressed."""
        override = self.files.get(trial.id)
        if override is None:
            return findings, None
        current = trial.last_update.date if trial.last_update else None
        summary = PageOverride(
            file=f"{OVERRIDES_DIR}/{trial.id}.yaml",
            sections=[sid for sid in SECTION_IDS if sid in override.sections],
            hidden={sid: override.hide[sid] for sid in SECTION_IDS if sid in override.hide},
            glossary=[entry.term for entry in override.glossary],
            written_for=override.record_last_update,
            record_last_update=current,
            stale=override.record_last_update != current,
        )
        if summary.stale:
            log.warning("%s: written for the record as updated on %s, but the record was updated on %s since; "
                        "check the hand-written text still holds", summary.file, summary.written_for, current)
        excused = [f.model_copy(update={"suppressed": True})
                   if f.check == "section.missing" and f.value in override.hide else f for f in findings]
        return excused, summary


def unmatched_overrides(workspace: Path | None, held: Callable[[str], bool]) -> list[str]:
    """The override files whose study no input of the build holds (``held(ID)`` is false), each
    logged as a warning: a mistyped ID would otherwise be ignored without a word."""
    folder = workspace / OVERRIDES_DIR if workspace is not None else None
    if folder is None or not folder.is_dir():
        return []
    files = [f"{OVERRIDES_DIR}/{path.name}" for path in sorted(folder.glob("*.yaml")) if not held(path.stem)]
    for name in files:
        log.warning("%s: no input of this build holds study %s, so the override is not used (is the ID right?)",
                    name, Path(name).stem)
    return files
