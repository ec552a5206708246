"""The Z3 model of a term profile's allowance (model/allowance.py) against the plain-Python
reference reading (model/reference/profiles.py), on random profiles and random schedules; the
dominating window of each day against every window that holds it; and the rule table.

The reference enumerates every window and walks every day; the model checks one window per
day (the module docstring of model/allowance.py says why that one suffices). Random profiles
take short rolling windows, so that the reference stays fast and windows come into play with
short schedules; the bundled profiles (12-month and 365-day windows) are compared on random
schedules as well.
"""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.agreements import bundled_profiles
from model import rules
from model.allowance import evaluate, window_start
from model.calendars import build_calendar
from model.profiles import (
    LIMIT_KINDS,
    AgreementHeader,
    Allowance,
    Damages,
    DamagesCap,
    Deadlines,
    Limit,
    Period,
    RegistrationPeriodTerm,
    Span,
    TermProfile,
    Window,
)
from model.reference.profiles import Calendars, ProfileFacts, evaluate_profile, windows_holding
from model.scenario import Investor, Restriction, Sale, Suspension

D = dt.date
DAY = dt.timedelta(days=1)
CALENDARS = Calendars(
    business=build_calendar("us-federal", 2022, 2027), trading=build_calendar("nyse", 2022, 2027)
)
UNITS = ("business-days", "trading-days", "calendar-days")
# Effective Dates at the ends of a week, a month and a year (a calendar-year window across
# New Year), and before a holiday.
EFFECTIVE = (D(2024, 3, 1), D(2024, 12, 20), D(2023, 11, 22), D(2025, 1, 31), D(2024, 2, 28))

windows = st.one_of(
    st.just(Window("registration-period")),
    st.just(Window("calendar-year")),
    st.builds(Window, st.just("days"), st.integers(3, 45)),
    st.builds(Window, st.just("months"), st.integers(1, 2)),
)


@st.composite
def limits(draw: st.DrawFn) -> Limit:
    # aggregate limits twice as often: their windows are where a model can go wrong
    kind = draw(st.sampled_from(("count", "length", "aggregate", "aggregate", "gap", "notice")))
    if kind == "count":
        return Limit(kind, draw(st.integers(1, 3)), window=draw(windows), section="9(c)")
    unit = draw(st.sampled_from(UNITS))
    if kind == "aggregate":
        return Limit(kind, draw(st.integers(1, 30)), unit, draw(windows), section="9(a)")
    if kind == "notice":
        return Limit(
            kind, draw(st.integers(1, 4)), unit, unless_unlawful=draw(st.booleans()), section="9(n)"
        )
    return Limit(kind, draw(st.integers(1, 15)), unit, section="9(b)")


@st.composite
def profiles(draw: st.DrawFn) -> TermProfile:
    damages = [
        Damages(
            "restricted-days",
            draw(st.sampled_from((Decimal("0.01"), Decimal("0.015"), Decimal("0.02")))),
            draw(st.sampled_from((Period(days=30), Period(days=7), Period(months=1)))),
            draw(st.sampled_from(("purchase-price", "held-shares-value"))),
        )
    ]
    deadlines = Deadlines()
    if draw(st.booleans()):
        deadlines = Deadlines(filing=Span(draw(st.integers(1, 20)), "calendar-days", "closing"))
        damages.insert(0, Damages("late-filing", Decimal("0.01"), Period(days=30)))
    cap = draw(st.one_of(st.none(), st.sampled_from((Decimal("0.01"), Decimal("0.03")))))
    return TermProfile(
        agreement=AgreementHeader("random", "A random profile"),
        deadlines=deadlines,
        registration_period=RegistrationPeriodTerm(
            Span(draw(st.integers(40, 300)), "calendar-days")
        ),
        allowance=Allowance(
            excess=draw(st.sampled_from(("days-beyond", "whole"))),
            limits=tuple(draw(st.lists(limits(), min_size=1, max_size=4))),
        ),
        damages=tuple(damages),
        damages_cap=None if cap is None else DamagesCap(cap),
    )


