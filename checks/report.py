"""Reports: the CONTRACT.md JSON shapes and readable text for a lawyer. Presentation only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from checks.plan import FindResult, PlacedSuspension, WorstCaseResult
from checks.regression import CaseResult
from checks.robust import RobustResult
from model.findings import Payment, Verdict
from model.interpretations import TERMS_BY_NAME
from model.rules import RULES_BY_ID

Date = dt.date


def _date(value: Date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


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
        "periodic_amount_shares": (
            str(p.periodic_amount_shares) if p.periodic_amount_shares is not None else None
        ),
    }


def verdict_json(v: Verdict) -> dict[str, Any]:
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
    out = verdict_json(r.verdict)
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
        out["obstacles"] = [
            {"rule": o.rule, "subject": o.subject, "explanation": o.explanation}
            for o in r.obstacles
        ]
    if r.status == "unknown":
        bound = r.best_bound
        out["best_bound"] = bound.isoformat() if isinstance(bound, Date) else bound
        out["message"] = r.message
    return out


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
    if r.status != "optimal":
        out["best_bound"] = _money(r.best_bound)
        out["message"] = r.message
    return out


def test_json(results: Iterable[CaseResult]) -> dict[str, Any]:
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
    }


def _plain(value: object) -> object:
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (set, frozenset, tuple, list)):
        return sorted(str(v) for v in value)
    return value


# -- text -----------------------------------------------------------------------------------------


def verdict_text(v: Verdict) -> str:
    t = v.timeline
    period = t.registration_period
    lines = [
        f"Scenario: {v.scenario}",
        f"Verdict: {'COMPLIANT' if v.compliant else 'NOT COMPLIANT'}"
        + ("" if v.compliant else f" ({len(v.violations)} rule(s) broken)"),
        "",
        "Dates",
        f"  Required Filing Date (1(h))               {t.required_filing_date}",
        f"  Initial Required Effective Date (2(a)(i)) {t.initial_required_effective_date}",
        f"  Effective Date (1(a))                     {t.effective_date}",
        f"  Registration Period (3(a))                {period.start} to {period.end}, "
        f"ending {period.ended_by}",
        "",
        "Interpretation: "
        + ", ".join(f"{name}={reading}" for name, reading in v.interpretation.as_dict().items()),
    ]
    if v.violations:
        lines += ["", "Findings"]
        for x in v.violations:
            rule = RULES_BY_ID[x.rule]
            lines.append(f"  [{x.rule}] {x.subject} - Section {x.section}")
            lines.append(f'    The agreement: "{rule.words}"')
            lines.append(f"    {x.message}")
            if x.dates:
                lines.append(
                    "    Dates compared: " + ", ".join(f"{k} {d}" for k, d in x.dates.items())
                )
            if x.missed_by_business_days is not None:
                lines.append(f"    Missed by {x.missed_by_business_days} business day(s)")
    if v.suspensions:
        lines += ["", "Suspensions (3(h))"]
        for s in v.suspensions:
            head = f"  {s.id}: {s.start} to {s.end}, {s.business_days} business day(s)"
            if s.outside:
                lines.append(head + ": starts after the Registration Period ends (outside)")
                continue
            lines.append(head)
            if s.permitted:
                lines.append(f"    Permitted Suspension Period: {s.start} to {s.permitted_until}")
            if s.restricted_from is not None:
                lines.append(f"    Restricted days: {s.restricted_from} to {s.end}")
            if not s.permitted and s.restricted_from is None:
                lines.append("    No restricted day inside the Registration Period")
            lines.append(f"    Counts toward the limit of two: {'yes' if s.counts else 'no'}")
    if v.notes:
        lines += ["", "Notes"] + [f"  - {n.message}" for n in v.notes]
    lines += ["", "Payments (2(b))"]
    if not v.payments:
        lines.append("  none")
    else:
        investors = list(dict.fromkeys(p.investor for p in v.payments))
        for investor in investors:
            lines.append(f"  {investor}")
            lines.append(
                "    trigger               subject      RSD         computed    days"
                "        amount  due"
            )
            for p in v.payments:
                if p.investor != investor:
                    continue
                lines.append(
                    f"    {p.trigger:<21} {p.subject:<12} {p.restricted_sale_date}  "
                    f"{p.computation_date}  {p.days:>4}  {p.amount:>12,.2f}  {p.due}"
                )
    lines.append(f"  Total: {v.total_payments:,.2f}")
    return "\n".join(lines)


def robust_text(r: RobustResult) -> str:
    text = verdict_text(r.verdict)
    compliant = sum(v.compliant for v in r.verdicts)
    if r.robust:
        paragraph = (
            f"Robust: all {len(r.verdicts)} combinations of readings agree that the schedule is "
            f"{'compliant' if r.verdicts[0].compliant else 'not compliant'}."
        )
    else:
        paragraph = (
            f"Not robust: {compliant} of {len(r.verdicts)} combinations of readings find the "
            "schedule compliant; the verdict depends on how the agreement is read."
        )
    lines = [text, "", "Robustness (READING.md section 7)", f"  {paragraph}"]
    for f in r.flips:
        term = TERMS_BY_NAME[f.term]
        own = f.own.interpretation.as_dict()[f.term]
        other = f.other.interpretation.as_dict()[f.term]
        lines.append(f'  Flip: {f.term} - Section {f.section}: "{f.words}"')
        for reading, result in ((own, f.own), (other, f.other)):
            lines.append(
                f"    {reading} ({term.meaning[reading]}): "
                f"{'compliant' if result.compliant else 'not compliant'}, "
                f"payments {result.total_payments:,.2f}"
            )
    return "\n".join(lines)


def find_text(r: FindResult) -> str:
    lines = [f"find {r.objective} of {r.suspension_id}: {r.status}"]
    if r.suspension is not None:
        s = r.suspension
        lines.append(
            f"  {s.id}: {s.start} to {s.end} ({s.business_days} business days); "
            f"give advance notice by {s.notice_by}"
        )
        others = [p for p in r.schedule if p.id != s.id]
        for p in others:
            lines.append(f"  with {p.id}: {p.start} to {p.end}, notice by {p.notice_by}")
        lines.append(
            "  Optimal: the solver proved no better placement keeps the schedule compliant."
        )
    for o in r.obstacles:
        lines.append(f"  In the way: {o.explanation}")
    if r.status == "unknown":
        lines.append(f"  {r.message}; best bound found: {r.best_bound}")
    return "\n".join(lines)


def worst_case_text(r: WorstCaseResult) -> str:
    lines = [f"worst-case {r.objective}: {r.status}"]
    if r.status == "optimal":
        lines.append(f"  Total payments: {r.total_payments:,.2f}")
        for p in r.schedule:
            lines.append(f"  {p.id}: {p.start} to {p.end} ({p.business_days} business days)")
        if r.verdict is not None:
            lines += ["", verdict_text(r.verdict)]
    else:
        lines.append(f"  {r.message}")
        if r.best_bound is not None:
            lines.append(f"  Best total found so far: {r.best_bound:,.2f} (not proved optimal)")
            for p in r.schedule:
                lines.append(f"    {p.id}: {p.start} to {p.end} ({p.business_days} business days)")
    return "\n".join(lines)


def test_text(results: Iterable[CaseResult]) -> str:
    rows = list(results)
    lines = []
    for r in rows:
        lines.append(f"{'PASS' if r.passed else 'FAIL'} {r.name} ({r.path})")
        if r.error:
            lines.append(f"  {r.error}")
        lines += [f"  {d}" for d in r.differences]
    passed = sum(r.passed for r in rows)
    lines.append(f"{passed} passed, {len(rows) - passed} failed")
    return "\n".join(lines)
