"""The limits of a term profile's allowance in the planning model (:mod:`model.allowance_plan`):
one symbolic builder per kind of limit, each with CONTRACT.md's words ("Term profiles").

A ``whole`` builder says when a suspension breaks the limit on every day (count, gap,
notice); an ``at`` builder when a constant day ``k`` of its range would be past the limit
(length, aggregate), judged with the days before it in the window from ``w(k)``. The
suspension's own ends and the earlier suspensions' ends and first restricted days are terms
(:class:`~model.allowance_plan_days.Day`); the same builders serve a fixed schedule, whose days
are constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import z3

from model.allowance_plan_days import Day, DayCounts, PlanJudged, Term, window_start_of
from model.profile_days import Calendars, ProfileFacts, deemed, units_after
from model.profiles import Limit, TermProfile
from model.rules import limit_rule

Date = dt.date
TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


@attrs.frozen(eq=False)
class PlanContext:
    """What a limit's builder reads: the model so far and the suspension being judged."""

    profile: TermProfile
    facts: ProfileFacts
    calendars: Calendars
    period: tuple[Date, Date]
    counts: DayCounts
    earlier: tuple[PlanJudged, ...]
    first: Day
    inside: z3.BoolRef
    notice: Date | None  # the advance notice given; None and ``given`` for a planned one without
    notice_given: bool  # a planned suspension without notice is given the notice it needs
    notice_lawful: bool
    span: int  # the most calendar days the suspension may cover

    def units_upper(self, unit: str, low: int, high: int) -> int:
        """The most days of ``unit`` in ``[low, high]`` (ordinals)."""
        if high < low:
            return 0
        return self.counts.before_ordinal(unit, high + 1) - self.counts.before_ordinal(unit, low)


def count_whole(limit: Limit, c: PlanContext) -> z3.BoolRef:
    """``count``: "at most n suspensions in any window"; "A suspension is in a window for
    `count` when its start is"; "`count` counts earlier suspensions with at least one allowed
    day"."""
    since = window_start_of(limit.measured_in, c.first, c.period[0])
    inside = [
        z3.If(z3.And(j.permitted, as_bool(j.first.term >= since)), 1, 0)
        for j in c.earlier
        if not (j.settled and z3.is_false(z3.simplify(j.permitted)))  # never counted
    ]
    return z3.Sum([z3.IntVal(1), *inside]) > limit.n


def gap_whole(limit: Limit, c: PlanContext) -> z3.BoolRef:
    """``gap``: "begins at least n units after the last day of the preceding one"; "`gap` runs
    from the last day of the immediately preceding suspension, allowed or not" (one with no
    day in the period is never the preceding one). ``first >= units_after(last, n)`` is
    ``through(first) - through(last) >= n`` in the limit's unit."""
    unit = limit.days_unit
    broken: list[z3.BoolRef] = []
    later_inside: list[z3.BoolRef] = []  # of the suspensions between j and this one
    for j in reversed(c.earlier):
        preceding = z3.And(j.inside, *[z3.Not(x) for x in later_inside])
        short = c.counts.through(unit, c.first) - c.counts.through(unit, j.last) < limit.n
        broken.append(z3.And(preceding, as_bool(short)))
        if z3.is_true(z3.simplify(j.inside)):
            break  # a fixed one in the period: none before it can be the preceding one
        later_inside.append(j.inside)
    return z3.Or(broken) if broken else FALSE


def notice_whole(limit: Limit, c: PlanContext) -> z3.BoolRef:
    """``notice``: "advance notice at least n units before the start" (READING.md lead-time
    and notice-day), unless giving it would be unlawful where the limit says so."""
    if c.notice_given or (limit.unless_unlawful and not c.notice_lawful):
        return FALSE
    if c.notice is None:
        return TRUE
    n = limit.n + (1 if c.facts.lead_time == "clear-business-days" else 0)
    given = deemed(c.notice, c.facts, c.calendars)
    earliest = units_after(given, n, limit.days_unit, c.calendars).toordinal()
    return z3.BoolVal(c.first.term < earliest) if c.first.fixed else c.first.term < earliest


def length_at(limit: Limit, c: PlanContext, k: int) -> z3.BoolRef | None:
    """``length``: "no single suspension longer than n units": its days ``[first, k]`` of the
    unit counted (None: ``k`` is not of the unit, and cannot be the first day past it)."""
    unit = limit.days_unit
    if not c.counts.is_unit_day(unit, k):
        return None
    if c.units_upper(unit, max(c.first.lo, k - c.span + 1), k) <= limit.n:
        return None  # no placement covers more than n units up to k
    own = c.counts.before_ordinal(unit, k + 1) - c.counts.before(unit, c.first)
    return as_bool(own > limit.n)


