"""Reports: the CONTRACT.md JSON shapes. Presentation only; the text reports for a lawyer are in
:mod:`checks.terminal`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from checks.plan import FindResult, Obstacle, PlacedSuspension, WorstCaseResult
from checks.prove import ProofResult
from checks.regression import CaseResult
from checks.robust import RobustResult
from model.findings import Payment, Verdict
from model.rules import RULES_BY_ID

Date = dt.date


CENT = Decimal("0.01")


def _date(value: Date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value: Decimal | None) -> str | None:
    """Two places, half up (READING.md section 5); Decimal's own format would round half even."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP)}" if value is not None else None


def _shares(value: Decimal | None) -> str | None:
    return format(value, "f") if value is not None else None


# -- JSON -----------------------------------------------------------------------------------------


def payment_json(p: Payment) -> dict[str, Any]:
    return {
        "investor": p.investor,
        "trigger": p.trigger,
        "subject": p.subject,
        "restricted_sale_date": _date(p.restricted_sale_date),
        "computation_date": _date(p.computation_date),
        "days": p.days,
        "amount": _money(p.amount),
        "due": _date(p.due),
        "held_shares_value": _money(p.held_shares_value),
        "periodic_amount_shares": _shares(p.periodic_amount_shares),
    }


def verdict_to_json(v: Verdict) -> dict[str, Any]:
    """The CONTRACT.md ``validate`` object; fields beyond the contract's are additions only."""
    timeline = v.timeline
    period = timeline.registration_period
    return {
        "scenario": v.scenario,
        "compliant": v.compliant,
        "interpretation": v.interpretation.as_dict(),
        "dates": {
            "required_filing_date": _date(timeline.required_filing_date),
            "initial_required_effective_date": _date(timeline.initial_required_effective_date),
            "registration_period_start": _date(period.start),
            "registration_period_end": _date(period.end),
            "registration_period_ended_by": period.ended_by,
        },
        "suspensions": [
            {
                "id": s.id,
                "start": _date(s.start),
                "end": _date(s.end),
                "business_days": s.business_days,
                "permitted": s.permitted,
                "restricted_from": _date(s.restricted_from),
                "outside": s.outside,
                "eligible": s.eligible,
                "counts": s.counts,
                "permitted_until": _date(s.permitted_until),
            }
            for s in v.suspensions
        ],
        "violations": [
            {
                "rule": x.rule,
                "subject": x.subject,
                "section": x.section,
                "message": x.message,
                "words": RULES_BY_ID[x.rule].words,
                "dates": {k: _date(d) for k, d in x.dates.items()},
                "missed_by_business_days": x.missed_by_business_days,
            }
            for x in v.violations
        ],
        "episodes": [
            {
                "subject": e.subject,
                "kind": e.kind,
                "restricted_sale_date": _date(e.restricted_sale_date),
                "cure_date": _date(e.cure_date),
                "gives_payments": e.gives_payments,
            }
            for e in v.episodes
        ],
        "payments": [payment_json(p) for p in v.payments],
        "total_payments": _money(v.total_payments),
        "notes": [{"subject": n.subject, "message": n.message} for n in v.notes],
    }


def robust_json(r: RobustResult) -> dict[str, Any]:
    out = verdict_to_json(r.verdict)
    out["robust"] = r.robust
    out["verdicts"] = [
        {
            "interpretation": v.interpretation.as_dict(),
            "compliant": v.compliant,
            "total_payments": _money(v.total_payments),
        }
        for v in r.verdicts
    ]
    out["flips"] = [f.term for f in r.flips]
    return out


def _placed_json(p: PlacedSuspension) -> dict[str, Any]:
    return {
        "id": p.id,
        "start": _date(p.start),
        "end": _date(p.end),
        "business_days": p.business_days,
        "notice_by": _date(p.notice_by),
    }


def find_json(r: FindResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": r.status,
        "objective": r.objective,
        "suspension": _placed_json(r.suspension) if r.suspension else {"id": r.suspension_id},
        "schedule": [_placed_json(p) for p in r.schedule],
    }
    if r.status == "infeasible":
        out["obstacles"] = _obstacles_json(r.obstacles)
    if r.status == "unknown":
        for key, bound in (
            ("best_bound", r.best_bound),
            ("lower_bound", r.lower_bound),
            ("upper_bound", r.upper_bound),
        ):
            out[key] = bound.isoformat() if isinstance(bound, Date) else bound
        out["message"] = r.message
    return out


def _obstacles_json(obstacles: Iterable[Obstacle]) -> list[dict[str, str]]:
    return [{"rule": o.rule, "subject": o.subject, "explanation": o.explanation} for o in obstacles]


def worst_case_json(r: WorstCaseResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": r.status,
        "objective": r.objective,
        "total_payments": _money(r.total_payments),
        "schedule": [_placed_json(p) for p in r.schedule],
        "payments": [payment_json(p) for p in r.payments],
    }
    if r.verdict is not None:
        out["compliant"] = r.verdict.compliant
        out["violations"] = sorted(r.verdict.violation_keys)
    if r.status == "infeasible":
        out["obstacles"] = _obstacles_json(r.obstacles)
    if r.status != "optimal":
        out["best_bound"] = _money(r.best_bound)
        out["message"] = r.message
    if r.status == "unknown":
        out["lower_bound"] = _money(r.lower_bound)
        out["upper_bound"] = _money(r.upper_bound)
    return out


def test_json(results: Iterable[CaseResult], skipped: Sequence[str] = ()) -> dict[str, Any]:
    rows = list(results)
    return {
        "results": [
            {
                "file": r.path,
                "scenario": r.name,
                "passed": r.passed,
                "error": r.error or None,
                "differences": [
                    {"key": d.key, "expected": _plain(d.expected), "got": _plain(d.got)}
                    for d in r.differences
                ],
            }
            for r in rows
        ],
        "passed": sum(r.passed for r in rows),
        "failed": sum(not r.passed for r in rows),
        "skipped": list(skipped),  # files named that have no [expect] table
    }


def _plain(value: object) -> object:
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (set, frozenset, tuple, list)):
        return sorted(str(v) for v in value)
    return value


# The name the rest of the package used before CONTRACT's verdict_to_json (kept for callers).
# The text reports are in checks/terminal.py.
verdict_json = verdict_to_json


def prove_json(results: Iterable[ProofResult]) -> list[dict[str, Any]]:
    """``prove``'s JSON: one object per property."""
    return [
        {"property": r.name, "statement": r.statement, "status": r.status, "detail": r.detail}
        for r in results
    ]
