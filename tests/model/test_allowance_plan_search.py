"""``find`` under a term profile (model/allowance_plan_search.py) against brute force: for small
windows every placement of the planned suspension is enumerated and judged by the reference
evaluator (model/reference/profiles.py); the latest start, the earliest start and the longest
(calendar days) that find answers are the brute-force answers, and find is infeasible exactly
when no placement is allowed. Random profiles and schedules (tests/model/test_allowance.py's
strategies), the planned suspension anywhere among the fixed ones."""

from __future__ import annotations

import datetime as dt

import attrs
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.allowance_plan import build_plan, notice_by
from model.allowance_plan_search import OBJECTIVES, ProfileFindSearch
from model.solver import canonical_core
from model.profile_days import ProfileFacts, registration_period
from model.profiles import TermProfile
from model.reference.profiles import evaluate_profile
from model.scenario import DateRange, LengthRange, PlannedSuspension, Suspension
from model.solver import SolverSettings
from tests.model.test_allowance import BUNDLED, CALENDARS, facts, profiles

DAY = dt.timedelta(days=1)


@st.composite
def planned_cases(
    draw: st.DrawFn, profile_strategy: st.SearchStrategy[TermProfile]
) -> tuple[TermProfile, ProfileFacts, int, PlannedSuspension]:
    profile = draw(profile_strategy)
    case = draw(facts(longest=20, most=3))
    fixed = list(case.suspensions)
    position = draw(st.integers(0, len(fixed)))
    # the planned one's reach: from the day after the one before it (or a little before) on
    after = fixed[position - 1].end + DAY if position else fixed[0].start - 10 * DAY
    earliest = after + draw(st.integers(0, 6)) * DAY
    latest = earliest + draw(st.integers(0, 5)) * DAY
    notice = draw(st.one_of(st.none(), st.integers(1, 10)))
    common = {
        "advance_notice": None if notice is None else earliest - notice * DAY,
        "notice_lawful": draw(st.booleans()),
    }
    if draw(st.booleans()):
        end_first = latest + draw(st.integers(-3, 3)) * DAY
        end = DateRange(end_first, end_first + draw(st.integers(0, 8)) * DAY)
        p = PlannedSuspension("p", DateRange(earliest, latest), end, **common)  # type: ignore[arg-type]
    else:
        low = draw(st.integers(1, 6))
        length = LengthRange(low, low + draw(st.integers(0, 4)))
        p = PlannedSuspension("p", DateRange(earliest, latest), length=length, **common)  # type: ignore[arg-type]
    return profile, attrs.evolve(case, suspensions=tuple(fixed)), position, p


def _keys(profile: TermProfile, case: ProfileFacts) -> frozenset[str]:
    return frozenset(
        f"{v.rule}:{v.subject}" for v in evaluate_profile(profile, case, CALENDARS).violations
    )


def brute_force(
    profile: TermProfile, case: ProfileFacts, position: int, p: PlannedSuspension
) -> list[tuple[dt.date, dt.date]]:
    """Every placement find allows, by the reference: in its bounds and in order, wholly
    inside the Registration Period, no restricted day, nothing newly broken."""
    already = _keys(profile, case)
    fixed = list(case.suspensions)
    p0, p1 = registration_period(profile, case, CALENDARS)
    business = CALENDARS.business
    found = []
    start = p.start.earliest
    while start <= p.start.latest:
        end = start
        last = p.end.latest if p.end is not None else start + 40 * DAY
        while end <= last:
            if _in_bounds(p, start, end, business) and _in_order(fixed, position, start, end):
                notice = p.advance_notice or notice_by(profile, case, CALENDARS, start)
                s = Suspension(p.id, start, end, notice, p.notice_lawful)
                placed = attrs.evolve(
                    case, suspensions=tuple(fixed[:position] + [s] + fixed[position:])
                )
                verdict = evaluate_profile(profile, placed, CALENDARS)
                outcome = next(o for o in verdict.suspensions if o.id == p.id)
                new = {f"{v.rule}:{v.subject}" for v in verdict.violations} - already
                if (
                    start >= p0
                    and end <= p1
                    and not outcome.outside
                    and outcome.restricted_from is None
                    and not new
                ):
                    found.append((start, end))
            end += DAY
        start += DAY
    return found


