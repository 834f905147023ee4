"""The stat poller behind preview: what counts as a change, settling bursts, folders that appear later."""
import os
import threading
import time

from summarizer.watch import ChangeWatcher, changed_paths, snapshot


def test_snapshot_lists_files_under_folders_and_skips_hidden_swap_and_missing(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html.j2").write_text("a")
    (tmp_path / "templates" / ".page.html.j2.swp").write_text("swap")
    (tmp_path / "templates" / "page.html.j2~").write_text("backup")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    (tmp_path / "record.json").write_text("{}")
    expected = [str(tmp_path / "record.json"), str(tmp_path / "templates" / "page.html.j2")]
    assert sorted(snapshot([tmp_path / "templates", tmp_path / "record.json", tmp_path / "overrides"])) == expected
    assert sorted(snapshot([tmp_path])) == expected


def test_changed_paths_are_added_removed_and_modified_files(tmp_path):
    kept, edited, removed = (tmp_path / name for name in ("kept", "edited", "removed"))
    for path in (kept, edited, removed):
        path.write_text("1")
    before = snapshot([tmp_path])
    edited.write_text("22")
    removed.unlink()
    (tmp_path / "added").write_text("1")
    assert changed_paths(before, snapshot([tmp_path])) == {str(edited), str(removed), str(tmp_path / "added")}


def test_a_replaced_file_of_the_same_size_and_time_is_a_change(tmp_path):
    path = tmp_path / "page.html.j2"
    path.write_text("old")
    before = snapshot([tmp_path])
    stamp = path.stat().st_mtime_ns
    replacement = tmp_path / "new"
    replacement.write_text("new")
    replacement.replace(path)  # how editors and write_atomic save: a new inode
    os.utime(path, ns=(stamp, stamp))
    assert changed_paths(before, snapshot([tmp_path])) == {str(path)}


def test_poll_waits_for_a_burst_of_edits_to_settle(tmp_path):
    watcher = ChangeWatcher([tmp_path], lambda changed: None, interval=0.05, settle=0.15)

    def burst():
        for index in range(4):
            (tmp_path / f"file{index}.yaml").write_text("x")
            time.sleep(0.05)

    writer = threading.Thread(target=burst)
    writer.start()
    time.sleep(0.02)
    changed = watcher.poll()
    writer.join()
    assert changed == {str(tmp_path / f"file{index}.yaml") for index in range(4)}
    assert watcher.poll() == set()


def test_watcher_reports_a_file_in_a_folder_created_after_it_started(tmp_path):
    reported: list[set[str]] = []
    done = threading.Event()

    def on_change(changed):
        reported.append(changed)
        done.set()

    with ChangeWatcher([tmp_path / "overrides"], on_change, interval=0.05, settle=0.05):
        (tmp_path / "overrides").mkdir()
        (tmp_path / "overrides" / "NCT00460005.yaml").write_text("record_last_update: 2008-04-15\n")
        assert done.wait(5), "no change reported within 5 s"
    assert reported == [{str(tmp_path / "overrides" / "NCT00460005.yaml")}]


def test_a_failing_callback_does_not_stop_the_watcher(tmp_path):
    calls: list[set[str]] = []
    second = threading.Event()

    def on_change(changed):
        calls.append(changed)
        if len(calls) == 1:
            raise RuntimeError("a bad rebuild")
        second.set()

    with ChangeWatcher([tmp_path], on_change, interval=0.05, settle=0.05):
        (tmp_path / "a").write_text("1")
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        (tmp_path / "b").write_text("1")
        assert second.wait(5)
    assert calls[1] == {str(tmp_path / "b")}
