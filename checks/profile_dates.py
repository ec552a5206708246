"""Every day a user must act on or watch under a term profile, for ``rrcheck calendar`` and
``rrcheck timeline`` (CONTRACT.md "Term profiles"); the 2003 agreement's are
:mod:`checks.deadlines`.

Nothing here decides a limit. Each suspension's allowed and restricted days are the verdict's
(:func:`checks.allowance.validate_profile`, the Z3 model of the profile's allowance); the
deadlines and the Registration Period are :mod:`model.profile_days`'s; the days after a
suspension (the earliest next start, the units left in each window, the notice day) are
:mod:`checks.profile_windows`'s.

Each entry names the profile's section and words (a limit without ``words`` gives its
description).
"""

from __future__ import annotations

import datetime as dt

import attrs

from checks.allowance import ProfileVerdict, validate_profile
from checks.deadline_kinds import (
    ADVANCE_NOTICE,
    ALLOWANCE_LEFT,
    EARLIEST_NEXT_SUSPENSION,
    EFFECTIVENESS_DEADLINE,
    FILING_DEADLINE,
    KINDS,
    REGISTRATION_PERIOD_END,
    RESTRICTED_FROM,
    SUSPENSION_END,
    SUSPENSION_START,
    Deadline,
)
from checks.profile_windows import (
    NextStart,
    WindowLeft,
    first_of_kind,
    latest_notice_day,
    next_start,
    window_left,
)
from model.explain import on_day
from model.profile_days import (
    Calendars,
    ProfileFacts,
    SuspensionOutcome,
    days_between,
    deemed,
)
from model.profile_scenarios import profile_facts
from model.profiles import Limit, Span, TermProfile
from model.scenario import ProfileScenario, Suspension
from model.solver import SolverSettings

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class ProfileDates:
    """Everything the calendar and the timeline show for one scenario under a term profile."""

    scenario: ProfileScenario
    verdict: ProfileVerdict
    calendars: Calendars
    deadlines: tuple[Deadline, ...]
    next_starts: tuple[NextStart, ...]
    windows: tuple[WindowLeft, ...]

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def profile(self) -> TermProfile:
        return self.verdict.profile

    @property
    def readings(self) -> dict[str, str]:
        """The READING.md terms a profile's reading uses, as the file reads them."""
        interpretation = self.scenario.interpretation.as_dict()
        return {term: interpretation[term] for term in ("notice-day", "lead-time")}


def profile_dates(
    scenario: ProfileScenario, settings: SolverSettings | None = None
) -> ProfileDates:
    """Validate the scenario under its profile and list every dated act and watch date."""
    verdict = validate_profile(scenario, settings)
    facts, calendars = profile_facts(scenario)
    profile, e = verdict.profile, verdict.evaluation
    period = (e.registration_period_start, e.registration_period_end)
    given = {s.id: s for s in scenario.fixed_suspensions}
    lead_time = scenario.interpretation.lead_time
    deadlines: list[Deadline] = list(_registration_deadlines(verdict, facts, calendars))
    next_starts: list[NextStart] = []
    windows: list[WindowLeft] = []
    allowed: list[Date] = []  # allowed days of the suspensions so far
    counted: list[Date] = []  # judged first days of suspensions with an allowed day
    broken: dict[str, Limit] = {}
    for v in reversed(e.violations):  # the first finding of each suspension
        broken[v.subject] = profile.allowance.limits[v.limit]
    for outcome in e.suspensions:
        s = given[outcome.id]
        deadlines += _suspension_deadlines(
            profile, s, outcome, (facts, calendars), lead_time, broken.get(s.id)
        )
        if outcome.outside or outcome.judged_from is None:
            continue
        last = min(outcome.end, e.registration_period_end)
        allowed_last = (
            last if outcome.restricted_from is None else outcome.restricted_from - ONE_DAY
        )
        allowed += (
            days_between(outcome.judged_from, allowed_last)
            if allowed_last >= outcome.judged_from
            else []
        )
        if outcome.permitted:
            counted.append(outcome.judged_from)
        day = last + ONE_DAY
        if day > e.registration_period_end:
            continue  # no further suspension day inside the Registration Period
        for index, limit in enumerate(profile.allowance.limits):
            if limit.kind in ("count", "aggregate"):
                left = window_left(
                    limit, index, outcome.id, day, allowed, counted, period, calendars
                )
                windows.append(left)
                deadlines.append(_left_deadline(profile, limit, left))
        found = next_start(
            profile, outcome.id, last, allowed, counted, period, calendars, lead_time
        )
        if found is not None:
            next_starts.append(found)
            deadlines.append(_next_deadline(profile, found))
    ordered = tuple(sorted(deadlines, key=lambda d: (d.date, KINDS.index(d.kind), d.subject)))
    keys = [(d.kind, d.subject) for d in ordered]
    if len(set(keys)) != len(keys):  # the calendar's UIDs would collide
        raise RuntimeError(f"two deadlines share a kind and subject: {sorted(keys)}")
    return ProfileDates(scenario, verdict, calendars, ordered, tuple(next_starts), tuple(windows))


