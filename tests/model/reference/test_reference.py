"""The reference evaluator (model/reference/) against examples worked by hand from the
agreement: the last compliant day and the first that is not, for every rule of 3(h) and of
section 6, the derived dates, and the Periodic Amounts of 2(b).

Every expected value was counted by hand from a printed calendar; the counting is in the
comments. Calendar: us-federal unless a test says otherwise. US federal holidays used here:
Labor Day Mon 2003-09-01, Columbus Day Mon 2003-10-13, Thanksgiving Thu 2003-11-27, Martin Luther
King Jr. Day Mon 2004-01-19, Washington's Birthday Mon 2004-02-16. NYSE (the trading calendar of
2(b)(iv)) closed Thanksgiving 2003-11-27 and was open Fri 2003-11-28.

Baseline (the helper ``build``): 10-Q filed Thu 2003-08-14, so the Required Filing Date is
bd_after(Aug 14, 5) = Aug 15, 18, 19, 20, 21 -> Thu 2003-08-21, and the Registration Statement
is filed that day; SEC clearance notice Wed 2003-10-01, so the IRED is Oct 1 + 5 days = Mon
2003-10-06; effective Fri 2003-10-03; transfer agent opinion Wed 2003-10-08 (deadline
bd_after(Oct 3, 5) = Oct 6, 7, 8, 9, 10 -> Fri 2003-10-10). Registration Period 2003-10-03
through add_years(2003-10-03, 2) = 2005-10-03. IRED + 90 days = Oct 6 + 25 (Oct 31) + 30
(Nov 30) + 31 (Dec 31) + 4 = Sun 2004-01-04.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from model.findings import SuspensionStatus, Verdict, Violation
from model.loading import structure_scenario
from model.reference import evaluate
from model.scenario import Scenario
from tests.builders import BASE, scenario, suspension

D = dt.date.fromisoformat
M = Decimal


def build(
    *suspensions: dict[str, Any],
    dates: dict[str, Any] | None = None,
    interpretation: dict[str, str] | None = None,
    **sections: Any,
) -> Scenario:
    """The baseline scenario (tests/builders.py) with these suspensions; ``dates`` overrides
    (None removes a date); other sections (investors, restrictions, filings, prices, scenario)
    as the file has them."""
    header = sections.pop("scenario", None)
    return scenario(
        *suspensions, interpretation=interpretation, dates=dates, header=header, **sections
    )


def investor(name: str, price: str, *sales: tuple[str, str]) -> dict[str, Any]:
    return {
        "name": name,
        "purchase_price": price,
        "sales": [{"date": d, "purchase_price": p} for d, p in sales],
    }


def restriction(id: str, start: str, end: str) -> dict[str, Any]:
    return {"id": id, "start": start, "end": end, "reason": "stop order"}


def keys(verdict: Verdict) -> list[str]:
    return [v.key for v in verdict.violations]


def only(verdict: Verdict, key: str) -> Violation:
    (found,) = [v for v in verdict.violations if v.key == key]
    return found


def status(verdict: Verdict, sid: str) -> SuspensionStatus:
    return next(s for s in verdict.suspensions if s.id == sid)


def rows(verdict: Verdict) -> list[tuple[object, ...]]:
    return [
        (p.investor, p.subject, p.computation_date, p.days, p.amount, p.due)
        for p in verdict.payments
    ]


SF = investor("SF Capital Partners Ltd.", "1500000.00")  # 1.5% = 22,500.00 per 30 days


# -- derived dates (1(h), 2(a)(i), 3(a)) --------------------------------------------------------


def test_baseline_dates_are_the_fifth_business_day_and_five_calendar_days() -> None:
    v = evaluate(build())
    assert v.timeline.required_filing_date == D("2003-08-21")
    assert v.timeline.initial_required_effective_date == D("2003-10-06")
    assert v.timeline.registration_period.start == D("2003-10-03")
    assert v.timeline.registration_period.end == D("2005-10-03")
    assert v.compliant and v.payments == () and v.episodes == ()


def test_required_filing_date_counts_past_labor_day() -> None:
    # 10-Q filed Thu 2003-08-28: Aug 29 (1), Sep 1 Labor Day skipped, Sep 2, 3, 4, 5 (5)
    # -> Fri 2003-09-05. Filed that day: on time; filed Mon Sep 8: one business day late
    # (business days in [Sep 6, Sep 8]: Sep 8 only).
    on_time = evaluate(
        build(dates={"quarterly_report_filed": "2003-08-28", "registration_filed": "2003-09-05"})
    )
    assert on_time.timeline.required_filing_date == D("2003-09-05")
    assert keys(on_time) == []
    late = evaluate(
        build(dates={"quarterly_report_filed": "2003-08-28", "registration_filed": "2003-09-08"})
    )
    assert keys(late) == ["filing.deadline:registration"]
    assert only(late, "filing.deadline:registration").missed_by_business_days == 1


def test_initial_required_effective_date_counts_calendar_days_onto_a_weekend() -> None:
    # Clearance Mon 2003-09-29 + 5 days = Sat 2003-10-04: "five (5) days", not business days.
    # Effective Fri Oct 3: in time. Effective Mon Oct 6: late by the business days in
    # [Sun Oct 5, Mon Oct 6] = 1.
    in_time = evaluate(build(dates={"sec_clearance_notice": "2003-09-29"}))
    assert in_time.timeline.initial_required_effective_date == D("2003-10-04")
    assert keys(in_time) == []
    late = evaluate(build(dates={"sec_clearance_notice": "2003-09-29", "effective": "2003-10-06"}))
    assert keys(late) == ["effectiveness.deadline:registration"]
    assert only(late, "effectiveness.deadline:registration").missed_by_business_days == 1


def test_effective_on_the_ired_is_in_time_and_the_day_after_is_late_without_payment() -> None:
    # IRED Mon 2003-10-06. Effective Tue Oct 7: late by 1 ([Oct 7, Oct 7]); a best-efforts
    # covenant, so no payment even with an Investor.
    assert keys(evaluate(build(dates={"effective": "2003-10-06"}))) == []
    late = evaluate(build(dates={"effective": "2003-10-07"}, investors=[SF]))
    assert keys(late) == ["effectiveness.deadline:registration"]
    assert only(late, "effectiveness.deadline:registration").missed_by_business_days == 1
    assert late.payments == ()


LEAP = {
    # ED Sun 2004-02-29; clearance Thu 2004-02-26 -> IRED Feb 26 + 5 = Tue 2004-03-02 (leap
    # year: Feb 27, 28, 29, Mar 1, 2); 3(k) deadline bd_after(Sun Feb 29, 5) = Mar 1, 2, 3, 4, 5.
    "sec_clearance_notice": "2004-02-26",
    "effective": "2004-02-29",
    "transfer_agent_opinion": "2004-03-03",
}


def test_two_years_after_29_february_is_28_february_by_default() -> None:
    # add_years(2004-02-29, 2): there is no 2006-02-29 -> 2006-02-28. A suspension without
    # notice starting Wed 2006-03-01 starts after the Registration Period: outside, no rule.
    v = evaluate(build(suspension("s1", "2006-03-01", "2006-03-03"), dates=LEAP, investors=[SF]))
    assert v.timeline.registration_period.end == D("2006-02-28")
    s1 = status(v, "s1")
    assert s1.outside and not s1.permitted and not s1.counts and s1.restricted_from is None
    assert keys(v) == [] and v.payments == ()


def test_two_years_after_29_february_is_1_march_under_leap_day_mar_1() -> None:
    # leap-day = mar-1: the period ends 2006-03-01, so the suspension starts on its last day:
    # no notice (lawful) -> notice broken, restricted every day, clipped to Mar 1 only.
    # Payment: r = Mar 1, c = Mar 2, 1 day: 22,500.00 x 1/30 = 750.00; due the earlier of
    # Mar 1 + 30 = Mar 31 and bd_after(Thu Mar 2, 3) = Mar 3, 6, 7 -> Tue 2006-03-07.
    v = evaluate(
        build(
            suspension("s1", "2006-03-01", "2006-03-03"),
            dates=LEAP,
            investors=[SF],
            interpretation={"leap-day": "mar-1"},
        )
    )
    assert v.timeline.registration_period.end == D("2006-03-01")
    assert keys(v) == ["suspension.notice:s1"]
    assert status(v, "s1").restricted_from == D("2006-03-01")
    assert [(e.restricted_sale_date, e.cure_date) for e in v.episodes] == [
        (D("2006-03-01"), D("2006-03-02"))
    ]
    assert rows(v) == [
        ("SF Capital Partners Ltd.", "s1", D("2006-03-02"), 1, M("750.00"), D("2006-03-07"))
    ]


def test_rule_144k_date_ends_the_period_and_a_later_suspension_is_outside() -> None:
    # Rule 144(k) 2004-06-01 is earlier than 2005-10-03: the period ends 2004-06-01.
    v = evaluate(
        build(suspension("s1", "2004-06-02", "2004-06-03"), dates={"rule_144k": "2004-06-01"})
    )
    assert v.timeline.registration_period.end == D("2004-06-01")
    assert v.timeline.registration_period.ended_by == "Rule 144(k) (3(a)(i))"
    assert status(v, "s1").outside and keys(v) == []


def test_warrant_extension_makes_the_period_three_years() -> None:
    v = evaluate(build(dates={"warrant_extension": True}))
    assert v.timeline.registration_period.end == D("2006-10-03")


# -- 3(h) before-effective: "after the date of effectiveness" -------------------------------------


def test_suspension_may_start_on_the_effective_date() -> None:
    # Notice Wed Oct 1 -> bd_after(Oct 1, 2) = Oct 2, 3 -> Fri Oct 3 = start. Length Oct 3, 6,
    # 7, 8 = 4 business days: wholly a Permitted Suspension Period.
    v = evaluate(build(suspension("s1", "2003-10-03", "2003-10-08", "2003-10-01")))
    assert keys(v) == []
    s1 = status(v, "s1")
    assert s1.business_days == 4 and s1.eligible and s1.permitted and s1.counts
    assert s1.restricted_from is None and s1.permitted_until == D("2003-10-08")


def test_suspension_starting_before_effectiveness_is_restricted_from_the_effective_date() -> None:
    # Start Thu Oct 2 < ED Fri Oct 3: broken, missed by the business days in [Oct 2, Oct 3) = 1.
    # Notice Tue Sep 30 -> Oct 1, 2: in time. Not eligible: restricted on every day from the
    # Effective Date (earlier days are outside the Registration Period): RSD Oct 3, cure Oct 9.
    # Payment: Oct 3 -> Oct 9 = 6 days: 22,500.00 x 6/30 = 4,500.00; due the earlier of
    # Oct 3 + 30 = Sun Nov 2 and bd_after(Thu Oct 9, 3) = Oct 10, 14, 15 (Columbus Day Oct 13
    # skipped) -> Wed 2003-10-15.
    v = evaluate(build(suspension("s1", "2003-10-02", "2003-10-08", "2003-09-30"), investors=[SF]))
    assert keys(v) == ["suspension.before-effective:s1"]
    found = only(v, "suspension.before-effective:s1")
    assert found.missed_by_business_days == 1 and found.section == "3(h)"
    s1 = status(v, "s1")
    assert not s1.eligible and not s1.permitted and s1.restricted_from == D("2003-10-03")
    assert rows(v) == [
        ("SF Capital Partners Ltd.", "s1", D("2003-10-09"), 6, M("4500.00"), D("2003-10-15"))
    ]


# -- 3(h)(i) max-length: "more than fifteen (15) business days" ---------------------------------
# From Wed 2004-01-07: Jan 7, 8, 9 (3), 12-16 (8), MLK Mon Jan 19 skipped, 20-23 (12), 26, 27,
# 28 (15), 29 (16). Notice Mon Jan 5 -> Jan 6, 7: in time.


def test_fifteen_business_days_across_a_federal_holiday_are_a_permitted_suspension_period() -> None:
    v = evaluate(build(suspension("s1", "2004-01-07", "2004-01-28", "2004-01-05")))
    assert keys(v) == []
    s1 = status(v, "s1")
    assert s1.business_days == 15 and s1.permitted and s1.restricted_from is None


def test_sixteenth_business_day_is_restricted_and_pays() -> None:
    # 16 business days: max-length broken by 1. first-fifteen: Jan 7-28 permitted, Jan 29
    # restricted. Payment: r = Thu Jan 29, c = Jan 30, 1 day: 750.00; due the earlier of
    # Jan 29 + 30 = Feb 28 and bd_after(Fri Jan 30, 3) = Feb 2, 3, 4 -> Wed 2004-02-04.
    v = evaluate(build(suspension("s1", "2004-01-07", "2004-01-29", "2004-01-05"), investors=[SF]))
    assert keys(v) == ["suspension.max-length:s1"]
    found = only(v, "suspension.max-length:s1")
    assert found.missed_by_business_days == 1 and found.section == "3(h)(i)"
    s1 = status(v, "s1")
    assert s1.business_days == 16 and s1.eligible and s1.permitted and s1.counts
    assert s1.permitted_until == D("2004-01-28") and s1.restricted_from == D("2004-01-29")
    assert rows(v) == [
        ("SF Capital Partners Ltd.", "s1", D("2004-01-30"), 1, M("750.00"), D("2004-02-04"))
    ]


# An over-long suspension whose 15th business day is a Friday: from Fri 2004-01-30: Jan 30 (1),
# Feb 2-6 (6), Feb 9-13 (11), Presidents Day Mon Feb 16 skipped, Feb 17-20 (15, Fri), Mon Feb 23
# (16), Feb 24-27 (20). Notice Wed Jan 28 -> Jan 29, 30: in time.
OVERLONG = suspension("s1", "2004-01-30", "2004-02-27", "2004-01-28")


def test_weekend_between_fifteenth_and_sixteenth_business_day_belongs_to_the_permitted_period() -> (
    None
):
    v = evaluate(build(OVERLONG))
    assert keys(v) == ["suspension.max-length:s1"]
    assert only(v, "suspension.max-length:s1").missed_by_business_days == 5  # 20 - 15
    s1 = status(v, "s1")
    assert s1.business_days == 20 and s1.permitted and s1.counts
    assert s1.permitted_until == D("2004-02-22")  # Sunday, the day before the 16th
    assert s1.restricted_from == D("2004-02-23")
    assert [(e.restricted_sale_date, e.cure_date) for e in v.episodes] == [
        (D("2004-02-23"), D("2004-02-28"))
    ]


def test_sixteenth_business_day_after_the_registration_period_ends_restricts_nothing() -> None:
    # Rule 144(k) Wed 2004-01-28 ends the period. s1 Jan 7 .. Thu Jan 29 (16 business days, as
    # above) starts inside it, so max-length is broken; but its 16th business day, Jan 29, is
    # after the period: no restricted day, no episode, no payment.
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-29", "2004-01-05"),
            dates={"rule_144k": "2004-01-28"},
            investors=[SF],
        )
    )
    assert keys(v) == ["suspension.max-length:s1"]
    s1 = status(v, "s1")
    assert s1.permitted and not s1.outside and s1.restricted_from is None
    assert v.episodes == () and v.payments == ()


def test_overlength_whole_makes_an_overlong_suspension_no_permitted_period_and_uncounted() -> None:
    # overlength = whole: still eligible (no eligibility rule broken) but not a PSP at all:
    # restricted from its first day, and under count = permitted-only it does not count.
    v = evaluate(build(OVERLONG, interpretation={"overlength": "whole"}))
    assert keys(v) == ["suspension.max-length:s1"]
    s1 = status(v, "s1")
    assert s1.eligible and not s1.permitted and not s1.counts
    assert s1.restricted_from == D("2004-01-30") and s1.permitted_until is None


def test_suspension_starting_on_a_saturday_counts_from_the_monday() -> None:
    # Sat 2004-01-10 .. Tue 2004-02-03: Jan 12-16 (5), MLK Jan 19 skipped, 20-23 (9), 26-30
    # (14), Feb 2 (15), Feb 3 (16). Notice Wed Jan 7 -> Jan 8, 9 -> Fri Jan 9 <= Sat Jan 10.
    v = evaluate(build(suspension("s1", "2004-01-10", "2004-02-03", "2004-01-07")))
    assert keys(v) == ["suspension.max-length:s1"]
    s1 = status(v, "s1")
    assert s1.business_days == 16
    assert s1.permitted_until == D("2004-02-02") and s1.restricted_from == D("2004-02-03")


def test_notice_on_thursday_is_short_for_a_suspension_starting_saturday() -> None:
    # Notice Thu Jan 8 -> bd_after(Jan 8, 2) = Jan 9, 12 -> Mon Jan 12 > Sat Jan 10: broken.
    # The business days in [Sat Jan 10, Mon Jan 12) are none: it missed by 0 business days.
    v = evaluate(build(suspension("s1", "2004-01-10", "2004-01-16", "2004-01-08")))
    assert keys(v) == ["suspension.notice:s1"]
    assert only(v, "suspension.notice:s1").missed_by_business_days == 0


# -- 3(h)(ii) min-gap: "begin less than ten (10) business days after the last day" ---------------
# s1 Wed Jan 7 .. Tue Jan 20 (notice Mon Jan 5). bd_after(Jan 20, 10): Jan 21, 22, 23 (3),
# 26-30 (8), Feb 2 (9), Tue Feb 3 (10); the 11th is Wed Feb 4.
FIRST = suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05")


def test_second_suspension_may_begin_on_tenth_business_day() -> None:
    # s2 Tue Feb 3 (notice Fri Jan 30 -> Feb 2, 3).
    v = evaluate(build(FIRST, suspension("s2", "2004-02-03", "2004-02-05", "2004-01-30")))
    assert keys(v) == []
    assert status(v, "s1").business_days == 9  # Jan 7, 8, 9, 12-16, 20 (MLK skipped)
    assert status(v, "s2").permitted


def test_second_suspension_on_ninth_business_day_breaks_min_gap_and_is_restricted() -> None:
    # s2 Mon Feb 2 (notice Thu Jan 29 -> Jan 30, Feb 2): missed by [Feb 2, Feb 3) = 1.
    v = evaluate(build(FIRST, suspension("s2", "2004-02-02", "2004-02-05", "2004-01-29")))
    assert keys(v) == ["suspension.min-gap:s2"]
    found = only(v, "suspension.min-gap:s2")
    assert found.section == "3(h)(ii)" and found.missed_by_business_days == 1
    assert found.dates == {
        "start": D("2004-02-02"),
        "earliest_allowed_start": D("2004-02-03"),
        "previous_end": D("2004-01-20"),
    }
    s2 = status(v, "s2")
    assert not s2.eligible and not s2.permitted and s2.restricted_from == D("2004-02-02")


def test_ten_clear_business_days_makes_the_tenth_too_soon_and_the_eleventh_allowed() -> None:
    ten_clear = {"spacing": "ten-clear-business-days"}
    tenth = evaluate(
        build(
            FIRST,
            suspension("s2", "2004-02-03", "2004-02-05", "2004-01-30"),
            interpretation=ten_clear,
        )
    )
    assert keys(tenth) == ["suspension.min-gap:s2"]
    assert only(tenth, "suspension.min-gap:s2").missed_by_business_days == 1  # [Feb 3, Feb 4)
    # s2 Wed Feb 4, notice Mon Feb 2 -> Feb 3, 4.
    eleventh = evaluate(
        build(
            FIRST,
            suspension("s2", "2004-02-04", "2004-02-06", "2004-02-02"),
            interpretation=ten_clear,
        )
    )
    assert keys(eleventh) == []


def test_weekend_at_either_end_of_the_gap() -> None:
    # s1 ends Fri Jan 9: the count starts Monday: Jan 12-16 (5), MLK skipped, 20-23 (9),
    # Mon Jan 26 (10). Starting Sun Jan 25 is too soon (only 9 business days after Jan 9),
    # though no business day lies in [Jan 25, Jan 26): missed by 0. Mon Jan 26 is allowed.
    s1 = suspension("s1", "2004-01-07", "2004-01-09", "2004-01-05")
    sunday = evaluate(build(s1, suspension("s2", "2004-01-25", "2004-01-28", "2004-01-21")))
    assert keys(sunday) == ["suspension.min-gap:s2"]
    assert only(sunday, "suspension.min-gap:s2").missed_by_business_days == 0
    monday = evaluate(build(s1, suspension("s2", "2004-01-26", "2004-01-28", "2004-01-22")))
    assert keys(monday) == []


def test_preceding_suspension_counts_for_the_gap_even_when_it_was_not_permitted() -> None:
    # s1 without notice (not permitted) still spaces s2: "whether or not such last day was
    # during or after a Permitted Suspension Period".
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-20"),
            suspension("s2", "2004-02-02", "2004-02-05", "2004-01-29"),
        )
    )
    assert keys(v) == ["suspension.notice:s1", "suspension.min-gap:s2"]


# -- 3(h) max-count: "up to two such suspension periods" ----------------------------------------
# s1 Wed Jan 7 .. Fri Jan 9 (notice Mon Jan 5). bd_after(Jan 9, 10) = Mon Jan 26 (above).
# s2 Mon Jan 26 .. Wed Jan 28 (notice Thu Jan 22 -> Jan 23, 26).
# bd_after(Wed Jan 28, 10): Jan 29, 30 (2), Feb 2-6 (7), Feb 9, 10, 11 (10) -> Wed Feb 11.
# s3 Wed Feb 11 .. Fri Feb 13 (notice Mon Feb 9 -> Feb 10, 11).
S1 = suspension("s1", "2004-01-07", "2004-01-09", "2004-01-05")
S2 = suspension("s2", "2004-01-26", "2004-01-28", "2004-01-22")
S3 = suspension("s3", "2004-02-11", "2004-02-13", "2004-02-09")


def test_third_suspension_after_two_permitted_periods_breaks_max_count() -> None:
    v = evaluate(build(S1, S2, S3))
    assert keys(v) == ["suspension.max-count:s3"]
    found = only(v, "suspension.max-count:s3")
    assert found.missed_by_business_days is None and found.section == "3(h)"
    assert [s.counts for s in v.suspensions] == [True, True, False]
    assert status(v, "s3").restricted_from == D("2004-02-11")


def test_a_suspension_that_was_not_permitted_does_not_use_up_one_of_two() -> None:
    # s1 without notice: not a PSP, so under count = permitted-only s3 is the second.
    v = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09"), S2, S3))
    assert keys(v) == ["suspension.notice:s1"]
    assert [s.counts for s in v.suspensions] == [False, True, True]
    assert status(v, "s3").permitted


def test_count_every_suspension_makes_the_unpermitted_one_count() -> None:
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-09"),
            S2,
            S3,
            interpretation={"count": "every-suspension"},
        )
    )
    assert keys(v) == ["suspension.notice:s1", "suspension.max-count:s3"]
    # Every suspension with a day in the Registration Period counts, s3 too (for a fourth).
    assert [s.counts for s in v.suspensions] == [True, True, True]


# -- 3(h) proviso: "at least two (2) business days' notice" -------------------------------------


def test_notice_two_business_days_before_is_enough_and_one_is_short() -> None:
    # Start Wed Jan 7: notice Mon Jan 5 -> Jan 6, 7: in time. Notice Tue Jan 6 -> Jan 7, 8:
    # earliest Thu Jan 8, missed by [Jan 7, Jan 8) = 1.
    assert keys(evaluate(build(suspension("s1", "2004-01-07", "2004-01-09", "2004-01-05")))) == []
    short = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09", "2004-01-06")))
    assert keys(short) == ["suspension.notice:s1"]
    found = only(short, "suspension.notice:s1")
    assert found.missed_by_business_days == 1
    assert found.dates["earliest_allowed_start"] == D("2004-01-08")
    assert not status(short, "s1").permitted


def test_notice_counts_across_a_weekend_and_a_holiday() -> None:
    # Notice Fri Jan 16: Mon Jan 19 is MLK Day -> Jan 20, 21: start Wed Jan 21 in time,
    # Tue Jan 20 one business day short.
    assert keys(evaluate(build(suspension("s1", "2004-01-21", "2004-01-23", "2004-01-16")))) == []
    short = evaluate(build(suspension("s1", "2004-01-20", "2004-01-23", "2004-01-16")))
    assert keys(short) == ["suspension.notice:s1"]
    assert only(short, "suspension.notice:s1").missed_by_business_days == 1


def test_missing_notice_breaks_the_rule_unless_notice_was_unlawful() -> None:
    missing = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09")))
    assert keys(missing) == ["suspension.notice:s1"]
    assert only(missing, "suspension.notice:s1").missed_by_business_days is None
    unlawful = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09", lawful=False)))
    assert keys(unlawful) == [] and status(unlawful, "s1").permitted


def test_notice_as_covenant_reports_short_notice_but_keeps_the_permitted_period() -> None:
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-09", "2004-01-06"),
            investors=[SF],
            interpretation={"notice": "covenant"},
        )
    )
    assert keys(v) == ["suspension.notice:s1"]
    s1 = status(v, "s1")
    assert s1.eligible and s1.permitted and s1.restricted_from is None
    assert v.payments == ()


# -- 2(b) penalty window ------------------------------------------------------------------------


def test_restricted_suspension_pays_after_ired_plus_90_days_by_cross_reference() -> None:
    # s1 without notice, Wed Jan 7 .. Fri Jan 9: RSD Jan 7 > IRED + 90 = Jan 4, but 3(h)
    # applies 2(b) to it: r = Jan 7, c = Jan 10, 3 days: 22,500.00 x 3/30 = 2,250.00; due the
    # earlier of Feb 6 and bd_after(Sat Jan 10, 3) = Jan 12, 13, 14 -> 2004-01-14.
    v = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09"), investors=[SF]))
    assert rows(v) == [
        ("SF Capital Partners Ltd.", "s1", D("2004-01-10"), 3, M("2250.00"), D("2004-01-14"))
    ]
    assert v.total_payments == M("2250.00")


def test_literal_90_days_reading_pays_nothing_for_a_later_restricted_sale_date() -> None:
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-09"),
            investors=[SF],
            interpretation={"penalty-window": "literal-90-days"},
        )
    )
    assert [e.gives_payments for e in v.episodes] == [False]
    assert v.payments == () and v.total_payments == M("0.00")


def test_stop_order_on_ired_plus_90_days_pays_and_the_day_after_does_not() -> None:
    # Stop order Sun Jan 4 .. Tue Jan 6: RSD = IRED + 90: pays. r = Jan 4, c = Jan 7, 3 days:
    # 2,250.00, due the earlier of Feb 3 and bd_after(Wed Jan 7, 3) = Jan 8, 9, 12 -> Jan 12.
    pays = evaluate(
        build(investors=[SF], restrictions=[restriction("stop", "2004-01-04", "2004-01-06")])
    )
    assert rows(pays) == [
        ("SF Capital Partners Ltd.", "stop", D("2004-01-07"), 3, M("2250.00"), D("2004-01-12"))
    ]
    later = evaluate(
        build(investors=[SF], restrictions=[restriction("stop", "2004-01-05", "2004-01-07")])
    )
    assert [(e.subject, e.gives_payments) for e in later.episodes] == [("stop", False)]
    assert later.payments == ()


# -- 2(b) Periodic Amounts ----------------------------------------------------------------------


def test_filed_forty_five_days_late_totals_one_and_a_half_percent_as_illustrated() -> None:
    # RFD Thu 2003-08-21; filed 45 days later, Sun 2003-10-05 (effective moved to the IRED,
    # Mon Oct 6, so that it is not before the filing). Investor 1,000,000.00 at 1%:
    # c_1 = Aug 21 + 30 = Sat 2003-09-20 (a Computation Date on a weekend, not moved), 30 days:
    #   10,000.00, due Sep 20.
    # c_2 = Oct 5, 15 days: 5,000.00, due the earlier of Aug 21 + 60 = Oct 20 and
    #   bd_after(Sun Oct 5, 3) = Oct 6, 7, 8 -> Oct 8.
    # Total 15,000.00 = 1.5% of 1,000,000.00. filing.deadline missed by the business days in
    # [Aug 22, Oct 5]: Aug 22 (1), Aug 25-29 (6), Labor Day skipped, Sep 2-5 (10), Sep 8-12,
    # 15-19, 22-26 (25), Sep 29-Oct 3 (30). The illustration counts calendar days, so the
    # Sunday filing is taken as given (notice-day = as-given); the default reading is below.
    v = evaluate(
        build(
            dates={"registration_filed": "2003-10-05", "effective": "2003-10-06"},
            investors=[investor("A", "1000000.00")],
            interpretation={"notice-day": "as-given"},
        )
    )
    assert keys(v) == ["filing.deadline:registration"]
    assert only(v, "filing.deadline:registration").missed_by_business_days == 30
    assert rows(v) == [
        ("A", "registration", D("2003-09-20"), 30, M("10000.00"), D("2003-09-20")),
        ("A", "registration", D("2003-10-05"), 15, M("5000.00"), D("2003-10-08")),
    ]
    assert all(p.trigger == "late-filing" for p in v.payments)
    assert all(p.restricted_sale_date == D("2003-08-21") for p in v.payments)
    assert v.total_payments == M("15000.00") == M("1000000.00") * M("0.015")


def test_sunday_filing_is_deemed_filed_on_monday_and_pays_one_more_day() -> None:
    # READING.md section 1 (notice-day = next-business-day): the Sunday 2003-10-05 filing is
    # deemed made on Mon 2003-10-06. c_2 = Oct 6, 16 days: 1% x 1,000,000.00 x 16/30 =
    # 5,333.33 (5,333.333...), due bd_after(Mon Oct 6, 3) = Oct 9. Missed by [Aug 22, Oct 6] =
    # 31 business days.
    v = evaluate(
        build(
            dates={"registration_filed": "2003-10-05", "effective": "2003-10-06"},
            investors=[investor("A", "1000000.00")],
        )
    )
    late = only(v, "filing.deadline:registration")
    assert late.missed_by_business_days == 31
    assert late.dates["registration_filed"] == D("2003-10-05")
    assert late.dates["registration_filed_deemed"] == D("2003-10-06")
    assert rows(v) == [
        ("A", "registration", D("2003-09-20"), 30, M("10000.00"), D("2003-09-20")),
        ("A", "registration", D("2003-10-06"), 16, M("5333.33"), D("2003-10-09")),
    ]


def test_filed_one_day_late_pays_one_thirtieth_of_one_percent() -> None:
    # Filed Fri Aug 22: 1 day, 1% x 1,500,000.00 x 1/30 = 500.00; due the earlier of Sep 20
    # and bd_after(Fri Aug 22, 3) = Aug 25, 26, 27 -> Aug 27. Missed by [Aug 22, Aug 22] = 1.
    v = evaluate(build(dates={"registration_filed": "2003-08-22"}, investors=[SF]))
    assert keys(v) == ["filing.deadline:registration"]
    assert only(v, "filing.deadline:registration").missed_by_business_days == 1
    assert rows(v) == [
        (
            "SF Capital Partners Ltd.",
            "registration",
            D("2003-08-22"),
            1,
            M("500.00"),
            D("2003-08-27"),
        )
    ]


def test_episode_longer_than_sixty_days_runs_thirty_thirty_fifteen() -> None:
    # Stop order Mon 2003-12-01 .. Fri 2004-02-13 (RSD Dec 1 <= Jan 4: pays); cure Sat Feb 14.
    # c_1 = Dec 31 (30 days), c_2 = Jan 30 (30 days), c_3 = Feb 14 (15 days, a Saturday).
    # 22,500.00, 22,500.00, 11,250.00. Dues: Dec 1 + 30 = Dec 31, + 60 = Jan 30, and the last
    # the earlier of Dec 1 + 90 = Feb 29 and bd_after(Sat Feb 14, 3) = Feb 17, 18, 19
    # (Presidents Day Feb 16 skipped) -> Thu 2004-02-19.
    v = evaluate(
        build(investors=[SF], restrictions=[restriction("stop", "2003-12-01", "2004-02-13")])
    )
    name = "SF Capital Partners Ltd."
    assert rows(v) == [
        (name, "stop", D("2003-12-31"), 30, M("22500.00"), D("2003-12-31")),
        (name, "stop", D("2004-01-30"), 30, M("22500.00"), D("2004-01-30")),
        (name, "stop", D("2004-02-14"), 15, M("11250.00"), D("2004-02-19")),
    ]
    assert v.total_payments == M("56250.00")


def test_two_investors_a_sale_before_the_restricted_sale_date_lowers_the_held_shares_value() -> (
    None
):
    # s1 without notice Mon 2004-02-02 .. Wed Feb 11: RSD Feb 2, cure Feb 12, 10 days.
    # A: 1,500,000.00 less a sale of 300,000.00 on Fri Jan 30 (before the RSD) = 1,200,000.00:
    #    1.5% = 18,000.00 x 10/30 = 6,000.00.
    # B: 600,000.00; its sale of 100,000.00 on Feb 2 itself is not before the RSD: 9,000.00 x
    #    10/30 = 3,000.00.
    # Due the earlier of Feb 2 + 30 = Mar 3 and bd_after(Thu Feb 12, 3) = Feb 13, 17, 18
    # (Presidents Day Feb 16 skipped) -> Wed 2004-02-18.
    v = evaluate(
        build(
            suspension("s1", "2004-02-02", "2004-02-11"),
            investors=[
                investor("A", "1500000.00", ("2004-01-30", "300000.00")),
                investor("B", "600000.00", ("2004-02-02", "100000.00")),
            ],
        )
    )
    assert rows(v) == [
        ("A", "s1", D("2004-02-12"), 10, M("6000.00"), D("2004-02-18")),
        ("B", "s1", D("2004-02-12"), 10, M("3000.00"), D("2004-02-18")),
    ]
    assert [p.held_shares_value for p in v.payments] == [M("1200000.00"), M("600000.00")]
    assert v.total_payments == M("9000.00")


def test_each_periodic_amount_is_rounded_to_the_cent_half_up() -> None:
    # 1.5% x 1,000,010.00 x 1/30 = 1,000,010.00 / 2,000 = 500.005 -> 500.01.
    v = evaluate(
        build(
            investors=[investor("A", "1000010.00")],
            restrictions=[restriction("stop", "2003-12-01", "2003-12-01")],
        )
    )
    assert [p.amount for p in v.payments] == [M("500.01")]


def test_payments_by_investor_then_late_filing_then_restricted_sale_date() -> None:
    # Filed Fri Aug 22 (1 day late): 1% x 1/30 -> A 500.00 (1,500,000.00), B 100.00
    # (300,000.00). Stop order Dec 1 .. Dec 1 (1 day): A 750.00, B 150.00.
    # s1 without notice Jan 7 .. Jan 9 (3 days): A 2,250.00, B 450.00.
    # Restrictions listed before the suspension in the file; rows still by RSD.
    v = evaluate(
        build(
            suspension("s1", "2004-01-07", "2004-01-09"),
            dates={"registration_filed": "2003-08-22"},
            investors=[investor("A", "1500000.00"), investor("B", "300000.00")],
            restrictions=[restriction("stop", "2003-12-01", "2003-12-01")],
        )
    )
    assert [(p.investor, p.subject, p.amount) for p in v.payments] == [
        ("A", "registration", M("500.00")),
        ("A", "stop", M("750.00")),
        ("A", "s1", M("2250.00")),
        ("B", "registration", M("100.00")),
        ("B", "stop", M("150.00")),
        ("B", "s1", M("450.00")),
    ]


def test_no_investors_no_payments_but_the_episode_is_reported() -> None:
    v = evaluate(build(suspension("s1", "2004-01-07", "2004-01-09")))
    assert v.payments == ()
    assert [(e.subject, e.restricted_sale_date, e.cure_date) for e in v.episodes] == [
        ("s1", D("2004-01-07"), D("2004-01-10"))
    ]


# Stop order Mon 2003-12-01, one day: Computation Date Tue 2003-12-02, 750.00 for SF.
# The five NYSE trading days before Dec 2: Dec 1, Nov 28, (Thanksgiving Nov 27 closed), Nov 26,
# Nov 25, Nov 24.
FIVE_DAYS = ["2003-11-24", "2003-11-25", "2003-11-26", "2003-11-28", "2003-12-01"]
BIDS = ["2.00", "2.10", "2.20", "2.30", "2.40"]


def _priced(prices: list[dict[str, str]]) -> Verdict:
    return evaluate(
        build(
            investors=[SF],
            restrictions=[restriction("stop", "2003-12-01", "2003-12-01")],
            prices=prices,
        )
    )


def test_periodic_amount_shares_from_five_trading_days_before_the_computation_date() -> None:
    # Average 11.00 / 5 = 2.20; 90% = 1.98; 750.00 / 1.98 = 378.78787... -> 378.7879.
    # A price for Thanksgiving is not one of the five and is ignored.
    prices = [{"date": d, "closing_bid": b} for d, b in zip(FIVE_DAYS, BIDS, strict=True)]
    prices.append({"date": "2003-11-27", "closing_bid": "9.99"})
    v = _priced(prices)
    assert [(p.amount, p.periodic_amount_shares) for p in v.payments] == [
        (M("750.00"), M("378.7879"))
    ]
    assert not any("closing bid" in n.message for n in v.notes)


def test_periodic_amount_shares_left_out_with_a_note_when_a_trading_day_has_no_price() -> None:
    prices = [
        {"date": d, "closing_bid": b}
        for d, b in zip(FIVE_DAYS, BIDS, strict=True)
        if d != "2003-11-28"
    ]
    v = _priced(prices)
    assert [p.periodic_amount_shares for p in v.payments] == [None]
    price_notes = [n for n in v.notes if "closing bid" in n.message]
    assert len(price_notes) == 1 and price_notes[0].subject == "stop"
    assert "2003-11-28" in price_notes[0].message and "2003-12-02" in price_notes[0].message


def test_no_prices_at_all_leaves_shares_out_without_a_note() -> None:
    v = _priced([])
    assert [p.periodic_amount_shares for p in v.payments] == [None]
    assert not any("closing bid" in n.message for n in v.notes)


# -- section 6: 3(c), 3(d), 3(k) ----------------------------------------------------------------


def _filing(**fields: str) -> Verdict:
    return evaluate(build(filings=[{"id": "f1", **fields}]))


def test_counsel_copy_three_business_days_before_filing_across_thanksgiving() -> None:
    # Amendment filed Tue 2003-12-02. Copy Wed Nov 26 -> bd_after(Nov 26, 3) = Nov 28, Dec 1,
    # Dec 2 (Thanksgiving Nov 27 skipped): in time. Copy Fri Nov 28 -> Dec 1, 2, 3: earliest
    # filing Dec 3, missed by [Dec 2, Dec 3) = 1.
    ok = _filing(kind="amendment", filed="2003-12-02", counsel_copy="2003-11-26")
    assert keys(ok) == []
    late = _filing(kind="amendment", filed="2003-12-02", counsel_copy="2003-11-28")
    assert keys(late) == ["counsel-review.lead-time:f1"]
    found = only(late, "counsel-review.lead-time:f1")
    assert found.section == "3(c)" and found.missed_by_business_days == 1


def test_counsel_review_missing_copy_is_broken_and_not_assumed() -> None:
    v = _filing(kind="registration-statement", filed="2003-08-21")
    assert keys(v) == ["counsel-review.lead-time:f1"]
    assert only(v, "counsel-review.lead-time:f1").missed_by_business_days is None


def test_filing_notice_three_business_days_before_a_prospectus_supplement() -> None:
    # Filed Thu 2004-03-04: notice Mon Mar 1 -> Mar 2, 3, 4: in time; notice Tue Mar 2 ->
    # Mar 3, 4, 5: missed by [Mar 4, Mar 5) = 1. Counsel copy Mon Mar 1 in both.
    common = {"kind": "prospectus-supplement", "filed": "2004-03-04", "counsel_copy": "2004-03-01"}
    assert keys(_filing(**common, investor_notice="2004-03-01")) == []
    late = _filing(**common, investor_notice="2004-03-02")
    assert keys(late) == ["filing-notice.lead-time:f1"]
    assert only(late, "filing-notice.lead-time:f1").missed_by_business_days == 1
    missing = _filing(**common)
    assert keys(missing) == ["filing-notice.lead-time:f1"]


def test_filing_notice_does_not_apply_to_an_amendment() -> None:
    v = _filing(kind="amendment", filed="2004-03-04", counsel_copy="2004-03-01")
    assert keys(v) == []


def test_notice_confirmation_next_business_day_across_presidents_day() -> None:
    # Notice Fri 2004-02-13, confirmation requested that day: deadline bd_after(Feb 13, 1) =
    # Tue Feb 17 (Presidents Day Feb 16 skipped). Confirmed Feb 17: in time; Wed Feb 18: late
    # by [Feb 18, Feb 18] = 1; no confirmation: broken.
    common = {
        "kind": "prospectus-supplement",
        "filed": "2004-03-04",
        "counsel_copy": "2004-02-13",
        "investor_notice": "2004-02-13",
        "confirmation_requested": "2004-02-13",
    }
    assert keys(_filing(**common, confirmed="2004-02-17")) == []
    late = _filing(**common, confirmed="2004-02-18")
    assert keys(late) == ["notice-confirmation.deadline:f1"]
    assert only(late, "notice-confirmation.deadline:f1").missed_by_business_days == 1
    assert keys(_filing(**common)) == ["notice-confirmation.deadline:f1"]


def test_notice_confirmation_not_checked_when_not_requested() -> None:
    v = _filing(
        kind="prospectus-supplement",
        filed="2004-03-04",
        counsel_copy="2004-02-13",
        investor_notice="2004-02-13",
    )
    assert keys(v) == []


def test_sec_response_copy_one_business_day_before_filing() -> None:
    # Filed Thu Mar 4: copy Wed Mar 3 -> bd_after(Mar 3, 1) = Mar 4: in time. Copy the same
    # day: earliest Fri Mar 5, missed by [Mar 4, Mar 5) = 1. No copy: broken. The 3-business-day
    # counsel review of 3(c) does not apply to it.
    assert keys(_filing(kind="sec-response", filed="2004-03-04", counsel_copy="2004-03-03")) == []
    same_day = _filing(kind="sec-response", filed="2004-03-04", counsel_copy="2004-03-04")
    assert keys(same_day) == ["sec-response.lead-time:f1"]
    assert only(same_day, "sec-response.lead-time:f1").missed_by_business_days == 1
    assert keys(_filing(kind="sec-response", filed="2004-03-04")) == ["sec-response.lead-time:f1"]


def test_transfer_agent_opinion_fifth_business_day_across_columbus_day() -> None:
    # Effective Tue 2003-10-07 (IRED Oct 6 from clearance Oct 2 + 5 = Oct 7 here): deadline
    # bd_after(Oct 7, 5) = Oct 8, 9, 10, 14, 15 (Columbus Day Oct 13 skipped) -> Wed Oct 15.
    # Opinion Oct 15: in time; Thu Oct 16: late by [Oct 16, Oct 16] = 1.
    dates = {"sec_clearance_notice": "2003-10-02", "effective": "2003-10-07"}
    assert keys(evaluate(build(dates={**dates, "transfer_agent_opinion": "2003-10-15"}))) == []
    late = evaluate(build(dates={**dates, "transfer_agent_opinion": "2003-10-16"}))
    assert keys(late) == ["transfer-agent.deadline:registration"]
    found = only(late, "transfer-agent.deadline:registration")
    assert found.section == "3(k)" and found.missed_by_business_days == 1


def test_transfer_agent_rule_not_checked_without_an_opinion_date() -> None:
    v = evaluate(build(dates={"transfer_agent_opinion": None}))
    assert keys(v) == []
    assert any(n.subject == "registration" and "3(k)" in n.message for n in v.notes)


# -- the whole verdict --------------------------------------------------------------------------


def test_violations_in_order_registration_then_suspensions_by_start_then_filings() -> None:
    # Filed Fri Aug 22 (late); effective Tue Oct 7 > IRED Oct 6 (late); opinion Thu Oct 16
    # after bd_after(Oct 7, 5) = Oct 15 (late).
    # sb, listed first: Mon Feb 2 .. Tue Feb 24, no notice: Feb 2-6 (5), 9-13 (10), Presidents
    #   Day skipped, 17-20 (14), 23, 24 (16) -> max-length, then notice.
    # sa, listed second: Wed Jan 7 .. Fri Jan 9, notice Tue Jan 6 (short). Its end Jan 9 ->
    #   bd_after(Jan 9, 10) = Jan 26 <= Feb 2: sb keeps its spacing; sa is not permitted, so sb
    #   is only the first counted.
    # f1: prospectus supplement without counsel copy or investor notice.
    v = evaluate(
        build(
            suspension("sb", "2004-02-02", "2004-02-24"),
            suspension("sa", "2004-01-07", "2004-01-09", "2004-01-06"),
            dates={
                "registration_filed": "2003-08-22",
                "effective": "2003-10-07",
                "transfer_agent_opinion": "2003-10-16",
            },
            filings=[{"id": "f1", "kind": "prospectus-supplement", "filed": "2004-03-04"}],
        )
    )
    assert keys(v) == [
        "filing.deadline:registration",
        "effectiveness.deadline:registration",
        "transfer-agent.deadline:registration",
        "suspension.notice:sa",
        "suspension.max-length:sb",
        "suspension.notice:sb",
        "counsel-review.lead-time:f1",
        "filing-notice.lead-time:f1",
    ]
    assert [s.id for s in v.suspensions] == ["sa", "sb"]
    assert not v.compliant


def test_planned_suspensions_are_refused() -> None:
    document = copy.deepcopy(BASE)
    document["suspensions"] = [
        {"id": "p", "start": {"earliest": "2004-01-05", "latest": "2004-02-27"}, "length": 5}
    ]
    with pytest.raises(ValueError, match="planned"):
        evaluate(structure_scenario(document, "test"))
