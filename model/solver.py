"""The solver behind a small interface: settings, timeouts, and calendar days from
business-day indices by arithmetic.

Measured on prototypes: Z3 arrays and function tables for the calendar time out under
Optimize, while weekday arithmetic plus a step function for holidays (a balanced If-tree)
solves in well under a second. So solver variables are business-day indices, and calendar
days are computed from them here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import time
from collections.abc import Sequence
from typing import TypeAlias

import attrs
import z3

from model.calendars import BusinessCalendar
from model.folding import ite, substituted

Date = dt.date
IntTerm: TypeAlias = z3.ArithRef | int


class SolverUnknown(Exception):
    """The solver ran out of time or gave up on a fixed schedule: never an answer. (A question
    over planned suspensions reports ``unknown`` with its best bound in its result instead.)"""


@attrs.frozen
class SolverSettings:
    """Every solver call has a timeout; a fixed seed makes answers repeat."""

    timeout_seconds: float = 60.0
    random_seed: int = 0

    @property
    def timeout_ms(self) -> int:
        return max(1, int(self.timeout_seconds * 1000))


def new_solver(settings: SolverSettings) -> z3.Solver:
    solver = z3.SolverFor("QF_LIA")
    solver.set("timeout", settings.timeout_ms)
    solver.set("random_seed", settings.random_seed)
    return solver


def no_answer(solver: z3.Solver, settings: SolverSettings | None) -> str:
    """Why ``solver``'s last check gave no answer, in a user's words: Z3 says "canceled" (or
    "timeout") when the time-out ran out, Ctrl-C being raised by :func:`check` instead."""
    reason = str(solver.reason_unknown())
    if reason in ("canceled", "timeout"):
        return out_of_time(settings)
    return reason


def out_of_time(settings: SolverSettings | None) -> str:
    """The words of every command's ``unknown`` that a time-out caused (``--timeout`` is per
    solver call); without the settings (a caller that made its own solver), no figure."""
    if settings is None:
        return "out of time"
    return f"out of time (the time-out is {settings.timeout_seconds:g} s a solver call)"


def check(solver: z3.Solver, *assumptions: z3.BoolRef) -> z3.CheckSatResult:
    """``solver.check``, with Ctrl-C an interrupt rather than an answer.

    Left to itself, Z3 catches SIGINT during a check and gives up as ``unknown``, the same
    answer (and sometimes the same reason, "canceled") as a time-out, so the two could not be
    told apart. Here Z3 leaves SIGINT alone (``ctrl_c`` off, below) and the check runs in a
    worker thread while this one waits, so Ctrl-C raises KeyboardInterrupt here at once; the
    search is then stopped with ``interrupt`` and the KeyboardInterrupt goes on. Every check
    goes through here."""
    outcome: list[z3.CheckSatResult] = []
    failure: list[BaseException] = []
    done = threading.Event()  # not Thread.join: an interrupted join can forget the thread

    def run() -> None:
        try:
            outcome.append(solver.check(*assumptions))
        except BaseException as error:  # handed to the waiting thread
            failure.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name="z3-check", daemon=True).start()
    try:
        done.wait()
    except KeyboardInterrupt:
        solver.interrupt()
        done.wait()
        raise
    if failure:
        raise failure[0]
    return outcome[0]


# Z3 would otherwise take SIGINT during a check for itself (see ``check``).
z3.set_param("ctrl_c", False)


_interruptible_check = check  # under another name where a local ``check`` hides it

# Set to "POINT:FILE" to stop at POINT ("startup", "model") for a test of Ctrl-C: the file is
# created when the point is reached, then the process sleeps until interrupted (or 60 s).
PAUSE_ENVIRONMENT = "RRCHECK_PAUSE_AT"


def pause_point(point: str) -> None:
    """A place where the Ctrl-C tests interrupt a run on purpose (see PAUSE_ENVIRONMENT)."""
    setting = os.environ.get(PAUSE_ENVIRONMENT, "")
    name, _, ready = setting.partition(":")
    if name != point or not ready:
        return
    with open(ready, "w"):
        pass
    time.sleep(60)


def ordinal(day: Date) -> int:
    """A calendar day as the integer the model uses (proleptic Gregorian ordinal)."""
    return day.toordinal()


def from_ordinal(value: int) -> Date:
    return dt.date.fromordinal(value)


def step_count(x: z3.ArithRef, thresholds: Sequence[int]) -> z3.ArithRef:
    """``#{t in thresholds : t <= x}`` as a balanced If-tree over the sorted thresholds."""
    ordered = sorted(thresholds)

    def tree(low: int, high: int) -> z3.ArithRef:
        # Here the count is known to lie in [low, high].
        if low == high:
            return z3.IntVal(low)
        middle = (low + high + 1) // 2
        return ite(x >= ordered[middle - 1], tree(middle, high), tree(low, middle - 1))

    return tree(0, len(ordered))


