"""The registration's derived dates: 1(h), 2(a)(i), 2(c), 3(a) (READING.md section 3)."""

from __future__ import annotations

import datetime as dt

import attrs

from model.acts import NEXT_BUSINESS_DAY, deemed_day
from model.calendars import BusinessCalendar
from model.interpretations import Interpretation
from model.scenario import RegistrationDates
from model.terms import AgreementTerms, focus_2003

Date = dt.date


def add_years(day: Date, years: int, leap_day: str = "feb-28") -> Date:
    """Same month and day ``years`` on; 29 February becomes 28 February (or 1 March).

    "two (2) years after the Effective Date" (3(a)); the reading of 29 February is the
    interpretation ``leap-day``.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        if leap_day == "mar-1":
            return dt.date(day.year + years, 3, 1)
        return dt.date(day.year + years, 2, 28)


def required_filing_date(
    dates: RegistrationDates,
    calendar: BusinessCalendar,
    notice_day: str = NEXT_BUSINESS_DAY,
    terms: AgreementTerms = focus_2003(),
) -> Date:
    """1(h): "five (5) business days from the date of the filing of the Company's Quarterly
    Report on Form 10-Q for the quarter ended June 30, 2003".

    The 10-Q is a filing with the SEC: dated on a day that is not a business day, it is deemed
    filed on the next one (interpretation ``notice-day``)."""
    filed = deemed_day(calendar, dates.quarterly_report_filed, notice_day)
    return calendar.bd_after(filed, terms.filing_deadline.n)


def initial_required_effective_date(
    dates: RegistrationDates, terms: AgreementTerms = focus_2003()
) -> Date:
    """2(a)(i): "no later than five (5) days after receipt by the Company of written notice by
    the SEC that the Registration Statement may be declared effective" (calendar days)."""
    return dates.sec_clearance_notice + dt.timedelta(days=terms.effectiveness_deadline.n)


@attrs.frozen
class RegistrationPeriod:
    """3(a): from the Effective Date through ``end``, both included; ``ended_by`` says why."""

    start: Date
    end: Date
    ended_by: str


def registration_period(
    dates: RegistrationDates, interpretation: Interpretation, terms: AgreementTerms = focus_2003()
) -> RegistrationPeriod:
    """3(a): "continuing until the earlier of (i) the date when the Investors may sell all
    Registrable Securities under Rule 144(k) ..., (ii) the date the Investors no longer own any
    of the Registrable Securities, ... or (iii) two (2) years after the Effective Date"; 2(c):
    with unexercised Warrants and no piggy back rights, "for one additional year"."""
    years = terms.warrant_extension_years if dates.warrant_extension else terms.registration_years
    why = "2(c) warrant extension" if dates.warrant_extension else "3(a)(iii)"
    candidates = [
        (
            add_years(dates.effective, years.n, interpretation.leap_day),
            f"{years.spelled()} years after the Effective Date ({why})",
        )
    ]
    if dates.rule_144k is not None:
        candidates.append((dates.rule_144k, "Rule 144(k) (3(a)(i))"))
    if dates.no_longer_own is not None:
        candidates.append(
            (dates.no_longer_own, "the Investors no longer own Registrable Securities (3(a)(ii))")
        )
    end, reason = min(candidates, key=lambda c: c[0])
    return RegistrationPeriod(start=dates.effective, end=end, ended_by=reason)


@attrs.frozen
class RegistrationTimeline:
    """Every derived date of READING.md section 3."""

    required_filing_date: Date
    initial_required_effective_date: Date
    effective_date: Date
    registration_period: RegistrationPeriod
    # The day the Registration Statement is deemed filed (notice-day), and the cure date of the
    # late-filing Periodic Amounts (late-filing-cure), or None when it was filed in time.
    filing_date: Date | None = None
    late_filing_cure_date: Date | None = None

    @property
    def penalty_window_end(self) -> Date:
        """2(b)(ii): "within ninety (90) days after the Initial Required Effective Date"."""
        days = focus_2003().penalty_window.n  # a date of the 2003 agreement's timeline
        return self.initial_required_effective_date + dt.timedelta(days=days)


def late_filing_cure_date(
    filing_date: Date, rfd: Date, effective: Date, late_filing_cure: str
) -> Date | None:
    """The day the late-filing Periodic Amounts stop (READING.md section 5): the filing date
    (the 45-day illustration of 2(b)(iii)), or the Effective Date under late-filing-cure =
    effectiveness (2(b)(v) "if the Registration Statement has not been declared effective";
    2(b)(vii)(B)). None when the Registration Statement was filed by the Required Filing Date."""
    if filing_date <= rfd:
        return None
    return effective if late_filing_cure == "effectiveness" else filing_date


def registration_timeline(
    dates: RegistrationDates,
    calendar: BusinessCalendar,
    interpretation: Interpretation,
    terms: AgreementTerms = focus_2003(),
) -> RegistrationTimeline:
    rfd = required_filing_date(dates, calendar, interpretation.notice_day, terms)
    filing_date = deemed_day(calendar, dates.registration_filed, interpretation.notice_day)
    return RegistrationTimeline(
        required_filing_date=rfd,
        initial_required_effective_date=initial_required_effective_date(dates, terms),
        effective_date=dates.effective,
        registration_period=registration_period(dates, interpretation, terms),
        filing_date=filing_date,
        late_filing_cure_date=late_filing_cure_date(
            filing_date, rfd, dates.effective, interpretation.late_filing_cure
        ),
    )
