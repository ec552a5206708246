"""The rule table drives the code (model/rules.py): a row added to the table is built by the Z3
schedule, evaluated by the reference, worded by explain and decides eligibility, with no other
code touched; the eligibility set is the rows'; the terminal report names as blocking only the
rules that block under the file's reading of ``notice``."""

from __future__ import annotations

import attrs
import pytest
import z3

from checks.reports import terminal
from checks.reports.terminal_page import plain
from checks.validate import validate
from model import rules
from model.explain import SuspensionWords, business_days, violation
from model.findings import Violation
from model.interpretations import Interpretation
from model.reference import evaluate
from model.reference.suspensions import SuspensionFacts
from model.rules import ELIGIBILITY_RULES, RULES, SUSPENSION, Blocks, Rule
from model.suspensions import RuleContext
from tests.builders import scenario, suspension
from tests.model.test_differential import comparable

# A hypothetical clause: "no suspension shall be for more than ten (10) business days".
TIGHTER = 10


def longer_than_ten_business_days(c: RuleContext, i: int) -> z3.BoolRef:
    """ "no suspension shall be for more than ten (10) business days" (9(z)).

    Broken when ``bd_count(start, end) > 10``."""
    return c.suspensions[i].length > TIGHTER


def reference_longer_than_ten(facts: SuspensionFacts) -> Violation | None:
    if facts.length <= TIGHTER:
        return None
    s = facts.suspension
    return violation(
        "suspension.max-ten", s.id, "reference words", {"start": s.start}, facts.length - TIGHTER
    )


def explain_longer_than_ten(w: SuspensionWords) -> Violation:
    s = w.suspension
    length = w.calendar.bd_count(s.start, s.end)
    return violation(
        "suspension.max-ten",
        s.id,
        f"{s.id} lasts {business_days(length)}; at most {TIGHTER} under 9(z)",
        {"start": s.start},
        length - TIGHTER,
    )


EXTRA = Rule(
    "suspension.max-ten",
    "9(z)",
    SUSPENSION,
    f"a suspension lasts at most {TIGHTER} business days",
    longer_than_ten_business_days,
    reference_longer_than_ten,
    explain_longer_than_ten,
    Blocks.ALWAYS,
)

# Mon 2004-02-02 to Tue Feb 17: 11 business days (Presidents' Day, Feb 16, is a holiday); the
# notice of Wed Jan 28 is three business days before it.
ELEVEN_DAYS = scenario(suspension("s1", "2004-02-02", "2004-02-17", "2004-01-28"))


@pytest.fixture
def extended(monkeypatch: pytest.MonkeyPatch) -> tuple[Rule, ...]:
    table = (*RULES, EXTRA)
    monkeypatch.setattr(rules, "RULES", table)
    return table


def test_the_witness_is_compliant_under_the_agreements_table():
    assert validate(ELEVEN_DAYS).compliant
    assert not evaluate(ELEVEN_DAYS).violations


def test_an_added_row_is_built_evaluated_and_explained(extended):
    found = validate(ELEVEN_DAYS)
    (finding,) = found.violations
    assert (finding.rule, finding.section, finding.missed_by_business_days) == (
        "suspension.max-ten",
        "9(z)",
        1,
    )
    assert finding.message == "s1 lasts 11 business days; at most 10 under 9(z)"
    # It blocks eligibility, so the whole suspension is restricted, on both sides alike.
    (status,) = found.suspensions
    assert not status.eligible and not status.permitted
    assert status.restricted_from == status.start
    assert [e.subject for e in found.episodes] == ["s1"]
    assert comparable(found) == comparable(evaluate(ELEVEN_DAYS))
    assert EXTRA.words == "no suspension shall be for more than ten (10) business days"


def test_an_added_row_that_never_blocks_leaves_the_suspension_permitted(monkeypatch):
    monkeypatch.setattr(rules, "RULES", (*RULES, attrs.evolve(EXTRA, blocks=Blocks.NEVER)))
    found = validate(ELEVEN_DAYS)
    assert [v.rule for v in found.violations] == ["suspension.max-ten"]
    assert found.suspensions[0].permitted
    assert comparable(found) == comparable(evaluate(ELEVEN_DAYS))


def test_the_eligibility_set_is_the_rows_that_can_block():
    assert ELIGIBILITY_RULES == (
        "suspension.before-effective",
        "suspension.min-gap",
        "suspension.max-count",
        "suspension.notice",
    )
    notice = rules.by_id("suspension.notice")
    assert notice.blocks_eligibility(Interpretation(notice="condition"))
    assert not notice.blocks_eligibility(Interpretation(notice="covenant"))
    assert not rules.by_id("suspension.max-length").blocks_eligibility(Interpretation())
    assert all(r.kind in rules.KINDS for r in RULES)


@pytest.mark.parametrize("rule", [r.id for r in RULES if r.kind == SUSPENSION])
def test_each_suspension_rule_decides_eligibility_only_through_its_row(rule, monkeypatch):
    # A rule marked as never blocking no longer makes its witness ineligible, on either side.
    from tests.model.test_every_rule_matters import WITNESSES

    row = rules.by_id(rule)
    table = tuple(attrs.evolve(r, blocks=Blocks.NEVER) if r.id == rule else r for r in RULES)
    witness = WITNESSES[rule]
    before = validate(witness)
    monkeypatch.setattr(rules, "RULES", table)
    after = validate(witness)
    assert {v.rule for v in after.violations} == {rule}
    assert comparable(after) == comparable(evaluate(witness))
    if row.blocks.under(witness.interpretation):
        assert before.suspensions != after.suspensions
    else:
        assert before.suspensions == after.suspensions


# s2 starts Mon 2004-02-02, one business day before bd_after(Tue Jan 20, 10) = Tue Feb 3 (min-gap),
# on the day after its notice of Fri Jan 30 (notice).
GAP_AND_NOTICE = [
    suspension("s1", "2004-01-07", "2004-01-20", "2004-01-02"),
    suspension("s2", "2004-02-02", "2004-02-04", "2004-01-30"),
]


@pytest.mark.parametrize(
    ("notice", "blocking"),
    [
        ("condition", "suspension.min-gap, suspension.notice"),
        ("covenant", "suspension.min-gap"),
    ],
)
def test_the_terminal_names_the_rules_that_block_under_the_notice_reading(notice, blocking):
    witness = scenario(*GAP_AND_NOTICE, interpretation={"notice": notice})
    found = validate(witness)
    assert {v.rule for v in found.violations if v.subject == "s2"} == {
        "suspension.min-gap",
        "suspension.notice",
    }
    text = " ".join(plain(terminal.verdict_report(found)).split())
    assert f"not eligible to be a Permitted Suspension Period (breaks {blocking})" in text


def test_under_covenant_a_notice_breach_alone_leaves_the_suspension_eligible():
    witness = scenario(
        suspension("s1", "2004-01-07", "2004-01-09", "2004-01-06"),
        interpretation={"notice": "covenant"},
    )
    found = validate(witness)
    assert [v.rule for v in found.violations] == ["suspension.notice"]
    assert found.suspensions[0].eligible
    assert "not eligible" not in plain(terminal.verdict_report(found))