class BusinessDayEncoding:
    """Calendar days of business-day indices of one calendar, as Z3 arithmetic.

    Index ``b`` (a position in ``calendar.business_days``) maps to a calendar ordinal by:
    1. skipping the weekend days the scenario made business days (a short If-chain),
    2. adding the closed weekdays passed so far (a step function, balanced If-tree),
    3. weekday arithmetic: 5 weekdays a week from the epoch Monday.
    """

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self._epoch = ordinal(calendar.epoch)
        position = {d: i for i, d in enumerate(calendar.business_days)}
        self._weekend_days = sorted(
            (position[d], ordinal(d)) for d in calendar.weekend_business_days
        )
        # Weekdays that are not business days, before or inside the span: the step function's
        # thresholds, each the number of weekday business days before it.
        closed = sorted(
            {calendar.weekday_index(d) for d in calendar.closures}
            | set(range(calendar.weekday_index(calendar.first_day)))
        )
        self._thresholds = [w - j for j, w in enumerate(closed)]
        self._index = z3.Int("business_day_index")

    @functools.cached_property
    def _day_of_index(self) -> z3.ArithRef:
        """The encoding of one symbolic index, built once and only when asked for (a fixed
        schedule never asks): each day_of substitutes its index for the placeholder in one call
        into Z3, where rebuilding the If-tree through the Python API took most of the time of
        building a model (docs/performance.md)."""
        return self._encode(self._index)

    def day_of(self, index: IntTerm) -> z3.ArithRef:
        """The calendar ordinal of business day ``index``."""
        if isinstance(index, int):
            return z3.IntVal(ordinal(self.calendar.day_at(index)))
        return substituted(self._day_of_index, self._index, index)

    def _encode(self, index: z3.ArithRef) -> z3.ArithRef:
        weekday_position = index - sum(
            (ite(p < index, z3.IntVal(1), z3.IntVal(0)) for p, _ in self._weekend_days),
            z3.IntVal(0),
        )
        weekday_index = weekday_position + step_count(weekday_position, self._thresholds)
        day = self._epoch + 7 * (weekday_index / 5) + weekday_index % 5
        for p, weekend_ordinal in reversed(self._weekend_days):
            day = ite(index == p, z3.IntVal(weekend_ordinal), day)
        return day

    def index_bounds(self) -> tuple[int, int]:
        return 0, len(self.calendar.business_days) - 1


@functools.lru_cache(maxsize=16)
def encoding_of(calendar: BusinessCalendar) -> BusinessDayEncoding:
    """The encoding of a calendar, shared by the models built on it: its If-tree of one
    symbolic index (over the same placeholder variable) is then built once, where each model
    of a planned suspension built it again (about 37 ms under the profiler, a tenth of the
    model of a random schedule). It holds no model's terms but that tree."""
    return BusinessDayEncoding(calendar)


