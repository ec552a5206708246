"""The search behind ``rrcheck worst-case`` under a term profile: the placement of the planned
suspensions, within their bounds, with the most (or, ``least``, the fewest) payments, compliant
or not (CONTRACT.md "Scenario files": worst-case prices whatever placement the bounds allow).

The placements and the allowance are :mod:`model.allowance_plan`'s model (each suspension's
first restricted day a term over the planned starts and ends); the payments are
:mod:`model.allowance_price`'s integer of cents, equal to the Decimal payments for every
placement. The objective is not monotone in days (monthly anniversaries, bases that fall with
sales, the cap), so nothing here assumes it is: the search only ever asks the solver "is there
a placement whose payments are at least (at most) X cents", with X an integer, and an answer
``unsat`` is a proof about the payments themselves.

1. **Ascent**: a first placement gives a value ``v``; then "at least" the value halfway
   between ``v`` and a far end: the arithmetic bound below (a guess here, never taken as proved)
   until a value is refuted, then the nearest value refuted; each model's own value becomes
   the new ``v``. After each unsat the next question is "at least ``v + 1``": the models'
   values sit on the few amounts the periods can cost, so ``v`` is often the optimum already,
   and then that one check ends the search instead of a bisection down to the cent (measured:
   half the checks on the benchmark's three planned suspensions). Past the far end, the step
   doubles. It ends with ``v`` attained and "at least ``v + 1``" unsat: the optimum.
2. **Ties** go to the earliest start of the first planned suspension (in file order), then its
   earliest end, then the next one's: each minimised with the optimum pinned, so the answer
   repeats whatever the solver's seed.
3. Out of time (a check ``unknown``): what is proved is the best value found (attained) and
   the last value refuted (or, if none was, a bound by arithmetic: the cap, or every run priced
   as its longest with at most one period more than its days need); never a guess.

The caller re-validates the witness by both implementations and checks that the payments it
costs are the cents proved optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

import attrs
import z3

from model.allowance_plan import PlanModel
from model.allowance_price import (
    CENT,
    SymbolicRun,
    _cents,
    decimal_amount,
    payment_objective,
)
from model.profile_days import ProfileFacts
from model.solver import SolverSettings, check, new_solver, no_answer, out_of_time


@attrs.frozen
class WorstOutcome:
    """``status``: optimal | infeasible | unknown. ``cents``: the optimum (optimal) or the best
    found (unknown); ``bound``: what the optimum is proved not to pass (unknown); ``schedule``:
    the witness read back as fixed facts."""

    status: str
    cents: int | None = None
    bound: int | None = None
    placements: tuple[tuple[str, object, object], ...] = ()
    schedule: ProfileFacts | None = None
    message: str = ""


def symbolic_runs(plan: PlanModel) -> list[SymbolicRun]:
    """Each judged suspension's restricted run; one with no day in the period has none."""
    runs = []
    for j in plan.judged:
        last = j.last.term if not isinstance(j.last.term, int) else z3.IntVal(j.last.term)
        restricted = z3.If(j.inside, j.restricted, last + 1)
        runs.append(SymbolicRun(j.id, restricted, last, (j.first.lo, j.last.hi)))
    return runs


def placement_constraints(plan: PlanModel) -> list[z3.BoolRef]:
    """The model's constraints (with each planned suspension's bounds, its business days among
    them: CONTRACT.md "Scenario files"), and none lies on a day of another restriction (the
    file's restrictions and suspensions give each restricted day once)."""
    found = plan.constraints()
    for p in plan.planned.values():
        for r in plan.facts.restrictions:
            a, b = r.start.toordinal(), r.end.toordinal()
            found.append(z3.Or(p.end.term < a, p.start.term > b))
    return found


