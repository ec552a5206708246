"""The reductions of model/allowance_property_windows.py: a property quantifies over every
window placed anywhere, and Z3 is asked only a few. Each argument is checked here on its own
facts (the window's last day over every day of the calendars), against brute force over every
window (random schedules, plain Python), and on the Z3 terms themselves: a bound one less than
the limit is refuted by a counterexample the reference evaluator confirms."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.agreements import bundled_profiles
from model.allowance_properties import (
    _prove_one,
    general_plan,
    limit_properties,
    longest_needed,
    period_months,
    suspensions_for,
)
from model.allowance_property_windows import _rises_by_one, rises_by_one, window_end
from model.calendars import build_calendar
from model.profiles import Window
from model.reference.profiles import windows_holding
from model.solver import SolverSettings

Date = dt.date
PROFILES = {p.id: p for p in bundled_profiles()}
WINDOWS = [
    Window("days", 360),
    Window("days", 365),
    Window("months", 1),
    Window("months", 12),
    Window("months", 24),
]
PERIOD = (Date(2024, 3, 1), Date(2025, 4, 1))
FIRST = Date(2022, 1, 1).toordinal()
LAST = Date(2027, 12, 31).toordinal()


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_a_windows_last_day_never_falls(window: Window) -> None:
    """What every reduction rests on, on every day of the calendars' span (leap days, month
    ends clamping); and ``E`` is the last day of the reference's window from that day."""
    for start in range(FIRST, LAST):
        assert window_end(window, start + 1, PERIOD) >= window_end(window, start, PERIOD)
    for start in range(Date(2024, 1, 25).toordinal(), Date(2024, 3, 5).toordinal()):
        day = Date.fromordinal(start)
        ends = {b for a, b in windows_holding(day, window, PERIOD) if a == day}
        assert ends == {Date.fromordinal(window_end(window, start, PERIOD))}


def test_a_windows_last_day_rises_by_one_where_the_reduction_relies_on_it() -> None:
    """The calendar-day aggregate reduction needs ``E`` to rise at most a day a day over the
    suspensions' days: true of days windows and of 12 months from March 2024 (the bundled
    profiles' plans); false across a leap day and for a month's window, where the plan keeps
    the window's first day symbolic."""
    days, year = Window("days", 365), Window("months", 12)
    assert rises_by_one(days, FIRST, LAST, PERIOD)
    assert rises_by_one(year, PERIOD[0].toordinal(), Date(2025, 6, 1).toordinal(), PERIOD)
    assert not rises_by_one(
        year, Date(2023, 2, 1).toordinal(), Date(2023, 4, 1).toordinal(), PERIOD
    )
    assert not rises_by_one(Window("months", 1), FIRST, LAST, PERIOD)
    plan = general_plan(PROFILES["twenty-each-fifty-in-12-months-gap-10-trading-days"], 3, 22, 13)
    assert _rises_by_one(plan, year)


def _every_window(window: Window, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(x, window_end(window, x, PERIOD)) for x in range(lo, hi + 1)]


def _most(points: list[int], windows: list[tuple[int, int]]) -> int:
    return max((sum(1 for p in points if a <= p <= b) for a, b in windows), default=0)


