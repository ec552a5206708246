"""What stands in the way of a planned suspension, and what bounds a better answer, in words.

The model says which rule instances and bounds they are (:mod:`model.planning`); this module
puts each in the agreement's terms with its dates: an obstacle of a question with no answer
(:class:`~checks.answers.Obstacle`), worked out by plain arithmetic on the calendar, and a
bound on ``find``'s optimum (:class:`~checks.answers.Bound`), read off the optimal witness.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from checks.answers import Bound, Obstacle
from model.calendars import BusinessCalendar
from model.context import ScenarioContext, scenario_context
from model.findings import SuspensionStatus, Verdict
from model.registration import RegistrationPeriod
from model.rules import RULES_BY_ID
from model.scenario import DateRange, LengthRange, PlannedSuspension, Scenario
from model.suspensions import notice_business_days, spacing_business_days
from model.terms import focus_2003

Date = dt.date


def obstacle(
    key: str,
    core: Sequence[str],
    context: ScenarioContext,
    scenario: Scenario,
    baseline: Verdict | None = None,
) -> Obstacle:
    """One member of a core of what stands in the way, in words. ``baseline`` is the verdict
    of the file without its planned suspensions (``find`` has it): the suspensions it counts
    say why a planned one would be a third."""
    rule, _, subject = key.partition(":")
    period = context.timeline.registration_period
    if rule == "bounds":
        planned = next(p for p in scenario.planned_suspensions if p.id == subject)
        text = _bounds_obstacle(planned, core, context, scenario)
    elif rule == "registration-period":
        text = (
            f"{subject} must start by the end of the Registration Period on {period.end} "
            f"({period.ended_by})"
        )
    elif rule == "suspension.max-count":
        assert baseline is not None, "a rule's obstacle comes from find, which has the baseline"
        counted = [s for s in baseline.suspensions if s.counts]
        names = " and ".join(s.id for s in counted)
        # "Already used" only when every placement comes after them: a plan that could come
        # before one of them would make that one the third, so it would be the third itself.
        last = max((s.start for s in counted), default=None)
        earlier = [p.id for p in scenario.planned_suspensions if last and p.start.earliest < last]
        if len(counted) < 2:
            why = f"{subject} would be a third counted suspension"
        elif earlier:
            why = (
                f"{names} are the two Permitted Suspension Periods allowed, and "
                f"{' or '.join(earlier)} would be a third"
            )
        else:
            why = f"the two Permitted Suspension Periods are already used by {names}"
        text = f"{RULES_BY_ID[rule].summary}: {why}"
    elif rule in RULES_BY_ID:
        text = f"{RULES_BY_ID[rule].summary} (Section {RULES_BY_ID[rule].section}), for {subject}"
    else:
        text = key
    return Obstacle(key, rule, subject, text)


def bounds_obstacles(
    core: list[str] | str | None, context: ScenarioContext
) -> tuple[Obstacle, ...]:
    """A core over the planned suspensions' bounds in words; nothing when the solver gave no
    core."""
    if core is None or isinstance(core, str):
        return ()
    return tuple(obstacle(key, core, context, context.scenario) for key in core)


def _bounds_obstacle(
    planned: PlannedSuspension, core: Sequence[str], context: ScenarioContext, scenario: Scenario
) -> str:
    """Why a planned suspension's bounds admit no placement, as specifically as they allow: a
    window with no business day in it; bounds that no placement on business days meets; or
    bounds it meets only where it would overlap another suspension."""
    calendar = context.calendar
    windows = [("start", planned.start)] + ([("end", planned.end)] if planned.end else [])
    for name, window in windows:
        if calendar.bd_count(window.earliest, window.latest) == 0:
            return (
                f"{planned.id} must {name} on a business day, and its {name} window "
                f"{_window(window)} holds none"
            )
    given = bounds_given(planned)
    reach = _reach(planned, calendar)
    if reach is None:
        return (
            f"the bounds given for {planned.id} ({'; '.join(given)}) cannot all be met by a "
            "start and an end on business days"
        )
    # Its bounds alone are met: what is in the way is another suspension within its reach.
    first, last = reach
    in_the_way = [
        s.id for s in scenario.fixed_suspensions if s.start <= last and s.end >= first
    ] + [key.partition(":")[2] for key in core if key != f"bounds:{planned.id}"]
    return (
        f"{planned.id} can be placed within its bounds ({'; '.join(given)}) only where it "
        f"would overlap {' or '.join(in_the_way) or 'another suspension'}"
    )


def bounds_given(planned: PlannedSuspension) -> list[str]:
    """A planned suspension's own bounds in words, one phrase each (the 2003 agreement's
    ``find`` and ``worst-case`` and a term profile's ``find`` say them alike)."""
    given = [f"start {_window(planned.start)}"]
    if planned.end is not None:
        given.append(f"end {_window(planned.end)}")
    if planned.length is not None:
        given.append(f"length {_lengths(planned.length)}")
    if planned.covers:
        given.append("covering " + ", ".join(d.isoformat() for d in planned.covers))
    return given


