"""The reference evaluator: the reading of ``shared/READING.md`` (and ``docs/reading-notes.md``)
in plain Python, with no solver.

It is written to be obviously correct rather than fast: every count walks the calendar one day
at a time, asking only ``is_business_day``; every date is computed afresh from the scenario; money
is exact (fractions, rounded once to the cent, half up). It shares nothing with the Z3 model but
the scenario and finding classes, the calendars' list of business days and the table of rule
ids, so that the differential tests compare two independent readings of the agreement.

Only fixed suspensions are evaluated; a planned one is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction

from checks.explain import business_days, required_filing_date_note, violation
from model.acts import DeemedAct
from model.context import scenario_context
from model.findings import Episode, Note, Payment, SuspensionStatus, Verdict, Violation
from model.interpretations import Interpretation
from model.registration import RegistrationPeriod, RegistrationTimeline
from model.scenario import (
    ClosingBid,
    Filing,
    Investor,
    RegistrationDates,
    Restriction,
    Scenario,
    Suspension,
)

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

# 3(h) "up to two such suspension periods", "more than fifteen (15) business days"
MAXIMUM_SUSPENSIONS = 2
MAXIMUM_SUSPENSION_BUSINESS_DAYS = 15


# -- day arithmetic (READING.md section 1), by walking ----------------------------------------


class WalkingCalendar:
    """Business-day arithmetic that walks one calendar day at a time.

    Deliberately independent of :meth:`model.calendars.BusinessCalendar.bd_after` and its
    index arithmetic: the only question asked of the calendar is whether a day is a business
    day.
    """

    def __init__(self, is_business_day: Callable[[Date], bool]) -> None:
        self.is_business_day = is_business_day

    def bd_after(self, day: Date, n: int) -> Date:
        """The n-th business day strictly after ``day``; ``day`` itself never counts."""
        if n < 1:
            raise ValueError("bd_after counts from 1")
        found = 0
        while True:
            day += ONE_DAY
            if self.is_business_day(day):
                found += 1
                if found == n:
                    return day

    def bd_before(self, day: Date, n: int) -> Date:
        """The n-th business day strictly before ``day``."""
        if n < 1:
            raise ValueError("bd_before counts from 1")
        found = 0
        while True:
            day -= ONE_DAY
            if self.is_business_day(day):
                found += 1
                if found == n:
                    return day

    def bd_count(self, first: Date, last: Date) -> int:
        """The number of business days in ``[first, last]``, both ends included."""
        count = 0
        day = first
        while day <= last:
            if self.is_business_day(day):
                count += 1
            day += ONE_DAY
        return count

    def nth_business_day_from(self, first: Date, n: int) -> Date:
        """The n-th business day on or after ``first`` (``first`` counts when a business day)."""
        return self.bd_after(first - ONE_DAY, n)

    def deemed(self, day: Date, notice_day: str) -> Date:
        """READING.md section 1, ``notice-day``: an act dated on a day that is not a business
        day is deemed made on the next business day (``next-business-day``); ``as-given``
        keeps the day."""
        if notice_day == "as-given":
            return day
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def latest_notice_day(self, day: Date, n: int) -> Date:
        """The last business day ``g`` with ``day >= bd_after(g, n)``: walking back from
        ``day`` one business day at a time until the count fits."""
        g = day
        while True:
            g = self.bd_before(g, 1)
            if self.bd_after(g, n) <= day:
                return g


def add_years(day: Date, years: int, leap_day: str) -> Date:
    """Same month and day ``years`` on: "two (2) years after the Effective Date" (3(a)(iii)).

    29 February, in a year without one, becomes 28 February (``leap-day = feb-28``) or
    1 March (``leap-day = mar-1``).
    """
    year = day.year + years
    if day.month == 2 and day.day == 29:
        is_leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if not is_leap:
            return Date(year, 3, 1) if leap_day == "mar-1" else Date(year, 2, 28)
    return Date(year, day.month, day.day)


# -- derived dates (READING.md section 3) -------------------------------------------------------

# The reasons are the model's words (model/registration.py), so that the two timelines compare
# equal; the dates are recomputed here.
ENDED_BY_TWO_YEARS = "two years after the Effective Date (3(a)(iii))"
ENDED_BY_WARRANT_EXTENSION = "three years after the Effective Date (2(c) warrant extension)"
ENDED_BY_RULE_144K = "Rule 144(k) (3(a)(i))"
ENDED_BY_NO_LONGER_OWN = "the Investors no longer own Registrable Securities (3(a)(ii))"


def required_filing_date(dates: RegistrationDates, days: WalkingCalendar, notice_day: str) -> Date:
    """1(h): "five (5) business days from the date of the filing of the Company's Quarterly
    Report on Form 10-Q for the quarter ended June 30, 2003", counted from the day the 10-Q is
    deemed filed (``notice-day``)."""
    return days.bd_after(days.deemed(dates.quarterly_report_filed, notice_day), 5)


def initial_required_effective_date(dates: RegistrationDates) -> Date:
    """2(a)(i): "no later than five (5) days after receipt by the Company of written notice by
    the SEC that the Registration Statement may be declared effective": calendar days."""
    return dates.sec_clearance_notice + 5 * ONE_DAY


