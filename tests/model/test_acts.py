"""Acts on days that are not business days (READING.md section 1, ``notice-day``) and "at least
N business days before" under both readings of ``lead-time``: each boundary under both
readings, through the Z3 model (``validate``) and the reference evaluator (``evaluate``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checks.reports import report
from checks.validate import validate
from model.acts import REGISTRATION_ACTS, deemed_day
from model.calendars import build_calendar
from model.reference import evaluate
from tests.builders import scenario, suspension

D = dt.date.fromisoformat
AS_GIVEN = {"notice-day": "as-given"}
CLEAR = {"lead-time": "clear-business-days"}
CHECKS = [validate, evaluate]


def keys(v):
    return sorted(v.violation_keys)


def amendment(filed: str, copy: str, kind: str = "amendment", **more: str) -> dict[str, str]:
    return {"id": "amend-1", "kind": kind, "filed": filed, "counsel_copy": copy, **more}


# -- the day an act is deemed made ---------------------------------------------------------------


def test_an_act_on_a_saturday_sunday_or_holiday_is_deemed_made_on_the_next_business_day():
    calendar = build_calendar("us-federal", 2003, 2005)
    assert deemed_day(calendar, D("2004-03-06"), "next-business-day") == D("2004-03-08")  # Sat
    assert deemed_day(calendar, D("2004-03-07"), "next-business-day") == D("2004-03-08")  # Sun
    # Fri 2004-12-24 is Christmas observed; Fri 2004-12-31 New Year 2005 observed.
    assert deemed_day(calendar, D("2004-12-24"), "next-business-day") == D("2004-12-27")
    assert deemed_day(calendar, D("2004-12-31"), "next-business-day") == D("2005-01-03")
    assert deemed_day(calendar, D("2004-03-08"), "next-business-day") == D("2004-03-08")
    assert deemed_day(calendar, D("2004-03-06"), "as-given") == D("2004-03-06")


# -- 3(c): a Saturday copy, a Saturday filing ------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS)
def test_saturday_copy_for_wednesday_filing_is_two_business_days_of_review(check):
    # Copy Sat 2004-03-06, deemed Mon Mar 8; bd_after(Mar 8, 3) = Thu Mar 11 > Wed Mar 10.
    filings = [amendment("2004-03-10", "2004-03-06")]
    v = check(scenario(filings=filings))
    assert keys(v) == ["counsel-review.lead-time:amend-1"]
    (x,) = v.violations
    assert x.missed_by_business_days == 1
    assert x.dates == {
        "counsel_copy": D("2004-03-06"),
        "counsel_copy_deemed": D("2004-03-08"),
        "filed": D("2004-03-10"),
        "latest_counsel_copy": D("2004-03-05"),
    }
    # As given, bd_after(Sat Mar 6, 3) = Mar 8, 9, 10: the false "compliant" of issue 12.
    assert check(scenario(filings=filings, interpretation=AS_GIVEN)).compliant


@pytest.mark.parametrize("check", CHECKS)
def test_wednesday_copy_for_saturday_filing_is_three_business_days_of_review(check):
    # Filed Sat 2004-03-06, deemed Mon Mar 8 = bd_after(Wed Mar 3, 3) (Mar 4, 5, 8).
    filings = [amendment("2004-03-06", "2004-03-03")]
    assert check(scenario(filings=filings)).compliant
    # As given, Sat Mar 6 < Mon Mar 8: broken, though counsel had three business days.
    as_given = check(scenario(filings=filings, interpretation=AS_GIVEN))
    assert keys(as_given) == ["counsel-review.lead-time:amend-1"]
    assert as_given.violations[0].dates["latest_counsel_copy"] == D("2004-03-02")


@pytest.mark.parametrize("check", CHECKS)
def test_counsel_review_under_clear_business_days(check):
    # Copy Wed 2004-03-03: the third business day after it is Mon Mar 8, the fourth Tue Mar 9.
    on_third = [amendment("2004-03-08", "2004-03-03")]
    on_fourth = [amendment("2004-03-09", "2004-03-03")]
    assert check(scenario(filings=on_third)).compliant
    clear = check(scenario(filings=on_third, interpretation=CLEAR))
    assert keys(clear) == ["counsel-review.lead-time:amend-1"]
    assert clear.violations[0].dates["latest_counsel_copy"] == D("2004-03-02")
    assert check(scenario(filings=on_fourth, interpretation=CLEAR)).compliant


@pytest.mark.parametrize("check", CHECKS)
def test_sec_response_copy_on_a_saturday_for_a_monday_filing(check):
    # Copy Sat 2004-03-06, deemed Mon Mar 8 = the filing day: not one business day ahead.
    filings = [amendment("2004-03-08", "2004-03-06", kind="sec-response")]
    assert keys(check(scenario(filings=filings))) == ["sec-response.lead-time:amend-1"]
    assert check(scenario(filings=filings, interpretation=AS_GIVEN)).compliant


@pytest.mark.parametrize("check", CHECKS)
def test_filing_notice_to_investors_under_both_readings(check):
    # Prospectus supplement filed Wed 2004-03-10, copy to counsel Thu Mar 4 (four ahead).
    def supplement(notice: str) -> list[dict[str, str]]:
        return [
            amendment(
                "2004-03-10", "2004-03-04", kind="prospectus-supplement", investor_notice=notice
            )
        ]

    saturday = supplement("2004-03-06")  # deemed Mon Mar 8: only Mar 9, 10
    assert keys(check(scenario(filings=saturday))) == ["filing-notice.lead-time:amend-1"]
    assert check(scenario(filings=saturday, interpretation=AS_GIVEN)).compliant
    friday = supplement("2004-03-05")  # bd_after(Fri Mar 5, 3) = Mar 10; 4th is Mar 11
    assert check(scenario(filings=friday)).compliant
    assert keys(check(scenario(filings=friday, interpretation=CLEAR))) == [
        "filing-notice.lead-time:amend-1"
    ]


@pytest.mark.parametrize("check", CHECKS)
def test_confirmation_of_a_saturday_notice_is_due_the_tuesday(check):
    # Notice Sat 2004-03-06, deemed Mon Mar 8: confirmation due bd_after(Mar 8, 1) = Tue Mar 9
    # (as given, bd_after(Sat, 1) = Mon Mar 8).
    def confirmed_on(day: str) -> list[dict[str, str]]:
        return [
            amendment(
                "2004-03-15",
                "2004-03-01",
                kind="prospectus-supplement",
                investor_notice="2004-03-06",
                confirmation_requested="2004-03-06",
                confirmed=day,
            )
        ]

    assert check(scenario(filings=confirmed_on("2004-03-09"))).compliant
    as_given = check(scenario(filings=confirmed_on("2004-03-09"), interpretation=AS_GIVEN))
    assert keys(as_given) == ["notice-confirmation.deadline:amend-1"]
    assert keys(check(scenario(filings=confirmed_on("2004-03-10")))) == [
        "notice-confirmation.deadline:amend-1"
    ]


# -- 3(h): a notice on a Friday holiday, two clear business days -----------------------------------


@pytest.mark.parametrize("check", CHECKS)
def test_notice_on_a_friday_holiday_is_deemed_given_on_monday(check):
    # Notice Fri 2004-12-24 (Christmas observed), deemed Mon Dec 27: the earliest start is
    # bd_after(Dec 27, 2) = Wed Dec 29; as given, bd_after(Dec 24, 2) = Tue Dec 28.
    tuesday = suspension("s1", "2004-12-28", "2004-12-30", "2004-12-24")
    wednesday = suspension("s1", "2004-12-29", "2004-12-30", "2004-12-24")
    v = check(scenario(tuesday))
    assert keys(v) == ["suspension.notice:s1"]
    assert v.violations[0].dates == {
        "start": D("2004-12-28"),
        "advance_notice": D("2004-12-24"),
        "advance_notice_deemed": D("2004-12-27"),
        "earliest_allowed_start": D("2004-12-29"),
    }
    assert v.violations[0].missed_by_business_days == 1
    assert check(scenario(tuesday, interpretation=AS_GIVEN)).compliant
    assert check(scenario(wednesday)).compliant
    assert check(scenario(wednesday, interpretation=AS_GIVEN)).compliant


@pytest.mark.parametrize("check", CHECKS)
def test_two_clear_business_days_notice(check):
    # Notice Mon 2004-01-05: bd_after 2 = Wed Jan 7, bd_after 3 = Thu Jan 8.
    wednesday = suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05")
    thursday = suspension("s1", "2004-01-08", "2004-01-20", "2004-01-05")
    assert check(scenario(wednesday)).compliant
    clear = check(scenario(wednesday, interpretation=CLEAR))
    assert keys(clear) == ["suspension.notice:s1"]
    assert clear.violations[0].dates["earliest_allowed_start"] == D("2004-01-08")
    assert check(scenario(thursday)).compliant
    assert check(scenario(thursday, interpretation=CLEAR)).compliant


@pytest.mark.parametrize("check", CHECKS)
def test_a_suspension_starting_on_a_saturday_does_not_move(check):
    # Start Sat 2004-01-10 stays Sat (the Investors could not sell that day); notice Thu Jan 8:
    # bd_after(Jan 8, 2) = Mon Jan 12 > Sat Jan 10, broken under either notice-day reading.
    s = suspension("s1", "2004-01-10", "2004-01-20", "2004-01-08")
    for reading in ({}, AS_GIVEN):
        v = check(scenario(s, interpretation=reading or None))
        assert keys(v) == ["suspension.notice:s1"]
        assert v.suspensions[0].start == D("2004-01-10")


# -- the registration's dates -------------------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS)
def test_a_saturday_10q_is_deemed_filed_on_monday_for_the_required_filing_date(check):
    # 10-Q Sat 2003-08-16, deemed Mon Aug 18: RFD = bd_after(Aug 18, 5) = Mon Aug 25; as given,
    # bd_after(Sat Aug 16, 5) = Fri Aug 22. A filing on Aug 25 is on time only by default.
    dates = {"quarterly_report_filed": "2003-08-16", "registration_filed": "2003-08-25"}
    v = check(scenario(dates=dates))
    assert v.timeline.required_filing_date == D("2003-08-25")
    assert v.compliant
    as_given = check(scenario(dates=dates, interpretation=AS_GIVEN))
    assert as_given.timeline.required_filing_date == D("2003-08-22")
    assert keys(as_given) == ["filing.deadline:registration"]
    assert as_given.violations[0].missed_by_business_days == 1


@pytest.mark.parametrize("check", CHECKS)
def test_the_secs_notice_and_order_are_not_moved(check):
    # SEC clearance Sat 2003-09-27: IRED = +5 calendar days = Thu 2003-10-02 under either
    # reading (the SEC's notice is no act under the agreement, READING.md section 3).
    dates = {"sec_clearance_notice": "2003-09-27", "effective": "2003-10-02"}
    for reading in (None, AS_GIVEN):
        v = check(scenario(dates=dates, interpretation=reading))
        assert v.timeline.initial_required_effective_date == D("2003-10-02")
        assert v.compliant


def test_the_report_shows_the_deemed_day_beside_the_given_one():
    # CONTRACT.md's own example: notice Sat 2004-01-03, deemed Mon 2004-01-05.
    s = scenario(
        suspension("s1", "2004-01-07", "2004-01-20", "2004-01-03"),
        filings=[amendment("2004-03-06", "2004-03-03")],
        dates={"registration_filed": "2003-08-17", "quarterly_report_filed": "2003-08-09"},
    )
    v = validate(s)
    data = json.loads(json.dumps(report.verdict_to_json(v)))
    row = data["suspensions"][0]
    assert (row["advance_notice"], row["advance_notice_deemed"]) == ("2004-01-03", "2004-01-05")
    filing = data["filings"][0]
    assert (filing["filed"], filing["filed_deemed"]) == ("2004-03-06", "2004-03-08")
    assert "counsel_copy_deemed" not in filing
    dates = data["dates"]
    assert (dates["registration_filed"], dates["registration_filed_deemed"]) == (
        "2003-08-17",
        "2003-08-18",
    )
    assert dates["quarterly_report_filed_deemed"] == "2003-08-11"
    assert {d.field for d in v.deemed if d.subject == "registration"} <= set(REGISTRATION_ACTS)
    assert v.deemed == evaluate(s).deemed
    as_given = report.verdict_to_json(validate(scenario(interpretation=AS_GIVEN)))
    assert not any(k.endswith("_deemed") for k in as_given["dates"])
