"""The windows a ``rrcheck prove --agreement`` property quantifies over, reduced to a few
exact cases (model/allowance_properties.py states the properties; docs/term-profiles.md,
"How prove --agreement proves a rolling window").

A property says "no window of this kind, placed ANYWHERE, holds more than n ...". Stated with
one symbolic first day ``X`` it is exact but hard: Z3 did not settle it in 60 s for several
bundled profiles. Each function here states the same claim over fewer, easier windows, and
says why no window is lost. Two facts carry every argument, for a window of ``{days = N}``
or ``{months = N}`` starting on day ``X`` and ending on ``E(X)``:

- ``E`` never decreases (``X + N - 1``; or the day before ``add_months(X, N)``, which a
  month's end clamps but never moves back). For ``{days = N}`` it rises by exactly one a day;
  for months mostly by 0 or 1, but not always (:func:`rises_by_one`): the calendar-day
  reduction of an aggregate uses that, and checks it over the plan's days before relying on
  it. tests/model/test_allowance_property_windows.py checks both facts on every day.
- Windows may start on any day from ``w(period start)`` (the earliest holding a day of the
  Registration Period) to its last day; every suspension's first day inside the period is in
  that range.

``calendar-year`` and ``registration-period`` windows are a few constant windows already and
are not reduced (:func:`model.allowance_properties.symbolic_window` states them).
"""

from __future__ import annotations

import bisect
import datetime as dt
import sys

import z3

from model.allowance_days import window_start
from model.allowance_plan import PlanModel
from model.allowance_plan_days import Day, DayCounts, PlanJudged, Term, maximum, minimum, piecewise
from model.profile_days import Calendars, add_months
from model.profiles import Limit, Window

Date = dt.date
REDUCED = ("days", "months")  # the window kinds reduced here


def tree_counts(calendars: Calendars) -> DayCounts:
    """Unit days counted by If-trees over every range, never by weekday arithmetic: its
    division and remainder by 7 left several properties unknown at 60 s (docs/performance.md,
    prove --agreement), the trees prove them. The plan of a property is built with these."""
    return DayCounts(calendars, arithmetic_from=sys.maxsize)


def window_end(window: Window, start: int, period: tuple[Date, Date]) -> int:
    """``E(start)``: the last day (ordinal) of the window of this kind starting on ``start``."""
    day = Date.fromordinal(start)
    if window.kind == "days":
        assert window.n is not None
        return start + window.n - 1
    if window.kind == "months":
        assert window.n is not None
        return (add_months(day, window.n) - dt.timedelta(days=1)).toordinal()
    if window.kind == "calendar-year":
        return Date(day.year, 12, 31).toordinal()
    return period[1].toordinal()


def earliest_start(plan: PlanModel, window: Window) -> int:
    """The first day (ordinal) of the earliest window holding a day of the period."""
    return window_start(plan.period[0], window, plan.period[0]).toordinal()


def count_exceeded(plan: PlanModel, limit: Limit) -> z3.BoolRef:
    """Over ``n + 1`` suspensions, :func:`count_totals`' negation in one window: some window
    holds the first days of all of them, all with an allowed day. Exact by the same argument:
    the window from ``f_1`` holds all of them if any window does (``f_K <= E(f_1)``). One
    comparison instead of a sum per window: Z3 proves three-per-24-months' bound in seconds
    this way, and not in 60 s with the sums."""
    assert len(plan.judged) == limit.n + 1 and limit.measured_in.kind in REDUCED
    end = _end_of(plan, limit.measured_in, plan.judged[0].first)
    permitted = [j.permitted for j in plan.judged]
    return z3.And(*permitted, plan.judged[-1].first.term <= end)


def count_totals(plan: PlanModel, limit: Limit) -> list[tuple[z3.BoolRef, Term]]:
    """The windows that decide a count limit's property, as :func:`aggregate_totals` gives
    them: the window from each suspension's first day, with the first days of suspensions with
    an allowed day it holds.

    Exact: a window holding such first days holds them from the earliest of them, ``f_i``, on;
    the window from ``f_i`` (a start the windows may take) holds every one of them, since its
    last day ``E(f_i)`` is no earlier than the first window's (``E`` never decreases). And each
    window from a first day is a window. The suspensions are in order of start, so the ones it
    can hold are ``i`` and those after it."""
    window = limit.measured_in
    assert window.kind in REDUCED
    found = []
    for i, j in enumerate(plan.judged):
        end = _end_of(plan, window, j.first)
        held = [z3.If(z3.And(k.permitted, k.first.term <= end), 1, 0) for k in plan.judged[i:]]
        found.append((j.permitted, z3.Sum(held)))
    return found