def registration_period(dates: RegistrationDates, leap_day: str) -> RegistrationPeriod:
    """3(a): "continuing until the earlier of (i) the date when the Investors may sell all
    Registrable Securities under Rule 144(k) ..., (ii) the date the Investors no longer own any
    of the Registrable Securities, ... or (iii) two (2) years after the Effective Date"; 2(c):
    "for one additional year". The last day is included."""
    if dates.warrant_extension:
        end, ended_by = add_years(dates.effective, 3, leap_day), ENDED_BY_WARRANT_EXTENSION
    else:
        end, ended_by = add_years(dates.effective, 2, leap_day), ENDED_BY_TWO_YEARS
    # A tie keeps the earlier-named reason: only a strictly earlier date replaces it.
    if dates.rule_144k is not None and dates.rule_144k < end:
        end, ended_by = dates.rule_144k, ENDED_BY_RULE_144K
    if dates.no_longer_own is not None and dates.no_longer_own < end:
        end, ended_by = dates.no_longer_own, ENDED_BY_NO_LONGER_OWN
    return RegistrationPeriod(start=dates.effective, end=end, ended_by=ended_by)


def timeline_of(scenario: Scenario, days: WalkingCalendar) -> RegistrationTimeline:
    """READING.md section 3, with the late-filing cure of section 5: the filing date (as deemed
    made) or, under ``late-filing-cure = effectiveness``, the Effective Date."""
    dates = scenario.dates
    interpretation = scenario.interpretation
    rfd = required_filing_date(dates, days, interpretation.notice_day)
    filed = days.deemed(dates.registration_filed, interpretation.notice_day)
    cure: Date | None = None
    if filed > rfd:
        cure = dates.effective if interpretation.late_filing_cure == "effectiveness" else filed
    return RegistrationTimeline(
        required_filing_date=rfd,
        initial_required_effective_date=initial_required_effective_date(dates),
        effective_date=dates.effective,
        registration_period=registration_period(dates, interpretation.leap_day),
        filing_date=filed,
        late_filing_cure_date=cure,
    )


def _act(dates: dict[str, Date], field: str, given: Date, deemed: Date) -> dict[str, Date]:
    """The day given under ``field``; the deemed day under ``field_deemed`` where it differs."""
    out = dict(dates)
    out[field] = given
    if deemed != given:
        out[field + "_deemed"] = deemed
    return out


# -- registration deadlines (2(a)(i), 3(a), 3(k)) -----------------------------------------------


def filed_after_required_filing_date(
    dates: RegistrationDates, timeline: RegistrationTimeline, days: WalkingCalendar, notice_day: str
) -> Violation | None:
    """2(a)(i): "The Company shall prepare and file with the SEC, no later than the Required
    Filing Date"; 3(a): "Prepare and file, with the SEC by the Required Filing Date a
    Registration Statement".

    Broken when ``registration_filed > RFD``; missed by the business days in
    ``[RFD + 1 day, filed]``.
    """
    rfd, given = timeline.required_filing_date, dates.registration_filed
    filed = days.deemed(given, notice_day)
    if filed <= rfd:
        return None
    late = days.bd_count(rfd + ONE_DAY, filed)
    return violation(
        "filing.deadline",
        "registration",
        f"the Registration Statement was filed on {given} (deemed {filed}), after the Required "
        f"Filing Date {rfd} ({business_days(late)} late)",
        _act({"required_filing_date": rfd}, "registration_filed", given, filed),
        late,
    )


