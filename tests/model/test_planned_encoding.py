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
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from model.calendars import BusinessCalendar
from model.context import scenario_context
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


def validate_as_planned(fixed: Scenario, planned: Scenario) -> Verdict:
    """Solve the model of ``planned`` and read the verdict as that of the fixed schedule (the
    suspensions are in the same order, the dates and so the calendar the same)."""
    model = ScenarioModel(scenario_context(planned), planned.interpretation)
    solver = new_solver(SolverSettings())
    solver.add(model.constraints())
    return verdict_from(solver, model, scenario_context(fixed))


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
@given(scenarios(), st.data())
def test_pinned_planned_suspensions_agree_with_reference_evaluator(fixed, data):
    suspensions = []
    calendar = scenario_context(fixed).calendar
    for s in fixed.suspensions:
        assert isinstance(s, Suspension)
        plan = can_be_planned(fixed, s, calendar) and data.draw(st.integers(0, 3), label=s.id) > 0
        suspensions.append(pinned(s) if plan else s)
    assume(any(isinstance(s, PlannedSuspension) for s in suspensions))
    planned = attrs.evolve(fixed, suspensions=tuple(suspensions))
    assert comparable(validate_as_planned(fixed, planned)) == comparable(evaluate(fixed))
