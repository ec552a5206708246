"""Dated obligations of 2(a)(i), 3(a), 3(c), 3(d) and 3(k): filing and effectiveness
deadlines, counsel review, notices to Investors, the transfer agent (READING.md section 6).

Each rule builds the Z3 condition under which its subject breaks it, over a
:class:`NoticeContext`: ``build(context)`` for the registration's deadlines, ``build(context,
filing)`` for a filing's; the rule table (:mod:`model.rules`) names them. The dates are facts
(inputs, never planned), so the conditions are over constants; they sit in the same model as
3(h) so that every finding comes out of one place. "At least N business days before X" is
``X >= bd_after(d, N)``, i.e. ``through(X) >= through(d) + N`` (``N + 1`` under lead-time =
clear-business-days); "no later than N business days after d" is ``X <= bd_after(d, N)``, i.e.
``before(X) <= through(d) + N - 1``. Every act is taken on the day it is deemed made
(interpretation notice-day, :mod:`model.acts`); moving ``X`` to the next business day never
changes ``before(X)``, so a deadline "no later than" is met or missed alike under both readings
of notice-day, while a lead time is not.
"""

from __future__ import annotations

import datetime as dt

import attrs
import z3

from model.acts import act_term
from model.calendars import BusinessCalendar
from model.registration import RegistrationTimeline, required_filing_date
from model.scenario import Filing, RegistrationDates
from model.suspensions import Readings
from model.terms import AgreementTerms, focus_2003

Date = dt.date

COUNSEL_REVIEW_KINDS = frozenset(
    {
        "registration-statement",
        "amendment",
        "post-effective-amendment",
        "prospectus",
        "prospectus-supplement",
    }
)
FILING_NOTICE_KINDS = frozenset({"prospectus", "prospectus-supplement", "post-effective-amendment"})

# The lead times under the names the other modules import: read from the terms, not copies.
COUNSEL_REVIEW_BUSINESS_DAYS = focus_2003().counsel_review.n
FILING_NOTICE_BUSINESS_DAYS = focus_2003().filing_notice.n
SEC_RESPONSE_BUSINESS_DAYS = focus_2003().sec_response.n
TRANSFER_AGENT_BUSINESS_DAYS = focus_2003().transfer_agent.n


@attrs.frozen
class NoticeContext:
    """What the model gives the rules of 2(a)(i), 3(a), 3(c), 3(d) and 3(k)."""

    dates: RegistrationDates
    timeline: RegistrationTimeline
    calendar: BusinessCalendar
    readings: Readings
    terms: AgreementTerms


# -- which subjects a rule reaches --------------------------------------------------------------


def reviewed_by_counsel(filing: Filing) -> bool:
    return filing.kind in COUNSEL_REVIEW_KINDS


def notified_to_investors(filing: Filing) -> bool:
    return filing.kind in FILING_NOTICE_KINDS


def confirmation_requested(filing: Filing) -> bool:
    return filing.confirmation_requested is not None


def responds_to_sec_comments(filing: Filing) -> bool:
    return filing.kind == "sec-response"


def transfer_agent_opinion_given(dates: RegistrationDates) -> bool:
    """Without the date 3(k) is not checked (docs/reading-notes.md)."""
    return dates.transfer_agent_opinion is not None


def _at_least_before(
    calendar: BusinessCalendar, given: Date | None, filed: Date, n: int, readings: Readings
) -> z3.BoolRef:
    """Broken unless ``given`` is at least ``n`` business days before ``filed`` (both as
    deemed made; ``n + 1`` under clear-business-days)."""
    if given is None:
        return z3.BoolVal(True)  # the tool never assumes a notice it was not told of
    as_given = readings.notice_day_as_given
    filed_through = act_term(calendar, filed, as_given).through
    return filed_through < act_term(calendar, given, as_given).through + readings.lead(n)


def _no_later_than_after(
    calendar: BusinessCalendar,
    done: Date | None,
    start: Date,
    n: int,
    readings: Readings,
    start_is_act: bool = True,
) -> z3.BoolRef:
    """Broken unless ``done`` (as deemed made) is no later than ``bd_after(start, n)``;
    ``start`` is taken as deemed made too unless it is no act (the Effective Date)."""
    if done is None:
        return z3.BoolVal(True)
    as_given = readings.notice_day_as_given
    start_through = (
        act_term(calendar, start, as_given).through
        if start_is_act
        else z3.IntVal(calendar.count_through(start))
    )
    return act_term(calendar, done, as_given).before > start_through + n - 1


