"""Every day a user must act on or watch, for ``rrcheck calendar`` and ``rrcheck timeline``.

Nothing here decides a rule. The dates come from what ``validate`` computes (the
:class:`~model.findings.Verdict`: the registration timeline, each suspension's Permitted
Suspension Period and restricted days, the payments) and from the business-day arithmetic of
:mod:`model.calendars` with the lead times the model's rules use (:mod:`model.suspensions`,
:mod:`model.notices`). The agreement's words come from the rule table (:data:`RULES_BY_ID`), or,
for the two dates no rule checks (the end of the Registration Period and the day a Periodic
Amount is payable), from the docstring of the model function that computes them: one copy of
the words either way.

A scenario with planned suspensions is validated without them: its fixed suspensions, filings
and payments give the events, and each planned suspension gives its window and the latest
advance-notice day for its earliest and its latest start (``notice_by``). The kinds of deadline
and the classes of the answer are :mod:`checks.deadline_kinds` (named here too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs

from checks.deadline_kinds import (
    ADVANCE_NOTICE,
    ADVANCE_NOTICE_EARLIEST_START,
    ADVANCE_NOTICE_LATEST_START,
    COUNSEL_COPY,
    EARLIEST_NEXT_SUSPENSION,
    INITIAL_REQUIRED_EFFECTIVE_DATE,
    INVESTOR_NOTICE,
    KINDS,
    NOTICE_CONFIRMATION,
    PAYMENT_DUE,
    REGISTRATION_PERIOD_END,
    REQUIRED_FILING_DATE,
    SEC_RESPONSE_COPY,
    SUSPENSION_END,
    SUSPENSION_START,
    TRANSFER_AGENT,
    Deadline,
    PlannedWindow,
    ScheduleDates,
    SpacingGap,
)
from checks.validate import validate
from model import payments, registration
from model.acts import deemed_day
from model.calendars import BusinessCalendar
from model.context import scenario_context
from model.findings import Payment, SuspensionStatus, Verdict
from model.interpretations import Interpretation, lead_business_days
from model.rules import FILING, RULES_BY_ID, Rule, of_kind
from model.scenario import Filing, PlannedSuspension, Scenario, Suspension
from model.solver import SolverSettings
from model.suspensions import notice_business_days, spacing_business_days
from model.terms import AgreementTerms, Term, focus_2003

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


def schedule_dates(scenario: Scenario, settings: SolverSettings | None = None) -> ScheduleDates:
    """Validate the scenario's fixed schedule and list every dated act and watch date of it."""
    fixed = attrs.evolve(scenario, suspensions=scenario.fixed_suspensions)
    context = scenario_context(fixed)
    verdict = validate(fixed, settings, context=context)
    calendar = context.calendar
    reading = scenario.interpretation
    planned = tuple(_planned_window(p, calendar, reading) for p in scenario.planned_suspensions)
    spacing = _spacing_gaps(verdict, calendar)
    deadlines = (
        _registration_deadlines(scenario, verdict, calendar)
        + _suspension_deadlines(scenario, verdict, calendar, spacing)
        + _planned_deadlines(planned, reading)
        + tuple(d for f in scenario.filings for d in _filing_deadlines(f, calendar, reading))
        + tuple(_payment_deadline(p) for p in verdict.payments)
    )
    ordered = tuple(sorted(deadlines, key=lambda d: (d.date, KINDS.index(d.kind), d.subject)))
    keys = [(d.kind, d.subject) for d in ordered]
    if len(set(keys)) != len(keys):  # the calendar's UIDs would collide
        raise RuntimeError(f"two deadlines share a kind and subject: {sorted(keys)}")
    return ScheduleDates(scenario, verdict, calendar, ordered, spacing, planned)


# -- the agreement's words ---------------------------------------------------------------------


def _rule(rule_id: str) -> tuple[str, str]:
    """The section and the words of a rule, from the one rule table."""
    rule = RULES_BY_ID[rule_id]
    return rule.section, rule.words


def quoted_after(function: Callable[..., object], section: str) -> str:
    """The quotation that follows ``section:`` in a function's docstring, whitespace folded.

    For the dates no rule checks, whose words sit in the docstring of the model function that
    computes them (STYLE.md point 1)."""
    flat = " ".join((function.__doc__ or "").split())
    found = re.search(re.escape(section) + r':[^"]*"(.+?)"(?=[\s.,;:]|$)', flat)
    if found is None:
        raise ValueError(f"no words for {section} in {function.__qualname__}'s docstring")
    return found.group(1).strip()


