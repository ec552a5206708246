"""``find`` under a term profile in the model: the latest or earliest start of a planned
suspension, or its longest length (business days), when every planned suspension is wholly
allowed (no restricted day) and inside the Registration Period, and no fixed suspension breaks
a limit the file without the planned suspensions does not already break (READING.md section 8,
read under a profile).

The same search as the 2003 find's (:class:`model.planning.FindSearch`): the optimum by
model-guided ascent (:func:`model.solver.lexicographic_optimum`), proved by "one better is
unsat", ties broken by the earliest starts of the other planned suspensions and then the
earliest ends, in file order, with the solver's fixed seed, so answers repeat; what stands in
the way, and what bounds a better answer, as minimal unsat cores over tracked requirements.
"""

from __future__ import annotations

import datetime as dt

import attrs
import z3

from model.allowance_plan import PlanModel
from model.profile_days import ProfileFacts
from model.solver import (
    Objective,
    SolverSettings,
    canonical_core,
    lexicographic_optimum,
    new_solver,
)

Date = dt.date
OBJECTIVES = ("latest-start", "earliest-start", "longest")


@attrs.frozen
class ProfileOptimum:
    """The search's answer: status (optimal | unknown | infeasible), the solved model (None
    when there is none), the objectives' settled values and, out of time, what is proved of
    the first unsettled one."""

    status: str
    solution: z3.ModelRef | None = attrs.field(eq=False, repr=False)
    values: tuple[int, ...] = ()
    limit: int | None = None


