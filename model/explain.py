"""Findings in words: for a rule the model found broken, the dates compared and by how many
business days it missed. The model decides *whether* a rule is broken; this module only says
*how*, from the same calendar arithmetic (READING.md section 1).

Each rule's words are its row's ``explain`` function (:mod:`model.rules`), one signature per
kind: ``(words: SuspensionWords)``, ``(dates, timeline, calendar, interpretation)``,
``(filing, calendar, interpretation)``.
:func:`explain_suspension`, :func:`explain_registration` and :func:`explain_filing` find the
row by its id. The numbers are the agreement's terms (:func:`model.terms.focus_2003`)."""

from __future__ import annotations

import datetime as dt

import attrs

from model.acts import deemed_day
from model.calendars import BusinessCalendar
from model.findings import Note, SuspensionStatus, Violation
from model.interpretations import Interpretation, lead_business_days
from model.registration import RegistrationTimeline
from model.scenario import Filing, RegistrationDates, Suspension
from model.suspensions import notice_business_days, spacing_business_days
from model.terms import focus_2003, spelled, spelled_ordinal

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


def violation(
    rule: str, subject: str, message: str, dates: dict[str, Date], missed: int | None
) -> Violation:
    """A finding of ``rule``, its section read from the rule table."""
    from model.rules import by_id  # the table names this module's functions

    return Violation(
        rule=rule,
        subject=subject,
        section=by_id(rule).section,
        message=message,
        dates=dates,
        missed_by_business_days=missed,
    )


def counted(n: int, unit: str) -> str:
    """A count with its unit, singular for one: "1 day", "5 days"."""
    return f"{n} {unit}" + ("" if n == 1 else "s")


def business_days(n: int) -> str:
    return counted(n, "business day")


def act(dates: dict[str, Date], field: str, given: Date, deemed: Date) -> dict[str, Date]:
    """``dates`` with an act's day as given under ``field``, and the day it is deemed made under
    ``field_deemed`` where they differ (notice-day)."""
    dates[field] = given
    if deemed != given:
        dates[f"{field}_deemed"] = deemed
    return dates


def on_day(given: Date, deemed: Date) -> str:
    """An act's day in words: the day given, and the day it is deemed made where it differs."""
    if deemed == given:
        return str(given)
    return f"{given} (a {given.strftime('%A')}, deemed made on {deemed}, the next business day)"


def too_early(calendar: BusinessCalendar, day: Date, earliest: Date) -> int:
    """Business days in ``[day, earliest)``: how far ``day`` came before the first allowed day."""
    return calendar.bd_count(day, earliest - ONE_DAY)


def too_late(calendar: BusinessCalendar, day: Date, latest: Date) -> int:
    """Business days in ``(latest, day]``: how far ``day`` came after the last allowed day."""
    return calendar.bd_count(latest + ONE_DAY, day)


@attrs.frozen
class SuspensionWords:
    """What a finding of a suspension rule is worded from: the suspension, the one before it,
    the earlier ones that count toward the limit, the calendar, the timeline, the reading."""

    suspension: Suspension
    previous: Suspension | None
    counted_earlier: tuple[SuspensionStatus, ...]
    calendar: BusinessCalendar
    timeline: RegistrationTimeline
    interpretation: Interpretation


# -- the table's explain functions, by kind --------------------------------------------------------


def explain_suspension(
    rule: str,
    suspension: Suspension,
    previous: Suspension | None,
    counted_earlier: list[SuspensionStatus],
    calendar: BusinessCalendar,
    timeline: RegistrationTimeline,
    interpretation: Interpretation,
) -> Violation:
    """The words of a finding of the suspension rule ``rule``: its row's ``explain``."""
    from model.rules import SUSPENSION, by_id

    row = by_id(rule)
    if row.kind != SUSPENSION:
        raise ValueError(rule)
    words = SuspensionWords(
        suspension, previous, tuple(counted_earlier), calendar, timeline, interpretation
    )
    found: Violation = row.explain(words)
    return found


