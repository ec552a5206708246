"""Day arithmetic (READING.md section 1), by walking the calendar one day at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


# -- day arithmetic (READING.md section 1), by walking ----------------------------------------


class WalkingCalendar:
    """Business-day arithmetic that walks one calendar day at a time.

    Deliberately independent of :meth:`model.calendars.BusinessCalendar.bd_after` and its
    index arithmetic: the only question asked of the calendar is whether a day is a business
    day.
    """

    def __init__(self, is_business_day: Callable[[Date], bool]) -> None:
        self.is_business_day = is_business_day

    def bd_after(self, day: Date, n: int) -> Date:
        """The n-th business day strictly after ``day``; ``day`` itself never counts."""
        if n < 1:
            raise ValueError("bd_after counts from 1")
        found = 0
        while True:
            day += ONE_DAY
            if self.is_business_day(day):
                found += 1
                if found == n:
                    return day

    def bd_before(self, day: Date, n: int) -> Date:
        """The n-th business day strictly before ``day``."""
        if n < 1:
            raise ValueError("bd_before counts from 1")
        found = 0
        while True:
            day -= ONE_DAY
            if self.is_business_day(day):
                found += 1
                if found == n:
                    return day

    def bd_count(self, first: Date, last: Date) -> int:
        """The number of business days in ``[first, last]``, both ends included."""
        count = 0
        day = first
        while day <= last:
            if self.is_business_day(day):
                count += 1
            day += ONE_DAY
        return count

    def nth_business_day_from(self, first: Date, n: int) -> Date:
        """The n-th business day on or after ``first`` (``first`` counts when a business day)."""
        return self.bd_after(first - ONE_DAY, n)

    def deemed(self, day: Date, notice_day: str) -> Date:
        """READING.md section 1, ``notice-day``: an act dated on a day that is not a business
        day is deemed made on the next business day (``next-business-day``); ``as-given``
        keeps the day."""
        if notice_day == "as-given":
            return day
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def latest_notice_day(self, day: Date, n: int) -> Date:
        """The last business day ``g`` with ``day >= bd_after(g, n)``: walking back from
        ``day`` one business day at a time until the count fits."""
        g = day
        while True:
            g = self.bd_before(g, 1)
            if self.bd_after(g, n) <= day:
                return g


def add_years(day: Date, years: int, leap_day: str) -> Date:
    """Same month and day ``years`` on: "two (2) years after the Effective Date" (3(a)(iii)).

    29 February, in a year without one, becomes 28 February (``leap-day = feb-28``) or
    1 March (``leap-day = mar-1``).
    """
    year = day.year + years
    if day.month == 2 and day.day == 29:
        is_leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if not is_leap:
            return Date(year, 3, 1) if leap_day == "mar-1" else Date(year, 2, 28)
    return Date(year, day.month, day.day)
