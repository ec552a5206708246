"""Sections 3(a) and 2(c), the Registration Period (model/registration.py), in both
implementations.

Business days are counted by hand in the comments (us-federal calendar). Baseline of
``tests.builders``: Effective Date Fri 2003-10-03, so the Registration Period runs through
add_years(2003-10-03, 2) = Mon 2005-10-03.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import scenario
from tests.implementations import each_implementation

D = dt.date.fromisoformat


# -- 3(a), 2(c): the Registration Period ----------------------------------------------------------


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
