"""The planning questions in the Z3 model: where the planned suspensions of a scenario may go.

``find`` (:mod:`checks.find`) asks :class:`FindSearch` for the optimum of one planned
suspension's start or length under READING.md section 8, for what stands in the way when
nothing fits, and for what bounds a better answer; ``worst-case`` asks
:class:`model.exposure.WorstCaseSearch`. Both get domain answers (:class:`Placement`,
:class:`PlanOptimum`, the keys of rule instances and bounds); the Z3 objects stay here.
"""

from __future__ import annotations

import datetime as dt

import attrs
import z3

from model.context import ScenarioContext
from model.scenario import PlannedSuspension
from model.schedule import PlannedTerms, ScenarioModel
from model.solver import (
    Objective,
    Optimum,
    SolverSettings,
    canonical_core,
    check,
    lexicographic_optimum,
    new_solver,
    no_answer,
)
from model.suspensions import on_or_before

Date = dt.date


@attrs.frozen
class Placement:
    """Where the solver put one planned suspension: its first and last day."""

    id: str
    start: Date
    end: Date


@attrs.frozen
class PlanOptimum:
    """:class:`model.solver.Optimum` in domain terms: the status, the placements of the best
    model found (None when there is none), the objectives' values settled and, out of time, the
    ``limit`` the solver proved of the first unsettled one."""

    status: str  # optimal | unknown | infeasible
    placements: tuple[Placement, ...] | None
    values: tuple[int, ...] = ()
    limit: int | None = None
    proved: bool = False  # by the calendar's table (model/calendar_optimum.py), not an unsat
    # The solver's own model, kept as long as the answer is: when Z3 frees its terms changes
    # which of several equal placements later searches find (a spread's other end, say).
    solution: object = attrs.field(default=None, eq=False, repr=False)


def placements_of(model: ScenarioModel, m: z3.ModelRef) -> tuple[Placement, ...]:
    """The placements of a model, in file order."""
    calendar = model.context.calendar
    out = []
    for p in model.context.scenario.planned_suspensions:
        terms = model.planned[p.id]
        start = calendar.day_at(m.eval(terms.start_index).as_long())
        end = calendar.day_at(m.eval(terms.end_index).as_long())
        out.append(Placement(p.id, start, end))
    return tuple(out)


def plan_optimum(model: ScenarioModel, optimum: Optimum) -> PlanOptimum:
    placements = None if optimum.model is None else placements_of(model, optimum.model)
    return PlanOptimum(
        optimum.status,
        placements,
        optimum.values,
        optimum.limit,
        optimum.proved,
        optimum.model,
    )


def tie_breaks(model: ScenarioModel, skip: str | None, probe: bool = False) -> list[Objective]:
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


def requirements(model: ScenarioModel, already: frozenset[str]) -> dict[str, z3.BoolRef]:
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


