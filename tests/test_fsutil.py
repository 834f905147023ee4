"""Atomic writes: the file appears whole or not at all, and no temporary file is left."""
import os

import pytest

from summarizer import fsutil
from summarizer.fsutil import discard_staged, publish_staged, write_atomic, write_staged


def test_write_creates_folders_and_replaces(tmp_path):
    target = tmp_path / "a" / "b" / "page.html"
    write_atomic(target, "one")
    write_atomic(target, "two ✓")
    assert target.read_text(encoding="utf-8") == "two ✓"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "page.json"
    write_atomic(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half a surrogate \ud800")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["page.json"]

    def disk_full(fd, mode):  # the temporary file exists, then writing it fails
        os.close(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil, "open", disk_full, raising=False)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["page.json"]


def test_staged_files_appear_only_when_published_and_vanish_when_discarded(tmp_path):
    kept, dropped = tmp_path / "trials" / "NCT1.md", tmp_path / "trials" / "NCT2.md"
    kept.parent.mkdir()
    kept.write_text("old\n")
    staged = {kept: write_staged(kept, "new\n")}
    other = {dropped: write_staged(dropped, "duplicate\n")}
    assert kept.read_text() == "old\n" and not dropped.exists()  # nothing visible before publishing
    publish_staged(staged)
    discard_staged(other)
    assert kept.read_text() == "new\n" and not dropped.exists()
    assert sorted(p.name for p in kept.parent.iterdir()) == ["NCT1.md"]  # no temporary file left


def test_a_streamed_write_makes_its_folder_and_leaves_no_temp_when_it_fails(tmp_path):
    target = tmp_path / "site" / "feeds" / "all.xml"
    with fsutil.open_atomic(target) as handle:
        handle.write("<feed/>\n")
    assert target.read_text() == "<feed/>\n"
    with pytest.raises(RuntimeError):
        with fsutil.open_atomic(target) as handle:
            handle.write("half")
            raise RuntimeError("stopped")
    assert target.read_text() == "<feed/>\n" and [p.name for p in target.parent.iterdir()] == ["all.xml"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_permissions_of_any_new_file(tmp_path, umask, mode):
    # tempfile.mkstemp made every published file 0600: unreadable to a web server running as another user
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "page.html", "x")
        with fsutil.open_atomic(tmp_path / "feed.xml") as handle:
            handle.write("y")
        publish_staged({tmp_path / "page.md": write_staged(tmp_path / "page.md", "z")})
    finally:
        os.umask(old)
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {"page.html": mode, "feed.xml": mode, "page.md": mode}


def test_a_temporary_name_left_by_a_killed_process_is_skipped(tmp_path, monkeypatch):
    import itertools

    monkeypatch.setattr(fsutil, "_names", itertools.count())
    stale = tmp_path / f".page.html.{os.getpid()}-0.tmp"
    stale.write_text("left by a process killed with the same pid")
    write_atomic(tmp_path / "page.html", "new")
    assert (tmp_path / "page.html").read_text() == "new" and stale.read_text().startswith("left")
    assert fsutil.remove_stale_temp_files(tmp_path) == 1 and not stale.exists()
