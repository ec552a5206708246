"""``rrcheck prove --agreement`` (model/allowance_properties.py): each property a limit states is
proved on bundled profiles (its negation unsat, its bound attained), and fails with a
counterexample when the model is built without that limit, so the proofs can fail."""

from __future__ import annotations

import attrs
import pytest

from checks.agreements import bundled_profiles
from model.allowance_properties import (
    _prove_one,
    general_plan,
    limit_properties,
    longest_needed,
    period_months,
    prove_profile,
    suspensions_for,
)
from model.solver import SolverSettings

PROFILES = {p.id: p for p in bundled_profiles()}
SETTINGS = SolverSettings(timeout_seconds=120)

# The bundled profiles' properties that prove in seconds (docs/performance.md gives the time
# of every bundled profile's properties, measured with rrcheck prove --agreement).
QUICK = [
    ("calendar-year-120-days", "aggregate-1"),
    ("one-per-year-90-days", "count-1"),
    ("one-per-year-90-days", "length-2"),
    ("monthly-two-percent-capped-12-percent", "gap-3"),
    ("monthly-two-percent-capped-12-percent", "count-1"),  # 52 s of CPU before the reductions
]
# Every bundled profile's properties are proved at the default time-out (docs/performance.md,
# "prove --agreement at the default time-out"); the suite runs the quick ones, and
# tests/model/test_allowance_property_windows.py the reductions that made the rest quick.


@pytest.mark.parametrize(("profile", "prop"), QUICK)
def test_a_bundled_profiles_property_is_proved_and_attained(profile: str, prop: str) -> None:
    [result] = prove_profile(PROFILES[profile], SETTINGS, only=prop)
    assert result.status == "proved", result.detail
    assert result.detail.startswith("attained:")


@pytest.mark.parametrize(("profile", "prop"), QUICK)
def test_without_its_limit_the_property_has_a_counterexample(profile: str, prop: str) -> None:
    """The model built with the limit left out: the claim of the original limit is broken by
    some schedule (sat), so the proof above is not vacuous."""
    original = PROFILES[profile]
    found = {p.id: p for p in limit_properties(original)}[prop]
    index = original.allowance.limits.index(found.limit)
    others = original.allowance.limits[:index] + original.allowance.limits[index + 1 :]
    mutated = attrs.evolve(original, allowance=attrs.evolve(original.allowance, limits=others))
    plan = general_plan(
        mutated,
        suspensions_for(original, found.limit),
        longest_needed(original),
        period_months(found.limit),
    )
    result = _prove_one(original, found, plan, SETTINGS)
    assert result.status == "counterexample"
    assert result.detail.startswith("counterexample:")


def test_every_limit_but_notice_states_a_property() -> None:
    for profile in PROFILES.values():
        if profile.agreement.mechanics is not None:
            continue
        kinds = [p.limit.kind for p in limit_properties(profile)]
        assert kinds == [
            lim.kind for lim in profile.allowance.limits if lim.kind != "notice"
        ], profile.id


def test_a_property_out_of_time_is_unknown_and_says_so() -> None:
    """A time-out is reported as one, not as Z3's "canceled", with nothing claimed proved."""
    hurried = SolverSettings(timeout_seconds=0.001)
    [result] = prove_profile(PROFILES["de-spac-three-per-360-days"], hurried, only="count-1")
    assert result.status == "unknown"
    assert "out of time (the time-out is 0.001 s a solver call)" in result.detail
    assert "canceled" not in result.detail


def test_a_count_property_says_its_count_in_words() -> None:
    # "more than 1 suspension", not "more than 1 suspensions"; two or more in the plural
    (one,) = [p for p in limit_properties(PROFILES["one-per-year-90-days"]) if p.id == "count-1"]
    assert "holds the first days of more than 1 suspension with an allowed day" in one.statement
    three = PROFILES["de-spac-three-per-360-days"]
    (count,) = [p for p in limit_properties(three) if p.id.startswith("count")]
    assert "of more than 3 suspensions with an allowed day" in count.statement


def test_an_unknown_case_says_which_cases_before_it_were_proved():
    # "cases 1 to 0 proved" was printed when the first case got no answer
    from model.allowance_properties import cases_proved

    assert cases_proved(1, 4) == "case 1 of 4; none proved"
    assert cases_proved(2, 4) == "case 2 of 4; case 1 proved"
    assert cases_proved(4, 4) == "case 4 of 4; cases 1 to 3 proved"
