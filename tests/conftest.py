"""Shared test fixtures. Real records live in tests/fixtures; the larger corpora in ../shared are optional."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(ROOT.parent / "shared")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or a clean skip where a clone has none."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent (only the project's own fixtures are available)")
    return SHARED
