"""``rrcheck find`` and ``rrcheck worst-case``: questions over schedules not yet fixed.

Every answer is checked before it is returned: the witness schedule is re-validated by the
reference evaluator, and optimality is confirmed by asking the solver for a strictly better
objective and getting ``unsat``. Ties are broken by further objectives (earliest starts first,
then earliest ends), with a fixed seed, so the same file gives the same answer every run.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import z3

from checks.validate import validate
from model.calendars import BusinessCalendar
from model.context import ScenarioContext, scenario_context
from model.findings import Payment, SuspensionStatus, Verdict, Violation
from model.interpretations import Interpretation, every_interpretation
from model.payments import COMPUTATION_PERIOD, RESTRICTED_SALE_PERCENTAGE, late_filing_amounts
from model.reference import evaluate
from model.registration import RegistrationPeriod
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
from model.suspensions import notice_business_days, on_or_before, spacing_business_days
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
class Bound:
    """What stops a better answer to ``find``: a rule of READING.md applied to one subject, or
    one of a planned suspension's own bounds (``plan.*``, docs/scenario-format.md).

    ``subject`` and ``date`` are the item and its day the bound counts from (s1 and its last
    day, for "the 10th business day after s1's last day"); ``limit`` is where that puts the
    planned suspension (a day, or a number of business days)."""

    rule: str
    subject: str
    section: str | None
    date: Date | None
    limit: Date | int | None
    explanation: str
    key: str = ""  # the member of the core it says: ``suspension.min-gap:p``, ``plan.length.max:p``


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
    # READING.md section 8: what the file breaks without its planned suspensions (it stands,
    # and never makes the question infeasible), and the bounds that stop a better answer.
    already_broken: tuple[Violation, ...] = ()
    bound_by: tuple[Bound, ...] = ()


@attrs.frozen
class ReadingOptimum:
    """The optimum of ``worst-case`` under one reading: its payments (to the Investor asked
    about, with ``--investor``, else in total) and the placement that gives them."""

    interpretation: Interpretation
    payments: Decimal
    schedule: tuple[PlacedSuspension, ...]


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
    # --investor: the one Investor whose payments were optimised, and their total.
    investor: str | None = None
    investor_payments: Decimal | None = None
    # --robust: the reading the answer is under (every reading was searched), how many readings
    # there are, and the smallest and largest per-reading optimum (None when not robust).
    interpretation: Interpretation | None = None
    readings: int = 0
    spread: tuple[ReadingOptimum, ReadingOptimum] | None = None
    # unknown: what is proved of the optimum's total (one side is best_bound, when found)
    lower_bound: Decimal | None = None
    upper_bound: Decimal | None = None


class PlanningError(ValueError):
    """A question the file cannot answer (e.g. ``find`` for an id that is not planned)."""


def _placed(
    context: ScenarioContext,
    planned: PlannedSuspension,
    start: Date,
    end: Date,
    reading: Interpretation | None = None,
) -> PlacedSuspension:
    """A placement, given (without an advance notice of its own) the latest notice its start
    allows under ``reading`` (the file's own by default): the notice the model gives it."""
    calendar = context.calendar
    reading = reading or context.scenario.interpretation
    lead = notice_business_days(reading.lead_time)
    notice_by = planned.advance_notice or calendar.bd_before(start, lead)
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


def fixed_document(
    document: Mapping[str, Any],
    placements: Sequence[PlacedSuspension],
    interpretation: Mapping[str, str] = {},
) -> dict[str, Any]:
    """The scenario file's document with its planned suspensions fixed at ``placements``
    (``start``, ``end`` and the advance notice the start needs, ``notice_by``), the readings
    ``interpretation`` names written into ``[interpretation]``, and no ``[expect]`` table (it
    asked the planning question): ready for ``validate``, ``calendar`` and ``timeline``."""
    by_id = {p.id: p for p in placements}
    out = {k: copy.deepcopy(v) for k, v in document.items() if k != "expect"}
    suspensions = []
    for entry in out.get("suspensions", []):
        place = by_id.get(entry.get("id"))
        if place is None:
            suspensions.append(entry)
            continue
        fixed: dict[str, Any] = {
            "id": place.id,
            "advance_notice": place.notice_by,
            "start": place.start,
            "end": place.end,
        }
        if "notice_lawful" in entry:
            fixed["notice_lawful"] = entry["notice_lawful"]
        suspensions.append(fixed)
    if suspensions:
        out["suspensions"] = suspensions
    if interpretation:
        out["interpretation"] = {**out.get("interpretation", {}), **interpretation}
    return out


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


def _placements(
    model: ScenarioModel, m: z3.ModelRef, reading: Interpretation | None = None
) -> tuple[PlacedSuspension, ...]:
    """The placements of a model, each noticed as ``reading`` (default the file's) says."""
    context = model.context
    out = []
    for p in context.scenario.planned_suspensions:
        terms = model.planned[p.id]
        start = context.calendar.day_at(m.eval(terms.start_index).as_long())
        end = context.calendar.day_at(m.eval(terms.end_index).as_long())
        out.append(_placed(context, p, start, end, reading))
    return tuple(out)


def _noticed(
    context: ScenarioContext, placements: Sequence[PlacedSuspension], reading: Interpretation
) -> tuple[PlacedSuspension, ...]:
    """The same placements with the notice ``reading`` gives them: a planned suspension without
    an advance notice is given the latest its start allows, which moves with ``lead-time``."""
    by_id = {p.id: p for p in context.scenario.planned_suspensions}
    return tuple(_placed(context, by_id[p.id], p.start, p.end, reading) for p in placements)


def without_planned(scenario: Scenario) -> Scenario:
    """The same file without its planned suspensions: what the fixed facts break on their own
    (READING.md section 8)."""
    return attrs.evolve(scenario, suspensions=scenario.fixed_suspensions)


def find(
    scenario: Scenario,
    objective: str,
    suspension_id: str,
    settings: SolverSettings | None = None,
) -> FindResult:
    """The latest or earliest start of planned suspension ``suspension_id``, or its longest
    length, as READING.md section 8 asks: every planned suspension breaks no rule and is wholly
    a Permitted Suspension Period inside the Registration Period, and no fixed item breaks a
    rule it does not already break in the file without the planned suspensions. What it
    already breaks is reported (``already_broken``) and stands."""
    if objective not in OBJECTIVES:
        raise PlanningError(f"unknown objective {objective!r}")
    planned_ids = [p.id for p in scenario.planned_suspensions]
    if suspension_id not in planned_ids:
        raise PlanningError(
            f"{suspension_id!r} is not a planned suspension of this file "
            f"(planned: {', '.join(planned_ids) or 'none'})"
        )
    settings = settings or SolverSettings()
    baseline = _checked_verdict(without_planned(scenario), settings)
    already = baseline.violations
    context = scenario_context(scenario)
    model = ScenarioModel(context, scenario.interpretation)
    target = model.planned[suspension_id]
    requirements = _requirements(model, baseline.violation_keys)

    def result(status: str, **fields: object) -> FindResult:
        return FindResult(
            status,
            objective,
            suspension_id,
            already_broken=already,
            **fields,  # type: ignore[arg-type]
        )

    # First the bounds alone (a window with no business day, say), then the rules within them.
    core = _bounds_core(model, settings)
    if core is None:
        core = _unsat_core(model.constraints(), requirements, settings)
    if isinstance(core, str):
        return result("unknown", message=core)
    if core is not None:
        return result(
            "infeasible", obstacles=tuple(_obstacle(key, core, context, scenario) for key in core)
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
        return result(
            "unknown",
            best_bound=best_found,
            message="the solver ran out of time; best_bound is the best compliant placement "
            f"found so far, not proved optimal, and {side}_bound what the optimum is proved "
            "not to pass",
            lower_bound=best_found if maximise else proved,
            upper_bound=proved if maximise else best_found,
        )
    # The ascent ended on "a better placement is unsat": the proof of optimality.
    placements = _placements(model, optimum.model)
    witness = _confirm_plan(scenario, placements, baseline, settings)
    chosen = next(p for p in placements if p.id == suspension_id)
    better = goal >= optimum.values[0] + 1 if maximise else goal <= optimum.values[0] - 1
    bound_by = _bound_by(model, requirements, better, witness, scenario, settings)
    return result("optimal", suspension=chosen, schedule=placements, bound_by=bound_by)


def _requirements(model: ScenarioModel, already: frozenset[str]) -> dict[str, z3.BoolRef]:
    """What ``find`` asks (READING.md section 8), one tracked literal per rule instance, so an
    unsat core names what stands in the way: every rule of a planned suspension; every rule of
    a fixed item that the file without the planned suspensions does not already break; and each
    planned suspension wholly inside the Registration Period."""
    planned = set(model.planned)
    requirements: dict[str, z3.BoolRef] = {
        r.key: z3.Not(r.broken)
        for r in model.rule_instances
        if r.subject in planned or r.key not in already
    }
    index = {s.id: i for i, s in enumerate(model.suspension_terms)}
    for pid in model.planned:
        i = index[pid]
        requirements[f"registration-period:{pid}"] = z3.And(
            z3.Not(model.schedule.outside[i]),
            on_or_before(model.suspension_terms[i].end, model.period.last, True),
        )
    return requirements


def _bound_by(
    model: ScenarioModel,
    requirements: dict[str, z3.BoolRef],
    better: z3.BoolRef,
    witness: Verdict,
    scenario: Scenario,
    settings: SolverSettings,
) -> tuple[Bound, ...]:
    """What stops a better answer: a minimal unsat core of "better than the optimum" over the
    requirements of ``find`` and each planned suspension's own bounds, each tracked alone. Each
    member is needed (without it a better answer would be allowed, as far as the core goes);
    its dates are read off the optimal witness. Nothing when the solver gives no core in time
    (the answer stands; only its explanation is missing)."""
    tracked = dict(requirements)
    hard = [*model.constraints(planned_bounds=False), better]
    for pid, terms in model.planned.items():
        for label, bound in terms.labelled():
            if label == "well-formed":
                hard.append(bound)
            else:
                tracked[f"plan.{label}:{pid}"] = bound
    core = _unsat_core(hard, tracked, settings)
    if core is None or isinstance(core, str):
        return ()
    # The agreement's rules first, then the file's own bounds.
    core = sorted(_minimal(hard, tracked, core, settings), key=lambda k: (k.startswith("plan."), k))
    return tuple(attrs.evolve(_bound(key, witness, scenario), key=key) for key in core)


def _minimal(
    hard: list[z3.BoolRef],
    tracked: dict[str, z3.BoolRef],
    core: list[str],
    settings: SolverSettings,
) -> list[str]:
    """Deletion-based minimisation: Z3's own ``core.minimize`` can leave a member the rest do
    without (measured here: a start window kept beside the min-gap rule that alone binds).
    Each member is dropped when the others are still unsat without it; one left in is needed.
    A check out of time keeps the member (a larger core is still a core)."""
    checker = new_solver(settings)
    checker.add(hard)
    literals = {key: z3.Bool(f"keep[{key}]") for key in core}
    for key, literal in literals.items():
        checker.add(z3.Implies(literal, tracked[key]))
    kept = list(core)
    for key in core:
        trial = [k for k in kept if k != key]
        if checker.check(*(literals[k] for k in trial)) == z3.unsat:
            kept = trial
    return kept


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _bound(key: str, witness: Verdict, scenario: Scenario) -> Bound:
    """One member of the core in the agreement's terms, with the dates of the witness."""
    context = scenario_context(scenario)
    calendar = context.calendar
    rule, _, subject = key.partition(":")
    by_id = {s.id: s for s in witness.suspensions}
    planned = {p.id: p for p in scenario.planned_suspensions}
    period = witness.timeline.registration_period
    interpretation = scenario.interpretation
    if rule.startswith("plan."):
        return _own_bound(rule, subject, planned[subject], by_id[subject], calendar, period)
    if rule == "registration-period":
        return Bound(
            "plan.registration-period",
            subject,
            "3(a)",
            period.end,
            period.end,
            f"the end of the Registration Period {period.end} ({period.ended_by}), 3(a)",
        )
    section = RULES_BY_ID[rule].section
    if rule == "suspension.min-gap":
        gap = spacing_business_days(interpretation.spacing)
        ordered = sorted((s for s in witness.suspensions if not s.outside), key=lambda s: s.start)
        if subject in planned:
            earlier = [s for s in ordered if s.start < by_id[subject].start]
            if earlier:
                previous = earlier[-1]
                limit = calendar.bd_after(previous.end, gap)
                return Bound(
                    rule,
                    previous.id,
                    section,
                    previous.end,
                    limit,
                    f"the {_nth(gap)} business day after {previous.id}'s last day "
                    f"{previous.end}, {section}",
                )
        else:
            later = by_id[subject]
            limit = calendar.day_at(calendar.count_through(later.start) - 1 - gap)
            return Bound(
                rule,
                subject,
                section,
                later.start,
                limit,
                f"the {_nth(gap)} business day before {subject}'s first day {later.start}: "
                f"the suspension before it must end by {limit}, {section}",
            )
    if rule == "suspension.max-length" and subject in by_id:
        start = by_id[subject].start
        limit = calendar.day_at(calendar.count_before(start) + 14)
        return Bound(
            rule,
            subject,
            section,
            start,
            limit,
            f"the 15th business day of {subject} from its first day {start} ({limit}), {section}",
        )
    if rule == "suspension.notice" and planned.get(subject) is not None:
        notice = planned[subject].advance_notice
        if notice is not None:
            lead = 3 if getattr(interpretation, "lead_time", "") == "clear-business-days" else 2
            limit = calendar.bd_after(notice, lead)
            return Bound(
                rule,
                subject,
                section,
                notice,
                limit,
                f"the {_nth(lead)} business day after {subject}'s advance notice {notice}, "
                f"{section}",
            )
    if rule == "suspension.before-effective":
        effective = scenario.dates.effective
        return Bound(
            rule,
            "registration",
            section,
            effective,
            effective,
            f"the Effective Date {effective}, {section}",
        )
    if rule == "suspension.max-count" and subject in by_id:
        start = by_id[subject].start
        counted = [s.id for s in witness.suspensions if s.counts and s.start < start]
        return Bound(
            rule,
            subject,
            section,
            start,
            None,
            f"up to two suspension periods: {subject} from {start} must not be a third "
            f"(counted before it: {', '.join(counted) or 'none'}), {section}",
        )
    return Bound(rule, subject, section, None, None, f"{RULES_BY_ID[rule].summary}, {section}")


def _own_bound(
    rule: str,
    subject: str,
    planned: PlannedSuspension,
    placed: SuspensionStatus,
    calendar: BusinessCalendar,
    period: RegistrationPeriod,
) -> Bound:
    """A planned suspension's own bound (``plan.start-window.latest`` and the like): the file's
    date, and the business day it allows."""
    kind, _, which = rule.removeprefix("plan.").partition(".")
    name = f"plan.{kind}"
    if kind == "start-window":
        day = planned.start.earliest if which == "earliest" else planned.start.latest
        edge = "opens" if which == "earliest" else "closes"
        limit: Date | int = (
            calendar.next_business_day_on_or_after(day)
            if which == "earliest"
            else calendar.day_at(calendar.count_through(day) - 1)
        )
        return Bound(name, subject, None, day, limit, f"{subject}'s start window {edge} {day}")
    if kind == "end-window" and planned.end is not None:
        day = planned.end.earliest if which == "earliest" else planned.end.latest
        edge = "opens" if which == "earliest" else "closes"
        return Bound(name, subject, None, day, day, f"{subject}'s end window {edge} {day}")
    if kind == "length" and planned.length is not None:
        n = planned.length.min if which == "min" else planned.length.max
        most = "at least" if which == "min" else "at most"
        return Bound(
            name,
            subject,
            None,
            placed.end,
            n,
            f"{subject}'s length of {most} {n} business day(s) (to {placed.end})",
        )
    if kind == "covers":
        day = Date.fromisoformat(which)
        return Bound(name, subject, None, day, day, f"{subject} must include {day}")
    first, last = calendar.business_days[0], calendar.business_days[-1]
    day = first if which == "first" else last
    return Bound(
        "plan.calendar",
        subject,
        None,
        day,
        day,
        f"the {calendar.name} calendar, which covers {first} to {last}",
    )


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


def _confirm_plan(
    scenario: Scenario,
    placements: Sequence[PlacedSuspension],
    baseline: Verdict,
    settings: SolverSettings,
) -> Verdict:
    """The witness checked against READING.md section 8 by both implementations: it breaks
    nothing the file without its planned suspensions does not, and every planned suspension is
    wholly a Permitted Suspension Period inside the Registration Period."""
    verdict = _checked_verdict(fixed_scenario(scenario, placements), settings)
    new = verdict.violation_keys - baseline.violation_keys
    planned = {p.id for p in placements}
    period_end = verdict.timeline.registration_period.end
    not_permitted = [
        s.id
        for s in verdict.suspensions
        if s.id in planned
        and (not s.permitted or s.restricted_from is not None or s.outside or s.end > period_end)
    ]
    if new or not_permitted:
        raise RuntimeError(
            "the solver's witness does not answer find: "
            + ", ".join(sorted(new) + [f"{sid} not wholly permitted" for sid in not_permitted])
        )
    return verdict


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


def _exposure(model: ScenarioModel, investor: str | None = None) -> Objective:
    """Restricted days weighted by each Investor's Held Shares Value in cents: the Periodic
    Amounts before rounding are 1.5% / 30 of this (late filing is fixed by the dates and does
    not depend on the placement). Linear: the Held Shares Value is a step in the Restricted Sale
    Date, so each sale contributes ``price * If(sale before RSD, days, 0)``. Every value is a
    multiple of the gcd of the prices in cents: the objective's unit. With ``investor``, only
    that Investor's (each Investor's agreement is separate)."""
    investors = [
        i for i in model.context.scenario.investors if investor is None or i.name == investor
    ]
    total: z3.ArithRef = z3.IntVal(0)
    weights: list[int] = []
    episodes: list[EpisodeTerms] = model.suspension_episodes + model.restriction_episodes
    for episode in episodes:
        days = z3.If(episode.gives_payments, episode.last_day - episode.first_day + 1, 0)
        for each in investors:
            weights.append(_cents(each.purchase_price))
            total = total + weights[-1] * days
            for sale in each.sales:
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
    if optimum.model is not None:
        placed = _placements(model, optimum.model)
        found = _payments_to(validate(fixed_scenario(scenario, placed), settings), investor)
    if optimum.values:  # the exposure itself was settled; a tie-break ran out of time
        limit: int | None = optimum.values[0]
    else:
        limit = optimum.limit
    days, rows = _most_restricted_days(model)
    investors = [i for i in scenario.investors if investor is None or i.name == investor]
    weights = sum(_cents(i.purchase_price) for i in investors)
    if limit is None:
        limit = 0 if least else days * weights
    fixed = sum(
        (
            p.amount
            for one in investors
            for p in late_filing_amounts(
                one, scenario.dates, model.context.timeline, model.context.calendar
            )
        ),
        Decimal(0),
    )
    # A row's amount is 1 1/2% / 30 of its Held Shares Value times its days (2(b)(iii)),
    # rounded half up: within half a cent of that, so the rows together within rows / 2 cents.
    exact = Fraction(limit) * RESTRICTED_SALE_PERCENTAGE / COMPUTATION_PERIOD / 100
    slack = Fraction(rows * len(investors), 200)
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
        investor=investor,
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


# Late filing in the units of the exposure: a Periodic Amount of one cent is 2,000 cent-days of
# Held Shares Value (1.5% / 30 days = 1 / 2,000 a day).
CENT_DAYS_PER_CENT = 2000


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
        return _worst_case_under(scenario, least, settings, investor)[0]
    return _robust_worst_case(scenario, least, settings, investor)


def _worst_case_solver(model: ScenarioModel, least: bool, settings: SolverSettings) -> z3.Solver:
    solver = new_solver(settings)
    solver.add(model.constraints())
    # Interchangeable planned suspensions in file order: the same optimum and the same answer,
    # without searching every ordering of them (model/symmetry.py has the argument).
    solver.add(file_order_constraints(model))
    if not least:
        # Implied by the bounds, so they change no answer; they speed the search for the most
        # payments 2- to 3-fold and slow the search for the least 2-fold (docs/performance.md).
        solver.add(span_bound_constraints(model))
    return solver


def _worst_case_under(
    scenario: Scenario, least: bool, settings: SolverSettings, investor: str | None
) -> tuple[WorstCaseResult, int | None]:
    """:func:`worst_case` under the scenario's own reading, and the optimal exposure the
    solver proved (None unless optimal)."""
    objective = "min-payments" if least else "max-payments"
    context = scenario_context(scenario)
    model = ScenarioModel(context, scenario.interpretation)
    exposure = attrs.evolve(_exposure(model, investor), maximise=not least)
    solver = _worst_case_solver(model, least, settings)
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
            investor=investor,
        ), None
    if optimum.status != "optimal" or optimum.model is None:
        return (
            _worst_case_unknown(scenario, model, optimum, exposure, least, settings, investor),
            None,
        )
    # The ascent ended on "more (or less) exposure is unsat": the proof of optimality.
    placements = _placements(model, optimum.model)
    verdict = _checked_verdict(fixed_scenario(scenario, placements), settings)
    # What the solver proved optimal must be what the witness costs, or the proof is about
    # some other quantity: restricted days times Held Shares Value, as validate priced them.
    priced = _priced_exposure(verdict, investor)
    if optimum.values[0] != priced:
        raise RuntimeError(
            f"the optimised exposure {optimum.values[0]} is not the witness's restricted days "
            f"weighted by Held Shares Value ({priced} cent-days)"
        )
    return _optimal_worst_case(objective, placements, verdict, investor), optimum.values[0]


def _optimal_worst_case(
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
        investor_payments=_payments_to(verdict, investor) if investor is not None else None,
    )


def _priced_exposure(verdict: Verdict, investor: str | None) -> Decimal:
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


def _payments_to(verdict: Verdict, investor: str | None) -> Decimal:
    """The total payments of a verdict, or those to one Investor."""
    if investor is None:
        return verdict.total_payments
    rows = [p.amount for p in verdict.payments if p.investor == investor]
    return sum(rows, Decimal("0.00")).quantize(Decimal("0.01"))


def _late_filing(scenario: Scenario, investor: str | None) -> dict[Interpretation, int]:
    """The late-filing amounts under each reading, in cent-days. They depend on the dates and
    the readings only, never on a placement (and some readings of them, such as where the
    late-filing run ends, live outside the Z3 model, with the money): the reference evaluator
    computes them on the file without suspensions."""
    bare = attrs.evolve(scenario, suspensions=(), restrictions=(), filings=())
    by_reading: dict[Interpretation, int] = {}
    for reading in every_interpretation():
        rows = evaluate(attrs.evolve(bare, interpretation=reading)).payments
        cents = sum(
            _cents(p.amount)
            for p in rows
            if p.trigger == "late-filing" and (investor is None or p.investor == investor)
        )
        by_reading[reading] = cents * CENT_DAYS_PER_CENT
    return by_reading


class _Switches:
    """The readings as the model's switches: for each reading the values it gives them (its
    key: two readings of the money alone, which have no switch, share one) and the literals
    that pin them, built once per key (Z3 calls are slow enough to matter 512 times over)."""

    def __init__(self, model: ScenarioModel, readings: Sequence[Interpretation]) -> None:
        self.key: dict[Interpretation, tuple[tuple[str, bool], ...]] = {}
        self.switch: dict[str, z3.BoolRef] = {}
        self._literals: dict[tuple[tuple[str, bool], ...], list[z3.BoolRef]] = {}
        for reading in readings:
            pairs = []
            for pin in model.readings.fixed_to(reading):
                switch, value = pin.arg(0), pin.arg(1)
                if not (z3.is_eq(pin) and (z3.is_true(value) or z3.is_false(value))):
                    raise TypeError(f"a reading pinned otherwise than switch == value: {pin}")
                name = str(switch)
                self.switch[name] = switch
                pairs.append((name, z3.is_true(value)))
            key = tuple(sorted(pairs))
            self.key[reading] = key
            if key not in self._literals:
                self._literals[key] = [
                    self.switch[n] if v else z3.Not(self.switch[n]) for n, v in key
                ]

    def literals(self, reading: Interpretation) -> list[z3.BoolRef]:
        return self._literals[self.key[reading]]

    def condition(self, key: tuple[tuple[str, bool], ...]) -> z3.BoolRef:
        return z3.And(self._literals[key])

    def in_model(self, m: z3.ModelRef) -> tuple[tuple[str, bool], ...]:
        """The key of the readings a model chose."""
        return tuple(
            sorted(
                (name, z3.is_true(m.eval(switch, model_completion=True)))
                for name, switch in self.switch.items()
            )
        )


def _robust_worst_case(
    scenario: Scenario, least: bool, settings: SolverSettings, investor: str | None
) -> WorstCaseResult:
    """``worst-case --robust``; see :func:`worst_case`. Values are exposures in cent-days with
    late filing added (:data:`CENT_DAYS_PER_CENT`).

    1. One search with the readings free gives the optimum over every reading, and a reading
       that attains it (the file's own when it does, else one with as few changes as can be).
       Late filing enters as a constant per reading: for the free search, each set of readings
       the solver cannot tell apart counts the worst (least) of their late-filing amounts.
    2. The other end of the spread (the smallest per-reading maximum, or the largest
       per-reading minimum) starts at the file's own reading's optimum. A reading under which
       some placement is at least as bad (good) as that end cannot move it: a placement the
       solver finds for one reading is priced by the reference evaluator under every reading
       not yet settled, which settles most of them at once; only a reading with no such
       placement is optimised, and moves the end.
    Every optimum is searched under its reading pinned, in the one model, and its witness
    checked by both implementations to cost what the solver proved."""
    objective = "min-payments" if least else "max-payments"
    context = scenario_context(scenario)
    model = ScenarioModel(context, None)
    late = _late_filing(scenario, investor)
    readings = list(every_interpretation())
    sign = -1 if least else 1
    exposure = attrs.evolve(_exposure(model, investor), maximise=not least)
    switches = _Switches(model, readings)
    # The late filing each set of readings the solver cannot tell apart contributes.
    extreme: dict[tuple[tuple[str, bool], ...], int] = {}
    for reading in readings:
        key = switches.key[reading]
        if key not in extreme or sign * late[reading] > sign * extreme[key]:
            extreme[key] = late[reading]
    base = min(extreme.values())
    late_term: z3.ArithRef = z3.IntVal(base)
    for value in sorted(set(extreme.values()) - {base}):
        chosen_keys = [k for k, v in extreme.items() if v == value]
        late_term = late_term + z3.If(
            z3.Or([switches.condition(k) for k in chosen_keys]), value - base, 0
        )
    unit = math.gcd(exposure.unit, *late.values())
    goal = Objective(exposure.term + late_term, maximise=not least, unit=unit, gallop=True)
    solver = _worst_case_solver(model, least, settings)
    overall = lexicographic_optimum(solver, [goal], settings)
    if overall.status != "optimal" or overall.model is None:
        # Infeasible or out of time: the bounds are the same under every reading, so the
        # file's own reading says what stands in the way (or how far the search got).
        result, _ = _worst_case_under(scenario, least, settings, investor)
        status = "infeasible" if overall.status == "infeasible" else "unknown"
        return attrs.evolve(result, status=status, readings=len(readings))
    best = overall.values[0]
    tie_breaks = _tie_breaks(model, skip=None, probe=least)

    def attains(reading: Interpretation, value: int) -> z3.ModelRef | None | str:
        """A model in which some placement under ``reading`` is at least as bad (good) as
        ``value``; None when there is none; "unknown" when the solver gave up."""
        solver.push()
        solver.add(sign * exposure.term >= sign * (value - late[reading]))
        outcome = solver.check(*switches.literals(reading))
        found = solver.model() if outcome == z3.sat else None
        solver.pop()
        return "unknown" if outcome == z3.unknown else found

    priced: dict[tuple[tuple[PlacedSuspension, ...], tuple[tuple[str, bool], ...]], int] = {}

    def value_of(placements: tuple[PlacedSuspension, ...], reading: Interpretation) -> int:
        """What a placement costs under a reading: its restricted days priced by the reference
        evaluator (once for the readings the model cannot tell apart: what the solver proves
        about them is the same, or the check of each pinned optimum fails), and the reading's
        late filing."""
        key = (placements, switches.key[reading])
        if key not in priced:
            under = attrs.evolve(scenario, interpretation=reading)
            noticed = _noticed(context, placements, reading)
            priced[key] = int(_priced_exposure(evaluate(fixed_scenario(under, noticed)), investor))
        return priced[key] + late[reading]

    def pinned(reading: Interpretation, answer: bool = False) -> tuple[WorstCaseResult, int]:
        """The optimum under one reading; for the answer with the tie-breaks, so that it is
        the placement plain ``worst-case`` gives under that reading (the spread's other end
        only needs its value, and a placement that attains it)."""
        solver.push()
        solver.add(switches.literals(reading))
        optimum = lexicographic_optimum(
            solver, [exposure, *(tie_breaks if answer else [])], settings
        )
        solver.pop()
        if optimum.status != "optimal" or optimum.model is None:
            raise _OutOfTime()
        placements = _placements(model, optimum.model, reading)
        under = attrs.evolve(scenario, interpretation=reading)
        verdict = _checked_verdict(fixed_scenario(under, placements), settings)
        if optimum.values[0] != _priced_exposure(verdict, investor):
            raise RuntimeError(
                f"the optimum under {reading.as_dict()} ({optimum.values[0]} cent-days) is not "
                "what its witness costs"
            )
        result = _optimal_worst_case(objective, placements, verdict, investor)
        return result, optimum.values[0] + late[reading]

    own = scenario.interpretation
    try:
        found = attains(own, best)
        if found == "unknown":
            raise _OutOfTime()
        chosen = own
        if found is None:
            picked = switches.in_model(overall.model)
            candidates = [r for r in readings if switches.key[r] == picked]
            chosen = max(candidates, key=lambda r: sign * late[r])
            chosen = _nearest_attaining(chosen, own, lambda r: attains(r, best))
        answer, value = pinned(chosen, answer=True)
        if value != best:
            raise RuntimeError(
                f"the optimum over every reading ({best}) is not the optimum under its own "
                f"reading ({value}, {chosen.as_dict()})"
            )
        other_reading, other_result, other_value = chosen, answer, value
        if own != chosen:
            other_result, other_value = pinned(own)
            other_reading = own
        unsettled = [r for r in readings if r not in (chosen, own)]
        known = list(dict.fromkeys([answer.schedule, other_result.schedule]))
        while unsettled:
            for placements in known:  # settle every reading these placements reach
                unsettled = [
                    r for r in unsettled if sign * value_of(placements, r) < sign * other_value
                ]
            known = []
            if not unsettled:
                break
            reading = unsettled.pop(0)
            found = attains(reading, other_value)
            if found == "unknown":
                raise _OutOfTime()
            if found is None:  # this reading's optimum is beyond the end: the end moves
                other_result, other_value = pinned(reading)
                other_reading = reading
                known = [other_result.schedule]
            else:
                known = [_placements(model, found, reading)]
    except _OutOfTime:
        return WorstCaseResult(
            "unknown",
            objective,
            investor=investor,
            readings=len(readings),
            message="the solver ran out of time while searching every reading; no answer is proved",
        )
    ends = [
        ReadingOptimum(chosen, _objective_payments(answer), answer.schedule),
        ReadingOptimum(other_reading, _objective_payments(other_result), other_result.schedule),
    ]
    ends.sort(key=lambda e: e.payments)
    return attrs.evolve(
        answer, interpretation=chosen, readings=len(readings), spread=(ends[0], ends[1])
    )


def _nearest_attaining(
    found: Interpretation,
    own: Interpretation,
    attains: Callable[[Interpretation], z3.ModelRef | None | str],
) -> Interpretation:
    """From a reading that attains the optimum, each term set back to the file's own reading
    while the optimum is still attained: the answer names as few changed readings as it can
    (one check per term that differs; a check out of time keeps the change)."""
    current = found.as_dict()
    for term, reading in own.as_dict().items():
        if current[term] == reading:
            continue
        trial = found
        for name, value in {**current, term: reading}.items():
            trial = trial.with_reading(name, value)
        if isinstance(attains(trial), z3.ModelRef):
            current[term] = reading
            found = trial
    return found


def _objective_payments(result: WorstCaseResult) -> Decimal:
    if result.investor_payments is not None:
        return result.investor_payments
    assert result.total_payments is not None
    return result.total_payments


class _OutOfTime(Exception):
    """A solver call of ``worst-case --robust`` ran out of time: no answer is proved."""
