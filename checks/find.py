"""``rrcheck find``: the latest or earliest start of a planned suspension, or its longest length,
as READING.md section 8 asks.

The model answers (:class:`model.planning.FindSearch`): the optimum by model-guided ascent,
proved by "a strictly better placement is unsat", ties broken by earliest starts and then ends
with a fixed seed, so the same file gives the same answer every run. Every answer is checked
before it is returned: the witness schedule is re-validated by both implementations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from checks.answers import OBJECTIVES, FindResult, PlacedSuspension, PlanningError
from checks.obstacles import bound, obstacle
from checks.placements import checked_verdict, fixed_scenario, placements, without_planned
from model.context import scenario_context
from model.findings import Verdict
from model.planning import FindSearch
from model.scenario import Scenario
from model.solver import SolverSettings, out_of_time

Date = dt.date


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
    baseline = checked_verdict(without_planned(scenario), settings)
    already = baseline.violations
    context = scenario_context(scenario)
    search = FindSearch(context, objective, suspension_id, baseline.violation_keys)

    def result(status: str, **fields: object) -> FindResult:
        return FindResult(
            status,
            objective,
            suspension_id,
            already_broken=already,
            **fields,  # type: ignore[arg-type]
        )

    # First the bounds alone (a window with no business day, say), then the rules within them.
    core = search.obstacles(settings)
    if isinstance(core, str):
        return result("unknown", message=core)
    if core is not None:
        return result(
            "infeasible",
            obstacles=tuple(obstacle(key, core, context, scenario, baseline) for key in core),
        )

    optimum = search.optimum(settings)
    maximise = search.maximise
    if optimum.status != "optimal" or optimum.placements is None:
        best_found: Date | int | None = None
        if optimum.placements is not None:
            found = placements(context, optimum.placements)
            placed = next(p for p in found if p.id == suspension_id)
            best_found = placed.business_days if objective == "longest" else placed.start
        proved = search.limit(optimum)
        side = "upper" if maximise else "lower"
        return result(
            "unknown",
            best_bound=best_found,
            message=f"the solver ran {out_of_time(settings)}; best_bound is the best compliant "
            f"placement found so far, not proved optimal, and {side}_bound what the optimum is "
            "proved not to pass",
            lower_bound=best_found if maximise else proved,
            upper_bound=proved if maximise else best_found,
        )
    # The ascent ended on "a better placement is unsat": the proof of optimality.
    chosen_placements = placements(context, optimum.placements)
    witness = _confirm_plan(scenario, chosen_placements, baseline, settings)
    chosen = next(p for p in chosen_placements if p.id == suspension_id)
    # What stops a better answer, each member with the dates of the optimal witness.
    bound_by = tuple(
        attrs.evolve(bound(key, witness, scenario), key=key)
        for key in search.bound_by(optimum, settings)
    )
    return result("optimal", suspension=chosen, schedule=chosen_placements, bound_by=bound_by)


def _confirm_plan(
    scenario: Scenario,
    placements: Sequence[PlacedSuspension],
    baseline: Verdict,
    settings: SolverSettings,
) -> Verdict:
    """The witness checked against READING.md section 8 by both implementations: it breaks
    nothing the file without its planned suspensions does not, and every planned suspension is
    wholly a Permitted Suspension Period inside the Registration Period."""
    verdict = checked_verdict(fixed_scenario(scenario, placements), settings)
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
