"""YAML parsing through libyaml when PyYAML has it: the glossary alone takes about 1.5 s to parse
in pure Python and every build worker loads it, against about 0.1 s with the C loader."""
from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` semantics (no arbitrary objects), C-speed where available."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