def registration_period_words() -> tuple[str, str]:
    return "3(a)", quoted_after(registration.registration_period, "3(a)")


def payment_due_words() -> tuple[str, str]:
    # The due dates of every Periodic Amount are computed, and quoted, in one place.
    return "2(b)(iv)", quoted_after(payments._schedule, "2(b)(iv)")


# -- the events ---------------------------------------------------------------------------------


def _registration_deadlines(
    scenario: Scenario,
    verdict: Verdict,
    calendar: BusinessCalendar,
    terms: AgreementTerms = focus_2003(),
) -> tuple[Deadline, ...]:
    dates = scenario.dates
    timeline = verdict.timeline
    period = timeline.registration_period
    out = []
    section, words = _rule("filing.deadline")
    out.append(
        Deadline(
            timeline.required_filing_date,
            REQUIRED_FILING_DATE,
            "registration",
            section,
            words,
            "File the Registration Statement: Required Filing Date",
            f"bd_after(quarterly report filed {dates.quarterly_report_filed}, "
            f"{terms.filing_deadline.n}) (1(h)); "
            f"filed {dates.registration_filed}",
        )
    )
    section, words = _rule("effectiveness.deadline")
    out.append(
        Deadline(
            timeline.initial_required_effective_date,
            INITIAL_REQUIRED_EFFECTIVE_DATE,
            "registration",
            section,
            words,
            "Registration Statement declared effective: Initial Required Effective Date",
            f"SEC notice {dates.sec_clearance_notice} + {terms.effectiveness_deadline.in_words()}; "
            f"effective {dates.effective}",
        )
    )
    section, words = _rule("transfer-agent.deadline")
    given = dates.transfer_agent_opinion
    out.append(
        Deadline(
            calendar.bd_after(dates.effective, terms.transfer_agent.n),
            TRANSFER_AGENT,
            "registration",
            section,
            words,
            "Deliver the instruction and opinion to the transfer agent: last day",
            f"bd_after(Effective Date {dates.effective}, {terms.transfer_agent.n}); "
            + (f"delivered {given}" if given else "no delivery date given"),
        )
    )
    section, words = registration_period_words()
    out.append(
        Deadline(
            period.end,
            REGISTRATION_PERIOD_END,
            "registration",
            section,
            words,
            "Last day of the Registration Period",
            f"from the Effective Date {period.start}; ended by {period.ended_by}",
        )
    )
    return tuple(out)


def _spacing_gaps(verdict: Verdict, calendar: BusinessCalendar) -> tuple[SpacingGap, ...]:
    """After every suspension inside the Registration Period, the earliest day the next may
    begin, while that day is inside it too: the rule does not reach a suspension that starts
    after the Registration Period ends."""
    n = spacing_business_days(verdict.interpretation.spacing)
    period = verdict.timeline.registration_period
    gaps = (SpacingGap(s.id, s.end, calendar.bd_after(s.end, n)) for s in verdict.suspensions)
    return tuple(g for g in gaps if g.earliest_next_start <= period.end)


def _suspension_deadlines(
    scenario: Scenario,
    verdict: Verdict,
    calendar: BusinessCalendar,
    spacing: tuple[SpacingGap, ...],
    terms: AgreementTerms = focus_2003(),
) -> tuple[Deadline, ...]:
    given = {s.id: s for s in scenario.fixed_suspensions}
    gaps = {g.subject: g for g in spacing}
    out: list[Deadline] = []
    for status in verdict.suspensions:
        s = given[status.id]
        if not status.outside and s.notice_lawful:
            out.append(_notice_deadline(s, status, calendar, scenario.interpretation))
        section, words = _rule("suspension.before-effective")
        out.append(
            Deadline(
                s.start,
                SUSPENSION_START,
                s.id,
                section,
                words,
                f"Suspension {s.id} begins: the Investors may not sell",
                _days_of(status),
            )
        )
        section, words = _rule("suspension.max-length")
        out.append(
            Deadline(
                s.end,
                SUSPENSION_END,
                s.id,
                section,
                words,
                f"Suspension {s.id} ends: the last day the Investors may not sell",
                f"{status.business_days} business day(s) from {s.start}; the Investors may sell "
                f"from {s.end + ONE_DAY}",
            )
        )
        gap = gaps.get(s.id)
        if gap is not None:
            section, words = _rule("suspension.min-gap")
            counted = [t.id for t in verdict.suspensions if t.counts and t.start <= s.start]
            limit = (
                f"; {' and '.join(counted)} already count toward the limit of "
                f"{terms.suspension_limit.spelled()}, so a further suspension would not be a "
                "Permitted Suspension Period"
                if len(counted) >= terms.suspension_limit.n
                else ""
            )
            n = spacing_business_days(verdict.interpretation.spacing)
            out.append(
                Deadline(
                    gap.earliest_next_start,
                    EARLIEST_NEXT_SUSPENSION,
                    s.id,
                    section,
                    words,
                    f"Earliest day a suspension may begin after {s.id}",
                    f"bd_after({s.id} end {s.end}, {n}) "
                    f"(spacing: {verdict.interpretation.spacing}){limit}",
                )
            )
    return tuple(out)