def _reach(planned: PlannedSuspension, calendar: BusinessCalendar) -> tuple[Date, Date] | None:
    """The first and last day any placement within ``planned``'s own bounds could occupy
    (READING.md section 1: starts and ends on business days, counted by business-day index),
    or None when no placement meets them."""
    first_start = calendar.count_before(planned.start.earliest)
    last_start = calendar.count_through(planned.start.latest) - 1
    low_end, high_end = 0, len(calendar.business_days) - 1
    if planned.end is not None:
        low_end = calendar.count_before(planned.end.earliest)
        high_end = calendar.count_through(planned.end.latest) - 1
    for day in planned.covers:
        last_start = min(last_start, calendar.count_through(day) - 1)
        low_end = max(low_end, calendar.count_before(day))
    shortest, longest = (
        (1, high_end + 1)
        if planned.length is None
        else (
            planned.length.min,
            planned.length.max,
        )
    )
    starts = [
        start
        for start in range(first_start, last_start + 1)
        if max(low_end, start + shortest - 1) <= min(high_end, start + longest - 1)
    ]
    if not starts:
        return None
    last_end = min(high_end, starts[-1] + longest - 1)
    return calendar.day_at(starts[0]), calendar.day_at(last_end)


def _window(window: DateRange) -> str:
    if window.earliest == window.latest:
        return window.earliest.isoformat()
    return f"{window.earliest.isoformat()} to {window.latest.isoformat()}"


def _lengths(length: LengthRange) -> str:
    if length.min == length.max:
        return f"{length.min} business day(s)"
    return f"{length.min} to {length.max} business days"


