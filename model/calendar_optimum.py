"""The exposure of interchangeable planned suspensions, and its optimum, read off the calendar.

When every suspension of a scenario is planned and they are interchangeable (the same bounds:
:mod:`model.symmetry`), what a placement costs follows from 3(h) and 2(b) one suspension at a
time, in order of start: whether a suspension is eligible depends only on its own days, the
last day of the one before it (the gap of 3(h)(ii)) and how many before it count toward the
limit of two (0, 1, or 2 and more). So the exposure (restricted days weighted by Held Shares
Value in cents, as :func:`model.exposure.exposure_objective` sums it) of the best placement of
the remaining suspensions after a given last day and count is a small table, filled from the
last suspension back (dynamic programming over the calendar's business days, a few hundred
thousand steps for six suspensions over two years).

What ``worst-case`` gets from it (:class:`CalendarOptimum`): the optimum, and the placement the
solver's tie-breaks choose among the optimal ones (earliest starts in file order, then earliest
ends): the least in that order, found position by position against the table. The solver
checks that placement in the model (every planned suspension pinned): where the model's
exposure there equals the table's optimum, the optimum is attained, and the table is the proof
that nothing costs more (or less): it is the maximum (minimum) over every placement the bounds
allow. The tie-breaks are settled the same way: every placement optimal in the model is
optimal in the table (the two agree placement by placement), so the least of the table's
optimal placements, being optimal in the model, is the least of the model's.

That agreement is what this module must get right, and is what its tests check: the exposure
of a placement here against the reference evaluator's payments on random placements and
readings, and the optimum and its placement against brute force over every placement of small
periods (tests/model/test_calendar_optimum.py). Where the solver finds the placement costs
other than the table says, ``worst-case`` does not use the table (the solver's ascent answers).

Only for the scenarios the recursion describes (:func:`calendar_optimum` returns None for the
others): no fixed suspensions, every planned suspension interchangeable with a length range of
at most :data:`MAX_LENGTH` business days and a notice that cannot be missed (none given, so the
latest its start allows, or none lawful), and the readings pinned. ``worst-case --robust`` pins
each in turn (:func:`optima_by_reading`): the recursion reads every reading that can move a
placement's cost (spacing, count, overlength, penalty-window, leap-day, lead-time), and in this
scope the other three move none (notice and notice-day: the notice is given on a business day
in time or is not required; late-filing-cure: late filing is no placement's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import attrs

from model.context import ScenarioContext
from model.interpretations import Interpretation
from model.registration import registration_period
from model.scenario import Investor, Scenario
from model.suspensions import (
    LIMIT,
    PERMITTED_LENGTH,
    notice_business_days,
    spacing_business_days,
)
from model.symmetry import interchangeable_groups

# Longer suspensions would make the table slow to fill (its work grows with the length).
MAX_LENGTH = 64


def cents(amount: Decimal) -> int:
    """An amount in whole cents, as model/exposure.py weighs the days."""
    return int((amount * 100).to_integral_value())


@attrs.frozen
class Slots:
    """The facts the recursion reads: every business day's ordinal, the bounds of one planned
    suspension as business-day indices, the Registration Period and the readings."""

    days: tuple[int, ...]  # ordinal of each business-day index
    count: int  # planned suspensions
    first_start: int
    last_start: int
    shortest: int
    longest: int
    first_end: int
    last_end: int
    covers: tuple[tuple[int, int], ...]  # per day covered: latest start, earliest end
    effective_index: int  # business days before the Effective Date
    outside_from: int  # a suspension starting on this index or later starts after the period
    effective: int  # ordinals of the Registration Period's first and last day
    last: int
    penalty_window_end: int | None  # under literal-90-days: an RSD later gives no payments
    gap: int  # 3(h)(ii) under the reading spacing
    every_suspension: bool  # count = every-suspension
    overlength_whole: bool  # overlength = whole
    base_weight: int  # the Investors' Purchase Prices in cents
    sales: tuple[tuple[int, int], ...]  # (ordinal, cents): sold before an RSD after it
    fixed: int  # the restrictions' exposure, the same for every placement

    def weight(self, first: int) -> int:
        """Held Shares Value in cents of an episode whose RSD is ``first`` (an ordinal)."""
        if not self.sales:  # most files: read for every placement the table weighs
            return self.base_weight
        return self.base_weight - sum(c for day, c in self.sales if day < first)

    def ends(self, start: int) -> range:
        """The end indices the bounds allow a suspension starting on ``start``."""
        low = max(start, start + self.shortest - 1, self.first_end)
        high = min(start + self.longest - 1, self.last_end)
        for latest_start, earliest_end in self.covers:
            if start > latest_start:
                return range(0)
            low = max(low, earliest_end)
        return range(low, high + 1)

    def episode(self, first_index: int, end: int) -> int:
        """The exposure of restricted days from business day ``first_index`` through ``end``,
        clipped to the Registration Period (2(b))."""
        first = max(self.days[first_index], self.effective)
        last = min(self.days[end], self.last)
        if first > last:
            return 0
        if self.penalty_window_end is not None and first > self.penalty_window_end:
            return 0
        return (last - first + 1) * self.weight(first)

    def step(self, start: int, end: int, too_soon: bool, counted: int) -> tuple[int, int]:
        """What one suspension from ``start`` through ``end`` costs and how many suspensions
        count after it, when it begins ``too_soon`` after the one before (3(h)(ii)) and
        ``counted`` earlier ones count toward the limit (READING.md section 4)."""
        if start >= self.outside_from:  # after the Registration Period: no rule, no count
            return 0, counted
        broken = start < self.effective_index or too_soon or counted >= LIMIT
        over_long = end - start + 1 > PERMITTED_LENGTH
        permitted = not broken and not (self.overlength_whole and over_long)
        in_period = end >= self.effective_index
        counts = in_period and (self.every_suspension or permitted)
        after = min(counted + 1, LIMIT) if counts else counted
        if permitted and not over_long:
            return 0, after
        first = start + PERMITTED_LENGTH if permitted else start
        return self.episode(first, end), after


def slots(
    context: ScenarioContext, interpretation: Interpretation, investor: str | None
) -> Slots | None:
    """The recursion's facts for a scenario it describes, else None (see the module)."""
    scenario = context.scenario
    planned = scenario.planned_suspensions
    if not planned or len(planned) != len(scenario.suspensions):
        return None
    if len(planned) > 1 and interchangeable_groups(planned) != [[p.id for p in planned]]:
        return None
    p = planned[0]
    if p.length is None or p.length.max > MAX_LENGTH:
        return None
    if p.advance_notice is not None and p.notice_lawful:
        return None
    calendar = context.calendar
    high = len(calendar.business_days) - 1
    first_start = calendar.count_before(p.start.earliest)
    if p.advance_notice is None:  # the latest notice its start allows: lead days before it
        first_start = max(first_start, notice_business_days(interpretation.lead_time))
    first_end, last_end = 0, high
    if p.end is not None:
        first_end = calendar.count_before(p.end.earliest)
        last_end = min(high, calendar.count_through(p.end.latest) - 1)
    period = registration_period(scenario.dates, interpretation)
    investors = [i for i in scenario.investors if investor is None or i.name == investor]
    return Slots(
        days=tuple(d.toordinal() for d in calendar.business_days),
        count=len(planned),
        first_start=max(first_start, 0),
        last_start=calendar.count_through(p.start.latest) - 1,
        shortest=p.length.min,
        longest=p.length.max,
        first_end=first_end,
        last_end=last_end,
        covers=tuple(
            (calendar.count_through(day) - 1, calendar.count_before(day)) for day in p.covers
        ),
        effective_index=calendar.count_before(scenario.dates.effective),
        outside_from=calendar.count_through(period.end),
        effective=period.start.toordinal(),
        last=period.end.toordinal(),
        penalty_window_end=(
            context.timeline.penalty_window_end.toordinal()
            if interpretation.penalty_window == "literal-90-days"
            else None
        ),
        gap=spacing_business_days(interpretation.spacing),
        every_suspension=interpretation.count == "every-suspension",
        overlength_whole=interpretation.overlength == "whole",
        base_weight=sum(cents(i.purchase_price) for i in investors),
        sales=tuple(
            (s.date.toordinal(), cents(s.purchase_price)) for i in investors for s in i.sales
        ),
        fixed=_restrictions(scenario, period.start, period.end, context, investors),
    )