@attrs.frozen
class Optimum:
    """The outcome of :func:`lexicographic_optimum`.

    ``optimal``: ``model`` attains ``values`` and each value was proved best (the solver found
    "strictly better than this value" unsat). ``unknown``: time ran out; ``model`` is the best
    found so far (or None), ``values`` the objectives settled before time ran out, and
    ``limit``, when the solver refuted a probe of the first unsettled objective, what that
    proved of its optimum: at most ``limit`` when maximising, at least when minimising.
    ``infeasible``: no model at all. ``proved``: the values were proved by the caller's means
    (``Proved``), the model found attaining them.
    """

    status: str
    model: z3.ModelRef | None
    values: tuple[int, ...] = ()
    limit: int | None = None
    proved: bool = False  # the values are those of ``proved`` (lexicographic_optimum)


@attrs.frozen
class Objective:
    """One objective of :func:`lexicographic_optimum`: ``term`` to maximise (or minimise).

    ``unit`` divides every value ``term`` can take (the gcd of its coefficients over integer
    days): no value lies strictly between ``v`` and ``v + unit``, so "at least ``v + unit``"
    unsat proves ``v`` best. ``gallop``: look for ever larger improvements (unit, 2 units,
    4 units, ...) and halve back after an unsat, rather than asking only for "better than the
    best so far"; it pays where many small improvements are possible (payments), not on a
    date index that the first model usually sets near its optimum."""

    term: z3.ArithRef
    maximise: bool
    unit: int = 1
    gallop: bool = False
    # The best value the bounds could allow (the last start of a window, say): asked for first,
    # since the answer is often there. Optional; a wrong one costs a call, never an answer.
    bound: int | None = None


@attrs.frozen
class Proved:
    """An answer to :func:`lexicographic_optimum` proved by other means than the solver's
    unsat: ``values``, one per objective, the lexicographic optimum (each the best within the
    values before it), and ``pins``, assumptions that pin a model said to attain them."""

    values: tuple[int, ...]
    pins: tuple[z3.BoolRef, ...]


