"""The Z3 encoding of calendar days from business-day indices (model/solver.py) agrees with
the calendar on every business day, with holidays, extra closures and weekend business days;
and two days compare by business-day counts exactly when one of them is a business day."""

from __future__ import annotations

import datetime as dt

import pytest
import z3

from model.calendars import build_calendar
from model.solver import BusinessDayEncoding, from_ordinal, step_count
from model.suspensions import DayTerm, earlier

D = dt.date.fromisoformat


@pytest.mark.parametrize("name", ["us-federal", "us-banking", "nyse", "weekdays"])
def test_day_of_every_business_index_matches_the_calendar(name):
    calendar = build_calendar(
        name, 2003, 2005, extra_closures=[D("2004-03-03")], extra_business_days=[D("2004-01-10")]
    )
    encoding = BusinessDayEncoding(calendar)
    index = z3.Int("b")
    term = encoding.day_of(index)
    for i, day in enumerate(calendar.business_days):
        value = z3.simplify(z3.substitute(term, (index, z3.IntVal(i))))
        assert from_ordinal(value.as_long()) == day, (i, day)


def test_day_of_inverts_under_the_solver():
    # Ask the solver, not the simplifier: which index lands on Tue 2004-01-20 (after MLK day)?
    calendar = build_calendar("us-federal", 2003, 2005)
    encoding = BusinessDayEncoding(calendar)
    index = z3.Int("b")
    solver = z3.Solver()
    solver.add(encoding.day_of(index) == D("2004-01-20").toordinal())
    assert solver.check() == z3.sat
    assert calendar.day_at(solver.model()[index].as_long()) == D("2004-01-20")
    # No index lands on the holiday itself.
    solver = z3.Solver()
    solver.add(index >= 0, index < len(calendar.business_days))
    solver.add(encoding.day_of(index) == D("2004-01-19").toordinal())
    assert solver.check() == z3.unsat


@pytest.mark.parametrize("x", range(-1, 12))
def test_step_count_counts_thresholds_at_or_below(x):
    thresholds = [0, 2, 2, 5, 9]
    value = z3.simplify(step_count(z3.IntVal(x), thresholds)).as_long()
    assert value == sum(1 for t in thresholds if t <= x)


def _day(calendar, day):
    return DayTerm(
        z3.IntVal(day.toordinal()),
        z3.IntVal(calendar.count_before(day)),
        z3.IntVal(calendar.count_through(day)),
    )


def _earlier(calendar, a, b, either_business_day):
    term = earlier(_day(calendar, a), _day(calendar, b), either_business_day)
    return z3.is_true(z3.simplify(term))


def test_days_compare_by_index_when_either_is_a_business_day():
    # Every pair of days around Thanksgiving, Christmas and New Year 2003, weekends included.
    calendar = build_calendar("us-federal", 2003, 2005)
    first = D("2003-11-20")
    days = [first + dt.timedelta(days=k) for k in range(50)]
    business = set(calendar.business_days)
    compared = 0
    for a in days:
        for b in days:
            if a in business or b in business:
                assert _earlier(calendar, a, b, True) == (a < b), (a, b)
                compared += 1
    assert compared > 1500


def test_days_neither_a_business_day_compare_as_days():
    # Sun 30 Nov and Sat 29 Nov 2003 have the same business days around them: by index the
    # Sunday would come "before" the Saturday. The index form is only used when one of the two
    # days is a business day, and the day form gets this pair right.
    calendar = build_calendar("us-federal", 2003, 2005)
    sunday, saturday = D("2003-11-30"), D("2003-11-29")
    assert calendar.count_through(sunday) <= calendar.count_before(saturday)
    assert _earlier(calendar, sunday, saturday, False) is False
    assert _earlier(calendar, saturday, sunday, False) is True