def effective_after_initial_required_effective_date(
    dates: RegistrationDates, timeline: RegistrationTimeline, days: WalkingCalendar
) -> Violation | None:
    """3(a): "use its reasonable best efforts to cause such Registration Statement ... to become
    effective by the Initial Required Effective Date"; a best-efforts covenant,
    reported, with no payment of its own.

    Broken when ``effective > IRED``; missed by the business days in ``[IRED + 1 day,
    effective]``.
    """
    ired, effective = timeline.initial_required_effective_date, dates.effective
    if effective <= ired:
        return None
    late = days.bd_count(ired + ONE_DAY, effective)
    return violation(
        "effectiveness.deadline",
        "registration",
        f"the Registration Statement was declared effective on {effective}, after the Initial "
        f"Required Effective Date {ired} ({business_days(late)} late)",
        {"effective": effective, "initial_required_effective_date": ired},
        late,
    )


def transfer_agent_late(
    dates: RegistrationDates, days: WalkingCalendar, notice_day: str
) -> Violation | Note | None:
    """3(k): "within five (5) business days after a Registration Statement which includes
    Registrable Securities is ordered effective by the SEC, the Company shall deliver ... to
    the transfer agent ... an appropriate instruction and opinion of such counsel".

    Broken when the opinion comes after ``bd_after(ED, 5)``; with no opinion date the rule is
    not checked, and a note says so.
    """
    given = dates.transfer_agent_opinion
    deadline = days.bd_after(dates.effective, 5)  # the SEC's order: never moved
    if given is None:
        return Note(
            "registration",
            "3(k) transfer agent instruction and opinion: not checked, the scenario gives no "
            f"transfer_agent_opinion date (the deadline was {deadline}, the fifth business day "
            f"after the Effective Date {dates.effective})",
        )
    opinion = days.deemed(given, notice_day)
    if opinion <= deadline:
        return None
    late = days.bd_count(deadline + ONE_DAY, opinion)
    return violation(
        "transfer-agent.deadline",
        "registration",
        f"the instruction and opinion reached the transfer agent on {given} (deemed {opinion}), "
        f"after {deadline}, the fifth business day after the Effective Date {dates.effective} "
        f"({business_days(late)} late)",
        _act({"deadline": deadline}, "transfer_agent_opinion", given, opinion),
        late,
    )


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


# -- restricted episodes (2(b), 1(i)) -----------------------------------------------------------


def restricted_episodes(
    statuses: Iterable[SuspensionStatus],
    restrictions: Iterable[Restriction],
    timeline: RegistrationTimeline,
    penalty_window: str,
) -> list[Episode]:
    """1(i): "Restricted Sale Date" means "the first date, other than a date during a Permitted
    Suspension Period (as defined below), on which the Investor is restricted from making sales
    of Registrable Securities covered by any previously effective Registration Statement".

    Each run of restricted days, clipped to the Registration Period, in order of its Restricted
    Sale Date. Which give rise to payments: 2(b)(ii) "if there is a Restricted Sale Date within
    ninety (90) days after the Initial Required Effective Date", and 3(h) "the applicable
    provisions of Section 2(b) shall apply with respect to any such suspension other than during
    a Permitted Suspension Period" (interpretation ``penalty-window``).
    """
    period = timeline.registration_period
    window_end = timeline.initial_required_effective_date + 90 * ONE_DAY
    runs: list[tuple[str, str, Date, Date]] = [
        ("suspension", s.id, s.restricted_from, s.end)
        for s in statuses
        if s.restricted_from is not None
    ]
    runs += [("restriction", r.id, r.start, r.end) for r in restrictions]
    episodes: list[Episode] = []
    for kind, subject, first, last in runs:
        restricted_sale_date = max(first, period.start)
        last_restricted = min(last, period.end)
        if last_restricted < restricted_sale_date:
            continue  # no day left in the Registration Period
        within_ninety_days = restricted_sale_date <= window_end
        if penalty_window == "cross-reference" and kind == "suspension":
            gives_payments = True
        else:
            gives_payments = within_ninety_days
        episodes.append(
            Episode(
                subject=subject,
                kind=kind,
                restricted_sale_date=restricted_sale_date,
                cure_date=last_restricted + ONE_DAY,
                gives_payments=gives_payments,
            )
        )
    episodes.sort(key=lambda e: (e.restricted_sale_date, e.subject))
    return episodes


