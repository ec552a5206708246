"""Reports: the CONTRACT.md JSON shapes and readable text for a lawyer. Presentation only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from checks.explain import required_filing_date_note
from checks.plan import FindResult, PlacedSuspension, WorstCaseResult
from checks.regression import CaseResult
from checks.robust import RobustResult
from model.findings import Episode, Payment, SuspensionStatus, Verdict
from model.interpretations import TERMS_BY_NAME
from model.rules import ELIGIBILITY_RULES, RULES_BY_ID

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


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


def _amount(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def verdict_to_text(v: Verdict) -> str:
    """A readable report for a lawyer: the verdict, the derived dates, the reading in force,
    each finding with the clause's words, the suspensions, the notes and the payments."""
    t = v.timeline
    period = t.registration_period
    rfd_note = required_filing_date_note(t)
    broken = f" ({_plural(len(v.violations), 'rule')} broken)" if v.violations else ""
    lines = [
        f"Scenario: {v.scenario}",
        f"Verdict: {'COMPLIANT' if v.compliant else 'NOT COMPLIANT'}{broken}",
        "",
        "Dates (READING.md section 3)",
        f"  Required Filing Date (1(h), 2(a)(i))       {t.required_filing_date}",
        f"    {_sentence(rfd_note.message)}",
        f"  Initial Required Effective Date (2(a)(i))  {t.initial_required_effective_date}",
        f"  Effective Date (1(a))                      {t.effective_date}",
        f"  Registration Period (3(a), 2(c))           {period.start} to {period.end}",
        f"    ended by: {period.ended_by}",
        "",
        "Interpretation in force (READING.md section 7)",
    ]
    for name, reading in v.interpretation.as_dict().items():
        term = TERMS_BY_NAME[name]
        default = "" if reading == term.default else " (not the default)"
        lines.append(f"  {name} = {reading}{default}: {term.meaning.get(reading, '')}")

    lines += ["", "Findings"]
    if not v.violations:
        lines.append("  none: every rule checked is met")
    for x in v.violations:
        lines.append(f"  [{x.rule}] {x.subject} - Section {x.section}")
        words = RULES_BY_ID[x.rule].words if x.rule in RULES_BY_ID else ""
        if words:
            lines.append(f'    The agreement: "{words}"')
        lines.append(f"    {x.message}")
        if x.dates:
            compared = ", ".join(f"{k.replace('_', ' ')} {d}" for k, d in x.dates.items())
            lines.append(f"    Dates compared: {compared}")
        if x.missed_by_business_days is not None:
            lines.append(f"    Missed by {x.missed_by_business_days} business day(s)")

    if v.suspensions:
        lines += ["", "Suspensions (3(h))"]
        episodes = {e.subject: e for e in v.episodes}
        for s in v.suspensions:
            lines += _suspension_lines(v, s, episodes.get(s.id))

    notes = [n for n in v.notes if n != rfd_note]
    if notes:
        lines += ["", "Notes"] + [f"  - {n.subject}: {n.message}" for n in notes]

    lines += ["", "Payments (2(b))"]
    if not v.payments:
        lines.append("  none")
    for investor in dict.fromkeys(p.investor for p in v.payments):
        own = [p for p in v.payments if p.investor == investor]
        lines.append(f"  {investor}")
        lines.append(
            f"    {'trigger':<21} {'subject':<12} {'RSD':<10}  {'Computation Date':<16} "
            f"{'days':>4}  {'amount':>13}  due"
        )
        for p in own:
            shares = (
                f"  ({p.periodic_amount_shares} Periodic Amount Shares)"
                if p.periodic_amount_shares is not None
                else ""
            )
            lines.append(
                f"    {p.trigger:<21} {p.subject:<12} {p.restricted_sale_date}  "
                f"{p.computation_date!s:<16} {p.days:>4}  {_amount(p.amount):>13}  {p.due}{shares}"
            )
        subtotal = sum((p.amount for p in own), Decimal("0"))
        lines.append(f"    {'subtotal':<70}{_amount(subtotal):>13}")
    lines.append(f"  Total: {_amount(v.total_payments)}")
    return "\n".join(lines)


def _suspension_lines(v: Verdict, s: SuspensionStatus, episode: Episode | None) -> list[str]:
    head = f"  {s.id}: {s.start} to {s.end}, {s.business_days} business day(s)"
    if s.outside:
        end = v.timeline.registration_period.end
        return [
            head,
            f"    outside the Registration Period (it ended on {end}): breaks no rule, does not "
            "count, gives no payment",
        ]
    lines = [head]
    blocking = [x.rule for x in v.violations if x.subject == s.id and x.rule in ELIGIBILITY_RULES]
    if not s.eligible:
        because = f" (breaks {', '.join(blocking)})" if blocking else ""
        lines.append(f"    Not eligible to be a Permitted Suspension Period{because}")
    if s.permitted:
        lines.append(f"    Permitted Suspension Period: {s.start} to {s.permitted_until}")
    else:
        lines.append("    Permitted Suspension Period: none")
    if s.restricted_from is not None:
        last = episode.cure_date - ONE_DAY if episode is not None else s.end
        lines.append(f"    Restricted days: {s.restricted_from} to {last}")
        if episode is not None:
            lines.append(
                f"      Restricted Sale Date {episode.restricted_sale_date}, cured "
                f"{episode.cure_date}; "
                + (
                    "gives rise to payments"
                    if episode.gives_payments
                    else "gives no payment (penalty-window)"
                )
            )
    elif not s.permitted:
        lines.append("    Restricted days: none inside the Registration Period")
    else:
        lines.append("    Restricted days: none")
    lines.append(f"    Counts toward the limit of two: {'yes' if s.counts else 'no'}")
    return lines


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# The names the rest of the package used before CONTRACT's verdict_to_* (kept for callers).
verdict_json = verdict_to_json
verdict_text = verdict_to_text


def robust_text(r: RobustResult) -> str:
    text = verdict_to_text(r.verdict)
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
            lines += ["", verdict_to_text(r.verdict)]
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
