"""The quantity each ``rrcheck prove --agreement`` property bounds, read off the reference
evaluator's verdict of one fixed schedule by walking every window (model/reference/profiles.py's
``windows_holding``): the plain-Python twin that confirms a Z3 witness or counterexample
(model/allowance_properties.py), written for obviousness, not speed.

- ``aggregate``: the most allowed days of the limit's unit that one window holds;
- ``length``: the most allowed days of the unit of one suspension;
- ``count``: the most first days of suspensions with an allowed day that one window holds;
- ``gap``: the fewest days of the unit after a suspension's last day through the first day
  of the next one, where that next one has an allowed day (None: no such pair).
"""

from __future__ import annotations

import datetime as dt

import attrs

from model.profile_days import (
    Calendars,
    ProfileFacts,
    SuspensionOutcome,
    counts_as,
    days_between,
)
from model.profiles import Deadlines, Limit, TermProfile
from model.reference.profiles import evaluate_profile, windows_holding

Date = dt.date


def bounded_quantity(
    profile: TermProfile, limit: Limit, facts: ProfileFacts, calendars: Calendars
) -> int | None:
    """What the property of ``limit`` bounds, for the schedule of ``facts`` under ``profile``.
    The suspensions' verdict does not read the deadlines, which are left out: a property's
    schedule has no closing date to run them from."""
    undated = attrs.evolve(profile, deadlines=Deadlines())
    evaluation = evaluate_profile(undated, facts, calendars)
    period = (evaluation.registration_period_start, evaluation.registration_period_end)
    judged = [o for o in evaluation.suspensions if not o.outside and o.judged_from is not None]
    unit = limit.days_unit

    def units(first: Date, last: Date) -> list[Date]:
        return [d for d in days_between(first, last) if counts_as(unit, d, calendars)]

    def allowed(o: SuspensionOutcome) -> list[Date]:
        assert o.judged_from is not None
        last = min(o.end, period[1])
        if o.restricted_from is not None:
            last = min(last, o.restricted_from - dt.timedelta(days=1))
        return units(o.judged_from, last)

    if limit.kind == "length":
        return max((len(allowed(o)) for o in judged), default=0)
    if limit.kind == "gap":
        gaps = [  # the unit's days in (last day, first day]
            len(units(min(before.end, period[1]) + dt.timedelta(days=1), later.judged_from))
            for before, later in zip(judged, judged[1:], strict=False)
            if later.permitted and later.judged_from is not None
        ]
        return min(gaps, default=None)
    if limit.kind == "aggregate":
        days = sorted({d for o in judged for d in allowed(o)})
    else:  # count
        days = sorted(o.judged_from for o in judged if o.permitted and o.judged_from is not None)
    windows = {w for d in days for w in windows_holding(d, limit.measured_in, period)}
    return max((sum(1 for d in days if a <= d <= b) for a, b in windows), default=0)
