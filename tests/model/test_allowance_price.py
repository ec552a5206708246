"""The integer objective of ``worst-case`` under a term profile (model/allowance_price.py) is
the Decimal payments themselves: for the restricted runs the reference reading gives on random
profiles and schedules, the solver's cents equal profile_payments' total, to the cent."""

from __future__ import annotations

from decimal import Decimal

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.allowance_price import SymbolicRun, amount_cents, decimal_amount, payment_objective
from model.profile_days import ProfileEvaluation
from model.reference.profiles import evaluate_profile
from tests.model.test_allowance import BUNDLED, CALENDARS, facts, profiles


def _solver_cents(profile, case, evaluation: ProfileEvaluation) -> tuple[int, dict[str, int]]:
    runs, pins = [], []
    for outcome in evaluation.suspensions:
        if outcome.outside:
            continue
        last = min(outcome.end, evaluation.registration_period_end).toordinal()
        first = outcome.judged_from.toordinal()
        restricted = last + 1 if outcome.restricted_from is None else outcome.restricted_from
        r, l_ = z3.Int(f"{outcome.id}.r"), z3.Int(f"{outcome.id}.l")
        pins += [r == (restricted if isinstance(restricted, int) else restricted.toordinal()),
                 l_ == last]
        runs.append(SymbolicRun(outcome.id, r, l_, (first, last)))
    objective = payment_objective(profile, case, CALENDARS, runs)
    solver = z3.Solver()
    solver.add(pins)
    assert solver.check() == z3.sat
    m = solver.model()
    total = m.eval(objective.total, model_completion=True).as_long()
    each = {k: m.eval(v, model_completion=True).as_long() for k, v in objective.by_investor.items()}
    return total, each


def _agree(profile, case) -> None:
    evaluation = evaluate_profile(profile, case, CALENDARS)
    total, each = _solver_cents(profile, case, evaluation)
    assert Decimal(total) / 100 == evaluation.total_payments
    for name, cents in each.items():
        paid = sum((p.amount for p in evaluation.payments if p.investor == name), Decimal(0))
        assert Decimal(cents) / 100 == paid


SETTINGS = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(profiles(), facts(longest=70))
def test_the_solver_cents_are_the_decimal_payments_on_random_profiles(profile, case) -> None:
    _agree(profile, case)


@SETTINGS
@given(st.sampled_from(BUNDLED), facts(longest=80, most=4))
def test_the_solver_cents_are_the_decimal_payments_on_the_bundled_profiles(profile, case) -> None:
    _agree(profile, case)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.sampled_from((Decimal("0.01"), Decimal("0.015"), Decimal("0.02"), Decimal("0.0333"))),
    st.decimals(Decimal("0.01"), Decimal("99999999.99"), places=2),
    st.integers(1, 31),
    st.data(),
)
def test_a_period_amount_is_decimal_rounding_half_up_to_the_cent(rate, base, full, data) -> None:
    days = data.draw(st.integers(0, full))
    r = z3.Int("r")
    solver = z3.Solver()
    solver.add(r == days)
    assert solver.check() == z3.sat
    got = solver.model().eval(amount_cents(rate, base, r, full)).as_long()
    assert Decimal(got) / 100 == decimal_amount(rate, base, days, full)


def test_a_tie_at_half_a_cent_that_decimal_rounds_down_is_corrected() -> None:
    """1% of 3.75 for 4 of 30 days is exactly half a cent: the rational formula rounds it up
    to a cent, but Decimal's 4/30 (0.1333...3, 28 digits) is just below, and the payments
    round it to nothing. The solver's cents follow Decimal."""
    rate, base, full = Decimal("0.01"), Decimal("3.75"), 30
    assert decimal_amount(rate, base, 4, full) == Decimal("0.00")
    r = z3.Int("r")
    solver = z3.Solver()
    solver.add(r == 4)
    assert solver.check() == z3.sat
    assert solver.model().eval(amount_cents(rate, base, r, full)).as_long() == 0

