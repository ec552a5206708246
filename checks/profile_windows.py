"""What a term profile's limits leave after each suspension, for ``rrcheck calendar`` and
``rrcheck timeline`` (:mod:`checks.profile_dates`), worked with the profile's own arithmetic
from what the verdict allowed, as a reading of the limits' words:

- **earliest next start**: the first day after a suspension's last day on which a further
  suspension's first day would be allowed: ``n`` units after that last day for a ``gap``, a
  window with room for one more start for a ``count``, and room for its first day for an
  ``aggregate``;
- **units left**: on the day after a suspension's last day, ``n`` less what the window ending
  that day already holds (its earlier days: the allowed days, or the counted starts). Every
  earlier allowed day is before that day, so the window starting at ``w(day)`` (the earliest
  window still holding the day) holds the most of them, and its count is the one that binds;
- **notice**: the last business day on which notice, counted ``n`` units (``n + 1`` under
  ``lead-time = clear-business-days``) from the day it is deemed given, still allows the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from model.allowance_days import window_start
from model.profile_days import Calendars, counts_as, units_after
from model.profiles import Limit, TermProfile

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class WindowLeft:
    """What a count or aggregate limit leaves on ``day``: ``used`` of its ``n`` units (allowed
    days of the limit's unit, or counted starts) lie in the window from ``window_first`` to the
    day before ``day``; ``left`` more fit."""

    limit: int  # the limit's position in [[allowance.limits]]
    after: str  # the suspension after whose last day this is counted
    day: Date
    window_first: Date
    used: int
    left: int


@attrs.frozen
class NextStart:
    """After suspension ``after``: the earliest day a further suspension's first day would be
    allowed, the limits that set it, and the last day to give notice for it (if a notice limit
    applies)."""

    after: str
    last: Date  # its last day inside the Registration Period
    earliest: Date
    bound_by: tuple[int, ...]  # positions of the limits that put it past the day after
    notice_by: Date | None


def first_of_kind(profile: TermProfile, kind: str) -> tuple[int, Limit] | None:
    for index, limit in enumerate(profile.allowance.limits):
        if limit.kind == kind:
            return index, limit
    return None


def latest_notice_day(limit: Limit, start: Date, calendars: Calendars, lead_time: str) -> Date:
    """The last business day on which notice still allows ``start``: counted from the day it
    is deemed given (a business day either way), ``n`` units, or ``n + 1`` under
    ``lead-time = clear-business-days``, must reach no later than ``start``."""
    n = limit.n + (1 if lead_time == "clear-business-days" else 0)
    day = start - ONE_DAY
    while not (
        calendars.business.is_business_day(day)
        and units_after(day, n, limit.days_unit, calendars) <= start
    ):
        day -= ONE_DAY
    return day


def window_left(
    limit: Limit,
    index: int,
    after: str,
    day: Date,
    allowed: Sequence[Date],
    counted: Sequence[Date],
    period: tuple[Date, Date],
    calendars: Calendars,
) -> WindowLeft:
    """What ``limit`` leaves on ``day``, the day after suspension ``after``'s last day."""
    first = window_start(day, limit.measured_in, period[0])
    if limit.kind == "count":
        used = sum(1 for d in counted if first <= d < day)
    else:
        unit = limit.days_unit
        used = sum(1 for d in allowed if first <= d < day and counts_as(unit, d, calendars))
    return WindowLeft(index, after, day, first, used, max(limit.n - used, 0))


def fits(
    limit: Limit,
    day: Date,
    allowed: Sequence[Date],
    counted: Sequence[Date],
    period_start: Date,
    calendars: Calendars,
) -> bool:
    """Whether a suspension whose first day is ``day`` keeps ``limit`` on that day."""
    first = window_start(day, limit.measured_in, period_start)
    if limit.kind == "count":
        return sum(1 for d in counted if first <= d <= day) < limit.n
    unit = limit.days_unit
    own = 1 if counts_as(unit, day, calendars) else 0
    used = sum(1 for d in allowed if first <= d < day and counts_as(unit, d, calendars))
    return used + own <= limit.n


def next_start(
    profile: TermProfile,
    after: str,
    last: Date,
    allowed: Sequence[Date],
    counted: Sequence[Date],
    period: tuple[Date, Date],
    calendars: Calendars,
    lead_time: str,
) -> NextStart | None:
    """The earliest next start after suspension ``after``, or None when no day of the
    Registration Period is left for one."""
    limits = profile.allowance.limits
    day, bound_by = last + ONE_DAY, set()
    for index, limit in enumerate(limits):
        if limit.kind == "gap":
            gap_day = units_after(last, limit.n, limit.days_unit, calendars)
            if gap_day > day:
                day = gap_day
                bound_by.add(index)
    while day <= period[1]:
        stopping = [
            index
            for index, limit in enumerate(limits)
            if limit.kind in ("count", "aggregate")
            and not fits(limit, day, allowed, counted, period[0], calendars)
        ]
        if not stopping:
            notice = first_of_kind(profile, "notice")
            notice_by = (
                None if notice is None else latest_notice_day(notice[1], day, calendars, lead_time)
            )
            return NextStart(after, last, day, tuple(sorted(bound_by)), notice_by)
        bound_by.update(stopping)
        day += ONE_DAY
    return None
