"""lexicographic_optimum (model/solver.py): the ascent, galloping and the bound probe give the
optimum and end on the unsat that proves it, whatever bound or unit they are given."""

from __future__ import annotations

import pytest
import z3

from model.solver import Objective, Proved, SolverSettings, lexicographic_optimum


def _solver() -> tuple[z3.Solver, z3.ArithRef, z3.ArithRef]:
    x, y = z3.Ints("x y")
    solver = z3.Solver()
    # x in 0..38, never 37 or 38 (so at most 36); y in 0..x, a multiple of 3.
    solver.add(x >= 0, x <= 38, x != 37, x != 38, y >= 0, y <= x, y % 3 == 0)
    return solver, x, y


@pytest.mark.parametrize("bound", [None, 38, 37, 36, 100, 3])
@pytest.mark.parametrize("gallop", [False, True])
def test_maximum_whatever_the_bound(bound, gallop):
    solver, x, y = _solver()
    found = lexicographic_optimum(
        solver,
        [Objective(x, maximise=True, gallop=gallop, bound=bound), Objective(y, maximise=False)],
        SolverSettings(timeout_seconds=10),
    )
    assert found.status == "optimal"
    assert found.values == (36, 0)


@pytest.mark.parametrize("bound", [None, 0, 5, -7])
def test_minimum_whatever_the_bound(bound):
    solver, x, y = _solver()
    solver.add(x >= 5)
    found = lexicographic_optimum(
        solver,
        [Objective(x, maximise=False, bound=bound), Objective(y, maximise=True, unit=3)],
        SolverSettings(timeout_seconds=10),
    )
    assert found.status == "optimal"
    assert found.values == (5, 3)


def test_galloping_in_units_of_the_gcd():
    # 6x takes only multiples of 6: at least best + 6 unsat is the proof; max 6 * 36.
    solver, x, _ = _solver()
    found = lexicographic_optimum(
        solver, [Objective(6 * x, maximise=True, unit=6, gallop=True)], SolverSettings()
    )
    assert found.values == (216,)


def test_infeasible():
    x = z3.Int("x")
    solver = z3.Solver()
    solver.add(x > 0, x < 0)
    assert lexicographic_optimum(solver, [Objective(x, True)], SolverSettings()).status == (
        "infeasible"
    )


