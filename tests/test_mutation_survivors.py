"""Boundaries that mutation testing (docs/testing.md, "Mutation testing") found unpinned: each
test kills mutants of model/ or checks/ that the rest of the suite let live, and each asserts
what the agreement says, in both implementations where the rule has two.

Business days are counted by hand in the comments (us-federal calendar). Baseline of
``tests.builders``: Effective Date Fri 2003-10-03, so the Registration Period runs through
add_years(2003-10-03, 2) = Mon 2005-10-03. Holidays used: Martin Luther King Jr. Day Mon
2004-01-19, Washington's Birthday Mon 2004-02-16.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import z3

from checks.validate import PlannedSuspensionError, validate
from model.calendars import CalendarCoverageError, build_calendar, holiday_names
from model.solver import BusinessDayEncoding, from_ordinal
from tests.builders import scenario, suspension
from tests.implementations import each_implementation

D = dt.date.fromisoformat


def keys(verdict):
    return set(verdict.violation_keys)


def status(verdict, sid):
    return next(s for s in verdict.suspensions if s.id == sid)


def filing(**fields):
    return scenario(filings=[{"id": "f1", **fields}])


# -- 3(c), 3(d): filings ---------------------------------------------------------------------


@each_implementation
def test_sec_response_copy_on_the_business_day_before_filing_across_presidents_day(check):
    # 3(d): copies of responses to SEC comments "not later than one (1) business day in
    # advance of the filing". Filed Tue 2004-02-17; copy Fri Feb 13: bd_after(Feb 13, 1) =
    # Tue Feb 17 (Mon Feb 16 is Washington's Birthday), so the copy is in time.
    v = check(filing(kind="sec-response", filed="2004-02-17", counsel_copy="2004-02-13"))
    assert keys(v) == set()


@each_implementation
def test_an_amendment_without_a_counsel_copy_breaks_counsel_review(check):
    # 3(c): Investor's Counsel reviews each amendment "not less than three (3) business days"
    # before filing; with no copy given the tool never assumes one (READING.md section 6).
    v = check(filing(kind="amendment", filed="2004-03-04"))
    assert keys(v) == {"counsel-review.lead-time:f1"}


@each_implementation
def test_notice_confirmed_on_the_next_business_day_across_presidents_day(check):
    # 3(d): "confirm such notice in writing no later than one (1) business day following the
    # day". Notice Fri 2004-02-13 -> bd_after(Feb 13, 1) = Tue Feb 17 (Feb 16 a holiday).
    # Counsel copy Feb 13 and notice Feb 13 are 3 business days before the filing on Thu
    # Feb 19 (Feb 17, 18, 19), so only the confirmation is in question.
    common = {
        "kind": "prospectus-supplement",
        "filed": "2004-02-19",
        "counsel_copy": "2004-02-13",
        "investor_notice": "2004-02-13",
        "confirmation_requested": "2004-02-13",
    }
    assert keys(check(filing(**common, confirmed="2004-02-17"))) == set()
    assert keys(check(filing(**common, confirmed="2004-02-18"))) == {
        "notice-confirmation.deadline:f1"
    }
    # Requested but never confirmed: broken, not assumed.
    assert keys(check(filing(**common))) == {"notice-confirmation.deadline:f1"}


@each_implementation
def test_confirmation_requested_of_a_notice_never_given_is_broken(check):
    # An amendment (3(d)(i)(A) notice does not apply to it) whose confirmation was requested
    # but which has no investor notice: nothing was confirmed in time (READING.md section 6).
    # Counsel copy Mon Mar 1 -> bd_after(Mar 1, 3) = Thu Mar 4: counsel review is met.
    v = check(
        filing(
            kind="amendment",
            filed="2004-03-04",
            counsel_copy="2004-03-01",
            confirmation_requested="2004-03-01",
            confirmed="2004-03-01",
        )
    )
    assert keys(v) == {"notice-confirmation.deadline:f1"}


# -- 3(a), 2(c): the Registration Period ------------------------------------------------------


@each_implementation
def test_warrant_extension_ends_the_period_three_years_after_effectiveness(check):
    # 2(c): "for one additional year": add_years(2003-10-03, 3) = 2006-10-03, and 2(c) is
    # why it ends then.
    period = check(scenario(dates={"warrant_extension": True})).timeline.registration_period
    assert period.end == D("2006-10-03")
    assert "2(c)" in period.ended_by


@each_implementation
@pytest.mark.parametrize("field", ["rule_144k", "no_longer_own"])
def test_a_later_rule_144k_or_ownership_date_does_not_extend_the_period(check, field):
    # 3(a): "until the earlier of" (i) Rule 144(k), (ii) no longer own, (iii) two years after
    # the Effective Date. 2005-12-01 is after add_years(2003-10-03, 2) = 2005-10-03.
    period = check(scenario(dates={field: "2005-12-01"})).timeline.registration_period
    assert period.end == D("2005-10-03")
    assert "3(a)(iii)" in period.ended_by


# -- 3(h): which suspensions count toward "up to two" -----------------------------------------


@each_implementation
def test_a_suspension_before_effectiveness_does_not_count_under_every_suspension(check):
    # count = every-suspension counts every earlier suspension *in the Registration Period*
    # (READING.md section 4). s0 (Sep 22-26) ends before the Effective Date Oct 3, so s2 is
    # only the second that counts. Spacing: bd_after(Jan 20, 10) = Feb 3 (Jan 21, 22, 23, 26,
    # 27, 28, 29, 30, Feb 2, 3). Notices: bd_after(Jan 5, 2) = Jan 7, bd_after(Jan 30, 2) =
    # Feb 3.
    v = check(
        scenario(
            suspension("s0", "2003-09-22", "2003-09-26", "2003-09-18"),
            suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
            suspension("s2", "2004-02-03", "2004-02-10", "2004-01-30"),
            interpretation={"count": "every-suspension"},
        )
    )
    assert keys(v) == {"suspension.before-effective:s0"}
    assert not status(v, "s0").counts
    assert status(v, "s1").counts and status(v, "s2").counts


@each_implementation
def test_a_suspension_after_the_registration_period_does_not_count(check):
    # A suspension starting after the period's last day (Mon 2005-10-03) is outside the
    # agreement's limits and uses up none of the two, under every-suspension too.
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
            suspension("s2", "2005-10-04", "2005-10-06", "2005-09-30"),
            interpretation={"count": "every-suspension"},
        )
    )
    assert keys(v) == set()
    s2 = status(v, "s2")
    assert s2.outside and not s2.counts


@each_implementation
def test_a_suspension_wholly_before_effectiveness_has_no_restricted_sale_date(check):
    # Restricted episodes are clipped to the Registration Period (READING.md section 5): the
    # days Sep 22-26, 2003 are all before the Effective Date Oct 3, so no episode, no payment.
    v = check(
        scenario(
            suspension("s0", "2003-09-22", "2003-09-26", "2003-09-18"),
            investors=[{"name": "A", "purchase_price": "100000.00"}],
        )
    )
    assert keys(v) == {"suspension.before-effective:s0"}
    assert status(v, "s0").restricted_from is None
    assert v.episodes == () and v.payments == ()


# -- business-day arithmetic (READING.md sections 1 and 2) -------------------------------------


def test_first_and_last_day_of_a_calendar_span_are_covered():
    # A calendar built for 2003 covers 2003-01-01 through 2003-12-31, both included.
    calendar = build_calendar("us-federal", 2003, 2003)
    assert not calendar.is_business_day(D("2003-01-01"))  # New Year's Day, a Wednesday
    assert calendar.is_business_day(D("2003-12-31"))  # a Wednesday, no holiday


def test_counting_past_the_end_of_a_calendar_span_is_a_coverage_error():
    # bd_after(Wed 2003-12-31, 1) = Fri 2004-01-02, outside a 2003 calendar: an input error,
    # never a guess and never an IndexError.
    calendar = build_calendar("us-federal", 2003, 2003)
    with pytest.raises(CalendarCoverageError):
        calendar.bd_after(D("2003-12-31"), 1)


def test_business_days_in_an_empty_range_are_zero():
    # bd_count(a, b) counts [a, b]; with b before a the range is empty.
    calendar = build_calendar("us-federal", 2004, 2004)
    assert calendar.bd_count(D("2004-01-09"), D("2004-01-08")) == 0


def test_the_last_covered_year_of_a_calendar_may_be_used():
    # The NYSE calendar covers 2003 to 2027 (model/calendars.py): 2027 itself is covered.
    calendar = build_calendar("nyse", 2003, 2027)
    assert calendar.covers(D("2027-12-31"))


def test_first_business_day_of_a_span_starting_on_a_sunday_is_the_monday():
    # 2006-01-01 is a Sunday; on the weekdays calendar (no holidays) the first business day of
    # a 2006 span is Mon Jan 2, in the Z3 encoding as in the calendar.
    calendar = build_calendar("weekdays", 2006, 2006)
    assert calendar.business_days[0] == D("2006-01-02")
    value = z3.simplify(BusinessDayEncoding(calendar).day_of(z3.IntVal(0)))
    assert from_ordinal(value.as_long()) == D("2006-01-02")


def test_us_banking_holidays_are_the_federal_reserves_and_a_saturday_one_is_not_moved():
    # READING.md section 2: us-banking is Monday to Friday less Federal Reserve holidays, "a
    # Saturday holiday is not moved". Columbus Day Mon 2003-10-13 and Veterans Day Tue
    # 2003-11-11 are Fed holidays (the NYSE trades on both); Good Friday 2004-04-09 is an NYSE
    # closure, not a Fed holiday; Christmas Day 2004 is a Saturday, so Fri 2004-12-24 is a
    # banking day (us-federal observes it that Friday instead).
    names = holiday_names("us-banking", range(2003, 2005))
    assert {D("2003-10-13"), D("2003-11-11")} <= set(names)
    assert D("2004-04-09") not in names
    assert D("2004-12-24") not in names
    assert D("2004-12-24") in holiday_names("us-federal", range(2003, 2005))
    assert D("2004-04-09") in holiday_names("nyse", range(2003, 2005))


# -- 2(b): restricted episodes, Periodic Amounts and Periodic Amount Shares -------------------

STOP_ORDER = {"id": "r1", "start": "2003-11-06", "end": "2003-11-10", "reason": "stop order"}


@each_implementation
def test_a_stop_order_and_an_unnoticed_suspension_are_restricted_episodes_with_payments(check):
    # r1: a stop order Thu 2003-11-06 .. Mon Nov 10: RSD Nov 6, cure Nov 11; Nov 6 is within
    # IRED + 90 days = 2004-01-04, so it gives payments (2(b)(ii)). 1.5% x 300,000.00 x 5/30 =
    # 750.00, due the earlier of Nov 6 + 30 = Dec 6 and bd_after(Tue Nov 11, 3) = Nov 12, 13,
    # 14 -> Fri Nov 14. s1: Mon 2004-03-01 .. Wed Mar 3 without advance notice is no Permitted
    # Suspension Period, so every day is restricted: RSD Mar 1, cure Mar 4, 1.5% x 300,000.00
    # x 3/30 = 450.00, due bd_after(Thu Mar 4, 3) = Mar 5, 8, 9 -> Tue Mar 9.
    v = check(
        scenario(
            suspension("s1", "2004-03-01", "2004-03-03"),
            restrictions=[STOP_ORDER],
            investors=[{"name": "A", "purchase_price": "300000.00"}],
        )
    )
    assert keys(v) == {"suspension.notice:s1"}
    assert [(e.subject, e.kind, e.restricted_sale_date, e.cure_date) for e in v.episodes] == [
        ("r1", "restriction", D("2003-11-06"), D("2003-11-11")),
        ("s1", "suspension", D("2004-03-01"), D("2004-03-04")),
    ]
    assert [(p.subject, p.days, p.amount, p.due) for p in v.payments] == [
        ("r1", 5, Decimal("750.00"), D("2003-11-14")),
        ("s1", 3, Decimal("450.00"), D("2004-03-09")),
    ]


@each_implementation
def test_a_periodic_amount_under_one_dollar_is_rounded_half_up_to_the_cent(check):
    # A one-day stop order (Thu 2003-11-06, cure Fri Nov 7) on a Purchase Price of 1,000.00:
    # 1.5% x 1,000.00 x 1/30 = 0.50 exactly.
    one_day = {**STOP_ORDER, "end": "2003-11-06"}
    v = check(
        scenario(restrictions=[one_day], investors=[{"name": "A", "purchase_price": "1000.00"}])
    )
    assert [p.amount for p in v.payments] == [Decimal("0.50")]


@each_implementation
def test_periodic_amount_shares_use_the_five_trading_days_before_the_computation_date(check):
    # 2(b)(iv): the amount "divided by 90% of the average Closing Bid Price for the last five
    # (5) trading days prior to the Computation Date". s1 as above: Computation Date Thu
    # 2004-03-04, amount 450.00. The five NYSE trading days before it: Wed Mar 3, Tue Mar 2,
    # Mon Mar 1, Fri Feb 27, Thu Feb 26 (Wed Feb 25 is the sixth, priced 9.99 and unused).
    # Average (2.00 + 2.10 + 2.20 + 2.30 + 2.40) / 5 = 2.20; 90% = 1.98; 450.00 / 1.98 =
    # 227.2727... -> 227.2727.
    prices = {
        "2004-02-25": "9.99",
        "2004-02-26": "2.00",
        "2004-02-27": "2.10",
        "2004-03-01": "2.20",
        "2004-03-02": "2.30",
        "2004-03-03": "2.40",
    }
    v = check(
        scenario(
            suspension("s1", "2004-03-01", "2004-03-03"),
            investors=[{"name": "A", "purchase_price": "300000.00"}],
            prices=[{"date": d, "closing_bid": p} for d, p in prices.items()],
        )
    )
    assert [(p.amount, p.periodic_amount_shares) for p in v.payments] == [
        (Decimal("450.00"), Decimal("227.2727"))
    ]


# -- what validate reports beside the findings -------------------------------------------------


def test_without_a_transfer_agent_date_the_verdict_says_3k_was_not_checked():
    # READING.md section 6 and docs/reading-notes.md: without transfer_agent_opinion, 3(k) is
    # not checked, and the verdict says so; with it (Wed 2003-10-08, within bd_after(Fri
    # Oct 3, 5) = Fri Oct 10) there is no such note.
    without = validate(scenario(dates={"transfer_agent_opinion": None}))
    assert [n.subject for n in without.notes if "3(k)" in n.message] == ["registration"]
    with_date = validate(scenario())
    assert not [n for n in with_date.notes if "3(k)" in n.message]


def test_validate_refuses_a_planned_suspension():
    # validate checks fixed schedules; a planned suspension is a question for find.
    planned = {"id": "p1", "start": {"earliest": "2004-01-05", "latest": "2004-02-27"}, "length": 5}
    with pytest.raises(PlannedSuspensionError):
        validate(scenario(planned))


# -- the dates each finding compares (model/explain.py, shared by both sides) ---------


def violation(verdict, key):
    (found,) = [v for v in verdict.violations if v.key == key]
    return found


@each_implementation
def test_ten_clear_business_days_reports_the_eleventh_business_day_as_the_earliest_start(check):
    # s1 ends Tue 2004-01-20; s2 starts Tue Feb 3, the 10th business day after (Jan 21, 22, 23,
    # 26, 27, 28, 29, 30, Feb 2, 3). Under ten-clear-business-days the earliest start is the
    # 11th, Wed Feb 4: missed by [Feb 3, Feb 4) = 1.
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
            suspension("s2", "2004-02-03", "2004-02-10", "2004-01-30"),
            interpretation={"spacing": "ten-clear-business-days"},
        )
    )
    found = violation(v, "suspension.min-gap:s2")
    assert found.dates["earliest_allowed_start"] == D("2004-02-04")
    assert found.missed_by_business_days == 1


def test_an_over_long_suspension_reports_its_fifteenth_business_day_as_the_last_permitted():
    # The Z3 model's findings (the reference evaluator words its own dates compared).
    # Wed 2004-01-07 .. Thu Jan 29 is 16 business days (MLK day Jan 19 skipped); the 15th is
    # Wed Jan 28 (Jan 7, 8, 9, 12, 13, 14, 15, 16, 20, 21, 22, 23, 26, 27, 28).
    v = validate(scenario(suspension("s1", "2004-01-07", "2004-01-29", "2004-01-05")))
    found = violation(v, "suspension.max-length:s1")
    assert found.dates["last_permitted_day"] == D("2004-01-28")
    assert found.missed_by_business_days == 1


@each_implementation
def test_a_late_transfer_agent_opinion_reports_the_fifth_business_day_deadline(check):
    # 3(k): bd_after(Fri 2003-10-03, 5) = Oct 6, 7, 8, 9, 10 -> Fri Oct 10. Opinion Tue Oct 14:
    # late by the business days in (Oct 10, Oct 14] = Oct 14 (Mon Oct 13 is Columbus Day) = 1.
    v = check(scenario(dates={"transfer_agent_opinion": "2003-10-14"}))
    found = violation(v, "transfer-agent.deadline:registration")
    assert found.dates["deadline"] == D("2003-10-10")
    assert found.missed_by_business_days == 1


def test_late_copies_report_the_latest_day_counsel_could_have_had_them():
    # The Z3 model's findings (the reference evaluator words its own dates compared).
    # Filed Mon 2004-03-01. SEC response (3(d)): latest copy bd_before(Mar 1, 1) = Fri Feb 27;
    # the copy came Mar 1, 1 business day late. Amendment (3(c)): latest copy bd_before(Mar 1,
    # 3) = Wed Feb 25 (Feb 27, 26, 25); the copy came Thu Feb 26, 1 business day late. Both
    # went to Investor's Counsel.
    v = validate(
        scenario(
            filings=[
                {
                    "id": "f1",
                    "kind": "sec-response",
                    "filed": "2004-03-01",
                    "counsel_copy": "2004-03-01",
                },
                {
                    "id": "f2",
                    "kind": "amendment",
                    "filed": "2004-03-01",
                    "counsel_copy": "2004-02-26",
                },
            ]
        )
    )
    response = violation(v, "sec-response.lead-time:f1")
    assert response.dates["latest_counsel_copy"] == D("2004-02-27")
    assert response.missed_by_business_days == 1
    review = violation(v, "counsel-review.lead-time:f2")
    assert review.dates["latest_counsel_copy"] == D("2004-02-25")
    assert review.missed_by_business_days == 1
    assert "Investor's Counsel" in response.message and "Investor's Counsel" in review.message


def test_a_late_confirmation_reports_the_next_business_day_deadline():
    # The Z3 model's finding. 3(d): notice Fri 2004-02-13, deadline bd_after(Feb 13, 1) = Tue
    # Feb 17 (Feb 16 a holiday); confirmed Wed Feb 18, late by [Feb 18, Feb 18] = 1. Never
    # confirmed: the same deadline, no count.
    common = {
        "kind": "prospectus-supplement",
        "filed": "2004-02-19",
        "counsel_copy": "2004-02-13",
        "investor_notice": "2004-02-13",
        "confirmation_requested": "2004-02-13",
    }
    late = violation(
        validate(filing(**common, confirmed="2004-02-18")), "notice-confirmation.deadline:f1"
    )
    assert late.dates["deadline"] == D("2004-02-17") and late.missed_by_business_days == 1
    never = violation(validate(filing(**common)), "notice-confirmation.deadline:f1")
    assert never.dates["deadline"] == D("2004-02-17") and never.missed_by_business_days is None


@each_implementation
@pytest.mark.parametrize(
    ("effective", "end"),
    [
        # The 29th of a month other than February: add_years keeps the day.
        ("2003-10-29", "2005-10-29"),
        # 29 February 2008: 2010 has no 29 February, so feb-28 (3(a)(iii), READING.md 3).
        ("2008-02-29", "2010-02-28"),
    ],
)
def test_two_years_after_an_effective_date_on_the_29th(check, effective, end):
    dates = {"effective": effective, "transfer_agent_opinion": None}
    period = check(scenario(dates=dates)).timeline.registration_period
    assert period.end == D(end)
