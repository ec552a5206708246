"""``rrcheck validate --robust``: the verdict and the payments under every combination of the
readings of READING.md section 7, from one model whose readings are Boolean inputs.

A verdict is *robust* when all 64 combinations agree on compliance. A *flip* is a term whose
change alone, from the scenario's own reading, changes the verdict or the total payments.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from checks.validate import PlannedSuspensionError, verdict_from
from model.context import scenario_context
from model.findings import Verdict
from model.interpretations import TERMS, Interpretation, every_interpretation
from model.registration import registration_timeline
from model.scenario import Scenario
from model.schedule import ScenarioModel
from model.solver import SolverSettings, new_solver


@attrs.frozen
class ReadingVerdict:
    interpretation: Interpretation
    compliant: bool
    total_payments: Decimal
    violations: frozenset[str]


@attrs.frozen
class Flip:
    """A term whose other reading alone changes the outcome."""

    term: str
    words: str
    section: str
    own: ReadingVerdict  # under the scenario's own reading
    other: ReadingVerdict  # with this term switched


@attrs.frozen
class RobustResult:
    verdict: Verdict  # under the scenario's own reading
    verdicts: tuple[ReadingVerdict, ...]
    flips: tuple[Flip, ...]

    @property
    def robust(self) -> bool:
        return len({v.compliant for v in self.verdicts}) == 1


def robust(scenario: Scenario, settings: SolverSettings | None = None) -> RobustResult:
    if scenario.planned_suspensions:
        raise PlannedSuspensionError(
            f"planned suspension {scenario.planned_suspensions[0].id!r}: validate checks fixed "
            "schedules; use find or worst-case"
        )
    settings = settings or SolverSettings()
    context = scenario_context(scenario)
    model = ScenarioModel(context, interpretation=None)  # readings left as inputs
    solver = new_solver(settings)
    solver.add(model.constraints())

    cache: dict[Interpretation, Verdict] = {}

    def under(interpretation: Interpretation) -> Verdict:
        if interpretation not in cache:
            # Each reading has its own timeline (leap-day); the calendars are the scenario's.
            own = attrs.evolve(scenario, interpretation=interpretation)
            own_context = attrs.evolve(
                context,
                scenario=own,
                timeline=registration_timeline(own.dates, context.calendar, interpretation),
            )
            cache[interpretation] = verdict_from(
                solver, model, own_context, model.readings.fixed_to(interpretation)
            )
        return cache[interpretation]

    def summary(interpretation: Interpretation) -> ReadingVerdict:
        v = under(interpretation)
        return ReadingVerdict(interpretation, v.compliant, v.total_payments, v.violation_keys)

    verdicts = tuple(summary(i) for i in every_interpretation())
    own = summary(scenario.interpretation)
    flips = []
    for term in TERMS:
        current = scenario.interpretation.as_dict()[term.name]
        for reading in term.readings:
            if reading == current:
                continue
            other = summary(scenario.interpretation.with_reading(term.name, reading))
            if (other.compliant, other.total_payments) != (own.compliant, own.total_payments):
                flips.append(Flip(term.name, term.words, term.section, own, other))
    return RobustResult(under(scenario.interpretation), verdicts, tuple(flips))