def _restrictions(
    scenario: Scenario,
    effective: dt.date,
    last: dt.date,
    context: ScenarioContext,
    investors: Sequence[Investor],
) -> int:
    """The restrictions' exposure (model/schedule.py ``restriction_episode``): each clipped to
    the Registration Period, giving payments only when its RSD is within 90 days of the IRED."""
    total = 0
    window = context.timeline.penalty_window_end.toordinal()
    for r in scenario.restrictions:
        first, end = max(r.start, effective).toordinal(), min(r.end, last).toordinal()
        if first <= end and first <= window:
            weight = sum(cents(i.purchase_price) for i in investors) - sum(
                cents(s.purchase_price)
                for i in investors
                for s in i.sales
                if s.date.toordinal() < first
            )
            total += (end - first + 1) * weight
    return total


def exposure_of(facts: Slots, placement: Sequence[tuple[int, int]]) -> int:
    """The exposure of one placement (start and end indices, in order of start) as the
    recursion counts it: what its tests compare with the reference evaluator."""
    total, counted, previous = facts.fixed, 0, -1  # -1: none before
    for start, end in placement:
        too_soon = previous >= 0 and start < previous + facts.gap
        cost, counted = facts.step(start, end, too_soon, counted)
        total += cost
        previous = end
    return total


