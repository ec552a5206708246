"""The Z3 model of a term profile's suspension allowance (CONTRACT.md "Term profiles").

A profile without ``mechanics`` of its own states its allowance as limits (``count``,
``length``, ``aggregate``, ``gap``, ``notice``) in business, trading or calendar days, measured
in windows (the Registration Period, rolling ``{days = N}`` or ``{months = N}``, each calendar
year). The suspensions' days are the model's input; the solver decides, for each suspension in
order of start, which limits it breaks and its first restricted day, from which its allowed
days (and so what later suspensions are judged against) follow. Money stays out of the solver:
the restricted runs read off the model are priced in Decimal by the profile reading's own
money functions (:func:`model.profile_days.profile_payments`).

Encoding (solver variables are calendar-day ordinals; no arrays, no function tables):

- per suspension ``i``: ``past_i``, the first day at which a length or aggregate limit would
  be passed (``last_i + 1`` when none is), ``restricted_i`` its first restricted day
  (``last_i + 1`` when none) and, per unit, ``allowed_units_i``, the unit days of
  ``[first_i, restricted_i - 1]`` (a step count of ``restricted_i`` over the suspension's unit
  days, as :func:`model.solver.step_count` builds it);
- ``past_i`` is the first day that breaks a limit, or ``last_i + 1``: an If-chain over the
  days that may break one, the reading's day-by-day first breach, stated, not searched. Where
  counts read off the calendar decide a day (its own days already past an aggregate's n, or
  the days the earlier suspensions may have allowed too few to reach it) it gets no term, and
  the chain ends at the first day that breaks a limit whatever the verdicts;
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
import z3

from model.allowance_days import AllowanceContext, Judged, UnitDays, _unit_days, window_start
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
from model.solver import SolverSettings, SolverUnknown, check, new_solver, no_answer, step_count

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


# -- the limits: the Z3 side (build) of the rows allowance.* of model/rules.py -------------------


def count_broken(
    limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int
) -> z3.BoolRef:
    """``count``: at most n suspensions (with an allowed day) begin in any window."""
    since = window_start(Date.fromordinal(first), limit.measured_in, ctx.period[0]).toordinal()
    inside = [z3.If(j.permitted, 1, 0) for j in ctx.earlier if j.first >= since]
    return z3.Sum([z3.IntVal(1), *inside]) > limit.n


def gap_broken(
    limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int
) -> z3.BoolRef:
    """``gap``: a suspension begins at least n units after the last day of the preceding one."""
    if ctx.preceding_last is None:
        return z3.BoolVal(False)
    earliest = units_after(
        Date.fromordinal(ctx.preceding_last), limit.n, limit.days_unit, ctx.calendars
    )
    return z3.IntVal(first) < earliest.toordinal()


def notice_broken(
    limit: Limit, ctx: AllowanceContext, suspension: Suspension, first: int
) -> z3.BoolRef:
    """``notice``: advance notice at least n units before the suspension begins."""
    if limit.unless_unlawful and not suspension.notice_lawful:
        return z3.BoolVal(False)
    if suspension.advance_notice is None:
        return z3.BoolVal(True)
    n = limit.n + (1 if ctx.facts.lead_time == "clear-business-days" else 0)
    given = deemed(suspension.advance_notice, ctx.facts, ctx.calendars)
    return z3.IntVal(first) < units_after(given, n, limit.days_unit, ctx.calendars).toordinal()


def length_breaks_at(limit: Limit, ctx: AllowanceContext, first: int, day: int) -> z3.BoolRef:
    """``length``: no suspension longer than n units (its days [first, day] counted)."""
    own = ctx.unit_days.count(limit.days_unit, first, day)
    return z3.BoolVal(own > limit.n)


def aggregate_breaks_at(limit: Limit, ctx: AllowanceContext, first: int, day: int) -> z3.BoolRef:
    """``aggregate``: at most n suspended units in any window, all suspensions together.

    Checked at ``day`` in the window from ``w(day)`` (module docstring): the allowed unit days
    of earlier suspensions there, and the unit days of [max(first, w(day)), day]. Decided by
    counts where the calendar decides it: broken whatever the earlier suspensions' verdicts
    when this suspension's own days pass n, and never when they could not pass n even with
    every day of the earlier ones that may be allowed (through ``allowed_through``) counted."""
    unit = limit.days_unit
    if not ctx.unit_days.count(unit, day, day):
        return z3.BoolVal(False)  # a day not of the unit adds nothing to any window
    since = ctx.unit_days.window_start(day, limit.measured_in, ctx.period[0])
    own = ctx.unit_days.count(unit, max(first, since), day)
    if own > limit.n:
        return z3.BoolVal(True)
    most = own
    earlier: list[tuple[Judged, int]] = []
    for j in ctx.earlier:
        if j.allowed_through < since:
            continue
        # allowed unit days of j from `since` on = its allowed units less those before `since`
        earlier.append((j, ctx.unit_days.count(unit, j.first, since - 1)))
        most += ctx.unit_days.count(unit, max(j.first, since), j.allowed_through)
    if most <= limit.n:
        return z3.BoolVal(False)
    if len(earlier) == 1:  # own <= n, so the one If's 0 branch never passes n: one comparison
        (j, before), = earlier
        return j.allowed_units[unit] > before + limit.n - own
    terms = [
        z3.If(j.allowed_units[unit] > before, j.allowed_units[unit] - before, 0)
        for j, before in earlier
    ]
    return z3.Sum([z3.IntVal(own), *terms]) > limit.n


# -- the model ----------------------------------------------------------------------------------


@attrs.frozen
class AllowanceModel:
    """The constraints of one fixed schedule under one profile, and the terms to read."""

    profile: TermProfile
    facts: ProfileFacts
    calendars: Calendars
    period: tuple[Date, Date]
    judged: tuple[Judged, ...]
    outside: tuple[Suspension, ...]
    constraints: tuple[z3.BoolRef, ...]


def build_model(profile: TermProfile, facts: ProfileFacts, calendars: Calendars) -> AllowanceModel:
    if profile.agreement.mechanics is not None:
        raise ValueError(f"{profile.id} has mechanics of its own ({profile.agreement.mechanics})")
    period = registration_period(profile, facts, calendars)
    constraints: list[z3.BoolRef] = []
    judged: list[Judged] = []
    outside: list[Suspension] = []
    limits = profile.allowance.limits
    units = sorted({limit.days_unit for limit in limits if limit.kind == "aggregate"})
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
        name = f"{suspension.id}@{len(judged)}"
        whole: dict[int, z3.BoolRef] = {}
        day_rules: list[tuple[int, Rule]] = []
        for index, limit in enumerate(limits):
            rule = limit_rule(limit.kind)
            if rule is None:
                continue  # a kind with no row in the table is not checked
            if rule.restricts_whole:
                broken = z3.Bool(f"{name}.{index}.broken")
                constraints.append(broken == rule.build(limit, ctx, suspension, first))
                whole[index] = broken
            else:
                day_rules.append((index, rule))

        def breaks_at(
            index: int, day: int, ctx: AllowanceContext = ctx, first: int = first
        ) -> z3.BoolRef:
            rule = limit_rule(limits[index].kind)
            if rule is None or rule.restricts_whole:
                return z3.BoolVal(False)
            breach: z3.BoolRef = rule.build(limits[index], ctx, first, day)
            return breach

        past = z3.Int(f"{name}.past")
        restricted = z3.Int(f"{name}.restricted")
        # The days that may break a limit: a day breaking none whatever the earlier
        # suspensions' verdicts gets no term; at a day that breaks one whatever they are (e.g.
        # the (n + 1)th of a length limit) the walk stops, as no later day can be the first.
        breach: dict[int, z3.BoolRef] = {}
        certain = last + 1  # the first day that breaks a limit whatever the verdicts
        for k in range(first, last + 1) if day_rules else ():
            terms = [rule.build(limits[i], ctx, first, k) for i, rule in day_rules]
            if any(z3.is_true(t) for t in terms):
                certain = k
                break
            terms = [t for t in terms if not z3.is_false(t)]
            if terms:
                breach[k] = terms[0] if len(terms) == 1 else z3.Or(terms)
        # past: the first day that breaks a limit, or last + 1 (an If-chain over those days)
        first_breach: z3.ArithRef = z3.IntVal(certain)
        for k in sorted(breach, reverse=True):
            first_breach = z3.If(breach[k], k, first_breach)
        constraints.append(past == first_breach)
        any_whole = z3.Or(list(whole.values())) if whole else z3.BoolVal(False)
        beyond = first if profile.allowance.excess == "whole" else past
        constraints.append(
            restricted == z3.If(any_whole, first, z3.If(past <= last, beyond, last + 1))
        )
        allowed_units: dict[str, z3.ArithRef] = {}
        for unit in units:
            counted = z3.Int(f"{name}.allowed.{unit}")
            if unit == "calendar-days":
                constraints.append(counted == restricted - first)
            else:
                # unit days k of the suspension with k < restricted, i.e. k + 1 <= restricted
                # (restricted <= certain, so no later day can be counted)
                steps = [k + 1 for k in _unit_days(unit, first, certain - 1, calendars)]
                constraints.append(counted == step_count(restricted, steps))
            allowed_units[unit] = counted
        judged.append(
            Judged(
                suspension,
                first,
                last,
                past,
                restricted,
                whole,
                breaks_at,
                allowed_units,
                allowed_through=certain - 1,
            )
        )
        preceding_last = last
    return AllowanceModel(
        profile, facts, calendars, period, tuple(judged), tuple(outside), tuple(constraints)
    )


def evaluate(
    profile: TermProfile,
    facts: ProfileFacts,
    calendars: Calendars,
    settings: SolverSettings | None = None,
) -> ProfileEvaluation:
    """The profile's verdict on a fixed schedule, from the Z3 model; payments in Decimal."""
    model = build_model(profile, facts, calendars)
    solver = new_solver(settings or SolverSettings())
    solver.add(list(model.constraints))
    result = check(solver)
    if result == z3.unknown:
        raise SolverUnknown(f"the solver gave no answer: {no_answer(solver, settings)}")
    if result == z3.unsat:  # a fixed schedule has exactly one verdict
        raise RuntimeError("the allowance model of a fixed schedule has no solution")
    return read_evaluation(model, solver.model())


def read_evaluation(model: AllowanceModel, m: z3.ModelRef) -> ProfileEvaluation:
    def value(term: z3.ExprRef) -> int:
        return int(m.eval(term, model_completion=True).as_long())  # type: ignore[attr-defined]

    def true(term: z3.BoolRef) -> bool:
        return z3.is_true(m.eval(term, model_completion=True))

    limits = model.profile.allowance.limits
    outcomes: dict[str, SuspensionOutcome] = {}
    judged_breaks: list[tuple[Judged, list[int], int]] = []
    runs: list[tuple[str, Date, Date]] = []
    for s in model.outside:
        outcomes[s.id] = SuspensionOutcome(s.id, s.start, s.end, True, None, None, False)
    for j in model.judged:
        restricted = value(j.restricted)
        past = value(j.past)
        broken = [i for i in sorted(j.whole) if true(j.whole[i])]
        if not broken and past <= j.last:
            broken = [next(i for i in range(len(limits)) if true(j.breaks_at(i, past)))]
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
    restricted_days = {j.suspension.id: value(j.restricted) for j in model.judged}
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