@st.composite
def facts(draw: st.DrawFn, longest: int = 25, most: int = 5) -> ProfileFacts:
    effective = draw(st.sampled_from(EFFECTIVE))
    day = effective + dt.timedelta(days=draw(st.integers(-4, 10)))
    suspensions = []
    for n in range(draw(st.integers(1, most))):
        start = day
        end = start + dt.timedelta(days=draw(st.integers(0, longest)))
        notice = draw(st.one_of(st.none(), st.integers(0, 12), st.integers(5, 12)))
        suspensions.append(
            Suspension(
                f"s{n + 1}",
                start,
                end,
                advance_notice=None if notice is None else start - dt.timedelta(days=notice),
                notice_lawful=draw(st.booleans()),
            )
        )
        day = end + dt.timedelta(days=draw(st.one_of(st.integers(1, 8), st.integers(1, 40))))
    restrictions = ()
    if draw(st.booleans()):
        restrictions = (
            Restriction("stop", day, day + dt.timedelta(days=draw(st.integers(0, 20)))),
        )
    dates = {"effective": effective, "closing": effective - dt.timedelta(days=40)}
    dates["registration_filed"] = dates["closing"] + dt.timedelta(days=draw(st.integers(0, 30)))
    if draw(st.booleans()):
        dates["rule_144k"] = effective + dt.timedelta(days=draw(st.integers(20, 120)))
    sold = draw(st.integers(0, 3)) * Decimal("100000")
    investors = (
        Investor(
            "Fund A", Decimal("1000000.00"), (Sale(effective + 20 * DAY, sold),) if sold else ()
        ),
        Investor("Fund B", Decimal("333333.33")),
    )
    return ProfileFacts(
        dates=dates,
        suspensions=tuple(suspensions),
        restrictions=restrictions,
        investors=investors,
        notice_day=draw(st.sampled_from(("next-business-day", "as-given"))),
        lead_time=draw(st.sampled_from(("nth-business-day", "clear-business-days"))),
    )


def _agree(profile: TermProfile, case: ProfileFacts) -> None:
    expected = evaluate_profile(profile, case, CALENDARS)
    got = evaluate(profile, case, CALENDARS)
    assert got.suspensions == expected.suspensions
    assert [(v.rule, v.subject, v.section, v.limit) for v in got.violations] == [
        (v.rule, v.subject, v.section, v.limit) for v in expected.violations
    ]
    assert got.payments == expected.payments
    assert got.total_payments == expected.total_payments
    assert (got.registration_period_end, got.filing_deadline) == (
        expected.registration_period_end,
        expected.filing_deadline,
    )


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(profiles(), facts())
def test_the_model_agrees_with_the_reference_on_random_profiles(
    profile: TermProfile, case: ProfileFacts
) -> None:
    _agree(profile, case)


BUNDLED = [p for p in bundled_profiles() if p.agreement.mechanics is None]


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.sampled_from(BUNDLED), facts(longest=70, most=4))
def test_the_model_agrees_with_the_reference_on_the_bundled_profiles(
    profile: TermProfile, case: ProfileFacts
) -> None:
    _agree(profile, case)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.dates(D(2023, 1, 1), D(2026, 12, 31)),
    st.one_of(
        st.builds(Window, st.just("days"), st.integers(1, 400)),
        st.builds(Window, st.just("months"), st.integers(1, 24)),
        st.just(Window("calendar-year")),
    ),
)
def test_every_window_holding_a_day_starts_from_its_dominating_start_on(
    day: dt.date, window: Window
) -> None:
    """The brute force over every window start: the windows holding ``day`` are exactly those
    starting in [w(day), day], so [w(day), day] holds the counted part of each of them."""
    period = (D(2023, 1, 1), D(2026, 12, 31))
    holding = sorted(windows_holding(day, window, period))
    since = window_start(day, window, period[0])
    assert holding[0][0] == since <= day <= holding[0][1]
    if window.kind == "calendar-year":  # one window holds a day: its year
        assert holding == [(since, D(day.year, 12, 31))]
    else:  # rolling: every start from w(day) through day
        assert [first for first, _ in holding] == [
            since + k * DAY for k in range((day - since).days + 1)
        ]


