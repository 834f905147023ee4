"""Settings from ``summarizer.yaml`` or ``[tool.summarizer]`` in ``pyproject.toml``; CLI flags override.

Validated by pydantic with ``extra="forbid"`` so a misspelt key is an error, and every problem in
the file is reported at once.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .yamlio import load_yaml
from .checks.config import CheckConfig, validation_problems
from .drafting import drafter_names
from .errors import ConfigError

CONFIG_NAMES = ("summarizer.yaml", "summarizer.yml")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class OpenAISettings(BaseModel):
    """The ``openai:`` block: the ``openai`` drafter's server and how patiently it is asked. The
    drafter merges it with the environment (``summarizer/drafting/openai_drafter.py``); the API key
    itself never goes in a file, only the name of the variable that holds it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str | None = Field(None, description="the server's API root, e.g. http://127.0.0.1:8000/v1")
    model: str | None = Field(None, description="the served model's name (--model or `model:` win over it)")
    api_key_env: str = Field("OPENAI_API_KEY", description="the NAME of the environment variable holding the key")
    concurrency: int = Field(4, ge=1, le=256, description="requests in flight at once")
    timeout: float = Field(60.0, gt=0, description="seconds one attempt may take, start to end")
    retries: int = Field(3, ge=0, le=10, description="further attempts after a 429, a 5xx or a network error")
    backoff: float = Field(1.0, ge=0, description="seconds before the first retry; doubles each time")
    give_up_after: int = Field(20, ge=1, description="failed requests in a row after which no more are sent")

    @field_validator("base_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// address, e.g. http://127.0.0.1:8000/v1")
        return value

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str) -> str:
        if not ENV_NAME.fullmatch(value):
            raise ValueError("must be the name of the environment variable that holds the key "
                             "(letters, digits and _), never the key itself")
        return value


def _problems(error: ValidationError) -> list[str]:
    """One line per problem; what was given for ``api_key_env`` is left out: it may be a pasted key."""
    return [problem.split(" (got ", 1)[0] if problem.startswith("openai.api_key_env:") else problem
            for problem in validation_problems(error)]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    drafter: str = "rules"
    model: str | None = None
    show_contacts: bool = Field(False, description="publish the record's central contacts on pages")
    formats: list[Literal["html", "md", "json"]] = ["html", "md", "json"]
    check: CheckConfig = Field(default_factory=CheckConfig)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)

    @field_validator("drafter")
    @classmethod
    def _known_drafter(cls, value: str) -> str:
        """Checked here, against the drafter registry, so an unknown name is reported with the rest."""
        if value not in drafter_names():
            raise ValueError(f"unknown drafter; choose one of: {', '.join(drafter_names())}")
        return value


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
        raise ConfigError(_problems(exc), source=str(source or "options")) from exc