def lexicographic_optimum(
    solver: z3.Solver,
    objectives: Sequence[Objective],
    settings: SolverSettings,
    proved: Proved | None = None,
) -> Optimum:
    """Optimise objectives in order, each within the optima of those before it, by model-guided
    ascent: ask for a better value than the best model so far until the solver says unsat.
    That last unsat ("nothing at least one unit better") is the proof of optimality.

    With ``proved``, first ask for its model: where the solver finds one and every objective
    takes there the value ``proved`` gives it, that is the answer (what proved the values
    optimal is the caller's: model/calendar_optimum.py). Otherwise the ascent runs as without
    it, from the model found if any.

    Measured on this model: Z3's Optimize took 6 to 40 s on one planned suspension where the
    ascent takes 0.2 s, because each model found jumps straight to a better value.
    """
    deadline = time.monotonic() + settings.timeout_seconds

    def check(*assumptions: z3.BoolRef) -> z3.CheckSatResult:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return z3.unknown
        solver.set("timeout", max(1, int(remaining * 1000)))
        return _interruptible_check(solver, *assumptions)

    best_model: z3.ModelRef | None = None
    if proved is not None and check(*proved.pins) == z3.sat:
        best_model = solver.model()
        attained = tuple(
            best_model.eval(o.term, model_completion=True).as_long() for o in objectives
        )
        if attained == proved.values:
            return Optimum("optimal", best_model, attained, proved=True)
    if best_model is None:  # none pinned: any model to start from
        first = check()
        if first == z3.unsat:
            return Optimum("infeasible", None)
        if first != z3.sat:
            return Optimum("unknown", None)
        best_model = solver.model()
    settled: list[z3.BoolRef] = []
    values: list[int] = []
    for objective in objectives:
        # Maximise sign * term: one loop serves both directions.
        sign = 1 if objective.maximise else -1
        unit = objective.unit

        def value(m: z3.ModelRef, term: z3.ArithRef = objective.term, sign: int = sign) -> int:
            return sign * m.eval(term, model_completion=True).as_long()

        best = value(best_model)
        unattainable: int | None = None  # a value shown out of reach ("at least this" unsat)
        out_of_reach: int | None = None  # the bound, when the probe found it unattainable
        if objective.bound is not None and sign * objective.bound > best:
            solver.push()
            solver.add(settled)
            solver.add(sign * objective.term >= sign * objective.bound)
            outcome = check()
            if outcome == z3.sat:
                best_model = solver.model()
                best = value(best_model)
            solver.pop()
            if outcome == z3.unsat:
                out_of_reach = sign * objective.bound
            elif outcome != z3.sat:
                return Optimum("unknown", best_model, tuple(values))
        step = unit

        while unattainable is None or unattainable - best > unit:
            if out_of_reach is not None and best + unit >= out_of_reach:
                unattainable = out_of_reach  # "at least best + unit" is within that unsat
                break
            if unattainable is None:
                target = best + (step if objective.gallop else unit)
            else:  # halve the gap, in whole units
                target = best + unit * max(1, (unattainable - best) // unit // 2)
            solver.push()
            solver.add(settled)
            solver.add(sign * objective.term >= target)
            outcome = check()
            if outcome == z3.sat:
                best_model = solver.model()
                best = value(best_model)
                step *= 2
            solver.pop()
            if outcome == z3.unsat:
                unattainable = target
            elif outcome != z3.sat:
                limit = _proved_limit(sign, unit, unattainable, out_of_reach)
                return Optimum("unknown", best_model, tuple(values), limit)
        best_value = sign * best
        settled.append(objective.term == best_value)
        values.append(best_value)
    return Optimum("optimal", best_model, tuple(values))


def confirmed(
    solver: z3.Solver, objectives: Sequence[Objective], settings: SolverSettings, proved: Proved
) -> Optimum | None:
    """The first step of :func:`lexicographic_optimum` with ``proved``, alone: the pinned model
    when every objective takes there the value ``proved`` gives it (``optimal``, ``proved``);
    ``unknown`` when the check ran out of time; None when the pins have no model or it attains
    other values, so that the caller's proof does not hold and the caller searches without it
    (``worst-case --robust``, checks/worst_case_robust.py)."""
    solver.set("timeout", max(1, int(settings.timeout_seconds * 1000)))
    outcome = _interruptible_check(solver, *proved.pins)
    if outcome == z3.unknown:
        return Optimum("unknown", None)
    if outcome != z3.sat:
        return None
    found = solver.model()
    attained = tuple(found.eval(o.term, model_completion=True).as_long() for o in objectives)
    return Optimum("optimal", found, attained, proved=True) if attained == proved.values else None


def _proved_limit(
    sign: int, unit: int, unattainable: int | None, out_of_reach: int | None
) -> int | None:
    """Out of time: the lowest value the solver refuted ("at least this" unsat, in the
    maximised direction), less a unit, bounds the optimum; None when none was refuted."""
    refuted = [v for v in (unattainable, out_of_reach) if v is not None]
    return sign * (min(refuted) - unit) if refuted else None


def canonical_core(
    solver: z3.Solver, literals: dict[str, z3.BoolRef], order: list[str]
) -> list[str] | str | None:
    """A minimal set of ``literals``' keys that ``solver`` cannot satisfy together: None when
    all of them can hold, the solver's reason when it gave no answer. Deletion over ``order``:
    each key is dropped when the keys kept without it are still unsat, so the core is the one
    ``order`` fixes, whichever cores the solver reports where two are minimal. The solver's
    cores only spare checks: a key outside the last core reported is dropped unasked (that
    core, a subset of the keys kept without it, is unsat). A check out of time keeps its key
    (a larger core is still a core)."""
    by_literal = {lit.get_id(): key for key, lit in literals.items()}

    def reported() -> set[str]:
        return {by_literal[lit.get_id()] for lit in solver.unsat_core()}

    outcome = check(solver, *(literals[k] for k in order))
    if outcome == z3.sat:
        return None
    if outcome == z3.unknown:
        return str(solver.reason_unknown())
    known, kept = reported(), list(order)
    for key in order:
        trial = [k for k in kept if k != key]
        if key not in known:
            kept = trial
            continue
        if check(solver, *(literals[k] for k in trial)) == z3.unsat:
            kept, known = trial, reported()
    return kept
