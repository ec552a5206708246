"""Where a fixed schedule's day-by-day walk over a suspension starts (model/allowance.py
``judge``): at the earliest first day any length or aggregate row says it may break
(``Rule.earliest_breach``), every earlier day breaking no limit under any verdicts. The walk
from there judges exactly what the walk from the suspension's first day judges, over random
profiles and schedules, and the bounds are the days the clauses name."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import model.allowance
from model.allowance import AllowanceModel, evaluate, judge
from model.allowance_days import AllowanceContext, Threshold, UnitDays
from model.profile_days import ProfileFacts
from model.profiles import Limit, TermProfile, Window
from model.rules import limit_rule
from model.scenario import Suspension
from tests.model.test_allowance import CALENDARS, _one_limit, facts, profiles

D = dt.date
UNIT_DAYS = UnitDays(CALENDARS)


def _walking_every_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows as they would be without a first day of their own: the walk starts at each
    suspension's first day."""

    def row(kind: str) -> object:
        rule = limit_rule(kind)
        return None if rule is None else attrs.evolve(rule, earliest_breach=None)

    monkeypatch.setattr(model.allowance, "limit_rule", row)


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(profiles(), facts(longest=60))
def test_the_walk_from_the_rows_first_days_judges_what_the_walk_from_each_first_day_judges(
    monkeypatch: pytest.MonkeyPatch, profile: TermProfile, case: ProfileFacts
) -> None:
    """Every judged suspension: the same days that may break a limit, each with the same
    breaches, and the same first day that breaks one whatever the verdicts."""
    skipping = judge(profile, case, CALENDARS)
    with monkeypatch.context() as patched:
        _walking_every_day(patched)
        walking = judge(profile, case, CALENDARS)
    assert skipping == walking


@pytest.mark.parametrize(
    ("unit", "first", "n", "expected"),
    [
        # the 1st business day on or after a Saturday is the Monday
        ("business-days", D(2024, 3, 2), 1, D(2024, 3, 4)),
        # 4 July 2024 (Thursday) is no business day: the 3rd from 2 July is Friday 5 July
        ("business-days", D(2024, 7, 2), 3, D(2024, 7, 5)),
        # Good Friday 29 March 2024 closes the exchange but not the federal calendar
        ("trading-days", D(2024, 3, 27), 3, D(2024, 4, 1)),
        ("business-days", D(2024, 3, 27), 3, D(2024, 3, 29)),
        # calendar days across 29 February 2024
        ("calendar-days", D(2024, 2, 28), 3, D(2024, 3, 1)),
    ],
)
def test_the_nth_day_of_a_unit_from_a_day(
    unit: str, first: dt.date, n: int, expected: dt.date
) -> None:
    assert UNIT_DAYS.nth_from(unit, first.toordinal(), n) == expected.toordinal()
    # it is the first day whose count from ``first`` reaches n
    assert UNIT_DAYS.count(unit, first.toordinal(), expected.toordinal()) == n
    assert UNIT_DAYS.count(unit, first.toordinal(), expected.toordinal() - 1) == n - 1


def test_past_the_calendar_a_count_never_reaches_n() -> None:
    """The calendars run through 2027: the 10th business day from 24 December 2027 is past them,
    and so is the day returned, which no count of theirs reaches."""
    last = CALENDARS.business.last_day
    got = UNIT_DAYS.nth_from("business-days", D(2027, 12, 24).toordinal(), 10)
    assert got == last.toordinal() + 1


def _schedule(limit: Limit, *spans: tuple[dt.date, dt.date]) -> tuple[TermProfile, ProfileFacts]:
    """A profile of the one limit and suspensions s1, s2, ... over ``spans``, effective
    2 January 2024."""
    suspensions = tuple(Suspension(f"s{n}", *span) for n, span in enumerate(spans, 1))
    return _one_limit(limit), ProfileFacts(
        dates={"effective": D(2024, 1, 2)}, suspensions=suspensions
    )


def _walk_start(
    profile: TermProfile, case: ProfileFacts
) -> tuple[AllowanceModel, AllowanceContext, dt.date]:
    """The schedule judged, the context its last suspension is judged in, and the first day
    the row of the profile's one limit says that suspension may break it."""
    (limit,) = profile.allowance.limits
    rule = limit_rule(limit.kind)
    assert rule is not None and rule.earliest_breach is not None
    built = judge(profile, case, CALENDARS)
    last = built.judged[-1]
    context = AllowanceContext(
        profile,
        case,
        CALENDARS,
        built.period,
        built.judged[:-1],
        built.judged[-2].last if len(built.judged) > 1 else None,
        UNIT_DAYS,
    )
    return built, context, D.fromordinal(rule.earliest_breach(limit, context, last.first))


def test_a_length_limit_may_first_break_on_its_n_plus_first_unit_day() -> None:
    """No suspension longer than 10 business days: from Monday 1 July 2024 the 11th business
    day is Tuesday 16 July (4 July a holiday), which breaks it whatever happens; no earlier day
    can break it."""
    built, _, start = _walk_start(
        *_schedule(Limit("length", 10, "business-days"), (D(2024, 7, 1), D(2024, 7, 31)))
    )
    (judged,) = built.judged
    assert start == D.fromordinal(judged.certain) == D(2024, 7, 16)


def test_an_aggregate_may_first_break_after_the_days_left_by_the_earlier_suspensions() -> None:
    """60 calendar days in any 12 months: s1 (1 March to 19 April 2024, 50 days) leaves 10; s2
    from 1 June may not pass the cap before its 11th day, 11 June, the first whose count with
    s1's 50 can reach 61. From that day on it turns on s1's verdict (a Threshold), and s1 being
    allowed on all its days, s2 is restricted from 11 June; its 10 June breaks nothing."""
    limit = Limit("aggregate", 60, "calendar-days", Window("months", 12))
    profile, case = _schedule(
        limit, (D(2024, 3, 1), D(2024, 4, 19)), (D(2024, 6, 1), D(2024, 6, 30))
    )
    built, context, start = _walk_start(profile, case)
    s1, s2 = built.judged
    assert D.fromordinal(s1.allowed_through) == D(2024, 4, 19)
    assert start == D(2024, 6, 11)
    breaks_at = model.allowance.aggregate_breaks_at
    assert isinstance(breaks_at(limit, context, s2.first, start.toordinal()), Threshold)
    assert breaks_at(limit, context, s2.first, start.toordinal() - 1) is False
    assert D.fromordinal(s2.days[0][0]) == D(2024, 6, 11)
    (_, outcome) = evaluate(profile, case, CALENDARS).suspensions
    assert outcome.restricted_from == D(2024, 6, 11)


def test_an_earlier_suspension_before_every_window_of_a_day_leaves_the_cap_whole() -> None:
    """5 calendar days in any 30: s1 (2 to 4 January 2024) lies before every 30-day window that
    holds a day of s2 (from 10 February), so s2 may first break the cap on its 6th day, 15
    February, and does."""
    built, _, start = _walk_start(
        *_schedule(
            Limit("aggregate", 5, "calendar-days", Window("days", 30)),
            (D(2024, 1, 2), D(2024, 1, 4)),
            (D(2024, 2, 10), D(2024, 2, 20)),
        )
    )
    assert start == D(2024, 2, 15) == D.fromordinal(built.judged[1].certain)
