"""Shared test fixtures. Real records live in tests/fixtures; the larger corpora in ../shared are optional."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(ROOT.parent / "shared")

# The word table that checks map (checks/wordfreq_table.py) goes to a folder of this run, not to the
# user's cache; the commands the tests start inherit it.
_CACHE = tempfile.mkdtemp(prefix="summarizer-test-cache-")
os.environ["SUMMARIZER_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or a clean skip where a clone has none."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent (only the project's own fixtures are available)")
    return SHARED


# --------------------------------------------------------------------------- preview and browser tests

PREVIEW_RECORDS = ("NCT03630471.json", "NCT00460005.xml")


@pytest.fixture
def preview_workspace(tmp_path) -> Path:
    """A workspace of the editor's kind: copies of templates/ and prompts/, and two real records in inputs/."""
    workspace = tmp_path / "workspace"
    for name in ("templates", "prompts"):
        shutil.copytree(ROOT / name, workspace / name)
    (workspace / "inputs").mkdir()
    for name in PREVIEW_RECORDS:
        shutil.copy(FIXTURES / "records" / name, workspace / "inputs" / name)
    return workspace


def pytest_terminal_summary(terminalreporter) -> None:
    """Say loudly when the browser tests did not run: a quiet skip would read as a pass."""
    # A module skipped whole (importorskip: the model tests without the model extra) leaves a
    # collect report, which has no keywords.
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "browser" in getattr(r, "keywords", {})]
    if skipped:
        reason = skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else str(skipped[0].longrepr)
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser test(s) did not run: {reason.removeprefix('Skipped: ')}",
                                    red=True, bold=True)
        terminalreporter.write_line("Install Debian's chromium (apt-get install chromium chromium-driver) or run "
                                    ".ci/run, which installs it.", red=True, bold=True)
