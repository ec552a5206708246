"""The benchmark behind docs/performance.md: ``python -m tests.benchmark [--runs N]``.

Median wall-clock times of ``validate``, ``find`` and ``worst-case`` (most and least) for 1 to
4 planned suspensions of free length over a two-year Registration Period, with Z3's work count
for the most payments, beside brute-force enumeration through the reference evaluator where it
finishes in reasonable time, and ``validate`` over 1,000 generated scenario files in one call
of the command-line entry point.

Other parts, each with its baseline measured in the same run: ``--startup`` (a one-file
``rrcheck validate`` against ``python -c "import z3, holidays"``, paired, CPU seconds),
``--files 10,100,1000`` (``validate`` over that many files with 1 and 2 worker processes,
beside the reference evaluator on the same files) and ``--shared-up-to N`` (worst-case with 1
to N planned suspensions sharing one window). CPU seconds and Z3's work (rlimit) are given
beside wall time: the machine may be shared, and they move less with its load.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import io
import itertools
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import z3

from checks.answers import PlacedSuspension
from checks.find import find
from checks.placements import fixed_scenario
from checks.validate import validate
from checks.worst_case import worst_case
from model.context import scenario_context
from model.loading import structure_scenario
from model.reference import evaluate
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


def every_reading_scenario() -> Scenario:
    """Three suspensions on which every one of the nine readings can matter (so the robust
    check can skip none): ED Fri 2008-02-29 (leap-day); a 10-Q filed on a Saturday, a
    Registration Statement filed late, a copy to counsel on a Saturday (notice-day,
    late-filing-cure); s1's notice exactly two business days ahead (lead-time, notice); s2
    starting on the tenth business day after s1 and over-long (spacing, overlength); s3 a third
    (count), after IRED + 90 days (penalty-window); one Investor."""
    document = {
        "scenario": {"name": "every reading can matter"},
        "dates": {
            "quarterly_report_filed": "2008-01-05",
            "registration_filed": "2008-01-25",
            "sec_clearance_notice": "2008-02-20",
            "effective": "2008-02-29",
            "transfer_agent_opinion": "2008-03-01",
        },
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": [
            {
                "id": "s1",
                "advance_notice": "2008-03-10",
                "start": "2008-03-12",
                "end": "2008-03-14",
            },
            {
                "id": "s2",
                "advance_notice": "2008-03-22",
                "start": "2008-03-28",
                "end": "2008-04-18",
            },
            {
                "id": "s3",
                "advance_notice": "2008-05-28",
                "start": "2008-06-02",
                "end": "2008-06-04",
            },
        ],
        "filings": [
            {
                "id": "supp-1",
                "kind": "prospectus-supplement",
                "filed": "2008-03-12",
                "counsel_copy": "2008-03-08",
                "investor_notice": "2008-03-07",
            }
        ],
    }
    return structure_scenario(document, "benchmark")


def naive_robust(scenario: Scenario) -> list[tuple[bool, Decimal, frozenset[str]]]:
    """The baseline: every one of the 512 readings solved and read in full, as ``--robust``
    did before it learnt which readings can matter."""
    from model.interpretations import every_interpretation
    from model.schedule import ScenarioModel
    from model.solver import SolverSettings, new_solver
    from model.verdicts import verdict_from

    context = scenario_context(scenario)
    model = ScenarioModel(context, interpretation=None)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    outcomes = []
    for interpretation in every_interpretation():
        own = scenario_context(attrs.evolve(scenario, interpretation=interpretation))
        v = verdict_from(solver, model, own, model.readings.fixed_to(interpretation))
        outcomes.append((v.compliant, v.total_payments, v.violation_keys))
    return outcomes


def robust_figures(runs: int) -> None:
    """``validate --robust`` on three suspensions, beside the naive baseline in the same run;
    the two must give the same 512 outcomes."""
    from checks.robust import robust

    files = {
        "3 suspensions, every reading can matter": every_reading_scenario(),
        "3 suspensions (3h-max-count-third-suspension-broken)": fixed_version(
            structure_scenario(
                {
                    "scenario": {"name": "third suspension"},
                    "dates": BASE_DATES,
                    "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
                    "suspensions": [
                        {
                            "id": "s1",
                            "advance_notice": "2004-01-05",
                            "start": "2004-01-07",
                            "end": "2004-01-20",
                        },
                        {
                            "id": "s2",
                            "advance_notice": "2004-01-30",
                            "start": "2004-02-04",
                            "end": "2004-02-13",
                        },
                        {
                            "id": "s3",
                            "advance_notice": "2004-02-27",
                            "start": "2004-03-02",
                            "end": "2004-03-05",
                        },
                    ],
                },
                "benchmark",
            )
        ),
    }
    for label, scenario in files.items():
        result = robust(scenario)
        fast = [(v.compliant, v.total_payments, v.violations) for v in result.verdicts]
        assert fast == naive_robust(scenario), label
        row = {
            "file": label,
            "robust_s": median_seconds(functools.partial(robust, scenario), runs),
            "solved": result.solved,
            "naive_512_s": median_seconds(functools.partial(naive_robust, scenario), runs),
            "flips": [f.term for f in result.flips],
            "compliant_under": sum(v.compliant for v in result.verdicts),
        }
        print(json.dumps(row), flush=True)


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


def measured(action: Callable[[], object], runs: int) -> dict[str, float]:
    """Medians over ``runs`` of wall seconds, CPU seconds (this process and the worker
    processes it waited for) and Z3's work in millions (rlimit)."""
    walls, cpus, works = [], [], []
    for _ in range(runs):
        work, cpu, wall = solver_work(), _cpu_seconds(), time.perf_counter()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu_seconds() - cpu)
        works.append((solver_work() - work) / 1e6)
    return {
        "wall_s": round(statistics.median(walls), 3),
        "cpu_s": round(statistics.median(cpus), 3),
        "work_M": round(statistics.median(works), 1),
    }


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def robust_worst_case(runs: int, max_planned: int = 3) -> None:
    """``worst-case --robust`` beside plain ``worst-case`` in the same run, for 1 to
    ``max_planned`` planned suspensions: under the readings there are, and with that list of
    readings repeated to 512 (each reading priced and checked as if distinct: the work that
    grows with the number of readings; new readings would also add switches to the model,
    which this cannot show)."""
    import checks.worst_case_robust

    real = checks.worst_case_robust.every_interpretation

    def repeated() -> Any:
        return itertools.islice(itertools.cycle(list(real())), 512)

    for count in range(1, max_planned + 1):
        planned = planned_scenario(count)
        for least in (False, True):
            row: dict[str, object] = {"planned": count, "least": least}
            pinned = functools.partial(worst_case, planned, least)
            row["worst_case_s"] = median_seconds(pinned, runs)
            robust = functools.partial(worst_case, planned, least, robust=True)
            result = robust()
            row["readings"] = result.readings
            row["robust_s"] = median_seconds(robust, runs)
            assert result.spread is not None
            row["robust"] = (
                f"{result.total_payments} (spread {result.spread[0].payments} to "
                f"{result.spread[1].payments})"
            )
            checks.worst_case_robust.every_interpretation = repeated  # type: ignore[assignment]
            try:
                row["robust_512_s"] = median_seconds(robust, runs)
                assert robust().total_payments == result.total_payments
            finally:
                checks.worst_case_robust.every_interpretation = real
            print(json.dumps(row, default=str), flush=True)


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