class RecordingSolver(z3.Solver):
    """A solver that records what it is set to before each call."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: list[tuple[object, ...]] = []

    def set(self, *args: object, **keys: object) -> None:
        self.settings.append(args)
        super().set(*args, **keys)


def test_each_call_gets_what_is_left_of_one_budget():
    solver = RecordingSolver()
    x, y = z3.Ints("x y")
    solver.add(x >= 0, x <= 38, x != 37, x != 38, y >= 0, y <= x, y % 3 == 0)
    found = lexicographic_optimum(
        solver, [Objective(x, True), Objective(y, False)], SolverSettings(timeout_seconds=10)
    )
    assert found.values == (36, 0)
    assert len(solver.settings) >= 3
    assert all(key == "timeout" for key, _ in solver.settings)
    budgets = [ms for _, ms in solver.settings]
    assert all(0 < ms <= 10_000 for ms in budgets)
    assert budgets == sorted(budgets, reverse=True)  # what is left only shrinks


def test_a_budget_under_a_second_is_a_budget():
    solver, x, y = _solver()
    found = lexicographic_optimum(
        solver, [Objective(x, maximise=True)], SolverSettings(timeout_seconds=0.5)
    )
    assert (found.status, found.values) == ("optimal", (36,))


def test_no_time_at_all_is_unknown_with_no_model():
    solver, x, _ = _solver()
    found = lexicographic_optimum(
        solver, [Objective(x, maximise=True)], SolverSettings(timeout_seconds=1e-9)
    )
    assert (found.status, found.model, found.values) == ("unknown", None, ())


class GivingUpSolver(z3.Solver):
    """A solver that answers ``unknown`` from its ``give_up_at``-th call on (1 is the first)."""

    def __init__(self, give_up_at: int) -> None:
        super().__init__()
        self.give_up_at = give_up_at
        self.calls = 0

    def check(self, *assumptions: z3.ExprRef) -> z3.CheckSatResult:
        self.calls += 1
        if self.calls >= self.give_up_at:
            return z3.unknown
        return super().check(*assumptions)


def _giving_up(give_up_at: int) -> tuple[GivingUpSolver, z3.ArithRef, z3.ArithRef]:
    solver = GivingUpSolver(give_up_at)
    x, y = z3.Ints("x y")
    solver.add(x >= 0, x <= 38, x != 37, x != 38, y >= 0, y <= x, y % 3 == 0)
    return solver, x, y


def test_giving_up_at_the_bound_probe_keeps_the_best_model_so_far():
    # Call 1 finds a first model; call 2 is the probe of the bound (x >= 38): unknown.
    solver, x, _ = _giving_up(2)
    found = lexicographic_optimum(solver, [Objective(x, True, bound=38)], SolverSettings())
    assert found.status == "unknown"
    assert isinstance(found.model, z3.ModelRef) and found.values == ()
    assert 0 <= found.model.eval(x).as_long() <= 36  # the first model, a placement that holds


def test_giving_up_in_a_later_objective_keeps_the_values_settled():
    # x is settled at 36 by its bound probe (sat) and "at least 37" (unsat): calls 2 and 3;
    # call 4 asks for a better y and gets unknown.
    solver, x, y = _giving_up(4)
    found = lexicographic_optimum(
        solver,
        [Objective(x, True, bound=36), Objective(y, True, unit=3)],
        SolverSettings(),
    )
    assert found.status == "unknown"
    assert found.values == (36,)
    assert isinstance(found.model, z3.ModelRef) and found.model.eval(x).as_long() == 36


def test_giving_up_at_a_later_objectives_bound_probe_keeps_the_values_settled():
    # x is settled at 36 (calls 2 and 3); call 4 is the probe of y's bound (y >= 36): unknown.
    solver, x, y = _giving_up(4)
    found = lexicographic_optimum(
        solver,
        [Objective(x, True, bound=36), Objective(y, True, unit=3, bound=36)],
        SolverSettings(),
    )
    assert found.status == "unknown"
    assert found.values == (36,)
    assert isinstance(found.model, z3.ModelRef) and found.model.eval(x).as_long() == 36


def test_out_of_time_after_a_refuted_probe_says_what_it_proved():
    # Call 1 finds a model, call 2 probes the bound 100 (x >= 100): unsat, then call 3 gives up.
    # Proved: x's maximum is at most 99, whatever the model found.
    solver, x, _ = _giving_up(3)
    found = lexicographic_optimum(
        solver, [Objective(x, maximise=True, bound=100)], SolverSettings(timeout_seconds=10)
    )
    assert (found.status, found.values, found.limit) == ("unknown", (), 99)
    # Minimising, a refuted probe of -5 (x <= -5) proves the minimum at least -4.
    solver, x, _ = _giving_up(3)
    found = lexicographic_optimum(
        solver, [Objective(x, maximise=False, bound=-5)], SolverSettings(timeout_seconds=10)
    )
    assert (found.status, found.limit) == ("unknown", -4)


def test_out_of_time_with_nothing_refuted_proves_no_limit():
    solver, x, _ = _giving_up(2)
    found = lexicographic_optimum(
        solver, [Objective(x, maximise=True, bound=100)], SolverSettings(timeout_seconds=10)
    )
    assert (found.status, found.limit) == ("unknown", None) and found.model is not None


def test_a_proved_answer_is_taken_where_its_model_attains_it():
    solver, x, y = _solver()
    objectives = [Objective(x, maximise=True), Objective(y, maximise=False)]
    proved = Proved((36, 0), (x == 36, y == 0))
    found = lexicographic_optimum(solver, objectives, SolverSettings(timeout_seconds=10), proved)
    assert (found.status, found.values, found.proved) == ("optimal", (36, 0), True)


@pytest.mark.parametrize(
    "values, pins",
    [
        ((36, 0), lambda x, y: (x == 30, y == 0)),  # its model attains less: the ascent goes on
        ((37, 0), lambda x, y: (x == 37, y == 0)),  # pins no model: the ascent from any
        ((36, 0), lambda x, y: (x == 36, y == 3)),  # a model, but not of these values
    ],
)
def test_a_proved_answer_its_model_does_not_attain_is_not_taken(values, pins):
    solver, x, y = _solver()
    objectives = [Objective(x, maximise=True), Objective(y, maximise=False)]
    proved = Proved(values, pins(x, y))
    found = lexicographic_optimum(solver, objectives, SolverSettings(timeout_seconds=10), proved)
    assert (found.status, found.values, found.proved) == ("optimal", (36, 0), False)