runs = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 70)), min_size=1, max_size=4).map(
    sorted
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(runs=runs, window=st.sampled_from([WINDOWS[0], WINDOWS[1], WINDOWS[3]]))
def test_the_windows_from_first_days_hold_the_most(
    runs: list[tuple[int, int]], window: Window
) -> None:
    """Allowed runs (a first day and a length, merged where they touch) from March 2024, where
    ``E`` rises a day a day: the most calendar days any window holds equals the most that a
    window from a run's first day holds; and the most first days any window holds (count)
    equals the most from a first day."""
    p0 = PERIOD[0].toordinal()
    days = sorted({p0 + a + k for a, n in runs for k in range(n)})
    firsts = [d for d in days if d - 1 not in days]  # where an allowed run begins
    lo = p0 - 400
    everywhere = _every_window(window, lo, p0 + 500)
    from_firsts = [(f, window_end(window, f, PERIOD)) for f in firsts]
    assert _most(days, everywhere) == _most(days, from_firsts)
    assert _most(firsts, everywhere) == _most(firsts, from_firsts)


TRADING = build_calendar("nyse", 2022, 2027)
TRADING_DAYS = {d.toordinal() for d in TRADING.business_days}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(runs=runs, window=st.sampled_from(WINDOWS[:4]))
def test_trading_days_windows_from_allowed_trading_days_hold_the_most(
    runs: list[tuple[int, int]], window: Window
) -> None:
    """Trading days: a window from an allowed trading day holds as many as any window, so the
    cases of aggregate_totals (the window's first day an index into the trading days, inside
    one suspension's allowed run, one case per suspension) leave no window out; windows from
    first days alone do not always (the next test finds runs where they hold fewer)."""
    p0 = PERIOD[0].toordinal()
    days = sorted({p0 + a + k for a, n in runs for k in range(n)} & TRADING_DAYS)
    everywhere = _every_window(window, p0 - 400, p0 + 500)
    from_allowed = [(a, b) for a, b in everywhere if a in days]
    assert _most(days, everywhere) == _most(days, from_allowed)


def test_for_trading_days_the_first_days_alone_are_not_enough() -> None:
    """Why the trading-day window stays symbolic: runs where a window from inside a run holds
    more trading days than any window from a run's first day."""
    p0 = PERIOD[0].toordinal()
    window = Window("days", 10)
    found = None
    for a in range(0, 30):
        for gap in range(0, 12):
            run1 = set(range(p0 + a, p0 + a + 6))
            run2 = set(range(p0 + a + 6 + gap, p0 + a + 6 + gap + 6))
            days = sorted((run1 | run2) & TRADING_DAYS)
            firsts = [min(run1), min(run2)]
            everywhere = _every_window(window, p0 - 20, p0 + 80)
            from_firsts = [(f, window_end(window, f, PERIOD)) for f in firsts]
            if _most(days, everywhere) > _most(days, from_firsts):
                found = (a, gap)
                break
        if found:
            break
    assert found is not None


# -- the Z3 side: a bound one less is refuted, and the reference confirms the counterexample ----

ONE_LESS = [
    ("de-spac-three-per-360-days", "count-1"),
    ("monthly-two-percent-capped-12-percent", "count-1"),
    ("pipe-one-percent-per-30-days-capped-10-percent", "aggregate-2"),
    ("calendar-year-120-days", "aggregate-1"),
    ("thirty-consecutive-sixty-trading-days-in-12-months", "aggregate-2"),  # the index window
    ("monthly-two-percent-capped-12-percent", "gap-3"),
]


@pytest.mark.parametrize(("profile", "prop"), ONE_LESS)
def test_a_bound_one_less_is_refuted_and_the_reference_confirms_it(profile: str, prop: str) -> None:
    """Over the profile's own plan, the claim with ``n - 1`` (a gap: ``n + 1``) has a
    counterexample, and it is reported only because the reference evaluator reads that
    schedule as holding more than the mutated bound (model/reference/properties.py)."""
    original = PROFILES[profile]
    found = {p.id: p for p in limit_properties(original)}[prop]
    step = 1 if found.limit.kind == "gap" else -1
    mutated = attrs.evolve(found, limit=attrs.evolve(found.limit, n=found.limit.n + step))
    plan = general_plan(
        original,
        suspensions_for(original, found.limit),
        longest_needed(original),
        period_months(found.limit),
    )
    result = _prove_one(original, mutated, plan, SolverSettings(timeout_seconds=120))
    assert result.status == "counterexample", result.detail
    assert result.detail.startswith("counterexample:")


def test_a_counterexample_the_reference_does_not_confirm_is_unknown(monkeypatch) -> None:
    """A solved schedule the reference reads otherwise is never claimed: unknown, with why."""
    import model.allowance_properties as properties

    original = PROFILES["monthly-two-percent-capped-12-percent"]
    found = {p.id: p for p in limit_properties(original)}["count-1"]
    mutated = attrs.evolve(found, limit=attrs.evolve(found.limit, n=1))
    plan = general_plan(original, 3, longest_needed(original), period_months(found.limit))
    monkeypatch.setattr(properties, "bounded_quantity", lambda *args: 0)
    result = _prove_one(original, mutated, plan, SolverSettings(timeout_seconds=120))
    assert result.status == "unknown"
    assert "reference evaluator reads" in result.detail
