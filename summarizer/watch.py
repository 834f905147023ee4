"""Watch the preview's sources (inputs, templates/, prompts/, overrides/, config) and report edits once they settle.

A stat poller in one thread, with no dependency: it sees files and folders that do not exist yet
(a first ``overrides/`` file, a new ``summarizer.yaml``), works the same on every filesystem, and
costs a few milliseconds a round for an editor's workspace. On a large input folder it polls less
often (``interval`` grows with the time a scan takes), so watching never takes a core.

Edits come in bursts (an editor saving several files, a tool writing a temporary file and renaming
it), so changes are reported only once a round finds nothing new: the debounce mkdocs uses too.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

Signature = tuple[int, int, int]  # mtime_ns, size, inode
MAX_SETTLE_SECONDS = 3.0  # report a stream of writes that never pauses after this long anyway
SCAN_SHARE = 0.1  # at most this share of the time goes into scanning


def _ignored(name: str) -> bool:
    """Hidden files and folders, editor swap and backup files, Python caches."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")) or name == "__pycache__"


def snapshot(paths: Iterable[Path]) -> dict[str, Signature]:
    """Every file under ``paths`` (files or folders; missing ones are skipped) with its signature."""
    found: dict[str, Signature] = {}

    def visit(path: Path) -> None:
        try:
            info = path.stat()
        except OSError:
            return
        if path.is_dir():
            try:
                children = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError:
                return
            for child in children:
                if not _ignored(child.name):
                    visit(Path(child.path))
        else:
            found[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)

    for path in paths:
        visit(path)
    return found


def changed_paths(before: dict[str, Signature], after: dict[str, Signature]) -> set[str]:
    """Files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class ChangeWatcher:
    """Calls ``on_change(paths)`` in its own thread after edits under ``paths`` settle.

    ``on_change`` runs in the watcher's thread; edits made while it runs are reported by the next call.
    """

    def __init__(self, paths: Iterable[Path], on_change: Callable[[set[str]], None],
                 interval: float = 0.25, settle: float = 0.2):
        self.paths = [Path(p) for p in paths]
        self.on_change = on_change
        self.interval = interval
        self.settle = settle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="summarizer-watch", daemon=True)
        self._state = snapshot(self.paths)
        self._pause = interval

    def start(self) -> ChangeWatcher:
        self._thread.start()
        log.info("watching %s", ", ".join(str(p) for p in self.paths))
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)

    def __enter__(self) -> ChangeWatcher:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _scan(self) -> dict[str, Signature]:
        started = time.monotonic()
        state = snapshot(self.paths)
        self._pause = max(self.interval, (time.monotonic() - started) / SCAN_SHARE)
        return state

    def poll(self) -> set[str]:
        """One round: the files changed since the last round, after they settled ({} when none)."""
        state = self._scan()
        changed = changed_paths(self._state, state)
        if not changed:
            return set()
        deadline = time.monotonic() + MAX_SETTLE_SECONDS
        while time.monotonic() < deadline and not self._stop.wait(self.settle):
            later = self._scan()
            if later == state:
                break
            changed |= changed_paths(state, later)
            state = later
        self._state = state
        return changed

    def _run(self) -> None:
        while not self._stop.wait(self._pause):
            changed = self.poll()
            if changed and not self._stop.is_set():
                try:
                    self.on_change(changed)
                except Exception:  # the watcher must outlive one bad rebuild; the traceback goes to the log
                    log.exception("handling changes to %s failed", ", ".join(sorted(changed)))
