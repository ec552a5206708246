"""Interchangeable planned suspensions in file order (model/symmetry.py): which ones are
interchangeable, and that ordering them changes neither the optimum of ``worst-case`` nor its
answer (against brute force, and against the solver without the ordering)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model.exposure
from checks.placements import fixed_scenario
from checks.worst_case import worst_case
from model.context import scenario_context
from model.interpretations import TERMS
from model.reference import evaluate
from model.schedule import ScenarioModel
from model.symmetry import file_order_constraints, interchangeable_groups
from tests.builders import scenario
from tests.checks.test_plan import exposure, placements
from tests.same_answers import assert_same_worst_case

DAY = dt.timedelta(days=1)


def planned(id: str, earliest: str = "2004-01-05", latest: str = "2004-03-31", **more):
    return {
        "id": id,
        "start": {"earliest": earliest, "latest": latest},
        "length": {"min": 1, "max": 10},
        **more,
    }


def test_suspensions_with_the_same_bounds_are_grouped_in_file_order():
    plan = scenario(
        planned("b"),
        planned("lawless", notice_lawful=False),
        planned("a"),
        planned("noticed", advance_notice="2004-01-02"),
        planned("c"),
        planned("covering", covers=["2004-02-02"]),
        planned("later", earliest="2004-01-06"),
        planned("also-lawless", notice_lawful=False),
    )
    assert interchangeable_groups(plan.planned_suspensions) == [
        ["b", "a", "c"],
        ["lawless", "also-lawless"],
    ]


def test_the_order_is_asked_of_each_next_one_in_its_group():
    plan = scenario(planned("p1"), planned("q", earliest="2004-02-03"), planned("p2"))
    model = ScenarioModel(scenario_context(plan), plan.interpretation)
    (constraint,) = file_order_constraints(model)
    assert constraint.eq(model.planned["p1"].start_index < model.planned["p2"].start_index)
    assert (
        file_order_constraints(
            ScenarioModel(scenario_context(scenario(planned("p1"))), plan.interpretation)
        )
        == []
    )


@st.composite
def shared_windows(draw: st.DrawFn, count: int, width: int, longest: int):
    """``count`` planned suspensions with one short window, near a fixed suspension, under
    random readings; one Investor with a sale."""
    ed = dt.date(2003, 10, 3)
    earliest = ed + draw(st.integers(-10, 700)) * DAY
    latest = earliest + draw(st.integers(width // 2, width)) * DAY
    fixed_start = earliest + draw(st.integers(-20, 30)) * DAY
    fixed_end = fixed_start + draw(st.integers(0, 12)) * DAY
    window = {
        "start": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        "length": {"min": 1, "max": draw(st.integers(1, longest))},
    }
    return scenario(
        {
            "id": "fixed",
            "start": fixed_start.isoformat(),
            "end": fixed_end.isoformat(),
            "advance_notice": (fixed_start - 3 * DAY).isoformat(),
        },
        *({"id": f"p{i + 1}", **window} for i in range(count)),
        interpretation={t.name: draw(st.sampled_from(t.readings)) for t in TERMS},
        investors=[
            {
                "name": "I",
                "purchase_price": f"{draw(st.integers(1000, 900000))}.00",
                "sales": [
                    {
                        "date": (earliest + draw(st.integers(-10, 20)) * DAY).isoformat(),
                        "purchase_price": "500.00",
                    }
                ],
            }
        ],
    )


SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def without_the_order():
    return mock.patch.object(model.exposure, "file_order_constraints", lambda model: [])


@SETTINGS
@given(shared_windows(count=2, width=12, longest=4))
def test_two_interchangeable_suspensions_match_brute_force(plan):
    assert interchangeable_groups(plan.planned_suspensions) == [["p1", "p2"]]
    exposures = [exposure(evaluate(fixed_scenario(plan, c))) for c in placements(plan)]
    for least in (False, True):
        answer = worst_case(plan, least=least)
        if not exposures:
            assert answer.status == "infeasible"
            continue
        assert answer.status == "optimal"
        assert exposure(answer.verdict) == (min(exposures) if least else max(exposures))


@settings(SETTINGS, max_examples=12)
@given(shared_windows(count=3, width=15, longest=16))
def test_the_order_changes_no_answer(plan):
    for least in (False, True):
        ordered = worst_case(plan, least=least)
        with without_the_order():
            unordered = worst_case(plan, least=least)
        assert_same_worst_case(ordered, unordered)
