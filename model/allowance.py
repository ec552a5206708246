"""The Z3 model of a term profile's suspension allowance (CONTRACT.md "Term profiles").

A profile without ``mechanics`` of its own states its allowance as limits (``count``,
``length``, ``aggregate``, ``gap``, ``notice``) in business, trading or calendar days, measured
in windows (the Registration Period, rolling ``{days = N}`` or ``{months = N}``, each calendar
year). The suspensions' days are the model's input; the model decides, for each suspension in
order of start, which limits it breaks and its first restricted day, from which its allowed
days (and so what later suspensions are judged against) follow. Money stays out of the solver:
the restricted runs read off the model are priced in Decimal by the profile reading's own
money functions (:func:`model.profile_days.profile_payments`).

Here each limit of each suspension is judged with the calendar's counts (:func:`judge`, the
rows' ``build``): a breach the counts decide is a bool, one that turns on the earlier
suspensions' verdicts a :class:`~model.allowance_days.Threshold` over what it reads of them.
The verdicts themselves are the Z3 model's, built once for the schedule's shape and the facts
bound to it (:mod:`model.allowance_bound`). The reading, in integers (calendar-day ordinals):

- per suspension ``i``: ``past_i``, the first day at which a length or aggregate limit would
  be passed (``last_i + 1`` when none is), ``restricted_i`` its first restricted day
  (``last_i + 1`` when none) and, per unit, its allowed days of that unit, those of
  ``[first_i, restricted_i - 1]``;
- ``past_i`` is the first day that breaks a limit, or ``last_i + 1``: an If-chain over the
  days that may break one, the reading's day-by-day first breach, stated, not searched. Where
  counts read off the calendar decide a day (its own days already past an aggregate's n, or
  the days the earlier suspensions may have allowed too few to reach it) it is not in the
  chain, and the chain ends at the first day that breaks a limit whatever the verdicts. The
  walk that finds those days starts at the first day a length or aggregate row says it may
  break (``earliest_breach``: the (n + 1)th unit day, or the (n - E + 1)th with E the unit
  days the earlier suspensions may allow in its windows); each day before breaks none;
- a rolling window is checked at each day ``k`` by the one window that dominates every window
  holding ``k``: the window ``[w(k), ...]`` with the earliest start ``w(k)`` whose end is still
  ``k`` or later. Every day counted when ``k`` is judged is ``k`` or earlier (suspensions are
  judged in order of start and do not overlap; the one being judged counts only up to ``k``),
  so a window holding ``k`` counts the days of ``[its start, k]``, a subset of ``[w(k), k]``,
  and ``[w(k), k]`` is the counted part of a window that holds ``k``. The largest count of any
  window holding ``k`` is therefore the count of ``[w(k), k]``, for calendar, business and
  trading units alike (no argument about where windows start is needed);
- ``count`` is the same argument at a suspension's first day: the earlier starts all lie at or
  before it.
"""

from __future__ import annotations

import datetime as dt

import attrs

from model.allowance_bound import Verdict, bound_allowance, shape_of
from model.allowance_days import (
    AllowanceContext,
    Breach,
    Judged,
    Threshold,
    UnitDays,
    window_start,
)
from model.allowance_words import Reading
from model.profile_days import (
    Calendars,
    LimitBreach,
    ProfileEvaluation,
    ProfileFacts,
    SuspensionOutcome,
    deemed,
    profile_deadlines,
    profile_payments,
    registration_period,
    units_after,
)
from model.profiles import Limit, TermProfile
from model.rules import Rule, limit_rule
from model.scenario import Suspension

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


# -- the limits: the model's side (build) of the rows allowance.* of model/rules.py --------------


def count_broken(limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int) -> Breach:
    """``count``: at most n suspensions (with an allowed day) begin in any window."""
    since = window_start(Date.fromordinal(first), limit.measured_in, ctx.period[0]).toordinal()
    # 1 + the permitted earlier ones that begin in the window > n
    return Threshold(
        "permitted", limit.n - 1, tuple(0 if j.first >= since else None for j in ctx.earlier)
    )


def gap_broken(limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int) -> Breach:
    """``gap``: a suspension begins at least n units after the last day of the preceding one."""
    if ctx.preceding_last is None:
        return False
    earliest = units_after(
        Date.fromordinal(ctx.preceding_last), limit.n, limit.days_unit, ctx.calendars
    )
    return first < earliest.toordinal()


