"""The benchmark behind docs/performance.md: ``python -m checks.benchmark [--runs N]``.

Median wall-clock times of ``validate``, ``find`` and ``worst-case`` (most and least) for 1 to
4 planned suspensions of free length over a two-year Registration Period, with Z3's work count
for the most payments, beside brute-force enumeration through the reference evaluator where it
finishes in reasonable time, and ``validate`` over 1,000 generated scenario files in one call
of the command-line entry point.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import io
import itertools
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import z3

from checks.plan import PlacedSuspension, find, fixed_scenario, worst_case
from checks.reference import evaluate
from checks.validate import validate
from model.context import scenario_context
from model.loading import structure_scenario
from model.scenario import Scenario

BASE_DATES = {
    "quarterly_report_filed": "2003-08-14",
    "registration_filed": "2003-08-21",
    "sec_clearance_notice": "2003-10-01",
    "effective": "2003-10-03",
    "transfer_agent_opinion": "2003-10-08",
}


def planned_scenario(count: int, window_days: int = 730, max_length: int = 20) -> Scenario:
    """``count`` planned suspensions, each free to start anywhere in its share of the two-year
    Registration Period, 1 to ``max_length`` business days long; one Investor."""
    ed = dt.date(2003, 10, 3)
    share = window_days // count
    suspensions = []
    for i in range(count):
        earliest = ed + dt.timedelta(days=i * share)
        latest = ed + dt.timedelta(days=(i + 1) * share - 1)
        suspensions.append(
            {
                "id": f"p{i + 1}",
                "start": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
                "length": {"min": 1, "max": max_length},
            }
        )
    document = {
        "scenario": {"name": f"{count} planned"},
        "dates": BASE_DATES,
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": suspensions,
    }
    return structure_scenario(document, "benchmark")


def full_window_scenario(
    count: int, investors: int = 1, fixed: bool = False, max_length: int = 20
) -> Scenario:
    """``count`` planned suspensions each free to start anywhere in the whole two-year
    Registration Period (so they may come in any order), 1 to ``max_length`` business days;
    with ``fixed``, a fixed suspension of 10 business days in March 2004 too; Investors after
    the first buy at a higher price and sell part on 1 June 2004."""
    suspensions: list[dict[str, Any]] = []
    if fixed:
        suspensions.append(
            {"id": "f1", "start": "2004-03-01", "end": "2004-03-12", "advance_notice": "2004-02-25"}
        )
    for i in range(count):
        suspensions.append(
            {
                "id": f"p{i + 1}",
                "start": {"earliest": "2003-10-03", "latest": "2005-10-03"},
                "length": {"min": 1, "max": max_length},
            }
        )
    people = [
        {
            "name": f"Investor {k + 1}",
            "purchase_price": f"{1_500_000 + k * 250_000}.00",
            "sales": [{"date": "2004-06-01", "purchase_price": "100000.00"}] if k else [],
        }
        for k in range(investors)
    ]
    document = {
        "scenario": {"name": f"{count} planned, whole period"},
        "dates": BASE_DATES,
        "investors": people,
        "suspensions": suspensions,
    }
    return structure_scenario(document, "benchmark")


SHAPES: dict[str, Callable[[], Scenario]] = {
    "2 planned, whole period": functools.partial(full_window_scenario, 2),
    "3 planned, whole period": functools.partial(full_window_scenario, 3),
    "3 planned, whole period, 1 fixed": functools.partial(full_window_scenario, 3, fixed=True),
    "3 planned, whole period, 3 Investors": functools.partial(full_window_scenario, 3, 3),
    "4 planned, whole period": functools.partial(full_window_scenario, 4),
}


def other_shapes(runs: int) -> None:
    """``worst-case`` (most and least) and ``find --latest-start p1`` on planned suspensions
    that share one window, beside fixed ones and several Investors."""
    for label, build in SHAPES.items():
        scenario = build()
        row: dict[str, object] = {"shape": label}
        for name, action in (
            ("worst_case", functools.partial(worst_case, scenario)),
            ("least", functools.partial(worst_case, scenario, True)),
        ):
            result = action()
            row[f"{name}_s"] = median_seconds(action, runs)
            row[name] = f"{result.status} {result.total_payments}"
        found = find(scenario, "latest-start", "p1")
        row["find_s"] = median_seconds(
            functools.partial(find, scenario, "latest-start", "p1"), runs
        )
        row["find"] = f"{found.status} {found.suspension.start if found.suspension else ''}"
        print(json.dumps(row, default=str), flush=True)


def fixed_version(scenario: Scenario) -> Scenario:
    """A fixed schedule of the same size: each suspension 10 business days at its window's
    start (notice two business days before)."""
    calendar = scenario_context(scenario).calendar
    placements = []
    for p in scenario.planned_suspensions:
        start = calendar.next_business_day_on_or_after(p.start.earliest)
        end = calendar.bd_after(start, 9)
        placements.append(PlacedSuspension(p.id, start, end, 10, calendar.bd_before(start, 2)))
    return fixed_scenario(scenario, placements)


def brute_force(scenario: Scenario, objective: str) -> tuple[object, int]:
    """Every placement of the planned suspensions through the reference evaluator."""
    calendar = scenario_context(scenario).calendar
    choices = []
    for p in scenario.planned_suspensions:
        first = calendar.count_before(p.start.earliest)
        last = calendar.count_through(p.start.latest) - 1
        assert p.length is not None
        options = []
        for s in range(first, last + 1):
            for n in range(p.length.min, p.length.max + 1):
                start, end = calendar.day_at(s), calendar.day_at(s + n - 1)
                options.append(PlacedSuspension(p.id, start, end, n, calendar.bd_before(start, 2)))
        choices.append(options)
    best: object = None
    evaluated = 0
    for combination in itertools.product(*choices):
        ends = sorted((c.start, c.end) for c in combination)
        if any(a[1] >= b[0] for a, b in itertools.pairwise(ends)):
            continue
        verdict = evaluate(fixed_scenario(scenario, combination))
        evaluated += 1
        if objective == "latest-start":
            if verdict.compliant:
                value: object = combination[0].start
                best = value if best is None or value > best else best  # type: ignore[operator]
        else:
            total = verdict.total_payments
            best = total if best is None or total > best else best  # type: ignore[operator]
    return best, evaluated


def solver_work() -> int:
    """Z3's resource count so far in this process ("rlimit count", shared by every solver of
    the context): work done, undisturbed by what else the machine is running."""
    probe = z3.Solver()
    probe.check()
    return int(probe.statistics().get_key_value("rlimit count"))


def work_of(action: Callable[[], object]) -> int:
    before = solver_work()
    action()
    return solver_work() - before


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def thousand_files(folder: Path, count: int = 1000) -> list[str]:
    """``count`` scenario files of two or three fixed suspensions each, varied dates."""
    paths = []
    ed = dt.date(2003, 10, 3)
    for i in range(count):
        start = ed + dt.timedelta(days=7 + (i * 13) % 500)
        suspensions = []
        for k in range(2 + i % 2):
            s = start + dt.timedelta(days=k * (20 + i % 7))
            e = s + dt.timedelta(days=5 + (i + k) % 15)
            suspensions.append(
                {
                    "id": f"s{k}",
                    "advance_notice": (s - dt.timedelta(days=2 + i % 3)).isoformat(),
                    "start": s.isoformat(),
                    "end": e.isoformat(),
                }
            )
        document: dict[str, Any] = {
            "scenario": {"name": f"generated {i}"},
            "dates": BASE_DATES,
            "investors": [{"name": "Investor", "purchase_price": "1000000.00"}],
            "suspensions": suspensions,
        }
        path = folder / f"scenario-{i:04d}.json"
        path.write_text(json.dumps(document))
        paths.append(str(path))
    return paths


def history_document(count: int = 1000) -> dict[str, Any]:
    """A long history: ``count`` one-day suspensions a week apart from Mon 2003-10-06 (the
    first two years inside the Registration Period, the rest after it), one Investor."""
    day = dt.date(2003, 10, 6)
    suspensions = []
    for i in range(count):
        suspensions.append({"id": f"s{i + 1}", "start": day.isoformat(), "end": day.isoformat()})
        day += dt.timedelta(days=7)
    return {
        "scenario": {"name": f"{count} one-day suspensions"},
        "dates": BASE_DATES,
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": suspensions,
    }


def run_command(
    arguments: list[str], source: Path | None = None, limit: float = 600.0
) -> dict[str, object]:
    """``rrcheck ARGUMENTS`` in a fresh process (from the source tree ``source``, for a
    baseline, else this one): wall-clock seconds, peak resident memory in MB, exit status;
    a run past ``limit`` seconds is stopped and reported as such."""
    import os
    import signal
    import subprocess
    import sys

    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=source,
    )
    timer = threading.Timer(limit, lambda: process.send_signal(signal.SIGKILL))
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if elapsed >= limit:
        return {"seconds": f"over {limit:.0f}", "peak_MB": round(usage.ru_maxrss / 1024)}
    return {
        "seconds": round(elapsed, 2),
        # the process's own CPU time, which moves less than the wall clock on a shared machine
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_MB": round(usage.ru_maxrss / 1024),
        "exit": process.returncode,
    }


def history(baseline: Path | None, limit: float) -> None:
    """The 1,000-suspension file (validate, --robust, timeline) and validate's memory over
    many files, each command in a fresh process; with ``baseline``, the same commands from
    that source tree first."""
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        stress = here / "history-1000.json"
        stress.write_text(json.dumps(history_document()))
        picture = str(here / "history-1000.svg")
        commands = {
            "validate": ["validate", "--format", "json", str(stress)],
            "validate --robust": ["validate", "--robust", "--format", "json", str(stress)],
            "timeline": ["timeline", str(stress), "-o", picture],
        }
        files = thousand_files(here, 2000)
        for count in (100, 1000, 2000):
            commands[f"validate {count} files"] = ["validate", "--format", "json", *files[:count]]
        for name, arguments in commands.items():
            row: dict[str, object] = {"command": name}
            if baseline is not None:
                row["baseline"] = run_command(arguments, baseline, limit)
            row["now"] = run_command(arguments, None, limit)
            print(json.dumps(row), flush=True)
    scenario = structure_scenario(history_document(), "history")
    start = time.perf_counter()
    evaluate(scenario)
    print(json.dumps({"reference evaluator, 1000 suspensions_s": time.perf_counter() - start}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-planned", type=int, default=4)
    parser.add_argument("--brute-force-up-to", type=int, default=1)
    parser.add_argument(
        "--shapes",
        action="store_true",
        help="only the other shapes: planned suspensions sharing one window, with a fixed one, "
        "with several Investors",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="only the long history: 1,000 one-day suspensions, and validate over many files",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SOURCE",
        help="with --history: run each command from this source tree too (an older commit)",
    )
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per --history run")
    args = parser.parse_args(argv)
    if args.history:
        history(args.baseline, args.limit)
        return 0
    if args.shapes:
        other_shapes(args.runs)
        return 0

    rows = []
    for count in range(1, args.max_planned + 1):
        planned = planned_scenario(count)
        fixed = fixed_version(planned)
        row: dict[str, object] = {"planned": count}
        row["validate_s"] = median_seconds(functools.partial(validate, fixed), args.runs)
        found = find(planned, "latest-start", "p1")
        row["find_s"] = median_seconds(
            functools.partial(find, planned, "latest-start", "p1"), args.runs
        )
        row["find"] = f"{found.status} {found.suspension.start if found.suspension else ''}"
        worst = worst_case(planned)
        row["worst_case_s"] = median_seconds(functools.partial(worst_case, planned), args.runs)
        row["worst_case"] = f"{worst.status} {worst.total_payments}"
        row["worst_case_work_M"] = round(work_of(functools.partial(worst_case, planned)) / 1e6, 1)
        least = functools.partial(worst_case, planned, True)
        row["least_s"] = median_seconds(least, args.runs)
        row["least"] = f"{least().status} {least().total_payments}"
        if count <= args.brute_force_up_to:
            start = time.perf_counter()
            best_start, n = brute_force(planned, "latest-start")
            best_total, _ = brute_force(planned, "max-payments")
            row["brute_force_s"] = time.perf_counter() - start
            row["brute_force"] = f"{n} placements: latest {best_start}, max {best_total}"
            assert found.suspension is not None and best_start == found.suspension.start
            assert isinstance(best_total, Decimal) and best_total == worst.total_payments
        rows.append(row)
        print(json.dumps(row, default=str), flush=True)

    from checks.cli import main as cli_main

    with tempfile.TemporaryDirectory() as folder:
        paths = thousand_files(Path(folder))
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["validate", "--format", "json", *paths])
        elapsed = time.perf_counter() - start
    print(json.dumps({"validate_1000_files_s": elapsed}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
