"""The planning model of a term profile's allowance (model/allowance_plan.py), pinned: with every
planned suspension's windows closed on one placement, the model's verdict (each suspension's
first restricted day, the breaches reported) is the fixed model's (model/allowance.py) and the
reference's (model/reference/profiles.py), on random profiles and on the bundled ones; and the
verdict is forced (no other first restricted day satisfies the constraints)."""

from __future__ import annotations

import datetime as dt

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.allowance import evaluate
from model.allowance_plan import build_plan
from model.allowance_plan_days import Day, DayCounts, piecewise
from model.profile_days import ProfileFacts
from model.profiles import TermProfile
from model.reference.profiles import evaluate_profile
from model.scenario import DateRange, PlannedSuspension, Suspension
from model.solver import SolverSettings, new_solver
from tests.model.test_allowance import BUNDLED, CALENDARS, facts, profiles

D = dt.date


def pinned(case: ProfileFacts, which: set[int]) -> list[Suspension | PlannedSuspension]:
    """The schedule with the suspensions at ``which`` made planned, their windows closed on
    their own days (a planned suspension starts and ends on business days: only those that
    do)."""
    business = CALENDARS.business
    out: list[Suspension | PlannedSuspension] = []
    for i, s in enumerate(case.suspensions):
        if i in which and business.is_business_day(s.start) and business.is_business_day(s.end):
            out.append(
                PlannedSuspension(
                    s.id,
                    DateRange(s.start, s.start),
                    DateRange(s.end, s.end),
                    advance_notice=s.advance_notice,
                    notice_lawful=s.notice_lawful,
                )
            )
        else:
            out.append(s)
    return out


def _agree_pinned(profile: TermProfile, case: ProfileFacts, which: set[int]) -> None:
    # as stated, and as find builds it: the fixed suspensions before every planned one settled
    for settle in (False, True):
        _agree_pinned_built(profile, case, which, settle)


def _agree_pinned_built(
    profile: TermProfile, case: ProfileFacts, which: set[int], settle: bool
) -> None:
    model = build_plan(profile, pinned(case, which), case, CALENDARS, settle=settle)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    assert solver.check() == z3.sat
    m = solver.model()
    placed = model.schedule(m)
    # the placements are the pinned days (the windows admit no other)
    assert [(s.id, s.start, s.end) for s in placed.suspensions] == [
        (s.id, s.start, s.end) for s in case.suspensions
    ]
    restricted, broken = model.verdict(m)
    for expected in (
        evaluate(profile, placed, CALENDARS),
        evaluate_profile(profile, placed, CALENDARS),
    ):
        assert restricted == {
            o.id: o.restricted_from for o in expected.suspensions if not o.outside
        }
        assert broken == {f"{v.rule}:{v.subject}" for v in expected.violations}
    # forced: no other first restricted day of a suspension in the period
    inside = [
        j
        for j in model.judged
        if not j.settled and z3.is_true(m.eval(j.inside, model_completion=True))
    ]
    if settle:  # every fixed suspension before the first planned one is read in Python
        order = pinned(case, which)
        planned = [i for i, s in enumerate(order) if isinstance(s, PlannedSuspension)]
        fixed_before = {s.id for s in order[: min(planned, default=len(order))]}
        assert all(j.settled for j in model.judged if j.id in fixed_before)
    if inside:
        solver.add(z3.Or([j.restricted != m.eval(j.restricted) for j in inside]))
        assert solver.check() == z3.unsat


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(profiles(), facts(), st.sets(st.integers(0, 4)))
def test_pinned_planned_suspensions_give_the_fixed_verdict_on_random_profiles(
    profile: TermProfile, case: ProfileFacts, which: set[int]
) -> None:
    _agree_pinned(profile, case, which)


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.sampled_from(BUNDLED), facts(longest=70, most=4), st.sets(st.integers(0, 3)))
def test_pinned_planned_suspensions_give_the_fixed_verdict_on_the_bundled_profiles(
    profile: TermProfile, case: ProfileFacts, which: set[int]
) -> None:
    _agree_pinned(profile, case, which)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.lists(st.integers(-3, 3), min_size=1, max_size=40),
    st.integers(-50, 50),
)
def test_piecewise_is_the_function_on_its_range(steps: list[int], offset: int) -> None:
    values = [offset]
    for step in steps:
        values.append(values[-1] + step)
    x = z3.Int("x")
    term = piecewise(x, 10, 10 + len(steps), lambda k: values[k - 10])
    for k in range(10, 11 + len(steps)):
        got = z3.simplify(
            z3.substitute(term, (x, z3.IntVal(k))) if not isinstance(term, int) else z3.IntVal(term)
        )
        assert got.as_long() == values[k - 10]  # type: ignore[attr-defined]


