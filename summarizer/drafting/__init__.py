"""Drafters turn a Trial into lay sections. A small registry keyed by name, like simonw/llm's models."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from ..errors import UsageError
from ..models import Draft, Trial

log = logging.getLogger(__name__)


class Drafter(Protocol):
    name: str

    def draft(self, trial: Trial) -> Draft: ...


_FACTORIES: dict[str, Callable[..., Drafter]] = {}


def register_drafter(name: str, factory: Callable[..., Drafter]) -> None:
    _FACTORIES[name] = factory


def drafter_names() -> list[str]:
    return sorted(_FACTORIES)


def get_drafter(name: str, **options: Any) -> Drafter:
    if name not in _FACTORIES:
        raise UsageError(f"unknown drafter {name!r}; choose one of: {', '.join(drafter_names())}")
    return _FACTORIES[name](**options)


def _rules(*, model: str | None = None, check: Any = None, openai: Any = None, **options: Any) -> Drafter:
    """The rules drafter asks no model and needs no guardrails: ``model``, ``check`` and ``openai`` do not apply."""
    from .rules import RulesDrafter

    if model:
        log.warning("the rules drafter ignores model %s (use --drafter transformers or openai)", model)
    return RulesDrafter(**options)


register_drafter("rules", _rules)


# --- model drafters (issue 8): imported on first use, so importing summarizer never imports torch.
# Every factory takes workspace, show_contacts, model, check (the CheckConfig guarding the model)
# and openai (the settings' openai: block).


def _transformers(*, openai: Any = None, **options: Any) -> Drafter:
    from .transformers_drafter import TransformersDrafter

    return TransformersDrafter(**options)


def _openai(**options: Any) -> Drafter:
    from .openai_drafter import OpenAIDrafter

    return OpenAIDrafter(**options)


register_drafter("transformers", _transformers)
register_drafter("openai", _openai)


def draft_many(drafter: Drafter, trials: list[Trial]) -> list[Draft]:
    """Drafts of many trials: one batch for a drafter that batches (the model drafters), else one by one."""
    batch = getattr(drafter, "draft_many", None)
    return batch(trials) if batch else [drafter.draft(trial) for trial in trials]