def aggregate_totals(plan: PlanModel, limit: Limit) -> list[tuple[z3.BoolRef, Term]]:
    """The windows whose totals decide an aggregate limit's property, each as (where it may be
    placed, the allowed days of the limit's unit it holds): the claim is that every total is at
    most ``n`` where its window may be, the witness that one equals ``n``.

    Calendar days, where ``E`` rises by at most one a day over the suspensions' days: the
    windows from each suspension's first day. A window from ``X`` holding an allowed day: let
    ``d`` be its earliest allowed day. If ``d > X``, the window from ``d``
    holds every allowed day the first one does (its days from ``d`` on end no earlier), and
    ``d`` is a suspension's first day (the day before it is not allowed, so ``d`` begins an
    allowed run, and an allowed run begins on a first day). If ``d = X`` lies in a suspension
    ``j`` after its first day ``f_j``, the window from ``f_j`` gains the ``X - f_j`` allowed
    days ``[f_j, X)`` and loses at most ``E(X) - E(f_j) <= X - f_j`` days at its end. Either
    way a window from a first day holds as many.

    Elsewhere, and for trading or business days, the second step fails (``X - f_j`` calendar
    days need not hold as many unit days as the days lost at the end), so the window's first
    day stays symbolic, but it is taken to be a day of the unit (the first step: while it is
    not, the window from the next day loses no unit day; nor while it is not an allowed day, so
    it is an allowed day of some suspension: one case for each), and written as an index ``t``
    into the unit's days. The unit days before it are then ``t`` itself, those through its last
    day a step function of ``t``, and each suspension's share a difference of counts, with no
    calendar arithmetic in the window."""
    window = limit.measured_in
    assert window.kind in REDUCED
    counts = tree_counts(plan.calendars)
    unit = limit.days_unit
    if unit == "calendar-days" and _rises_by_one(plan, window):
        found = []
        for j in plan.judged:
            end = _end_of(plan, window, j.first)
            shares = [_share(i, j.first.term, end + 1) for i in plan.judged]
            found.append((j.permitted, z3.Sum([z3.IntVal(0), *shares])))
        return found
    # the window's first day t: an index into the unit's days (calendar days: the ordinal)
    lo, hi = earliest_start(plan, window), plan.period[1].toordinal()
    day_of = {"calendar-days": lambda i: i}.get(unit)
    if day_of is None:
        calendar = plan.calendars.trading if unit == "trading-days" else plan.calendars.business
        days = [d.toordinal() for d in calendar.business_days]
        lo, hi = bisect.bisect_left(days, lo), bisect.bisect_right(days, hi) - 1
        day_of = days.__getitem__
    t = z3.Int(f"window-index.{unit}")
    through_end = piecewise(
        t, lo, hi, lambda i: counts.before_ordinal(unit, _end_after(window, day_of(i), plan))
    )
    shares, runs = [], []
    for j in plan.judged:
        first, after = counts.before(unit, j.first), counts.before(unit, j.restricted_day)
        low, high = maximum(first, t), minimum(after, through_end)
        shares.append(z3.If(z3.And(j.inside, high > low), high - low, 0))
        runs.append(z3.And(j.inside, t >= first, t < after))
    total = z3.Sum([z3.IntVal(0), *shares])
    # one window per suspension: t an allowed day of it (a window from a unit day that is not
    # allowed holds no more than the one from the next allowed day, or nothing)
    return [(z3.And(t >= lo, t <= hi, run), total) for run in runs]


def unit_day(plan: PlanModel, unit: str, index: int) -> Date:
    """The day of the unit-day index ``index`` (:func:`aggregate_totals`' window start)."""
    if unit == "calendar-days":
        return Date.fromordinal(index)
    calendar = plan.calendars.trading if unit == "trading-days" else plan.calendars.business
    return calendar.business_days[index]


def rises_by_one(window: Window, lo: int, hi: int, period: tuple[Date, Date]) -> bool:
    """``E(s + 1) - E(s) <= 1`` for every ``s`` in ``[lo, hi)``. Not always: a month's
    window from 28 February ends on 27 March and the one from 1 March on 31 March, and a
    12-month window from 1 March 2023 ends on 29 February 2024, two days past the one from
    28 February."""
    return all(
        window_end(window, s + 1, period) - window_end(window, s, period) <= 1
        for s in range(lo, hi)
    )


def _rises_by_one(plan: PlanModel, window: Window) -> bool:
    """:func:`rises_by_one` over every day a suspension's allowed run may hold."""
    lo = min(j.first.lo for j in plan.judged)
    hi = max(j.last.hi for j in plan.judged)
    return rises_by_one(window, lo, hi, plan.period)


def _share(j: PlanJudged, begin: Term, after: Term) -> Term:
    """The allowed days of ``j`` in ``[begin, after)`` (calendar days: ordinals count)."""
    low = maximum(j.first.term, begin)
    high = minimum(j.restricted, after)
    return z3.If(z3.And(j.inside, high > low), high - low, 0)


def _end_after(window: Window, start: int, plan: PlanModel) -> int:
    return window_end(window, start, plan.period) + 1


def _end_of(plan: PlanModel, window: Window, day: Day) -> Term:
    """``E(day)`` of a symbolic day over the range it may take."""
    if isinstance(day.term, int):
        return window_end(window, day.term, plan.period)
    return piecewise(day.term, day.lo, day.hi, lambda s: window_end(window, s, plan.period))
