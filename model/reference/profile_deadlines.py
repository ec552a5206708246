"""The reference reading of a term profile's registration deadlines, in plain Python and walked
day by day: its twin is :mod:`model.profile_deadlines`, which reads the deadlines
:mod:`model.profile_days` computes by arithmetic (``d + n days``, ``bd_after``, monthly
anniversaries); the two are compared by hypothesis (tests/model/test_profile_deadlines.py).

CONTRACT.md "Term profiles": a deadline is ``n`` units after the date its ``after`` names
(``calendar-days``: n days; ``business-days``/``trading-days``: the n-th day of that calendar
after it; ``months``/``years``: the same day so many months on, a missing day becoming the
month's last), moved to the next business day only under ``roll = "next-business-day"``. The
registration statement is late when it is filed (deemed on the next business day, READING.md
section 1, under ``notice-day = next-business-day``) or declared effective after it; the days
late are that day less the deadline.
"""

from __future__ import annotations

import datetime as dt

from model.profile_days import Calendars, ProfileFacts
from model.profiles import Span, TermProfile

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


def _is_unit_day(day: Date, unit: str, calendars: Calendars) -> bool:
    if unit == "business-days":
        return calendars.business.is_business_day(day)
    if unit == "trading-days":
        return calendars.trading.is_business_day(day)
    return True


def _months_on(day: Date, months: int) -> Date:
    """Walk to the first day of the month ``months`` on, then to the same day or the last."""
    first = day.replace(day=1)
    for _ in range(months):
        first = (first + dt.timedelta(days=31)).replace(day=1)
    last_of_month = first
    while (last_of_month + ONE_DAY).month == first.month:
        last_of_month += ONE_DAY
    return first.replace(day=min(day.day, last_of_month.day))


def deadline(span: Span, facts: ProfileFacts, calendars: Calendars) -> Date:
    day = facts.dates[span.after]
    if span.unit in ("years", "months"):
        day = _months_on(day, span.n * (12 if span.unit == "years" else 1))
    else:
        unit = "calendar-days" if span.unit == "calendar-days" else span.unit
        counted = 0
        while counted < span.n:
            day += ONE_DAY
            if _is_unit_day(day, unit, calendars):
                counted += 1
    if span.roll == "next-business-day":
        while not calendars.business.is_business_day(day):
            day += ONE_DAY
    return day


def late_registration(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> tuple[tuple[str, Date, Date, int], ...]:
    """(rule, deadline, the day done, days late) for each deadline missed, filing first."""
    found: list[tuple[str, Date, Date, int]] = []
    filing, filed = profile.deadlines.filing, facts.dates.get("registration_filed")
    if filing is not None and filed is not None:
        due = deadline(filing, facts, calendars)
        done = filed
        if facts.notice_day != "as-given":
            while not calendars.business.is_business_day(done):
                done += ONE_DAY
        if done > due:
            found.append(("filing.deadline", due, done, (done - due).days))
    effectiveness = profile.deadlines.effectiveness
    if effectiveness is not None:
        due = deadline(effectiveness, facts, calendars)
        effective = facts.dates["effective"]
        if effective > due:
            found.append(("effectiveness.deadline", due, effective, (effective - due).days))
    return tuple(found)
