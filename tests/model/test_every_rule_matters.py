"""Every rule of the table matters: for each, a schedule that breaks it and nothing else, which
the model flags, and which the model with that rule removed lets through, under every
combination of the readings that move dates and lead times (notice-day, lead-time,
late-filing-cure). A model that lost a rule fails the first assertion here. The rules are the
rows of the table (model/rules.py): with a row taken out of the table, the Z3 model and the
reference evaluator both let its witness through.

A second set of witnesses break a lead-time rule only because an act dated on a weekend or a
holiday is deemed made on the next business day (READING.md section 1): flagged under the
default reading, through under ``as-given``, and through with the rule removed."""

from __future__ import annotations

import itertools

import attrs
import pytest

from checks.validate import validate
from model import rules
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.reference import evaluate
from model.rules import RULES
from model.scenario import Scenario
from tests.builders import scenario, suspension

# bd_after(Fri Jan 2, 3) = Wed Jan 7: enough notice under either lead-time reading.
ok_notice = "2004-01-02"

WITNESSES: dict[str, Scenario] = {
    # Thu Oct 2 is the day before the Effective Date (Fri 2003-10-03).
    "suspension.before-effective": scenario(
        suspension("s1", "2003-10-02", "2003-10-06", "2003-09-29")
    ),
    # Jan 7 .. Jan 29 is 16 business days (MLK day Jan 19 excluded).
    "suspension.max-length": scenario(suspension("s1", "2004-01-07", "2004-01-29", ok_notice)),
    # bd_after(Jan 20, 10) = Feb 3; Feb 2 is one business day early (and bd_after(Jan 28, 3) =
    # Feb 2: its notice is enough under either lead-time reading).
    "suspension.min-gap": scenario(
        suspension("s1", "2004-01-07", "2004-01-20", ok_notice),
        suspension("s2", "2004-02-02", "2004-02-04", "2004-01-28"),
    ),
    "suspension.max-count": scenario(
        suspension("s1", "2004-01-07", "2004-01-20", ok_notice),
        suspension("s2", "2004-02-04", "2004-02-10", "2004-01-30"),
        suspension("s3", "2004-02-25", "2004-02-27", "2004-02-20"),
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
                "investor_notice": "2004-02-24",
            }
        ]
    ),
    "filing-notice.lead-time": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-01",
                "counsel_copy": "2004-02-24",
                "investor_notice": "2004-02-26",
            }
        ]
    ),
    # bd_after(Tue Feb 24, 1) = Wed Feb 25; confirmed Thu Feb 26. Copy and notice four business
    # days before the filing, enough under either lead-time reading.
    "notice-confirmation.deadline": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-01",
                "counsel_copy": "2004-02-24",
                "investor_notice": "2004-02-24",
                "confirmation_requested": "2004-02-24",
                "confirmed": "2004-02-26",
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


READINGS = [
    dict(zip(("notice-day", "lead-time", "late-filing-cure"), combination, strict=True))
    for combination in itertools.product(
        *(TERMS_BY_NAME[t].readings for t in ("notice-day", "lead-time", "late-filing-cure"))
    )
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: ",".join(r.values()))
@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_is_enforced_and_its_removal_lets_the_witness_through(rule, reading):
    witness = attrs.evolve(
        WITNESSES[rule],
        interpretation=Interpretation(**{k.replace("-", "_"): v for k, v in reading.items()}),
    )
    found = {v.rule for v in validate(witness).violations}
    assert found == {rule}
    assert validate(witness, disabled={rule}).compliant


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_without_its_row_the_witness_goes_through_both_readings(rule, monkeypatch):
    witness = WITNESSES[rule]
    assert {v.rule for v in evaluate(witness).violations} == {rule}
    monkeypatch.setattr(rules, "RULES", tuple(r for r in RULES if r.id != rule))
    assert validate(witness).compliant
    assert not evaluate(witness).violations


# Broken only because a weekend or holiday act is deemed made on the next business day.
DEEMED_WITNESSES: dict[str, Scenario] = {
    # Notice Fri 2004-12-24 (Christmas observed), deemed Mon Dec 27: earliest start Wed Dec 29.
    "suspension.notice": scenario(suspension("s1", "2004-12-28", "2004-12-30", "2004-12-24")),
    # Copy Sat 2004-03-06, deemed Mon Mar 8: bd_after(Mar 8, 3) = Thu Mar 11 > Wed Mar 10.
    "counsel-review.lead-time": scenario(
        filings=[
            {"id": "a", "kind": "amendment", "filed": "2004-03-10", "counsel_copy": "2004-03-06"}
        ]
    ),
    # Investor notice Sat 2004-03-06, deemed Mon Mar 8, for a Wed Mar 10 supplement.
    "filing-notice.lead-time": scenario(
        filings=[
            {
                "id": "supp",
                "kind": "prospectus-supplement",
                "filed": "2004-03-10",
                "counsel_copy": "2004-03-04",
                "investor_notice": "2004-03-06",
            }
        ]
    ),
    # Copy Sat 2004-03-06, deemed Mon Mar 8, the day the response is filed.
    "sec-response.lead-time": scenario(
        filings=[
            {"id": "r", "kind": "sec-response", "filed": "2004-03-08", "counsel_copy": "2004-03-06"}
        ]
    ),
}


@pytest.mark.parametrize("rule", sorted(DEEMED_WITNESSES))
def test_deemed_day_witness_is_flagged_by_default_and_through_as_given(rule):
    witness = DEEMED_WITNESSES[rule]
    assert {v.rule for v in validate(witness).violations} == {rule}
    assert validate(witness, disabled={rule}).compliant
    as_given = attrs.evolve(witness, interpretation=Interpretation(notice_day="as-given"))
    assert validate(as_given).compliant
