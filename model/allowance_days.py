"""The days a term profile's allowance counts, as integers: unit days, the earliest start of a
window that holds a day (``w(day)``), and what the Z3 model of :mod:`model.allowance` judges of
each suspension."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import attrs
import z3

from model.profile_days import (
    Calendars,
    ProfileFacts,
    add_months,
)
from model.profiles import TermProfile, Window
from model.scenario import Suspension

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

# -- days as integers --------------------------------------------------------------------------


def _unit_days(unit: str, first: int, last: int, calendars: Calendars) -> list[int]:
    """The ordinals of the days of ``unit`` in [first, last]."""
    counted = {"business-days": calendars.business, "trading-days": calendars.trading}.get(unit)
    return [
        k
        for k in range(first, last + 1)
        if counted is None or counted.is_business_day(Date.fromordinal(k))
    ]


def window_start(day: Date, window: Window, period_start: Date) -> Date:
    """``w(day)``: the earliest first day of a window of this kind that still holds ``day``.

    Every window holding ``day`` starts in ``[w(day), day]``, and the one starting at
    ``w(day)`` holds ``day``."""
    if window.kind == "registration-period":
        return period_start
    if window.kind == "calendar-year":
        return Date(day.year, 1, 1)
    assert window.n is not None
    if window.kind == "days":
        return day - dt.timedelta(days=window.n - 1)
    # {months = N}: the window from s runs through add_months(s, N) - 1 day, which does not
    # decrease as s moves on; the first s whose window reaches ``day`` is w(day).
    start = add_months(day, -window.n) - dt.timedelta(days=3)
    while add_months(start, window.n) - ONE_DAY < day:
        start += ONE_DAY
    return start


@functools.lru_cache(maxsize=1 << 15)
def _window_start(day: int, window: Window, period_start: Date) -> int:
    # A pure function of its arguments, kept once worked out: a model asks it of each day
    # for each limit, a months window takes a walk to find, and find asks it again per model.
    return window_start(Date.fromordinal(day), window, period_start).toordinal()


class UnitDays:
    """How many days of a unit lie in [first, last] (ordinals): the calendar's own counts.
    Days outside the calendar's span hold no suspension day, so the span clips the count.
    Also ``w(day)`` as an ordinal."""

    def __init__(self, calendars: Calendars) -> None:
        self.calendars = calendars

    def window_start(self, day: int, window: Window, period_start: Date) -> int:
        """:func:`window_start` of the day with ordinal ``day``, as an ordinal."""
        return _window_start(day, window, period_start)

    def count(self, unit: str, first: int, last: int) -> int:
        if last < first:
            return 0
        if unit == "calendar-days":
            return last - first + 1
        counted = self.calendars.business if unit == "business-days" else self.calendars.trading
        low = max(Date.fromordinal(first), counted.first_day)
        high = min(Date.fromordinal(last), counted.last_day)
        if high < low:
            return 0
        return counted.count_through(high) - counted.count_before(low)


@attrs.frozen
class Judged:
    """A suspension inside the Registration Period, as the model judges it."""

    suspension: Suspension
    first: int  # its first day inside the Registration Period (ordinal)
    last: int
    past: z3.ArithRef  # first day past a length or aggregate limit, or last + 1
    restricted: z3.ArithRef  # first restricted day, or last + 1
    whole: dict[int, z3.BoolRef]  # limit index -> broken by the whole suspension (count/gap/notice)
    breaks_at: Callable[[int, int], z3.BoolRef]  # (limit index, day) -> the limit breaks there
    allowed_units: dict[str, z3.ArithRef]  # unit -> allowed days of that unit
    # The last day that may be allowed: the day before the first that breaks a length or
    # aggregate limit whatever the verdicts (``last`` when none does), past which no day of
    # it counts toward a later suspension's window.
    allowed_through: int = attrs.field(
        default=attrs.Factory(lambda self: self.last, takes_self=True), kw_only=True
    )

    @property
    def permitted(self) -> z3.BoolRef:
        return self.restricted > self.first


@attrs.frozen
class AllowanceContext:
    """What every limit's constraint reads: the profile, the facts, the calendars, the period
    and the suspensions judged before the one being built."""

    profile: TermProfile
    facts: ProfileFacts
    calendars: Calendars
    period: tuple[Date, Date]
    earlier: tuple[Judged, ...]
    preceding_last: int | None  # the last day of the immediately preceding suspension
    unit_days: UnitDays
