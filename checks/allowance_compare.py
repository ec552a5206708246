"""``rrcheck compare`` of scenarios under a term profile: a column per case, as for the 2003
agreement (:mod:`checks.compare`), each case the profile's ``validate`` verdict unchanged
(:func:`checks.allowance.validate_profile`: the Z3 model of the allowance, then the damages).

The rows: the verdict, the verdict per subject (the registration deadlines, each suspension),
each suspension's standing in validate's words, each finding (``allowance.*`` or a late
registration, by rule and subject), and the total per Investor and in all. Every case is under
one profile; the command line refuses files under different agreements.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from checks.allowance import suspension_state, validate_profile, verdict_json
from checks.compare import (
    Comparison,
    ProfileCase,
    Row,
    _money,
    _shown,
    _verdict,
    in_order,
    investor_total,
)
from model.loading import with_interpretations
from model.scenario import ProfileScenario
from model.solver import SolverSettings

BROKEN, KEPT = "broken", "kept"


def run_profiles(
    cases: Sequence[tuple[str, str, ProfileScenario, tuple[str, ...]]],
    settings: SolverSettings | None = None,
) -> Comparison:
    """Validate every case under its profile and line them up."""
    checked = []
    for label, path, scenario, combination in cases:
        own = with_interpretations(scenario, combination)  # type: ignore[arg-type]
        checked.append(ProfileCase(label, path, own, validate_profile(own, settings)))  # type: ignore[arg-type]
    return compare_profiles(checked)


def compare_profiles(cases: Sequence[ProfileCase]) -> Comparison:
    """The rows of the comparison, in the order of first appearance across the cases."""
    rows = [Row("verdict", "verdict", tuple(_verdict(c.verdict.compliant) for c in cases))]
    subjects = [_subjects(c) for c in cases]
    for sid in in_order(s.keys() for s in subjects):
        values = tuple(None if sid not in s else _verdict(s[sid]) for s in subjects)
        rows.append(Row("subject", sid, values))
    states = [_states(c) for c in cases]
    for sid in in_order(s.keys() for s in states):
        rows.append(Row("suspension", sid, tuple(s.get(sid) for s in states)))
    findings = [_findings(c) for c in cases]
    for rule, subject in in_order(f for f in findings):
        values = tuple(
            None if subject not in s else BROKEN if (rule, subject) in f else KEPT
            for s, f in zip(subjects, findings, strict=True)
        )
        rows.append(Row("finding", f"{rule} {subject}", values))
    for name in in_order([i.name for i in c.scenario.investors] for c in cases):
        totals = tuple(_investor_total(c, name) for c in cases)
        rows.append(Row("payments", name, _shown(totals), totals))
    totals = tuple(c.verdict.evaluation.total_payments for c in cases)
    rows.append(Row("payments", "total payments", _shown(totals), totals))
    return Comparison(tuple(cases), tuple(rows), cases[0].verdict.profile)


def _subjects(c: ProfileCase) -> dict[str, bool]:
    """Each subject's verdict, as validate's JSON gives it."""
    return {s["id"]: s["compliant"] for s in verdict_json(c.verdict)["subjects"]}


def _states(c: ProfileCase) -> dict[str, str]:
    term = c.verdict.profile.allowance.term
    return {o.id: suspension_state(o, term) for o in c.verdict.evaluation.suspensions}


def _findings(c: ProfileCase) -> list[tuple[str, str]]:
    """(rule, subject) of every finding, the late registrations first, as validate lists them."""
    late = [(late.rule, late.subject) for late in c.verdict.late]
    return late + [(v.rule, v.subject) for v in c.verdict.evaluation.violations]


def _investor_total(c: ProfileCase, investor: str) -> Decimal | None:
    return investor_total(c.scenario.investors, c.verdict.evaluation.payments, investor)


def profile_case_json(case: ProfileCase) -> dict[str, Any]:
    """A case of ``compare --format json`` under a term profile: validate's verdict, in the
    2003 case's keys, and the agreement."""
    v = case.verdict
    validated = verdict_json(v)
    states = _states(case)
    return {
        "label": case.label,
        "file": case.path,
        "scenario": case.scenario.name,
        "agreement": v.profile.id,
        "interpretation": case.readings,
        "compliant": v.compliant,
        "violations": sorted(v.violation_keys),
        "subjects": validated["subjects"],
        "suspensions": [
            {
                "id": s["id"],
                "status": states[s["id"]],
                "permitted": s["permitted"],
                "restricted_from": s["restricted_from"],
            }
            for s in validated["suspensions"]
        ],
        "payments": [
            {"investor": i.name, "total": _money(_investor_total(case, i.name))}
            for i in case.scenario.investors
        ],
        "total_payments": validated["total_payments"],
    }