@attrs.frozen
class CalendarOptimum:
    """The optimal exposure and the least optimal placement (starts first, then ends), start
    and end indices in order of start; None placement when nothing fits the bounds."""

    exposure: int
    placement: tuple[tuple[int, int], ...] | None


_FAR = -(10**30)  # "no placement": below any exposure times -1
# What one suspension may cost from each start, by the facts (the gap left out) and direction.
Outcomes = dict[tuple[Slots, int], dict[tuple[int, bool, int], list[tuple[int, int, int]]]]


class _Table:
    """``best[r][c][previous + 1]``: the most ``sign`` x exposure of ``r`` more suspensions
    after one ending on index ``previous`` (-1: none before), ``c`` earlier ones counting;
    ``near[r][c][s]`` and ``far[r][c][s]`` the same with the first of them starting on ``s``,
    too soon after the one before (3(h)(ii)) or not."""

    def __init__(self, facts: Slots, sign: int, shared: Outcomes | None = None) -> None:
        self.facts, self.sign = facts, sign
        self.starts = range(facts.first_start, facts.last_start + 1)
        self.size = len(facts.days) + 1
        # What each suspension may cost, read once: (end, sign x cost, count after it). The
        # gap is not read there (only whether a start is too soon), so tables that differ in
        # the gap alone (the reading spacing) share them.
        key = (attrs.evolve(facts, gap=0), sign)
        shared = {} if shared is None else shared
        if key not in shared:
            shared[key] = {
                (s, too_soon, c): [
                    (e, sign * cost, after)
                    for e in facts.ends(s)
                    for cost, after in [facts.step(s, e, too_soon, c)]
                ]
                for s in self.starts
                for too_soon in (True, False)
                for c in range(LIMIT + 1)
            }
        self.outcomes = shared[key]
        self.best: list[list[list[int]]] = [[[0] * self.size for _ in range(LIMIT + 1)]]
        self.near: list[list[dict[int, int]]] = [[]]
        self.far: list[list[dict[int, int]]] = [[]]
        for r in range(1, facts.count + 1):
            self._fill(r)

    def _fill(self, r: int) -> None:
        later, gap, starts = self.best[r - 1], self.facts.gap, self.starts
        near_r, far_r, best_r = [], [], []
        for c in range(LIMIT + 1):
            near: dict[int, int] = {}
            far: dict[int, int] = {}
            for s in starts:
                for too_soon, table in ((True, near), (False, far)):
                    value = _FAR
                    for e, cost, after in self.outcomes[s, too_soon, c]:
                        rest = later[after][e + 1]
                        if rest > _FAR and cost + rest > value:
                            value = cost + rest
                    table[s] = value
            # After ``previous``: a start within the gap is too soon, any later one is not.
            suffix = [_FAR] * (self.size + gap + 1)
            for s in reversed(starts):
                suffix[s] = max(far[s], suffix[s + 1])
            best = [suffix[starts.start]] + [_FAR] * (self.size - 1)  # none before
            for previous in range(self.size - 1):
                value = suffix[max(previous + gap, starts.start)]
                for s in range(max(previous + 1, starts.start), min(previous + gap, starts.stop)):
                    value = max(value, near[s])
                best[previous + 1] = value
            near_r.append(near)
            far_r.append(far)
            best_r.append(best)
        self.near.append(near_r)
        self.far.append(far_r)
        self.best.append(best_r)


