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

from model.acts import DeemedAct
from model.context import scenario_context
from model.explain import required_filing_date_note
from model.findings import Note, Verdict, Violation
from model.reference.days import WalkingCalendar
from model.reference.payments import payments_of, restricted_episodes, with_periodic_amount_shares
from model.reference.registration import Facts, timeline_of
from model.reference.suspensions import evaluate_suspensions
from model.rules import FILING, REGISTRATION, SUSPENSION, of_kind
from model.scenario import Scenario
from model.terms import focus_2003

Date = dt.date


# -- the whole scenario -------------------------------------------------------------------------


def evaluate(scenario: Scenario) -> Verdict:
    """Every finding of READING.md for a scenario with fixed suspensions, computed directly:
    each row of the rule table (:mod:`model.rules`) by its ``evaluate`` function."""
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

    terms = focus_2003()
    facts = Facts(dates, timeline, days, interpretation, terms)

    violations: list[Violation] = []
    notes: list[Note] = [required_filing_date_note(timeline)]
    for rule in of_kind(REGISTRATION):
        found = rule.evaluate(facts)
        if isinstance(found, Violation):
            violations.append(found)
        elif isinstance(found, Note):
            notes.append(found)

    statuses, suspension_violations = evaluate_suspensions(
        scenario.fixed_suspensions, timeline, interpretation, days, of_kind(SUSPENSION), terms
    )
    violations += suspension_violations

    for filing in scenario.filings:
        for rule in of_kind(FILING):
            broken = rule.evaluate(facts, filing)
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
