"""Section 3(h) at every boundary: the last compliant day and the first that is not, in both
implementations. Business days are counted in the comments (us-federal calendar)."""

from __future__ import annotations

import datetime as dt

from tests.builders import END_OF_NYSE, scenario, suspension
from tests.implementations import each_implementation

D = dt.date.fromisoformat


def keys(verdict):
    return set(verdict.violation_keys)


def status(verdict, sid):
    return next(s for s in verdict.suspensions if s.id == sid)


# -- before-effective: "after the date of effectiveness" (ED Fri 2003-10-03) --------------------


@each_implementation
def test_suspension_may_start_on_the_effective_date(check):
    # notice Wed Oct 1 -> bd_after(Oct 1, 2) = Fri Oct 3
    v = check(scenario(suspension("s1", "2003-10-03", "2003-10-08", "2003-10-01")))
    assert keys(v) == set()
    assert status(v, "s1").permitted


@each_implementation
def test_suspension_starting_the_day_before_effectiveness_breaks_the_rule(check):
    v = check(scenario(suspension("s1", "2003-10-02", "2003-10-08", "2003-09-30")))
    assert keys(v) == {"suspension.before-effective:s1"}
    found = v.violations[0]
    assert found.missed_by_business_days == 1  # Thu Oct 2 only
    s1 = status(v, "s1")
    # Days before the Effective Date are outside the Registration Period: the first
    # restricted day, and the Restricted Sale Date, is the Effective Date.
    assert not s1.permitted and s1.restricted_from == D("2003-10-03")
    assert v.episodes[0].restricted_sale_date == D("2003-10-03")


# -- max-length: 15 business days, MLK day (Mon 2004-01-19) inside ------------------------------
# From Wed 2004-01-07: Jan 7, 8, 9, 12, 13, 14, 15, 16, 20, 21, 22, 23, 26, 27, 28 = 15.


@each_implementation
def test_fifteen_business_days_across_a_holiday_are_permitted(check):
    v = check(scenario(suspension("s1", "2004-01-07", "2004-01-28", "2004-01-05")))
    assert keys(v) == set()
    s1 = status(v, "s1")
    assert s1.business_days == 15 and s1.permitted and s1.restricted_from is None


@each_implementation
def test_sixteenth_business_day_is_restricted(check):
    v = check(scenario(suspension("s1", "2004-01-07", "2004-01-29", "2004-01-05")))
    assert keys(v) == {"suspension.max-length:s1"}
    s1 = status(v, "s1")
    assert s1.business_days == 16
    assert s1.permitted and s1.restricted_from == D("2004-01-29")
    assert s1.permitted_until == D("2004-01-28")
    assert v.violations[0].missed_by_business_days == 1


@each_implementation
def test_sixteenth_business_day_after_a_weekend_leaves_the_weekend_permitted(check):
    # From Mon 2004-02-02: Feb 2-6 (5), 9-13 (10), (16 Presidents Day), 17-20 (14), Mon 23 (15),
    # Tue 24 is the 16th.
    v = check(scenario(suspension("s1", "2004-02-02", "2004-02-27", "2004-01-29")))
    assert status(v, "s1").restricted_from == D("2004-02-24")


@each_implementation
def test_over_long_suspension_is_wholly_restricted_under_overlength_whole(check):
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-29", "2004-01-05"),
            interpretation={"overlength": "whole"},
        )
    )
    s1 = status(v, "s1")
    assert not s1.permitted and s1.restricted_from == D("2004-01-07")


# -- min-gap: s1 ends Tue 2004-01-20; bd_after(Jan 20, 10) = Jan 21, 22, 23, 26, 27, 28, 29, 30,
# Feb 2, Feb 3 -> Tue 2004-02-03 -------------------------------------------------------------------


def two(second_start, second_notice, **kwargs):
    return scenario(
        suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
        suspension("s2", second_start, "2004-02-10", second_notice),
        **kwargs,
    )


