"""The benchmark's measures of the command line in fresh processes: start-up against its
floor, validate over many files with 1 and 2 workers, the long history's commands."""

from __future__ import annotations

import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from model.loading import structure_scenario
from model.reference import evaluate
from model.scenario import Scenario
from tests.benchmark.scenarios import history_document, thousand_files
from tests.benchmark.solving import measured


def alternating(
    command: Sequence[str], baseline: Path, rounds: int
) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """``command`` (after the Python executable) run in another checkout, ``baseline``, and in
    this one, each in a fresh process with its tree first on ``PYTHONPATH``, alternating
    (``rounds`` times each): (tree, round, row) for each JSON line a run prints, in order."""
    root = Path(__file__).resolve().parents[2]
    for round_ in range(1, rounds + 1):
        for tree, source in (("baseline", baseline.resolve()), ("this", root)):
            done = subprocess.run(
                [sys.executable, *command],
                cwd=source,
                env={**os.environ, "PYTHONPATH": str(source)},
                capture_output=True,
                text=True,
                check=True,
            )
            for line in done.stdout.splitlines():
                if line.startswith("{"):
                    yield tree, round_, json.loads(line)


def startup(runs: int, source: Path | None = None) -> None:
    """A one-file ``rrcheck validate`` (text and JSON) against its floor, ``python -c "import
    z3, holidays"``, in fresh interpreters taken in turn (A B A B ...): CPU seconds of each
    child, and the ratio pair by pair, so a change in the machine's load moves both. With
    ``source`` (another checkout, for a baseline), its command and a floor of its own are taken
    in the same turns, so both trees meet the same load.

    Each way of starting is measured: with the bytecode of every module kept (as an installed
    package has it: compiled at install, or by the first run of a checkout) and the calendars'
    table kept (model/calendars.py, written by the first command); with the bytecode compiled
    again at every start, as a checkout runs with ``PYTHONDONTWRITEBYTECODE=1``; and with no
    kept table (the first command after an install, or ``RRCHECK_CACHE_DIR=``). The kept
    bytecode and table are this run's own, in a temporary directory, filled by a first run of
    each command that is not counted."""
    here = Path(__file__).resolve().parents[2]
    trees = {"now": here} if source is None else {"now": here, "before": source}
    floor = [sys.executable, "-c", "import z3, holidays"]
    options = {"validate": [], "validate --format json": ["--format", "json"]}
    with tempfile.TemporaryDirectory() as kept:
        ways = _ways_of_starting(Path(kept))
        for way, environment in ways.items():
            for label, extra in options.items():
                row: dict[str, object] = {"command": f"rrcheck {label} FILE", "start": way}
                figures: dict[str, list[tuple[float, float]]] = {tree: [] for tree in trees}
                for turn in range(runs + 1):  # the first turn fills the kept bytecode and table
                    for tree, root in trees.items():
                        path = str(root / "scenarios" / STARTUP_FILE)
                        command = [sys.executable, "-m", "checks.cli", "validate", *extra, path]
                        a = _child_cpu(command, root, environment)
                        b = _child_cpu(floor, root, environment)
                        if turn:
                            figures[tree].append((a, b))
                for tree, pairs in figures.items():
                    figure: dict[str, object] = {
                        "cpu_s": round(statistics.median(a for a, _ in pairs), 3),
                        "floor_cpu_s": round(statistics.median(b for _, b in pairs), 3),
                        "ratio": round(statistics.median(a / b for a, b in pairs), 2),
                    }
                    if way == COMPILED and any(trees[tree].glob("[cm]*/**/__pycache__")):
                        figure["note"] = "the checkout holds bytecode of its own, which ran"
                    row[tree] = figure
                print(json.dumps(row), flush=True)
        environment = ways[KEPT]
        path = str(here / "scenarios" / STARTUP_FILE)
        runs_of_phases: list[dict[str, float]] = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", PHASES, path],
                capture_output=True,
                text=True,
                cwd=here,
                env=environment,
            )
            runs_of_phases.append(json.loads(done.stdout))
    medians = {k: statistics.median(r[k] for r in runs_of_phases) for k in runs_of_phases[0]}
    print(json.dumps({"phases_cpu_ms (medians, " + KEPT + ")": medians}), flush=True)


STARTUP_FILE = "3h-max-length-fifteen-business-days-compliant.toml"
KEPT = "bytecode and calendar table kept"
COMPILED = "rrcheck's bytecode compiled at every start"