def notice_broken(
    limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int
) -> Breach:
    """``notice``: advance notice at least n units before the suspension begins."""
    if limit.unless_unlawful and not suspension.notice_lawful:
        return False
    if suspension.advance_notice is None:
        return True
    n = limit.n + (1 if ctx.facts.lead_time == "clear-business-days" else 0)
    given = deemed(suspension.advance_notice, ctx.facts, ctx.calendars)
    return first < units_after(given, n, limit.days_unit, ctx.calendars).toordinal()


def length_breaks_at(limit: Limit, ctx: AllowanceContext, first: int, day: int) -> Breach:
    """``length``: no suspension longer than n units (its days [first, day] counted)."""
    return ctx.unit_days.count(limit.days_unit, first, day) > limit.n


def length_earliest_breach(limit: Limit, ctx: AllowanceContext, first: int) -> int:
    """The first day :func:`length_breaks_at` may break: its (n + 1)th unit day, which it
    breaks whatever the verdicts; no day before it breaks."""
    return ctx.unit_days.nth_from(limit.days_unit, first, limit.n + 1)


def aggregate_breaks_at(limit: Limit, ctx: AllowanceContext, first: int, day: int) -> Breach:
    """``aggregate``: at most n suspended units in any window, all suspensions together.

    Checked at ``day`` in the window from ``w(day)`` (module docstring): the allowed unit days
    of earlier suspensions there, and the unit days of [max(first, w(day)), day]. Decided by
    counts where the calendar decides it: broken whatever the earlier suspensions' verdicts
    when this suspension's own days pass n, and never when they could not pass n even with
    every day of the earlier ones that may be allowed (through ``allowed_through``) counted.
    Otherwise the allowed unit days of an earlier one from ``w(day)`` on are its allowed units
    less those before ``w(day)``, which the Threshold subtracts."""
    unit = limit.days_unit
    if not ctx.unit_days.count(unit, day, day):
        return False  # a day not of the unit adds nothing to any window
    since = ctx.unit_days.window_start(day, limit.measured_in, ctx.period[0])
    own = ctx.unit_days.count(unit, max(first, since), day)
    if own > limit.n:
        return True
    most = own
    before: list[int | None] = []
    for j in ctx.earlier:
        if j.allowed_through < since:
            before.append(None)
            continue
        before.append(ctx.unit_days.count(unit, j.first, since - 1))
        most += ctx.unit_days.count(unit, max(j.first, since), j.allowed_through)
    if most <= limit.n:
        return False
    return Threshold(unit, limit.n - own, tuple(before))


def aggregate_earliest_breach(limit: Limit, ctx: AllowanceContext, first: int) -> int:
    """The first day :func:`aggregate_breaks_at` may break, or may turn on the verdicts: the
    (n - E + 1)th unit day from ``first``, E the unit days the earlier suspensions may allow
    from ``w(first)`` on (through ``allowed_through``). At a day ``k >= first`` the window
    checked starts at ``w(k) >= w(first)`` (``w`` does not decrease), so it counts at most the
    unit days of [first, k] and E: while those are n - E or fewer, the day is False."""
    unit = limit.days_unit
    since = ctx.unit_days.window_start(first, limit.measured_in, ctx.period[0])
    earlier = sum(
        ctx.unit_days.count(unit, max(j.first, since), j.allowed_through) for j in ctx.earlier
    )
    return ctx.unit_days.nth_from(unit, first, max(1, limit.n - earlier + 1))


# -- the schedule judged ------------------------------------------------------------------------


@attrs.frozen
class AllowanceModel:
    """One fixed schedule under one profile, each suspension's limits judged (:class:`Judged`):
    what the model of its shape binds and the words of findings read."""

    profile: TermProfile
    facts: ProfileFacts
    calendars: Calendars
    period: tuple[Date, Date]
    judged: tuple[Judged, ...]
    outside: tuple[Suspension, ...]


