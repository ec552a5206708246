"""Files checked in worker processes, their results handed back in input order (``-j N``).

A command that checks many files (``validate``, ``test``) maps one function over them with
:func:`ordered_map`: with one job it runs in this process; with more, in a pool of worker
processes, at most a few files ahead of the one being printed, so that memory stays flat however
many files there are and the output is the same, byte for byte, whatever the number of jobs.
"""

from __future__ import annotations

import collections
import os
import signal
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import multiprocessing.pool

T = TypeVar("T")
R = TypeVar("R")

# Files handed to the pool ahead of the one being printed, per worker: enough to keep every
# worker busy while a slow file holds up the output, few enough that results do not pile up.
AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    """The processors this process may run on (its affinity), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _ignore_interrupt() -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (it stops the pool
    # and says so in one line), so the workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(
    function: Callable[[T], R], items: Iterable[T], jobs: int
) -> Generator[R, None, None]:
    """``function(item)`` for each item, in the items' order; ``jobs`` worker processes when
    more than one. ``function`` must be a module-level function and its results picklable. An
    exception raised by ``function`` is raised here, at its item, after the pool is stopped."""
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing  # one file, one job: no pool, and none of its modules loaded

    methods = multiprocessing.get_all_start_methods()
    # fork starts a worker with the modules already imported; spawn where there is no fork.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = context.Pool(jobs, initializer=_ignore_interrupt)
    try:
        pending: collections.deque[multiprocessing.pool.AsyncResult[R]] = collections.deque()
        source = iter(items)
        window = jobs * AHEAD_PER_WORKER
        for item in source:
            pending.append(pool.apply_async(function, (item,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()  # an error, Ctrl-C or a reader that stopped early: stop every worker
        pool.join()
