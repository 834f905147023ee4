"""The rules drafter's phrase bank (``prompts/phrases.yaml``), validated once at load."""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from string import Formatter
from typing import NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import ConfigError
from ..workspace import find_file
from ..yamlio import load_yaml

SECTION_IDS = (
    "summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join",
    "what_happens", "where", "who_runs", "at_a_glance",
)

OUTLOOK_PLACEHOLDERS = frozenset({"condition", "it"})  # "this condition"/"these conditions", "it"/"them"


class CriteriaRule(BaseModel):
    """``text`` for an item ``pattern`` matches, unless ``unless`` matches it too (a negated
    "no diagnosis of cancer" must not read as "You must have a confirmed diagnosis")."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    pattern: str
    text: str
    unless: str | None = None

    @field_validator("pattern", "unless")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        try:
            re.compile(value or "")
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


class CompiledRule(NamedTuple):
    pattern: re.Pattern[str]
    text: str
    unless: re.Pattern[str] | None

    def matches(self, item: str) -> bool:
        return bool(self.pattern.search(item)) and not (self.unless and self.unless.search(item))


class CriteriaRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    include: list[CriteriaRule] = []
    exclude: list[CriteriaRule] = []


class PhraseBank(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: dict[str, str]
    site_status: dict[str, str]
    phase: dict[str, str]
    study_type: dict[str, str]
    intervention_type: dict[str, str]
    arm_type: dict[str, str]
    purpose_outlook: dict[str, str]
    masking: dict[str, str]
    allocation: dict[str, str]
    intervention_model: dict[str, str]
    sponsor_class: dict[str, str]
    risk: dict[str, str]
    criteria_rules: CriteriaRules
    sections: dict[str, str]

    @field_validator("sections")
    @classmethod
    def _all_sections(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [sid for sid in SECTION_IDS if sid not in value]
        if missing:
            raise ValueError(f"titles missing for sections: {', '.join(missing)}")
        return value

    @field_validator("purpose_outlook")
    @classmethod
    def _outlook_fallbacks(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [key for key in ("DEFAULT", "SHORT", "OBSERVATIONAL") if key not in value]
        unknown = sorted({f"{{{name}}}" for text in value.values() for _, name, _, _ in Formatter().parse(text)
                          if name is not None and name not in OUTLOOK_PLACEHOLDERS})
        problems = ([f"purpose_outlook needs: {', '.join(missing)}"] if missing else []) + (
            [f"purpose_outlook may use only {{condition}} and {{it}}, not {', '.join(unknown)}"] if unknown else [])
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @cached_property
    def compiled_criteria(self) -> dict[str, list[CompiledRule]]:
        return {
            kind: [CompiledRule(re.compile(rule.pattern, re.IGNORECASE), rule.text,
                                re.compile(rule.unless, re.IGNORECASE) if rule.unless else None) for rule in rules]
            for kind, rules in (("include", self.criteria_rules.include), ("exclude", self.criteria_rules.exclude))
        }

    @classmethod
    def load(cls, workspace: Path | None = None) -> "PhraseBank":
        path = find_file("prompts", "phrases.yaml", workspace)
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
            return cls.model_validate(data)
        except yaml.YAMLError as exc:
            raise ConfigError([str(exc)], source=str(path)) from exc
        except ValidationError as exc:
            problems = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
            raise ConfigError(problems, source=str(path)) from exc
