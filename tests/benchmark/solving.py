"""The benchmark's measures in this process: find, worst-case and validate --robust timed
(wall, CPU, Z3's work), beside brute force through the reference evaluator."""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import resource
import statistics
import time
import unittest.mock
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import z3

from checks.answers import PlacedSuspension
from checks.find import find
from checks.placements import fixed_scenario
from checks.worst_case import worst_case
from model.context import scenario_context
from model.loading import structure_scenario
from model.reference import evaluate
from model.scenario import Scenario
from tests.benchmark.scenarios import (
    BASE_DATES,
    SHAPES,
    every_reading_scenario,
    full_window_scenario,
    planned_scenario,
)


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


@contextlib.contextmanager
def built_per_file() -> Iterator[None]:
    """Within it, ``validate`` and ``--robust`` build the model for each file, as before the
    model built once per shape (model/bound_model.py): the baseline in the same run."""
    import model.verdicts

    with unittest.mock.patch.object(model.verdicts, "shape_of", lambda *_: None):
        yield


def reference_robust(scenario: Scenario) -> list[tuple[bool, Decimal, frozenset[str]]]:
    """The reference evaluator under each of the 512 readings, one evaluation each (the
    yardstick of issue 16's target for ``--robust``)."""
    from model.interpretations import every_interpretation

    outcomes = []
    for interpretation in every_interpretation():
        v = evaluate(attrs.evolve(scenario, interpretation=interpretation))
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
        assert fast == reference_robust(scenario), label
        mine = measured(functools.partial(robust, scenario), runs)
        reference = measured(functools.partial(reference_robust, scenario), runs)
        with built_per_file():
            before = measured(functools.partial(robust, scenario), runs)
        row = {
            "file": label,
            "robust_s": mine["wall_s"],
            "robust_cpu_s": mine["cpu_s"],
            "reference_512_cpu_s": reference["cpu_s"],
            "robust_over_reference_cpu": round(mine["cpu_s"] / reference["cpu_s"], 2),
            "built_per_file_cpu_s": before["cpu_s"],
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


def robust_shared(counts: list[int], runs: int, timeout: float) -> None:
    """``worst-case --robust`` (most and least) with ``counts`` planned suspensions sharing the
    whole Registration Period, from the calendar's table under each reading beside the search
    over every reading (the tables switched off, as before them), alternating in the same run;
    asserts the same answer, reading and spread where the search finishes."""
    import model.exposure
    from model.solver import SolverSettings

    settings = SolverSettings(timeout_seconds=timeout)

    def summary(result: Any) -> dict[str, object]:
        spread = result.spread or ()
        return {
            "status": result.status,
            "total": str(result.total_payments),
            "reading": result.interpretation.as_dict() if result.interpretation else None,
            "schedule": [f"{p.start}..{p.end}" for p in result.schedule],
            "spread": [(str(e.payments), e.interpretation.as_dict()) for e in spread],
        }

    for count in counts:
        scenario = full_window_scenario(count)
        for least in (False, True):
            row: dict[str, object] = {"planned, one window": count, "least": least}
            answers: dict[str, dict[str, object]] = {}
            for name in ("tables", "search"):
                box: dict[str, Any] = {}

                def run(
                    box: dict[str, Any] = box, scenario: Any = scenario, least: bool = least
                ) -> None:
                    box["result"] = worst_case(scenario, least, settings, robust=True)

                off = unittest.mock.patch.object(
                    model.exposure, "optima_by_reading", lambda *args: None
                )
                with off if name == "search" else contextlib.nullcontext():
                    row[f"{name}_measured"] = measured(run, runs)
                answers[name] = summary(box["result"])
            row["answer"] = answers["tables"]
            if answers["search"]["status"] == "optimal":
                assert answers["tables"] == answers["search"], answers
                row["search"] = "the same answer"
            else:
                row["search"] = answers["search"]["status"]
            print(json.dumps(row, default=str), flush=True)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
