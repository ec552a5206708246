"""``-j N`` (checks/parallel.py): answers in the items' order, a bounded look-ahead, and a map
that always ends: at the first error, at a worker's death, when its reader stops early.

Each case runs in a fresh interpreter with a time-out of 60 s, so that a hang fails the test in
a minute instead of stopping the run (and the workers are not forked from pytest's own
process). ``multiprocessing.Pool``, which the module used before, hung in the first and the
second: a worker killed while it wrote an answer kept the shared result queue's lock, and the
pool waited for it for ever; a dead worker's answer was waited for for ever.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from checks.parallel import AHEAD_PER_WORKER, ordered_map

ROOT = Path(__file__).resolve().parents[2]

# An answer larger than a pipe holds (64 KiB on Linux): a worker is still writing it, or
# blocked writing it to a reader that has stopped, when the map is stopped.
LARGER_THAN_A_PIPE = 200_000


def in_fresh_interpreter(case: str) -> str:
    """Run ``case()`` of this module in a new interpreter; what it printed."""
    program = f"from tests.checks.test_parallel import {case}; {case}()"
    process = subprocess.Popen(
        [sys.executable, "-c", program],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, so that a hang's workers go with it
    )
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"{case}: still running after 60 s") from None
    assert process.returncode == 0, err
    return out


def answer(item: tuple[int, int, int]) -> str:
    """``(place, failing place, size)``: a ``size``-character answer, a ValueError at the failing
    place; places a little out of step, so that the workers finish out of order."""
    place, failing, size = item
    time.sleep((place * 7 % 5) / 1000)
    if place == failing:
        raise ValueError(f"item {place} is bad")
    return f"{place}:" + "x" * size


def dies(place: int) -> int:
    if place == 5:
        os._exit(3)  # a worker killed (out of memory, a signal): no answer, no exception
    return place


class Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise pickle.PicklingError("not this one")


def raises_unpicklable(place: int) -> int:
    if place == 2:
        raise Unpicklable("the file's own words")
    return place


def stop_at_the_first_error() -> None:
    for jobs in (2, 3):
        for size in (10, LARGER_THAN_A_PIPE):
            for failing in (0, 1, 5, 12, 39):
                for _ in range(5):
                    items = [(place, failing, size) for place in range(40)]
                    got = []
                    try:
                        for value in ordered_map(answer, items, jobs):
                            got.append(value)
                    except ValueError as error:
                        assert str(error) == f"item {failing} is bad", error
                    else:
                        raise AssertionError("no error")
                    assert got == [answer((p, -1, size)) for p in range(failing)]
                    assert_no_worker_left()
    print("ok")


def assert_no_worker_left() -> None:
    import multiprocessing

    assert multiprocessing.active_children() == []
    try:
        os.waitpid(-1, os.WNOHANG)  # a child not yet reaped is still a process of ours
    except ChildProcessError:
        return
    raise AssertionError("a worker is left behind")


def test_an_error_stops_the_map_at_its_item_whatever_the_workers_are_doing():
    # 100 maps: the error at the first item, the second, the middle and the last, with answers
    # small and larger than a pipe holds; each ends with the error of its item and no worker.
    assert in_fresh_interpreter("stop_at_the_first_error") == "ok\n"


def a_worker_dies() -> None:
    got = []
    try:
        for value in ordered_map(dies, range(20), 2):
            got.append(value)
    except RuntimeError as error:
        print(error)
    assert got == [0, 1, 2, 3, 4]
    assert_no_worker_left()


def test_a_worker_that_dies_is_an_error_at_its_item_not_a_wait():
    assert in_fresh_interpreter("a_worker_dies") == "a worker process stopped (exit code 3)\n"


def counted(n: int, consumed: list[int], size: int = 10) -> Iterator[tuple[int, int, int]]:
    for place in range(n):
        consumed.append(place)
        yield (place, -1, size)


def stop_reading_early() -> None:
    consumed: list[int] = []
    window = 2 * AHEAD_PER_WORKER
    results = ordered_map(answer, counted(1000, consumed, LARGER_THAN_A_PIPE), 2)
    for place in range(3):
        assert next(results) == answer((place, -1, LARGER_THAN_A_PIPE))
        # never more items taken than the window ahead of the answers handed back
        assert len(consumed) <= place + window, consumed
    results.close()
    assert len(consumed) <= 2 + window
    assert_no_worker_left()
    print("ok")


def test_a_reader_that_stops_early_stops_every_worker_and_took_few_items():
    assert in_fresh_interpreter("stop_reading_early") == "ok\n"


def in_order() -> None:
    items = [(place, -1, 5) for place in range(60)]
    alone = list(ordered_map(answer, items, 1))
    assert alone == [answer(item) for item in items]
    for jobs in (2, 3, 8):
        assert list(ordered_map(answer, items, jobs)) == alone
    assert list(ordered_map(answer, [], 2)) == []
    assert list(ordered_map(answer, items[:1], 2)) == alone[:1]
    assert_no_worker_left()
    print("ok")


def test_the_answers_come_in_the_items_order_whatever_the_number_of_jobs():
    assert in_fresh_interpreter("in_order") == "ok\n"


def an_unpicklable_error() -> None:
    try:
        list(ordered_map(raises_unpicklable, range(6), 2))
    except RuntimeError as error:
        print(error)
    assert_no_worker_left()


def test_an_error_that_cannot_be_sent_back_is_still_the_error_at_its_item():
    said = in_fresh_interpreter("an_unpicklable_error")
    assert said == "Unpicklable: the file's own words\n"


def threads_at_each_fork() -> None:
    """``validate -j 2`` and ``test -j 2`` of 12 files, the progress bar drawn as on a terminal:
    the names of the threads alive as each worker is forked, as JSON."""
    import contextlib
    import io
    import json
    import threading

    from checks import cli, parallel
    from checks.cli import output
    from checks.reports import terminal_page

    seen: list[list[str]] = []
    start = parallel._Worker.__init__

    def recording(self: parallel._Worker, *args: object) -> None:
        seen.append(sorted(thread.name for thread in threading.enumerate()))
        start(self, *args)  # type: ignore[arg-type]

    parallel._Worker.__init__ = recording  # type: ignore[method-assign]
    output._is_terminal = terminal_page.is_terminal = lambda stream: True  # draw the bar
    files = [str(p) for p in sorted((ROOT / "scenarios").glob("3h-*.toml"))[:12]]
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["validate", "-j", "2", *files])
        cli.main(["test", "-j", "2", *files])
    assert_no_worker_left()
    print(json.dumps(seen))


def test_no_thread_but_the_main_one_is_in_a_forked_worker():
    # The progress bar redraws from a thread of its own. A fork copies only the thread that
    # forks, and any lock another thread holds stays held in the child for ever: the workers
    # are forked before the bar starts (ordered_map starts them before it returns). Before,
    # they were forked at the first answer, with the bar's thread running: 4 of the 6 forks.
    import json

    seen = json.loads(in_fresh_interpreter("threads_at_each_fork"))
    assert len(seen) == 6  # two workers a map: validate's of the inputs, of the files; test's
    assert all(names == ["MainThread"] for names in seen), seen