def test_an_over_limit_day_is_found_in_a_window_no_suspension_starts_on() -> None:
    """Business days in any 8 days: the window from Monday 4 March, inside s1 (which starts on
    Saturday 2 March), holds 4-8 and 11 March, 6 business days, one more than the limit of 5;
    the windows from each suspension's first day hold 5 and 1."""
    profile = TermProfile(
        agreement=AgreementHeader("t", "t"),
        allowance=Allowance(limits=(Limit("aggregate", 5, "business-days", Window("days", 8)),)),
    )
    case = ProfileFacts(
        dates={"effective": D(2024, 3, 1)},
        suspensions=(
            Suspension("s1", D(2024, 3, 2), D(2024, 3, 8)),
            Suspension("s2", D(2024, 3, 11), D(2024, 3, 11)),
        ),
    )
    got = evaluate(profile, case, CALENDARS)
    assert [o.restricted_from for o in got.suspensions] == [None, D(2024, 3, 11)]
    assert evaluate_profile(profile, case, CALENDARS).suspensions == got.suspensions


def test_every_kind_of_limit_has_a_row_of_the_one_table_and_checks_import_no_solver() -> None:
    rows = rules.of_kind(rules.ALLOWANCE)
    assert [rule.id for rule in rows] == [f"allowance.{kind}" for kind in LIMIT_KINDS]
    assert [rules.limit_rule(kind) for kind in LIMIT_KINDS] == list(rows)
    # count, gap and notice restrict the whole suspension; length and aggregate the days past
    assert [rule.restricts_whole for rule in rows] == [True, False, False, True, True]
    for rule in rows:
        # the section and the words are each limit's, the profile's own
        assert (rule.section, rule.words) == ("", "")
        assert rule.build.__name__.startswith("allowance.")
        assert rule.evaluate.__name__.startswith("reference.profiles.")
        assert rule.explain.__name__.startswith("allowance_words.")
        assert rule.build_symbolic.__name__.startswith("allowance_plan_rules.")
    # the checks of profiles read the model's answers; the solver stays in model/
    for name in PROFILE_CHECKS:
        path = Path(__file__).parents[2] / "checks" / name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert "z3" not in [n.split(".")[0] for n in names], path


PROFILE_CHECKS = ("agreements.py", "allowance.py")


def _one_limit(limit: Limit) -> TermProfile:
    return TermProfile(agreement=AgreementHeader("t", "t"), allowance=Allowance(limits=(limit,)))


def _one_day_in(window: Window, unit: str = "calendar-days") -> Limit:
    return Limit("aggregate", 1, unit, window)


YEAR = Window("calendar-year")
PERIOD = Window("registration-period")


