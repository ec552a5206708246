"""``rrcheck worst-case``: the placement of the planned suspensions within their bounds that
costs the most (or, with ``--least``, the least), compliant or not.

The model answers (:class:`model.exposure.WorstCaseSearch`): the optimal exposure (restricted
days weighted by Held Shares Value) by model-guided ascent, proved by "more (or less) is
unsat", ties broken by earliest starts and then ends. The witness is re-validated by both
implementations, and the optimum is checked to be what the witness costs. ``--robust`` is
:mod:`checks.worst_case_robust`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from checks.answers import PlacedSuspension, PlanningError, WorstCaseResult
from checks.obstacles import bounds_obstacles
from checks.placements import checked_verdict, fixed_scenario, placements
from checks.validate import validate
from model.context import scenario_context
from model.exposure import WorstCaseSearch, cents
from model.findings import Verdict
from model.payments import late_filing_amounts
from model.planning import PlanOptimum
from model.scenario import Scenario
from model.solver import SolverSettings, out_of_time
from model.terms import focus_2003


def worst_case(
    scenario: Scenario,
    least: bool = False,
    settings: SolverSettings | None = None,
    investor: str | None = None,
    robust: bool = False,
) -> WorstCaseResult:
    """The placement of the planned suspensions within their bounds that maximises (or, with
    ``least``, minimises) the total payments, compliant or not; with ``investor``, that
    Investor's payments. With ``robust``, under every reading: the readings are free inputs of
    one optimisation, whose optimum is the worst (or least) under any reading, and the spread
    (the smallest and the largest per-reading optimum) follows from one satisfiability check
    per reading, with a full optimisation only for a reading that moves the spread."""
    names = [i.name for i in scenario.investors]
    if investor is not None and investor not in names:
        raise PlanningError(
            f"--investor: no Investor named {investor!r} in this file "
            f"(investors: {', '.join(repr(n) for n in names) or 'none'})"
        )
    settings = settings or SolverSettings()
    if not robust:
        return worst_case_under(scenario, least, settings, investor)[0]
    from checks.worst_case_robust import robust_worst_case  # it builds on this module

    return robust_worst_case(scenario, least, settings, investor)


def worst_case_under(
    scenario: Scenario, least: bool, settings: SolverSettings, investor: str | None
) -> tuple[WorstCaseResult, int | None]:
    """:func:`worst_case` under the scenario's own reading, and the optimal exposure the
    solver proved (None unless optimal)."""
    objective = "min-payments" if least else "max-payments"
    context = scenario_context(scenario)
    search = WorstCaseSearch(context, scenario.interpretation, least, investor, settings)
    optimum = search.optimum()
    if optimum.status == "infeasible":
        return WorstCaseResult(
            "infeasible",
            objective,
            message="no placement fits the bounds",
            obstacles=bounds_obstacles(search.bounds_core(), context),
            investor=investor,
        ), None
    if optimum.status != "optimal" or optimum.placements is None:
        return _worst_case_unknown(scenario, search, optimum, least, settings, investor), None
    # The ascent ended on "more (or less) exposure is unsat": the proof of optimality.
    placed = placements(context, optimum.placements)
    verdict = checked_verdict(fixed_scenario(scenario, placed), settings)
    # What the solver proved optimal must be what the witness costs, or the proof is about
    # some other quantity: restricted days times Held Shares Value, as validate priced them.
    priced = priced_exposure(verdict, investor)
    if optimum.values[0] != priced:
        raise RuntimeError(
            f"the optimised exposure {optimum.values[0]} is not the witness's restricted days "
            f"weighted by Held Shares Value ({priced} cent-days)"
        )
    return optimal_worst_case(objective, placed, verdict, investor), optimum.values[0]


def optimal_worst_case(
    objective: str,
    placements: tuple[PlacedSuspension, ...],
    verdict: Verdict,
    investor: str | None,
) -> WorstCaseResult:
    """An optimal ``worst-case`` answer: the placement and what ``validate`` says it costs."""
    return WorstCaseResult(
        "optimal",
        objective,
        total_payments=verdict.total_payments,
        schedule=placements,
        payments=verdict.payments,
        verdict=verdict,
        investor=investor,
        investor_payments=payments_to(verdict, investor) if investor is not None else None,
    )


def priced_exposure(verdict: Verdict, investor: str | None) -> Decimal:
    return sum(
        (
            p.held_shares_value * 100 * p.days
            for p in verdict.payments
            if p.trigger == "restricted-sale-date"
            and p.held_shares_value is not None
            and (investor is None or p.investor == investor)
        ),
        Decimal(0),
    )


def payments_to(verdict: Verdict, investor: str | None) -> Decimal:
    """The total payments of a verdict, or those to one Investor."""
    if investor is None:
        return verdict.total_payments
    rows = [p.amount for p in verdict.payments if p.investor == investor]
    return sum(rows, Decimal("0.00")).quantize(Decimal("0.01"))


def _worst_case_unknown(
    scenario: Scenario,
    search: WorstCaseSearch,
    optimum: PlanOptimum,
    least: bool,
    settings: SolverSettings,
    investor: str | None = None,
) -> WorstCaseResult:
    """Out of time: what is proved (of the total, or with ``investor`` of that Investor's
    payments). The best placement found so far (if any) and its total,
    which bounds the optimum from one side; from the other, the exposure the solver refuted
    (or, if it refuted none, a relaxation: every day a suspension or restriction could cover
    restricted, for every Investor at the whole Purchase Price; for the least, none), turned
    into money with a half cent for every payment row its rounding could move."""
    objective = "min-payments" if least else "max-payments"
    placed: tuple[PlacedSuspension, ...] = ()
    found: Decimal | None = None
    context = search.context
    if optimum.placements is not None:
        placed = placements(context, optimum.placements)
        found = payments_to(validate(fixed_scenario(scenario, placed), settings), investor)
    if optimum.values:  # the exposure itself was settled; a tie-break ran out of time
        limit: int | None = optimum.values[0]
    else:
        limit = optimum.limit
    days, rows = search.most_restricted_days()
    investors = [i for i in scenario.investors if investor is None or i.name == investor]
    weights = sum(cents(i.purchase_price) for i in investors)
    if limit is None:
        limit = 0 if least else days * weights
    fixed = sum(
        (
            p.amount
            for one in investors
            for p in late_filing_amounts(one, scenario.dates, context.timeline, context.calendar)
        ),
        Decimal(0),
    )
    # A row's amount is 1 1/2% / 30 of its Held Shares Value times its days (2(b)(iii)),
    # rounded half up: within half a cent of that, so the rows together within rows / 2 cents.
    terms = focus_2003()
    rate, period = terms.restricted_sale_rate.share, terms.computation_period.n
    exact = Fraction(limit) * rate / period / 100
    slack = Fraction(rows * len(investors), 200)
    cent = Fraction(1, 100)
    lower: Decimal | None
    upper: Decimal | None
    if least:
        lower = fixed + Decimal(max(0, math.floor((exact - slack) / cent))).scaleb(-2)
        upper = found
    else:
        lower = found
        upper = fixed + Decimal(math.ceil((exact + slack) / cent)).scaleb(-2)
    if lower is not None and upper is not None and upper < lower:
        raise RuntimeError(f"a proved bound {upper} is below a placement's total {lower}")
    side = "upper" if not least else "lower"
    message = f"the solver ran {out_of_time(settings)}"
    if found is not None:
        message += (
            f"; best_bound is the total of the best placement found so far, not proved "
            f"optimal, and {side}_bound what the optimum is proved not to pass"
        )
    else:
        message += f"; no placement was found; {side}_bound: the optimum is proved not to pass it"
    return WorstCaseResult(
        "unknown",
        objective,
        schedule=placed,
        best_bound=found,
        message=message,
        lower_bound=lower,
        upper_bound=upper,
        investor=investor,
    )