def _ways_of_starting(kept: Path) -> dict[str, dict[str, str]]:
    """The environment of each way of starting, kept files under ``kept``."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["RRCHECK_CACHE_DIR"] = str(kept / "tables")
    # Python keeps every module's bytecode (the libraries' too) under this prefix, not in the
    # source tree; the libraries' is compiled there once, as pip compiles it at install.
    cached = {**base, "PYTHONPYCACHEPREFIX": str(kept / "bytecode")}
    # The libraries' bytecode as pip wrote it; rrcheck's compiled again unless the checkout
    # holds a __pycache__ of its own (startup() says so).
    compiled = {**base, "PYTHONDONTWRITEBYTECODE": "1"}
    compiled.pop("PYTHONPYCACHEPREFIX", None)
    return {
        KEPT: cached,
        COMPILED: compiled,
        "no calendar table kept": {**cached, "RRCHECK_CACHE_DIR": ""},
    }


# Where a one-file validate's CPU goes, phase by phase, in a fresh interpreter, in the order
# validate meets them (the floor's own libraries are measured where validate first needs them).
PHASES = """
import gc, io, json, sys, time
gc.set_threshold(50_000)  # as checks.cli.run() starts a command
cpu = time.process_time
marks = [("start", cpu())]
from model.generated_code import GeneratedCode  # as checks.cli.run() starts a command
kept = GeneratedCode.of_this_interpreter()
kept.install()  # imports attrs and cattrs
import attrs, cattrs
marks.append(("import attrs, cattrs, read the kept code of the model's classes", cpu()))
import checks.cli, checks.cli.arguments
checks.cli.arguments._parser("validate").parse_args(["validate", sys.argv[1]])
marks.append(("import checks.cli and parse the arguments", cpu()))
import z3
marks.append(("import z3", cpu()))
import model.loading, checks.validate, checks.reports.report
marks.append(("import rrcheck's model and validate (its attrs classes)", cpu()))
import checks.reports.terminal
marks.append(("import checks.reports.terminal (text only; a pipe's needs no rich)", cpu()))
from model.loading import load_scenario
from model.solver import SolverSettings
scenario = load_scenario(sys.argv[1])
marks.append(("read the file (its cattrs hooks generated, from the kept code)", cpu()))
verdict = checks.validate.validate(scenario, SolverSettings())
marks.append(("validate, first (Z3 context, calendar)", cpu()))
checks.reports.report.verdict_to_json(verdict)
text = checks.reports.terminal.validate_report([(sys.argv[1], verdict)])
page = checks.reports.terminal_page.page("auto", io.StringIO())
checks.reports.terminal_page.render_page(text, page)
marks.append(("the JSON and the text report", cpu()))
checks.validate.validate(scenario, SolverSettings())
marks.append(("validate, again (what a second file costs)", cpu()))
kept.keep()  # as run() ends a command (nothing to write once the code is kept)
marks.append(("keep the code of the model's classes", cpu()))
import holidays
marks.append(("import holidays (the floor's, which validate no longer needs)", cpu()))
gc.collect()  # what a full collection would cost at exit, which run() skips (gc.freeze)
marks.append(("a full collection (what run() skips at exit)", cpu()))
print(json.dumps({b[0]: round(1000 * (b[1] - a[1]), 1) for a, b in zip(marks, marks[1:])}))
"""


def _child_cpu(command: list[str], cwd: Path, environment: dict[str, str] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, capture_output=True, cwd=cwd, env=environment)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def many_files(counts: list[int], runs: int, baseline: Path | None = None) -> None:
    """``rrcheck validate --format json -j N FILE...`` over generated files, N = 1 and 2, each
    a fresh process as a user runs it (taken in turn, the ratios pair by pair), beside the
    reference evaluator reading and evaluating the same files in this process, in the same run.
    The outputs of -j 1 and -j 2 are compared byte for byte. CPU includes the workers. With
    ``baseline``, ``-j 1`` is also run from that source tree (an older commit), whose output
    must be the same bytes; and in this process, ``validate`` and the reference evaluator of
    the files already read, with the model built once per shape and built per file."""
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            paths = thousand_files(Path(folder), count)
            command = [sys.executable, "-m", "checks.cli", "validate", "--format", "json"]
            figures: dict[int, list[tuple[float, float]]] = {1: [], 2: [], 0: []}
            outputs: dict[int, bytes] = {}
            for _ in range(runs):
                for jobs in (1, 2, 0) if baseline is not None else (1, 2):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    done = subprocess.run(
                        [*command, "-j", str(jobs or 1), *paths],
                        capture_output=True,
                        check=False,
                        cwd=baseline if jobs == 0 else None,
                    )
                    wall = time.perf_counter() - start
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                    figures[jobs].append((wall, cpu))
                    outputs[jobs] = done.stdout
            assert outputs[1] == outputs[2], "-j 2 printed other bytes than -j 1"
            if baseline is not None:
                assert outputs[1] == outputs[0], "the baseline printed other bytes"
            reference = measured(functools.partial(_reference_files, paths), runs)
            row: dict[str, object] = {"files": count}
            if baseline is not None:
                row["baseline_j1"] = {
                    "wall_s": round(statistics.median(w for w, _ in figures[0]), 2),
                    "cpu_s": round(statistics.median(c for _, c in figures[0]), 2),
                }
                row["in_process_ms_a_file"] = _in_process(paths, runs)
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


def _in_process(paths: list[str], runs: int) -> dict[str, float]:
    """CPU milliseconds a file, the files read beforehand: ``validate`` (the model built once
    per shape, and built per file as before it) and the reference evaluator, in turn."""
    from checks.validate import validate
    from model.loading import load_scenario
    from tests.benchmark.solving import built_per_file

    scenarios = [load_scenario(path) for path in paths]

    def each(action: Callable[[Scenario], object]) -> None:
        for scenario in scenarios:
            action(scenario)

    def built_for_each() -> None:
        with built_per_file():
            each(validate)

    figures = {
        "validate": measured(functools.partial(each, validate), runs),
        "validate_built_per_file": measured(built_for_each, runs),
        "reference": measured(functools.partial(each, evaluate), runs),
    }
    row = {k: round(1000 * v["cpu_s"] / len(paths), 3) for k, v in figures.items()}
    row["validate_over_reference"] = round(row["validate"] / row["reference"], 2)
    return row


def _reference_files(paths: list[str]) -> None:
    from model.loading import load_scenario

    for path in paths:
        evaluate(load_scenario(path))


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