def aggregate_at(limit: Limit, c: PlanContext, k: int) -> z3.BoolRef | None:
    """``aggregate``: "suspended days, all suspensions together, in any window"; "for
    `aggregate` its days of the limit's unit inside the window count", the earlier
    suspensions' allowed days and this one's ``[first, k]``, in the window from ``w(k)``."""
    unit = limit.days_unit
    counts = c.counts
    if not counts.is_unit_day(unit, k):
        return None
    since = window_start_of(limit.measured_in, Day.constant(k), c.period[0])
    assert isinstance(since, int)
    most = c.units_upper(unit, max(c.first.lo, since, k - c.span + 1), k)
    for j in c.earlier:
        if j.last.hi >= since:
            settled = _settled_in_window(j, unit, counts, since)
            if settled is not None:
                most += settled
            else:
                most += min(c.units_upper(unit, max(j.first.lo, since), j.last.hi), j.span)
    if most <= limit.n:
        return None  # no placement of these suspensions holds more than n units in the window
    through_k = counts.before_ordinal(unit, k + 1)
    at_since = counts.before_ordinal(unit, since)
    own: Term
    if c.first.lo >= since:
        own = through_k - counts.before(unit, c.first)
    elif c.first.hi < since:
        own = through_k - at_since
    else:
        own = z3.If(
            c.first.term >= since, through_k - counts.before(unit, c.first), through_k - at_since
        )
    terms: list[Term] = [own]
    for j in c.earlier:
        if j.last.hi < since:
            continue  # wholly before the window
        settled = _settled_in_window(j, unit, counts, since)
        if settled is not None:
            terms.append(settled)
            continue
        allowed_through = counts.before(unit, j.restricted_day)
        clipped: Term = z3.If(allowed_through > at_since, allowed_through - at_since, 0)
        if j.first.lo >= since:
            counted: Term = j.allowed[unit]
        elif j.first.hi < since:
            counted = clipped
        else:
            counted = z3.If(j.first.term >= since, j.allowed[unit], clipped)
        terms.append(counted if is_true(j.inside) else z3.If(j.inside, counted, 0))
    constant = sum(t for t in terms if isinstance(t, int))
    symbolic = [t for t in terms if not isinstance(t, int)]
    if not symbolic:
        return z3.BoolVal(constant > limit.n)
    return as_bool(z3.Sum([*symbolic, z3.IntVal(constant)]) > limit.n)


def _settled_in_window(j: PlanJudged, unit: str, counts: DayCounts, since: int) -> int | None:
    """A settled suspension's allowed days of ``unit`` from ``since`` on (None: not settled):
    what :func:`aggregate_at` states for the others, here a constant."""
    if not (j.settled and isinstance(j.first.term, int)):
        return None
    assert isinstance(j.restricted, int)
    low = max(j.first.term, since)
    return max(counts.before_ordinal(unit, j.restricted) - counts.before_ordinal(unit, low), 0)


def own_at_least(limit: Limit, c: PlanContext, k: int) -> bool:
    """Whether every placement that covers ``k`` already has more than n of its own units up
    to ``k`` (in the window from ``w(k)`` for ``aggregate``): ``k`` then breaks the limit for
    each of them, and no later day can be the first past it. The fewest own units are those of
    the latest first day, ``min(first.hi, k)``."""
    unit = limit.days_unit
    since = min(c.first.hi, k)
    if limit.kind == "aggregate":
        window = window_start_of(limit.measured_in, Day.constant(k), c.period[0])
        assert isinstance(window, int)
        since = max(since, window)
    return c.units_upper(unit, since, k) > limit.n


@attrs.frozen
class PlanRule:
    """One kind of limit in the planning model, as its row of :data:`model.rules.RULES` gives
    it: ``whole`` (count, gap, notice: a breach restricts every day) or ``at`` (length,
    aggregate: the first day past the limit), the row's ``build_symbolic`` either way."""

    id: str
    kind: str
    whole: Callable[[Limit, PlanContext], z3.BoolRef] | None = None
    at: Callable[[Limit, PlanContext, int], z3.BoolRef | None] | None = None
    # k breaks the limit for every placement covering it (so later days need no constraint)
    certain_at: Callable[[Limit, PlanContext, int], bool] | None = None


# Which day kinds may stop the walk early (a shortcut of the search, not a reading: a row
# without one is still read exactly, only over more days).
CERTAIN_AT: dict[str, Callable[[Limit, PlanContext, int], bool]] = {
    "length": own_at_least,
    "aggregate": own_at_least,
}


def plan_rule(kind: str) -> PlanRule | None:
    """The planning model's rule for a limit of ``kind``, read off the one rule table when it
    runs (None when the table has no row for it or the row has no symbolic builder: that limit
    is then not checked, as the fixed model does not check a kind whose row is taken out)."""
    row = limit_rule(kind)
    if row is None or row.build_symbolic is None:
        return None
    if row.restricts_whole:
        return PlanRule(row.id, kind, whole=row.build_symbolic)
    return PlanRule(row.id, kind, at=row.build_symbolic, certain_at=CERTAIN_AT.get(kind))


def is_true(term: z3.BoolRef) -> bool:
    return z3.is_true(term)


def as_bool(value: object) -> z3.BoolRef:
    if isinstance(value, bool):
        return z3.BoolVal(value)
    assert isinstance(value, z3.BoolRef)
    return value
