"""The calendar's table of the exposure of interchangeable planned suspensions
(model/calendar_optimum.py): a placement's exposure is the reference evaluator's, the table's
optimum and its least optimal placement are brute force's over every placement, and
``worst-case`` answers with it as the solver's ascent answers without it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import model.exposure
from checks.placements import fixed_scenario, placements
from checks.worst_case import worst_case
from model.calendar_optimum import Slots, calendar_optimum, exposure_of, optimum_of, slots
from model.context import scenario_context
from model.exposure import WorstCaseSearch
from model.interpretations import TERMS, Interpretation
from model.planning import Placement
from model.reference import evaluate
from model.scenario import Sale, Scenario
from model.solver import SolverSettings
from tests.benchmark.scenarios import full_window_scenario
from tests.builders import scenario
from tests.same_answers import assert_same_worst_case

DAY = dt.timedelta(days=1)
D = dt.date.fromisoformat
ED = dt.date(2003, 10, 3)


@st.composite
def shared_windows(draw: st.DrawFn, most: int = 3, width: int = 40, longest: int = 20):
    """Up to ``most`` interchangeable planned suspensions under random readings, a Registration
    Period sometimes cut short (so that suspensions run past it or start after it), Investors
    with sales, sometimes a restriction, an end window or suspensions without lawful notice."""
    earliest = ED + draw(st.integers(-12, 120)) * DAY  # IRED + 90 days is 2004-01-04
    window: dict = {
        "start": {
            "earliest": earliest.isoformat(),
            "latest": (earliest + draw(st.integers(0, width)) * DAY).isoformat(),
        },
        "length": {"min": draw(st.integers(1, 3)), "max": draw(st.integers(3, longest))},
    }
    if draw(st.booleans()):
        window["end"] = {
            "earliest": (earliest + draw(st.integers(0, 20)) * DAY).isoformat(),
            "latest": (earliest + draw(st.integers(20, 90)) * DAY).isoformat(),
        }
    if draw(st.booleans()):
        window["notice_lawful"] = False
        if draw(st.booleans()):
            window["advance_notice"] = (earliest - 5 * DAY).isoformat()
    dates: dict = {}
    if draw(st.booleans()):
        dates["no_longer_own"] = (ED + draw(st.integers(20, 90)) * DAY).isoformat()
    investors = [
        {
            "name": f"I{k}",
            "purchase_price": f"{draw(st.integers(1000, 900000))}.{draw(st.integers(0, 99)):02}",
            "sales": [
                {
                    "date": (ED + draw(st.integers(-5, 90)) * DAY).isoformat(),
                    "purchase_price": f"{draw(st.integers(1, 900))}.00",
                }
            ]
            * draw(st.integers(0, 1)),
        }
        for k in range(draw(st.integers(1, 2)))
    ]
    sections: dict = {"investors": investors}
    if draw(st.booleans()):  # a stop order before the suspensions' window
        first = ED + draw(st.integers(-5, 10)) * DAY
        sections["restrictions"] = [
            {"id": "r1", "start": first.isoformat(), "end": (first + 2 * DAY).isoformat()}
        ]
        window["start"]["earliest"] = max(earliest, first + 3 * DAY).isoformat()
        window["start"]["latest"] = max(
            dt.date.fromisoformat(window["start"]["latest"]), first + 3 * DAY
        ).isoformat()
    count = draw(st.integers(1, most))
    return scenario(
        *({"id": f"p{i + 1}", **window} for i in range(count)),
        interpretation={t.name: draw(st.sampled_from(t.readings)) for t in TERMS},
        dates=dates,
        **sections,
    )


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _facts(plan: Scenario, investor: str | None = None) -> Slots:
    facts = slots(scenario_context(plan), plan.interpretation, investor)
    assert facts is not None, "the table describes every scenario of these tests"
    return facts


def every_placement(facts: Slots):
    """Every placement the bounds allow, in order of start: brute force."""

    def after(previous: int, left: int):
        if left == 0:
            yield ()
            return
        for s in range(max(previous + 1, facts.first_start), facts.last_start + 1):
            for e in facts.ends(s):
                for rest in after(e, left - 1):
                    yield ((s, e), *rest)

    return after(-1, facts.count)


def reference_exposure(plan: Scenario, placement, investor: str | None = None) -> int:
    """Restricted days weighted by Held Shares Value, in cent-days, as the reference evaluator
    prices the placement (the planned suspensions given their notice as the model gives it)."""
    context = scenario_context(plan)
    calendar = context.calendar
    found = [
        Placement(p.id, calendar.day_at(s), calendar.day_at(e))
        for p, (s, e) in zip(plan.planned_suspensions, placement, strict=True)
    ]
    verdict = evaluate(fixed_scenario(plan, placements(context, found)))
    total = sum(
        (
            p.held_shares_value * 100 * p.days
            for p in verdict.payments
            if p.trigger != "late-filing" and (investor is None or p.investor == investor)
        ),
        Decimal(0),
    )
    return int(total)


def _random_placement(data: st.DataObject, facts: Slots):
    placement, previous = [], -1
    for _ in range(facts.count):
        starts = [
            s
            for s in range(max(previous + 1, facts.first_start), facts.last_start + 1)
            if facts.ends(s)
        ]
        assume(starts)
        s = data.draw(st.sampled_from(starts))
        previous = data.draw(st.sampled_from(list(facts.ends(s))))
        placement.append((s, previous))
    return tuple(placement)


@SETTINGS
@given(shared_windows(), st.data())
def test_a_placements_exposure_is_the_reference_evaluators(plan, data):
    placement = _random_placement(data, _facts(plan))
    # A sale on a day an episode may begin: sold before the RSD or not (2(b)).
    calendar = scenario_context(plan).calendar
    start, _ = data.draw(st.sampled_from(placement))
    day = calendar.day_at(start + data.draw(st.sampled_from([0, 0, 1, 15])))
    first, *others = plan.investors
    first = attrs.evolve(first, sales=(*first.sales, Sale(day, Decimal("250.00"))))
    plan = attrs.evolve(plan, investors=(first, *others))
    facts = _facts(plan)
    assert exposure_of(facts, placement) == reference_exposure(plan, placement)
    first = plan.investors[0].name
    assert exposure_of(_facts(plan, first), placement) == reference_exposure(plan, placement, first)


@pytest.mark.parametrize(
    "readings, window, days",
    [
        # Over-long and eligible: its days from the 16th business day are restricted, or
        # under overlength = whole all of them; then too soon after it, restricted in full.
        (
            {"overlength": "whole"},
            ("2003-11-03", "2004-01-30"),
            [("2003-11-03", "2003-11-26"), ("2003-12-01", "2003-12-05")],
        ),
        (
            {},
            ("2003-11-03", "2004-01-30"),
            [("2003-11-03", "2003-11-26"), ("2003-12-01", "2003-12-05")],
        ),
        # The Registration Period ends on 2003-12-03 (no_longer_own): the second, too soon, is
        # clipped.
        (
            {"no_longer_own": "2003-12-03"},
            ("2003-11-03", "2004-01-30"),
            [("2003-11-03", "2003-11-07"), ("2003-11-17", "2003-12-10")],
        ),
        # Wholly before the Effective Date: it counts toward the limit under every-suspension
        # only if it is in the Registration Period, which it is not; the third is eligible.
        (
            {"count": "every-suspension"},
            ("2003-09-15", "2003-12-31"),
            [
                ("2003-09-22", "2003-09-26"),
                ("2003-10-20", "2003-10-24"),
                ("2003-11-17", "2003-11-21"),
            ],
        ),
        # Too soon twice; the last begins after IRED + 90 days (2004-01-04): no payments for it
        # under literal-90-days, and the over-long second is restricted in full.
        (
            {"penalty-window": "literal-90-days"},
            ("2003-11-03", "2004-01-30"),
            [
                ("2003-12-01", "2003-12-05"),
                ("2003-12-08", "2003-12-31"),
                ("2004-01-05", "2004-01-09"),
            ],
        ),
        (
            {},
            ("2003-11-03", "2004-01-30"),
            [
                ("2003-12-01", "2003-12-05"),
                ("2003-12-08", "2003-12-31"),
                ("2004-01-05", "2004-01-09"),
            ],
        ),
    ],
)
def test_edge_placements_price_as_the_reference_does(readings, window, days):
    dates = {k: v for k, v in readings.items() if k == "no_longer_own"}
    readings = {k: v for k, v in readings.items() if k != "no_longer_own"}
    plan = scenario(
        *(
            {
                "id": f"p{i}",
                "start": {"earliest": window[0], "latest": window[1]},
                "length": {"min": 1, "max": 20},
            }
            for i in range(1, len(days) + 1)
        ),
        interpretation=readings,
        dates=dates,
        investors=[
            {
                "name": "I",
                "purchase_price": "90000.00",
                # one sale on the second's first day (not before its RSD), one the day before
                "sales": [
                    {"date": days[1][0], "purchase_price": "1000.00"},
                    {"date": "2003-12-07", "purchase_price": "2000.00"},
                ],
            }
        ],
    )
    calendar = scenario_context(plan).calendar
    placement = tuple((calendar.count_before(D(a)), calendar.count_before(D(b))) for a, b in days)
    assert exposure_of(_facts(plan), placement) == reference_exposure(plan, placement)
    # Something restricted, but where every suspension is eligible (the first case).
    assert (exposure_of(_facts(plan), placement) > 0) == (readings.get("count") is None)


def _brute_force(facts: Slots, least: bool):
    sign = -1 if least else 1
    best, chosen = None, None
    for placement in every_placement(facts):
        value = sign * exposure_of(facts, placement)
        key = ([s for s, _ in placement], [e for _, e in placement])  # the tie-breaks' order
        if best is None or value > best or (value == best and key < chosen[0]):
            best, chosen = value, (key, placement)
    return None if best is None else (sign * best, chosen[1])


@settings(SETTINGS, max_examples=40)
@given(shared_windows(most=3, width=18, longest=17))
def test_the_optimum_and_its_placement_are_brute_forces(plan):
    facts = _facts(plan)
    for least in (False, True):
        found = optimum_of(facts, least)
        expected = _brute_force(facts, least)
        if expected is None:
            assert found.placement is None
            continue
        assert (found.exposure + facts.fixed, found.placement) == expected


@pytest.mark.parametrize(
    "readings",
    [
        {},
        {"spacing": "ten-clear-business-days"},
        {"count": "every-suspension"},
        {"overlength": "whole"},
        {"penalty-window": "literal-90-days"},
        {"lead-time": "clear-business-days"},
    ],
)
def test_three_over_holidays_match_brute_force_under_each_reading(readings):
    # Three of up to 17 business days starting in the 25 days before Christmas 2003: chains
    # across the holidays, the gap and the limit of two all in play.
    window = {
        "start": {"earliest": "2003-12-01", "latest": "2003-12-26"},
        "length": {"min": 1, "max": 17},
    }
    plan = scenario(
        *({"id": f"p{i}", **window} for i in (1, 2, 3)),
        interpretation=readings,
        investors=[{"name": "I", "purchase_price": "1500000.00"}],
    )
    facts = _facts(plan)
    for least in (False, True):
        found = optimum_of(facts, least)
        assert (found.exposure, found.placement) == _brute_force(facts, least)


def _by_the_ascent():
    return mock.patch.object(model.exposure, "calendar_optimum", lambda *args: None)


def _same_answer(plan: Scenario, least: bool) -> None:
    with_table = worst_case(plan, least=least)
    with _by_the_ascent():
        without = worst_case(plan, least=least)
    assert_same_worst_case(with_table, without)


@settings(SETTINGS, max_examples=15)
@given(shared_windows(most=3, width=30, longest=17))
def test_worst_case_answers_with_the_table_as_the_ascent_does(plan):
    for least in (False, True):
        _same_answer(plan, least)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_benchmarks_whole_period_answers_as_the_ascent_does(count):
    plan = full_window_scenario(count)
    search = WorstCaseSearch(
        scenario_context(plan), plan.interpretation, False, None, SolverSettings()
    )
    assert search.optimum().proved  # the table's placement attained: no ascent
    for least in (False, True):
        _same_answer(plan, least)


def test_a_wrong_table_is_not_taken_for_a_proof():
    # The table's placement pinned, but a value the model does not give it: the ascent answers.
    plan = full_window_scenario(2)
    context = scenario_context(plan)
    right = calendar_optimum(context, plan.interpretation, False, None)
    assert right is not None
    wrong = type(right)(right.exposure - 7500, right.placement)
    with mock.patch.object(model.exposure, "calendar_optimum", lambda *args: wrong):
        search = WorstCaseSearch(context, plan.interpretation, False, None, SolverSettings())
        optimum = search.optimum()
    assert not optimum.proved
    assert optimum.values[0] == right.exposure


def test_what_the_table_does_not_describe():
    window = {
        "start": {"earliest": "2004-01-05", "latest": "2004-03-31"},
        "length": {"min": 1, "max": 5},
    }
    reading = Interpretation()

    def facts(*suspensions):
        return slots(scenario_context(scenario(*suspensions)), reading, None)

    assert facts({"id": "p1", **window}, {"id": "p2", **window}) is not None
    fixed = {"id": "f", "start": "2004-06-01", "end": "2004-06-02", "advance_notice": "2004-05-27"}
    assert facts({"id": "p1", **window}, fixed) is None
    other = {**window, "length": {"min": 1, "max": 6}}
    assert facts({"id": "p1", **window}, {"id": "p2", **other}) is None
    noticed = {**window, "advance_notice": "2004-01-02"}
    assert facts({"id": "p1", **noticed}) is None
    assert facts({"id": "p1", **noticed, "notice_lawful": False}) is not None
    ended = {"start": window["start"], "end": {"earliest": "2004-04-01", "latest": "2004-04-30"}}
    assert facts({"id": "p1", **ended}) is None  # no length range: not tabulated