# -- the words ----------------------------------------------------------------------------------


def _given(day: Date, facts: ProfileFacts, calendars: Calendars) -> str:
    """An act's day as the file gives it, and the deemed day beside it where notice-day moved
    it (READING.md section 1), as the findings say it."""
    return on_day(day, deemed(day, facts, calendars))


def limit_words(limit: Limit) -> str:
    """The clause's words, or the limit in plain words where the profile gives none."""
    return limit.words or limit.describe()


def _span_words(span: Span, what: str) -> str:
    return span.words or f"{what}: {span.describe()}"


def _allowance_words(profile: TermProfile) -> tuple[str, str]:
    allowance = profile.allowance
    words = allowance.words or (
        f"a suspension meeting every limit is a {allowance.term}: "
        + "; ".join(limit.describe() for limit in allowance.limits)
    )
    return allowance.section, words


# -- the registration ---------------------------------------------------------------------------


def _registration_deadlines(
    verdict: ProfileVerdict, facts: ProfileFacts, calendars: Calendars
) -> tuple[Deadline, ...]:
    profile, e, dates = verdict.profile, verdict.evaluation, verdict.scenario.dates.named()
    late = {x.rule: f"; {x.days_late} calendar day(s) late ({x.rule})" for x in verdict.late}
    out: list[Deadline] = []
    filing = profile.deadlines.filing
    if filing is not None and e.filing_deadline is not None:
        filed = dates.get("registration_filed")
        out.append(
            Deadline(
                e.filing_deadline,
                FILING_DEADLINE,
                "registration",
                filing.section,
                _span_words(filing, "file the registration statement"),
                "File the registration statement: filing deadline",
                f"{filing.describe()} ({filing.after} {dates[filing.after]}); "
                + (f"filed {_given(filed, facts, calendars)}" if filed else "no filing date given")
                + late.get("filing.deadline", ""),
            )
        )
    effectiveness = profile.deadlines.effectiveness
    if effectiveness is not None and e.effectiveness_deadline is not None:
        out.append(
            Deadline(
                e.effectiveness_deadline,
                EFFECTIVENESS_DEADLINE,
                "registration",
                effectiveness.section,
                _span_words(effectiveness, "the registration statement declared effective"),
                "Registration statement declared effective: effectiveness deadline",
                f"{effectiveness.describe()} ({effectiveness.after} "
                f"{dates[effectiveness.after]}); effective {dates['effective']}"
                + late.get("effectiveness.deadline", ""),
            )
        )
    period = profile.registration_period
    ended_by = [
        name.replace("_", " ")
        for name in ("rule_144k", "no_longer_own")
        if dates.get(name) == e.registration_period_end
    ]
    out.append(
        Deadline(
            e.registration_period_end,
            REGISTRATION_PERIOD_END,
            "registration",
            period.section,
            _span_words(period.ends, "the Registration Period"),
            "Last day of the Registration Period",
            f"from the effective date {e.registration_period_start}; ended by "
            + (", ".join(ended_by) if ended_by else period.ends.describe()),
        )
    )
    return tuple(out)


# -- each suspension ------------------------------------------------------------------------------