# -- Periodic Amounts (2(b)(iii), (iv), (vii)) --------------------------------------------------

LATE_FILING_PERCENTAGE = Fraction(1, 100)  # 2(b)(iii)(A) "one percent (1%)"
RESTRICTED_SALE_PERCENTAGE = Fraction(3, 200)  # 2(b)(iii)(b) "one and one-half (1 1/2%) percent"


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimal places, half up (values here are never negative)."""
    scale = 10**places
    scaled = value * scale
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def held_shares_value(investor: Investor, restricted_sale_date: Date) -> Decimal:
    """1(b): "Held Shares Value" means "the Purchase Price for shares of Common Stock acquired by
    the Investor and not yet sold": sales strictly before the Restricted Sale Date reduce it."""
    sold = sum(
        (sale.purchase_price for sale in investor.sales if sale.date < restricted_sale_date),
        Decimal(0),
    )
    return investor.purchase_price - sold


def computation_dates(first: Date, cure: Date) -> list[Date]:
    """2(b)(vii): "Computation Date" means "the date which is the earlier of thirty (30) days
    after the Required Filing Date or a Restricted Sale Date ... and ... each date which is the
    earlier of (1) thirty (30) days after the previous Computation Date or (2) the date after the
    previous Computation Date on which the Registration Statement is declared effective or has
    its restrictions removed"."""
    dates: list[Date] = []
    previous = first
    while previous < cure:
        previous = min(previous + 30 * ONE_DAY, cure)
        dates.append(previous)
    return dates


def periodic_amounts(
    investor: str,
    trigger: str,
    subject: str,
    first: Date,
    cure: Date,
    percentage: Fraction,
    base: Decimal,
    days: WalkingCalendar,
) -> list[Payment]:
    """2(b)(iii): "such amount shall be equal to the Periodic Amount Percentage ... of the
    Purchase Price for the Common Stock for the period from the date following the Required
    Filing Date or a Restricted Sale Date, as the case may be, to the first relevant
    Computation Date, and thereafter to each subsequent Computation Date"; 2(b)(iv): payable
    "(1) thirty (30) days after the Required Filing Date or a Restricted Sale Date ... and (2) on
    the earlier of (A) each thirtieth day thereafter, (B) the third business day after the date
    the Registration Statement is filed or is declared effective, or (C) the third business day
    after the Registration Statement has its restrictions removed".

    Amount ``i`` = percentage x base x (c_i - c_(i-1)) / 30, rounded to the cent half up; due on
    ``first + 30 i days``, the last on the earlier of that and ``bd_after(cure, 3)``.
    """
    payments: list[Payment] = []
    previous = first
    for i, computation_date in enumerate(computation_dates(first, cure), start=1):
        period_days = (computation_date - previous).days
        amount = round_half_up(percentage * Fraction(base) * period_days / 30, 2)
        due = first + 30 * i * ONE_DAY
        if computation_date == cure:
            due = min(due, days.bd_after(cure, 3))
        payments.append(
            Payment(
                investor=investor,
                trigger=trigger,
                subject=subject,
                restricted_sale_date=first,
                computation_date=computation_date,
                days=period_days,
                amount=amount,
                due=due,
                held_shares_value=base,
            )
        )
        previous = computation_date
    return payments


