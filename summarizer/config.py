"""Settings from ``summarizer.yaml`` or ``[tool.summarizer]`` in ``pyproject.toml``; CLI flags override.

Validated by pydantic with ``extra="forbid"`` so a misspelt key is an error, and every problem in
the file is reported at once.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .yamlio import load_yaml
from .checks.config import CheckConfig, validation_problems
from .errors import ConfigError

CONFIG_NAMES = ("summarizer.yaml", "summarizer.yml")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    drafter: str = "rules"
    model: str | None = None
    show_contacts: bool = Field(False, description="publish the record's central contacts on pages")
    formats: list[Literal["html", "md", "json"]] = ["html", "md", "json"]
    check: CheckConfig = Field(default_factory=CheckConfig)


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("summarizer", {})
        else:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([str(exc)], source=str(path)) from exc
    if not isinstance(data, dict):
        raise ConfigError(["the file must hold a mapping of settings"], source=str(path))
    return data


def find_config(folder: Path) -> Path | None:
    """``summarizer.yaml`` in ``folder``, else a ``pyproject.toml`` there with ``[tool.summarizer]``."""
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "[tool.summarizer" in pyproject.read_text(encoding="utf-8"):
        return pyproject
    return None


def load_settings(path: Path | None = None, folder: Path | None = None, **overrides: Any) -> Settings:
    """Settings from ``path`` (or the one found in ``folder``), with non-None ``overrides`` applied."""
    source = path or (find_config(folder) if folder else None)
    data = _read(source) if source else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_problems(exc), source=str(source or "options")) from exc
