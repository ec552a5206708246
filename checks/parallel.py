"""Files checked in worker processes, their results handed back in input order (``-j N``).

A command that checks many files (``validate``, ``test``) maps one function over them with
:func:`ordered_map`: with one job it runs in this process; with more, in worker processes, at
most a few files ahead of the one being printed, so that memory stays flat however many files
there are and the output is the same, byte for byte, whatever the number of jobs.

Why not ``multiprocessing.Pool``: its workers share two queues, each guarded by a lock held
across processes, and ``Pool.terminate()`` kills the workers wherever they are. A worker killed
while it writes a result holds the result queue's lock for ever; the pool's task-handler thread
then waits for that lock to put its last message, and ``terminate()`` waits for that thread: the
command never exits (CPython issue 96995). It happened after an error in one file stopped
``validate -j 2``. Here each worker has two pipes of its own and nothing is shared, so stopping
needs no lock and no message: every worker is killed and reaped. A worker that dies shows as
the end of its pipe, an error at its file, never a wait.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

# Files handed out ahead of the one being printed, per worker: enough to keep every worker busy
# while a slow file holds up the output, few enough that results do not pile up.
AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    """The processors this process may run on (its affinity), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _hold_interrupts(hold: bool) -> None:
    """Hold SIGINT back (it stays pending), or let it through, where signals can be held."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK if hold else signal.SIG_UNBLOCK, {signal.SIGINT})


def _serve(
    function: Callable[[Any], Any], tasks: Connection, answers: Connection, others: list[Connection]
) -> None:
    """A worker: one item in, ``(True, result)`` or ``(False, exception)`` out, until the
    parent closes its end (or kills this process)."""
    # Ctrl-C reaches the whole process group: the parent alone handles it (it stops the workers
    # and says so in one line), so the workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _hold_interrupts(False)  # one that came while this worker started is dropped
    for end in others:  # the parent's ends, inherited: held here, the parent's exit is not seen
        end.close()
    while True:
        try:
            item = tasks.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[bool, Any] = (True, function(item))
        except Exception as error:
            answer = (False, error)
        try:
            try:
                answers.send(answer)
            except OSError:
                raise
            except Exception as unsent:  # not picklable: the error, in words the parent reads
                what = unsent if answer[0] else answer[1]
                answers.send((False, RuntimeError(f"{type(what).__name__}: {what}")))
        except OSError:  # the parent is gone
            return


class _Worker:
    """One worker process, the pipe that gives it an item and the one it answers on."""

    def __init__(
        self, context: BaseContext, function: Callable[[Any], Any], inherited: list[Connection]
    ) -> None:
        theirs, self.tasks = context.Pipe(duplex=False)
        self.answers, writer = context.Pipe(duplex=False)
        mine = [self.tasks, self.answers, *inherited]
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(function, theirs, writer, mine), daemon=True
        )
        self.process.start()
        # The worker's ends are closed here, so that the worker's death ends ``answers``.
        theirs.close()
        writer.close()

    def give(self, item: object) -> bool:
        """Send ``item``; False if the worker is dead."""
        try:
            self.tasks.send(item)
        except OSError:  # not raised: BrokenPipeError reads as the command's own reader gone
            return False
        return True

    def answer(self) -> tuple[bool, Any] | None:
        """The worker's answer; None if it died first."""
        try:
            answer: tuple[bool, Any] = self.answers.recv()
        except (EOFError, OSError):
            return None
        return answer

    def stopped(self) -> tuple[bool, Any]:
        """The answer of an item whose worker died: an error at that item."""
        self.process.join(timeout=5)
        return (
            False,
            RuntimeError(f"a worker process stopped (exit code {self.process.exitcode})"),
        )


def _ordered(workers: list[_Worker], items: Iterator[T], window: int) -> Generator[Any, None, None]:
    """The answers in the items' order; an item goes to an idle worker while fewer than
    ``window`` are given out and not yet handed back."""
    from multiprocessing.connection import wait

    done: dict[int, tuple[bool, Any]] = {}  # by the item's place, not yet handed back
    busy: dict[Connection, tuple[_Worker, int]] = {}  # by the pipe the worker answers on
    idle = list(workers)
    given = handed = 0
    end = object()
    more = True
    while True:
        while more and idle and given - handed < window:
            item = next(items, end)
            if item is end:
                more = False
                break
            worker = idle.pop()
            if worker.give(item):
                busy[worker.answers] = (worker, given)
            else:
                done[given] = worker.stopped()
            given += 1
        if handed in done:
            ok, value = done.pop(handed)
            handed += 1
            if not ok:
                raise value
            yield value
        elif busy:
            ready = wait(list(busy))
            for answering in [pipe for pipe in busy if pipe in ready]:
                worker, place = busy.pop(answering)
                answered = worker.answer()
                if answered is None:  # raised at its place, after the answers before it
                    done[place] = worker.stopped()
                else:
                    done[place] = answered
                    idle.append(worker)
        else:
            return


def ordered_map(
    function: Callable[[T], R], items: Iterable[T], jobs: int
) -> Generator[R, None, None]:
    """``function(item)`` for each item, in the items' order; ``jobs`` worker processes when
    more than one. ``function`` must be a module-level function and its results picklable. An
    exception raised by ``function`` is raised here, at its item, after the workers are
    stopped; so is the end of one that died.

    The workers are forked before this returns, not at the first answer asked for: a thread
    the caller starts after it (the progress bar's redraw) is then in no worker, where a fork
    would copy whatever lock that thread held, held for ever. Close the map to stop them."""
    mapped = _mapped(function, items, jobs)
    next(mapped)  # to _mapped's first yield: the workers are started
    return mapped


def _mapped(
    function: Callable[[T], R], items: Iterable[T], jobs: int
) -> Generator[Any, None, None]:
    """:func:`ordered_map`, which yields None first, once its workers are started."""
    if jobs <= 1:
        yield None
        yield from map(function, items)
        return
    import multiprocessing  # one file, one job: no workers, and none of their modules loaded

    methods = multiprocessing.get_all_start_methods()
    # fork starts a worker with the modules already imported; spawn where there is no fork.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers: list[_Worker] = []
    try:
        # Ctrl-C waits until the workers are started: else one forked but not yet in the list
        # would outlive this process, and one not yet ignoring it would print a traceback.
        _hold_interrupts(True)
        try:
            for _ in range(jobs):
                inherited = [end for w in workers for end in (w.tasks, w.answers)]
                workers.append(_Worker(context, function, inherited))
        finally:
            _hold_interrupts(False)
        yield None
        yield from _ordered(workers, iter(items), jobs * AHEAD_PER_WORKER)
    finally:
        # An error, Ctrl-C, a reader that stopped early or the end: every worker is killed (it
        # holds nothing another process waits for) before any is reaped.
        for worker in workers:
            worker.process.kill()
        for worker in workers:
            worker.process.join()
            worker.tasks.close()
            worker.answers.close()