def startup(runs: int, source: Path | None = None) -> None:
    """A one-file ``rrcheck validate`` (text and JSON) against its floor, ``python -c "import
    z3, holidays"``, in fresh interpreters taken in turn (A B A B ...): CPU seconds of each
    child, and the ratio pair by pair, so a change in the machine's load moves both."""
    root = source or Path(__file__).resolve().parent.parent
    path = str(root / "scenarios" / STARTUP_FILE)
    floor = [sys.executable, "-c", "import z3, holidays"]
    commands = {
        "validate": [sys.executable, "-m", "checks.cli", "validate", path],
        "validate --format json": [
            sys.executable,
            "-m",
            "checks.cli",
            "validate",
            "--format",
            "json",
            path,
        ],
    }
    for label, command in commands.items():
        ratios, mine, floors = [], [], []
        for _ in range(runs):
            a = _child_cpu(command, root)
            b = _child_cpu(floor, root)
            mine.append(a)
            floors.append(b)
            ratios.append(a / b)
        row = {
            "command": f"rrcheck {label} FILE",
            "cpu_s": round(statistics.median(mine), 3),
            "floor_cpu_s": round(statistics.median(floors), 3),
            "ratio": round(statistics.median(ratios), 2),
        }
        print(json.dumps(row), flush=True)
    if source is not None:
        return  # another checkout's modules need not have the phases' names
    runs_of_phases: list[dict[str, float]] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", PHASES, path], capture_output=True, text=True, cwd=root
        )
        runs_of_phases.append(json.loads(done.stdout))
    medians = {k: statistics.median(r[k] for r in runs_of_phases) for k in runs_of_phases[0]}
    print(json.dumps({"phases_cpu_ms (medians)": medians}), flush=True)


