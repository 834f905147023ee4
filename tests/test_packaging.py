"""The wheel carries the bundled defaults, so `summarizer` works from any folder once installed."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_templates_prompts_and_data(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "prompts"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert f"summarizer/_bundled/{path.relative_to(ROOT).as_posix()}" in names
    assert "summarizer/data/claims.yaml" in names
    assert not any(name.startswith(("tests/", "seeds/")) for name in names)