@each_implementation
def test_second_suspension_may_begin_on_tenth_business_day(check):
    v = check(two("2004-02-03", "2004-01-30"))
    assert keys(v) == set()
    assert status(v, "s2").permitted


@each_implementation
def test_second_suspension_on_ninth_business_day_is_too_soon(check):
    v = check(two("2004-02-02", "2004-01-29"))
    assert keys(v) == {"suspension.min-gap:s2"}
    assert v.violations[0].missed_by_business_days == 1
    assert status(v, "s2").restricted_from == D("2004-02-02")


@each_implementation
def test_ten_clear_business_days_needs_the_eleventh(check):
    v = check(
        two("2004-02-03", "2004-01-30", interpretation={"spacing": "ten-clear-business-days"})
    )
    assert keys(v) == {"suspension.min-gap:s2"}
    v = check(
        two("2004-02-04", "2004-01-30", interpretation={"spacing": "ten-clear-business-days"})
    )
    assert keys(v) == set()


@each_implementation
def test_gap_counts_from_a_previous_end_on_saturday_as_from_friday(check):
    # s1 ends Sat 2004-01-24: bd_after = Jan 26-30 (5), Feb 2-6 (10) -> Fri 2004-02-06.
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-24", "2004-01-05"),
            suspension("s2", "2004-02-05", "2004-02-10", "2004-02-03"),
        )
    )
    assert keys(v) == {"suspension.min-gap:s2"}
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-24", "2004-01-05"),
            suspension("s2", "2004-02-06", "2004-02-10", "2004-02-03"),
        )
    )
    assert keys(v) == set()


# -- max-count: "up to two such suspension periods" ----------------------------------------------
# s2 ends Tue Feb 10; bd_after(Feb 10, 10) = Feb 11, 12, 13, (16 holiday), 17, 18, 19, 20, 23,
# 24, 25 -> Wed 2004-02-25; notice Mon Feb 23 -> bd_after(Feb 23, 2) = Feb 25.


def three(second_notice="2004-01-30", **kwargs):
    return scenario(
        suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
        suspension("s2", "2004-02-03", "2004-02-10", second_notice),
        suspension("s3", "2004-02-25", "2004-02-27", "2004-02-23"),
        **kwargs,
    )


@each_implementation
def test_third_suspension_breaks_the_limit_of_two(check):
    v = check(three())
    assert keys(v) == {"suspension.max-count:s3"}
    assert not status(v, "s3").permitted


@each_implementation
def test_a_suspension_that_was_not_permitted_does_not_use_up_one_of_two(check):
    # s2 has no advance notice: it is not a Permitted Suspension Period, so s3 is the second.
    v = check(three(second_notice=None))
    assert keys(v) == {"suspension.notice:s2"}
    assert status(v, "s3").permitted


@each_implementation
def test_every_suspension_counts_under_count_every_suspension(check):
    v = check(three(second_notice=None, interpretation={"count": "every-suspension"}))
    assert keys(v) == {"suspension.notice:s2", "suspension.max-count:s3"}


# -- notice: "at least two (2) business days' notice" ---------------------------------------------


@each_implementation
def test_notice_two_business_days_before_start_is_enough(check):
    v = check(scenario(suspension("s1", "2004-01-07", "2004-01-09", "2004-01-05")))
    assert keys(v) == set()


@each_implementation
def test_notice_one_business_day_before_start_is_too_late(check):
    v = check(scenario(suspension("s1", "2004-01-07", "2004-01-09", "2004-01-06")))
    assert keys(v) == {"suspension.notice:s1"}
    assert v.violations[0].missed_by_business_days == 1
    assert not status(v, "s1").permitted


@each_implementation
def test_notice_across_a_weekend_and_holiday(check):
    # notice Fri 2004-01-16 -> Jan 20 (1), Jan 21 (2): a start on Tue Jan 20 is too early.
    v = check(scenario(suspension("s1", "2004-01-20", "2004-01-22", "2004-01-16")))
    assert keys(v) == {"suspension.notice:s1"}
    v = check(scenario(suspension("s1", "2004-01-21", "2004-01-22", "2004-01-16")))
    assert keys(v) == set()


