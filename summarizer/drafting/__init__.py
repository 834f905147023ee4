"""Drafters turn a Trial into lay sections. A small registry keyed by name, like simonw/llm's models."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..errors import UsageError
from ..models import Draft, Trial


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


def _rules(**options: Any) -> Drafter:
    from .rules import RulesDrafter

    return RulesDrafter(**options)


register_drafter("rules", _rules)
