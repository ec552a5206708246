"""The registration's derived dates (READING.md section 3) and its deadlines (2(a)(i), 3(a),
3(k)), in plain Python.

Each deadline is a function ``evaluate(facts)`` over the :class:`Facts` of a scenario (the filing
rules of :mod:`model.reference.notices` are ``evaluate(facts, filing)``), returning the finding,
a note, or None; :func:`model.reference.evaluate` iterates the rule table's rows."""

from __future__ import annotations

import datetime as dt

import attrs

from model.explain import business_days, violation
from model.findings import Note, Violation
from model.interpretations import Interpretation
from model.reference.days import WalkingCalendar, add_years
from model.registration import RegistrationPeriod, RegistrationTimeline
from model.scenario import (
    RegistrationDates,
    Scenario,
)
from model.terms import AgreementTerms, focus_2003, spelled_ordinal

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


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
    after = focus_2003().filing_deadline.n
    return days.bd_after(days.deemed(dates.quarterly_report_filed, notice_day), after)


def initial_required_effective_date(dates: RegistrationDates) -> Date:
    """2(a)(i): "no later than five (5) days after receipt by the Company of written notice by
    the SEC that the Registration Statement may be declared effective": calendar days."""
    return dates.sec_clearance_notice + focus_2003().effectiveness_deadline.n * ONE_DAY


def registration_period(dates: RegistrationDates, leap_day: str) -> RegistrationPeriod:
    """3(a): "continuing until the earlier of (i) the date when the Investors may sell all
    Registrable Securities under Rule 144(k) ..., (ii) the date the Investors no longer own any
    of the Registrable Securities, ... or (iii) two (2) years after the Effective Date"; 2(c):
    "for one additional year". The last day is included."""
    terms = focus_2003()
    if dates.warrant_extension:
        years, ended_by = terms.warrant_extension_years.n, ENDED_BY_WARRANT_EXTENSION
    else:
        years, ended_by = terms.registration_years.n, ENDED_BY_TWO_YEARS
    end = add_years(dates.effective, years, leap_day)
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


@attrs.frozen
class Facts:
    """What the reference's deadlines and filing rules read of a scenario."""

    dates: RegistrationDates
    timeline: RegistrationTimeline
    days: WalkingCalendar
    interpretation: Interpretation
    terms: AgreementTerms


def filed_after_required_filing_date(facts: Facts) -> Violation | None:
    """2(a)(i): "The Company shall prepare and file with the SEC, no later than the Required
    Filing Date"; 3(a): "Prepare and file, with the SEC by the Required Filing Date a
    Registration Statement".

    Broken when ``registration_filed > RFD``; missed by the business days in
    ``[RFD + 1 day, filed]``.
    """
    days = facts.days
    rfd, given = facts.timeline.required_filing_date, facts.dates.registration_filed
    filed = days.deemed(given, facts.interpretation.notice_day)
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


def effective_after_initial_required_effective_date(facts: Facts) -> Violation | None:
    """3(a): "use its reasonable best efforts to cause such Registration Statement ... to become
    effective by the Initial Required Effective Date"; a best-efforts covenant,
    reported, with no payment of its own.

    Broken when ``effective > IRED``; missed by the business days in ``[IRED + 1 day,
    effective]``.
    """
    ired, effective = facts.timeline.initial_required_effective_date, facts.dates.effective
    if effective <= ired:
        return None
    late = facts.days.bd_count(ired + ONE_DAY, effective)
    return violation(
        "effectiveness.deadline",
        "registration",
        f"the Registration Statement was declared effective on {effective}, after the Initial "
        f"Required Effective Date {ired} ({business_days(late)} late)",
        {"effective": effective, "initial_required_effective_date": ired},
        late,
    )


def transfer_agent_late(facts: Facts) -> Violation | Note | None:
    """3(k): "within five (5) business days after a Registration Statement which includes
    Registrable Securities is ordered effective by the SEC, the Company shall deliver ... to
    the transfer agent ... an appropriate instruction and opinion of such counsel".

    Broken when the opinion comes after ``bd_after(ED, 5)``; with no opinion date the rule is
    not checked, and a note says so.
    """
    dates, days = facts.dates, facts.days
    given = dates.transfer_agent_opinion
    within = facts.terms.transfer_agent.n
    deadline = days.bd_after(dates.effective, within)  # the SEC's order: never moved
    if given is None:
        return Note(
            "registration",
            "3(k) transfer agent instruction and opinion: not checked, the scenario gives no "
            f"transfer_agent_opinion date (the deadline was {deadline}, the "
            f"{spelled_ordinal(within)} business day after the Effective Date {dates.effective})",
        )
    opinion = days.deemed(given, facts.interpretation.notice_day)
    if opinion <= deadline:
        return None
    late = days.bd_count(deadline + ONE_DAY, opinion)
    return violation(
        "transfer-agent.deadline",
        "registration",
        f"the instruction and opinion reached the transfer agent on {given} (deemed {opinion}), "
        f"after {deadline}, the {spelled_ordinal(within)} business day after the Effective Date "
        f"{dates.effective} "
        f"({business_days(late)} late)",
        _act({"deadline": deadline}, "transfer_agent_opinion", given, opinion),
        late,
    )