def optimum_of(facts: Slots, least: bool, shared: Outcomes | None = None) -> CalendarOptimum:
    """The optimal exposure over every placement the bounds allow, and the least placement in
    the tie-breaks' order (every start in order, then every end) among the optimal ones;
    ``shared``: what one suspension may cost, kept for the tables of other readings."""
    sign = -1 if least else 1
    table = _Table(facts, sign, shared)
    k = facts.count
    top = table.best[k][0][0]
    if top <= _FAR:
        return CalendarOptimum(0, None)
    # The starts, position by position: the earliest with an optimal completion, from the
    # states (last end, count) -> most so far that the starts chosen before allow.
    states: dict[tuple[int, int], int] = {(-1, 0): 0}
    starts: list[int] = []
    for position in range(k):
        r = k - position
        chosen = None
        for s in table.starts:
            if any(
                acc + _from_state(table, r, previous, c, s) == top
                for (previous, c), acc in states.items()
                if s > previous
            ):
                chosen = s
                break
        assert chosen is not None, "an optimal placement has a start at every position"
        starts.append(chosen)
        following: dict[tuple[int, int], int] = {}
        for (previous, c), acc in states.items():
            if chosen <= previous:
                continue
            too_soon = previous >= 0 and chosen < previous + facts.gap
            for e, cost, after in table.outcomes[chosen, too_soon, c]:
                if following.get((e, after), _FAR) < acc + cost:
                    following[e, after] = acc + cost
        states = following
    ends = _least_ends(facts, sign, starts, top)
    placement = tuple(zip(starts, ends, strict=True))
    return CalendarOptimum(sign * top, placement)


def _from_state(table: _Table, r: int, previous: int, c: int, s: int) -> int:
    """The best of ``r`` more suspensions after ``previous`` and ``c``, the first on ``s``."""
    too_soon = previous >= 0 and s < previous + table.facts.gap
    return (table.near if too_soon else table.far)[r][c][s]


def _least_ends(facts: Slots, sign: int, starts: list[int], top: int) -> list[int]:
    """With every start chosen, the earliest end at each position with an optimal completion."""
    k = len(starts)
    # rest[i][(previous, c)]: the most of positions i.. with their starts fixed.
    rest: list[dict[tuple[int, int], int]] = [{} for _ in range(k + 1)]

    def best(i: int, previous: int, c: int) -> int:
        if i == k:
            return 0
        key = (previous, c)
        if key not in rest[i]:
            s = starts[i]
            value = _FAR
            if s > previous:
                too_soon = previous >= 0 and s < previous + facts.gap
                for e in facts.ends(s):
                    cost, after = facts.step(s, e, too_soon, c)
                    later = best(i + 1, e, after)
                    if later > _FAR:
                        value = max(value, sign * cost + later)
            rest[i][key] = value
        return rest[i][key]

    ends: list[int] = []
    previous, c, acc = -1, 0, 0
    for i, s in enumerate(starts):
        too_soon = previous >= 0 and s < previous + facts.gap
        for e in facts.ends(s):
            cost, after = facts.step(s, e, too_soon, c)
            if acc + sign * cost + best(i + 1, e, after) == top:
                ends.append(e)
                previous, c, acc = e, after, acc + sign * cost
                break
        else:
            raise AssertionError("an optimal placement has an end at every position")
    return ends


def calendar_optimum(
    context: ScenarioContext, interpretation: Interpretation, least: bool, investor: str | None
) -> CalendarOptimum | None:
    """:func:`optimum_of` for a scenario the recursion describes, else None."""
    facts = slots(context, interpretation, investor)
    if facts is None:
        return None
    found = optimum_of(facts, least)
    return attrs.evolve(found, exposure=found.exposure + facts.fixed)


def optima_by_reading(
    context: ScenarioContext,
    readings: Sequence[Interpretation],
    least: bool,
    investor: str | None,
) -> dict[Interpretation, CalendarOptimum] | None:
    """:func:`calendar_optimum` under each reading (``worst-case --robust``), else None. One
    table for the readings that give the recursion the same facts: it reads spacing, count,
    overlength, penalty-window, leap-day (the Registration Period) and lead-time (the first
    start a notice allows); in its scope notice, notice-day and late-filing-cure change none
    of them (the notice is given on the latest business day its start allows, or none is
    required; late filing is not a placement's), so the 512 readings need at most 64 tables."""
    tables: dict[Slots, CalendarOptimum] = {}
    shared: Outcomes = {}
    out: dict[Interpretation, CalendarOptimum] = {}
    for reading in readings:
        facts = slots(context, reading, investor)
        if facts is None:
            return None
        if facts not in tables:
            found = optimum_of(facts, least, shared)
            tables[facts] = attrs.evolve(found, exposure=found.exposure + facts.fixed)
        out[reading] = tables[facts]
    return out