def judge(profile: TermProfile, facts: ProfileFacts, calendars: Calendars) -> AllowanceModel:
    if profile.agreement.mechanics is not None:
        raise ValueError(f"{profile.id} has mechanics of its own ({profile.agreement.mechanics})")
    period = registration_period(profile, facts, calendars)
    judged: list[Judged] = []
    outside: list[Suspension] = []
    limits = profile.allowance.limits
    preceding_last: int | None = None
    unit_days = UnitDays(calendars)
    for suspension in sorted(facts.suspensions, key=lambda s: (s.start, s.end)):
        first = max(suspension.start, period[0]).toordinal()
        last = min(suspension.end, period[1]).toordinal()
        if first > last:
            outside.append(suspension)
            continue
        ctx = AllowanceContext(
            profile, facts, calendars, period, tuple(judged), preceding_last, unit_days
        )
        whole: dict[int, Breach] = {}
        day_rules: list[tuple[int, Rule]] = []
        for index, limit in enumerate(limits):
            rule = limit_rule(limit.kind)
            if rule is None:
                continue  # a kind with no row in the table is not checked
            if rule.restricts_whole:
                whole[index] = rule.build(limit, ctx, suspension, first)
            else:
                day_rules.append((index, rule))
        # The days that may break a limit: a day breaking none whatever the earlier
        # suspensions' verdicts is left out; at a day that breaks one whatever they are (e.g.
        # the (n + 1)th of a length limit) the walk stops, as no later day can be the first.
        # Each row says the first day it may break; every day before the earliest of those
        # breaks none, so the walk starts there (it would leave those days out anyway).
        days: list[tuple[int, dict[int, Breach]]] = []
        certain, at_certain = last + 1, {}
        start = min(
            (
                first
                if rule.earliest_breach is None
                else rule.earliest_breach(limits[i], ctx, first)
                for i, rule in day_rules
            ),
            default=last + 1,
        )
        for k in range(max(first, start), last + 1):
            breaches = {i: rule.build(limits[i], ctx, first, k) for i, rule in day_rules}
            if any(b is True for b in breaches.values()):
                certain, at_certain = k, breaches
                break
            if any(b is not False for b in breaches.values()):
                days.append((k, breaches))
        judged.append(Judged(suspension, first, last, whole, tuple(days), certain, at_certain))
        preceding_last = last
    return AllowanceModel(profile, facts, calendars, period, tuple(judged), tuple(outside))


def evaluate(profile: TermProfile, facts: ProfileFacts, calendars: Calendars) -> ProfileEvaluation:
    """The profile's verdict on a fixed schedule, from the Z3 model of its shape with its facts
    bound (no solver is asked, so nothing can time out); payments in Decimal."""
    model = judge(profile, facts, calendars)
    verdicts = bound_allowance(shape_of(model)).solve(model)
    return read_evaluation(model, verdicts)


def read_evaluation(model: AllowanceModel, verdicts: tuple[Verdict, ...]) -> ProfileEvaluation:
    """The evaluation from each judged suspension's verdict (in order of start)."""
    outcomes: dict[str, SuspensionOutcome] = {}
    judged_breaks: list[tuple[Judged, list[int], int]] = []
    runs: list[tuple[str, Date, Date]] = []
    for s in model.outside:
        outcomes[s.id] = SuspensionOutcome(s.id, s.start, s.end, True, None, None, False)
    for j, verdict in zip(model.judged, verdicts, strict=True):
        restricted, past = verdict.restricted, verdict.past
        broken = list(verdict.whole)
        if not broken and past <= j.last:
            broken = [verdict.at_past[0]]  # the first limit broken at its first day past one
        judged_breaks.append((j, broken, past))
        restricted_from = None if restricted > j.last else Date.fromordinal(restricted)
        if restricted_from is not None:
            runs.append((j.suspension.id, restricted_from, Date.fromordinal(j.last)))
        outcomes[j.suspension.id] = SuspensionOutcome(
            j.suspension.id,
            j.suspension.start,
            j.suspension.end,
            False,
            Date.fromordinal(j.first),
            restricted_from,
            restricted > j.first,
        )
    restricted_days = {
        j.suspension.id: v.restricted for j, v in zip(model.judged, verdicts, strict=True)
    }
    breaches = [
        explain_breach(model, j, index, past, restricted_days)
        for j, broken, past in judged_breaks
        for index in broken
    ]
    for restriction in model.facts.restrictions:
        first = max(restriction.start, model.period[0])
        last = min(restriction.end, model.period[1])
        if first <= last:
            runs.append((restriction.id, first, last))
    ordered = sorted(model.facts.suspensions, key=lambda s: (s.start, s.end))
    deadlines = profile_deadlines(model.profile, model.facts, model.calendars)
    payments = profile_payments(model.profile, model.facts, model.calendars, deadlines, runs)
    return ProfileEvaluation(
        model.period[0],
        model.period[1],
        deadlines[0],
        deadlines[1],
        tuple(outcomes[s.id] for s in ordered),
        tuple(breaches),
        payments,
    )


def explain_breach(
    model: AllowanceModel, j: Judged, index: int, past: int, restricted: dict[str, int]
) -> LimitBreach:
    """Which limit, which dates, and by how much."""
    limit = model.profile.allowance.limits[index]
    rule = limit_rule(limit.kind)
    assert rule is not None  # only a row's limits are built, and so broken
    message: str = rule.explain(limit, Reading(model, j, past, restricted))
    return LimitBreach(rule.id, j.suspension.id, limit.section, index, message)
