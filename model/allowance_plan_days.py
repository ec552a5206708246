"""Symbolic days for the planning model of a term profile's allowance
(:mod:`model.allowance_plan`): a day the solver chooses, with the range it may take, and the
counts the limits read of it, by arithmetic.

Every function of a day the allowance reads (the ordinal of a business-day index, the number
of business or trading days before a day, the earliest start ``w(k)`` of a window that holds a
day) is, over the range a day may take, a step-wise linear function of it: runs of slope 1
(consecutive counted days) and slope 0 (weekends, holidays; a calendar year), with jumps (a
month's length under ``{months = N}``). :func:`piecewise` writes such a function exactly, as a
balanced If-tree over its runs (the idea of :func:`model.solver.step_count`: measured there
that arrays and function tables time out under optimisation while If-trees solve fast). A
calendar day count is the ordinal itself, and the business days before a planned
suspension's start are its business-day index: neither needs a tree.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeAlias

import attrs
import z3

from model.allowance_days import window_start
from model.calendars import BusinessCalendar, CalendarCoverageError
from model.profile_days import Calendars, ProfileFacts, deemed, units_after
from model.profiles import TermProfile, Window
from model.scenario import PlannedSuspension
from model.solver import step_count

Date = dt.date
Term: TypeAlias = z3.ArithRef | int
EPOCH_MONDAY = dt.date(1990, 1, 1).toordinal()  # a Monday before every calendar's span
WEEKDAY_ARITHMETIC_FROM = 60  # days of range from which a unit count is weekday arithmetic
ONE_DAY = dt.timedelta(days=1)


def piecewise(x: z3.ArithRef, lo: int, hi: int, f: Callable[[int], int]) -> Term:
    """A term equal to ``f(x)`` for every integer ``x`` in ``[lo, hi]`` (its value outside
    that range is unspecified: the caller bounds ``x``). The runs of ``[lo, hi]`` on which
    ``f`` is linear become the leaves of a balanced If-tree, so the term's depth is the log of
    the number of runs."""
    values = [f(k) for k in range(lo, hi + 1)]
    runs: list[tuple[int, int, int]] = []  # (first k, slope, intercept): f(k) = intercept + slope*k
    k = lo
    while k <= hi:
        first = k
        slope = values[k + 1 - lo] - values[k - lo] if k < hi else 0
        while k < hi and values[k + 1 - lo] - values[k - lo] == slope:
            k += 1
        runs.append((first, slope, values[first - lo] - slope * first))
        k += 1
    if len(runs) == 1 and runs[0][1] == 0:
        return runs[0][2]

    def leaf(run: tuple[int, int, int]) -> z3.ArithRef:
        _, slope, intercept = run
        if slope == 0:
            return z3.IntVal(intercept)
        return x * slope + intercept if slope != 1 else x + intercept

    def tree(low: int, high: int) -> z3.ArithRef:
        if low == high:
            return leaf(runs[low])
        middle = (low + high + 1) // 2
        return z3.If(x >= runs[middle][0], tree(middle, high), tree(low, middle - 1))

    return tree(0, len(runs) - 1)


@attrs.frozen
class Day:
    """A day of the model: its calendar ordinal (a term, or an int when fixed), the range
    ``[lo, hi]`` it may take, and, for a planned suspension's start or end, its business-day
    index on the scenario's business calendar (whose business days before it it counts)."""

    term: Term
    lo: int
    hi: int
    index: z3.ArithRef | None = None

    @property
    def fixed(self) -> bool:
        return isinstance(self.term, int)

    @staticmethod
    def constant(day: int) -> Day:
        return Day(day, day, day)


