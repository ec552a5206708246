"""``worst-case --robust`` from the calendar's table under each reading
(checks/worst_case_robust.py ``_by_tables``, model/calendar_optimum.py ``optima_by_reading``):
the same answer as the search over every reading, where the table describes the scenario, and
the search wherever the table and the model disagree."""

from __future__ import annotations

from unittest import mock

import attrs
import pytest
from hypothesis import given, settings

import checks.worst_case_robust
import model.exposure
from checks.worst_case import worst_case
from model.calendar_optimum import CalendarOptimum, calendar_optimum, optima_by_reading, slots
from model.context import scenario_context
from model.exposure import WorstCaseSearch
from model.interpretations import every_interpretation
from tests.benchmark.scenarios import full_window_scenario
from tests.builders import scenario
from tests.model.test_calendar_optimum import SETTINGS, shared_windows
from tests.same_answers import assert_same_worst_case


@pytest.fixture(autouse=True)
def _tables_for_any_count():
    """The tables answer from one planned suspension, as they would from three (below that,
    the search is cheaper: checks/worst_case_robust.py ``TABLES_FROM``), so that these tests
    compare them on files small enough for the search too."""
    with mock.patch.object(checks.worst_case_robust, "TABLES_FROM", 1):
        yield


def _by_the_search():
    """The tables switched off: what ``worst-case --robust`` answered before them."""
    return mock.patch.object(model.exposure, "optima_by_reading", lambda *args: None)


def _same_robust_answer(plan, least: bool):
    with_tables = worst_case(plan, least=least, robust=True)
    with _by_the_search():
        without = worst_case(plan, least=least, robust=True)
    assert_same_worst_case(with_tables, without)
    assert with_tables.interpretation == without.interpretation
    assert with_tables.readings == without.readings
    if without.spread is None:
        assert with_tables.spread is None
        return with_tables
    assert with_tables.spread is not None
    for mine, theirs in zip(with_tables.spread, without.spread, strict=True):
        assert (mine.interpretation, mine.payments) == (theirs.interpretation, theirs.payments)
    # The other end's placement: any that attains it, for the search; for the tables, the one
    # plain worst-case gives under that reading (the same tie-breaks).
    for end in with_tables.spread:
        under = worst_case(attrs.evolve(plan, interpretation=end.interpretation), least=least)
        assert under.schedule == end.schedule
    return with_tables


@settings(SETTINGS, max_examples=6)
@given(shared_windows(most=2, width=15, longest=8))
def test_robust_worst_case_answers_with_the_tables_as_the_search_does(plan):
    for least in (False, True):
        _same_robust_answer(plan, least)


def test_the_benchmarks_whole_period_answers_as_the_search_does():
    plan = full_window_scenario(2)
    for least in (False, True):
        with mock.patch.object(
            WorstCaseSearch, "over_every_reading", side_effect=AssertionError("searched")
        ):
            answer = worst_case(plan, least=least, robust=True)  # the tables alone
        assert answer.status == "optimal"
        assert answer == _same_robust_answer(plan, least)


def test_each_readings_table_is_its_own():
    # One table for the readings that give the recursion the same facts, and the costs of a
    # suspension shared between tables that differ in the gap alone: each the table of its
    # reading computed alone.
    window = {
        "start": {"earliest": "2003-12-01", "latest": "2003-12-26"},
        "length": {"min": 1, "max": 17},
    }
    plan = scenario(*({"id": f"p{i}", **window} for i in (1, 2, 3)))
    context = scenario_context(plan)
    readings = list(every_interpretation())
    first = {slots(context, r, None): r for r in reversed(readings)}  # one reading a table
    assert 8 <= len(first) <= 64
    for least in (False, True):
        tables = optima_by_reading(context, readings, least, None)
        assert tables is not None and list(tables) == readings
        for reading in readings:
            assert tables[reading] is tables[first[slots(context, reading, None)]]
        for reading in first.values():
            assert tables[reading] == calendar_optimum(context, reading, least, None)


def _wrong(tables, reading, by: int):
    found = tables[reading]
    return {**tables, reading: CalendarOptimum(found.exposure + by, found.placement)}


@pytest.mark.parametrize("least", [False, True])
def test_a_table_the_reference_evaluator_does_not_price_so_is_not_taken(least):
    plan = full_window_scenario(1)
    context = scenario_context(plan)
    readings = list(every_interpretation())
    right = optima_by_reading(context, readings, least, None)
    assert right is not None
    # One reading's optimum said a day of Held Shares Value more (or less) than it is.
    wrong = _wrong(right, readings[-1], -150_000_000 if least else 150_000_000)
    with (
        mock.patch.object(model.exposure, "optima_by_reading", lambda *args: wrong),
        # Refused before the model is asked: the search answers, which asks it nothing pinned.
        mock.patch.object(WorstCaseSearch, "confirmed", side_effect=AssertionError("asked")),
    ):
        answer = worst_case(plan, least=least, robust=True)
    with _by_the_search():
        assert_same_worst_case(answer, worst_case(plan, least=least, robust=True))


def test_a_table_the_model_does_not_attain_is_not_taken():
    plan = full_window_scenario(1)
    with mock.patch.object(WorstCaseSearch, "confirmed", return_value=None) as asked:
        answer = worst_case(plan, robust=True)
    assert asked.called
    with _by_the_search():
        assert_same_worst_case(answer, worst_case(plan, robust=True))


def test_out_of_time_while_confirming_is_unknown():
    plan = full_window_scenario(1)
    unknown = checks.worst_case_robust.PlanOptimum("unknown", None)
    with mock.patch.object(WorstCaseSearch, "confirmed", return_value=unknown):
        answer = worst_case(plan, robust=True)
    assert answer.status == "unknown" and answer.readings == 512
    assert answer.total_payments is None