@pytest.mark.parametrize(
    ("limit", "first", "second", "restricted"),
    [
        # at most 1 suspension in any 10 days: the 10th day from s1's start is inside its
        # window, the 11th is not
        (Limit("count", 1, window=Window("days", 10)), D(2024, 1, 3), D(2024, 1, 12), True),
        (Limit("count", 1, window=Window("days", 10)), D(2024, 1, 3), D(2024, 1, 13), False),
        # 1 day in any 10 days: the window ending on the 10th day still holds s1's last day
        (_one_day_in(Window("days", 10)), D(2024, 1, 3), D(2024, 1, 12), True),
        (_one_day_in(Window("days", 10)), D(2024, 1, 3), D(2024, 1, 13), False),
        # 1 day in any month: the month from 31 January 2024 runs to the day before 29
        # February (the missing 31st becoming the month's last), so 28 February shares a
        # window with 31 January and 29 February shares none
        (_one_day_in(Window("months", 1)), D(2024, 1, 31), D(2024, 2, 28), True),
        (_one_day_in(Window("months", 1)), D(2024, 1, 31), D(2024, 2, 29), False),
        # 1 day in any 12 months: 11.9 months apart restricted, 12.1 months apart allowed
        (_one_day_in(Window("months", 12)), D(2024, 1, 10), D(2025, 1, 7), True),
        (_one_day_in(Window("months", 12)), D(2024, 1, 10), D(2025, 1, 13), False),
        # the window's last day: from 10 January 2024 through 9 January 2025
        (_one_day_in(Window("months", 12)), D(2024, 1, 10), D(2025, 1, 9), True),
        (_one_day_in(Window("months", 12)), D(2024, 1, 10), D(2025, 1, 10), False),
        # 1 business day in any calendar year: New Year's Day is not one; 2 January is
        (_one_day_in(YEAR, "business-days"), D(2024, 12, 31), D(2025, 1, 1), False),
        (_one_day_in(YEAR, "business-days"), D(2024, 12, 30), D(2024, 12, 31), True),
        # 1 calendar day in any calendar year: the year's window begins on 1 January itself
        (_one_day_in(YEAR), D(2025, 1, 1), D(2025, 1, 2), True),
        (_one_day_in(YEAR), D(2024, 12, 31), D(2025, 1, 1), False),
        # measured in the Registration Period (2 January 2024 to 2 January 2026): one window
        # from its first day, which holds the first suspension's day nearly two years on
        (Limit("count", 1, window=PERIOD), D(2024, 1, 3), D(2026, 1, 2), True),
        (_one_day_in(PERIOD), D(2024, 1, 3), D(2026, 1, 2), True),
        # 2 trading days apart: Good Friday 2024 (29 March) is a federal business day but no
        # trading day, so from Thursday 28 March the 2nd trading day is Tuesday 2 April
        (Limit("gap", 2, "trading-days"), D(2024, 3, 28), D(2024, 4, 1), True),
        (Limit("gap", 2, "trading-days"), D(2024, 3, 28), D(2024, 4, 2), False),
    ],
)
def test_window_and_gap_boundaries_hand_worked(
    limit: Limit, first: dt.date, second: dt.date, restricted: bool
) -> None:
    """Two one-day suspensions: the second at the last day the first's window reaches (or
    gap forbids), and the day after."""
    case = ProfileFacts(
        dates={"effective": D(2024, 1, 2)},
        suspensions=(Suspension("s1", first, first), Suspension("s2", second, second)),
    )
    profile = _one_limit(limit)
    for outcome in (evaluate(profile, case, CALENDARS), evaluate_profile(profile, case, CALENDARS)):
        s1, s2 = outcome.suspensions
        assert s1.restricted_from is None
        assert (s2.restricted_from == second) is restricted
        assert [v.rule for v in outcome.violations] == (
            [f"allowance.{limit.kind}"] if restricted else []
        )


def test_a_suspension_restricted_on_every_day_does_not_count_toward_a_later_ones_window() -> None:
    """At most 1 suspension in any 10 days: s2 (8 January) begins 5 days after s1 (3 January)
    and is restricted on every day, so it has no allowed day and does not count; s3 (13
    January) has s2's start but not s1's in its window from 4 January, and is allowed."""
    profile = _one_limit(Limit("count", 1, window=Window("days", 10)))
    case = ProfileFacts(
        dates={"effective": D(2024, 1, 2)},
        suspensions=tuple(
            Suspension(f"s{n}", day, day)
            for n, day in enumerate((D(2024, 1, 3), D(2024, 1, 8), D(2024, 1, 13)), start=1)
        ),
    )
    for outcome in (evaluate(profile, case, CALENDARS), evaluate_profile(profile, case, CALENDARS)):
        assert [o.restricted_from for o in outcome.suspensions] == [None, D(2024, 1, 8), None]
        assert [o.permitted for o in outcome.suspensions] == [True, False, True]
        assert [(v.rule, v.subject) for v in outcome.violations] == [("allowance.count", "s2")]


