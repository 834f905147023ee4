"""ordered_map: input order whatever the workers, local steps, worker logs, errors, the collector."""
import gc
import logging
from collections import Counter
import os
import subprocess
import sys

import pytest

from summarizer.parallel import GC_THRESHOLD, fewer_collections, ordered_map

STATE: dict[str, int] = {}


def start(offset: int) -> None:
    STATE["offset"] = offset
    STATE["pid"] = os.getpid()


def work(numbers: list[int]) -> list[tuple[int, int]]:
    if -1 in numbers:
        raise ValueError("a worker failed")
    if 13 in numbers:
        logging.getLogger("summarizer.test_worker").warning("unlucky %d in pid %d", 13, os.getpid())
    return [(n + STATE["offset"], os.getpid()) for n in numbers]


def remote(step: list[int]) -> list[int] | None:
    return step or None  # an empty step is handled by the main process alone


STEPS = [[n, n + 1] if n % 5 else [] for n in range(0, 60, 2)]


@pytest.mark.parametrize("jobs", [0, 1, 2])
def test_steps_come_back_in_order_with_their_results(jobs):
    out = list(ordered_map(iter(STEPS), remote, work, jobs, start, lambda: (100,), window=3, max_pending=4))
    assert [step for step, _result in out] == STEPS
    for step, result in out:
        assert result is None if not step else [n for n, _pid in result] == [n + 100 for n in step]
    pids = {pid for _step, result in out if result for _n, pid in result}
    assert (pids == {os.getpid()}) if jobs == 0 else (os.getpid() not in pids)


def test_the_pool_is_replaced_after_its_tasks_and_order_holds():
    out = list(ordered_map(iter(STEPS), remote, work, 2, start, lambda: (0,), max_tasks=2))
    assert [step for step, _result in out] == STEPS
    tasks_by_pid = Counter(result[0][1] for _step, result in out if result)
    # 2 workers x 2 tasks per pool: no process ran more than 4 tasks, and every pool had fresh ones.
    assert max(tasks_by_pid.values()) <= 4 and len(tasks_by_pid) >= len([s for s in STEPS if s]) // 4


def test_what_workers_log_reaches_the_main_process(caplog):
    caplog.set_level(logging.WARNING)
    list(ordered_map(iter([[12, 13]]), remote, work, 2, start, lambda: (0,)))
    assert "unlucky 13" in caplog.text
    assert caplog.records[0].name == "summarizer.test_worker"


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="a worker failed"):
        list(ordered_map(iter([[1], [-1], [3]]), remote, work, 2, start, lambda: (0,)))


@pytest.mark.parametrize("jobs", [0, 2])
def test_nothing_starts_when_no_step_needs_a_worker(jobs):
    def never() -> tuple:
        raise AssertionError("initargs asked for")
    assert list(ordered_map(iter([[], []]), remote, work, jobs, start, never)) == [([], None), ([], None)]


def test_a_run_with_many_worker_replacements_finishes():
    """Replacement workers are forked by the pool's helper thread, which ends at close(); a 10,000-record
    build once hung there (workers killed with it, then terminate() waiting for a lock one held). In a
    child process, so that a hang fails this test instead of stalling the suite."""
    code = """
from summarizer.parallel import GC_THRESHOLD, fewer_collections, ordered_map
def start(): pass
def work(numbers): return [n + 1 for n in numbers]
out = list(ordered_map(iter([[n] for n in range(400)]), lambda s: s, work, 2, start, tuple, max_tasks=1))
assert [r for _s, r in out] == [[n + 1] for n in range(400)]
"""
    for _ in range(3):
        subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def thresholds(_step: list[int]) -> tuple[int, int, int]:
    return gc.get_threshold()


@pytest.mark.parametrize("jobs", [0, 2])
def test_collections_are_rarer_while_steps_run_and_as_before_after(jobs):
    before = gc.get_threshold()
    out = list(ordered_map(iter([[1], [2]]), remote, thresholds, jobs, start, lambda: (0,)))
    assert {result[0] for _step, result in out} == {GC_THRESHOLD}  # in the workers, or here with jobs 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_fewer_collections_restores_the_collector_even_on_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == GC_THRESHOLD and gc.get_freeze_count() > 0
        raise RuntimeError("stop")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_workers_are_forked_by_the_main_thread_only(monkeypatch):
    """multiprocessing's maxtasksperchild forks replacements from a helper thread, at any moment: a
    worker forked while the main thread was inside SQLite hung on SQLite's inherited mutex."""
    import multiprocessing.context
    import threading

    forked_by: list[str] = []
    original = multiprocessing.context.ForkProcess._Popen

    def record(process_obj):
        forked_by.append(threading.current_thread().name)
        return original(process_obj)

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "_Popen", staticmethod(record))
    out = list(ordered_map(iter(STEPS), remote, work, 2, start, lambda: (0,), max_tasks=1))
    assert [step for step, _result in out] == STEPS
    assert len(forked_by) >= 12 and set(forked_by) == {threading.main_thread().name}
