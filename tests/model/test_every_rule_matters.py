"""Every rule of the table matters: for each, a schedule that breaks it and nothing else, which
the model flags, and which the model with that rule removed lets through, under every
combination of the readings that move dates and lead times (notice-day, lead-time,
late-filing-cure). A model that lost a rule fails the first assertion here. The rules are the
rows of the table (model/rules.py): with a row taken out of the table, the Z3 model and the
reference evaluator both let its witness through. A term profile's limits are rows of the same
table (kind ``allowance``): each has a witness under a profile holding every kind of limit,
which breaks that limit and no other, on both sides, and goes through without the row.

A second set of witnesses break a lead-time rule only because an act dated on a weekend or a
holiday is deemed made on the next business day (READING.md section 1): flagged under the
default reading, through under ``as-given``, and through with the rule removed."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
import z3

from checks.validate import validate
from model import allowance, rules
from model.allowance_plan import build_plan
from model.calendars import build_calendar
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.profiles import AgreementHeader, Allowance, Limit, TermProfile, Window
from model.reference import evaluate
from model.reference.profiles import Calendars, ProfileFacts, evaluate_profile
from model.rules import ALLOWANCE, RULES
from model.scenario import DateRange, PlannedSuspension, Scenario, Suspension
from model.solver import SolverSettings, new_solver
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


# -- a term profile's limits: every kind in one profile, each witness breaking one -------------

EVERY_LIMIT = TermProfile(
    agreement=AgreementHeader("every-limit", "a profile with a limit of every kind"),
    allowance=Allowance(
        limits=(
            Limit("count", 2, window=Window("days", 30), section="9(c)"),
            Limit("length", 10, "business-days", section="9(l)"),
            Limit("aggregate", 20, "calendar-days", Window("months", 12), section="9(a)"),
            Limit("gap", 5, "business-days", section="9(g)"),
            Limit("notice", 2, "business-days", section="9(n)"),
        )
    ),
)
CALENDARS = Calendars(
    business=build_calendar("us-federal", 2023, 2026), trading=build_calendar("nyse", 2023, 2026)
)


def _suspensions(*spans: tuple[str, str, str]) -> ProfileFacts:
    """Suspensions (start, end, notice) from the Effective Date, Tuesday 2 January 2024."""
    day = dt.date.fromisoformat
    return ProfileFacts(
        dates={"effective": day("2024-01-02")},
        suspensions=tuple(
            Suspension(f"s{n}", day(a), day(b), advance_notice=day(notice))
            for n, (a, b, notice) in enumerate(spans, 1)
        ),
    )


# Every notice here is given at least 2 business days before the start, and every gap is at
# least 5 business days (Martin Luther King Day, Monday 15 January 2024, is no business day).
ALLOWANCE_WITNESSES: dict[str, ProfileFacts] = {
    # 8 January, 22 January and 1 February start in the 30 days from 8 January: the third is
    # one too many.
    "allowance.count": _suspensions(
        ("2024-01-08", "2024-01-09", "2024-01-02"),
        ("2024-01-22", "2024-01-22", "2024-01-16"),
        ("2024-02-01", "2024-02-01", "2024-01-26"),
    ),
    # 8-12, 16-19, 22 and 23 January: 23 January is the 11th business day (16 calendar days).
    "allowance.length": _suspensions(("2024-01-08", "2024-01-23", "2024-01-02")),
    # 12 calendar days in January and 9 in March (each under 10 business days, 54 days apart):
    # 12 March is the 21st suspended day in the 12 months to it.
    "allowance.aggregate": _suspensions(
        ("2024-01-08", "2024-01-19", "2024-01-02"),
        ("2024-03-04", "2024-03-12", "2024-02-26"),
    ),
    # 5 business days after Tuesday 9 January is Wednesday 17 January; 12 January is too soon.
    "allowance.gap": _suspensions(
        ("2024-01-08", "2024-01-09", "2024-01-02"), ("2024-01-12", "2024-01-12", "2024-01-08")
    ),
    # notice on Friday 5 January: the 2nd business day after it is Tuesday 9 January, one
    # business day after the start.
    "allowance.notice": _suspensions(("2024-01-08", "2024-01-09", "2024-01-05")),
}


def _broken(facts: ProfileFacts) -> tuple[set[str], set[str]]:
    """The limits broken, by the Z3 model and by the reference."""
    model = allowance.evaluate(EVERY_LIMIT, facts, CALENDARS)
    reference = evaluate_profile(EVERY_LIMIT, facts, CALENDARS)
    return {v.rule for v in model.violations}, {v.rule for v in reference.violations}


def _broken_when_planned(facts: ProfileFacts) -> set[str]:
    """The limits the planning model finds broken with every suspension planned, its windows
    closed on its own days (the row's ``build_symbolic``)."""
    planned = [
        PlannedSuspension(
            s.id,
            DateRange(s.start, s.start),
            DateRange(s.end, s.end),
            advance_notice=s.advance_notice,
        )
        for s in facts.suspensions
    ]
    model = build_plan(EVERY_LIMIT, planned, facts, CALENDARS)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    assert solver.check() == z3.sat
    _, broken = model.verdict(solver.model())
    return {key.split(":")[0] for key in broken}


@pytest.mark.parametrize("rule", [r.id for r in rules.of_kind(ALLOWANCE)])
def test_without_its_row_a_limits_witness_goes_through_both_readings(rule, monkeypatch):
    witness = ALLOWANCE_WITNESSES[rule]
    assert _broken(witness) == ({rule}, {rule})
    assert _broken_when_planned(witness) == {rule}
    monkeypatch.setattr(rules, "RULES", tuple(r for r in RULES if r.id != rule))
    assert _broken(witness) == (set(), set())
    assert _broken_when_planned(witness) == set()
    outcomes = allowance.evaluate(EVERY_LIMIT, witness, CALENDARS).suspensions
    assert all(o.restricted_from is None for o in outcomes)


def test_every_rule_has_a_witness():
    assert set(WITNESSES) | set(ALLOWANCE_WITNESSES) == {rule.id for rule in RULES}
    assert set(ALLOWANCE_WITNESSES) == {rule.id for rule in rules.of_kind(ALLOWANCE)}


# The 2003 agreement's rules.
AGREEMENT_RULES = [r.id for r in RULES if r.kind != ALLOWANCE]


READINGS = [
    dict(zip(("notice-day", "lead-time", "late-filing-cure"), combination, strict=True))
    for combination in itertools.product(
        *(TERMS_BY_NAME[t].readings for t in ("notice-day", "lead-time", "late-filing-cure"))
    )
]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: ",".join(r.values()))
@pytest.mark.parametrize("rule", AGREEMENT_RULES)
def test_rule_is_enforced_and_its_removal_lets_the_witness_through(rule, reading):
    witness = attrs.evolve(
        WITNESSES[rule],
        interpretation=Interpretation(**{k.replace("-", "_"): v for k, v in reading.items()}),
    )
    found = {v.rule for v in validate(witness).violations}
    assert found == {rule}
    assert validate(witness, disabled={rule}).compliant


@pytest.mark.parametrize("rule", AGREEMENT_RULES)
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
