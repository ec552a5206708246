"""``rrcheck find`` and ``rrcheck worst-case``: questions over schedules not yet fixed.

Every answer is checked before it is returned: the witness schedule is re-validated by the
reference evaluator, and optimality is confirmed by asking the solver for a strictly better
objective and getting ``unsat``. Ties are broken by further objectives (earliest starts first,
then earliest ends), with a fixed seed, so the same file gives the same answer every run.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import z3

from checks.reference import evaluate
from checks.validate import validate
from model.calendars import BusinessCalendar
from model.context import ScenarioContext, scenario_context
from model.findings import Payment, Verdict
from model.payments import COMPUTATION_PERIOD, RESTRICTED_SALE_PERCENTAGE, late_filing_amounts
from model.rules import RULES_BY_ID
from model.scenario import DateRange, LengthRange, PlannedSuspension, Scenario, Suspension
from model.schedule import EpisodeTerms, PlannedTerms, ScenarioModel
from model.solver import (
    Objective,
    Optimum,
    SolverSettings,
    check,
    lexicographic_optimum,
    new_solver,
)
from model.span_bounds import longest_spans, span_bound_constraints
from model.symmetry import file_order_constraints

Date = dt.date

OBJECTIVES = ("latest-start", "earliest-start", "longest")


@attrs.frozen
class PlacedSuspension:
    id: str
    start: Date
    end: Date
    business_days: int
    notice_by: Date  # the latest day the advance notice may be given for this start


@attrs.frozen
class Obstacle:
    """A rule (or bound) that stands in the way of every compliant placement."""

    key: str
    rule: str
    subject: str
    explanation: str


@attrs.frozen
class FindResult:
    status: str  # optimal | infeasible | unknown
    objective: str
    suspension_id: str
    suspension: PlacedSuspension | None = None
    schedule: tuple[PlacedSuspension, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    best_bound: Date | int | None = None
    message: str = ""
    # unknown: what is proved of the optimum (one side is best_bound, when found)
    lower_bound: Date | int | None = None
    upper_bound: Date | int | None = None


@attrs.frozen
class WorstCaseResult:
    status: str  # optimal | infeasible | unknown
    objective: str  # max-payments | min-payments
    total_payments: Decimal | None = None
    schedule: tuple[PlacedSuspension, ...] = ()
    payments: tuple[Payment, ...] = ()
    verdict: Verdict | None = None
    best_bound: Decimal | None = None
    message: str = ""
    obstacles: tuple[Obstacle, ...] = ()  # infeasible: the bounds in the way
    # unknown: what is proved of the optimum's total (one side is best_bound, when found)
    lower_bound: Decimal | None = None
    upper_bound: Decimal | None = None


class PlanningError(ValueError):
    """A question the file cannot answer (e.g. ``find`` for an id that is not planned)."""


def _placed(
    context: ScenarioContext, planned: PlannedSuspension, start: Date, end: Date
) -> PlacedSuspension:
    calendar = context.calendar
    notice_by = planned.advance_notice or calendar.bd_before(start, 2)
    return PlacedSuspension(planned.id, start, end, calendar.bd_count(start, end), notice_by)


def fixed_scenario(scenario: Scenario, placements: Sequence[PlacedSuspension]) -> Scenario:
    """The scenario with its planned suspensions replaced by these placements."""
    by_id = {p.id: p for p in placements}
    suspensions: list[Suspension | PlannedSuspension] = []
    for s in scenario.suspensions:
        if isinstance(s, PlannedSuspension):
            place = by_id[s.id]
            suspensions.append(
                Suspension(
                    id=s.id,
                    start=place.start,
                    end=place.end,
                    advance_notice=place.notice_by,
                    notice_lawful=s.notice_lawful,
                )
            )
        else:
            suspensions.append(s)
    return attrs.evolve(scenario, suspensions=tuple(suspensions))


def _tie_breaks(model: ScenarioModel, skip: str | None, probe: bool = False) -> list[Objective]:
    """Earliest starts first, then earliest ends, in file order: answers repeat. With ``probe``
    each first asks for the earliest its window allows (cheap for ``find``, where the others
    usually sit at the start of their windows; a cost for ``worst-case``, where they rarely do).
    """
    shortest = {
        p.id: p.length.min if p.length is not None else 1
        for p in model.context.scenario.planned_suspensions
    }
    starts = [
        Objective(t.start_index, maximise=False, bound=t.first_start if probe else None)
        for pid, t in model.planned.items()
        if pid != skip
    ]
    ends = [
        Objective(
            t.end_index,
            maximise=False,
            bound=t.first_start + shortest[pid] - 1 if probe else None,
        )
        for pid, t in model.planned.items()
    ]
    return starts + ends


def _goal_bound(target: PlannedTerms, objective: str) -> int | None:
    """The start index the planned bounds allow at the extreme ``find`` seeks: latest or
    earliest start of its window (no bound for ``longest``)."""
    if objective == "latest-start":
        return target.last_start
    if objective == "earliest-start":
        return target.first_start
    return None


def _placements(model: ScenarioModel, m: z3.ModelRef) -> tuple[PlacedSuspension, ...]:
    context = model.context
    out = []
    for p in context.scenario.planned_suspensions:
        terms = model.planned[p.id]
        start = context.calendar.day_at(m.eval(terms.start_index).as_long())
        end = context.calendar.day_at(m.eval(terms.end_index).as_long())
        out.append(_placed(context, p, start, end))
    return tuple(out)


def find(
    scenario: Scenario,
    objective: str,
    suspension_id: str,
    settings: SolverSettings | None = None,
) -> FindResult:
    """The latest or earliest start of planned suspension ``suspension_id``, or its longest
    length, such that the whole schedule is compliant and every planned suspension lies in the
    Registration Period."""
    if objective not in OBJECTIVES:
        raise PlanningError(f"unknown objective {objective!r}")
    planned_ids = [p.id for p in scenario.planned_suspensions]
    if suspension_id not in planned_ids:
        raise PlanningError(
            f"{suspension_id!r} is not a planned suspension of this file "
            f"(planned: {', '.join(planned_ids) or 'none'})"
        )
    settings = settings or SolverSettings()
    context = scenario_context(scenario)
    model = ScenarioModel(context, scenario.interpretation)
    target = model.planned[suspension_id]

    # Tracked requirements: one literal per rule instance, and one per planned suspension for
    # staying inside the Registration Period, so an unsat core names what stands in the way.
    requirements: dict[str, z3.BoolRef] = {r.key: z3.Not(r.broken) for r in model.rule_instances}
    index = {s.id: i for i, s in enumerate(model.suspension_terms)}
    for pid in model.planned:
        requirements[f"registration-period:{pid}"] = z3.Not(model.schedule.outside[index[pid]])

    # First the bounds alone (a window with no business day, say), then the rules within them.
    core = _bounds_core(model, settings)
    if core is None:
        core = _unsat_core(model.constraints(), requirements, settings)
    if isinstance(core, str):
        return FindResult("unknown", objective, suspension_id, message=core)
    if core is not None:
        return FindResult(
            "infeasible",
            objective,
            suspension_id,
            obstacles=tuple(_obstacle(key, core, context, scenario) for key in core),
        )

    if objective == "longest":
        goal: z3.ArithRef = target.end_index - target.start_index
    else:
        goal = target.start_index
    maximise = objective in ("latest-start", "longest")

    objectives = [Objective(goal, maximise, bound=_goal_bound(target, objective))]
    if objective == "longest":
        objectives.append(Objective(target.start_index, maximise=False))
    solver = new_solver(settings)
    solver.add(model.constraints())
    solver.add(list(requirements.values()))
    optimum = lexicographic_optimum(
        solver, objectives + _tie_breaks(model, suspension_id, probe=True), settings
    )
    if optimum.status != "optimal" or optimum.model is None:
        best_found: Date | int | None = None
        if optimum.model is not None:
            placed = next(p for p in _placements(model, optimum.model) if p.id == suspension_id)
            best_found = placed.business_days if objective == "longest" else placed.start
        proved = _find_limit(scenario, model, target, objective, optimum)
        side = "upper" if maximise else "lower"
        return FindResult(
            "unknown",
            objective,
            suspension_id,
            best_bound=best_found,
            message="the solver ran out of time; best_bound is the best compliant placement "
            f"found so far, not proved optimal, and {side}_bound what the optimum is proved "
            "not to pass",
            lower_bound=best_found if maximise else proved,
            upper_bound=proved if maximise else best_found,
        )
    # The ascent ended on "a better placement is unsat": the proof of optimality.
    placements = _placements(model, optimum.model)
    _confirm_compliant(scenario, placements, settings)
    chosen = next(p for p in placements if p.id == suspension_id)
    return FindResult("optimal", objective, suspension_id, suspension=chosen, schedule=placements)


def _find_limit(
    scenario: Scenario,
    model: ScenarioModel,
    target: PlannedTerms,
    objective: str,
    optimum: Optimum,
) -> Date | int:
    """Out of time: what is proved of find's optimum, from the other side than the best found:
    the value the ascent settled or the probe the solver refuted, else the planned bounds
    themselves (the window's last or first start, the longest length they allow)."""
    calendar = model.context.calendar
    limit = optimum.values[0] if optimum.values else optimum.limit
    if objective == "longest":  # the goal is end - start, in business-day indices
        if limit is not None:
            return limit + 1
        planned = next(p for p in scenario.planned_suspensions if p.id == target.id)
        last_end = len(calendar.business_days) - 1
        if planned.end is not None:
            last_end = min(last_end, calendar.count_through(planned.end.latest) - 1)
        most = last_end - target.first_start + 1
        return min(most, planned.length.max) if planned.length is not None else most
    if limit is None:
        limit = target.last_start if objective == "latest-start" else target.first_start
    low, high = model.encoding.index_bounds()
    return calendar.business_days[min(max(limit, low), high)]


def _bounds_core(model: ScenarioModel, settings: SolverSettings) -> list[str] | str | None:
    """The planned suspensions whose bounds stand in the way: a minimal unsat core over each
    one's bounds (``bounds:ID``), with the fixed suspensions and the rest of the model hard."""
    bounds = {f"bounds:{pid}": z3.And(p.bounds) for pid, p in model.planned.items()}
    return _unsat_core(model.constraints(planned_bounds=False), bounds, settings)


def _bounds_obstacles(
    model: ScenarioModel, context: ScenarioContext, scenario: Scenario, settings: SolverSettings
) -> tuple[Obstacle, ...]:
    """:func:`_bounds_core` in words; nothing when the solver gave no core."""
    core = _bounds_core(model, settings)
    if core is None or isinstance(core, str):
        return ()
    return tuple(_obstacle(key, core, context, scenario) for key in core)


def _unsat_core(
    hard: list[z3.BoolRef], tracked: dict[str, z3.BoolRef], settings: SolverSettings
) -> list[str] | str | None:
    """None when ``hard`` and every tracked requirement can hold together; else the sorted
    keys of a minimal unsat core (what stands in the way), or the solver's reason for unknown."""
    checker = new_solver(settings)
    checker.set("core.minimize", True)
    checker.add(hard)
    literals = {}
    for key, requirement in tracked.items():
        literal = z3.Bool(f"require[{key}]")
        literals[literal] = key
        checker.add(z3.Implies(literal, requirement))
    outcome = check(checker, *literals)
    if outcome == z3.sat:
        return None
    if outcome == z3.unknown:
        return str(checker.reason_unknown())
    return sorted(literals[lit] for lit in checker.unsat_core() if lit in literals)


def _checked_verdict(witness: Scenario, settings: SolverSettings) -> Verdict:
    """The witness validated exactly as ``validate`` does, and again by the reference
    evaluator; a disagreement is a defect, never an answer."""
    verdict = validate(witness, settings)
    reference = evaluate(witness)
    if verdict.violation_keys != reference.violation_keys or verdict.payments != reference.payments:
        raise RuntimeError(
            "the Z3 model and the reference evaluator disagree on the witness schedule: "
            f"{sorted(verdict.violation_keys)} / {verdict.total_payments} against "
            f"{sorted(reference.violation_keys)} / {reference.total_payments}"
        )
    return verdict


def _confirm_compliant(
    scenario: Scenario, placements: Sequence[PlacedSuspension], settings: SolverSettings
) -> None:
    verdict = _checked_verdict(fixed_scenario(scenario, placements), settings)
    if not verdict.compliant:
        raise RuntimeError(
            "the solver's witness is not compliant: " + ", ".join(sorted(verdict.violation_keys))
        )


def _bounds_obstacle(
    planned: PlannedSuspension, core: Sequence[str], context: ScenarioContext, scenario: Scenario
) -> str:
    """Why a planned suspension's bounds admit no placement, as specifically as they allow: a
    window with no business day in it; bounds that no placement on business days meets; or
    bounds it meets only where it would overlap another suspension."""
    calendar = context.calendar
    windows = [("start", planned.start)] + ([("end", planned.end)] if planned.end else [])
    for name, window in windows:
        if calendar.bd_count(window.earliest, window.latest) == 0:
            return (
                f"{planned.id} must {name} on a business day, and its {name} window "
                f"{_window(window)} holds none"
            )
    given = [f"start {_window(planned.start)}"]
    if planned.end is not None:
        given.append(f"end {_window(planned.end)}")
    if planned.length is not None:
        given.append(f"length {_lengths(planned.length)}")
    if planned.covers:
        given.append("covering " + ", ".join(d.isoformat() for d in planned.covers))
    reach = _reach(planned, calendar)
    if reach is None:
        return (
            f"the bounds given for {planned.id} ({'; '.join(given)}) cannot all be met by a "
            "start and an end on business days"
        )
    # Its bounds alone are met: what is in the way is another suspension within its reach.
    first, last = reach
    in_the_way = [
        s.id for s in scenario.fixed_suspensions if s.start <= last and s.end >= first
    ] + [key.partition(":")[2] for key in core if key != f"bounds:{planned.id}"]
    return (
        f"{planned.id} can be placed within its bounds ({'; '.join(given)}) only where it "
        f"would overlap {' or '.join(in_the_way) or 'another suspension'}"
    )


def _reach(planned: PlannedSuspension, calendar: BusinessCalendar) -> tuple[Date, Date] | None:
    """The first and last day any placement within ``planned``'s own bounds could occupy
    (READING.md section 1: starts and ends on business days, counted by business-day index),
    or None when no placement meets them."""
    first_start = calendar.count_before(planned.start.earliest)
    last_start = calendar.count_through(planned.start.latest) - 1
    low_end, high_end = 0, len(calendar.business_days) - 1
    if planned.end is not None:
        low_end = calendar.count_before(planned.end.earliest)
        high_end = calendar.count_through(planned.end.latest) - 1
    for day in planned.covers:
        last_start = min(last_start, calendar.count_through(day) - 1)
        low_end = max(low_end, calendar.count_before(day))
    shortest, longest = (
        (1, high_end + 1)
        if planned.length is None
        else (
            planned.length.min,
            planned.length.max,
        )
    )
    starts = [
        start
        for start in range(first_start, last_start + 1)
        if max(low_end, start + shortest - 1) <= min(high_end, start + longest - 1)
    ]
    if not starts:
        return None
    last_end = min(high_end, starts[-1] + longest - 1)
    return calendar.day_at(starts[0]), calendar.day_at(last_end)


def _window(window: DateRange) -> str:
    if window.earliest == window.latest:
        return window.earliest.isoformat()
    return f"{window.earliest.isoformat()} to {window.latest.isoformat()}"


def _lengths(length: LengthRange) -> str:
    if length.min == length.max:
        return f"{length.min} business day(s)"
    return f"{length.min} to {length.max} business days"


def _obstacle(
    key: str, core: Sequence[str], context: ScenarioContext, scenario: Scenario
) -> Obstacle:
    rule, _, subject = key.partition(":")
    period = context.timeline.registration_period
    if rule == "bounds":
        planned = next(p for p in scenario.planned_suspensions if p.id == subject)
        text = _bounds_obstacle(planned, core, context, scenario)
    elif rule == "registration-period":
        text = (
            f"{subject} must start by the end of the Registration Period on {period.end} "
            f"({period.ended_by})"
        )
    elif rule == "suspension.max-count":
        fixed_only = attrs.evolve(scenario, suspensions=scenario.fixed_suspensions)
        counted = [s.id for s in evaluate(fixed_only).suspensions if s.counts]
        text = f"{RULES_BY_ID[rule].summary}: " + (
            f"the two Permitted Suspension Periods are already used by {' and '.join(counted)}"
            if len(counted) >= 2
            else f"{subject} would be a third counted suspension"
        )
    elif rule in RULES_BY_ID:
        text = f"{RULES_BY_ID[rule].summary} (Section {RULES_BY_ID[rule].section}), for {subject}"
    else:
        text = key
    return Obstacle(key, rule, subject, text)


# -- worst case -----------------------------------------------------------------------------------


def _exposure(model: ScenarioModel) -> Objective:
    """Restricted days weighted by each Investor's Held Shares Value in cents: the Periodic
    Amounts before rounding are 1.5% / 30 of this (late filing is fixed by the dates and does
    not depend on the placement). Linear: the Held Shares Value is a step in the Restricted Sale
    Date, so each sale contributes ``price * If(sale before RSD, days, 0)``. Every value is a
    multiple of the gcd of the prices in cents: the objective's unit."""
    investors = model.context.scenario.investors
    total: z3.ArithRef = z3.IntVal(0)
    weights: list[int] = []
    episodes: list[EpisodeTerms] = model.suspension_episodes + model.restriction_episodes
    for episode in episodes:
        days = z3.If(episode.gives_payments, episode.last_day - episode.first_day + 1, 0)
        for investor in investors:
            weights.append(_cents(investor.purchase_price))
            total = total + weights[-1] * days
            for sale in investor.sales:
                weights.append(_cents(sale.purchase_price))
                total = total - weights[-1] * z3.If(
                    sale.date.toordinal() < episode.first_day, days, 0
                )
    unit = math.gcd(*weights) or 1
    return Objective(total, maximise=True, unit=unit, gallop=True)


def _worst_case_unknown(
    scenario: Scenario,
    model: ScenarioModel,
    optimum: Optimum,
    exposure: Objective,
    least: bool,
    settings: SolverSettings,
) -> WorstCaseResult:
    """Out of time: what is proved. The best placement found so far (if any) and its total,
    which bounds the optimum from one side; from the other, the exposure the solver refuted
    (or, if it refuted none, a relaxation: every day a suspension or restriction could cover
    restricted, for every Investor at the whole Purchase Price; for the least, none), turned
    into money with a half cent for every payment row its rounding could move."""
    objective = "min-payments" if least else "max-payments"
    placed: tuple[PlacedSuspension, ...] = ()
    found: Decimal | None = None
    if optimum.model is not None:
        placed = _placements(model, optimum.model)
        found = validate(fixed_scenario(scenario, placed), settings).total_payments
    if optimum.values:  # the exposure itself was settled; a tie-break ran out of time
        limit: int | None = optimum.values[0]
    else:
        limit = optimum.limit
    days, rows = _most_restricted_days(model)
    weights = sum(_cents(i.purchase_price) for i in scenario.investors)
    if limit is None:
        limit = 0 if least else days * weights
    fixed = sum(
        (
            p.amount
            for investor in scenario.investors
            for p in late_filing_amounts(
                investor, scenario.dates, model.context.timeline, model.context.calendar
            )
        ),
        Decimal(0),
    )
    # A row's amount is 1 1/2% / 30 of its Held Shares Value times its days (2(b)(iii)),
    # rounded half up: within half a cent of that, so the rows together within rows / 2 cents.
    exact = Fraction(limit) * RESTRICTED_SALE_PERCENTAGE / COMPUTATION_PERIOD / 100
    slack = Fraction(rows * len(scenario.investors), 200)
    cents = Fraction(1, 100)
    lower: Decimal | None
    upper: Decimal | None
    if least:
        lower = fixed + Decimal(max(0, math.floor((exact - slack) / cents))).scaleb(-2)
        upper = found
    else:
        lower = found
        upper = fixed + Decimal(math.ceil((exact + slack) / cents)).scaleb(-2)
    if lower is not None and upper is not None and upper < lower:
        raise RuntimeError(f"a proved bound {upper} is below a placement's total {lower}")
    side = "upper" if not least else "lower"
    message = "the solver ran out of time"
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
    )