def with_periodic_amount_shares(
    payments: list[Payment],
    prices: tuple[ClosingBid, ...],
    trading_days: WalkingCalendar,
) -> tuple[list[Payment], list[Note]]:
    """2(b)(iv): "Periodic Amount Shares" "in an amount equal to the Periodic Amount being paid
    thereby divided by 90% of the average Closing Bid Price for the last five (5) trading days
    prior to the Computation Date".

    Rounded to four decimal places, half up. A trading day without a price leaves the shares
    out (no guess) with one note per Computation Date; with no prices at all, no note.
    """
    if not prices:
        return payments, []
    bids = {price.date: price.closing_bid for price in prices}
    notes: list[Note] = []
    noted: set[tuple[str, Date]] = set()
    priced: list[Payment] = []
    for payment in payments:
        five = [trading_days.bd_before(payment.computation_date, n) for n in range(5, 0, -1)]
        missing = [d for d in five if d not in bids]
        if missing:
            if (payment.subject, payment.computation_date) not in noted:
                noted.add((payment.subject, payment.computation_date))
                notes.append(
                    Note(
                        payment.subject,
                        "Periodic Amount Shares not computed for the Computation Date "
                        f"{payment.computation_date}: no closing bid for "
                        + ", ".join(d.isoformat() for d in missing)
                        + " (of the five trading days "
                        + ", ".join(d.isoformat() for d in five)
                        + ")",
                    )
                )
            priced.append(payment)
            continue
        average = sum((Fraction(bids[d]) for d in five), Fraction(0)) / 5
        shares = round_half_up(Fraction(payment.amount) / (Fraction(9, 10) * average), 4)
        priced.append(
            Payment(
                investor=payment.investor,
                trigger=payment.trigger,
                subject=payment.subject,
                restricted_sale_date=payment.restricted_sale_date,
                computation_date=payment.computation_date,
                days=payment.days,
                amount=payment.amount,
                due=payment.due,
                held_shares_value=payment.held_shares_value,
                periodic_amount_shares=shares,
            )
        )
    return priced, notes


def payments_of(
    scenario: Scenario,
    timeline: RegistrationTimeline,
    episodes: list[Episode],
    days: WalkingCalendar,
) -> list[Payment]:
    """2(b)(ii): "If the Registration Statement covering the Registrable Securities is not filed
    with the SEC by the relevant Required Filing Date or if there is a Restricted Sale Date
    within ninety (90) days after the Initial Required Effective Date, then the Company will
    make payments to the Investor".

    Per Investor (each agreement is "a separate and independent agreement"), in file order:
    late filing first (1% of the Purchase Price, from the Required Filing Date to the filing
    date as deemed made, or to the Effective Date under ``late-filing-cure = effectiveness``),
    then each paying episode by Restricted Sale Date (1.5% of the Held Shares Value).
    """
    cure = timeline.late_filing_cure_date  # None when filed in time
    rfd = timeline.required_filing_date
    payments: list[Payment] = []
    for investor in scenario.investors:
        if cure is not None:
            payments += periodic_amounts(
                investor.name,
                "late-filing",
                "registration",
                rfd,
                cure,
                LATE_FILING_PERCENTAGE,
                investor.purchase_price,
                days,
            )
        for episode in sorted(episodes, key=lambda e: (e.restricted_sale_date, e.subject)):
            if not episode.gives_payments:
                continue
            payments += periodic_amounts(
                investor.name,
                "restricted-sale-date",
                episode.subject,
                episode.restricted_sale_date,
                episode.cure_date,
                RESTRICTED_SALE_PERCENTAGE,
                held_shares_value(investor, episode.restricted_sale_date),
                days,
            )
    return payments


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


def counsel_review_too_short(
    filing: Filing, interpretation: Interpretation, days: WalkingCalendar
) -> Violation | None:
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
        3,
        "counsel copy",
        interpretation,
        days,
    )


def filing_notice_too_short(
    filing: Filing, interpretation: Interpretation, days: WalkingCalendar
) -> Violation | None:
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
        3,
        "investor notice",
        interpretation,
        days,
    )


def confirmation_late(
    filing: Filing, interpretation: Interpretation, days: WalkingCalendar
) -> Violation | None:
    """3(d): "and (if requested by any such person) confirm such notice in writing no later than one
    (1) business day following the day".

    Checked only where a confirmation was requested: ``confirmed <= bd_after(investor_notice,
    1)``, both as deemed made (``notice-day``); a missing notice or confirmation breaks it.
    """
    if filing.confirmation_requested is None:
        return None
    rule = "notice-confirmation.deadline"
    notice_day = interpretation.notice_day
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
    deadline = days.bd_after(notice, 1)
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
        f"{confirmed}, after {deadline}, one business day following it "
        f"({business_days(late)} late)",
        _act(compared, "confirmed", given_confirmed, confirmed),
        late,
    )


