"""The span bounds worst-case adds to speed the search (model/span_bounds.py): the tables are
right, Z3 proves each bound implied by the planned bounds, and they change no answer."""

from __future__ import annotations

import datetime as dt

import pytest
import z3

import checks.plan
from checks.benchmark import planned_scenario
from checks.plan import worst_case
from model.context import scenario_context
from model.scenario import Scenario
from model.schedule import ScenarioModel
from model.span_bounds import longest_spans, span_bounds
from tests.builders import scenario

D = dt.date.fromisoformat


def _one_planned(earliest: str, latest: str, most: int) -> Scenario:
    planned = {
        "id": "p1",
        "start": {"earliest": earliest, "latest": latest},
        "length": {"min": 1, "max": most},
    }
    return scenario(planned, investors=[{"name": "Investor", "purchase_price": "1500000.00"}])


def test_longest_span_across_thanksgiving_worked_by_hand():
    # us-federal, starts Mon 2003-11-24 .. Fri 2003-11-28; Thu 11-27 is Thanksgiving.
    # 2 business days: Mon-Tue 2, Tue-Wed 2, Wed-Fri 3, Fri-Mon 12-01 4 calendar days: 4.
    # 3 business days: Mon-Wed 3, Tue-Fri 4, Wed-Mon 12-01 6, Fri-Tue 12-02 5: 6.
    calendar = scenario_context(_one_planned("2003-11-24", "2003-11-28", 3)).calendar
    first, last = calendar.count_before(D("2003-11-24")), calendar.count_before(D("2003-11-28"))
    assert longest_spans(calendar, first, last, 3) == (1, 4, 6)


def test_longest_spans_bound_every_start_and_are_attained():
    calendar = scenario_context(_one_planned("2003-12-15", "2004-01-23", 20)).calendar
    first, last = calendar.count_before(D("2003-12-15")), calendar.count_before(D("2004-01-23"))
    longest = longest_spans(calendar, first, last, 20)
    for k, bound in enumerate(longest, start=1):
        spans = [
            (calendar.day_at(s + k - 1) - calendar.day_at(s)).days + 1
            for s in range(first, last + 1)
        ]
        assert max(spans) == bound


def test_z3_proves_each_span_bound_implied_by_the_planned_bounds():
    # Christmas and New Year inside the window; 18 business days reach the tail bound.
    scenario = _one_planned("2003-12-15", "2004-01-09", 18)
    model = ScenarioModel(scenario_context(scenario), scenario.interpretation)
    bounds = span_bounds(model)
    assert {b.part for b in bounds} == {"whole", "after-fifteen"}
    for bound in bounds:
        solver = z3.Solver()
        solver.add(model.planned[bound.subject].bounds)
        solver.add(z3.Not(bound.constraint))
        assert solver.check() == z3.unsat, bound.part


def test_a_table_one_day_short_is_refuted():
    # The proof above is sharp: cut the longest 2-day span by a day and Z3 finds the start
    # that exceeds it (Fri 2003-12-26 to Mon 12-29 spans 4 calendar days).
    scenario = _one_planned("2003-12-22", "2003-12-26", 2)
    model = ScenarioModel(scenario_context(scenario), scenario.interpretation)
    terms = model.planned["p1"]
    span = model.encoding.day_of(terms.end_index) - model.encoding.day_of(terms.start_index) + 1
    solver = z3.Solver()
    solver.add(terms.bounds)
    solver.add(terms.end_index - terms.start_index + 1 == 2, span > 3)
    assert solver.check() == z3.sat
    start = scenario_context(scenario).calendar.day_at(
        solver.model().eval(terms.start_index).as_long()
    )
    assert start == D("2003-12-26")


@pytest.mark.parametrize(
    "scenario",
    [
        _one_planned("2003-12-15", "2004-01-09", 20),
        _one_planned("2004-11-15", "2004-12-31", 18),
        planned_scenario(2, window_days=120),
    ],
    ids=["christmas", "thanksgiving-to-new-year", "two-planned"],
)
def test_span_bounds_change_no_worst_case(scenario, monkeypatch):
    with_bounds = worst_case(scenario)
    monkeypatch.setattr(checks.plan, "span_bound_constraints", lambda model: [])
    without = worst_case(scenario)
    assert with_bounds.status == without.status == "optimal"
    assert with_bounds.total_payments == without.total_payments
    assert with_bounds.schedule == without.schedule