def filed_after_required_filing_date(c: NoticeContext) -> z3.BoolRef:
    """ "The Company shall prepare and file with the SEC, no later than the Required Filing Date
    (or the next business day following the Required Filing Date should such date fall on a
    weekend), an amendment to an existing Registration Statement or a new Registration
    Statement" (2(a)(i)).

    Broken when the Registration Statement is filed after the Required Filing Date. Both the
    10-Q (from which the Required Filing Date counts) and the Registration Statement are
    filings with the SEC, taken on the day they are deemed made (notice-day)."""
    as_given = c.readings.notice_day_as_given
    filed = act_term(c.calendar, c.dates.registration_filed, as_given).day
    deadlines = {
        reading: required_filing_date(c.dates, c.calendar, reading).toordinal()
        for reading in ("next-business-day", "as-given")
    }
    deadline = z3.If(
        as_given, z3.IntVal(deadlines["as-given"]), z3.IntVal(deadlines["next-business-day"])
    )
    return filed > deadline


def effective_after_initial_required_effective_date(c: NoticeContext) -> z3.BoolRef:
    """ "to cause such Registration Statement to be declared effective on a date (the "Initial
    Required Effective Date") which is no later than five (5) days after receipt by the Company
    of written notice by the SEC that the Registration Statement may be declared effective"
    (2(a)(i)).

    Broken when the Effective Date is after the Initial Required Effective Date (a
    best-efforts covenant: reported, no payment of its own)."""
    initial = c.timeline.initial_required_effective_date.toordinal()
    return z3.IntVal(c.dates.effective.toordinal()) > initial


def counsel_review_too_short(c: NoticeContext, filing: Filing) -> z3.BoolRef:
    """ "review the Registration Statement and all amendments and supplements thereto for a
    reasonable period of time (but not less than three (3) business days) prior to their filing
    with the SEC" (3(c)).

    Broken unless ``counsel_copy`` is at least 3 business days before ``filed``."""
    n = c.terms.counsel_review.n
    return _at_least_before(c.calendar, filing.counsel_copy, filing.filed, n, c.readings)


def filing_notice_too_short(c: NoticeContext, filing: Filing) -> z3.BoolRef:
    """ "Notify the Investors and, if applicable, the Investors' Counsel immediately (and, in the
    case of (i)(A) below, not less than three (3) business days prior to such filing)" ...
    "(i)(A) when a Prospectus or any Prospectus supplement or post-effective amendment to the
    Registration Statement is proposed to be filed" (3(d)).

    Broken unless ``investor_notice`` is at least 3 business days before ``filed``."""
    n = c.terms.filing_notice.n
    return _at_least_before(c.calendar, filing.investor_notice, filing.filed, n, c.readings)


def confirmation_late(c: NoticeContext, filing: Filing) -> z3.BoolRef:
    """ "and (if requested by any such person) confirm such notice in writing no later than one
    (1) business day following the day" (3(d)).

    Broken, where confirmation was requested, unless ``confirmed`` is no later than
    ``bd_after(investor_notice, 1)``."""
    if filing.investor_notice is None:
        return z3.BoolVal(True)
    n = c.terms.confirmation.n
    return _no_later_than_after(
        c.calendar, filing.confirmed, filing.investor_notice, n, c.readings
    )


def sec_response_too_late(c: NoticeContext, filing: Filing) -> z3.BoolRef:
    """ "the Company shall furnish the Investor's Counsel with copies of all intended written
    responses to the comments contemplated in clause (C) of this Section 3(d) that relate to
    Investors not later than one (1) business day in advance of the filing of such responses
    with the SEC" (3(d)).

    Broken unless ``counsel_copy`` is at least 1 business day before ``filed``."""
    n = c.terms.sec_response.n
    return _at_least_before(c.calendar, filing.counsel_copy, filing.filed, n, c.readings)


def transfer_agent_late(c: NoticeContext) -> z3.BoolRef:
    """ "within five (5) business days after a Registration Statement which includes
    Registrable Securities is ordered effective by the SEC, the Company shall deliver, and shall
    cause legal counsel selected by the Company to deliver, to the transfer agent" (3(k)).

    Broken unless ``transfer_agent_opinion`` is no later than ``bd_after(effective, 5)``.
    Without the date the rule is not checked (docs/reading-notes.md)."""
    return _no_later_than_after(
        c.calendar,
        c.dates.transfer_agent_opinion,
        c.dates.effective,
        c.terms.transfer_agent.n,
        c.readings,
        start_is_act=False,  # the SEC's order, never moved
    )