def explain_registration(
    rule: str,
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    """The words of a finding of the registration rule ``rule``: its row's ``explain``."""
    from model.rules import REGISTRATION, by_id

    row = by_id(rule)
    if row.kind != REGISTRATION:
        raise ValueError(rule)
    found: Violation = row.explain(dates, timeline, calendar, interpretation)
    return found


def explain_filing(
    rule: str, filing: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    """The words of a finding of the filing rule ``rule``: its row's ``explain``."""
    from model.rules import FILING, by_id

    row = by_id(rule)
    if row.kind != FILING:
        raise ValueError(rule)
    found: Violation = row.explain(filing, calendar, interpretation)
    return found


# -- 3(h): suspensions ---------------------------------------------------------------------------


def starts_before_effectiveness(w: SuspensionWords) -> Violation:
    s, calendar = w.suspension, w.calendar
    effective = w.timeline.effective_date
    return violation(
        "suspension.before-effective",
        s.id,
        f"{s.id} starts on {s.start}, before the Effective Date {effective}",
        {"start": s.start, "effective_date": effective},
        too_early(calendar, s.start, effective),
    )


def longer_than_fifteen_business_days(w: SuspensionWords) -> Violation:
    s, calendar = w.suspension, w.calendar
    length = calendar.bd_count(s.start, s.end)
    permitted = focus_2003().suspension_length.n
    return violation(
        "suspension.max-length",
        s.id,
        f"{s.id} lasts {business_days(length)} ({s.start} to {s.end}); "
        f"at most {permitted} are permitted",
        {"start": s.start, "end": s.end, "last_permitted_day": _last_permitted(calendar, s.start)},
        length - permitted,
    )


def begins_too_soon_after(w: SuspensionWords) -> Violation:
    s, calendar, interpretation, previous = w.suspension, w.calendar, w.interpretation, w.previous
    assert previous is not None, "min-gap is broken only after a preceding suspension"
    n = spacing_business_days(interpretation.spacing)
    earliest = calendar.bd_after(previous.end, n)
    gap = spelled(focus_2003().suspension_gap.n)
    return violation(
        "suspension.min-gap",
        s.id,
        f"{s.id} starts on {s.start}, less than {gap} business days after {previous.id} ended "
        f"on {previous.end}; the earliest start allowed ({interpretation.spacing}) was "
        f"{earliest}",
        {"start": s.start, "previous_end": previous.end, "earliest_allowed_start": earliest},
        too_early(calendar, s.start, earliest),
    )


def beyond_two_suspensions(w: SuspensionWords) -> Violation:
    s = w.suspension
    names = " and ".join(f"{c.id} ({c.start} to {c.end})" for c in w.counted_earlier)
    limit = focus_2003().suspension_limit.n
    return violation(
        "suspension.max-count",
        s.id,
        f"{s.id} would be a {spelled_ordinal(limit + 1)} suspension: {names} already count "
        f"toward the limit of {spelled(limit)} (count: {w.interpretation.count})",
        {"start": s.start},
        None,
    )


def without_advance_notice(w: SuspensionWords) -> Violation:
    s, calendar, interpretation = w.suspension, w.calendar, w.interpretation
    rule = "suspension.notice"
    if s.advance_notice is None:
        return violation(
            rule,
            s.id,
            f"no advance notice of the Potential Material Event was given before {s.id} "
            f"started on {s.start}",
            {"start": s.start},
            None,
        )
    notice = deemed_day(calendar, s.advance_notice, interpretation.notice_day)
    n = notice_business_days(interpretation.lead_time)
    earliest = calendar.bd_after(notice, n)
    return violation(
        rule,
        s.id,
        f"notice given on {on_day(s.advance_notice, notice)} allows {s.id} to start no "
        f"earlier than {earliest} ({business_days(n)} after it, lead-time: "
        f"{interpretation.lead_time}); it started on {s.start}",
        act(
            {"start": s.start, "earliest_allowed_start": earliest},
            "advance_notice",
            s.advance_notice,
            notice,
        ),
        too_early(calendar, s.start, earliest),
    )


def _last_permitted(calendar: BusinessCalendar, start: Date) -> Date:
    """The last business day of the permitted length from ``start`` (its 15th)."""
    return calendar.day_at(calendar.count_before(start) + focus_2003().suspension_length.n - 1)


# -- 2(a)(i), 3(a), 3(k): the registration's deadlines -------------------------------------------


def filed_after_required_filing_date(
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    rfd = timeline.required_filing_date
    filed = deemed_day(calendar, dates.registration_filed, interpretation.notice_day)
    return violation(
        "filing.deadline",
        "registration",
        f"the Registration Statement was filed on {on_day(dates.registration_filed, filed)}, "
        f"after the Required Filing Date {rfd}",
        act(
            {"required_filing_date": rfd},
            "registration_filed",
            dates.registration_filed,
            filed,
        ),
        too_late(calendar, filed, rfd),
    )


def effective_after_initial_required_effective_date(
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    ired = timeline.initial_required_effective_date
    return violation(
        "effectiveness.deadline",
        "registration",
        f"declared effective on {dates.effective}, after the Initial Required Effective Date "
        f"{ired} (a best-efforts covenant: no payment of its own)",
        {"effective": dates.effective, "initial_required_effective_date": ired},
        too_late(calendar, dates.effective, ired),
    )


def transfer_agent_late(
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    given = dates.transfer_agent_opinion
    assert given is not None
    opinion = deemed_day(calendar, given, interpretation.notice_day)
    within = focus_2003().transfer_agent
    deadline = calendar.bd_after(dates.effective, within.n)
    return violation(
        "transfer-agent.deadline",
        "registration",
        f"the instruction and opinion reached the transfer agent on {on_day(given, opinion)}; "
        f"due by {deadline}, {within.in_words()} after effectiveness on {dates.effective}",
        act({"deadline": deadline}, "transfer_agent_opinion", given, opinion),
        too_late(calendar, opinion, deadline),
    )


# -- 3(c), 3(d): filings --------------------------------------------------------------------------


def _lead_time(
    rule: str,
    f: Filing,
    field: str,
    lead: int,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    """A filing's lead time of ``lead`` business days missed by the act under ``field``."""

    def deemed(day: Date) -> Date:
        return deemed_day(calendar, day, interpretation.notice_day)

    filed = deemed(f.filed)
    n = lead_business_days(lead, interpretation.lead_time)
    who = "the Investors" if field == "investor_notice" else "Investor's Counsel"
    given: Date | None = getattr(f, field)
    # The last business day g with filed >= bd_after(g, n), both as deemed made.
    latest = calendar.latest_notice_day(filed, n)
    if given is None:
        compared = act({}, "filed", f.filed, filed)
        compared[f"latest_{field}"] = latest
        return violation(
            rule,
            f.id,
            f"no {field} given for the {f.kind} {f.id} filed on {on_day(f.filed, filed)}: "
            f"{who} must have it by {latest}",
            compared,
            None,
        )
    had = deemed(given)
    compared = act(act({}, field, given, had), "filed", f.filed, filed)
    compared[f"latest_{field}"] = latest
    return violation(
        rule,
        f.id,
        f"{who} had the {f.kind} {f.id} on {on_day(given, had)}, fewer than "
        f"{business_days(n)} before it was filed on {on_day(f.filed, filed)} (lead-time: "
        f"{interpretation.lead_time}); the latest day was {latest}",
        compared,
        too_late(calendar, had, latest),
    )


def counsel_review_too_short(
    f: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    lead = focus_2003().counsel_review.n
    return _lead_time("counsel-review.lead-time", f, "counsel_copy", lead, calendar, interpretation)


def filing_notice_too_short(
    f: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    lead = focus_2003().filing_notice.n
    return _lead_time(
        "filing-notice.lead-time", f, "investor_notice", lead, calendar, interpretation
    )


def sec_response_too_late(
    f: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    lead = focus_2003().sec_response.n
    return _lead_time("sec-response.lead-time", f, "counsel_copy", lead, calendar, interpretation)


def confirmation_late(
    f: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    rule = "notice-confirmation.deadline"

    def deemed(day: Date) -> Date:
        return deemed_day(calendar, day, interpretation.notice_day)

    filed = deemed(f.filed)
    if f.investor_notice is None:
        return violation(
            rule,
            f.id,
            f"confirmation of the notice for {f.id} was requested, but no investor_notice "
            f"date is given",
            act({}, "filed", f.filed, filed),
            None,
        )
    notice = deemed(f.investor_notice)
    deadline = calendar.bd_after(notice, focus_2003().confirmation.n)
    compared = act({"deadline": deadline}, "investor_notice", f.investor_notice, notice)
    if f.confirmed is None:
        return violation(
            rule,
            f.id,
            f"the notice of {on_day(f.investor_notice, notice)} for {f.id} was never "
            f"confirmed in writing; due by {deadline}",
            compared,
            None,
        )
    confirmed = deemed(f.confirmed)
    return violation(
        rule,
        f.id,
        f"the notice of {on_day(f.investor_notice, notice)} for {f.id} was confirmed on "
        f"{on_day(f.confirmed, confirmed)}; due by {deadline}",
        act(compared, "confirmed", f.confirmed, confirmed),
        too_late(calendar, confirmed, deadline),
    )


def required_filing_date_note(timeline: RegistrationTimeline) -> Note:
    """2(a)(i): "no later than the Required Filing Date (or the next business day following the
    Required Filing Date should such date fall on a weekend)"."""
    rfd = timeline.required_filing_date
    if rfd.weekday() < 5:
        return Note(
            "registration",
            f"the Required Filing Date {rfd} is counted in business days (1(h)), so it is not on "
            "a weekend and the 'next business day ... should such date fall on a weekend' "
            "parenthetical of 2(a)(i) does not move it",
        )
    return Note(
        "registration",
        f"the Required Filing Date {rfd} falls on a {rfd.strftime('%A')} that this scenario's "
        "calendar makes a business day; rrcheck keeps it as the deadline (READING.md section 3) "
        "although 2(a)(i) would allow 'the next business day' for a weekend date",
    )
