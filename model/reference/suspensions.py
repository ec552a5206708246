"""Section 3(h) in plain Python: each suspension's rules, eligibility and Permitted Suspension
Period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from model.explain import business_days, violation
from model.findings import SuspensionStatus, Violation
from model.interpretations import Interpretation
from model.reference.days import WalkingCalendar
from model.reference.registration import _act
from model.registration import RegistrationTimeline
from model.scenario import (
    Suspension,
)

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

# 3(h) "up to two such suspension periods", "more than fifteen (15) business days"
MAXIMUM_SUSPENSIONS = 2
MAXIMUM_SUSPENSION_BUSINESS_DAYS = 15


# -- suspensions (3(h)) ------------------------------------------------------------------------


def starts_before_effectiveness(
    suspension: Suspension, effective: Date, days: WalkingCalendar
) -> Violation | None:
    """3(h): "if at any time or from time to time after the date of effectiveness of the
    Registration Statement, the Company notifies the Investors in writing of the existence of a
    Potential Material Event".

    Broken when ``start < ED``; missed by the business days in ``[start, ED)``.
    """
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


def longer_than_fifteen_business_days(
    suspension: Suspension, length: int, days: WalkingCalendar
) -> Violation | None:
    """3(h)(i): "each of which suspension period shall not either (i) be for more than fifteen (15)
    business days".

    Broken when ``bd_count(start, end) > 15``; missed by ``length - 15``.
    """
    if length <= MAXIMUM_SUSPENSION_BUSINESS_DAYS:
        return None
    over = length - MAXIMUM_SUSPENSION_BUSINESS_DAYS
    return violation(
        "suspension.max-length",
        suspension.id,
        f"suspension {suspension.id} lasts {business_days(length)} ({suspension.start} to "
        f"{suspension.end}), more than fifteen",
        {
            "start": suspension.start,
            "end": suspension.end,
            "last_permitted_day": days.nth_business_day_from(
                suspension.start, MAXIMUM_SUSPENSION_BUSINESS_DAYS
            ),
        },
        over,
    )


def begins_too_soon_after(
    suspension: Suspension,
    preceding: Suspension | None,
    spacing: str,
    days: WalkingCalendar,
) -> Violation | None:
    """3(h)(ii): "or (ii) begin less than ten (10) business days after the last day of the preceding
    suspension (whether or not such last day was during or after a Permitted Suspension
    Period)".

    Broken when ``start < bd_after(previous end, 10)`` (``spacing = tenth-business-day``) or
    ``bd_after(previous end, 11)`` (``ten-clear-business-days``); missed by the business days
    in ``[start, earliest allowed start)``.
    """
    if preceding is None:
        return None
    gap = 10 if spacing == "tenth-business-day" else 11
    earliest = days.bd_after(preceding.end, gap)
    if suspension.start >= earliest:
        return None
    missed = days.bd_count(suspension.start, earliest - ONE_DAY)
    return violation(
        "suspension.min-gap",
        suspension.id,
        f"suspension {suspension.id} begins on {suspension.start}, less than ten business days "
        f"after {preceding.end}, the last day of the preceding suspension {preceding.id}; "
        f"the earliest allowed start was {earliest} ({business_days(missed)} early)",
        {
            "start": suspension.start,
            "earliest_allowed_start": earliest,
            "previous_end": preceding.end,
        },
        missed,
    )


def beyond_two_suspensions(
    suspension: Suspension, counted_before: list[Suspension], count: str
) -> Violation | None:
    """3(h): "The term "Permitted Suspension Period" means up to two such suspension periods".

    Broken when two earlier suspensions in the Registration Period already count toward the
    limit (``count = permitted-only``: those at least partly a Permitted Suspension Period;
    ``every-suspension``: every one with a day in the Registration Period).
    """
    if len(counted_before) < MAXIMUM_SUSPENSIONS:
        return None
    counted = ", ".join(f"{s.id} ({s.start})" for s in counted_before)
    which = "Permitted Suspension Periods" if count == "permitted-only" else "suspensions"
    return violation(
        "suspension.max-count",
        suspension.id,
        f"suspension {suspension.id} starting {suspension.start} would be a third: "
        f"{len(counted_before)} earlier {which} in the Registration Period already count "
        f"toward the limit of two ({counted})",
        {"start": suspension.start},
        None,
    )


def without_advance_notice(
    suspension: Suspension, interpretation: Interpretation, days: WalkingCalendar
) -> Violation | None:
    """3(h) proviso: "provided further that the Company shall, if lawful to do so, provide the
    Investor with at least two (2) business days' notice of the existence (but not the
    substance of) a Potential Material Event".

    Broken when the notice was lawful and there is no ``advance_notice`` or ``start <
    bd_after(advance_notice, 2)`` (3 under ``lead-time = clear-business-days``), the notice taken
    on the day it is deemed given (``notice-day``; the start never moves); missed by the business
    days in ``[start, earliest allowed start)`` (None when no notice was given at all).
    """
    if not suspension.notice_lawful:
        return None
    notice = suspension.advance_notice
    if notice is None:
        return violation(
            "suspension.notice",
            suspension.id,
            f"suspension {suspension.id} starts on {suspension.start} without the two business "
            "days' advance notice of a Potential Material Event (none was given)",
            {"start": suspension.start},
            None,
        )
    deemed = days.deemed(notice, interpretation.notice_day)
    lead = 3 if interpretation.lead_time == "clear-business-days" else 2
    earliest = days.bd_after(deemed, lead)
    if suspension.start >= earliest:
        return None
    missed = days.bd_count(suspension.start, earliest - ONE_DAY)
    return violation(
        "suspension.notice",
        suspension.id,
        f"suspension {suspension.id} starts on {suspension.start}, less than two business days "
        f"after the notice of {notice} (deemed {deemed}); the earliest allowed start was "
        f"{earliest} ({business_days(missed)} short)",
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
) -> tuple[list[SuspensionStatus], list[Violation]]:
    """Each suspension in order of start: the rules it breaks and its Permitted Suspension
    Period (READING.md section 4; reading-notes "Suspensions")."""
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

        before_effective = starts_before_effectiveness(suspension, effective, days)
        max_length = longer_than_fifteen_business_days(suspension, length, days)
        min_gap = begins_too_soon_after(suspension, preceding, interpretation.spacing, days)
        max_count = beyond_two_suspensions(suspension, counted, interpretation.count)
        notice = without_advance_notice(suspension, interpretation, days)
        for found in (before_effective, max_length, min_gap, max_count, notice):
            if found is not None:
                violations.append(found)

        eligible = (
            before_effective is None
            and min_gap is None
            and max_count is None
            and (notice is None or interpretation.notice == "covenant")
        )
        permitted_until: Date | None
        first_restricted: Date | None  # before clipping to the Registration Period
        if not eligible:  # restricted on every day
            permitted, permitted_until, first_restricted = False, None, suspension.start
        elif length <= MAXIMUM_SUSPENSION_BUSINESS_DAYS:
            permitted, permitted_until, first_restricted = True, suspension.end, None
        elif interpretation.overlength == "first-fifteen":
            sixteenth = days.nth_business_day_from(
                suspension.start, MAXIMUM_SUSPENSION_BUSINESS_DAYS + 1
            )
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