@each_implementation
def test_no_notice_needed_where_notice_would_be_unlawful(check):
    v = check(scenario(suspension("s1", "2004-01-07", "2004-01-09", lawful=False)))
    assert keys(v) == set()
    assert status(v, "s1").permitted


@each_implementation
def test_missing_notice_under_covenant_breaks_the_rule_but_stays_permitted(check):
    v = check(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-09"), interpretation={"notice": "covenant"}
        )
    )
    assert keys(v) == {"suspension.notice:s1"}
    assert status(v, "s1").permitted


# -- the Registration Period: two years, 29 February ---------------------------------------------


def leap(start, reading="feb-28"):
    return scenario(
        suspension("s1", start, start, "2006-02-24"),
        dates={
            "sec_clearance_notice": "2004-02-24",
            "effective": "2004-02-29",
            "transfer_agent_opinion": None,
        },
        interpretation={"leap-day": reading},
    )


@each_implementation
def test_registration_period_from_29_february_ends_28_february(check):
    v = check(leap("2006-03-01"))
    assert v.timeline.registration_period.end == D("2006-02-28")
    assert status(v, "s1").outside and keys(v) == set()


@each_implementation
def test_registration_period_from_29_february_ends_1_march_under_mar_1(check):
    v = check(leap("2006-03-01", "mar-1"))
    assert v.timeline.registration_period.end == D("2006-03-01")
    s1 = status(v, "s1")
    assert not s1.outside and s1.permitted


@each_implementation
def test_suspension_straddling_the_end_of_the_registration_period_is_clipped(check):
    # ED 2003-10-03 -> RP ends 2005-10-03 (Mon). A suspension with no notice from Thu 2005-09-29
    # to Wed 2005-10-05 is restricted; the episode stops at the RP end: cure 2005-10-04.
    v = check(scenario(suspension("s1", "2005-09-29", "2005-10-05")))
    assert v.episodes[0].restricted_sale_date == D("2005-09-29")
    assert v.episodes[0].cure_date == D("2005-10-04")


# -- the last weeks of a calendar's coverage (nyse ends 2027-12-31) -----------------------------
# ED Tue 2025-12-30 -> RP ends Thu 2027-12-30 (builders.END_OF_NYSE). NYSE business days of
# December 2027: Dec 1-3, 6-10, 13-17, 20-23, 27-31 (Christmas, a Saturday, is observed Friday
# Dec 24): 22 in all.


@each_implementation
def test_a_suspension_in_the_calendars_last_fifteen_business_days_is_checked(check):
    # Mon 2027-12-13 .. Fri 12-17 (5 business days), notice Thu 12-09 (bd_after 2 = Mon 12-13).
    # Its 16th business day would be in 2028, past the calendar: it is not over-long, so that
    # day is never needed, and the check must not stop for it.
    v = check(scenario(suspension("s1", "2027-12-13", "2027-12-17", "2027-12-09"), **END_OF_NYSE))
    assert keys(v) == set()
    s1 = status(v, "s1")
    assert s1.permitted and s1.business_days == 5 and s1.restricted_from is None


@each_implementation
def test_an_over_long_suspension_at_the_calendars_end_is_restricted_from_its_sixteenth_day(check):
    # Wed 2027-12-01 .. Wed 12-29: 20 business days; the 16th is Wed Dec 22. Restricted Dec 22
    # .. 29, cured Thu Dec 30 (inside the RP, which ends that day).
    v = check(scenario(suspension("s1", "2027-12-01", "2027-12-29", "2027-11-29"), **END_OF_NYSE))
    assert keys(v) == {"suspension.max-length:s1"}
    s1 = status(v, "s1")
    assert s1.business_days == 20 and s1.restricted_from == D("2027-12-22")
    assert v.episodes[0].cure_date == D("2027-12-30")


# -- which suspensions count toward "up to two" (found by mutation testing) -----------------------


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
