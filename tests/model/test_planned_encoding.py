"""The encoding of planned suspensions against the reference evaluator.

A planned suspension starts and ends on business days, so the model compares its days by
business-day indices (``model.suspensions.earlier``) and counts its calendar days through the
If-tree of ``BusinessDayEncoding``; a fixed suspension goes through neither. The differential
test (tests/model/test_differential.py) checks fixed schedules; here the same random schedules are
solved again with some of their suspensions turned into planned ones pinned to their own days
(a one-day window for start and end, the same advance notice), so that the solver must find
them, and the verdict must be the reference evaluator's in every finding, status, episode and
payment row. Mixed schedules (some pinned, some fixed) compare planned days with fixed ones,
which may fall on weekends.

The scenarios are drawn with one suspension that can be planned (``scenarios(plannable=True)``:
any scenario of the strategy that has one can be drawn) and the pinned ones are any non-empty
set of those that can, so that no example is drawn only to be rejected (three were drawn for
each kept when most random schedules had none).
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from model.calendars import BusinessCalendar
from model.context import ScenarioContext, scenario_context
from model.findings import Verdict
from model.reference import evaluate
from model.scenario import DateRange, PlannedSuspension, Scenario, Suspension
from model.schedule import ScenarioModel
from model.solver import SolverSettings, new_solver
from model.verdicts import verdict_from
from tests.strategies import scenarios
from tests.model.test_differential import comparable

EXAMPLES = 1000


def can_be_planned(
    scenario: Scenario, s: Suspension, calendar: BusinessCalendar | None = None
) -> bool:
    """Planned suspensions start and end on business days; pinned, one without an advance
    notice would read as notice given on the latest day its start allows, so those stay fixed."""
    business = (calendar or scenario_context(scenario).calendar).is_business_day
    return business(s.start) and business(s.end) and s.advance_notice is not None


def pinned(s: Suspension) -> PlannedSuspension:
    return PlannedSuspension(
        id=s.id,
        start=DateRange(s.start, s.start),
        end=DateRange(s.end, s.end),
        advance_notice=s.advance_notice,
        notice_lawful=s.notice_lawful,
    )


def validate_as_planned(
    fixed: Scenario, planned: Scenario, context: ScenarioContext | None = None
) -> Verdict:
    """Solve the model of ``planned`` and read the verdict as that of the fixed schedule (the
    suspensions are in the same order, the dates and so the calendar the same); ``context``
    is the fixed schedule's."""
    model = ScenarioModel(scenario_context(planned), planned.interpretation)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    return verdict_from(solver, model, context or scenario_context(fixed))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(scenarios(plannable=True), st.data())
def test_pinned_planned_suspensions_agree_with_reference_evaluator(fixed, data):
    context = scenario_context(fixed)
    can = [k for k, s in enumerate(fixed.suspensions) if can_be_planned(fixed, s, context.calendar)]
    # Rarely none: an extra closure drawn on the day the strategy moved a suspension to.
    assume(can)
    chosen = data.draw(st.integers(1, 2 ** len(can) - 1), label="pinned (a bit each)")
    plan = {k for bit, k in enumerate(can) if chosen >> bit & 1}
    suspensions = []
    for k, s in enumerate(fixed.suspensions):
        assert isinstance(s, Suspension)
        suspensions.append(pinned(s) if k in plan else s)
    planned = attrs.evolve(fixed, suspensions=tuple(suspensions))
    assert comparable(validate_as_planned(fixed, planned, context)) == comparable(evaluate(fixed))
