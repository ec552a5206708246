"""Planned suspensions placed: the placements the model gives, the file with them fixed, and
the witness validated by both implementations before any answer is given.

Shared by ``find`` (:mod:`checks.find`) and ``worst-case`` (:mod:`checks.worst_case`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from checks.answers import PlacedSuspension
from checks.validate import validate
from model.context import ScenarioContext
from model.findings import Verdict
from model.interpretations import Interpretation
from model.planning import Placement
from model.reference import evaluate
from model.scenario import PlannedSuspension, Scenario, Suspension
from model.solver import SolverSettings
from model.suspensions import notice_business_days

Date = dt.date


def placed(
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


def placements(
    context: ScenarioContext,
    found: Sequence[Placement],
    reading: Interpretation | None = None,
) -> tuple[PlacedSuspension, ...]:
    """The placements the model found, each noticed as ``reading`` (default the file's) says."""
    by_id = {p.id: p for p in context.scenario.planned_suspensions}
    return tuple(placed(context, by_id[p.id], p.start, p.end, reading) for p in found)


def noticed(
    context: ScenarioContext, placements: Sequence[PlacedSuspension], reading: Interpretation
) -> tuple[PlacedSuspension, ...]:
    """The same placements with the notice ``reading`` gives them: a planned suspension without
    an advance notice is given the latest its start allows, which moves with ``lead-time``."""
    by_id = {p.id: p for p in context.scenario.planned_suspensions}
    return tuple(placed(context, by_id[p.id], p.start, p.end, reading) for p in placements)


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


def without_planned(scenario: Scenario) -> Scenario:
    """The same file without its planned suspensions: what the fixed facts break on their own
    (READING.md section 8)."""
    return attrs.evolve(scenario, suspensions=scenario.fixed_suspensions)


def checked_verdict(witness: Scenario, settings: SolverSettings) -> Verdict:
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
