"""``worst-case`` under a term profile (model/allowance_worst.py) against brute force: every
placement of the planned suspensions within their bounds, each priced by the reference reading
(model/reference/profiles.py) and its payments; the solver's optimum is the brute force's, to the
cent, most and least, and its tie-break is the first optimal placement in order of starts and
ends."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.allowance_plan import build_plan, notice_by
from model.allowance_worst import cents_decimal, worst_placement
from model.profile_days import ProfileFacts
from model.profiles import TermProfile
from model.reference.profiles import evaluate_profile
from model.scenario import DateRange, LengthRange, PlannedSuspension, Suspension
from model.solver import SolverSettings
from tests.model.test_allowance import BUNDLED, CALENDARS, facts, profiles

DAY = dt.timedelta(days=1)


def _business_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if CALENDARS.business.is_business_day(day):
            days.append(day)
        day += DAY
    return days


def _options(p: PlannedSuspension) -> list[tuple[dt.date, dt.date]]:
    found = []
    for start in _business_days(p.start.earliest, p.start.latest):
        horizon = start + dt.timedelta(days=60)
        for n, end in enumerate(_business_days(start, horizon), start=1):
            if p.length is not None and not p.length.min <= n <= p.length.max:
                continue
            if p.end is not None and not p.end.earliest <= end <= p.end.latest:
                continue
            found.append((start, end))
    return found


def brute_force(
    profile: TermProfile, order: list[Suspension | PlannedSuspension], case: ProfileFacts
) -> dict[tuple[tuple[dt.date, dt.date], ...], Decimal]:
    """Every placement that fits the bounds and the file order, and its total payments."""
    planned = [s for s in order if isinstance(s, PlannedSuspension)]
    priced = {}
    for choice in itertools.product(*(_options(p) for p in planned)):
        placed = dict(zip((p.id for p in planned), choice, strict=True))
        schedule, previous_end, fits = [], None, True
        for s in order:
            if isinstance(s, PlannedSuspension):
                start, end = placed[s.id]
                notice = s.advance_notice or notice_by(profile, case, CALENDARS, start)
                s = Suspension(s.id, start, end, notice, s.notice_lawful)
            if previous_end is not None and s.start <= previous_end:
                fits = False  # out of the file's order, or overlapping
            on_restriction = any(s.start <= r.end and r.start <= s.end for r in case.restrictions)
            if s.id in placed and on_restriction:
                fits = False  # a planned suspension on a day of another restriction
            previous_end = s.end
            schedule.append(s)
        if fits:
            evaluation = evaluate_profile(
                profile, attrs.evolve(case, suspensions=tuple(schedule)), CALENDARS
            )
            priced[choice] = evaluation.total_payments
    return priced


@st.composite
def plans(
    draw: st.DrawFn, most: int = 2
) -> tuple[list[Suspension | PlannedSuspension], ProfileFacts]:
    """The fixed suspensions of a random schedule with one or two planned ones among them."""
    case = draw(facts(longest=20, most=3))
    fixed = sorted(case.suspensions, key=lambda s: s.start)
    keep = draw(st.integers(0, len(fixed)))
    before, after = fixed[:keep], fixed[keep:]
    day = (before[-1].end if before else case.dates["effective"] - 3 * DAY) + draw(
        st.integers(1, 12)
    ) * DAY
    planned: list[Suspension | PlannedSuspension] = []
    for n in range(draw(st.integers(1, most))):
        width = draw(st.integers(0, 5))
        length = draw(st.integers(1, 6))
        extra = draw(st.integers(0, 3))
        planned.append(
            PlannedSuspension(
                f"p{n + 1}",
                DateRange(day, day + width * DAY),
                length=LengthRange(length, length + extra),
                notice_lawful=draw(st.booleans()),
            )
        )
        day += (width + 2 * (length + extra) + draw(st.integers(1, 10))) * DAY
    after = [s for s in after if s.start > day]
    order = [*before, *planned, *after]
    fixed_only = tuple(s for s in order if isinstance(s, Suspension))
    return order, attrs.evolve(case, suspensions=fixed_only)


def _check(profile: TermProfile, order, case: ProfileFacts, least: bool) -> None:
    priced = brute_force(profile, order, case)
    plan = build_plan(profile, order, case, CALENDARS)
    outcome = worst_placement(plan, least, SolverSettings(timeout_seconds=60))
    if not priced:
        assert outcome.status == "infeasible"
        return
    assert outcome.status == "optimal"
    best = (min if least else max)(priced.values())
    assert cents_decimal(outcome.cents) == best
    first = min(choice for choice, total in priced.items() if total == best)
    assert tuple((start, end) for _, start, end in outcome.placements) == first


SETTINGS = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(profiles(), plans(), st.booleans())
def test_worst_case_is_the_brute_force_optimum_on_random_profiles(profile, plan, least) -> None:
    _check(profile, *plan, least)


@SETTINGS
@given(st.sampled_from(BUNDLED), plans(), st.booleans())
def test_worst_case_is_the_brute_force_optimum_on_the_bundled_profiles(
    profile, plan, least
) -> None:
    _check(profile, *plan, least)


@SETTINGS
@given(
    profiles().filter(lambda p: p.damages[-1].period.months is not None),
    plans(),
    st.booleans(),
)
def test_worst_case_is_the_brute_force_optimum_with_monthly_anniversaries(
    profile, plan, least
) -> None:
    """Monthly periods are where the payments are not monotone in the days: a period's share
    is its days over the days of that month."""
    _check(profile, *plan, least)