class ProfileFindSearch:
    def __init__(
        self, model: PlanModel, objective: str, suspension_id: str, already: frozenset[str]
    ) -> None:
        if objective not in OBJECTIVES:
            raise ValueError(f"unknown objective {objective!r}")
        self.model = model
        self.objective = objective
        self.target = model.planned[suspension_id]
        self.requirements = model.requirements(already)
        self.maximise = objective in ("latest-start", "longest")
        t = self.target
        self._core: tuple[z3.BoolRef | None, list[str]] = (None, [])  # "better", the core
        self._best: int | None = None
        # One solver for the optimum, what binds and the words of each bound: the reading hard,
        # each requirement and planned bound behind a literal of its own (``_literals``), the
        # question's own terms in a push. Built once, it is internalised once.
        self._solver: z3.Solver | None = None
        self._literals: dict[str, z3.BoolRef] = {}
        self.goal: z3.ArithRef = (
            t.end.term - t.start.term if objective == "longest" else t.start.term  # type: ignore[assignment]
        )

    def obstacles(self, settings: SolverSettings) -> list[str] | str | None:
        """What stands in the way of every placement: first the planned bounds alone
        (``bounds:ID``: a window with no business day, or one that only overlaps another
        suspension), then the requirements within them (``rule:subject``,
        ``registration-period:ID``); None when something fits, the solver's reason when it
        gave no answer. Each a minimal core, the one :func:`canonical_core` fixes."""
        solver = self._shared(settings)
        planned = self.model.planned.items()
        groups = {}
        for pid, p in planned:
            group = groups[f"bounds:{pid}"] = z3.Bool(f"require[bounds:{pid}]")
            own = [self._literals[f"plan.{label}:{pid}"] for label, _ in p.bounds]
            solver.add(z3.Implies(group, z3.And(own)))
        core = canonical_core(solver, groups, sorted(groups))
        if core is None:
            solver.push()
            solver.add([lit for key, lit in self._literals.items() if key.startswith("plan.")])
            asked = {k: lit for k, lit in self._literals.items() if not k.startswith("plan.")}
            core = canonical_core(solver, asked, sorted(asked))
            solver.pop()
        return sorted(core) if isinstance(core, list) else core

    def _tracked(self) -> dict[str, z3.BoolRef]:
        """The requirements and each planned suspension's own bounds (``plan.LABEL:ID``), the
        members a core of what binds is made of."""
        tracked = dict(self.requirements)
        for pid, p in self.model.planned.items():
            for label, b in p.bounds:
                tracked[f"plan.{label}:{pid}"] = b
        return tracked

    def _shared(self, settings: SolverSettings) -> z3.Solver:
        if self._solver is None:
            solver = self._solver = new_solver(settings)
            solver.add(self.model.constraints(planned_bounds=False))
            for key, term in self._tracked().items():
                literal = self._literals[key] = z3.Bool(f"require[{key}]")
                solver.add(z3.Implies(literal, term))
        self._solver.set("timeout", settings.timeout_ms)
        return self._solver

    def _tie_breaks(self) -> list[Objective]:
        planned = self.model.planned.values()
        starts = [
            Objective(p.start.term, maximise=False, gallop=True, bound=p.first_start)  # type: ignore[arg-type]
            for p in planned
            if p.id != self.target.id
        ]
        ends = [Objective(p.end.term, maximise=False, gallop=True) for p in planned]  # type: ignore[arg-type]
        return starts + ends

    def optimum(self, settings: SolverSettings) -> ProfileOptimum:
        t = self.target
        bound = {"latest-start": t.last_start, "earliest-start": t.first_start}.get(self.objective)
        objectives = [Objective(self.goal, self.maximise, gallop=True, bound=bound)]
        if self.objective == "longest":
            objectives.append(Objective(t.start.term, maximise=False, gallop=True))  # type: ignore[arg-type]
        solver = self._shared(settings)
        solver.push()
        solver.add(list(self._literals.values()))  # every requirement and bound holds
        found = lexicographic_optimum(solver, objectives + self._tie_breaks(), settings)
        solver.pop()
        return ProfileOptimum(found.status, found.model, found.values, found.limit)

    def bound_by(self, optimum: ProfileOptimum, settings: SolverSettings) -> list[str]:
        """What stops a better answer: a minimal unsat core of "better than the optimum" over
        the requirements and each planned suspension's own bounds (``plan.LABEL:ID``), the
        profile's limits first. The core is one fixed choice where several are minimal
        (:func:`canonical_core`). Nothing when the solver gives no core in time."""
        best = self._best = optimum.values[0]
        better = self.goal >= best + 1 if self.maximise else self.goal <= best - 1
        solver = self._shared(settings)
        solver.push()
        solver.add(better)
        # Where two cores are minimal, the one that keeps the profile's limits over the planned
        # suspensions' own bounds, and of those the later in the order of their names: deletion
        # tries the bounds first.
        order = sorted(self._literals, key=lambda k: (not k.startswith("plan."), k))
        core = canonical_core(solver, self._literals, order)
        solver.pop()
        if core is None or isinstance(core, str):
            return []
        self._core = (better, core)
        return sorted(core, key=lambda k: (k.startswith("plan."), k))

    def breaking(self, key: str, settings: SolverSettings) -> ProfileFacts | None:
        """A better placement than the optimum that keeps every other member of the last
        ``bound_by`` core and so breaks ``key`` (the core is minimal): what the limit says of
        it words the bound. The nearest such placement (the goal one unit past the optimum if
        it can be, else as near as it can be), every other requirement and bound kept where
        they allow it (the file's own start, say), then the earliest starts and ends, as the
        optimum's tie-breaks: one placement, whatever model the solver finds first, so the
        words repeat. None when the solver gives none in time."""
        better, core = self._core
        if self._best is None or better is None:
            return None
        literals = self._literals
        solver = self._shared(settings)
        solver.push()
        solver.add(better, *[literals[k] for k in core if k != key])
        rest = [lit for k, lit in literals.items() if k != key and k not in core]
        t = self.target
        step = 1 if self.maximise else -1
        nearest = [Objective(self.goal, not self.maximise, gallop=True, bound=self._best + step)]
        if self.objective == "longest":
            nearest.append(Objective(t.start.term, maximise=False, gallop=True))  # type: ignore[arg-type]
        try:
            for extra in (rest, []):
                solver.push()
                solver.add(extra)
                found = lexicographic_optimum(solver, nearest + self._tie_breaks(), settings)
                solver.pop()
                if found.status == "optimal" and found.model is not None:
                    return self.model.schedule(found.model)
                if found.status != "infeasible":
                    return None
            return None
        finally:
            solver.pop()

    def limit(self, optimum: ProfileOptimum) -> Date | int:
        """Out of time: what is proved of the optimum, from the other side than the best
        found: the value settled or refuted, else the planned bounds themselves (the window's
        last or first start; the days from its first start to its end window's close)."""
        t = self.target
        limit = optimum.values[0] if optimum.values else optimum.limit
        if self.objective == "longest":  # the goal is end - start, in calendar days
            if limit is not None:
                return limit + 1
            p = t.suspension
            last = p.end.latest if p.end is not None else self.model.calendars.business.last_day
            return last.toordinal() - t.first_start + 1
        if limit is None:
            limit = t.last_start if self.objective == "latest-start" else t.first_start
        return Date.fromordinal(limit)
