"""Section 2(b): Periodic Amounts, worked by hand (READING.md section 5).

Every expected number is worked out in the comment above it from the agreement's arithmetic:
1.5% (or 1%) x the base x days / 30, rounded half up to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from model.calendars import build_calendar
from model.findings import Episode
from model.interpretations import Interpretation
from model.payments import (
    computation_dates,
    held_shares_value,
    periodic_amounts,
    total,
)
from model.registration import registration_timeline
from model.scenario import ClosingBid, Investor, RegistrationDates, Sale
from tests.builders import scenario, suspension
from tests.implementations import each_implementation

D = dt.date.fromisoformat
M = Decimal

FEDERAL = build_calendar("us-federal", 2003, 2006)
NYSE = build_calendar("nyse", 2003, 2006)


def registration(
    filed: str = "2003-08-21", clearance: str = "2003-10-01", effective: str = "2003-10-03"
) -> RegistrationDates:
    # 10-Q filed Thu 2003-08-14 -> RFD = bd_after 5: Aug 15, 18, 19, 20, 21 -> 2003-08-21.
    return RegistrationDates(
        quarterly_report_filed=D("2003-08-14"),
        registration_filed=D(filed),
        sec_clearance_notice=D(clearance),
        effective=D(effective),
    )


def episode(rsd: str, cure: str, subject: str = "s1", gives_payments: bool = True) -> Episode:
    return Episode(
        subject=subject,
        kind="suspension",
        restricted_sale_date=D(rsd),
        cure_date=D(cure),
        gives_payments=gives_payments,
    )


def investor(name: str, price: str, *sales: tuple[str, str]) -> Investor:
    return Investor(name, M(price), tuple(Sale(D(d), M(p)) for d, p in sales))


def pay(episodes=(), investors=(), filed="2003-08-21", prices=(), reading=None, **dates_given):
    dates = registration(filed, **dates_given)
    timeline = registration_timeline(dates, FEDERAL, reading or Interpretation())
    return periodic_amounts(
        list(episodes), list(investors), dates, timeline, FEDERAL, NYSE, list(prices)
    )


# -- late filing (2(b)(iii)(A), 1%) ------------------------------------------------------------

# Issue 12's facts: 10-Q Thu 2003-08-14 -> RFD Thu 2003-08-21; filed Thu 2003-08-28; SEC
# clearance Mon 2003-09-29 -> IRED Sat 2003-10-04; effective Mon 2003-10-06.
LATE = {"filed": "2003-08-28", "clearance": "2003-09-29", "effective": "2003-10-06"}


def test_late_filing_runs_until_filing_by_default():
    # late-filing-cure = filing: Aug 21 -> Aug 28, 7 days: 1% x 1,500,000.00 x 7/30 = 3,500.00,
    # due the earlier of Aug 21 + 30 = Sep 20 and bd_after(Thu Aug 28, 3) = Aug 29, Sep 2
    # (Labor Day Sep 1 skipped), Sep 3 -> 2003-09-03.
    payments, _ = pay(investors=[investor("SF", "1500000.00")], **LATE)
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2003-08-28"), 7, M("3500.00"), D("2003-09-03")),
    ]


def test_late_filing_runs_until_effectiveness_under_the_alternative():
    # late-filing-cure = effectiveness: Aug 21 -> Oct 6. c_1 = Sep 20 (30 days): 15,000.00, due
    # Sep 20; c_2 = Oct 6 (16 days): 1% x 1,500,000.00 x 16/30 = 8,000.00, due the earlier of
    # Aug 21 + 60 = Oct 20 and bd_after(Mon Oct 6, 3) = Oct 9. Total 23,000.00, as issue 12 says.
    payments, _ = pay(
        investors=[investor("SF", "1500000.00")],
        reading=Interpretation(late_filing_cure="effectiveness"),
        **LATE,
    )
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2003-09-20"), 30, M("15000.00"), D("2003-09-20")),
        (D("2003-10-06"), 16, M("8000.00"), D("2003-10-09")),
    ]
    assert sum(p.amount for p in payments) == M("23000.00")


def test_late_filing_cure_does_not_matter_when_filed_in_time():
    reading = Interpretation(late_filing_cure="effectiveness")
    assert pay(investors=[investor("SF", "1500000.00")], reading=reading) == ((), ())


def test_filed_forty_five_days_late_totals_one_and_a_half_percent_as_the_agreement_illustrates():
    # RFD 2003-08-21; filed 45 days later: Aug 21 + 10 = Aug 31, + 35 = Sun 2003-10-05.
    # c_1 = Aug 21 + 30 = Sat 2003-09-20 (30 days): 1% x 1,000,000.00 x 30/30 = 10,000.00,
    #   due 2003-09-20.
    # c_2 = 2003-10-05 (15 days): 1% x 1,000,000.00 x 15/30 = 5,000.00, due the earlier of
    #   Aug 21 + 60 = 2003-10-20 and bd_after(Sun 10-05, 3) = Oct 6, 7, 8 -> 2003-10-08.
    # Total 15,000.00 = 1.5% x 1,000,000.00.
    # The illustration counts calendar days: the Sunday filing is taken as given here.
    payments, notes = pay(
        investors=[investor("A", "1000000.00")],
        filed="2003-10-05",
        reading=Interpretation(notice_day="as-given"),
    )
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2003-09-20"), 30, M("10000.00"), D("2003-09-20")),
        (D("2003-10-05"), 15, M("5000.00"), D("2003-10-08")),
    ]
    assert all(p.trigger == "late-filing" and p.subject == "registration" for p in payments)
    assert all(p.restricted_sale_date == D("2003-08-21") for p in payments)
    assert total(payments) == M("1000000.00") * M("0.015")
    assert notes == ()


def test_filed_four_days_late_pays_four_thirtieths_of_one_percent_by_third_business_day():
    # RFD Thu 2003-08-21; filed Mon 2003-08-25: one period of 4 days.
    # 1% x 1,500,000.00 = 15,000.00 x 4/30 = 2,000.00, due the earlier of Aug 21 + 30 =
    # 2003-09-20 and bd_after(Mon 08-25, 3) = Aug 26, 27, 28 -> 2003-08-28.
    payments, _ = pay(investors=[investor("A", "1500000.00")], filed="2003-08-25")
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2003-08-25"), 4, M("2000.00"), D("2003-08-28")),
    ]


def test_late_filing_is_one_percent_of_the_whole_purchase_price_despite_earlier_sales():
    # A sale of 500,000.00 on 2003-08-01, before the RFD, does not reduce the base: the Held
    # Shares Value replaces the Purchase Price only "after the relevant Filing Date".
    # 1% x 1,500,000.00 x 4/30 = 2,000.00 (not 1% x 1,000,000.00 x 4/30 = 1,333.33).
    payments, _ = pay(
        investors=[investor("A", "1500000.00", ("2003-08-01", "500000.00"))],
        filed="2003-08-25",
    )
    assert [(p.amount, p.held_shares_value) for p in payments] == [(M("2000.00"), M("1500000.00"))]


def test_filed_on_the_required_filing_date_pays_nothing():
    payments, notes = pay(investors=[investor("A", "1500000.00")], filed="2003-08-21")
    assert payments == () and notes == ()


# -- Computation Dates (2(b)(vii)) -------------------------------------------------------------


def test_computation_dates_step_thirty_calendar_days_then_stop_at_the_cure():
    # r = 2004-03-01: + 30 = 03-31, + 30 = 04-30, then the cure 05-15.
    assert computation_dates(D("2004-03-01"), D("2004-05-15")) == [
        D("2004-03-31"),
        D("2004-04-30"),
        D("2004-05-15"),
    ]
    assert computation_dates(D("2004-03-01"), D("2004-03-31")) == [D("2004-03-31")]
    assert computation_dates(D("2004-03-01"), D("2004-03-01")) == []


def test_computation_date_on_a_weekend_stays_on_that_calendar_day():
    # r = Fri 2004-02-06; + 30 days = Feb 6 + 23 = Feb 29, + 7 = Sun 2004-03-07; cure Wed 03-17.
    # Period 1: 30 days: 1.5% x 1,000,000.00 = 15,000.00, due Sun 2004-03-07 (r + 30 days:
    #   plain calendar arithmetic, not moved to a business day).
    # Period 2: Mar 7 -> Mar 17 = 10 days: 15,000.00 x 10/30 = 5,000.00, due the earlier of
    #   r + 60 = 2004-04-06 and bd_after(Wed 03-17, 3) = Mar 18, 19, 22 -> 2004-03-22.
    payments, _ = pay([episode("2004-02-06", "2004-03-17")], [investor("A", "1000000.00")])
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2004-03-07"), 30, M("15000.00"), D("2004-03-07")),
        (D("2004-03-17"), 10, M("5000.00"), D("2004-03-22")),
    ]


def test_last_amount_due_third_business_day_after_cure_across_christmas():
    # r = Mon 2003-12-01, cure Tue 2003-12-23: 22 days.
    # 1.5% x 600,000.00 = 9,000.00 x 22/30 = 6,600.00.
    # Due the earlier of r + 30 = 2003-12-31 and bd_after(12-23, 3): Wed 12-24, (Thu 12-25
    # Christmas Day), Fri 12-26, (weekend), Mon 12-29 -> 2003-12-29.
    payments, _ = pay([episode("2003-12-01", "2003-12-23")], [investor("A", "600000.00")])
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2003-12-23"), 22, M("6600.00"), D("2003-12-29")),
    ]


def test_episode_of_seventy_five_days_pays_thirty_thirty_fifteen():
    # r = Mon 2004-03-01, cure Sat 2004-05-15 (75 days). c_1 = Wed 03-31, c_2 = Fri 04-30,
    # c_3 = 05-15: 30, 30, 15 days. 1.5% x 2,000,000.00 = 30,000.00 per full period:
    # 30,000.00, 30,000.00, 30,000.00 x 15/30 = 15,000.00; total 75,000.00.
    # Due 03-31, 04-30, and the earlier of r + 90 = 05-30 and bd_after(Sat 05-15, 3) =
    # Mon 17, Tue 18, Wed 19 -> 2004-05-19.
    payments, _ = pay([episode("2004-03-01", "2004-05-15")], [investor("A", "2000000.00")])
    assert [(p.computation_date, p.days, p.amount, p.due) for p in payments] == [
        (D("2004-03-31"), 30, M("30000.00"), D("2004-03-31")),
        (D("2004-04-30"), 30, M("30000.00"), D("2004-04-30")),
        (D("2004-05-15"), 15, M("15000.00"), D("2004-05-19")),
    ]
    assert total(payments) == M("75000.00")


def test_episode_of_exactly_sixty_days_last_due_on_the_thirtieth_day_not_later():
    # r = 2004-03-01, cure 2004-04-30 = r + 60: c_1 = 03-31, c_2 = 04-30 (30 days each).
    # Last due = earlier of r + 60 = Fri 04-30 and bd_after(04-30, 3) = May 3, 4, 5 -> 04-30.
    payments, _ = pay([episode("2004-03-01", "2004-04-30")], [investor("A", "2000000.00")])
    assert [p.due for p in payments] == [D("2004-03-31"), D("2004-04-30")]


# -- Held Shares Value (1(b)) -------------------------------------------------------------------


def test_sale_before_rsd_lowers_held_shares_value_sale_on_or_after_it_does_not():
    # Purchase 1,000,000.00; sold 200,000.00 on 2004-01-30 (before r = 2004-02-02), 100,000.00 on
    # r itself and 50,000.00 on 2004-02-05 (after): Held Shares Value 1,000,000 - 200,000 =
    # 800,000.00. Episode r 2004-02-02, cure 2004-02-14 (12 days):
    # 1.5% x 800,000.00 = 12,000.00 x 12/30 = 4,800.00.
    a = investor(
        "A",
        "1000000.00",
        ("2004-01-30", "200000.00"),
        ("2004-02-02", "100000.00"),
        ("2004-02-05", "50000.00"),
    )
    assert held_shares_value(a, D("2004-02-02")) == M("800000.00")
    assert held_shares_value(a, D("2004-01-30")) == M("1000000.00")  # that day's sale not before
    payments, _ = pay([episode("2004-02-02", "2004-02-14")], [a])
    assert [(p.held_shares_value, p.amount) for p in payments] == [(M("800000.00"), M("4800.00"))]


def test_two_investors_paid_separately_in_file_order_late_filing_first_then_by_rsd():
    # Filed Mon 2003-08-25, 4 days after the RFD 2003-08-21:
    #   B (file order first): 1% x 500,000.00 x 4/30 = 5,000 x 4/30 = 666.666... -> 666.67
    #   A: 1% x 1,000,000.00 x 4/30 = 10,000 x 4/30 = 1,333.333... -> 1,333.33
    # Episodes (given out of order): s1 r 2004-02-02 cure 02-14 (12 days);
    #   s2 r 2004-06-01 cure 06-07 (6 days).
    #   B: no sales: 7,500.00 x 12/30 = 3,000.00; 7,500.00 x 6/30 = 1,500.00
    #   A: sold 200,000.00 on 2004-01-30 -> 800,000.00 for both: 12,000.00 x 12/30 = 4,800.00;
    #      12,000.00 x 6/30 = 2,400.00
    # Total 666.67 + 3,000.00 + 1,500.00 + 1,333.33 + 4,800.00 + 2,400.00 = 13,700.00.
    b = investor("B", "500000.00")
    a = investor("A", "1000000.00", ("2004-01-30", "200000.00"))
    episodes = [
        episode("2004-06-01", "2004-06-07", "s2"),
        episode("2004-02-02", "2004-02-14", "s1"),
    ]
    payments, _ = pay(episodes, [b, a], filed="2003-08-25")
    assert [(p.investor, p.trigger, p.subject, p.amount) for p in payments] == [
        ("B", "late-filing", "registration", M("666.67")),
        ("B", "restricted-sale-date", "s1", M("3000.00")),
        ("B", "restricted-sale-date", "s2", M("1500.00")),
        ("A", "late-filing", "registration", M("1333.33")),
        ("A", "restricted-sale-date", "s1", M("4800.00")),
        ("A", "restricted-sale-date", "s2", M("2400.00")),
    ]
    assert total(payments) == M("13700.00")


# -- rounding -----------------------------------------------------------------------------------


def test_periodic_amount_rounds_half_a_cent_up():
    # 1.5% x 100,001.00 = 1,500.015; a 10-day period: x 10/30 = 500.005 exactly -> 500.01
    # (banker's rounding would give 500.00).
    payments, _ = pay([episode("2004-03-01", "2004-03-11")], [investor("A", "100001.00")])
    assert [(p.days, p.amount) for p in payments] == [(10, M("500.01"))]


def test_total_is_the_sum_of_rounded_amounts_not_the_rounded_sum():
    # 70 days from 2004-03-01: 30, 30, 10. 1.5% x 100,001.00 = 1,500.015 per full period.
    # 1,500.015 -> 1,500.02; 1,500.015 -> 1,500.02; 500.005 -> 500.01; sum 3,500.05
    # (the exact sum 3,500.035 rounded would be 3,500.04).
    payments, _ = pay([episode("2004-03-01", "2004-05-10")], [investor("A", "100001.00")])
    assert [p.amount for p in payments] == [M("1500.02"), M("1500.02"), M("500.01")]
    assert total(payments) == M("3500.05")


def test_total_of_no_payments_is_zero_to_the_cent():
    assert str(total(())) == "0.00"


# -- which episodes pay ---------------------------------------------------------------------------


def test_episode_that_gives_no_payments_has_no_rows():
    payments, notes = pay(
        [episode("2004-02-02", "2004-02-14", gives_payments=False)],
        [investor("A", "1000000.00")],
    )
    assert payments == () and notes == ()


# -- Periodic Amount Shares (2(b)(iv)) ----------------------------------------------------------

# Episode r Thu 2004-02-05, cure Tue 2004-02-17 (12 days): 1.5% x 1,000,000.00 x 12/30 =
# 6,000.00. The five NYSE trading days before Tue 02-17: (Mon 02-16 Presidents' Day, closed)
# Fri 13, Thu 12, Wed 11, Tue 10, Mon 9. Fri 02-06 is the sixth and is not used.
PRICES = {
    "2004-02-06": "9.99",
    "2004-02-09": "2.00",
    "2004-02-10": "2.10",
    "2004-02-11": "2.20",
    "2004-02-12": "2.30",
    "2004-02-13": "2.40",
}


def closing_bids(leave_out: str | None = None) -> list[ClosingBid]:
    return [ClosingBid(D(d), M(p)) for d, p in PRICES.items() if d != leave_out]


def test_periodic_amount_shares_from_five_trading_days_before_the_computation_date():
    # Average (2.00 + 2.10 + 2.20 + 2.30 + 2.40) / 5 = 11.00 / 5 = 2.20; 90% = 1.98.
    # 6,000.00 / 1.98 = 3,030.303030... -> 3,030.3030.
    payments, notes = pay(
        [episode("2004-02-05", "2004-02-17")], [investor("A", "1000000.00")], prices=closing_bids()
    )
    assert [(p.amount, p.periodic_amount_shares) for p in payments] == [
        (M("6000.00"), M("3030.3030"))
    ]
    assert notes == ()


def test_periodic_amount_shares_left_out_with_a_note_when_a_price_is_missing():
    # 2004-02-11 has no closing bid: no guess; one note for s1 (not one per Investor).
    payments, notes = pay(
        [episode("2004-02-05", "2004-02-17")],
        [investor("A", "1000000.00"), investor("B", "500000.00")],
        prices=closing_bids(leave_out="2004-02-11"),
    )
    assert [p.periodic_amount_shares for p in payments] == [None, None]
    assert [p.amount for p in payments] == [M("6000.00"), M("3000.00")]
    assert len(notes) == 1
    assert notes[0].subject == "s1"
    assert "2004-02-11" in notes[0].message and "2004-02-17" in notes[0].message


def test_no_prices_at_all_leaves_shares_out_without_a_note():
    payments, notes = pay([episode("2004-02-05", "2004-02-17")], [investor("A", "1000000.00")])
    assert [p.periodic_amount_shares for p in payments] == [None]
    assert notes == ()


def test_a_price_outside_the_five_days_is_not_needed():
    # Without Fri 02-06 (the sixth trading day back) the shares are the same: 3,030.3030.
    payments, notes = pay(
        [episode("2004-02-05", "2004-02-17")],
        [investor("A", "1000000.00")],
        prices=closing_bids(leave_out="2004-02-06"),
    )
    assert [p.periodic_amount_shares for p in payments] == [M("3030.3030")]
    assert notes == ()


def test_the_five_days_are_trading_days_not_business_days_both_ways():
    """2(b)(iv) "the last five (5) trading days prior to the Computation Date", on the NYSE
    calendar (READING.md section 2), not the business calendar, in both directions:
    - Good Friday, Fri 2004-04-09: the exchange is closed, the federal calendar is open. An
      episode from Sat 2004-03-13 to its cure Mon 04-12 is one 30-day period: 1.5% x
      1,000,000.00 = 15,000.00, Computation Date 04-12. The five trading days before it are
      Thu 04-08, 7, 6, 5 and Fri 04-02 (all 2.00): 15,000 / (90% x 2.00) = 8,333.3333. Counted
      in business days they would be 04-09 (no price given: shares left out) to 04-05.
    - Columbus Day, Mon 2004-10-11: the exchange trades, the federal calendar is closed. An
      episode from Sun 2004-09-12 to its cure Tue 10-12: 15,000.00; the five trading days are
      Mon 10-11, Fri 8, 7, 6, 5 (all 3.00): 15,000 / 2.70 = 5,555.5555... -> 5,555.5556. In
      business days they would be 10-08 to Mon 10-04, whose 9.99 would count."""
    bids = {"2004-04-01": "9.99", "2004-10-04": "9.99"}
    bids |= {d: "2.00" for d in ("2004-04-02", "2004-04-05", "2004-04-06", "2004-04-07")}
    bids |= {"2004-04-08": "2.00"}
    bids |= {d: "3.00" for d in ("2004-10-05", "2004-10-06", "2004-10-07", "2004-10-08")}
    bids |= {"2004-10-11": "3.00"}
    payments, notes = pay(
        [episode("2004-03-13", "2004-04-12"), episode("2004-09-12", "2004-10-12", "s2")],
        [investor("A", "1000000.00")],
        prices=[ClosingBid(D(d), M(p)) for d, p in bids.items()],
    )
    assert [(p.computation_date, p.amount, p.periodic_amount_shares) for p in payments] == [
        (D("2004-04-12"), M("15000.00"), M("8333.3333")),
        (D("2004-10-12"), M("15000.00"), M("5555.5556")),
    ]
    assert notes == ()


# -- restricted episodes in both implementations (found by mutation testing) ----------------------

STOP_ORDER = {"id": "r1", "start": "2003-11-06", "end": "2003-11-10", "reason": "stop order"}


def keys(verdict):
    return set(verdict.violation_keys)


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
