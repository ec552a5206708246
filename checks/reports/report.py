"""Reports: the CONTRACT.md JSON shapes. Presentation only; the text reports for a lawyer are in
:mod:`checks.reports.terminal` and :mod:`checks.reports.terminal_answers`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from model.acts import FILING_ACTS, SUSPENSION_ACTS
from model.findings import Payment, Verdict, Violation
from model.payments import LATE_FILING
from model.rules import RULES_BY_ID
from model.terms import focus_2003

if TYPE_CHECKING:  # for the annotations only: validate loads neither planning nor proofs
    from checks.answers import Bound, FindResult, Obstacle, PlacedSuspension, WorstCaseResult
    from checks.prove import ProofResult
    from checks.regression import CaseResult
    from checks.robust import RobustResult

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
    base, rate = payment_basis(p)
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
        "base": base,
        "rate": rate,
        "periodic_amount_shares": _shares(p.periodic_amount_shares),
    }


def payment_basis(p: Payment) -> tuple[str, str]:
    """What a Periodic Amount is a percentage of, and the percentage per 30 days (2(b)(iii)):
    1% of the Purchase Price for late filing, 1.5% of the Held Shares Value for a Restricted
    Sale Date."""
    terms = focus_2003()
    if p.trigger == LATE_FILING:
        return "Purchase Price", terms.late_filing_rate.in_words()
    return "Held Shares Value", terms.restricted_sale_rate.in_words()


def acts_json(v: Verdict, subject: str, owner: object, fields: Iterable[str]) -> dict[str, Any]:
    """An owner's acts as given, each followed by ``<field>_deemed`` where notice-day moved it."""
    out: dict[str, Any] = {}
    for field in fields:
        out[field] = _date(getattr(owner, field))
        deemed = v.deemed_day(subject, field)
        if deemed is not None:
            out[f"{field}_deemed"] = _date(deemed)
    return out


def subjects_json(v: Verdict) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "kind": s.kind, "compliant": s.compliant, "broken": list(s.broken)}
        for s in v.subjects
    ]


def violation_json(x: Violation) -> dict[str, Any]:
    return {
        "rule": x.rule,
        "subject": x.subject,
        "section": x.section,
        "message": x.message,
        "words": RULES_BY_ID[x.rule].words,
        "dates": {k: _date(d) for k, d in x.dates.items()},
        "missed_by_business_days": x.missed_by_business_days,
    }


def verdict_to_json(v: Verdict) -> dict[str, Any]:
    """The CONTRACT.md ``validate`` object; fields beyond the contract's are additions only."""
    timeline = v.timeline
    period = timeline.registration_period
    registration = {
        "registration_filed": _date(_given(v, "registration_filed", timeline.filing_date)),
    }
    if v.deemed_day("registration", "registration_filed") is not None:
        registration["registration_filed_deemed"] = _date(timeline.filing_date)
    for d in v.deemed:
        if d.subject == "registration" and d.field != "registration_filed":
            registration[d.field] = _date(d.given)
            registration[f"{d.field}_deemed"] = _date(d.deemed)
    return {
        "scenario": v.scenario,
        "compliant": v.compliant,
        "subjects": subjects_json(v),
        "interpretation": v.interpretation.as_dict(),
        "dates": {
            "required_filing_date": _date(timeline.required_filing_date),
            "initial_required_effective_date": _date(timeline.initial_required_effective_date),
            "registration_period_start": _date(period.start),
            "registration_period_end": _date(period.end),
            "registration_period_ended_by": period.ended_by,
            "ninety_days_after_initial_required_effective_date": _date(timeline.penalty_window_end),
            "late_filing_cure_date": _date(timeline.late_filing_cure_date),
            **registration,
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
                **acts_json(v, s.id, s, SUSPENSION_ACTS),
            }
            for s in v.suspensions
        ],
        "filings": [
            {"id": f.id, "kind": f.kind, **acts_json(v, f.id, f, FILING_ACTS)} for f in v.filings
        ],
        "violations": [violation_json(x) for x in v.violations],
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


def _given(v: Verdict, field: str, deemed: Date | None) -> Date | None:
    """The registration's act as given: where notice-day moved it, the day before moving."""
    for d in v.deemed:
        if d.subject == "registration" and d.field == field:
            return d.given
    return deemed


def robust_json(r: RobustResult) -> dict[str, Any]:
    out = verdict_to_json(r.verdict)
    out["robust"] = r.robust
    counts = r.subject_counts()
    for subject in out["subjects"]:
        subject["compliant_under"] = counts[subject["id"]]
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
        "bound_by": [_bound_json(b) for b in r.bound_by],
        "already_broken": [violation_json(x) for x in r.already_broken],
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


def _bound_json(b: Bound) -> dict[str, Any]:
    limit = b.limit.isoformat() if isinstance(b.limit, Date) else b.limit
    return {
        "rule": b.rule,
        "subject": b.subject,
        "section": b.section,
        "date": _date(b.date),
        "limit": limit,
        "explanation": b.explanation,
    }


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
    if r.investor is not None:
        out["investor"] = r.investor
        out["investor_payments"] = _money(r.investor_payments)
    if r.readings:
        out["robust"] = True
        out["readings"] = r.readings
        out["interpretation"] = r.interpretation.as_dict() if r.interpretation else None
        out["spread"] = (
            {
                end: {
                    "payments": _money(o.payments),
                    "interpretation": o.interpretation.as_dict(),
                    "schedule": [_placed_json(p) for p in o.schedule],
                }
                for end, o in zip(("smallest", "largest"), r.spread, strict=True)
            }
            if r.spread
            else None
        )
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


def prove_json(results: Iterable[ProofResult]) -> list[dict[str, Any]]:
    """``prove``'s JSON: one object per property."""
    return [
        {"property": r.name, "statement": r.statement, "status": r.status, "detail": r.detail}
        for r in results
    ]