def _in_bounds(p: PlannedSuspension, start: dt.date, end: dt.date, business: object) -> bool:
    # CONTRACT.md: a planned suspension starts and ends on business days
    on_business_days = business.is_business_day(start) and business.is_business_day(end)  # type: ignore[attr-defined]
    if not on_business_days:
        return False
    if p.end is not None and not p.end.earliest <= end <= p.end.latest:
        return False
    if p.length is not None:
        n = business.bd_count(start, end)  # type: ignore[attr-defined]
        if not p.length.min <= n <= p.length.max:
            return False
    return all(start <= d <= end for d in p.covers)


def _in_order(fixed: list[Suspension], position: int, start: dt.date, end: dt.date) -> bool:
    before_ok = position == 0 or fixed[position - 1].end < start
    after_ok = position == len(fixed) or end < fixed[position].start
    return before_ok and after_ok


def _agree(case: tuple[TermProfile, ProfileFacts, int, PlannedSuspension]) -> None:
    profile, facts_, position, p = case
    fixed = list(facts_.suspensions)
    order = fixed[:position] + [p] + fixed[position:]
    allowed = brute_force(profile, facts_, position, p)
    already = _keys(profile, facts_)
    for objective in OBJECTIVES:
        model = build_plan(profile, order, facts_, CALENDARS, settle=True)  # as find builds it
        search = ProfileFindSearch(model, objective, "p", already)
        core = search.obstacles(SolverSettings())
        if not allowed:
            assert core is not None and not isinstance(core, str), objective
            continue
        assert core is None, (objective, core, allowed)
        optimum = search.optimum(SolverSettings())
        assert optimum.status == "optimal" and optimum.solution is not None
        [(_, start, end)] = model.placements(optimum.solution)
        if objective == "latest-start":
            assert start == max(s for s, _ in allowed)
        elif objective == "earliest-start":
            assert start == min(s for s, _ in allowed)
        else:
            longest = max((e - s).days for s, e in allowed)
            assert (end - start).days == longest
            assert start == min(s for s, e in allowed if (e - s).days == longest)
        assert (start, end) in allowed


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_settings(120)
@given(planned_cases(profiles()))
def test_find_is_the_brute_force_answer_on_random_profiles(
    case: tuple[TermProfile, ProfileFacts, int, PlannedSuspension],
) -> None:
    _agree(case)


@_settings(15)
@given(planned_cases(st.sampled_from(BUNDLED)))
def test_find_is_the_brute_force_answer_on_the_bundled_profiles(
    case: tuple[TermProfile, ProfileFacts, int, PlannedSuspension],
) -> None:
    _agree(case)


def _deletion(holds: list[tuple[int, int]], order: list[str]) -> list[str]:
    """Plain deletion over ``order``, a check per key: the reference for canonical_core."""

    def unsat(keys: list[str]) -> bool:
        low = max([holds[int(k)][0] for k in keys], default=-(10**9))
        high = min([holds[int(k)][1] for k in keys], default=10**9)
        return low > high

    kept = list(order)
    for key in order:
        trial = [k for k in kept if k != key]
        if unsat(trial):
            kept = trial
    return kept


@_settings(150)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_the_core_of_what_binds_is_the_one_its_order_fixes(
    intervals: list[tuple[int, int]], random: object
) -> None:
    """Each key holds x in an interval; where several cores are minimal (x >= 5 against
    x <= 3 or x <= 4), canonical_core is the core plain deletion over the order gives, one check
    a key, whatever cores Z3 reports on the way."""
    x = z3.Int("x")
    literals = {str(i): z3.Bool(f"hold{i}") for i in range(len(intervals))}
    solver = z3.Solver()
    for i, (low, high) in enumerate(intervals):
        solver.add(z3.Implies(literals[str(i)], z3.And(x >= low, x <= high)))
    order = sorted(literals)
    random.shuffle(order)  # type: ignore[attr-defined]
    core = canonical_core(solver, literals, order)
    if max(lo for lo, _ in intervals) <= min(hi for _, hi in intervals):
        assert core is None
    else:
        assert core == _deletion(intervals, order)


def test_of_two_minimal_cores_the_order_chooses() -> None:
    x = z3.Int("x")
    literals = {"a": z3.Bool("a"), "b": z3.Bool("b"), "c": z3.Bool("c")}
    solver = z3.Solver()
    solver.add(z3.Implies(literals["a"], x >= 5), z3.Implies(literals["b"], x <= 3))
    solver.add(z3.Implies(literals["c"], x <= 4))
    assert canonical_core(solver, literals, ["b", "c", "a"]) == ["c", "a"]
    assert canonical_core(solver, literals, ["c", "b", "a"]) == ["b", "a"]