def bound(key: str, witness: Verdict, scenario: Scenario) -> Bound:
    """One member of the core in the agreement's terms, with the dates of the witness."""
    context = scenario_context(scenario)
    calendar = context.calendar
    rule, _, subject = key.partition(":")
    by_id = {s.id: s for s in witness.suspensions}
    planned = {p.id: p for p in scenario.planned_suspensions}
    period = witness.timeline.registration_period
    interpretation = scenario.interpretation
    if rule.startswith("plan."):
        return _own_bound(rule, subject, planned[subject], by_id[subject], calendar, period)
    if rule == "registration-period":
        return Bound(
            "plan.registration-period",
            subject,
            "3(a)",
            period.end,
            period.end,
            f"the end of the Registration Period {period.end} ({period.ended_by}), 3(a)",
        )
    section = RULES_BY_ID[rule].section
    if rule == "suspension.min-gap":
        gap = spacing_business_days(interpretation.spacing)
        ordered = sorted((s for s in witness.suspensions if not s.outside), key=lambda s: s.start)
        if subject in planned:
            earlier = [s for s in ordered if s.start < by_id[subject].start]
            if earlier:
                previous = earlier[-1]
                limit = calendar.bd_after(previous.end, gap)
                return Bound(
                    rule,
                    previous.id,
                    section,
                    previous.end,
                    limit,
                    f"the {_nth(gap)} business day after {previous.id}'s last day "
                    f"{previous.end}, {section}",
                )
        else:
            later = by_id[subject]
            limit = calendar.day_at(calendar.count_through(later.start) - 1 - gap)
            return Bound(
                rule,
                subject,
                section,
                later.start,
                limit,
                f"the {_nth(gap)} business day before {subject}'s first day {later.start}: "
                f"the suspension before it must end by {limit}, {section}",
            )
    if rule == "suspension.max-length" and subject in by_id:
        start = by_id[subject].start
        length = focus_2003().suspension_length.n
        limit = calendar.day_at(calendar.count_before(start) + length - 1)
        return Bound(
            rule,
            subject,
            section,
            start,
            limit,
            f"the {_nth(length)} business day of {subject} from its first day {start} "
            f"({limit}), {section}",
        )
    if rule == "suspension.notice" and planned.get(subject) is not None:
        notice = planned[subject].advance_notice
        if notice is not None:
            lead = notice_business_days(interpretation.lead_time)
            limit = calendar.bd_after(notice, lead)
            return Bound(
                rule,
                subject,
                section,
                notice,
                limit,
                f"the {_nth(lead)} business day after {subject}'s advance notice {notice}, "
                f"{section}",
            )
    if rule == "suspension.before-effective":
        effective = scenario.dates.effective
        return Bound(
            rule,
            "registration",
            section,
            effective,
            effective,
            f"the Effective Date {effective}, {section}",
        )
    if rule == "suspension.max-count" and subject in by_id:
        start = by_id[subject].start
        counted = [s.id for s in witness.suspensions if s.counts and s.start < start]
        return Bound(
            rule,
            subject,
            section,
            start,
            None,
            f"up to two suspension periods: {subject} from {start} must not be a third "
            f"(counted before it: {', '.join(counted) or 'none'}), {section}",
        )
    return Bound(rule, subject, section, None, None, f"{RULES_BY_ID[rule].summary}, {section}")


def _own_bound(
    rule: str,
    subject: str,
    planned: PlannedSuspension,
    placed: SuspensionStatus,
    calendar: BusinessCalendar,
    period: RegistrationPeriod,
) -> Bound:
    """A planned suspension's own bound (``plan.start-window.latest`` and the like): the file's
    date, and the business day it allows."""
    kind, _, which = rule.removeprefix("plan.").partition(".")
    name = f"plan.{kind}"
    if kind == "start-window":
        day = planned.start.earliest if which == "earliest" else planned.start.latest
        edge = "opens" if which == "earliest" else "closes"
        limit: Date | int = (
            calendar.next_business_day_on_or_after(day)
            if which == "earliest"
            else calendar.day_at(calendar.count_through(day) - 1)
        )
        return Bound(name, subject, None, day, limit, f"{subject}'s start window {edge} {day}")
    if kind == "end-window" and planned.end is not None:
        day = planned.end.earliest if which == "earliest" else planned.end.latest
        edge = "opens" if which == "earliest" else "closes"
        return Bound(name, subject, None, day, day, f"{subject}'s end window {edge} {day}")
    if kind == "length" and planned.length is not None:
        n = planned.length.min if which == "min" else planned.length.max
        most = "at least" if which == "min" else "at most"
        return Bound(
            name,
            subject,
            None,
            placed.end,
            n,
            f"{subject}'s length of {most} {n} business day(s) (to {placed.end})",
        )
    if kind == "covers":
        day = Date.fromisoformat(which)
        return Bound(name, subject, None, day, day, f"{subject} must include {day}")
    first, last = calendar.business_days[0], calendar.business_days[-1]
    day = first if which == "first" else last
    return Bound(
        "plan.calendar",
        subject,
        None,
        day,
        day,
        f"the {calendar.name} calendar, which covers {first} to {last}",
    )


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
