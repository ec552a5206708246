"""The words of a term profile's findings (the rows ``allowance.*`` of :mod:`model.rules`,
their ``explain``): which limit, which dates, and by how much, read off the solved Z3 model
of :mod:`model.allowance`. The clause's section and words are the profile's, per limit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from model.allowance_days import Judged, window_start
from model.explain import counted, on_day
from model.profile_days import deemed, units_after
from model.profiles import Limit
from model.terms import ordinal

if TYPE_CHECKING:
    from model.allowance import AllowanceModel

Date = dt.date


def _unit_words(unit: str, n: int) -> str:
    words = unit.replace("-", " ")
    return words.removesuffix("s") if n == 1 else words


@attrs.frozen
class Reading:
    """What the words of a finding read off a solved model: the suspension, its first day
    past a limit, and the first restricted day of each suspension judged."""

    model: AllowanceModel
    judged: Judged
    past: int
    restricted: dict[str, int]  # suspension id -> first restricted day (ordinal)


def explain_count(limit: Limit, r: Reading) -> str:
    first = Date.fromordinal(r.judged.first)
    since = window_start(first, limit.measured_in, r.model.period[0])
    inside = [
        j
        for j in r.model.judged
        if since.toordinal() <= j.first < r.judged.first and r.restricted[j.suspension.id] > j.first
    ]
    starts = ", ".join(f"{j.suspension.id} ({Date.fromordinal(j.first)})" for j in inside)
    return (
        f"begins {first}, the {ordinal(len(inside) + 1)} suspension in the window from {since} "
        f"({limit.measured_in.words()}), after {starts}; at most {limit.n} allowed, "
        f"{len(inside) + 1 - limit.n} too many"
    )


def explain_gap(limit: Limit, r: Reading) -> str:
    first = Date.fromordinal(r.judged.first)
    preceding = Date.fromordinal(max(j.last for j in r.model.judged if j.last < r.judged.first))
    earliest = units_after(preceding, limit.n, limit.days_unit, r.model.calendars)
    return (
        f"begins {first}; the preceding suspension's last day was {preceding}, so the earliest "
        f"allowed start is {earliest}, {counted((earliest - first).days, 'calendar day')} later"
    )


def explain_notice(limit: Limit, r: Reading) -> str:
    s, facts = r.judged.suspension, r.model.facts
    first = Date.fromordinal(r.judged.first)
    unit = _unit_words(limit.days_unit, limit.n)
    if s.advance_notice is None:
        return f"no advance notice was given before {first}; {limit.n} {unit} are required"
    n = limit.n + (1 if facts.lead_time == "clear-business-days" else 0)
    given = deemed(s.advance_notice, facts, r.model.calendars)
    earliest = units_after(given, n, limit.days_unit, r.model.calendars)
    return (
        f"notice given {on_day(s.advance_notice, given)} allows a start no earlier than "
        f"{earliest}; it began {first}, "
        f"{counted((earliest - first).days, 'calendar day')} sooner"
    )


def _beyond(limit: Limit, r: Reading) -> str:
    day = Date.fromordinal(r.past)
    last = Date.fromordinal(r.judged.last)
    restricted = Date.fromordinal(r.restricted[r.judged.suspension.id])
    over = (last - day).days + 1
    return (
        f"{counted(over, 'day')} from {day} through {last} {'is' if over == 1 else 'are'} past "
        f"the limit; restricted from {restricted}"
    )


def explain_length(limit: Limit, r: Reading) -> str:
    day = Date.fromordinal(r.past)
    unit = _unit_words(limit.days_unit, 1)
    return (
        f"{day} is its {ordinal(limit.n + 1)} {unit}; at most {limit.n} are allowed: "
        + _beyond(limit, r)
    )


def explain_aggregate(limit: Limit, r: Reading) -> str:
    day = Date.fromordinal(r.past)
    since = window_start(day, limit.measured_in, r.model.period[0])
    unit = _unit_words(limit.days_unit, 1)
    return (
        f"{day} would be the {ordinal(limit.n + 1)} suspended {unit} in the window from "
        f"{since} ({limit.measured_in.words()}); at most {limit.n} are allowed: "
        + _beyond(limit, r)
    )