def _most_restricted_days(model: ScenarioModel) -> tuple[int, int]:
    """A relaxation: the calendar days every episode could have at most (a fixed suspension's
    or restriction's own days; a planned one's window of days in the Registration Period), and
    how many payment rows of 30 days (and a last part) they could make, per Investor."""
    scenario = model.context.scenario
    calendar = model.context.calendar
    spans: list[int] = []
    for s in scenario.suspensions:
        if isinstance(s, PlannedSuspension):
            # The longest calendar span of as many business days as it may last, from any
            # start its window allows (the span bounds' table, model/span_bounds.py).
            terms = model.planned[s.id]
            last_end = len(calendar.business_days) - 1
            if s.end is not None:
                last_end = min(last_end, calendar.count_through(s.end.latest) - 1)
            lengths = last_end - terms.first_start + 1
            if s.length is not None:
                lengths = min(lengths, s.length.max)
            longest = longest_spans(calendar, terms.first_start, terms.last_start, lengths)
            spans.append(max(longest, default=0))
        else:
            spans.append((s.end - s.start).days + 1)
    spans += [(r.end - r.start).days + 1 for r in scenario.restrictions]
    return sum(spans), sum(span // COMPUTATION_PERIOD + 1 for span in spans)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def worst_case(
    scenario: Scenario, least: bool = False, settings: SolverSettings | None = None
) -> WorstCaseResult:
    """The placement of the planned suspensions within their bounds that maximises (or, with
    ``least``, minimises) the total payments, compliant or not."""
    objective = "min-payments" if least else "max-payments"
    settings = settings or SolverSettings()
    context = scenario_context(scenario)
    model = ScenarioModel(context, scenario.interpretation)
    exposure = _exposure(model)

    solver = new_solver(settings)
    solver.add(model.constraints())
    # Interchangeable planned suspensions in file order: the same optimum and the same answer,
    # without searching every ordering of them (model/symmetry.py has the argument).
    solver.add(file_order_constraints(model))
    if not least:
        # Implied by the bounds, so they change no answer; they speed the search for the most
        # payments 2- to 3-fold and slow the search for the least 2-fold (docs/performance.md).
        solver.add(span_bound_constraints(model))
    exposure = attrs.evolve(exposure, maximise=not least)
    # Probing the windows' first days halves the tie-breaks of the least payments (the cheapest
    # placements sit early) and slows those of the most (docs/performance.md).
    tie_breaks = _tie_breaks(model, skip=None, probe=least)
    optimum = lexicographic_optimum(solver, [exposure, *tie_breaks], settings)
    if optimum.status == "infeasible":
        return WorstCaseResult(
            "infeasible",
            objective,
            message="no placement fits the bounds",
            obstacles=_bounds_obstacles(model, context, scenario, settings),
        )
    if optimum.status != "optimal" or optimum.model is None:
        return _worst_case_unknown(scenario, model, optimum, exposure, least, settings)
    # The ascent ended on "more (or less) exposure is unsat": the proof of optimality.
    placements = _placements(model, optimum.model)
    verdict = _checked_verdict(fixed_scenario(scenario, placements), settings)
    # What the solver proved optimal must be what the witness costs, or the proof is about
    # some other quantity: restricted days times Held Shares Value, as validate priced them.
    priced = sum(
        (
            p.held_shares_value * 100 * p.days
            for p in verdict.payments
            if p.trigger == "restricted-sale-date" and p.held_shares_value is not None
        ),
        Decimal(0),
    )
    if optimum.values[0] != priced:
        raise RuntimeError(
            f"the optimised exposure {optimum.values[0]} is not the witness's restricted days "
            f"weighted by Held Shares Value ({priced} cent-days)"
        )
    return WorstCaseResult(
        "optimal",
        objective,
        total_payments=verdict.total_payments,
        schedule=placements,
        payments=verdict.payments,
        verdict=verdict,
    )
