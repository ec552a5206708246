"""The span bounds worst-case adds to speed the search (model/span_bounds.py): the tables are
right, Z3 proves each bound implied by the planned bounds, and they change no answer."""

from __future__ import annotations

import datetime as dt

import pytest
import z3

import model.exposure
from checks.worst_case import worst_case
from model.calendars import build_calendar
from model.context import scenario_context
from model.scenario import Scenario
from model.schedule import ScenarioModel
from model.span_bounds import longest_spans, span_bounds, table_by_length
from model.suspensions import PERMITTED_LENGTH
from tests.benchmark import planned_scenario
from tests.builders import scenario
from tests.same_answers import assert_same_worst_case

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


def _ending_by(earliest: str, latest: str, end_by: str) -> Scenario:
    """A planned suspension bounded by an end window, not a length."""
    planned = {
        "id": "p1",
        "start": {"earliest": earliest, "latest": latest},
        "end": {"earliest": earliest, "latest": end_by},
    }
    return scenario(planned, investors=[{"name": "Investor", "purchase_price": "1500000.00"}])


@pytest.mark.parametrize(
    "scenario",
    [
        _one_planned("2003-12-15", "2004-01-09", 18),
        # Starting on 2003-12-15 and ending by 2004-01-09: at most 18 business days, from the
        # end window (and a table one entry short would miss the 18th).
        _ending_by("2003-12-15", "2003-12-15", "2004-01-09"),
    ],
    ids=["length", "end-window"],
)
def test_z3_proves_each_span_bound_implied_by_the_planned_bounds(scenario):
    # Christmas and New Year inside the window; 18 business days reach the tail bound.
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
    monkeypatch.setattr(model.exposure, "span_bound_constraints", lambda model: [])
    without = worst_case(scenario)
    assert with_bounds.status == "optimal"
    assert_same_worst_case(with_bounds, without)


def test_the_first_and_last_start_of_the_window_both_count():
    # Window Mon 2003-11-24 .. Wed 11-26: the 2-day spans are 2, 2 and Wed-Fri 3 (Thanksgiving
    # on Thu); Fri 11-28, one start past the window, would span 4 and must not count.
    calendar = scenario_context(_one_planned("2003-11-24", "2003-11-26", 2)).calendar
    first, last = calendar.count_before(D("2003-11-24")), calendar.count_before(D("2003-11-26"))
    assert longest_spans(calendar, first, last, 2) == (1, 3)
    # The calendar's very first business day, Fri 2004-01-02, starts the longest 2-day span.
    from_2004 = build_calendar("us-federal", 2004, 2006)
    assert from_2004.day_at(0) == D("2004-01-02")
    assert longest_spans(from_2004, 0, 2, 2) == (1, 4)


def test_spans_that_would_run_past_the_calendar_are_left_out():
    # Starts on the last three business days of 2006: 1, 2, 3 business days fit, 4 do not.
    calendar = build_calendar("us-federal", 2004, 2006)
    n = len(calendar.business_days)
    assert calendar.day_at(n - 1) == D("2006-12-29")
    assert longest_spans(calendar, n - 3, n - 1, 5) == (1, 2, 3)


def _part_terms(model: ScenarioModel, bound) -> tuple[z3.ArithRef, z3.ArithRef]:
    """The business days ``k`` and the calendar span of the part a bound is about."""
    terms = model.planned[bound.subject]
    first = terms.start_index + (PERMITTED_LENGTH if bound.part == "after-fifteen" else 0)
    last = terms.end_index
    span = model.encoding.day_of(last) - model.encoding.day_of(first) + 1
    return last - first + 1, span


def test_each_bound_is_sharp_on_its_own():
    # The constraint alone (no planned bounds, any index of the calendar) allows the longest
    # span of its window for each k and refutes one day more wherever the calendar has such a
    # span: the table is read at the right k, over the right span. (A span of one business day
    # is one calendar day, so the k >= 1 condition of the part after the fifteenth business
    # day is needed by no k the calendar can produce.)
    scenario = _one_planned("2003-12-15", "2004-01-09", 18)
    model = ScenarioModel(scenario_context(scenario), scenario.interpretation)
    calendar = model.context.calendar
    low, high = model.encoding.index_bounds()
    for bound in span_bounds(model):
        terms = model.planned[bound.subject]
        k, span = _part_terms(model, bound)
        offset = PERMITTED_LENGTH if bound.part == "after-fifteen" else 0
        longest = longest_spans(
            calendar, terms.first_start + offset, terms.last_start + offset, 18 - offset
        )
        for length, most in enumerate(longest, start=1):
            for extra, expected in ((0, z3.sat), (1, z3.unsat)):
                solver = z3.Solver()
                solver.add(terms.start_index >= low, terms.end_index <= high)
                solver.add(bound.constraint, k == length, span == most + extra)
                assert solver.check() == expected, (bound.part, length, extra)


@pytest.mark.parametrize("values", [(1,), (1, 4), (1, 4, 6, 9), tuple(range(1, 30, 2))])
def test_the_table_reads_the_value_of_each_length(values):
    k = z3.Int("k")
    table = table_by_length(k, values)
    for length, value in enumerate(values, start=1):
        read = z3.simplify(z3.substitute(table, (k, z3.IntVal(length))))
        assert read.as_long() == value, length


@pytest.mark.parametrize(
    ("most", "parts"),
    [
        (1, ["whole"]),
        (15, ["whole"]),
        (16, ["whole", "after-fifteen"]),
        (64, ["whole", "after-fifteen"]),
        (65, []),
    ],
)
def test_which_bounds_are_built(most, parts):
    # A table per part up to 64 business days (MAX_TABLE_LENGTH); the part after the fifteenth
    # business day only for suspensions that can be longer than fifteen.
    scenario = _one_planned("2004-01-05", "2004-03-31", most)
    model = ScenarioModel(scenario_context(scenario), scenario.interpretation)
    assert [b.part for b in span_bounds(model)] == parts


def test_every_planned_suspension_has_its_bounds():
    model = ScenarioModel(scenario_context(planned_scenario(3)), None)
    assert [(b.subject, b.part) for b in span_bounds(model)] == [
        (p, part) for p in ("p1", "p2", "p3") for part in ("whole", "after-fifteen")
    ]