def sec_response_too_late(
    filing: Filing, interpretation: Interpretation, days: WalkingCalendar
) -> Violation | None:
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
        1,
        "counsel copy",
        interpretation,
        days,
    )


# -- the whole scenario -------------------------------------------------------------------------


def evaluate(scenario: Scenario) -> Verdict:
    """Every finding of READING.md for a scenario with fixed suspensions, computed directly."""
    if scenario.planned_suspensions:
        ids = ", ".join(s.id for s in scenario.planned_suspensions)
        raise ValueError(
            f"the reference evaluator checks fixed schedules only; planned suspensions: {ids}"
        )
    context = scenario_context(scenario)
    days = WalkingCalendar(context.calendar.is_business_day)
    trading_days = WalkingCalendar(context.trading_calendar.is_business_day)
    interpretation = scenario.interpretation
    dates = scenario.dates
    timeline = timeline_of(scenario, days)

    violations: list[Violation] = []
    notes: list[Note] = [required_filing_date_note(timeline)]
    for found in (
        filed_after_required_filing_date(dates, timeline, days, interpretation.notice_day),
        effective_after_initial_required_effective_date(dates, timeline, days),
        transfer_agent_late(dates, days, interpretation.notice_day),
    ):
        if isinstance(found, Violation):
            violations.append(found)
        elif isinstance(found, Note):
            notes.append(found)

    statuses, suspension_violations = evaluate_suspensions(
        scenario.fixed_suspensions, timeline, interpretation, days
    )
    violations += suspension_violations

    for filing in scenario.filings:
        for check in (
            counsel_review_too_short,
            filing_notice_too_short,
            confirmation_late,
            sec_response_too_late,
        ):
            broken = check(filing, interpretation, days)
            if broken is not None:
                violations.append(broken)

    episodes = restricted_episodes(
        statuses, scenario.restrictions, timeline, interpretation.penalty_window
    )
    payments, price_notes = with_periodic_amount_shares(
        payments_of(scenario, timeline, episodes, days), scenario.prices, trading_days
    )
    notes += price_notes

    return Verdict(
        scenario=scenario.name,
        interpretation=interpretation,
        timeline=timeline,
        suspensions=tuple(statuses),
        violations=tuple(violations),
        episodes=tuple(episodes),
        payments=tuple(payments),
        notes=tuple(notes),
        filings=scenario.filings,
        deemed=tuple(deemed_acts(scenario, interpretation.notice_day, days)),
    )


def deemed_acts(scenario: Scenario, notice_day: str, days: WalkingCalendar) -> list[DeemedAct]:
    """READING.md section 1: every notice, copy to Investor's Counsel, confirmation, delivery
    to the transfer agent and filing with the SEC dated on a day that is not a business day,
    with the day it is deemed made (docs/reading-notes.md lists which dates are such acts).
    The registration's, then each suspension's advance notice, then each filing's, in file
    order."""
    found: list[DeemedAct] = []

    def add(subject: str, field: str, given: Date | None) -> None:
        if given is not None and days.deemed(given, notice_day) != given:
            found.append(DeemedAct(subject, field, given, days.deemed(given, notice_day)))

    dates = scenario.dates
    add("registration", "quarterly_report_filed", dates.quarterly_report_filed)
    add("registration", "registration_filed", dates.registration_filed)
    add("registration", "transfer_agent_opinion", dates.transfer_agent_opinion)
    for suspension in scenario.fixed_suspensions:
        add(suspension.id, "advance_notice", suspension.advance_notice)
    for filing in scenario.filings:
        add(filing.id, "filed", filing.filed)
        add(filing.id, "counsel_copy", filing.counsel_copy)
        add(filing.id, "investor_notice", filing.investor_notice)
        add(filing.id, "confirmation_requested", filing.confirmation_requested)
        add(filing.id, "confirmed", filing.confirmed)
    return found
