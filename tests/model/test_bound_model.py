"""The model built once per shape of fixed schedule (model/bound_model.py) against the model
built for each file (model/schedule.py, what ``validate`` used before), on random schedules:
the whole verdict under the file's own reading, and what a solution says (the rules broken,
the restricted episodes under both readings of penalty-window) under readings drawn from all
512, with the suspensions listed in any order. tests/model/test_differential.py compares the
same path with the reference evaluator on 2,500 more."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.validate import validate
from model import bound_model
from model.context import scenario_context
from model.interpretations import every_interpretation
from model.loading import structure_scenario
from model.schedule import ScenarioModel
from model.solver import SolverSettings, new_solver
from model.verdicts import EveryReading, _Reader, verdict, verdict_built_for, verdict_from
from tests.strategies import scenarios

EXAMPLES = 500
READINGS = tuple(every_interpretation())


def _built_per_file(context):
    """``EveryReading`` as it was before the model built once per shape: the model of this
    file with the readings as inputs, its solver, and its reader of solutions."""
    model = ScenarioModel(context, interpretation=None)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    return model, solver, _Reader(model)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios(), st.data())
def test_the_model_built_once_agrees_with_the_model_built_per_file(scenario, data):
    order = data.draw(st.permutations(range(len(scenario.suspensions))), label="file order")
    scenario = attrs.evolve(scenario, suspensions=tuple(scenario.suspensions[i] for i in order))
    context = scenario_context(scenario)
    assert bound_model.shape_of(context, frozenset()) is not None
    model, solver, reader = _built_per_file(context)
    own = model.readings.fixed_to(scenario.interpretation)
    assert verdict(context, SolverSettings()) == verdict_from(solver, model, context, own)
    bound = EveryReading(context, SolverSettings())
    for k in data.draw(st.lists(st.integers(0, len(READINGS) - 1), max_size=8), label="readings"):
        assert bound.solve(READINGS[k]) == reader.solve(solver, READINGS[k])


DOCUMENT = {
    "scenario": {"name": "two suspensions"},
    "dates": {
        "quarterly_report_filed": "2003-08-14",
        "registration_filed": "2003-08-21",
        "sec_clearance_notice": "2003-10-01",
        "effective": "2003-10-03",
        "transfer_agent_opinion": "2003-10-08",
    },
    "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
    "suspensions": [
        {"id": "a", "advance_notice": "2004-01-05", "start": "2004-01-07", "end": "2004-01-30"},
        {"id": "b", "advance_notice": "2004-02-02", "start": "2004-02-04", "end": "2004-02-13"},
    ],
}


def _scenario(**changes):
    return structure_scenario({**DOCUMENT, **changes}, "test")


def test_files_of_one_shape_share_one_model_and_other_shapes_get_their_own():
    first = scenario_context(_scenario())
    later = [
        dict(s, start="2004-03-01", end="2004-03-02") if s["id"] == "b" else s
        for s in DOCUMENT["suspensions"]
    ]
    second = scenario_context(_scenario(suspensions=later))
    shape = bound_model.shape_of(first, frozenset())
    assert shape == bound_model.shape_of(second, frozenset())
    assert bound_model.bound_model(shape) is bound_model.bound_model(
        bound_model.shape_of(second, frozenset())
    )
    one = scenario_context(_scenario(suspensions=DOCUMENT["suspensions"][:1]))
    assert bound_model.shape_of(one, frozenset()) != shape
    assert bound_model.shape_of(first, frozenset({"suspension.notice"})) != shape
    # Each file's own facts decide: a over-long (16 business days) and b too soon after it.
    assert validate(first.scenario).violation_keys == {
        "suspension.max-length:a",
        "suspension.min-gap:b",
    }
    assert validate(second.scenario).violation_keys == {"suspension.max-length:a"}


def test_a_long_history_is_built_per_file():
    # One-day suspensions three weeks apart, one more than a shape may hold.
    days = [str(dt.date(2004, 1, 5) + dt.timedelta(weeks=3 * k)) for k in range(17)]
    assert len(days) == bound_model.MOST_SUSPENSIONS + 1
    many = [{"id": f"s{k}", "start": day, "end": day} for k, day in enumerate(days)]
    at_most = scenario_context(_scenario(suspensions=many[: bound_model.MOST_SUSPENSIONS]))
    assert bound_model.shape_of(at_most, frozenset()) is not None
    beyond = scenario_context(_scenario(suspensions=many))
    assert bound_model.shape_of(beyond, frozenset()) is None
    assert verdict(beyond, SolverSettings()) == verdict_built_for(beyond, SolverSettings())


def test_a_rule_disabled_and_an_unknown_rule_id_as_in_the_model_built_per_file():
    context = scenario_context(_scenario())
    for disabled in ({"suspension.max-length"}, {"suspension.min-gap", "filing.deadline"}):
        assert verdict(context, SolverSettings(), disabled) == verdict_built_for(
            context, SolverSettings(), disabled
        )
    with pytest.raises(ValueError, match="unknown rule ids"):
        verdict(context, SolverSettings(), {"no.such-rule"})
    with pytest.raises(ValueError, match="unknown rule ids"):
        verdict_built_for(context, SolverSettings(), {"no.such-rule"})


def test_overlapping_suspensions_have_no_solution_in_either_model():
    # The loader refuses them; built directly, both models find no solution.
    scenario = _scenario()
    a, b = scenario.suspensions
    overlapping = attrs.evolve(scenario, suspensions=(a, attrs.evolve(b, start=a.end)))
    context = scenario_context(overlapping)
    for check in (verdict, verdict_built_for):
        with pytest.raises(RuntimeError, match="no solution"):
            check(context, SolverSettings())


def test_a_reading_left_free_is_solved_by_the_model_built_per_file(monkeypatch):
    # A reading the model cannot pin (a test may pretend leap-day has no switch) leaves the
    # solver to choose it: the model built per file answers, as it did.
    from model.suspensions import Readings

    real = Readings.fixed_to
    monkeypatch.setattr(
        Readings,
        "fixed_to",
        lambda self, r: [pin for pin in real(self, r) if "leap_day" not in pin.sexpr()],
    )
    context = scenario_context(_scenario())
    model = bound_model.bound_model(bound_model.shape_of(context, frozenset()))
    assert not model.binds(context.scenario.interpretation)
    with pytest.raises(ValueError, match="left free"):
        model.solve(context, context.scenario.interpretation)
    assert verdict(context, SolverSettings()) == verdict_built_for(context, SolverSettings())
    assert EveryReading(context, SolverSettings()).verdict(context) == verdict(
        context, SolverSettings()
    )