class DayCounts:
    """How many days of a unit lie before a day, the same arithmetic for constants (ints) and
    symbolic days (terms), each built once per day and unit."""

    def __init__(
        self, calendars: Calendars, arithmetic_from: int = WEEKDAY_ARITHMETIC_FROM
    ) -> None:
        self.calendars = calendars
        # prove builds trees over every range (model/allowance_properties.py: far faster there)
        self.arithmetic_from = arithmetic_from
        self._ordinals = {
            "business-days": [d.toordinal() for d in calendars.business.business_days],
            "trading-days": [d.toordinal() for d in calendars.trading.business_days],
        }
        # keyed by the term's id; the day is kept with its count so that Z3 cannot reuse the id
        self._built: dict[tuple[int, str], tuple[Day, Term]] = {}

    def before_ordinal(self, unit: str, k: int) -> int:
        """Days of ``unit`` strictly before ordinal ``k`` (calendar days: ``k`` itself; the
        differences are what count)."""
        if unit == "calendar-days":
            return k
        return bisect.bisect_left(self._ordinals[unit], k)

    def before(self, unit: str, day: Day) -> Term:
        """Days of ``unit`` strictly before ``day``."""
        if isinstance(day.term, int):
            return self.before_ordinal(unit, day.term)
        if unit == "calendar-days":
            return day.term
        if unit == "business-days" and day.index is not None:
            return day.index  # the business days before a business day: its index
        key = (day.term.get_id(), unit)
        if key not in self._built:
            self._built[key] = (day, self._count_term(unit, day.term, day.lo, day.hi))
        return self._built[key][1]

    def _count_term(self, unit: str, x: z3.ArithRef, lo: int, hi: int) -> Term:
        """Days of ``unit`` before ``x`` for ``x`` in ``[lo, hi]``. A short range: the runs of
        the count as an If-tree (:func:`piecewise`). A long one (its runs are two a week):
        weekday arithmetic (five a week from a Monday, the 2003 model's
        :class:`model.solver.BusinessDayEncoding`) less the closed weekdays and plus the open
        weekend days before ``x``, each a step count over only the few such days in range."""
        calendar = self._calendar(unit)
        if not self._arithmetic(unit, lo, hi):
            return piecewise(x, lo, hi, lambda k: self.before_ordinal(unit, k))
        since = x - EPOCH_MONDAY
        weekdays = 5 * (since / 7) + z3.If(since % 7 < 5, since % 7, 5)
        closed = sorted(d.toordinal() for d in calendar.closures if lo < d.toordinal() + 1 <= hi)
        opened = sorted(
            d.toordinal() for d in calendar.weekend_business_days if lo < d.toordinal() + 1 <= hi
        )
        term = weekdays - step_count(x, [c + 1 for c in closed])
        term += step_count(x, [o + 1 for o in opened])

        def weekdays_before(k: int) -> int:
            return 5 * ((k - EPOCH_MONDAY) // 7) + min((k - EPOCH_MONDAY) % 7, 5)

        offset = self.before_ordinal(unit, lo) - weekdays_before(lo)  # the count at lo
        return term + offset

    def through(self, unit: str, day: Day) -> Term:
        """Days of ``unit`` on or before ``day``."""
        if isinstance(day.term, int):
            return self.before_ordinal(unit, day.term + 1)
        if unit == "calendar-days":
            return day.term + 1
        if unit == "business-days" and day.index is not None:
            return day.index + 1
        key = (day.term.get_id(), f"{unit}+1")
        if key not in self._built:
            if self._arithmetic(unit, day.lo, day.hi):
                # the count before it and whether it is a unit day: one weekday division
                term = self.before(unit, day) + z3.If(self.is_day(unit, day), 1, 0)
            else:
                term = self._count_term(unit, day.term + 1, day.lo + 1, day.hi + 1)
            self._built[key] = (day, term)
        return self._built[key][1]

    def is_day(self, unit: str, day: Day) -> z3.BoolRef:
        """``day`` (symbolic) is a day of ``unit``. Over a long range, by its weekday (the
        remainder of the division the count before it makes) and the few closed weekdays and
        open weekend days of the range, rather than as a difference of two counts: measured,
        the two divisions (of the day and the day after) made the first solve of two planned
        suspensions with year-long windows take a second, against 15 ms so."""
        assert not isinstance(day.term, int)
        if unit == "calendar-days":
            return z3.BoolVal(True)
        if not self._arithmetic(unit, day.lo, day.hi):
            return self.through(unit, day) - self.before(unit, day) == 1
        x, calendar = day.term, self._calendar(unit)
        # sorted: a frozenset's order of dates varies from run to run, and so would the term
        lo, hi = day.lo, day.hi
        closed = sorted(d.toordinal() for d in calendar.closures if lo <= d.toordinal() <= hi)
        opened = sorted(
            d.toordinal() for d in calendar.weekend_business_days if lo <= d.toordinal() <= hi
        )
        weekday = (x - EPOCH_MONDAY) % 7 < 5
        return z3.Or(z3.And(weekday, *[x != c for c in closed]), *[x == o for o in opened])

    def _calendar(self, unit: str) -> BusinessCalendar:
        return self.calendars.business if unit == "business-days" else self.calendars.trading

    def _arithmetic(self, unit: str, lo: int, hi: int) -> bool:
        """Whether a count over ``[lo, hi]`` is weekday arithmetic (a long range inside the
        calendar) rather than an If-tree of its runs."""
        calendar = self._calendar(unit)
        span = (calendar.first_day.toordinal(), calendar.last_day.toordinal())
        return hi - lo > self.arithmetic_from and span[0] <= lo <= hi <= span[1]

    def is_unit_day(self, unit: str, k: int) -> bool:
        return unit == "calendar-days" or self.before_ordinal(unit, k + 1) > self.before_ordinal(
            unit, k
        )


def window_start_of(window: Window, day: Day, period_start: Date) -> Term:
    """``w(day)`` (:func:`model.allowance_days.window_start`) of a symbolic day."""
    if isinstance(day.term, int):
        return window_start(Date.fromordinal(day.term), window, period_start).toordinal()
    if window.kind == "days":
        assert window.n is not None
        return day.term - (window.n - 1)
    return piecewise(
        day.term,
        day.lo,
        day.hi,
        lambda k: window_start(Date.fromordinal(k), window, period_start).toordinal(),
    )


def ordinal_of_index(index: z3.ArithRef, lo: int, hi: int, business_days: Sequence[Date]) -> Term:
    """The calendar ordinal of business-day ``index`` in ``[lo, hi]``."""
    return piecewise(index, lo, hi, lambda b: business_days[b].toordinal())


def maximum(a: Term, b: Term) -> Term:
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return z3.If(a >= b, a, b)


def minimum(a: Term, b: Term) -> Term:
    if isinstance(a, int) and isinstance(b, int):
        return min(a, b)
    return z3.If(a <= b, a, b)


# -- the suspensions of the model ---------------------------------------------------------------


@attrs.frozen(eq=False)
class PlannedPlacement:
    """A planned suspension's variables (its first and last day, calendar ordinals) and bounds."""

    suspension: PlannedSuspension
    start: Day
    end: Day
    business_days: Term | None  # the business days of [start, end] (None without a length)
    span: int  # the most calendar days it may cover under its domain (end - start + 1)
    bounds: tuple[tuple[str, z3.BoolRef], ...]  # (label, constraint): start-window, length, ...
    first_start: int  # the first and last start its start window allows (ordinals)
    last_start: int

    @property
    def id(self) -> str:
        return self.suspension.id


def notice_by(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars, start: Date
) -> Date | None:
    """The latest notice day the profile's notice limits allow for ``start`` (None without
    notice limits): a planned suspension without its own notice is given it."""
    limits = profile.limits("notice")
    if not limits:
        return None
    extra = 1 if facts.lead_time == "clear-business-days" else 0
    day = start
    for _ in range(366):
        day -= ONE_DAY
        try:
            given = deemed(day, facts, calendars)
            if all(
                units_after(given, lim.n + extra, lim.days_unit, calendars) <= start
                for lim in limits
            ):
                return day
        except CalendarCoverageError:
            return None
    return None


def _business_day_beyond(calendar: BusinessCalendar, day: Date, step: int) -> int:
    """The ordinal of the nearest business day after ``day`` (``step`` 1) or before it (-1);
    past the calendar's span, the calendar day ``step`` away."""
    try:
        found = calendar.bd_after(day, 1) if step > 0 else calendar.bd_before(day, 1)
    except CalendarCoverageError:
        return day.toordinal() + step
    return found.toordinal()


def planned_placement(
    p: PlannedSuspension, calendars: Calendars, counts: DayCounts
) -> tuple[PlannedPlacement, list[z3.BoolRef]]:
    """The variables of a planned suspension, their domain (hard: the windows widened on each
    side to the nearest business day beyond them, so that "one placement better than a window
    allows" can be asked when naming what binds: a planned suspension starts and ends on
    business days, so one calendar day beyond a window closing on a Friday would ask nothing)
    and its labelled bounds. A planned suspension starts and ends on business days and
    its ``length`` counts business days, as CONTRACT.md's planned suspensions do; the profile's
    limits count their own units of its days."""
    calendar = calendars.business
    ends = (p.end.earliest, p.end.latest) if p.end is not None else ()
    for day in (p.start.earliest, p.start.latest, *ends):
        calendar.require_covered(day)
    first_start, last_start = p.start.earliest.toordinal(), p.start.latest.toordinal()
    s_lo = _business_day_beyond(calendar, p.start.earliest, -1)
    s_hi = _business_day_beyond(calendar, p.start.latest, 1)
    e_lo, e_hi = s_lo, calendar.last_day.toordinal()
    if p.end is not None:
        e_lo = max(e_lo, _business_day_beyond(calendar, p.end.earliest, -1))
        e_hi = min(e_hi, _business_day_beyond(calendar, p.end.latest, 1))
    days = calendar.business_days
    if p.length is not None:
        before = counts.before_ordinal("business-days", s_lo)
        if before + p.length.min - 1 < len(days):
            shortest_end = days[before + p.length.min - 1]
            e_lo = max(e_lo, _business_day_beyond(calendar, shortest_end, -1))
        reach = counts.before_ordinal("business-days", s_hi) + p.length.max
        if reach >= len(days):
            if p.end is None:
                raise CalendarCoverageError(
                    f"planned suspension {p.id} may run {p.length.max} business days from "
                    f"{p.start.latest.isoformat()}, past {calendar.last_day.isoformat()} where "
                    f"the {calendar.name} calendar covers no more days; give it an end window, "
                    "or an earlier start or a shorter length"
                )
        else:
            e_hi = min(e_hi, days[reach].toordinal())
    e_lo = max(e_lo, s_lo)
    e_hi = max(e_hi, e_lo)
    start_day, end_day = z3.Int(f"plan.{p.id}.start"), z3.Int(f"plan.{p.id}.end")
    domain = [start_day >= s_lo, start_day <= s_hi, end_day >= e_lo, end_day <= e_hi]
    domain.append(end_day >= start_day)
    span = e_hi - s_lo + 1
    if p.length is not None:
        # At most length.max + 1 business days (one more than the bound, as the windows' margin):
        # end - start <= the most calendar days that many reach from any start of the domain.
        days, most = calendar.business_days, 0
        for first in range(s_lo, s_hi + 1):
            reach = counts.before_ordinal("business-days", first) + p.length.max + 1
            if reach >= len(days):
                most = span
                break
            most = max(most, days[reach].toordinal() - 1 - first)
        if most + 1 < span:
            span = most + 1
            domain.append(end_day - start_day <= most)
    start, end = Day(start_day, s_lo, s_hi), Day(end_day, e_lo, e_hi)
    business: Term | None = None  # built only where a length bound reads it
    bounds: list[tuple[str, z3.BoolRef]] = [
        ("start-window", z3.And(start_day >= first_start, start_day <= last_start))
    ]
    if p.end is not None:
        window = (p.end.earliest.toordinal(), p.end.latest.toordinal())
        bounds.append(("end-window", z3.And(end_day >= window[0], end_day <= window[1])))
    if p.length is not None:
        business = counts.through("business-days", end) - counts.before("business-days", start)
        bounds.append(("length", z3.And(business >= p.length.min, business <= p.length.max)))
    # CONTRACT.md: "A planned suspension starts and ends on business days" (of the business
    # calendar, under a profile as under the 2003 agreement); a fixed one may fall on any day.
    on_business_days = [counts.is_day("business-days", day) for day in (start, end)]
    bounds.append(("business-days", z3.And(on_business_days)))
    for day in p.covers:
        covered = day.toordinal()
        covers = z3.And(start_day <= covered, end_day >= covered)
        bounds.append((f"covers.{day.isoformat()}", covers))
    placement = PlannedPlacement(
        p, start, end, business, span, tuple(bounds), first_start, last_start
    )
    return placement, domain


@attrs.frozen(eq=False)
class PlanJudged:
    """A suspension that may have a day in the Registration Period, as the model judges it."""

    id: str
    planned: bool
    first: Day  # its first day inside the Registration Period
    last: Day
    inside: z3.BoolRef  # it has a day in the period (True for a fixed one judged)
    # ints where the verdict is settled (a fixed suspension before every planned one)
    past: Term  # the first day past a length or aggregate limit, or last + 1
    restricted: Term  # its first restricted day, or last + 1
    whole: dict[int, z3.BoolRef]  # limit index -> broken on every day (count, gap, notice)
    violated: dict[str, z3.BoolRef]  # rule id -> the verdict reports it for this suspension
    allowed: dict[str, Term]  # unit -> its allowed days of that unit
    span: int = 0  # the most calendar days it may cover (last - first + 1), under the domain

    @property
    def settled(self) -> bool:
        return isinstance(self.restricted, int)

    @property
    def permitted(self) -> z3.BoolRef:
        """Some day of it is allowed."""
        if isinstance(self.restricted, int) and isinstance(self.first.term, int):
            return z3.And(self.inside, z3.BoolVal(self.restricted > self.first.term))
        return z3.And(self.inside, self.restricted > self.first.term)

    @property
    def restricted_day(self) -> Day:
        return Day(self.restricted, self.first.lo, self.last.hi + 1)
