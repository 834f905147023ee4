"""Atomic writes: the file appears whole or not at all, and no temporary file is left."""
import pytest

from summarizer.fsutil import write_atomic


def test_write_creates_folders_and_replaces(tmp_path):
    target = tmp_path / "a" / "b" / "page.html"
    write_atomic(target, "one")
    write_atomic(target, "two ✓")
    assert target.read_text(encoding="utf-8") == "two ✓"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "page.json"
    write_atomic(target, "old")
    with pytest.raises(TypeError):
        write_atomic(target, None)  # type: ignore[arg-type]
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["page.json"]
