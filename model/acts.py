"""Acts on a day that is not a business day (READING.md section 1, interpretation
``notice-day``).

11(b): "Notices required or permitted to be given hereunder shall be given in the manner
contemplated by the Purchase Agreement". Under the default reading ``next-business-day`` a
notice, a copy sent to Investor's Counsel, a confirmation, a delivery to the transfer agent or
a filing with the SEC dated on a day that is not a business day is deemed made on the next
business day; under ``as-given`` it counts on the day given.

The table below says which dated fields of a scenario are such acts; the rules, the
explanations and the reports all read it (docs/reading-notes.md gives the reasons for the
fields that are not acts). A suspension's own ``start`` and ``end`` are days on which the
Investors could not sell, facts of the schedule, and never move.
"""

from __future__ import annotations

import datetime as dt

import attrs
import z3

from model.calendars import BusinessCalendar
from model.folding import ite
from model.scenario import Scenario

Date = dt.date

NEXT_BUSINESS_DAY = "next-business-day"
AS_GIVEN = "as-given"

# [dates] fields that are acts: the 10-Q and the Registration Statement filed with the SEC, the
# instruction and opinion delivered to the transfer agent (3(k)).
REGISTRATION_ACTS: tuple[str, ...] = (
    "quarterly_report_filed",
    "registration_filed",
    "transfer_agent_opinion",
)
# [[suspensions]]: the notice of the existence of a Potential Material Event (3(h) proviso).
SUSPENSION_ACTS: tuple[str, ...] = ("advance_notice",)
# [[filings]]: the filing with the SEC, the copy to Investor's Counsel (3(c), 3(d)), the notice to
# the Investors (3(d)(i)(A)), the request for and the written confirmation (3(d)).
FILING_ACTS: tuple[str, ...] = (
    "filed",
    "counsel_copy",
    "investor_notice",
    "confirmation_requested",
    "confirmed",
)
# Dated fields that are not acts of a party under the agreement, so never moved: the SEC's own
# notice and order (counted from their receipt and their date: 2(a)(i) counts calendar days from
# the notice), the facts that end the Registration Period, sales, and the restricted days.
NOT_ACTS: tuple[str, ...] = (
    "sec_clearance_notice",
    "effective",
    "rule_144k",
    "no_longer_own",
    "start",
    "end",
    "sales.date",
    "restrictions.start",
    "restrictions.end",
)


def deemed_day(calendar: BusinessCalendar, day: Date, notice_day: str) -> Date:
    """The day an act dated ``day`` is deemed made: the next business day when ``day`` is not
    one (``next-business-day``), ``day`` itself otherwise or under ``as-given``."""
    if notice_day == AS_GIVEN or calendar.is_business_day(day):
        return day
    return calendar.next_business_day_on_or_after(day)


def deemed_or_none(calendar: BusinessCalendar, day: Date | None, notice_day: str) -> Date | None:
    return None if day is None else deemed_day(calendar, day, notice_day)


@attrs.frozen
class DeemedAct:
    """An act whose deemed day differs from the day given (reports show both)."""

    subject: str  # "registration", a suspension id or a filing id
    field: str  # the scenario's field name
    given: Date
    deemed: Date


@attrs.frozen
class ActTerm:
    """An act's day in the model under either reading of ``notice-day``: its ordinal, and the
    business days strictly before it and on or before it. Moving a day to the next business
    day never changes ``before`` (no business day lies between them); ``through`` gains one."""

    day: z3.ArithRef
    before: z3.ArithRef
    through: z3.ArithRef


def act_term(calendar: BusinessCalendar, day: Date, as_given: z3.BoolRef) -> ActTerm:
    """The Z3 terms of an act dated ``day``; ``as_given`` is the model's reading switch."""
    moved = deemed_day(calendar, day, NEXT_BUSINESS_DAY)

    def either(given: int, deemed: int) -> z3.ArithRef:
        if given == deemed:
            return z3.IntVal(given)
        return ite(as_given, z3.IntVal(given), z3.IntVal(deemed))

    return ActTerm(
        day=either(day.toordinal(), moved.toordinal()),
        before=either(calendar.count_before(day), calendar.count_before(moved)),
        through=either(calendar.count_through(day), calendar.count_through(moved)),
    )


def deemed_acts(
    scenario: Scenario, calendar: BusinessCalendar, notice_day: str
) -> tuple[DeemedAct, ...]:
    """Every act of the scenario whose deemed day differs from the day given: the registration's
    (in the order of :data:`REGISTRATION_ACTS`), each fixed suspension's, each filing's, in file
    order."""
    found: list[DeemedAct] = []

    def add(subject: str, owner: object, fields: tuple[str, ...]) -> None:
        for field in fields:
            given = getattr(owner, field)
            if given is not None:
                deemed = deemed_day(calendar, given, notice_day)
                if deemed != given:
                    found.append(DeemedAct(subject, field, given, deemed))

    add("registration", scenario.dates, REGISTRATION_ACTS)
    for s in scenario.fixed_suspensions:
        add(s.id, s, SUSPENSION_ACTS)
    for f in scenario.filings:
        add(f.id, f, FILING_ACTS)
    return tuple(found)