def _suspension_deadlines(
    profile: TermProfile,
    s: Suspension,
    outcome: SuspensionOutcome,
    days: tuple[ProfileFacts, Calendars],
    lead_time: str,
    broken: Limit | None,
) -> list[Deadline]:
    """The notice day, start, end and first restricted day of one suspension; ``broken``, the
    first limit it breaks (the verdict's), gives the restricted day's section and words."""
    facts, calendars = days
    term = profile.allowance.term
    section, words = _allowance_words(profile)
    out: list[Deadline] = []
    notice = first_of_kind(profile, "notice")
    if notice is not None and not outcome.outside and outcome.judged_from is not None:
        index, limit = notice
        if s.notice_lawful or not limit.unless_unlawful:
            latest = latest_notice_day(limit, outcome.judged_from, calendars, lead_time)
            given = (
                f"notice given {_given(s.advance_notice, facts, calendars)}"
                if s.advance_notice
                else "no notice given"
            )
            out.append(
                Deadline(
                    latest,
                    ADVANCE_NOTICE,
                    s.id,
                    limit.section or section,
                    limit_words(limit),
                    f"Give advance notice for suspension {s.id}: last day",
                    f"{_units(limit.n, limit.days_unit)} before {s.id} starts on "
                    f"{outcome.judged_from} (lead-time: {lead_time}); {given}",
                )
            )
    out.append(
        Deadline(
            s.start,
            SUSPENSION_START,
            s.id,
            section,
            words,
            f"Suspension {s.id} begins: the Investors may not sell",
            days_of(profile, outcome),
        )
    )
    length = first_of_kind(profile, "length")
    end_section, end_words = (
        (length[1].section or section, limit_words(length[1])) if length else (section, words)
    )
    out.append(
        Deadline(
            s.end,
            SUSPENSION_END,
            s.id,
            end_section,
            end_words,
            f"Suspension {s.id} ends: the last day the Investors may not sell",
            f"{(s.end - s.start).days + 1} calendar day(s) from {s.start}; the Investors may "
            f"sell from {s.end + ONE_DAY}",
        )
    )
    if outcome.restricted_from is not None and not outcome.outside:
        r_section, r_words = (
            (broken.section or section, limit_words(broken)) if broken else (section, words)
        )
        allowed = (
            f"allowed ({term}) through {outcome.restricted_from - ONE_DAY}; "
            if outcome.permitted
            else "no day allowed; "
        )
        out.append(
            Deadline(
                outcome.restricted_from,
                RESTRICTED_FROM,
                s.id,
                r_section,
                r_words,
                f"Suspension {s.id}: first restricted day, damages accrue",
                f"{allowed}restricted from {outcome.restricted_from} through "
                f"{outcome.end}" + (f" ({broken.describe()})" if broken else ""),
            )
        )
    return out


def days_of(profile: TermProfile, outcome: SuspensionOutcome) -> str:
    """Which of a suspension's days are allowed and which restricted."""
    term = profile.allowance.term
    days = (outcome.end - outcome.start).days + 1
    parts = [f"{days} calendar day(s), {outcome.start} to {outcome.end}"]
    if outcome.outside:
        parts.append("outside the Registration Period: no limit, no count, no payment")
        return "; ".join(parts)
    if outcome.judged_from is not None and outcome.judged_from > outcome.start:
        parts.append(f"judged from {outcome.judged_from}, its first day in the Registration Period")
    if outcome.restricted_from is None:
        parts.append(f"every day allowed ({term})")
    elif outcome.permitted:
        through = outcome.restricted_from - ONE_DAY
        parts.append(
            f"allowed ({term}) through {through}; restricted from {outcome.restricted_from}"
        )
    else:
        parts.append(f"restricted on every day from {outcome.restricted_from}")
    return "; ".join(parts)


def _units(n: int, unit: str) -> str:
    words = unit.replace("-", " ")
    return f"{n} {words.removesuffix('s') if n == 1 else words}"


# -- after each suspension ------------------------------------------------------------------------


def _left_deadline(profile: TermProfile, limit: Limit, left: WindowLeft) -> Deadline:
    section, _ = _allowance_words(profile)
    if limit.kind == "count":
        what, used = "suspension(s)", f"{left.used} counted suspension(s) begin"
    else:
        unit = limit.days_unit.replace("-", " ")
        what, used = unit, f"{left.used} allowed {unit} lie"
    window = limit.measured_in.words()
    return Deadline(
        left.day,
        ALLOWANCE_LEFT,
        f"{left.after}, limit {left.limit + 1}",
        limit.section or section,
        limit_words(limit),
        f"After {left.after}: {left.left} of {limit.n} {what} left ({limit.kind}, {window})",
        f"{used} in the window from {left.window_first} to {left.day - ONE_DAY}; "
        f"{limit.describe()}",
    )


def _next_deadline(profile: TermProfile, found: NextStart) -> Deadline:
    section, words = _allowance_words(profile)
    limits = profile.allowance.limits
    if found.bound_by:
        first = limits[found.bound_by[0]]
        section, words = first.section or section, limit_words(first)
    why = "; ".join(limits[i].describe() for i in found.bound_by) or "the day after it ends"
    notice = f"; give notice by {found.notice_by} to begin then" if found.notice_by else ""
    return Deadline(
        found.earliest,
        EARLIEST_NEXT_SUSPENSION,
        found.after,
        section,
        words,
        f"Earliest day a suspension may begin after {found.after}",
        f"{found.after}'s last day {found.last}; {why}{notice}",
    )