STARTUP_FILE = "3h-max-length-fifteen-business-days-compliant.toml"

# Where a one-file validate's CPU goes, phase by phase, in a fresh interpreter.
PHASES = """
import io, json, sys, time
cpu = time.process_time
marks = [("start", cpu())]
import z3, holidays
marks.append(("import z3, holidays (the floor)", cpu()))
import attrs, cattrs
marks.append(("import attrs, cattrs", cpu()))
import model.loading, model.schedule, checks.validate, checks.reports.report
marks.append(("import rrcheck's model and validate (its attrs classes)", cpu()))
import checks.reports.terminal
marks.append(("import checks.reports.terminal and rich (text only)", cpu()))
from model.loading import load_scenario
from model.solver import SolverSettings
scenario = load_scenario(sys.argv[1])
marks.append(("read the file", cpu()))
verdict = checks.validate.validate(scenario, SolverSettings())
marks.append(("validate, first (Z3 context, calendar)", cpu()))
checks.reports.report.verdict_to_json(verdict)
text = checks.reports.terminal.validate_report([(sys.argv[1], verdict)])
checks.reports.terminal.render_page(text, checks.reports.terminal.page("auto", io.StringIO()))
marks.append(("the JSON and the text report", cpu()))
checks.validate.validate(scenario, SolverSettings())
marks.append(("validate, again (what a second file costs)", cpu()))
print(json.dumps({b[0]: round(1000 * (b[1] - a[1]), 1) for a, b in zip(marks, marks[1:])}))
"""