@pytest.mark.parametrize(
    ("notice", "lead_time", "notice_day", "broken"),
    [
        # 1 business day's notice of a suspension from Monday 8 April 2024
        (D(2024, 4, 5), "nth-business-day", "next-business-day", False),  # Friday: in time
        (D(2024, 4, 5), "clear-business-days", "next-business-day", True),  # no clear day
        (D(2024, 4, 4), "clear-business-days", "next-business-day", False),  # Friday is clear
        (D(2024, 4, 6), "nth-business-day", "next-business-day", True),  # Saturday: Monday
        (D(2024, 4, 6), "nth-business-day", "as-given", False),
        (None, "nth-business-day", "next-business-day", True),  # none given
    ],
)
def test_a_one_business_day_notice_at_its_boundary(
    notice: dt.date | None, lead_time: str, notice_day: str, broken: bool
) -> None:
    profile = _one_limit(Limit("notice", 1, "business-days", section="9(n)"))
    case = ProfileFacts(
        dates={"effective": D(2024, 1, 2)},
        suspensions=(Suspension("s1", D(2024, 4, 8), D(2024, 4, 12), advance_notice=notice),),
        notice_day=notice_day,
        lead_time=lead_time,
    )
    for outcome in (evaluate(profile, case, CALENDARS), evaluate_profile(profile, case, CALENDARS)):
        assert [v.rule for v in outcome.violations] == (["allowance.notice"] if broken else [])
        assert outcome.suspensions[0].restricted_from == (D(2024, 4, 8) if broken else None)


PROFILE_SCENARIOS = Path(__file__).parents[2] / "scenarios" / "profiles"


@pytest.mark.parametrize("rule", rules.of_kind(rules.ALLOWANCE), ids=lambda rule: rule.id)
def test_every_allowance_rule_matters(rule, monkeypatch) -> None:
    """A bundled scenario breaks each rule, and with the rule's row taken out of the one table
    (model/rules.py) the scenario no longer breaks it, in the Z3 model (validate) and in the
    reference alike."""
    from checks.allowance import load_profile_scenario, validate_profile
    from model.profile_scenarios import profile_facts

    expecting = [
        path
        for path in sorted(PROFILE_SCENARIOS.glob("*.toml"))
        if f'"{rule.id}:' in path.read_text(encoding="utf-8")
        and "[expect.find]" not in path.read_text(encoding="utf-8")  # planned: not validated
    ]
    assert expecting, f"no scenario in scenarios/profiles breaks {rule.id}"
    scenario = load_profile_scenario(str(expecting[0]))
    assert scenario is not None
    facts, calendars = profile_facts(scenario)

    def broken() -> tuple[set[str], set[str]]:
        model = {v.rule for v in validate_profile(scenario).evaluation.violations}
        reference = evaluate_profile(scenario.profile, facts, calendars)
        return model, {v.rule for v in reference.violations}

    model, reference = broken()
    assert rule.id in model and model == reference
    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r.id != rule.id))
    model, reference = broken()
    assert rule.id not in model and model == reference


