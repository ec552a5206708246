"""The dates each finding compares and the business days it missed by (model/explain.py, shared
by both sides), at the boundaries.

Business days are counted by hand in the comments (us-federal calendar). Baseline of
``tests.builders``: Effective Date Fri 2003-10-03, so the Registration Period runs through
add_years(2003-10-03, 2) = Mon 2005-10-03. Holidays used: Martin Luther King Jr. Day Mon
2004-01-19, Columbus Day Mon 2003-10-13, Washington's Birthday Mon 2004-02-16.
"""

from __future__ import annotations

import datetime as dt

from checks.validate import validate
from tests.builders import scenario, suspension
from tests.implementations import each_implementation

D = dt.date.fromisoformat


def filing(**fields):
    return scenario(filings=[{"id": "f1", **fields}])


# -- the dates each finding compares --------------------------------------------------------------


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
