"""Section 3(h) in plain Python: each suspension's rules, eligibility and Permitted Suspension
Period.

Each rule is a function ``evaluate(facts)`` over a :class:`SuspensionFacts`, returning the
finding or None; :func:`evaluate_suspensions` iterates the rule table's suspension rows
(:mod:`model.rules`) and decides eligibility from the rows that block it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from model.explain import business_days, violation
from model.findings import SuspensionStatus, Violation
from model.interpretations import Interpretation
from model.reference.days import WalkingCalendar
from model.reference.registration import _act
from model.registration import RegistrationTimeline
from model.rules import SUSPENSION, Rule, of_kind
from model.scenario import (
    Suspension,
)
from model.terms import AgreementTerms, focus_2003, spelled

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class SuspensionFacts:
    """What the walk through the suspensions knows of one, in order of start."""

    suspension: Suspension
    length: int  # bd_count(start, end)
    preceding: Suspension | None
    counted_before: tuple[Suspension, ...]  # earlier suspensions that use up one of the limit
    effective: Date
    interpretation: Interpretation
    days: WalkingCalendar
    terms: AgreementTerms


# -- suspensions (3(h)) ------------------------------------------------------------------------


def starts_before_effectiveness(facts: SuspensionFacts) -> Violation | None:
    """3(h): "if at any time or from time to time after the date of effectiveness of the
    Registration Statement, the Company notifies the Investors in writing of the existence of a
    Potential Material Event".

    Broken when ``start < ED``; missed by the business days in ``[start, ED)``.
    """
    suspension, effective, days = facts.suspension, facts.effective, facts.days
    if suspension.start >= effective:
        return None
    missed = days.bd_count(suspension.start, effective - ONE_DAY)
    return violation(
        "suspension.before-effective",
        suspension.id,
        f"suspension {suspension.id} starts on {suspension.start}, before the Effective Date "
        f"{effective} ({business_days(missed)} early)",
        {"start": suspension.start, "effective_date": effective},
        missed,
    )


def longer_than_fifteen_business_days(facts: SuspensionFacts) -> Violation | None:
    """3(h)(i): "each of which suspension period shall not either (i) be for more than fifteen (15)
    business days".

    Broken when ``bd_count(start, end) > 15``; missed by ``length - 15``.
    """
    suspension, length, days = facts.suspension, facts.length, facts.days
    permitted = facts.terms.suspension_length.n
    if length <= permitted:
        return None
    over = length - permitted
    return violation(
        "suspension.max-length",
        suspension.id,
        f"suspension {suspension.id} lasts {business_days(length)} ({suspension.start} to "
        f"{suspension.end}), more than {spelled(permitted)}",
        {
            "start": suspension.start,
            "end": suspension.end,
            "last_permitted_day": days.nth_business_day_from(suspension.start, permitted),
        },
        over,
    )


def begins_too_soon_after(facts: SuspensionFacts) -> Violation | None:
    """3(h)(ii): "or (ii) begin less than ten (10) business days after the last day of the preceding
    suspension (whether or not such last day was during or after a Permitted Suspension
    Period)".

    Broken when ``start < bd_after(previous end, 10)`` (``spacing = tenth-business-day``) or
    ``bd_after(previous end, 11)`` (``ten-clear-business-days``); missed by the business days
    in ``[start, earliest allowed start)``.
    """
    suspension, preceding, days = facts.suspension, facts.preceding, facts.days
    if preceding is None:
        return None
    ten = facts.terms.suspension_gap.n
    gap = ten if facts.interpretation.spacing == "tenth-business-day" else ten + 1
    earliest = days.bd_after(preceding.end, gap)
    if suspension.start >= earliest:
        return None
    missed = days.bd_count(suspension.start, earliest - ONE_DAY)
    return violation(
        "suspension.min-gap",
        suspension.id,
        f"suspension {suspension.id} begins on {suspension.start}, less than {spelled(ten)} "
        f"business days after {preceding.end}, the last day of the preceding suspension "
        f"{preceding.id}; the earliest allowed start was {earliest} "
        f"({business_days(missed)} early)",
        {
            "start": suspension.start,
            "earliest_allowed_start": earliest,
            "previous_end": preceding.end,
        },
        missed,
    )


def beyond_two_suspensions(facts: SuspensionFacts) -> Violation | None:
    """3(h): "The term "Permitted Suspension Period" means up to two such suspension periods".

    Broken when two earlier suspensions in the Registration Period already count toward the
    limit (``count = permitted-only``: those at least partly a Permitted Suspension Period;
    ``every-suspension``: every one with a day in the Registration Period).
    """
    suspension, counted_before = facts.suspension, facts.counted_before
    count, limit = facts.interpretation.count, facts.terms.suspension_limit.n
    if len(counted_before) < limit:
        return None
    counted = ", ".join(f"{s.id} ({s.start})" for s in counted_before)
    which = "Permitted Suspension Periods" if count == "permitted-only" else "suspensions"
    return violation(
        "suspension.max-count",
        suspension.id,
        f"suspension {suspension.id} starting {suspension.start} would be a third: "
        f"{len(counted_before)} earlier {which} in the Registration Period already count "
        f"toward the limit of {spelled(limit)} ({counted})",
        {"start": suspension.start},
        None,
    )


def without_advance_notice(facts: SuspensionFacts) -> Violation | None:
    """3(h) proviso: "provided further that the Company shall, if lawful to do so, provide the
    Investor with at least two (2) business days' notice of the existence (but not the
    substance of) a Potential Material Event".

    Broken when the notice was lawful and there is no ``advance_notice`` or ``start <
    bd_after(advance_notice, 2)`` (3 under ``lead-time = clear-business-days``), the notice taken
    on the day it is deemed given (``notice-day``; the start never moves); missed by the business
    days in ``[start, earliest allowed start)`` (None when no notice was given at all).
    """
    suspension, interpretation, days = facts.suspension, facts.interpretation, facts.days
    two = facts.terms.suspension_notice.n
    if not suspension.notice_lawful:
        return None
    notice = suspension.advance_notice
    if notice is None:
        return violation(
            "suspension.notice",
            suspension.id,
            f"suspension {suspension.id} starts on {suspension.start} without the {spelled(two)} "
            "business days' advance notice of a Potential Material Event (none was given)",
            {"start": suspension.start},
            None,
        )
    deemed = days.deemed(notice, interpretation.notice_day)
    lead = two + 1 if interpretation.lead_time == "clear-business-days" else two
    earliest = days.bd_after(deemed, lead)
    if suspension.start >= earliest:
        return None
    missed = days.bd_count(suspension.start, earliest - ONE_DAY)
    return violation(
        "suspension.notice",
        suspension.id,
        f"suspension {suspension.id} starts on {suspension.start}, less than {spelled(two)} "
        f"business days after the notice of {notice} (deemed {deemed}); the earliest allowed "
        f"start was {earliest} ({business_days(missed)} short)",
        _act(
            {"start": suspension.start, "earliest_allowed_start": earliest},
            "advance_notice",
            notice,
            deemed,
        ),
        missed,
    )


def evaluate_suspensions(
    suspensions: Iterable[Suspension],
    timeline: RegistrationTimeline,
    interpretation: Interpretation,
    days: WalkingCalendar,
    rules: Sequence[Rule] | None = None,
    terms: AgreementTerms | None = None,
) -> tuple[list[SuspensionStatus], list[Violation]]:
    """Each suspension in order of start: the rules it breaks (``rules``, the table's
    suspension rows unless given) and its Permitted Suspension Period (READING.md section 4;
    reading-notes "Suspensions")."""
    if rules is None:
        rules = of_kind(SUSPENSION)
    terms = terms or focus_2003()
    permitted_length = terms.suspension_length.n
    period = timeline.registration_period
    effective = timeline.effective_date
    statuses: list[SuspensionStatus] = []
    violations: list[Violation] = []
    counted: list[Suspension] = []  # earlier suspensions that use up one of the two
    preceding: Suspension | None = None

    for suspension in sorted(suspensions, key=lambda s: s.start):
        length = days.bd_count(suspension.start, suspension.end)
        if suspension.start > period.end:
            # Outside the agreement's limits: no rule, not permitted, no restricted day, not
            # counted. It breaks none of the eligibility rules, hence ``eligible``.
            statuses.append(
                SuspensionStatus(
                    id=suspension.id,
                    start=suspension.start,
                    end=suspension.end,
                    business_days=length,
                    eligible=True,
                    permitted=False,
                    restricted_from=None,
                    outside=True,
                    counts=False,
                    permitted_until=None,
                    advance_notice=suspension.advance_notice,
                )
            )
            preceding = suspension
            continue

        facts = SuspensionFacts(
            suspension, length, preceding, tuple(counted), effective, interpretation, days, terms
        )
        eligible = True
        for rule in rules:
            found = rule.evaluate(facts)
            if found is not None:
                violations.append(found)
                eligible = eligible and not rule.blocks_eligibility(interpretation)

        permitted_until: Date | None
        first_restricted: Date | None  # before clipping to the Registration Period
        if not eligible:  # restricted on every day
            permitted, permitted_until, first_restricted = False, None, suspension.start
        elif length <= permitted_length:
            permitted, permitted_until, first_restricted = True, suspension.end, None
        elif interpretation.overlength == "first-fifteen":
            sixteenth = days.nth_business_day_from(suspension.start, permitted_length + 1)
            permitted, permitted_until, first_restricted = True, sixteenth - ONE_DAY, sixteenth
        else:  # overlength = whole: not a Permitted Suspension Period at all
            permitted, permitted_until, first_restricted = False, None, suspension.start

        # Days outside the Registration Period are not restricted days (reading-notes: days
        # before the Effective Date "cost nothing"; an outside suspension has none), so the
        # first restricted day is the first one inside it, and there may be none.
        restricted_from: Date | None = None
        if first_restricted is not None:
            first_inside = max(first_restricted, period.start)
            if first_inside <= min(suspension.end, period.end):
                restricted_from = first_inside

        if interpretation.count == "permitted-only":
            counts = permitted
        else:  # every-suspension: it has a day in the Registration Period
            counts = suspension.start <= period.end and suspension.end >= effective
        if counts:
            counted.append(suspension)

        statuses.append(
            SuspensionStatus(
                id=suspension.id,
                start=suspension.start,
                end=suspension.end,
                business_days=length,
                eligible=eligible,
                permitted=permitted,
                restricted_from=restricted_from,
                outside=False,
                counts=counts,
                permitted_until=permitted_until,
                advance_notice=suspension.advance_notice,
            )
        )
        preceding = suspension
    return statuses, violations