def _child_cpu(command: list[str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, capture_output=True, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def many_files(counts: list[int], runs: int) -> None:
    """``rrcheck validate --format json -j N FILE...`` over generated files, N = 1 and 2, each
    a fresh process as a user runs it (taken in turn, the ratios pair by pair), beside the
    reference evaluator reading and evaluating the same files in this process, in the same run.
    The outputs of -j 1 and -j 2 are compared byte for byte. CPU includes the workers."""
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            paths = thousand_files(Path(folder), count)
            command = [sys.executable, "-m", "checks.cli", "validate", "--format", "json"]
            figures: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
            outputs: dict[int, bytes] = {}
            for _ in range(runs):
                for jobs in (1, 2):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    done = subprocess.run(
                        [*command, "-j", str(jobs), *paths], capture_output=True, check=False
                    )
                    wall = time.perf_counter() - start
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                    figures[jobs].append((wall, cpu))
                    outputs[jobs] = done.stdout
            assert outputs[1] == outputs[2], "-j 2 printed other bytes than -j 1"
            reference = measured(functools.partial(_reference_files, paths), runs)
            row: dict[str, object] = {"files": count}
            for jobs in (1, 2):
                row[f"j{jobs}"] = {
                    "wall_s": round(statistics.median(w for w, _ in figures[jobs]), 2),
                    "cpu_s": round(statistics.median(c for _, c in figures[jobs]), 2),
                }
            row["reference"] = reference
            pairs = list(zip(figures[1], figures[2], strict=True))
            row["speed_up_j2_wall"] = round(statistics.median(a[0] / b[0] for a, b in pairs), 2)
            row["j2_over_j1_cpu"] = round(statistics.median(b[1] / a[1] for a, b in pairs), 2)
            row["ms_a_file_cpu_j1"] = round(
                1000 * statistics.median(c for _, c in figures[1]) / count, 2
            )
            row["j1_over_reference_cpu"] = round(
                statistics.median(c for _, c in figures[1]) / reference["cpu_s"], 1
            )
            print(json.dumps(row), flush=True)


def _reference_files(paths: list[str]) -> None:
    from model.loading import load_scenario

    for path in paths:
        evaluate(load_scenario(path))


def shared_window_growth(up_to: int, runs: int, timeout: float) -> None:
    """``worst-case`` (most and least) with 1 to ``up_to`` planned suspensions sharing the whole
    Registration Period, one Investor; brute force through the reference evaluator for one."""
    from model.solver import SolverSettings

    settings = SolverSettings(timeout_seconds=timeout)
    for count in range(1, up_to + 1):
        scenario = full_window_scenario(count)
        row: dict[str, object] = {"planned, one window": count}
        for name, least in (("most", False), ("least", True)):
            result = worst_case(scenario, least, settings)
            row[name] = f"{result.status} {result.total_payments}"
            row[f"{name}_schedule"] = [f"{p.start}..{p.end}" for p in result.schedule]
            row[f"{name}_measured"] = measured(
                functools.partial(worst_case, scenario, least, settings), runs
            )
        if count == 1:
            start, cpu = time.perf_counter(), _cpu_seconds()
            best, evaluated = brute_force(scenario, "max-payments")
            row["brute_force"] = {
                "wall_s": round(time.perf_counter() - start, 2),
                "cpu_s": round(_cpu_seconds() - cpu, 2),
                "placements": evaluated,
                "most": str(best),
            }
        print(json.dumps(row, default=str), flush=True)


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
    parser = argparse.ArgumentParser(prog="python -m tests.benchmark")
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
        "--robust",
        action="store_true",
        help="only validate --robust on three suspensions, beside every reading solved in full",
    )
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    parser.add_argument(
        "--source",
        type=Path,
        help="with --startup: run rrcheck from this checkout (another commit, for a baseline)",
    )
    parser.add_argument(
        "--files",
        metavar="N,N,...",
        help="only validate over that many generated files (-j 1, -j 2, reference evaluator)",
    )
    parser.add_argument(
        "--shared-up-to",
        type=int,
        metavar="N",
        help="only worst-case with 1 to N planned suspensions sharing one window",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="per solver call")
    parser.add_argument(
        "--robust-worst-case",
        action="store_true",
        help="only worst-case --robust beside worst-case, for 1 to 3 planned suspensions",
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
    if args.robust_worst_case:
        robust_worst_case(args.runs)
        return 0
    if args.robust:
        robust_figures(args.runs)
        return 0
    if args.shapes:
        other_shapes(args.runs)
        return 0
    if args.startup:
        startup(args.runs, args.source)
        return 0
    if args.files:
        many_files([int(n) for n in args.files.split(",")], args.runs)
        return 0
    if args.shared_up_to:
        shared_window_growth(args.shared_up_to, args.runs, args.timeout)
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
        most = measured(functools.partial(worst_case, planned), args.runs)
        row["worst_case_s"] = most["wall_s"]
        row["worst_case_cpu_s"] = most["cpu_s"]
        row["worst_case"] = f"{worst.status} {worst.total_payments}"
        row["worst_case_work_M"] = most["work_M"]
        least = functools.partial(worst_case, planned, True)
        fewest = measured(least, args.runs)
        row["least_s"], row["least_cpu_s"] = fewest["wall_s"], fewest["cpu_s"]
        row["least_work_M"] = fewest["work_M"]
        row["least"] = f"{least().status} {least().total_payments}"
        if count <= args.brute_force_up_to:
            start, cpu = time.perf_counter(), _cpu_seconds()
            best_start, n = brute_force(planned, "latest-start")
            best_total, _ = brute_force(planned, "max-payments")
            row["brute_force_s"] = round(time.perf_counter() - start, 2)
            row["brute_force_cpu_s"] = round(_cpu_seconds() - cpu, 2)
            row["brute_force"] = f"{n} placements: latest {best_start}, max {best_total}"
            assert found.suspension is not None and best_start == found.suspension.start
            assert isinstance(best_total, Decimal) and best_total == worst.total_payments
        rows.append(row)
        print(json.dumps(row, default=str), flush=True)

    from checks.cli import main as cli_main

    with tempfile.TemporaryDirectory() as folder:
        paths = thousand_files(Path(folder))
        start, cpu = time.perf_counter(), _cpu_seconds()
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["validate", "--format", "json", "-j", "1", *paths])
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    print(json.dumps({"validate_1000_files_s": elapsed, "cpu_s": round(cpu, 2)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
