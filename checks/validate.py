"""``rrcheck validate``: a fixed schedule against every rule, through the Z3 model.

The model decides which rules are broken, which days are Permitted Suspension Periods and
which are restricted (:func:`model.verdicts.verdict`); :mod:`model.explain` says how each rule
was missed; the money is computed afterwards in Decimal (:mod:`model.payments`).
"""

from __future__ import annotations

from collections.abc import Iterable

from model.context import ScenarioContext, scenario_context
from model.findings import Verdict
from model.scenario import Scenario
from model.solver import SolverSettings
from model.verdicts import verdict


class PlannedSuspensionError(ValueError):
    """``validate`` checks fixed schedules only."""


def validate(
    scenario: Scenario,
    settings: SolverSettings | None = None,
    disabled: Iterable[str] = (),
    context: ScenarioContext | None = None,
) -> Verdict:
    """Check a fixed schedule: every rule, the Permitted Suspension Periods, the payments."""
    planned = scenario.planned_suspensions
    if planned:
        raise PlannedSuspensionError(
            f"planned suspension {planned[0].id!r}: validate checks fixed schedules; "
            "use find or worst-case"
        )
    return verdict(context or scenario_context(scenario), settings or SolverSettings(), disabled)
