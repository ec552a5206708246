"""The reference reading of term profiles, on hand-worked cases at each limit's boundary
(CONTRACT.md "Term profiles"): the last allowed day and the first restricted one, rolling
windows just under and just over their length, a trading-day gap across a holiday, monthly
anniversaries, and a cap that cuts the payments."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.agreements import resolve_profile
from model.calendars import build_calendar
from model.loading import structure_profile
from model.profile_days import unpriced_runs
from model.profiles import Window
from model.reference.profiles import (
    Calendars,
    ProfileFacts,
    add_months,
    evaluate_profile,
    windows_holding,
)
from model.scenario import Investor, Restriction, Sale, Suspension

D = dt.date
CALENDARS = Calendars(
    business=build_calendar("us-federal", 2023, 2027), trading=build_calendar("nyse", 2023, 2027)
)
# Closing Tuesday 2 January 2024: filing due 30 days on (Thursday 1 February), effectiveness
# 90 days on (Monday 1 April).
DATES = {"closing": D(2024, 1, 2), "registration_filed": D(2024, 1, 25), "effective": D(2024, 3, 1)}
INVESTOR = Investor("Fund", Decimal("1000000.00"))


def _evaluate(profile_id: str, *suspensions: Suspension, **changes: object):
    facts = ProfileFacts(
        dates=changes.pop("dates", DATES),  # type: ignore[arg-type]
        suspensions=suspensions,
        investors=changes.pop("investors", (INVESTOR,)),  # type: ignore[arg-type]
        **changes,  # type: ignore[arg-type]
    )
    return evaluate_profile(resolve_profile(profile_id), facts, CALENDARS)


PROFILE_HEAD = """
[agreement]
id = "custom"
name = "A profile written for one test"
[deadlines]
filing = { n = 30, unit = "calendar-days", after = "closing" }
"""
NOTICE_UNLESS_UNLAWFUL = """
[[allowance.limits]]
kind = "notice"
n = 2
unit = "business-days"
unless_unlawful = true
"""
HELD_SHARES_VALUE = """
[[damages]]
event = "restricted-days"
rate = "0.015"
period = { days = 30 }
base = "held-shares-value"
"""


def _custom(body: str):
    # [[allowance.limits]] tables need an [allowance] table before them.
    return structure_profile(tomllib.loads(PROFILE_HEAD + "[allowance]\n" + body), "custom")


def _s(sid: str, start: dt.date, end: dt.date, **more: object) -> Suspension:
    return Suspension(sid, start, end, **more)  # type: ignore[arg-type]


def _outcome(result, sid):
    return next(o for o in result.suspensions if o.id == sid)


def _rules(result) -> list[str]:
    return [f"{v.rule}:{v.subject}" for v in result.violations]


# -- months, windows -------------------------------------------------------------------------------


def test_a_month_on_from_the_31st_is_the_last_day_of_a_shorter_month():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 3, 15), -12) == D(2023, 3, 15)


def test_a_twelve_month_window_runs_to_the_day_before_the_anniversary():
    windows = windows_holding(D(2024, 6, 1), Window("months", 12), (D(2024, 1, 1), D(2026, 1, 1)))
    assert (D(2024, 6, 1), D(2025, 5, 31)) in windows
    assert (D(2023, 6, 2), D(2024, 6, 1)) in windows
    assert all(first <= D(2024, 6, 1) <= last for first, last in windows)
    assert len(windows) == 366  # 2 June 2023 .. 1 June 2024 (a leap February between)


# -- aggregate: 60 days in any 12 months -----------------------------------------------------------

AGGREGATE = "aggregate-60-days-in-12-months"


def test_sixty_days_in_two_suspensions_are_allowed():
    result = _evaluate(
        AGGREGATE, _s("s1", D(2024, 3, 1), D(2024, 3, 30)), _s("s2", D(2024, 6, 1), D(2024, 6, 30))
    )
    assert result.compliant
    assert _outcome(result, "s2").restricted_from is None


def test_the_sixty_first_day_is_restricted_and_only_it():
    result = _evaluate(
        AGGREGATE, _s("s1", D(2024, 3, 1), D(2024, 3, 30)), _s("s2", D(2024, 6, 1), D(2024, 7, 1))
    )
    assert _rules(result) == ["allowance.aggregate:s2"]
    assert _outcome(result, "s2").restricted_from == D(2024, 7, 1)
    assert _outcome(result, "s2").permitted
    (row,) = result.payments
    assert (row.restricted_sale_date, row.days, row.amount) == (D(2024, 7, 1), 1, Decimal("333.33"))


def test_a_suspension_ending_on_the_anniversary_of_the_first_ones_start_fits_the_window():
    # 31 + 30 days; the window from 1 March 2024 ends 28 February 2025, one day short of both.
    first = _s("s1", D(2024, 3, 1), D(2024, 3, 31))
    ends_on_anniversary = _evaluate(AGGREGATE, first, _s("s2", D(2025, 1, 31), D(2025, 3, 1)))
    assert ends_on_anniversary.compliant
    a_day_sooner = _evaluate(AGGREGATE, first, _s("s2", D(2025, 1, 30), D(2025, 2, 28)))
    assert _rules(a_day_sooner) == ["allowance.aggregate:s2"]
    assert _outcome(a_day_sooner, "s2").restricted_from == D(2025, 2, 28)


# -- length, gap in trading days across a holiday --------------------------------------------------

GAP = "twenty-each-fifty-in-12-months-gap-10-trading-days"


def test_twenty_days_are_allowed_and_the_twenty_first_is_restricted():
    twenty = _evaluate(GAP, _s("s1", D(2024, 4, 1), D(2024, 4, 20)))
    assert twenty.compliant
    longer = _evaluate(GAP, _s("s1", D(2024, 4, 1), D(2024, 4, 22)))
    assert _rules(longer) == ["allowance.length:s1"]
    assert _outcome(longer, "s1").restricted_from == D(2024, 4, 21)


def test_the_tenth_trading_day_counts_past_juneteenth():
    # s1 ends Wednesday 12 June 2024; the NYSE is closed on Juneteenth (Wednesday 19 June):
    # 13, 14, 17, 18, 20, 21, 24, 25, 26, 27 June are the ten trading days after.
    first = _s("s1", D(2024, 6, 3), D(2024, 6, 12))
    on_the_tenth = _evaluate(GAP, first, _s("s2", D(2024, 6, 27), D(2024, 6, 28)))
    assert on_the_tenth.compliant
    on_the_ninth = _evaluate(GAP, first, _s("s2", D(2024, 6, 26), D(2024, 6, 28)))
    assert _rules(on_the_ninth) == ["allowance.gap:s2"]
    assert _outcome(on_the_ninth, "s2").restricted_from == D(2024, 6, 26)
    assert not _outcome(on_the_ninth, "s2").permitted
    assert "earliest allowed start is 2024-06-27" in on_the_ninth.violations[0].message


# -- count: three in any 24 months -----------------------------------------------------------------

COUNT = "three-per-24-months-90-each-120-in-12-months"
THREE = (
    _s("s1", D(2024, 3, 1), D(2024, 3, 5)),
    _s("s2", D(2024, 8, 1), D(2024, 8, 5)),
    _s("s3", D(2025, 2, 3), D(2025, 2, 7)),
)


def test_a_fourth_suspension_on_the_24_month_anniversary_of_the_first_is_allowed():
    # The window from 1 March 2024 ends 28 February 2026; 1 March 2026 is the Registration
    # Period's last day.
    result = _evaluate(COUNT, *THREE, _s("s4", D(2026, 3, 1), D(2026, 3, 1)))
    assert result.compliant


def test_a_fourth_suspension_the_day_before_is_restricted_on_every_day():
    result = _evaluate(COUNT, *THREE, _s("s4", D(2026, 2, 28), D(2026, 3, 1)))
    assert _rules(result) == ["allowance.count:s4"]
    assert _outcome(result, "s4").restricted_from == D(2026, 2, 28)
    assert not _outcome(result, "s4").permitted


def test_a_suspension_with_no_allowed_day_does_not_count():
    result = _evaluate(
        "one-per-year-90-days",
        _s("s1", D(2024, 3, 4), D(2024, 3, 8), advance_notice=D(2024, 3, 1)),
        _s("s2", D(2024, 9, 3), D(2024, 9, 6), advance_notice=D(2024, 8, 30)),
        _s("s3", D(2025, 3, 5), D(2025, 3, 7), advance_notice=D(2025, 3, 4)),
    )
    # s2 is within 12 months of s1's start: restricted on every day. s3 begins a day after
    # the window from s1's start ends, but within 12 months of s2's: it is allowed only
    # because s2, with no allowed day, does not count.
    assert _rules(result) == ["allowance.count:s2"]
    assert not _outcome(result, "s2").permitted
    assert _outcome(result, "s3").restricted_from is None


# -- excess: whole, notice, outside ----------------------------------------------------------------


def test_under_whole_an_over_long_suspension_is_restricted_from_its_first_day():
    sixty = _evaluate("de-spac-three-per-360-days", _s("s1", D(2024, 4, 1), D(2024, 5, 30)))
    assert sixty.compliant
    result = _evaluate("de-spac-three-per-360-days", _s("s1", D(2024, 4, 1), D(2024, 5, 31)))
    assert _rules(result) == ["allowance.length:s1"]
    assert _outcome(result, "s1").restricted_from == D(2024, 4, 1)


@pytest.mark.parametrize(
    ("notice", "lead_time", "notice_day", "broken"),
    [
        (D(2024, 4, 5), "nth-business-day", "next-business-day", False),  # Friday for Monday
        (D(2024, 4, 5), "clear-business-days", "next-business-day", True),
        (D(2024, 4, 4), "clear-business-days", "next-business-day", False),  # Friday clear
        (D(2024, 4, 6), "nth-business-day", "next-business-day", True),  # Saturday: Monday
        (D(2024, 4, 6), "nth-business-day", "as-given", False),
    ],
)
def test_a_one_business_day_notice(notice, lead_time, notice_day, broken):
    result = _evaluate(
        "one-per-year-90-days",
        _s("s1", D(2024, 4, 8), D(2024, 4, 12), advance_notice=notice),
        lead_time=lead_time,
        notice_day=notice_day,
    )
    assert (_rules(result) == ["allowance.notice:s1"]) is broken


def test_no_notice_is_owed_where_it_would_be_unlawful_only_if_the_profile_says_so():
    unlawful = _s("s1", D(2024, 4, 8), D(2024, 4, 12), notice_lawful=False)
    assert _rules(_evaluate("one-per-year-90-days", unlawful)) == ["allowance.notice:s1"]
    exempt = _custom(NOTICE_UNLESS_UNLAWFUL)
    assert evaluate_profile(exempt, ProfileFacts(DATES, (unlawful,)), CALENDARS).compliant


def test_the_2003_agreement_is_read_by_its_own_reference_not_this_one():
    with pytest.raises(ValueError, match="mechanics of its own"):
        _evaluate("focus-enhancements-2003")


def test_a_suspension_after_the_registration_period_is_outside_and_never_the_preceding_one():
    dates = {**DATES, "rule_144k": D(2024, 6, 30)}
    result = _evaluate(
        GAP,
        _s("s1", D(2024, 6, 24), D(2024, 7, 3)),  # judged on 24-30 June
        _s("s2", D(2024, 7, 5), D(2024, 7, 8)),
        dates=dates,
    )
    assert result.registration_period_end == D(2024, 6, 30)
    assert _outcome(result, "s2").outside
    assert result.compliant


def test_a_suspension_straddling_effectiveness_is_judged_from_the_effective_date():
    result = _evaluate(GAP, _s("s1", D(2024, 2, 20), D(2024, 3, 20)))  # 20 days from 1 March
    assert _outcome(result, "s1").judged_from == D(2024, 3, 1)
    assert result.compliant


# -- damages ---------------------------------------------------------------------------------------


def test_late_filing_is_paid_per_30_days_from_the_day_after_the_deadline():
    dates = {**DATES, "registration_filed": D(2024, 3, 17)}  # Sunday: deemed Monday 18 March
    result = _evaluate("aggregate-60-days-in-12-months", dates=dates)
    assert result.filing_deadline == D(2024, 2, 1)
    assert [(p.restricted_sale_date, p.period_end, p.days, p.amount) for p in result.payments] == [
        (D(2024, 2, 2), D(2024, 3, 2), 30, Decimal("10000.00")),
        (D(2024, 2, 2), D(2024, 3, 18), 16, Decimal("5333.33")),
    ]


def test_a_filing_deadline_on_a_weekend_rolls_to_the_next_business_day():
    dates = {**DATES, "closing": D(2024, 1, 5), "registration_filed": D(2024, 2, 5)}
    # 30 days after Friday 5 January is Sunday 4 February: due Monday 5 February.
    result = _evaluate("aggregate-60-days-in-12-months", dates=dates)
    assert result.filing_deadline == D(2024, 2, 5)
    assert not [p for p in result.payments if p.trigger == "late-filing"]


def test_monthly_anniversaries_pay_whole_months_then_a_part_pro_rata():
    dates = {**DATES, "registration_filed": D(2024, 3, 15)}
    result = _evaluate("monthly-two-percent-capped-12-percent", dates=dates)
    # Event Date 2 February; anniversary 2 March; 2-15 March is 14 of the 31 days to 2 April.
    assert [(p.period_end, p.days, p.amount) for p in result.payments] == [
        (D(2024, 3, 1), 29, Decimal("20000.00")),
        (D(2024, 3, 15), 14, Decimal("9032.26")),
    ]


def test_a_day_late_for_filing_and_for_effectiveness_is_paid_once():
    dates = {**DATES, "registration_filed": D(2024, 4, 10), "effective": D(2024, 4, 20)}
    result = _evaluate("aggregate-60-days-in-12-months", dates=dates)
    late_effectiveness = [p for p in result.payments if p.trigger == "late-effectiveness"]
    # Effectiveness was due 1 April; 2-10 April are late-filing days already.
    assert [(p.restricted_sale_date, p.days) for p in late_effectiveness] == [(D(2024, 4, 11), 10)]


def test_the_cap_cuts_the_row_that_reaches_it_and_drops_the_rest():
    investor = Investor("Fund", Decimal("1234567.89"))
    dates = {**DATES, "effective": D(2025, 3, 1)}  # due 1 April 2024: 334 days late
    result = _evaluate(
        "pipe-one-percent-per-30-days-capped-10-percent", dates=dates, investors=(investor,)
    )
    amounts = [p.amount for p in result.payments]
    assert amounts[:9] == [Decimal("12345.68")] * 9
    assert amounts[9:] == [Decimal("12345.66")]  # 123,456.78 less nine full rows
    assert result.total_payments == Decimal("123456.78")


def test_held_shares_value_is_the_purchase_price_less_sales_before_the_event_date():
    investor = Investor(
        "Fund",
        Decimal("1000000.00"),
        (Sale(D(2024, 6, 30), Decimal("400000.00")), Sale(D(2024, 7, 1), Decimal("100000.00"))),
    )
    profile = _custom(NOTICE_UNLESS_UNLAWFUL + HELD_SHARES_VALUE)
    facts = ProfileFacts(
        DATES, (_s("s1", D(2024, 7, 1), D(2024, 7, 2)),), investors=(investor,)
    )  # no advance notice: restricted on both days
    (row,) = evaluate_profile(profile, facts, CALENDARS).payments
    assert (row.base, row.amount) == (Decimal("600000.00"), Decimal("600.00"))


def test_a_restriction_is_priced_as_restricted_days():
    facts_restriction = Restriction("stop-order", D(2024, 5, 1), D(2024, 5, 30))
    result = _evaluate("aggregate-60-days-in-12-months", restrictions=(facts_restriction,))
    assert [(p.subject, p.days, p.amount) for p in result.payments] == [
        ("stop-order", 30, Decimal("10000.00"))
    ]


def test_a_business_day_window_can_hold_most_when_it_starts_on_a_monday_inside_a_suspension():
    # A window of calendar days counting business days: s1 is Thursday 4 to Tuesday 9 April
    # 2024, s2 Friday 12 to Thursday 18 April. The 11 days from Monday 8 April hold 7 of their
    # business days (8, 9, 12, 15, 16, 17, 18); the windows from either suspension's first
    # day hold 5. So "a window starting at each suspension's first day" does not suffice once
    # the unit skips days: the windows to try start at each first business day after a day
    # that is not suspended or not a business day.
    profile = _custom(
        """
