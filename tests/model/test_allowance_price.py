"""The integer objective of ``worst-case`` under a term profile (model/allowance_price.py) is
the Decimal payments themselves: for the restricted runs the reference reading gives on random
profiles and schedules, the solver's cents equal profile_payments' total, to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.allowance_price import SymbolicRun, decimal_amount, payment_objective, run_cents
from model.profile_days import ProfileEvaluation
from model.profiles import Damages, Period
from model.reference.profiles import evaluate_profile
from model.scenario import Investor
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
        pins += [
            r == (restricted if isinstance(restricted, int) else restricted.toordinal()),
            l_ == last,
        ]
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


def test_a_tie_at_half_a_cent_is_priced_as_decimal_prices_it() -> None:
    """1% of 3.75 for 4 of 30 days is exactly half a cent, which rounding half up would make a
    cent; but Decimal's 4/30 (0.1333...3, 28 digits) is just below it, and the payments round
    it to nothing. The solver's cents are Decimal's, not the rational rounding's."""
    assert decimal_amount(Decimal("0.01"), Decimal("3.75"), 4, 30) == Decimal("0.00")
    damages = Damages("restricted-days", Decimal("0.01"), Period(days=30))
    investor = Investor("Fund", Decimal("3.75"))
    event, last = z3.Int("event"), z3.Int("last")
    first = dt.date(2024, 3, 1).toordinal()
    term = run_cents(damages, investor, event, last, (first, first + 40))
    solver = z3.Solver()
    solver.add(event == first, last == first + 33)  # 34 days: one whole period and 4 days
    assert solver.check() == z3.sat
    assert solver.model().eval(term).as_long() == 4  # 3.75 cents of a whole period, rounded
