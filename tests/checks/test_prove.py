"""`rrcheck prove`: every property is proved, and each proof is sharp: with the rule it rests
on removed from the model, the proof finds a counterexample."""

from __future__ import annotations

import pytest

from checks import prove
from model.schedule import ScenarioModel
from model.solver import SolverSettings

SETTINGS = SolverSettings(timeout_seconds=120)


@pytest.fixture(scope="module")
def results():
    return prove.prove_all(SETTINGS)


def test_every_property_is_proved(results):
    failed = [(r.name, r.status, r.detail) for r in results if r.status != "proved"]
    assert not failed


def test_every_suspension_rule_is_shown_non_vacuous(results):
    names = {r.name for r in results}
    for rule in ("before-effective", "max-length", "min-gap", "max-count", "notice"):
        assert f"non-vacuous:suspension.{rule}" in names


def test_thirty_days_witness_is_printed(results):
    attained = next(r for r in results if r.name == "permitted-days-30-attained")
    assert "15 business days" in attained.detail


@pytest.mark.parametrize(
    ("removed", "prover"),
    [
        ("suspension.max-count", prove.at_most_thirty_permitted_days),
        ("suspension.max-length", prove.compliant_schedule_suspends_at_most_thirty),
        ("suspension.max-count", prove.compliant_schedule_suspends_at_most_thirty),
        ("suspension.min-gap", prove.permitted_periods_are_spaced),
    ],
)
def test_proof_fails_without_the_rule_it_rests_on(monkeypatch, removed, prover):
    def weakened(context, interpretation=None):
        return ScenarioModel(context, interpretation, disabled={removed}, free_notices=True)

    monkeypatch.setattr(prove, "_model", weakened)
    assert prover(SETTINGS)[0].status == "counterexample"


def test_index_comparisons_proof_fails_when_counts_are_compared_wrongly(monkeypatch):
    # "through(a) < before(b)" instead of "<=": a suspension starting on the first business
    # day after another's start would no longer come after it.
    from model import suspensions

    def off_by_one(a, b, either_business_day):
        if either_business_day:
            return a.through < b.before
        return a.day < b.day

    monkeypatch.setattr(suspensions, "earlier", off_by_one)
    (result,) = prove.index_comparisons_are_day_comparisons(SETTINGS)
    assert result.status == "counterexample"


def test_the_proofs_range_over_each_suspensions_own_notice():
    # The proofs hold "for every schedule": each suspension's notice (given or not, lawful or
    # not, on which day) must be its own variable, or they would cover only schedules whose
    # suspensions share one notice.
    import z3

    from model.context import scenario_context

    model = prove._model(scenario_context(prove._general_scenario(2)))
    first, second = model.suspension_terms
    solver = z3.Solver()
    solver.add(model.constraints())
    for differ in (
        first.has_notice != second.has_notice,
        first.notice_lawful != second.notice_lawful,
        first.notice_through != second.notice_through,
    ):
        assert solver.check(differ) == z3.sat
    # ... and a lawful notice may come one business day short, or after the start.
    lawful = z3.And(first.has_notice, first.notice_lawful)
    assert solver.check(lawful, first.start_through == first.notice_through + 1) == z3.sat
    assert solver.check(lawful, first.notice_through > first.start_through) == z3.sat