def arithmetic_bound(plan: PlanModel, investor: str | None) -> int:
    """An upper bound on the payments by arithmetic, for an answer out of time: per Investor
    the cap, or the constants plus every run at its longest, a whole period's amount (at the
    full purchase price) for each period it could touch."""
    profile = plan.profile
    damages = [d for d in profile.damages if d.event == "restricted-days"]
    objective = payment_objective(profile, plan.facts, plan.calendars, [])
    total = 0
    for i in plan.facts.investors:
        if investor is not None and i.name != investor:
            continue
        bound = objective.constant_cents[i.name]
        if damages:
            d = damages[-1]
            n = d.period.days if d.period.days is not None else 28 * (d.period.months or 1)
            whole = _cents(decimal_amount(d.rate, i.purchase_price, 1, 1))
            for j in plan.judged:
                days = j.last.hi - j.first.lo + 1
                bound += (days // n + 2) * whole
        if profile.damages_cap is not None:
            cap = (profile.damages_cap.fraction * i.purchase_price).quantize(
                CENT, rounding=ROUND_DOWN
            )
            bound = min(bound, _cents(cap))
        total += bound
    return total


def worst_placement(
    plan: PlanModel, least: bool, settings: SolverSettings, investor: str | None = None
) -> WorstOutcome:
    objective = payment_objective(plan.profile, plan.facts, plan.calendars, symbolic_runs(plan))
    target = objective.total if investor is None else objective.by_investor[investor]
    solver = new_solver(settings)
    # Z3's older arithmetic solver: on these If-trees of cents, 30 to 50% less CPU per check
    # than the default (measured on the benchmark's three planned suspensions, every profile)
    solver.set("arith.solver", 2)
    solver.add(placement_constraints(plan))
    sign = -1 if least else 1

    def better(value: int) -> z3.BoolRef:
        return target >= value if not least else target <= value

    def value_of(m: z3.ModelRef) -> int:
        return int(m.eval(target, model_completion=True).as_long())  # type: ignore[attr-defined]

    first = check(solver)
    if first == z3.unsat:
        return WorstOutcome("infeasible", message="no placement fits the bounds")
    if first != z3.sat:
        return _unknown(plan, least, investor, None, None, None, solver, settings)
    m = solver.model()
    best = value_of(m)
    refuted: int | None = None  # the nearest value proved out of reach
    # the far end until a value is refuted: payments are never negative
    guess = arithmetic_bound(plan, investor) + 1 if not least else -1
    step, probe = 1, False
    while refuted is None or sign * (refuted - best) > 1:
        far = refuted if refuted is not None else guess
        if probe:
            ask = best + sign  # one cent past the best: unsat proves it the optimum
        elif sign * (far - best) > 1:
            ask = best + sign * (abs(far - best) // 2)
        else:  # past the guess, nothing refuted yet
            step *= 2
            ask = best + sign * step
        outcome = check(solver, better(ask))
        if outcome == z3.sat:
            m = solver.model()
            best = value_of(m)
            probe = False
        elif outcome == z3.unsat:
            refuted = ask
            probe = True
        else:
            return _unknown(plan, least, investor, best, refuted, m, solver, settings)
    # ties: the earliest starts, then ends, in file order, with the optimum pinned
    solver.add(target == best)
    for p in plan.planned.values():
        for day in (p.start, p.end):
            if isinstance(day.term, int):
                continue  # fixed by its bounds
            term = day.term
            current = int(m.eval(term, model_completion=True).as_long())  # type: ignore[attr-defined]
            low = day.lo
            while low < current:
                middle = (low + current) // 2
                outcome = check(solver, term <= middle)
                if outcome == z3.sat:
                    m = solver.model()
                    current = int(m.eval(term, model_completion=True).as_long())  # type: ignore[attr-defined]
                elif outcome == z3.unsat:
                    low = middle + 1
                else:
                    return _unknown(
                        plan, least, investor, best, best, m, solver, settings, tie=True
                    )
            solver.add(term == current)
    return WorstOutcome("optimal", best, best, plan.placements(m), plan.schedule(m))


def _unknown(
    plan: PlanModel,
    least: bool,
    investor: str | None,
    best: int | None,
    refuted: int | None,
    m: z3.ModelRef | None,
    solver: z3.Solver,
    settings: SolverSettings,
    tie: bool = False,
) -> WorstOutcome:
    """Out of time: the best value found (attained by ``m``) and what is proved of the optimum."""
    if tie:
        bound = best
    elif refuted is not None:
        bound = refuted - 1 if not least else refuted + 1
    else:
        bound = 0 if least else arithmetic_bound(plan, investor)
    reason = no_answer(solver, settings)
    message = "the solver ran " + (
        reason if reason == out_of_time(settings) else f"out of time ({reason})"
    )
    if tie:
        message += "; the optimum is proved, but not the earliest placement attaining it"
    placements: Sequence[tuple[str, object, object]] = ()
    schedule = None
    if m is not None:
        placements, schedule = plan.placements(m), plan.schedule(m)
    return WorstOutcome("unknown", best, bound, tuple(placements), schedule, message)


def bounds_core(plan: PlanModel, settings: SolverSettings) -> list[tuple[str, str]]:
    """When no placement fits: the planned suspensions' bounds that stand in the way together
    (an unsat core of their labelled bounds), as (id, label)."""
    solver = new_solver(settings)
    solver.add(plan.constraints(planned_bounds=False))
    labels: dict[str, tuple[str, str]] = {}
    tracked = []
    for pid, p in plan.planned.items():
        for label, bound in p.bounds:
            flag = z3.Bool(f"bound.{pid}.{label}")
            solver.add(z3.Implies(flag, bound))
            labels[str(flag)] = (pid, label)
            tracked.append(flag)
    if check(solver, *tracked) != z3.unsat:
        return []  # the order of the suspensions or a restriction stands in the way
    return sorted(labels[str(f)] for f in solver.unsat_core() if str(f) in labels)


def cents_decimal(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(CENT)