def test_trading_days_before_a_symbolic_day_across_good_friday() -> None:
    """2024-03-29 (Good Friday) is no NYSE trading day: the count before 2024-04-01 is the
    count before 2024-03-28 plus one (Thursday 28th)."""
    counts = DayCounts(CALENDARS)
    x = z3.Int("day")
    lo, hi = D(2024, 3, 25).toordinal(), D(2024, 4, 5).toordinal()
    term = counts.before("trading-days", Day(x, lo, hi))
    for k in range(lo, hi + 1):
        got = z3.simplify(z3.substitute(term, (x, z3.IntVal(k))))
        assert got.as_long() == counts.before_ordinal("trading-days", k)  # type: ignore[attr-defined]
    assert counts.before_ordinal("trading-days", D(2024, 4, 1).toordinal()) == (
        counts.before_ordinal("trading-days", D(2024, 3, 28).toordinal()) + 1
    )


def value_at(term: z3.ExprRef, x: z3.ArithRef, day: int) -> int | bool:
    """``term`` with the symbolic day ``x`` set to ``day``, simplified to its value: a term over
    one integer is its value at each of its points, so checking every day of a range is the
    whole claim, where a solver asked the same question in one query took some 15 s CPU a test
    to search what is a finite table (docs/performance.md)."""
    value = z3.simplify(z3.substitute(term, (x, z3.IntVal(day))))
    if z3.is_true(value) or z3.is_false(value):
        return z3.is_true(value)
    assert z3.is_int_value(value), f"not a constant at {day}: {value}"
    return int(value.as_long())  # type: ignore[attr-defined]


def test_unit_counts_of_a_symbolic_day_over_a_long_range_by_weekday_arithmetic() -> None:
    """Over a range longer than WEEKDAY_ARITHMETIC_FROM the count is weekday arithmetic less
    the closed weekdays: the calendar's own count on every day of 2024-2025 (federal and NYSE
    holidays, Good Friday, the weekends)."""
    counts = DayCounts(CALENDARS)
    x = z3.Int("long")
    lo, hi = D(2024, 1, 1).toordinal(), D(2025, 12, 31).toordinal()
    for unit in ("business-days", "trading-days"):
        term = counts.before(unit, Day(x, lo, hi))
        differ = [
            d for d in range(lo, hi + 1) if value_at(term, x, d) != counts.before_ordinal(unit, d)
        ]
        assert not differ, (unit, [dt.date.fromordinal(d) for d in differ])


def test_unit_days_of_a_symbolic_day_over_a_long_range_by_its_weekday() -> None:
    """Over a long range, whether a symbolic day is a unit day is its weekday less the closed
    weekdays (and plus the open weekend days), and the count through it the count before it
    plus that: both the calendar's own on every day of 2024-2025 (Good Friday is a business day
    but no trading day; the federal holidays neither)."""
    counts = DayCounts(CALENDARS)
    x = z3.Int("long")
    lo, hi = D(2024, 1, 1).toordinal(), D(2025, 12, 31).toordinal()
    day = Day(x, lo, hi)
    for unit in ("business-days", "trading-days"):
        is_day, through = counts.is_day(unit, day), counts.through(unit, day)
        differ = [
            d
            for d in range(lo, hi + 1)
            if value_at(is_day, x, d) is not counts.is_unit_day(unit, d)
            or value_at(through, x, d) != counts.before_ordinal(unit, d + 1)
        ]
        assert not differ, (unit, [dt.date.fromordinal(d) for d in differ])
    good_friday = D(2024, 3, 29).toordinal()
    assert counts.is_unit_day("business-days", good_friday)
    assert not counts.is_unit_day("trading-days", good_friday)
