"""The reference reading of a term profile (CONTRACT.md "Term profiles"), in plain Python.

No solver and nothing of the Z3 model: every window is enumerated, every day walked. This is
the twin the profile model is compared with, so it is written for obviousness, not speed; the
Z3 model checks one window per day instead (model/allowance.py says why that suffices) and is
shown to agree with this. The facts, the day arithmetic and the money both share are
:mod:`model.profile_days`.

What it reads, in CONTRACT.md's words:
- the Registration Period runs from ``effective`` through the earliest of the profile's
  ``ends`` and the scenario's ``rule_144k`` and ``no_longer_own``; a suspension's days outside
  it are not suspension days, a suspension with none left is outside, one with some is judged
  as if it started on the first of them;
- suspensions are judged in order of start, each against what is allowed of the earlier ones;
- a suspension breaking ``count``, ``gap`` or ``notice`` is restricted on every day; for
  ``length`` and ``aggregate`` its days are allowed while every limit still holds with them,
  and from the first day that would break one, ``days-beyond`` restricts it and ``whole``
  restricts the whole suspension;
- each event (late filing, late effectiveness, restricted days) is an episode cut into periods
  from its Event Date and priced at ``rate x base`` per period, rounded to the cent half up;
  no day is priced twice; the cap cuts each Investor's rows in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from model.profile_days import (  # shared with the model: facts, outcomes, day arithmetic, money
    ONE_DAY,
    Calendars,
    LimitBreach,
    Payment,
    ProfileEvaluation,
    ProfileFacts,
    SuspensionOutcome,
    add_months,
    counts_as,
    days_between,
    deemed,
    profile_deadlines,
    profile_payments,
    registration_period,
    span_end,
    units_after,
)
from model.profiles import Limit, TermProfile, Window
from model.rules import limit_rule
from model.scenario import Suspension

Date = dt.date

__all__ = [
    "Calendars",
    "LimitBreach",
    "Payment",
    "ProfileEvaluation",
    "ProfileFacts",
    "SuspensionOutcome",
    "add_months",
    "evaluate_profile",
    "span_end",
    "windows_holding",
]


# -- windows: every window that holds a day, enumerated -----------------------------------------


def windows_holding(
    day: Date, window: Window, period: tuple[Date, Date]
) -> list[tuple[Date, Date]]:
    """Every window of this kind (first day, last day) that contains ``day``."""
    if window.kind == "registration-period":
        return [period]
    if window.kind == "calendar-year":
        return [(Date(day.year, 1, 1), Date(day.year, 12, 31))]
    assert window.n is not None
    if window.kind == "days":
        return [
            (
                day - dt.timedelta(days=back),
                day - dt.timedelta(days=back) + dt.timedelta(days=window.n - 1),
            )
            for back in range(window.n)
        ]
    # { months = N }: from a day to the day before the same day N months on.
    found = []
    first = add_months(day, -window.n) - ONE_DAY
    while first <= day:
        last = add_months(first, window.n) - ONE_DAY
        if first <= day <= last:
            found.append((first, last))
        first += ONE_DAY
    return found


# -- the allowance ------------------------------------------------------------------------------


def evaluate_profile(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> ProfileEvaluation:
    if profile.agreement.mechanics is not None:
        # The 2003 agreement's Computation Dates, due dates and readings are its own: the
        # reference of READING.md (model/reference/) reads them.
        raise ValueError(f"{profile.id} has mechanics of its own ({profile.agreement.mechanics})")
    period = registration_period(profile, facts, calendars)
    effective, period_end = period

    allowed_days: set[Date] = set()  # allowed days of the suspensions judged so far
    counted_starts: list[Date] = []  # judged starts of earlier suspensions with an allowed day
    outcomes: list[SuspensionOutcome] = []
    breaches: list[LimitBreach] = []
    restricted_runs: list[tuple[str, Date, Date]] = []
    preceding_last: Date | None = None

    for suspension in sorted(facts.suspensions, key=lambda s: (s.start, s.end)):
        first, last = max(suspension.start, effective), min(suspension.end, period_end)
        if first > last:
            outcomes.append(
                SuspensionOutcome(
                    suspension.id, suspension.start, suspension.end, True, None, None, False
                )
            )
            continue
        judging = Judging(
            suspension,
            first,
            preceding_last,
            tuple(counted_starts),
            frozenset(allowed_days),
            period,
            facts,
            calendars,
        )
        broken: list[LimitBreach] = []
        for index, limit in enumerate(profile.allowance.limits):
            message = _whole_suspension_breach(limit, judging)
            if message:
                broken.append(
                    LimitBreach(
                        f"allowance.{limit.kind}", suspension.id, limit.section, index, message
                    )
                )
        restricted_from: Date | None = first if broken else None
        if not broken:
            past, index, message = _first_day_past(profile, judging, last)
            if past is not None:
                limit = profile.allowance.limits[index]
                broken.append(
                    LimitBreach(
                        f"allowance.{limit.kind}", suspension.id, limit.section, index, message
                    )
                )
                restricted_from = first if profile.allowance.excess == "whole" else past
        allowed_end = last if restricted_from is None else restricted_from - ONE_DAY
        allowed_days.update(days_between(first, allowed_end) if allowed_end >= first else [])
        permitted = restricted_from is None or restricted_from > first
        if permitted:
            counted_starts.append(first)
        if restricted_from is not None:
            restricted_runs.append((suspension.id, restricted_from, last))
        outcomes.append(
            SuspensionOutcome(
                suspension.id,
                suspension.start,
                suspension.end,
                False,
                first,
                restricted_from,
                permitted,
            )
        )
        breaches.extend(broken)
        preceding_last = last

    for restriction in facts.restrictions:
        first, last = max(restriction.start, effective), min(restriction.end, period_end)
        if first <= last:
            restricted_runs.append((restriction.id, first, last))

    deadlines = profile_deadlines(profile, facts, calendars)
    payments = profile_payments(profile, facts, calendars, deadlines, restricted_runs)
    return ProfileEvaluation(
        effective,
        period_end,
        deadlines[0],
        deadlines[1],
        tuple(outcomes),
        tuple(breaches),
        payments,
    )


@attrs.frozen
class Judging:
    """What a limit reads of the suspension being judged and of those judged before it."""

    suspension: Suspension
    first: Date  # its first day inside the Registration Period
    preceding_last: Date | None  # the last day of the immediately preceding suspension
    counted_starts: Sequence[Date]  # judged starts of earlier suspensions with an allowed day
    allowed_days: frozenset[Date]  # allowed days of the earlier suspensions
    period: tuple[Date, Date]
    facts: ProfileFacts
    calendars: Calendars


# -- the limits: the reference side (evaluate) of the rows allowance.* of model/rules.py -------


def gap_breach(limit: Limit, j: Judging) -> str | None:
    """``gap``: a suspension begins at least n units after the last day of the preceding one."""
    if j.preceding_last is None:
        return None
    earliest = units_after(j.preceding_last, limit.n, limit.days_unit, j.calendars)
    if j.first < earliest:
        return (
            f"begins {j.first}; the preceding suspension's last day was {j.preceding_last}, "
            f"so the earliest allowed start is {earliest}"
        )
    return None


def notice_breach(limit: Limit, j: Judging) -> str | None:
    """``notice``: advance notice at least n units before the start (READING.md lead-time)."""
    if limit.unless_unlawful and not j.suspension.notice_lawful:
        return None
    n = limit.n + (1 if j.facts.lead_time == "clear-business-days" else 0)
    if j.suspension.advance_notice is None:
        return f"no advance notice was given; {limit.n} {limit.days_unit} are required"
    given = deemed(j.suspension.advance_notice, j.facts, j.calendars)
    earliest = units_after(given, n, limit.days_unit, j.calendars)
    if j.first < earliest:
        return f"notice {given} allows a start no earlier than {earliest}; it began {j.first}"
    return None


def count_breach(limit: Limit, j: Judging) -> str | None:
    """``count``: at most n suspensions begin in any window (every window holding the start)."""
    for window_first, window_last in windows_holding(j.first, limit.measured_in, j.period):
        inside = [s for s in j.counted_starts if window_first <= s <= window_last]
        if len(inside) + 1 > limit.n:
            return (
                f"begins {j.first}, with {len(inside)} earlier suspension(s) in the window "
                f"{window_first} to {window_last}; at most {limit.n} are allowed"
            )
    return None


def length_past(limit: Limit, j: Judging, day: Date) -> str | None:
    """``length``: no suspension longer than n units, its days [first, day] counted."""
    unit = limit.days_unit
    length = sum(1 for d in days_between(j.first, day) if counts_as(unit, d, j.calendars))
    if length > limit.n:
        nth = f"{limit.n + 1}th {unit.removesuffix('s')}"
        return f"its {nth} is {day}; at most {limit.n} are allowed"
    return None


def aggregate_past(limit: Limit, j: Judging, day: Date) -> str | None:
    """``aggregate``: at most n suspended units in every window holding ``day``, the earlier
    suspensions' allowed days and this one's [first, day] together."""
    unit = limit.days_unit
    if not counts_as(unit, day, j.calendars):
        return None
    own = set(days_between(j.first, day))
    counted = [d for d in j.allowed_days | own if counts_as(unit, d, j.calendars)]
    for window_first, window_last in windows_holding(day, limit.measured_in, j.period):
        total = sum(1 for d in counted if window_first <= d <= window_last)
        if total > limit.n:
            return (
                f"{day} would be suspended day {total} in the window "
                f"{window_first} to {window_last}; at most {limit.n} are allowed"
            )
    return None


def _whole_suspension_breach(limit: Limit, j: Judging) -> str | None:
    """Why a count, gap or notice limit is broken (restricting every day), or None: the row's
    ``evaluate`` (model/rules.py)."""
    rule = limit_rule(limit.kind)
    if rule is None or not rule.restricts_whole:
        return None
    message: str | None = rule.evaluate(limit, j)
    return message


def _first_day_past(profile: TermProfile, j: Judging, last: Date) -> tuple[Date | None, int, str]:
    """The first day of [first, last] that would break a length or aggregate limit."""
    rules = [limit_rule(limit.kind) for limit in profile.allowance.limits]
    for day in days_between(j.first, last):
        for index, limit in enumerate(profile.allowance.limits):
            rule = rules[index]
            if rule is None or rule.restricts_whole:
                continue
            message: str | None = rule.evaluate(limit, j, day)
            if message:
                return day, index, message
    return None, -1, ""