[[allowance.limits]]
kind = "aggregate"
n = 6
unit = "business-days"
window = { days = 11 }
"""
    )
    facts = ProfileFacts(
        DATES, (_s("s1", D(2024, 4, 4), D(2024, 4, 9)), _s("s2", D(2024, 4, 12), D(2024, 4, 18)))
    )
    result = evaluate_profile(profile, facts, CALENDARS)
    assert [f"{v.rule}:{v.subject}" for v in result.violations] == ["allowance.aggregate:s2"]
    assert _outcome(result, "s2").restricted_from == D(2024, 4, 18)
    assert "window 2024-04-08 to 2024-04-18" in result.violations[0].message


@st.composite
def _episodes(draw: st.DrawFn) -> list[tuple[str, str, dt.date, dt.date]]:
    """Episodes in order of first day (as profile_payments sorts them), overlapping at random."""
    found = []
    for n in range(draw(st.integers(0, 6))):
        first = D(2024, 2, 20) + dt.timedelta(days=draw(st.integers(0, 40)))
        last = first + dt.timedelta(days=draw(st.integers(-1, 30)))  # -1: an empty episode
        found.append((draw(st.sampled_from(EVENTS)), f"e{n}", first, last))
    return sorted(found, key=lambda e: e[2])


EVENTS = ("late-filing", "late-effectiveness", "restricted-days")
DAY = dt.timedelta(days=1)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(_episodes())
def test_each_day_is_priced_once_by_the_first_episode_that_holds_it(
    episodes: list[tuple[str, str, dt.date, dt.date]],
) -> None:
    """What each episode leaves unpriced, stated day by day: a day belongs to the first
    episode, in order, whose days hold it; each episode keeps its days as runs."""
    owner: dict[dt.date, int] = {}
    for n, (_, _, first, last) in enumerate(episodes):
        for k in range((last - first).days + 1):
            owner.setdefault(first + dt.timedelta(days=k), n)
    expected = []
    for n, (event, subject, _, _) in enumerate(episodes):
        days = sorted(d for d, o in owner.items() if o == n)
        for day in days:
            if expected and expected[-1][1] == subject and expected[-1][3] + DAY == day:
                expected[-1] = (event, subject, expected[-1][2], day)
            else:
                expected.append((event, subject, day, day))
    assert unpriced_runs(episodes) == expected
