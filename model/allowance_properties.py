"""``rrcheck prove`` under a term profile: the properties its limits state, each proved by Z3
over every schedule of K suspensions placed anywhere in a Registration Period (the negation is
unsat), and each bound shown sharp by a witness (sat).

The schedules are :mod:`model.allowance_plan`'s planned suspensions, each starting on any
business day of the period and lasting 1 to ``longest`` business days (longer than any of the
profile's length and aggregate limits, so every limit can be passed), in order of start, each
given the notice its start needs. What is claimed is read off the model's verdict, each
suspension's first restricted day; the claim itself is stated independently of how the model
finds it:

- ``aggregate`` (n units in a window): for a window placed ANYWHERE, a symbolic first day ``X``
  and its last day (``X + N - 1``; the day before the same day N months on; 31 December of a
  1 January; the period's end), the allowed days of the limit's unit of all suspensions inside
  it number at most n. The model checks one dominating window per day (model/allowance.py);
  this quantifies over every window instead, so the proof is of the argument, not by it. For
  rolling windows Z3 is asked the few windows :mod:`model.allowance_property_windows` shows
  decide it (from each suspension's first day; or a first day that is an index into the
  unit's days), each reduction argued there and tested.
- ``length``: no suspension has more than n allowed days of the unit.
- ``count``: no window, placed anywhere, holds the first days of more than n suspensions with an
  allowed day (``K = n + 1`` suspensions at least; rolling windows: the window from each
  first day decides it, :mod:`model.allowance_property_windows`).
- ``gap``: a suspension with an allowed day begins at least n units after the last day of the
  one before it.
- ``attained``: for each bound, a schedule and a window where it is met exactly (sat).

A profile whose limit is left out of the model (tests/model/test_allowance_properties.py)
makes its property fail with a counterexample: the properties can fail. Every witness and
counterexample is read again by the reference evaluator (model/reference/properties.py walks
every window of the schedule it judges) and claimed only when it agrees; otherwise the
result is ``unknown`` and says why. The plan is built with unit days counted by If-trees
(:func:`model.allowance_property_windows.tree_counts`), not weekday arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import z3

from model.allowance_days import window_start
from model.allowance_plan import PlanJudged, PlanModel, build_plan
from model.allowance_plan_days import (
    Day,
    DayCounts,
    Term,
    maximum,
    minimum,
    notice_by,
    piecewise,
)
from model.allowance_property_windows import (
    REDUCED,
    aggregate_totals,
    count_exceeded,
    count_totals,
    tree_counts,
    unit_day,
    window_end,
)
from model.calendars import build_calendar
from model.explain import counted
from model.profile_days import Calendars, ProfileFacts, add_months, registration_period
from model.profiles import Limit, TermProfile, Window
from model.reference.properties import bounded_quantity
from model.scenario import DateRange, LengthRange, PlannedSuspension, Suspension
from model.solver import SolverSettings, check, no_answer

Date = dt.date
EFFECTIVE = Date(2024, 3, 1)  # a Friday, before a leap day's anniversary and Good Friday


@attrs.frozen
class PropertyResult:
    """The shape of checks/prove.py's ProofResult: a name, the statement, proved |
    counterexample | unknown, and the witness or counterexample."""

    name: str
    statement: str
    status: str
    detail: str = ""


@attrs.frozen
class LimitProperty:
    """One property a limit states: its id, the statement, the claim over the model (and a
    window, where it has one) and the term that is at its bound when the bound is met."""

    id: str
    statement: str
    limit: Limit
    claim: Callable[[PlanModel, Limit], tuple[z3.BoolRef, z3.BoolRef]]


def general_plan(
    profile: TermProfile, suspensions: int, longest: int, months: int | None = None
) -> PlanModel:
    """Every schedule of ``suspensions`` suspensions, each starting on any business day of the
    Registration Period from :data:`EFFECTIVE` and lasting 1 to ``longest`` business days; with
    ``months``, a Registration Period cut to that many months (as a ``rule_144k`` date cuts
    it)."""
    calendars = Calendars(
        build_calendar(profile.agreement.business_calendar, 2022, 2027),
        build_calendar(profile.agreement.trading_calendar, 2022, 2027),
    )
    dates = {"effective": EFFECTIVE}
    if months is not None:
        dates["rule_144k"] = add_months(EFFECTIVE, months)
    facts = ProfileFacts(dates=dates)
    first, last = registration_period(profile, facts, calendars)
    planned = [
        PlannedSuspension(f"s{i + 1}", DateRange(first, last), length=LengthRange(1, longest))
        for i in range(suspensions)
    ]
    return build_plan(profile, planned, facts, calendars, tree_counts(calendars))


# -- windows placed anywhere ---------------------------------------------------------------------


def symbolic_window(plan: PlanModel, window: Window, name: str) -> tuple[Day, Day, z3.BoolRef]:
    """A window of this kind placed anywhere that can hold a day of the period: its first and
    last day, and the constraint on where it may start."""
    p0, p1 = (d.toordinal() for d in plan.period)
    x = z3.Int(f"window.{name}")
    if window.kind == "registration-period":
        return Day(p0, p0, p0), Day(p1, p1, p1), z3.BoolVal(True)
    lo = window_start(plan.period[0], window, plan.period[0]).toordinal()
    where = z3.And(x >= lo, x <= p1)
    if window.kind == "calendar-year":
        firsts = [
            Date(y, 1, 1).toordinal() for y in range(plan.period[0].year, plan.period[1].year + 1)
        ]
        where = z3.Or([x == f for f in firsts])
        lo = firsts[0]
    end = piecewise(x, lo, p1, lambda s: window_end(window, s, plan.period))
    return (
        Day(x, lo, p1),
        Day(end, window_end(window, lo, plan.period), window_end(window, p1, plan.period)),
        where,
    )


def _counted(counts: DayCounts, unit: str, a: Day, b: Day) -> Term:
    """Days of ``unit`` in ``[a, b)``, or 0 when empty."""
    n = counts_between(counts, unit, a, b)
    return z3.If(n > 0, n, 0) if not isinstance(n, int) else max(n, 0)


def counts_between(counts: DayCounts, unit: str, a: Day, b: Day) -> Term:
    return counts.before(unit, b) - counts.before(unit, a)  # type: ignore[operator, no-any-return]


def _clip(low: Day, high: Day, which: str) -> Day:
    term = maximum(low.term, high.term) if which == "max" else minimum(low.term, high.term)
    pick = max if which == "max" else min
    return Day(term, pick(low.lo, high.lo), pick(low.hi, high.hi))


def allowed_in(plan: PlanModel, j: PlanJudged, unit: str, first: Day, last: Day) -> Term:
    """The allowed days of ``unit`` of ``j`` inside the window ``[first, last]``."""
    counts = tree_counts(plan.calendars)
    after_last = Day(last.term + 1, last.lo + 1, last.hi + 1)  # type: ignore[operator]
    begin = _clip(j.first, first, "max")
    end = _clip(j.restricted_day, after_last, "min")
    return z3.If(j.inside, _counted(counts, unit, begin, end), 0)


# -- the claims ---------------------------------------------------------------------------------


def aggregate_claim(plan: PlanModel, limit: Limit) -> tuple[z3.BoolRef, z3.BoolRef]:
    if limit.measured_in.kind in REDUCED:  # the windows that decide it (allowance_property_windows)
        return _bounded(aggregate_totals(plan, limit), limit.n)
    first, last, where = symbolic_window(plan, limit.measured_in, "aggregate")
    total = z3.Sum(
        [z3.IntVal(0), *[allowed_in(plan, j, limit.days_unit, first, last) for j in plan.judged]]
    )
    return z3.Implies(where, total <= limit.n), z3.And(where, total == limit.n)


def _bounded(totals: list[tuple[z3.BoolRef, Term]], n: int) -> tuple[z3.BoolRef, z3.BoolRef]:
    """Each total at most ``n`` where its window may be placed; one of them exactly ``n``."""
    claim = z3.And([z3.Implies(where, total <= n) for where, total in totals])
    return claim, z3.Or([z3.And(where, total == n) for where, total in totals])


def length_claim(plan: PlanModel, limit: Limit) -> tuple[z3.BoolRef, z3.BoolRef]:
    counts = tree_counts(plan.calendars)
    sizes = [
        z3.If(j.inside, counts_between(counts, limit.days_unit, j.first, j.restricted_day), 0)
        for j in plan.judged
    ]
    return z3.And([s <= limit.n for s in sizes]), z3.Or([s == limit.n for s in sizes])


def count_claim(plan: PlanModel, limit: Limit) -> tuple[z3.BoolRef, z3.BoolRef]:
    if limit.measured_in.kind in REDUCED:  # the windows that decide it (allowance_property_windows)
        claim, attained = _bounded(count_totals(plan, limit), limit.n)
        if len(plan.judged) == limit.n + 1:
            claim = z3.Not(count_exceeded(plan, limit))
        return claim, attained
    first, last, where = symbolic_window(plan, limit.measured_in, "count")
    starts = z3.Sum(
        [z3.IntVal(0)]
        + [
            z3.If(z3.And(j.permitted, j.first.term >= first.term, j.first.term <= last.term), 1, 0)
            for j in plan.judged
        ]
    )
    return z3.Implies(where, starts <= limit.n), z3.And(where, starts == limit.n)


def gap_claim(plan: PlanModel, limit: Limit) -> tuple[z3.BoolRef, z3.BoolRef]:
    counts = tree_counts(plan.calendars)
    unit = limit.days_unit
    claims, met = [], []
    for before, j in zip(plan.judged, plan.judged[1:], strict=False):
        apart = counts.through(unit, j.first) - counts.through(unit, before.last)  # type: ignore[operator]
        both = z3.And(before.inside, j.inside, j.permitted)
        claims.append(z3.Implies(both, apart >= limit.n))
        met.append(z3.And(both, apart == limit.n))
    return z3.And(claims) if claims else z3.BoolVal(True), z3.Or(met) if met else z3.BoolVal(False)


def _unit(limit: Limit) -> str:
    return limit.days_unit.replace("-", " ")


def limit_properties(profile: TermProfile) -> list[LimitProperty]:
    """The properties the profile's limits state, in the profile's order."""
    found = []
    for index, limit in enumerate(profile.allowance.limits):
        where = f"limit {index + 1} ({limit.section or profile.allowance.section})"
        if limit.kind == "aggregate":
            statement = (
                f"no window ({limit.measured_in.words()}), placed anywhere, holds more than "
                f"{limit.n} allowed {_unit(limit)}, and {limit.n} is attained"
            )
            found.append(
                LimitProperty(
                    f"aggregate-{index + 1}", f"{statement}: {where}", limit, aggregate_claim
                )
            )
        elif limit.kind == "length":
            statement = (
                f"no suspension has more than {limit.n} allowed {_unit(limit)}, and {limit.n} "
                "is attained"
            )
            found.append(
                LimitProperty(f"length-{index + 1}", f"{statement}: {where}", limit, length_claim)
            )
        elif limit.kind == "count":
            statement = (
                f"no window ({limit.measured_in.words()}), placed anywhere, holds the first days "
                f"of more than {counted(limit.n, 'suspension')} with an allowed day, and "
                f"{limit.n} is attained"
            )
            found.append(
                LimitProperty(f"count-{index + 1}", f"{statement}: {where}", limit, count_claim)
            )
        elif limit.kind == "gap":
            statement = (
                f"a suspension with an allowed day begins at least {limit.n} {_unit(limit)} "
                f"after the last day of the one before it, and exactly {limit.n} is attained"
            )
            found.append(
                LimitProperty(f"gap-{index + 1}", f"{statement}: {where}", limit, gap_claim)
            )
    return found


def longest_needed(profile: TermProfile) -> int:
    """Business days enough for one suspension to pass every length and aggregate limit."""
    sizes = [lim.n for lim in profile.allowance.limits if lim.kind in ("length", "aggregate")]
    return max(sizes, default=8) + 2


def suspensions_for(profile: TermProfile, limit: Limit) -> int:
    """How many suspensions the property of ``limit`` is proved over: two (a window shared,
    one preceding another), one more than a count limit allows, and enough to fill an
    aggregate limit under the shortest length limit (50 in a window at 20 each: three)."""
    if limit.kind == "count":
        return limit.n + 1
    if limit.kind == "aggregate":
        lengths = [lim.n for lim in profile.allowance.limits if lim.kind == "length"]
        if lengths:
            return max(2, -(-limit.n // min(lengths)))
    return 2


def period_months(limit: Limit) -> int:
    """The Registration Period the property is proved in, in months: a month more than the
    limit's window, so that windows start before, inside and after its days."""
    window = limit.measured_in
    if window.kind == "months":
        assert window.n is not None
        return window.n + 1
    if window.kind == "days":
        assert window.n is not None
        return -(-window.n // 30) + 1
    return 13


def prove_profile(
    profile: TermProfile, settings: SolverSettings, only: str | None = None
) -> list[PropertyResult]:
    """Every property of :func:`limit_properties` (or the one ``only`` names): over every
    schedule of :func:`suspensions_for` suspensions in a Registration Period of
    :func:`period_months` from :data:`EFFECTIVE`, its negation, then a witness at its bound."""
    results: list[PropertyResult] = []
    for prop in limit_properties(profile):
        if only is not None and prop.id != only:
            continue
        plan = general_plan(
            profile,
            suspensions_for(profile, prop.limit),
            longest_needed(profile),
            period_months(prop.limit),
        )
        results.append(_prove_one(profile, prop, plan, settings))
    return results


def _prove_one(
    profile: TermProfile, prop: LimitProperty, plan: PlanModel, settings: SolverSettings
) -> PropertyResult:
    claim, attained = prop.claim(plan, prop.limit)
    solver = z3.Solver()  # the general solver: far faster here than the QF_LIA tactic
    solver.set("timeout", settings.timeout_ms)
    solver.set("random_seed", settings.random_seed)
    solver.add(plan.constraints())
    name = f"{profile.id}:{prop.id}"
    over = (
        f"over every schedule of {len(plan.judged)} suspensions in a Registration Period "
        f"from {plan.period[0]} to {plan.period[1]}"
    )
    statement = f"{prop.statement}, {over}"
    # the claim's conjuncts (one per window or suspension) are refuted one by one: smaller
    # questions, and an unknown one says which were proved
    cases = claim.children() if z3.is_and(claim) else [claim]
    outcome, unsettled = z3.unsat, ""
    for number, case in enumerate(cases, 1):
        outcome = check(solver, z3.Not(case))
        if outcome != z3.unsat:
            if len(cases) > 1:
                unsettled = f" ({cases_proved(number, len(cases))})"
            break
    if outcome == z3.sat:
        m = solver.model()
        misread = _reference_misreads(plan, prop.limit, m, "counterexample")
        if misread:
            return PropertyResult(name, statement, "unknown", f"the bound: {misread}")
        detail = "counterexample:\n" + schedule_text(plan, m)
        return PropertyResult(name, statement, "counterexample", detail)
    if outcome != z3.unsat:
        reason = f"the bound{unsettled}: {no_answer(solver, settings)}"
        return PropertyResult(name, statement, "unknown", reason)
    pins = count_witness(plan, prop.limit) if prop.limit.kind == "count" else []
    pinned = _pinned_solver(plan, pins, settings) if pins else None
    witness = z3.unknown
    if pinned is not None:
        witness = check(pinned, z3.simplify(z3.substitute(attained, *pins)))
    if witness != z3.sat:  # no schedule built, or not one: Z3 searches
        pinned = None
        witness = check(solver, attained)
    if witness == z3.sat:
        m = (pinned or solver).model()
        misread = _reference_misreads(plan, prop.limit, m, "witness")
        if misread:
            note = f"the bound is proved; attained: {misread}"
            return PropertyResult(name, statement, "unknown", note)
        return PropertyResult(name, statement, "proved", "attained:\n" + schedule_text(plan, m))
    if witness == z3.unsat:
        note = "the bound is proved, but no schedule of these attains it"
        return PropertyResult(name, statement, "counterexample", note)
    note = f"the bound is proved; attained: {no_answer(solver, settings)}"
    return PropertyResult(name, statement, "unknown", note)


def _pinned_solver(
    plan: PlanModel, pins: list[tuple[z3.ArithRef, z3.IntNumRef]], settings: SolverSettings
) -> z3.Solver:
    """The plan with the pinned days substituted and simplified: Z3 did not settle the plan
    with the same days given as equalities within a minute, and settles this in about one."""
    solver = z3.Solver()
    solver.set("timeout", settings.timeout_ms)
    solver.set("random_seed", settings.random_seed)
    solver.add([z3.simplify(z3.substitute(c, *pins)) for c in plan.constraints()])
    solver.add([var == value for var, value in pins])  # so the model gives the days
    return solver


def count_witness(plan: PlanModel, limit: Limit) -> list[tuple[z3.ArithRef, z3.IntNumRef]]:
    """A schedule at a count limit's bound, built in Python and pinned as the planned
    suspensions' days (Z3 took over a minute to find one for four suspensions in 25 months):
    n one-day suspensions from the period's first day, each on the first business day after the
    one before that the reference evaluator reads as n in one window, all allowed; the others on
    the period's last business days; as (variable, day) pairs. [] when the period leaves no
    room; the pinned schedule is still checked against the claim by Z3 and read again by the
    reference."""
    p0, p1 = plan.period
    days = [d for d in plan.calendars.business.business_days if p0 <= d <= p1]
    planned = list(plan.planned.values())
    placed: list[Suspension] = []
    candidates = iter(days)
    for p in planned[: limit.n]:
        for day in candidates:
            notice = notice_by(plan.profile, plan.facts, plan.calendars, day)
            trial = [*placed, Suspension(p.id, day, day, notice)]
            facts = attrs.evolve(plan.facts, suspensions=tuple(trial))
            if bounded_quantity(plan.profile, limit, facts, plan.calendars) == len(trial):
                placed = trial
                break
    rest = planned[limit.n :]
    if len(placed) < limit.n or len(days) < len(placed) + len(rest):
        return []
    tail = days[len(days) - len(rest) :]
    if rest and tail[0] <= placed[-1].end:
        return []
    ends = [(s.start, s.end) for s in placed] + [(d, d) for d in tail]
    pins: list[tuple[z3.ArithRef, z3.IntNumRef]] = []
    for p, (a, b) in zip(planned, ends, strict=True):
        assert isinstance(p.start.term, z3.ArithRef) and isinstance(p.end.term, z3.ArithRef)
        pins += [(p.start.term, z3.IntVal(a.toordinal())), (p.end.term, z3.IntVal(b.toordinal()))]
    return pins


def cases_proved(number: int, total: int) -> str:
    """Which cases of a claim were proved when case ``number`` (from 1) of ``total`` got no
    answer: the cases before it, said as a reader counts them."""
    proved = {1: "none proved", 2: "case 1 proved"}.get(number, f"cases 1 to {number - 1} proved")
    return f"case {number} of {total}; {proved}"


def _reference_misreads(plan: PlanModel, limit: Limit, m: z3.ModelRef, what: str) -> str:
    """Why the reference evaluator does not confirm a solved schedule ("" when it does): it
    reads the schedule itself and walks every window (model/reference/properties.py), and a
    witness must hold exactly ``n``, a counterexample more (a gap: fewer)."""
    found = bounded_quantity(plan.profile, limit, plan.schedule(m), plan.calendars)
    if what == "witness":
        confirmed = found == limit.n
    elif limit.kind == "gap":
        confirmed = found is not None and found < limit.n
    else:
        confirmed = found is not None and found > limit.n
    if confirmed:
        return ""
    return f"the reference evaluator reads the model's {what} as {found}, not the bound's {limit.n}"


def schedule_text(plan: PlanModel, m: z3.ModelRef) -> str:
    restricted, _ = plan.verdict(m)
    lines = []
    for pid, start, end in plan.placements(m):
        day = restricted.get(pid)
        state = "every day allowed" if day is None else f"restricted from {day}"
        lines.append(f"  {pid}: {start} to {end}: {state}")
    for decl in m.decls():
        name = decl.name()
        if name.startswith("window."):
            day = Date.fromordinal(m[decl].as_long())  # type: ignore[attr-defined]
            lines.append(f"  the window from {day}")
        elif name.startswith("window-index."):  # allowance_property_windows: a unit-day index
            index = m[decl].as_long()  # type: ignore[attr-defined]
            lines.append(f"  the window from {unit_day(plan, name.split('.', 1)[1], index)}")
    return "\n".join(lines)