def _notice_deadline(
    s: Suspension, status: SuspensionStatus, calendar: BusinessCalendar, reading: Interpretation
) -> Deadline:
    section, words = _rule("suspension.notice")
    n = notice_business_days(reading.lead_time)
    # The last business day g with start >= bd_after(g, n): a notice given on it is deemed
    # given that day under either notice-day reading.
    latest = calendar.latest_notice_day(s.start, n)
    given = f"notice given {s.advance_notice}" if s.advance_notice else "no notice given"
    return Deadline(
        latest,
        ADVANCE_NOTICE,
        s.id,
        section,
        words,
        f"Give advance notice of the Potential Material Event for suspension {s.id}: last day",
        f"{n} business days before {s.id} starts on {s.start} (lead-time: {reading.lead_time}); "
        f"{given}",
    )


def _days_of(status: SuspensionStatus) -> str:
    """Which of a suspension's days are a Permitted Suspension Period and which restricted."""
    parts = [f"{status.business_days} business day(s), {status.start} to {status.end}"]
    if status.outside:
        parts.append("starts after the Registration Period: outside the agreement's limits")
        return "; ".join(parts)
    if status.permitted:
        parts.append(f"Permitted Suspension Period {status.start} to {status.permitted_until}")
    else:
        parts.append("no Permitted Suspension Period")
    if status.restricted_from is not None:
        parts.append(f"restricted from {status.restricted_from} (2(b))")
    return "; ".join(parts)


def _planned_window(
    p: PlannedSuspension, calendar: BusinessCalendar, reading: Interpretation
) -> PlannedWindow:
    """The bounds the file gives, on business days (the model's planned variables are
    business-day indices); ``covers`` is not applied."""
    first_start = calendar.next_business_day_on_or_after(p.start.earliest)
    last_start = calendar.day_at(calendar.count_through(p.start.latest) - 1)
    first_end, last_end = first_start, None
    if p.length is not None:
        first_end = calendar.day_at(calendar.count_before(first_start) + p.length.min - 1)
        last_end = calendar.day_at(calendar.count_before(last_start) + p.length.max - 1)
    if p.end is not None:
        first_end = max(first_end, calendar.next_business_day_on_or_after(p.end.earliest))
        bounded = calendar.day_at(calendar.count_through(p.end.latest) - 1)
        last_end = bounded if last_end is None else min(last_end, bounded)
    assert last_end is not None, "loading requires end, length or both"
    lawful = p.notice_lawful
    n = notice_business_days(reading.lead_time)
    return PlannedWindow(
        id=p.id,
        first_start=first_start,
        last_start=last_start,
        first_end=first_end,
        last_end=max(last_end, first_end),
        notice_by_first_start=calendar.latest_notice_day(first_start, n) if lawful else None,
        notice_by_last_start=calendar.latest_notice_day(last_start, n) if lawful else None,
        advance_notice=p.advance_notice,
    )


def _planned_deadlines(
    planned: tuple[PlannedWindow, ...], reading: Interpretation
) -> tuple[Deadline, ...]:
    section, words = _rule("suspension.notice")
    n = notice_business_days(reading.lead_time)  # the lead the reading requires
    out: list[Deadline] = []
    for w in planned:
        if w.notice_by_first_start is None or w.notice_by_last_start is None:
            continue
        given = f"; notice given {w.advance_notice}" if w.advance_notice else ""
        ends = [(ADVANCE_NOTICE_EARLIEST_START, "earliest", w.first_start)]
        if w.last_start != w.first_start:
            ends.append((ADVANCE_NOTICE_LATEST_START, "latest", w.last_start))
        for kind, which, start in ends:
            notice_by = (
                w.notice_by_first_start if start == w.first_start else w.notice_by_last_start
            )
            out.append(
                Deadline(
                    notice_by,
                    kind,
                    w.id,
                    section,
                    words,
                    f"Give advance notice for planned suspension {w.id} if it starts on its "
                    f"{which} start {start}: last day",
                    f"notice_by: {n} business days before {start}; planned start window "
                    f"{w.first_start} to {w.last_start}{given}",
                )
            )
    return tuple(out)


