"""Ctrl-C (issue 13): exit 130 with one line, "rrcheck: interrupted", at start-up, while the
model is built and during the solve; never a traceback, never a claim that time ran out, and
no output file left behind, whole or partial.

Deterministic by construction: the start-up and model points are reached through
``RRCHECK_PAUSE_AT`` (the run creates a file when it gets there, then waits to be
interrupted), and the solve is one that runs for longer than the test waits, interrupted
inside Z3; each test checks that the run got where it was meant to be interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import z3

from model.solver import PAUSE_ENVIRONMENT, SolverSettings, check, new_solver
from tests import builders
from tests.checks.cli.test_cli import COMPLIANT


def _interrupt_when(process: subprocess.Popen[str], ready: Path, wait: float = 60.0) -> None:
    """Send SIGINT once ``ready`` exists (the run reached its pause point)."""
    deadline = time.monotonic() + wait
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached its pause point"
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)


def _rrcheck(args: list[str], environment: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, **(environment or {})}
    env.pop("RRCHECK_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "checks.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _assert_interrupted(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "rrcheck: interrupted\n", err
    return out


@pytest.mark.parametrize("point", ["startup", "model"])
@pytest.mark.parametrize("command", ["validate", "timeline"])
def test_ctrl_c_at_start_up_or_while_the_model_is_built(
    tmp_path: Path, point: str, command: str
) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(COMPLIANT)
    ready = tmp_path / "ready"
    output = tmp_path / "picture.svg"
    args = [command, str(scenario)] + (["-o", str(output)] if command == "timeline" else [])
    process = _rrcheck(args, {PAUSE_ENVIRONMENT: f"{point}:{ready}"})
    _interrupt_when(process, ready)
    assert _assert_interrupted(process) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ready", "s.toml"]  # nothing written


def test_the_pause_point_is_passed_by_without_the_environment(tmp_path: Path) -> None:
    # The same run without RRCHECK_PAUSE_AT: it does not wait, and it finishes.
    scenario = tmp_path / "s.toml"
    scenario.write_text(COMPLIANT)
    done = subprocess.run(
        [sys.executable, "-m", "checks.cli", "validate", str(scenario), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != PAUSE_ENVIRONMENT},
    )
    assert done.returncode == 0, done.stderr


def _hard_instance(solver: z3.Solver) -> None:
    """Random equations over bounded integers: far more than a second's work for Z3."""
    import random

    chooser = random.Random(1)
    x = [z3.Int(f"x{i}") for i in range(60)]
    for _ in range(200):
        terms = [chooser.randint(-9, 9) * v for v in chooser.sample(x, 8)]
        solver.add(z3.Sum(terms) == chooser.randint(-50, 50))
    for v in x:
        solver.add(v >= 0, v <= 30)


def test_ctrl_c_inside_a_z3_check_is_an_interrupt_not_unknown() -> None:
    solver = new_solver(SolverSettings(timeout_seconds=60))
    _hard_instance(solver)
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            check(solver)
    finally:
        timer.cancel()
    # Interrupted (after the 0.5 s), well before the 60 s time-out.
    assert 0.4 < time.monotonic() - started < 30
    # and the search was stopped, not left running in its thread.
    time.sleep(0.1)
    assert not any(t.name == "z3-check" for t in threading.enumerate())


def test_a_time_out_is_still_unknown() -> None:
    solver = new_solver(SolverSettings(timeout_seconds=0.2))
    _hard_instance(solver)
    assert check(solver) == z3.unknown and solver.reason_unknown() == "timeout"


# Six planned suspensions, each free anywhere in the whole Registration Period (1 to 20
# business days): the most payments take the solver far longer than this test waits.
SIX_WIDE = builders.document(
    *[
        {
            "id": f"p{k}",
            "start": {"earliest": "2003-10-06", "latest": "2005-09-01"},
            # p6's other length bound keeps the suspensions from being interchangeable, so
            # the calendar's table (model/calendar_optimum.py) does not answer at once and
            # the solver's ascent runs.
            "length": {"min": 1, "max": 20 if k < 6 else 19},
        }
        for k in range(1, 7)
    ],
    investors=[{"name": "A", "purchase_price": "1500000.00"}],
)


def test_ctrl_c_during_the_solve_of_worst_case_exits_130_and_claims_no_time_out(
    tmp_path: Path,
) -> None:
    import json

    scenario = tmp_path / "six.json"
    scenario.write_text(json.dumps(SIX_WIDE))
    # 4 s in, the run is in the ascent (start-up and the model take about a second); the
    # solve alone would run for minutes, and its time-out is 120 s.
    process = _rrcheck(["worst-case", str(scenario), "--timeout", "120"])
    started = time.monotonic()
    time.sleep(4.0)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    assert _assert_interrupted(process) == ""
    assert time.monotonic() - started < 60


def test_an_output_file_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from checks import cli

    scenario = tmp_path / "s.toml"
    scenario.write_text(COMPLIANT)
    output = tmp_path / "deadlines.ics"
    output.write_text("the previous calendar\n")

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)
    assert cli.main(["calendar", str(scenario), "-o", str(output)]) == 130
    out, err = capsys.readouterr()
    assert (out, err) == ("", "rrcheck: interrupted\n")
    # The old file stands untouched and the half-made one is gone.
    assert output.read_text() == "the previous calendar\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.ics", "s.toml"]
    monkeypatch.undo()
    assert cli.main(["calendar", str(scenario), "-o", str(output)]) == 0
    assert output.read_text().startswith("BEGIN:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.ics", "s.toml"]