def test_an_aggregate_day_the_calendar_decides_gets_no_solver_term() -> None:
    """60 calendar days in any 12 months and one suspension from 1 March 2024: its first 60
    days cannot pass the cap and its 61st (30 April) passes it whatever happens, so no day is
    left for the model to decide and the model is that of the same shape however long the
    suspension runs, and nothing after 29 April counts toward a later window; one day more
    than the cap, and the verdict is the same."""
    from model.allowance import judge
    from model.allowance_bound import shape_of

    profile = _one_limit(Limit("aggregate", 60, "calendar-days", Window("months", 12)))
    shapes = []
    for end in (D(2024, 6, 30), D(2024, 12, 31)):
        case = ProfileFacts(
            dates={"effective": D(2024, 1, 2)}, suspensions=(Suspension("s1", D(2024, 3, 1), end),)
        )
        model = judge(profile, case, CALENDARS)
        (judged,) = model.judged
        assert judged.days == ()
        assert D.fromordinal(judged.allowed_through) == D(2024, 4, 29)
        shapes.append(shape_of(model))
        (outcome,) = evaluate(profile, case, CALENDARS).suspensions
        assert outcome.restricted_from == D(2024, 4, 30)
        assert evaluate_profile(profile, case, CALENDARS).suspensions == (outcome,)
    assert shapes[0] == shapes[1]
    assert shapes[0].room == 0


def test_an_earlier_suspension_counts_only_the_days_it_may_have_allowed() -> None:
    """5 calendar days in any 30: s1 (2-9 January) is allowed through 6 January and restricted
    from the 7th, so its days after the 6th are not counted in s2's windows: s2, from 26
    January (whose 30-day window from 28 December holds 2-6 January, 5 days), is restricted at
    once; s3, from 5 February (its window from 7 January holds only s1's restricted days), is
    allowed for 5 days and restricted from 10 February."""
    profile = _one_limit(Limit("aggregate", 5, "calendar-days", Window("days", 30)))
    case = ProfileFacts(
        dates={"effective": D(2024, 1, 2)},
        suspensions=(
            Suspension("s1", D(2024, 1, 2), D(2024, 1, 9)),
            Suspension("s2", D(2024, 1, 26), D(2024, 1, 27)),
            Suspension("s3", D(2024, 2, 5), D(2024, 2, 20)),
        ),
    )
    got = evaluate(profile, case, CALENDARS)
    assert [o.restricted_from for o in got.suspensions] == [
        D(2024, 1, 7),
        D(2024, 1, 26),
        D(2024, 2, 10),
    ]
    assert evaluate_profile(profile, case, CALENDARS).suspensions == got.suspensions


@pytest.mark.parametrize(
    ("limit", "spans", "restricted"),
    [
        # 5 calendar days in any 30: s1 (2-4 January) is allowed, s2 (8-10 January) from its
        # third day is not; s3 (15 January) finds both in its window, their 5 allowed days
        # with its own first day make 6, and is restricted at once
        (
            Limit("aggregate", 5, "calendar-days", Window("days", 30)),
            (
                (D(2024, 1, 2), D(2024, 1, 4)),
                (D(2024, 1, 8), D(2024, 1, 10)),
                (D(2024, 1, 15), D(2024, 1, 15)),
            ),
            [None, D(2024, 1, 10), D(2024, 1, 15)],
        ),
        # 4 calendar days in any 30: s1 (2-4 January) lies before every window of s3 (10-12
        # February), s2 (5-7 February) inside them; s3's second day is the fifth
        (
            Limit("aggregate", 4, "calendar-days", Window("days", 30)),
            (
                (D(2024, 1, 2), D(2024, 1, 4)),
                (D(2024, 2, 5), D(2024, 2, 7)),
                (D(2024, 2, 10), D(2024, 2, 12)),
            ),
            [None, None, D(2024, 2, 11)],
        ),
    ],
)
def test_an_aggregate_counts_the_allowed_days_of_every_earlier_suspension_in_the_window(
    limit: Limit, spans: tuple[tuple[dt.date, dt.date], ...], restricted: list[dt.date | None]
) -> None:
    case = ProfileFacts(
        dates={"effective": D(2024, 1, 2)},
        suspensions=tuple(
            Suspension(f"s{n}", first, last) for n, (first, last) in enumerate(spans, start=1)
        ),
    )
    profile = _one_limit(limit)
    for outcome in (evaluate(profile, case, CALENDARS), evaluate_profile(profile, case, CALENDARS)):
        assert [o.restricted_from for o in outcome.suspensions] == restricted

