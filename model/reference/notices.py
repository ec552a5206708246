"""Sections 3(c) and 3(d) in plain Python: counsel review, notices to the Investors,
confirmations and responses to SEC comments. Each rule is ``evaluate(facts, filing)`` over the
scenario's :class:`model.reference.registration.Facts`, returning the finding or None."""

from __future__ import annotations

import datetime as dt

from model.explain import business_days, violation
from model.findings import Violation
from model.interpretations import Interpretation
from model.reference.days import WalkingCalendar
from model.reference.registration import Facts, _act
from model.scenario import Filing
from model.terms import spelled

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


# -- notices and filings (3(c), 3(d)) -----------------------------------------------------------

COUNSEL_REVIEW_KINDS = (
    "registration-statement",
    "amendment",
    "post-effective-amendment",
    "prospectus",
    "prospectus-supplement",
)
FILING_NOTICE_KINDS = ("prospectus", "prospectus-supplement", "post-effective-amendment")


def _lead_time(
    rule: str,
    filing: Filing,
    given: Date | None,
    lead: int,
    what: str,
    interpretation: Interpretation,
    days: WalkingCalendar,
) -> Violation | None:
    """At least ``lead`` business days' notice before the filing: ``filed >= bd_after(given,
    lead)`` (READING.md section 1; ``lead + 1`` under ``lead-time = clear-business-days``), both
    days as deemed made (``notice-day``); a missing date breaks the rule. Missed by the business
    days from the latest allowed day to the one given."""
    field = what.replace(" ", "_")
    if interpretation.lead_time == "clear-business-days":
        lead += 1
    filed = days.deemed(filing.filed, interpretation.notice_day)
    latest = days.latest_notice_day(filed, lead)  # the last day ``given`` could have been
    compared = _act({f"latest_{field}": latest}, "filed", filing.filed, filed)
    if given is None:
        return violation(
            rule,
            filing.id,
            f"{filing.kind} {filing.id} filed on {filing.filed}: no {what} was given "
            f"(at least {business_days(lead)} before filing required)",
            compared,
            None,
        )
    had = days.deemed(given, interpretation.notice_day)
    earliest = days.bd_after(had, lead)
    if filed >= earliest:
        return None
    missed = days.bd_count(latest + ONE_DAY, had)
    return violation(
        rule,
        filing.id,
        f"{filing.kind} {filing.id} filed on {filing.filed} (deemed {filed}), less than "
        f"{business_days(lead)} after the {what} of {given} (deemed {had}); the earliest "
        f"allowed filing was {earliest} ({business_days(missed)} short)",
        _act(compared, field, given, had),
        missed,
    )


def counsel_review_too_short(facts: Facts, filing: Filing) -> Violation | None:
    """3(c): "Permit a single firm of counsel designated by the Investors ... to review the
    Registration Statement and all amendments and supplements thereto for a reasonable period
    of time (but not less than three (3) business days) prior to their filing with the SEC"
    (3(c)).

    Applies to registration statements, amendments, post-effective amendments, prospectuses and
    prospectus supplements (reading-notes).
    """
    if filing.kind not in COUNSEL_REVIEW_KINDS:
        return None
    return _lead_time(
        "counsel-review.lead-time",
        filing,
        filing.counsel_copy,
        facts.terms.counsel_review.n,
        "counsel copy",
        facts.interpretation,
        facts.days,
    )


def filing_notice_too_short(facts: Facts, filing: Filing) -> Violation | None:
    """3(d)(i)(A): "Notify the Investors ... (and, in the case of (i)(A) below, not less than
    three (3) business days prior to such filing) ... (i)(A) when a Prospectus or any
    Prospectus supplement or post-effective amendment to the Registration Statement is proposed
    to be filed"."""
    if filing.kind not in FILING_NOTICE_KINDS:
        return None
    return _lead_time(
        "filing-notice.lead-time",
        filing,
        filing.investor_notice,
        facts.terms.filing_notice.n,
        "investor notice",
        facts.interpretation,
        facts.days,
    )


def confirmation_late(facts: Facts, filing: Filing) -> Violation | None:
    """3(d): "and (if requested by any such person) confirm such notice in writing no later than one
    (1) business day following the day".

    Checked only where a confirmation was requested: ``confirmed <= bd_after(investor_notice,
    1)``, both as deemed made (``notice-day``); a missing notice or confirmation breaks it.
    """
    if filing.confirmation_requested is None:
        return None
    rule = "notice-confirmation.deadline"
    days, notice_day = facts.days, facts.interpretation.notice_day
    within = facts.terms.confirmation.n
    given_notice, given_confirmed = filing.investor_notice, filing.confirmed
    if given_notice is None:
        return violation(
            rule,
            filing.id,
            f"{filing.kind} {filing.id}: a written confirmation was requested on "
            f"{filing.confirmation_requested} but no investor notice was given",
            _act({}, "filed", filing.filed, days.deemed(filing.filed, notice_day)),
            None,
        )
    notice = days.deemed(given_notice, notice_day)
    deadline = days.bd_after(notice, within)
    compared = _act({"deadline": deadline}, "investor_notice", given_notice, notice)
    if given_confirmed is None:
        return violation(
            rule,
            filing.id,
            f"{filing.kind} {filing.id}: a written confirmation of the notice of {notice} was "
            f"requested on {filing.confirmation_requested} but none was given (due by "
            f"{deadline})",
            compared,
            None,
        )
    confirmed = days.deemed(given_confirmed, notice_day)
    if confirmed <= deadline:
        return None
    late = days.bd_count(deadline + ONE_DAY, confirmed)
    return violation(
        rule,
        filing.id,
        f"{filing.kind} {filing.id}: the notice of {notice} was confirmed in writing on "
        f"{confirmed}, after {deadline}, {spelled(within)} business day following it "
        f"({business_days(late)} late)",
        _act(compared, "confirmed", given_confirmed, confirmed),
        late,
    )


def sec_response_too_late(facts: Facts, filing: Filing) -> Violation | None:
    """3(d): "the Company shall furnish the Investor's Counsel with copies of all intended written
    responses to the comments contemplated in clause (C) of this Section 3(d) that relate to
    Investors not later than one (1) business day in advance of the filing of such responses
    with the SEC"."""
    if filing.kind != "sec-response":
        return None
    return _lead_time(
        "sec-response.lead-time",
        filing,
        filing.counsel_copy,
        facts.terms.sec_response.n,
        "counsel copy",
        facts.interpretation,
        facts.days,
    )
