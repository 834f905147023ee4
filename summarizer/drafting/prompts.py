"""Model prompt templates: ``prompts/model/<section id>.yaml``, one per section, validated and versioned.

A template names the facts its section may use (``facts``) and writes a system and a user message
with ``{variable}`` placeholders (``{{``/``}}`` for literal braces). The version goes into the page
JSON and into the model cache key, so bump it whenever the wording changes. A placeholder the
drafter does not provide is a :class:`~summarizer.errors.PromptVariableError`, found when the
prompts load rather than halfway through a batch.
"""
from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError, PromptVariableError
from ..workspace import list_files
from .phrases import SECTION_IDS
from ..yamlio import load_yaml

PROMPT_FOLDER = "model"


@dataclass(frozen=True)
class RenderedPrompt:
    """What is sent to a model for one section: the messages plus the decoding limits."""

    section_id: str
    version: str  # "<section id>@<version>"
    system: str
    user: str
    max_new_tokens: int

    @property
    def text(self) -> str:
        """The whole prompt as one string (what the cache compares and the audit log keeps)."""
        return f"{self.system}\n\n{self.user}"


class PromptTemplate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int = Field(ge=1)
    facts: list[str] = Field(min_length=1, description="the facts this section may use, by name")
    max_words: int = Field(120, ge=10, description="the longest section the model is asked for")
    max_new_tokens: int = Field(200, ge=8, le=4096)
    system: str
    user: str

    @field_validator("id")
    @classmethod
    def _known_section(cls, value: str) -> str:
        if value not in SECTION_IDS:
            raise ValueError(f"not a section id; choose one of: {', '.join(SECTION_IDS)}")
        return value

    @field_validator("system", "user")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        for _literal, name, spec, conversion in string.Formatter().parse(value):
            if name is not None and (not name.isidentifier() or spec or conversion):
                raise ValueError(f"placeholder {{{name}}} must be a plain {{name}} without format spec or attribute")
        return value

    @property
    def version_id(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def placeholders(self) -> set[str]:
        return {name for text in (self.system, self.user)
                for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}

    def require_only(self, provided: Iterable[str]) -> None:
        """Raise :class:`PromptVariableError` if a placeholder is not among ``provided``."""
        unknown = self.placeholders - set(provided)
        if unknown:
            raise PromptVariableError(self.version_id, list(unknown))

    def render(self, variables: Mapping[str, object]) -> RenderedPrompt:
        self.require_only(variables)
        return RenderedPrompt(
            section_id=self.id, version=self.version_id, max_new_tokens=self.max_new_tokens,
            system=self.system.format_map(variables).strip(), user=self.user.format_map(variables).strip(),
        )


def load_prompts(workspace: Path | None = None) -> dict[str, PromptTemplate]:
    """Section id -> template, from the workspace's ``prompts/model/`` first, then the bundled one.

    Every invalid file is reported in one ConfigError; a section without a file is drafted by rules.
    """
    problems: list[str] = []
    templates: dict[str, PromptTemplate] = {}
    for path in list_files("prompts", f"{PROMPT_FOLDER}/*.yaml", workspace):
        try:
            template = PromptTemplate.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{path}: {exc}".replace("\n", " "))
            continue
        except ValidationError as exc:
            problems += [f"{path.name}: {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
                         for e in exc.errors()]
            continue
        if template.id != path.stem:
            problems.append(f"{path.name}: id {template.id!r} does not match the file name")
            continue
        templates[template.id] = template
    if problems:
        raise ConfigError(problems, source="model prompts")
    return {sid: templates[sid] for sid in SECTION_IDS if sid in templates}
