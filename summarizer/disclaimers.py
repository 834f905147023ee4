"""Attach the disclaimers the site must carry, from the policy in ``prompts/disclaimers.yaml``."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .yamlio import load_yaml
from .errors import ConfigError
from .models import Disclaimer, Trial
from .workspace import find_file

REQUIRED_IDS = ("not_medical_advice", "may_miss_details", "talk_to_doctor", "automated")
RECRUITING = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}

Condition = Literal["not_recruiting", "stopped", "has_results", "from_webpage", "no_registry_id"]
CONDITIONS: dict[str, Callable[[Trial], bool]] = {
    "not_recruiting": lambda t: t.overall_status is not None and t.overall_status not in RECRUITING,
    "stopped": lambda t: t.overall_status in {"TERMINATED", "WITHDRAWN", "SUSPENDED"},
    "has_results": lambda t: t.has_results,
    "from_webpage": lambda t: t.source_format == "webpage",
    "no_registry_id": lambda t: t.nct_id is None,
}


class DisclaimerRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    text: str
    link: str | None = None
    when: Condition | None = None


class DisclaimerPolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    required: list[DisclaimerRule]
    conditional: list[DisclaimerRule] = []

    @field_validator("required")
    @classmethod
    def _has_required(cls, rules: list[DisclaimerRule]) -> list[DisclaimerRule]:
        missing = [rid for rid in REQUIRED_IDS if rid not in {r.id for r in rules}]
        if missing:
            raise ValueError(f"the policy must require: {', '.join(missing)}")
        return rules

    @classmethod
    def load(cls, workspace: Path | None = None) -> "DisclaimerPolicy":
        path = find_file("prompts", "disclaimers.yaml", workspace)
        try:
            return cls.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        except yaml.YAMLError as exc:
            raise ConfigError([str(exc)], source=str(path)) from exc
        except ValidationError as exc:
            raise ConfigError([f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()], source=str(path)) from exc


class DisclaimerWriter:
    """Renders the policy's texts for one trial. Templates are compiled once per build."""

    def __init__(self, policy: DisclaimerPolicy):
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
        self.rules = [
            (rule, env.from_string(rule.text), env.from_string(rule.link) if rule.link else None)
            for rule in policy.required + policy.conditional
        ]

    def attach(self, trial: Trial, generated: str, last_update: str | None) -> list[Disclaimer]:
        context = {"t": trial, "generated": generated, "registry_url": trial.registry_url, "last_update": last_update}
        out = []
        for rule, text, link in self.rules:
            if rule.when and not CONDITIONS[rule.when](trial):
                continue
            rendered_link = link.render(context).strip() if link else ""
            out.append(Disclaimer(id=rule.id, text=" ".join(text.render(context).split()), link=rendered_link or None))
        return out
