"""Ordered work in worker processes, with bounded memory and no orphans.

``ordered_map`` runs the remote part of each step in a pool of worker processes and hands the
steps back in their input order, so whatever the number of workers, the main process sees the
same sequence (and writes the same output). At most ``window`` steps are in flight and at most
``max_pending`` wait in order, so memory does not grow with the input; the pool is replaced by a
fresh one after ``max_tasks`` steps per worker, so neither do the caches of the code it runs. The
fresh pool is forked by the main thread between steps, never by ``multiprocessing``'s own
``maxtasksperchild``, which forks from a helper thread at any moment: a worker forked while the
main thread was inside SQLite inherited SQLite's memory mutex locked, and hung for ever opening
the store (seen once in a 100,000-record build). Workers ignore Ctrl-C
(the main process stops them) and die with the main process even when it is killed with SIGKILL,
which no ``finally`` can handle: each watches its parent and leaves when it is gone. (Linux's
parent-death signal would not do: it follows the *thread* that forked, and the pool forks fresh
workers from a helper thread that ends at ``close()``, killing them while one may hold the task
queue's lock.) What workers log is handed to the main process's loggers (the logging cookbook's
queue pattern), so a warning looks the same from any process. The main process's objects are
frozen out of the garbage collector while workers run (``gc.freeze``): a worker's collections then
do not touch, and so copy, the memory it shares with the main process. While steps run, in the
workers and here, collections are rarer (``fewer_collections``).
"""
from __future__ import annotations

import gc
import logging
import logging.handlers
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

log = logging.getLogger(__name__)

Step = TypeVar("Step")
PARENT_CHECK_SECONDS = 0.5
GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation (Python's default: 700)


class _ToOwnLogger(logging.Handler):
    """In the main process: a worker's log record goes to the logger of the same name, as if logged here."""

    def handle(self, record: logging.LogRecord) -> bool:
        logging.getLogger(record.name).handle(record)
        return True


def _leave_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # the main process is gone: nobody will collect this worker's results


def _worker_start(parent: int, log_queue: Any, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True, name="parent-watch").start()
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    root.addHandler(logging.handlers.QueueHandler(log_queue))
    initializer(*initargs)
    gc.freeze()  # what the worker set up lives as long as it does: the collector need not walk it
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector runs every GC_THRESHOLD allocations instead of every 700, and
    skips what existed before: making pages allocates millions of short-lived objects, nearly none
    in cycles, and each collection walked the glossary and caches again (a tenth of a build's time)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def ordered_map(
    steps: Iterable[Step],
    remote: Callable[[Step], Any],
    run: Callable[[Any], Any],
    jobs: int,
    initializer: Callable[..., None],
    initargs: Callable[[], tuple[Any, ...]] = tuple,
    window: int | None = None,
    max_pending: int = 4096,
    max_tasks: int | None = None,
) -> Iterator[tuple[Step, Any]]:
    """``(step, run(remote(step)))`` for every step, in order; ``None`` instead of running when
    ``remote(step)`` is None (a step the main process handles alone).

    Nothing starts before the first step that needs running: then ``initargs()`` is called, once,
    in this process, and ``initializer(*initargs())`` runs in each worker (with ``jobs`` 0, in
    this process: no pickling, same results). So a run where no step needs a worker pays for
    neither. ``run`` and ``initializer`` must be module-level functions; workers are forked, so the
    arguments need not be picklable.
    """
    if jobs < 1:
        with fewer_collections():
            started = False
            for step in steps:
                payload = remote(step)
                if payload is not None and not started:
                    initializer(*initargs())
                    started = True
                yield step, None if payload is None else run(payload)
        return
    window = window or 2 * jobs
    context = multiprocessing.get_context("fork")
    log_queue = context.Queue()
    listener = logging.handlers.QueueListener(log_queue, _ToOwnLogger())
    listener.start()

    def start_pool() -> Any:
        args = initargs()
        gc.freeze()
        return context.Pool(jobs, initializer=_worker_start, initargs=(os.getpid(), log_queue, initializer, args))

    try:
        with fewer_collections():
            yield from _in_pool(start_pool, steps, remote, run, window, max_pending,
                                jobs * max_tasks if max_tasks else None)
    finally:
        listener.stop()


def _in_pool(start_pool: Callable[[], Any], steps: Iterable[Step], remote: Callable[[Step], Any],
             run: Callable[[Any], Any], window: int, max_pending: int,
             pool_tasks: int | None) -> Iterator[tuple[Step, Any]]:
    """``ordered_map`` with a pool; after ``pool_tasks`` tasks, the pool's results are all handed
    back and a fresh pool is started, here, for the rest (see the module docstring: why not
    ``maxtasksperchild``)."""
    pool = None
    submitted = in_flight = 0
    pending: deque[tuple[Step, AsyncResult | None]] = deque()

    def ready() -> bool:
        head = pending[0][1]
        return head is None or head.ready() or in_flight >= window or len(pending) >= max_pending

    def hand_back() -> tuple[Step, Any]:
        nonlocal in_flight
        done, task = pending.popleft()
        in_flight -= task is not None
        return done, None if task is None else task.get()

    try:
        for step in steps:
            payload = remote(step)
            if payload is not None and pool is not None and pool_tasks and submitted >= pool_tasks:
                while pending:
                    yield hand_back()
                _retire(pool)
                pool = None
            if payload is not None and pool is None:
                pool, submitted = start_pool(), 0
            task = None if payload is None else pool.apply_async(run, (payload,))
            submitted += task is not None
            in_flight += task is not None
            pending.append((step, task))
            while pending and ready():
                yield hand_back()
        while pending:
            yield hand_back()
        if pool is not None:
            _retire(pool)
            pool = None
    finally:
        # Only a pool left mid-run is terminated: after a clean join there is nothing to stop, and
        # terminate() would wait for the task queue's lock, which a worker that died holding it keeps.
        if pool is not None:
            pool.terminate()


def _retire(pool: Any) -> None:
    pool.close()  # workers exit on their own, after handing over what they logged
    pool.join()
