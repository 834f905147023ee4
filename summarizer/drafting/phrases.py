"""The rules drafter's phrase bank (``prompts/phrases.yaml``), validated once at load."""
from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import ConfigError
from ..workspace import find_file
from ..yamlio import load_yaml

SECTION_IDS = (
    "summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join",
    "what_happens", "where", "who_runs", "at_a_glance",
)


class CriteriaRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    pattern: str
    text: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


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
        if missing:
            raise ValueError(f"purpose_outlook needs: {', '.join(missing)}")
        return value

    @cached_property
    def compiled_criteria(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        return {
            kind: [(re.compile(rule.pattern, re.IGNORECASE), rule.text) for rule in rules]
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
