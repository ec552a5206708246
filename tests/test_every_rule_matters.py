"""Every rule of the table matters: for each, a schedule that breaks it and nothing else, which
the model flags, and which the model with that rule removed lets through. A model that lost
a rule fails the first assertion here."""

from __future__ import annotations

import pytest

from checks.validate import validate
from model.rules import RULES
from model.scenario import Scenario
from tests.builders import scenario, suspension

ok_notice = "2004-01-05"  # bd_after(Mon Jan 5, 2) = Wed Jan 7

WITNESSES: dict[str, Scenario] = {
    # Thu Oct 2 is the day before the Effective Date (Fri 2003-10-03).
    "suspension.before-effective": scenario(
        suspension("s1", "2003-10-02", "2003-10-06", "2003-09-30")
    ),
    # Jan 7 .. Jan 29 is 16 business days (MLK day Jan 19 excluded).
    "suspension.max-length": scenario(suspension("s1", "2004-01-07", "2004-01-29", ok_notice)),
    # bd_after(Jan 20, 10) = Feb 3; Feb 2 is one business day early.
    "suspension.min-gap": scenario(
        suspension("s1", "2004-01-07", "2004-01-20", ok_notice),
        suspension("s2", "2004-02-02", "2004-02-04", "2004-01-29"),
    ),
    "suspension.max-count": scenario(
        suspension("s1", "2004-01-07", "2004-01-20", ok_notice),
        suspension("s2", "2004-02-03", "2004-02-10", "2004-01-30"),
        suspension("s3", "2004-02-25", "2004-02-27", "2004-02-23"),
    ),
    "suspension.notice": scenario(suspension("s1", "2004-01-07", "2004-01-09", "2004-01-06")),
    "filing.deadline": scenario(dates={"registration_filed": "2003-08-22"}),
    # IRED Mon Oct 6; opinion Oct 8 is within bd_after(Oct 7, 5) = Oct 15 (Columbus Day Oct 13).
    "effectiveness.deadline": scenario(dates={"effective": "2003-10-07"}),
    # bd_after(Thu Feb 26, 3) = Feb 27, Mar 1, Mar 2: a filing on Mon Mar 1 is too soon.
    "counsel-review.lead-time": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-01",
                "counsel_copy": "2004-02-26",
                "investor_notice": "2004-02-25",
            }
        ]
    ),
    "filing-notice.lead-time": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-01",
                "counsel_copy": "2004-02-25",
                "investor_notice": "2004-02-26",
            }
        ]
    ),
    # bd_after(Wed Feb 25, 1) = Thu Feb 26; confirmed Fri Feb 27.
    "notice-confirmation.deadline": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-01",
                "counsel_copy": "2004-02-25",
                "investor_notice": "2004-02-25",
                "confirmation_requested": "2004-02-25",
                "confirmed": "2004-02-27",
            }
        ]
    ),
    # bd_before(Mon Mar 1, 1) = Fri Feb 27; counsel had it only on Mar 1.
    "sec-response.lead-time": scenario(
        filings=[
            {
                "id": "resp",
                "kind": "sec-response",
                "filed": "2004-03-01",
                "counsel_copy": "2004-03-01",
            }
        ]
    ),
    # bd_after(Fri Oct 3, 5) = Oct 10; opinion on Tue Oct 14.
    "transfer-agent.deadline": scenario(dates={"transfer_agent_opinion": "2003-10-14"}),
}


def test_every_rule_has_a_witness():
    assert set(WITNESSES) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_is_enforced_and_its_removal_lets_the_witness_through(rule):
    witness = WITNESSES[rule]
    found = {v.rule for v in validate(witness).violations}
    assert found == {rule}
    assert validate(witness, disabled={rule}).compliant