def unsat_core(
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
        return no_answer(checker, settings)
    return sorted(literals[lit] for lit in checker.unsat_core() if lit in literals)


def _minimal(
    hard: list[z3.BoolRef],
    tracked: dict[str, z3.BoolRef],
    core: list[str],
    settings: SolverSettings,
) -> list[str]:
    """Deletion-based minimisation (:func:`model.solver.canonical_core`, in ``core``'s order):
    Z3's own ``core.minimize`` can leave a member the rest do without (measured here: a start
    window kept beside the min-gap rule that alone binds). One left in is needed; a check out
    of time keeps the member (a larger core is still a core)."""
    checker = new_solver(settings)
    checker.add(hard)
    literals = {key: z3.Bool(f"keep[{key}]") for key in core}
    for key, literal in literals.items():
        checker.add(z3.Implies(literal, tracked[key]))
    minimal = canonical_core(checker, literals, list(core))
    # None cannot be (the core is unsat); out of time at once, the core as Z3 gave it
    return minimal if isinstance(minimal, list) else list(core)


def bounds_core(model: ScenarioModel, settings: SolverSettings) -> list[str] | str | None:
    """The planned suspensions whose bounds stand in the way: a minimal unsat core over each
    one's bounds (``bounds:ID``), with the fixed suspensions and the rest of the model hard."""
    bounds = {f"bounds:{pid}": z3.And(p.bounds) for pid, p in model.planned.items()}
    return unsat_core(model.constraints(planned_bounds=False), bounds, settings)


class FindSearch:
    """``find`` in the model: the optimum of one planned suspension's start or length when
    every planned suspension breaks no rule and is wholly a Permitted Suspension Period inside
    the Registration Period, and no fixed item breaks a rule outside ``already`` (the keys of
    what the file breaks without its planned suspensions, READING.md section 8)."""

    def __init__(
        self,
        context: ScenarioContext,
        objective: str,
        suspension_id: str,
        already: frozenset[str],
    ) -> None:
        self.context = context
        self.objective = objective
        self.model = ScenarioModel(context, context.scenario.interpretation)
        self.target = self.model.planned[suspension_id]
        self.requirements = requirements(self.model, already)
        self.maximise = objective in ("latest-start", "longest")
        self.goal: z3.ArithRef | None = None  # built by optimum, after the cores

    def obstacles(self, settings: SolverSettings) -> list[str] | str | None:
        """What stands in the way of every placement: first the bounds alone (a window with
        no business day, say: ``bounds:ID``), then the rules within them (``rule:subject``);
        None when something fits, the solver's reason when it gave none."""
        core = bounds_core(self.model, settings)
        if core is None:
            core = unsat_core(self.model.constraints(), self.requirements, settings)
        return core

    def optimum(self, settings: SolverSettings) -> PlanOptimum:
        """The optimum by model-guided ascent, ties broken by earliest starts, then ends."""
        target, objective = self.target, self.objective
        if objective == "longest":
            self.goal = target.end_index - target.start_index
        else:
            self.goal = target.start_index
        objectives = [Objective(self.goal, self.maximise, bound=_goal_bound(target, objective))]
        if objective == "longest":
            objectives.append(Objective(target.start_index, maximise=False))
        solver = new_solver(settings)
        solver.add(self.model.constraints())
        solver.add(list(self.requirements.values()))
        optimum = lexicographic_optimum(
            solver, objectives + tie_breaks(self.model, target.id, probe=True), settings
        )
        return plan_optimum(self.model, optimum)

    def bound_by(self, optimum: PlanOptimum, settings: SolverSettings) -> list[str]:
        """What stops a better answer than ``optimum`` (optimal): a minimal unsat core of
        "better than the optimum" over the requirements and each planned suspension's own
        bounds (``plan.LABEL:ID``), each tracked alone, the agreement's rules first. Each member
        is needed (without it a better answer would be allowed, as far as the core goes).
        Nothing when the solver gives no core in time (the answer stands; only its explanation
        is missing)."""
        assert self.goal is not None, "bound_by follows optimum"
        best = optimum.values[0]
        better = self.goal >= best + 1 if self.maximise else self.goal <= best - 1
        model = self.model
        tracked = dict(self.requirements)
        hard = [*model.constraints(planned_bounds=False), better]
        for pid, terms in model.planned.items():
            for label, bound in terms.labelled():
                if label == "well-formed":
                    hard.append(bound)
                else:
                    tracked[f"plan.{label}:{pid}"] = bound
        core = unsat_core(hard, tracked, settings)
        if core is None or isinstance(core, str):
            return []
        minimal = _minimal(hard, tracked, core, settings)
        return sorted(minimal, key=lambda k: (k.startswith("plan."), k))

    def limit(self, optimum: PlanOptimum) -> Date | int:
        """Out of time: what is proved of the optimum, from the other side than the best found:
        the value the ascent settled or the probe the solver refuted, else the planned bounds
        themselves (the window's last or first start, the longest length they allow)."""
        model, target, objective = self.model, self.target, self.objective
        calendar = model.context.calendar
        limit = optimum.values[0] if optimum.values else optimum.limit
        if objective == "longest":  # the goal is end - start, in business-day indices
            if limit is not None:
                return limit + 1
            planned = _planned(model, target)
            last_end = len(calendar.business_days) - 1
            if planned.end is not None:
                last_end = min(last_end, calendar.count_through(planned.end.latest) - 1)
            most = last_end - target.first_start + 1
            return min(most, planned.length.max) if planned.length is not None else most
        if limit is None:
            limit = target.last_start if objective == "latest-start" else target.first_start
        low, high = model.encoding.index_bounds()
        return calendar.business_days[min(max(limit, low), high)]


def _planned(model: ScenarioModel, target: PlannedTerms) -> PlannedSuspension:
    return next(p for p in model.context.scenario.planned_suspensions if p.id == target.id)
