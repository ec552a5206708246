"""The days a term profile's allowance counts, as integers: unit days, the earliest start of a
window that holds a day (``w(day)``), and each suspension's limits judged with the calendar's
counts (:class:`Judged`), which the Z3 model built for the schedule's shape binds
(:mod:`model.allowance_bound`)."""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from model.profile_days import (
    Calendars,
    ProfileFacts,
    add_months,
    calendar_of,
)
from model.profiles import TermProfile, Window
from model.scenario import Suspension

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

# -- days as integers --------------------------------------------------------------------------


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
        counted = calendar_of(unit, self.calendars)
        if counted is None:
            return last - first + 1
        low = max(Date.fromordinal(first), counted.first_day)
        high = min(Date.fromordinal(last), counted.last_day)
        if high < low:
            return 0
        return counted.count_through(high) - counted.count_before(low)

    def nth_from(self, unit: str, first: int, n: int) -> int:
        """The ordinal of the ``n``-th day of ``unit`` on or after ``first`` (``n >= 1``): the
        first day ``k`` with ``count(unit, first, k) == n``. Past every day of the calendar's
        span when the span ends first, since no later day adds to a count."""
        counted = calendar_of(unit, self.calendars)
        if counted is None:
            return first + n - 1
        low = max(Date.fromordinal(first), counted.first_day)
        if low > counted.last_day:
            return first
        index = counted.count_before(low) + n - 1
        if index >= len(counted.business_days):
            return counted.last_day.toordinal() + 1
        return counted.business_days[index].toordinal()


@attrs.frozen
class Threshold:
    """A breach that turns on the verdicts of the suspensions judged before: it breaks when the
    sum, over each earlier suspension ``j`` whose ``before[j]`` is not None, of
    ``max(0, X_j - before[j])`` passes ``most``. ``X_j`` is what the limit reads of ``j``
    (``reads``): ``"permitted"``, 1 if ``j`` has an allowed day and 0 if not (``count``), or a
    unit, ``j``'s allowed days of that unit (``aggregate``)."""

    reads: str
    most: int
    before: tuple[int | None, ...]  # per earlier judged suspension, in order of start


# A limit's breach at a suspension or a day: decided by the calendar's counts, or a Threshold.
Breach = bool | Threshold


@attrs.frozen
class Judged:
    """A suspension inside the Registration Period, its limits judged with the calendar's counts
    (model/allowance.py): what the model of its shape binds."""

    suspension: Suspension
    first: int  # its first day inside the Registration Period (ordinal)
    last: int
    whole: dict[int, Breach]  # limit index -> broken by the whole suspension (count/gap/notice)
    # The days that may be the first past a length or aggregate limit, in order, each with every
    # such limit's breach there (none decided broken: the walk stops at the first that is).
    days: tuple[tuple[int, dict[int, Breach]], ...]
    # The first day that breaks a length or aggregate limit whatever the verdicts, or last + 1,
    # with every such limit's breach there (empty when it is last + 1).
    certain: int
    at_certain: dict[int, Breach]

    @property
    def allowed_through(self) -> int:
        """The last day that may be allowed, past which no day of it counts toward a later
        suspension's window."""
        return self.certain - 1


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
