"""The model of a term profile's allowance built once for its shape, each file's facts bound to
it (model/allowance_bound.py): files bound one after another to one built model give what a
model built for that file alone gives and what the reference evaluator gives, over random
profiles and schedules; a shape met again with other facts reuses its model and keeps nothing
of the file before (the bug such a cache invites: a value left from the previous file)."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from model.allowance import evaluate, judge, read_evaluation
from model.allowance_bound import BoundAllowance, bound_allowance, shape_of
from model.profile_days import ProfileEvaluation, ProfileFacts
from model.profiles import AgreementHeader, Allowance, Limit, TermProfile, Window
from model.reference.profiles import evaluate_profile
from model.scenario import Suspension
from tests.model.test_allowance import CALENDARS, facts, profiles

D = dt.date


def _shifted(case: ProfileFacts, days: int, longer: tuple[int, ...]) -> ProfileFacts:
    """The schedule moved by ``days`` (its dates and suspensions), each suspension's end then
    moved by the matching ``longer`` (kept after its start and before the next one)."""
    moved = dt.timedelta(days=days)
    suspensions = []
    for n, s in enumerate(case.suspensions):
        start, end = s.start + moved, s.end + moved
        end = max(start, end + dt.timedelta(days=longer[n % len(longer)]))
        if n + 1 < len(case.suspensions):
            end = min(end, case.suspensions[n + 1].start + moved - dt.timedelta(days=1))
        notice = None if s.advance_notice is None else s.advance_notice + moved
        suspensions.append(attrs.evolve(s, start=start, end=end, advance_notice=notice))
    restrictions = tuple(
        attrs.evolve(r, start=r.start + moved, end=r.end + moved) for r in case.restrictions
    )
    dates = {name: day + moved for name, day in case.dates.items()}
    return attrs.evolve(
        case, dates=dates, suspensions=tuple(suspensions), restrictions=restrictions
    )


def _by(model: BoundAllowance, profile: TermProfile, case: ProfileFacts) -> ProfileEvaluation:
    judged = judge(profile, case, CALENDARS)
    return read_evaluation(judged, model.solve(judged))


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    profiles(),
    facts(),
    st.lists(
        st.tuples(
            st.sampled_from((7, 14, 28, 364)),
            st.lists(st.integers(-3, 3), min_size=1, max_size=3).map(tuple),
        ),
        min_size=1,
        max_size=3,
    ),
    facts(),
)
def test_files_bound_one_after_another_give_what_each_alone_and_the_reference_give(
    profile: TermProfile,
    first: ProfileFacts,
    moves: list[tuple[int, tuple[int, ...]]],
    other: ProfileFacts,
) -> None:
    """The first schedule, the same moved by weeks with its lengths changed a little (most of
    them of its shape, with other dates and verdicts), and an unrelated one, each bound in turn
    to the one model of its shape kept here, and each to a model built for it alone."""
    cases = [first, *(_shifted(first, days, longer) for days, longer in moves), other]
    models: dict[object, BoundAllowance] = {}
    hits = 0
    for case in cases:
        shape = shape_of(judge(profile, case, CALENDARS))
        hits += shape in models
        shared = models.setdefault(shape, BoundAllowance(shape))
        got = _by(shared, profile, case)
        assert got == _by(BoundAllowance(shape), profile, case)
        assert got == evaluate(profile, case, CALENDARS)  # the cache of built models
        expected = evaluate_profile(profile, case, CALENDARS)
        assert got.suspensions == expected.suspensions
        assert [(v.rule, v.subject, v.limit) for v in got.violations] == [
            (v.rule, v.subject, v.limit) for v in expected.violations
        ]
        assert got.payments == expected.payments
    note(f"{hits} of {len(cases)} files met a shape already built")


def _aggregate_60() -> TermProfile:
    """60 calendar days in the Registration Period, the days beyond restricted."""
    limit = Limit("aggregate", 60, "calendar-days", Window("registration-period"), section="4")
    return TermProfile(agreement=AgreementHeader("t", "t"), allowance=Allowance(limits=(limit,)))


def _two(first_days: int, second_days: int) -> ProfileFacts:
    s1 = Suspension("s1", D(2024, 2, 1), D(2024, 2, 1) + dt.timedelta(days=first_days - 1))
    s2 = Suspension("s2", D(2024, 6, 3), D(2024, 6, 3) + dt.timedelta(days=second_days - 1))
    return ProfileFacts(dates={"effective": D(2024, 1, 2)}, suspensions=(s1, s2))


def test_a_shape_met_again_reuses_its_model_and_reads_the_new_facts() -> None:
    """30 then 40 days, and 25 then 45: the second suspension may be past the cap on each of
    its last 10 days in both (one shape, a model built once), and its 31st day is its first
    restricted one in the one, its 36th in the other, as the reference says."""
    profile = _aggregate_60()
    earlier, later = _two(30, 40), _two(25, 45)
    assert shape_of(judge(profile, earlier, CALENDARS)) == shape_of(
        judge(profile, later, CALENDARS)
    )
    bound_allowance.cache_clear()
    verdicts = [evaluate(profile, case, CALENDARS) for case in (earlier, later, earlier)]
    assert bound_allowance.cache_info()[:2] == (2, 1)  # (hits, misses): built once
    restricted = [v.suspensions[1].restricted_from for v in verdicts]
    assert restricted == [D(2024, 7, 3), D(2024, 7, 8), D(2024, 7, 3)]
    for case, verdict in zip((earlier, later, earlier), verdicts, strict=True):
        assert verdict.suspensions == evaluate_profile(profile, case, CALENDARS).suspensions
    assert [v.violations[0].message for v in verdicts[:2]] == [
        "2024-07-03 would be the 61st suspended calendar day in the window from 2024-01-02 "
        "(in the Registration Period); at most 60 are allowed: 10 days from 2024-07-03 through "
        "2024-07-12 are past the limit; restricted from 2024-07-03",
        "2024-07-08 would be the 61st suspended calendar day in the window from 2024-01-02 "
        "(in the Registration Period); at most 60 are allowed: 10 days from 2024-07-08 through "
        "2024-07-17 are past the limit; restricted from 2024-07-08",
    ]