# The deadline a filing rule asks a user to act by, if any.
_FilingDeadline = Callable[
    [Filing, Rule, BusinessCalendar, Interpretation, AgreementTerms], "Deadline | None"
]


def _act_before_filing(
    kind: str, field: str, summary: str, lead: Callable[[AgreementTerms], Term]
) -> _FilingDeadline:
    """A lead-time rule's deadline: the last day for the act under ``field``, at least
    ``lead`` business days (under lead-time) before the filing as deemed made."""

    def deadline(
        filing: Filing,
        rule: Rule,
        calendar: BusinessCalendar,
        reading: Interpretation,
        terms: AgreementTerms,
    ) -> Deadline | None:
        filed = deemed_day(calendar, filing.filed, reading.notice_day)
        n = lead_business_days(lead(terms).n, reading.lead_time)
        given: Date | None = getattr(filing, field)
        return Deadline(
            calendar.latest_notice_day(filed, n),
            kind,
            filing.id,
            rule.section,
            rule.words,
            summary.format(id=filing.id, kind=filing.kind),
            f"{n} business day(s) before it is filed on {filing.filed}; "
            + (f"{field} {given}" if given else f"no {field} given"),
        )

    return deadline


def _confirmation_deadline(
    filing: Filing,
    rule: Rule,
    calendar: BusinessCalendar,
    reading: Interpretation,
    terms: AgreementTerms,
) -> Deadline | None:
    if filing.investor_notice is None:
        return None
    n = terms.confirmation.n
    notice = deemed_day(calendar, filing.investor_notice, reading.notice_day)
    confirmed = f"confirmed {filing.confirmed}" if filing.confirmed else "not confirmed"
    return Deadline(
        calendar.bd_after(notice, n),
        NOTICE_CONFIRMATION,
        filing.id,
        rule.section,
        rule.words,
        f"Confirm in writing the notice of {filing.id}: last day",
        f"bd_after(investor notice {filing.investor_notice}, {n}); confirmation "
        f"requested {filing.confirmation_requested}; {confirmed}",
    )


# The day each of the table's filing rules asks a user to act by.
_FILING_DEADLINES: dict[str, _FilingDeadline] = {
    "counsel-review.lead-time": _act_before_filing(
        COUNSEL_COPY,
        "counsel_copy",
        "Send {id} ({kind}) to Investor's Counsel for review: last day",
        lambda terms: terms.counsel_review,
    ),
    "filing-notice.lead-time": _act_before_filing(
        INVESTOR_NOTICE,
        "investor_notice",
        "Notify the Investors that {id} ({kind}) is to be filed: last day",
        lambda terms: terms.filing_notice,
    ),
    "notice-confirmation.deadline": _confirmation_deadline,
    "sec-response.lead-time": _act_before_filing(
        SEC_RESPONSE_COPY,
        "counsel_copy",
        "Send the response to SEC comments {id} to Investor's Counsel: last day",
        lambda terms: terms.sec_response,
    ),
}


def _filing_deadlines(
    filing: Filing,
    calendar: BusinessCalendar,
    reading: Interpretation,
    terms: AgreementTerms = focus_2003(),
) -> tuple[Deadline, ...]:
    """The table's filing rules that apply to a filing, as dates: each act counted from the day
    it is deemed made (notice-day), each lead time under lead-time."""
    out: list[Deadline] = []
    for rule in of_kind(FILING):
        if rule.applies(filing) and rule.id in _FILING_DEADLINES:
            found = _FILING_DEADLINES[rule.id](filing, rule, calendar, reading, terms)
            if found is not None:
                out.append(found)
    return tuple(out)


def _payment_deadline(p: Payment) -> Deadline:
    section, words = payment_due_words()
    reason = (
        "late filing" if p.trigger == payments.LATE_FILING else f"restricted days of {p.subject}"
    )
    return Deadline(
        p.due,
        PAYMENT_DUE,
        f"{p.subject}, {p.investor}, to {p.computation_date}",
        section,
        words,
        f"Pay {p.investor} the Periodic Amount of {p.amount:,.2f} for {reason}",
        f"{p.days} day(s) from {p.restricted_sale_date} to the Computation Date "
        f"{p.computation_date}",
    )
