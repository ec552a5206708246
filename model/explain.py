"""Findings in words: for a rule the model found broken, the dates compared and by how many
business days it missed. The model decides *whether* a rule is broken; this module only says
*how*, from the same calendar arithmetic (READING.md section 1)."""

from __future__ import annotations

import datetime as dt

from model.acts import deemed_day
from model.calendars import BusinessCalendar
from model.findings import Note, SuspensionStatus, Violation
from model.interpretations import Interpretation, lead_business_days
from model.registration import RegistrationTimeline
from model.rules import RULES_BY_ID
from model.scenario import Filing, RegistrationDates, Suspension
from model.suspensions import notice_business_days, spacing_business_days

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


def violation(
    rule: str, subject: str, message: str, dates: dict[str, Date], missed: int | None
) -> Violation:
    """A finding of ``rule``, its section read from the rule table."""
    return Violation(
        rule=rule,
        subject=subject,
        section=RULES_BY_ID[rule].section,
        message=message,
        dates=dates,
        missed_by_business_days=missed,
    )


def business_days(n: int) -> str:
    return f"{n} business day" + ("" if n == 1 else "s")


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


def explain_suspension(
    rule: str,
    suspension: Suspension,
    previous: Suspension | None,
    counted_earlier: list[SuspensionStatus],
    calendar: BusinessCalendar,
    timeline: RegistrationTimeline,
    interpretation: Interpretation,
) -> Violation:
    s = suspension
    if rule == "suspension.before-effective":
        effective = timeline.effective_date
        return violation(
            rule,
            s.id,
            f"{s.id} starts on {s.start}, before the Effective Date {effective}",
            {"start": s.start, "effective_date": effective},
            too_early(calendar, s.start, effective),
        )
    if rule == "suspension.max-length":
        length = calendar.bd_count(s.start, s.end)
        return violation(
            rule,
            s.id,
            f"{s.id} lasts {business_days(length)} ({s.start} to {s.end}); "
            "at most 15 are permitted",
            {"start": s.start, "end": s.end, "last_permitted_day": _fifteenth(calendar, s.start)},
            length - 15,
        )
    if rule == "suspension.min-gap":
        assert previous is not None, "min-gap is broken only after a preceding suspension"
        n = spacing_business_days(interpretation.spacing)
        earliest = calendar.bd_after(previous.end, n)
        return violation(
            rule,
            s.id,
            f"{s.id} starts on {s.start}, less than ten business days after {previous.id} ended "
            f"on {previous.end}; the earliest start allowed ({interpretation.spacing}) was "
            f"{earliest}",
            {"start": s.start, "previous_end": previous.end, "earliest_allowed_start": earliest},
            too_early(calendar, s.start, earliest),
        )
    if rule == "suspension.max-count":
        names = " and ".join(f"{c.id} ({c.start} to {c.end})" for c in counted_earlier)
        return violation(
            rule,
            s.id,
            f"{s.id} would be a third suspension: {names} already count toward the limit of two "
            f"(count: {interpretation.count})",
            {"start": s.start},
            None,
        )
    if rule == "suspension.notice":
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
    raise ValueError(rule)


def _fifteenth(calendar: BusinessCalendar, start: Date) -> Date:
    return calendar.day_at(calendar.count_before(start) + 14)


def explain_registration(
    rule: str,
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
) -> Violation:
    if rule == "filing.deadline":
        rfd = timeline.required_filing_date
        filed = deemed_day(calendar, dates.registration_filed, interpretation.notice_day)
        return violation(
            rule,
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
    if rule == "effectiveness.deadline":
        ired = timeline.initial_required_effective_date
        return violation(
            rule,
            "registration",
            f"declared effective on {dates.effective}, after the Initial Required Effective Date "
            f"{ired} (a best-efforts covenant: no payment of its own)",
            {"effective": dates.effective, "initial_required_effective_date": ired},
            too_late(calendar, dates.effective, ired),
        )
    if rule == "transfer-agent.deadline":
        given = dates.transfer_agent_opinion
        assert given is not None
        opinion = deemed_day(calendar, given, interpretation.notice_day)
        deadline = calendar.bd_after(dates.effective, 5)
        return violation(
            rule,
            "registration",
            f"the instruction and opinion reached the transfer agent on {on_day(given, opinion)}; "
            f"due by {deadline}, 5 business days after effectiveness on {dates.effective}",
            act({"deadline": deadline}, "transfer_agent_opinion", given, opinion),
            too_late(calendar, opinion, deadline),
        )
    raise ValueError(rule)


def explain_filing(
    rule: str, filing: Filing, calendar: BusinessCalendar, interpretation: Interpretation
) -> Violation:
    f = filing

    def deemed(day: Date) -> Date:
        return deemed_day(calendar, day, interpretation.notice_day)

    filed = deemed(f.filed)
    if rule in ("counsel-review.lead-time", "sec-response.lead-time", "filing-notice.lead-time"):
        n = lead_business_days(
            1 if rule == "sec-response.lead-time" else 3, interpretation.lead_time
        )
        field = "investor_notice" if rule == "filing-notice.lead-time" else "counsel_copy"
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
    if rule == "notice-confirmation.deadline":
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
        deadline = calendar.bd_after(notice, 1)
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
    raise ValueError(rule)


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
