"""``validate --format xlsx`` and ``--format csv`` under a term profile: the 2003 workbook's
shapes (:mod:`checks.reports.workbook`: a sheet per kind of row, a Scenario column first, Excel
dates, amounts with a currency format, the payments' total a formula) with a profile's own
rows: its dates, each suspension's allowed and restricted days, the restricted runs the
damages price, the findings with the limit's section and words, and the payments by period.

Every figure is the verdict's (:mod:`checks.allowance`), as its JSON report gives it; nothing is
computed here but the layout. When a run holds 2003 scenarios too, their sheets come first and
these follow, each title marked "(profiles)".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from checks.allowance import ProfileVerdict, late_findings
from checks.reports.memo_document import PROFILE_PAYMENT_HEADERS
from checks.reports.workbook import (
    BOLD,
    CURRENCY,
    DATE,
    PERCENT,
    _add_verdicts,
    _formats,
    _new,
    _save,
    _sheet,
    _sum,
)
from model.findings import Verdict
from model.profile_days import Payment
from model.scenario import Scenario

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

PROFILE_PAYMENT_COLUMNS = (
    "scenario",
    "agreement",
    "investor",
    "trigger",
    "subject",
    "restricted_sale_date",
    "period_end",
    "days",
    "base",
    "rate",
    "amount",
)


def restricted_runs(verdict: ProfileVerdict) -> list[tuple[str, str, Date, Date, str]]:
    """(event, subject, first day, last day, section) of every episode the damages read: late
    filing and late effectiveness, each suspension's restricted days, the other restrictions,
    each clipped to the Registration Period as the verdict judges them."""
    e, profile = verdict.evaluation, verdict.profile
    runs: list[tuple[str, str, Date, Date, str]] = []
    for late in late_findings(verdict):
        runs.append((late.event, late.subject, late.first, late.done, late.section))
    broken = {v.subject: v.section for v in reversed(e.violations)}
    for o in e.suspensions:
        if o.restricted_from is not None and not o.outside:
            last = min(o.end, e.registration_period_end)
            section = broken.get(o.id) or profile.allowance.section
            runs.append(("restricted-days", o.id, o.restricted_from, last, section))
    for r in verdict.scenario.restrictions:
        first = max(r.start, e.registration_period_start)
        last = min(r.end, e.registration_period_end)
        if first <= last:
            runs.append(("restricted-days", r.id, first, last, r.reason))
    runs.sort(key=lambda run: (run[2], run[1]))
    return runs


def _rate(verdict: ProfileVerdict, p: Payment) -> Decimal | None:
    damages = verdict.profile.damages_for(p.trigger)
    return damages[0].rate if damages else None


def add_profile_sheets(book: Workbook, verdicts: Sequence[ProfileVerdict], suffix: str) -> None:
    """The profile sheets of every verdict, titled with ``suffix``."""
    sheet = _sheet(book, f"Dates{suffix}", ("Scenario", "Agreement", "Term", "Section", "Date"))
    for v in verdicts:
        e, profile = v.evaluation, v.profile
        deadlines = profile.deadlines
        rows = [
            ("Filing deadline", deadlines.filing, e.filing_deadline),
            ("Effectiveness deadline", deadlines.effectiveness, e.effectiveness_deadline),
        ]
        for term, span, day in rows:
            if span is not None and day is not None:
                sheet.append([v.scenario.name, profile.id, term, span.section, day])
        section = profile.registration_period.section
        sheet.append(
            [
                v.scenario.name,
                profile.id,
                "Registration Period start",
                section,
                e.registration_period_start,
            ]
        )
        sheet.append(
            [
                v.scenario.name,
                profile.id,
                "Registration Period end",
                section,
                e.registration_period_end,
            ]
        )
    _formats(sheet, {5: DATE})

    headers: tuple[str, ...] = (
        "Scenario",
        "Suspension",
        "Start",
        "End",
        "Calendar days",
        "Judged from",
        "Permitted",
        "Allowed through",
        "Restricted from",
        "Outside",
    )
    sheet = _sheet(book, f"Suspensions{suffix}", headers)
    for v in verdicts:
        for o in v.evaluation.suspensions:
            allowed_through = None
            if o.permitted:
                last = min(o.end, v.evaluation.registration_period_end)
                allowed_through = last if o.restricted_from is None else o.restricted_from - ONE_DAY
            sheet.append(
                [
                    v.scenario.name,
                    o.id,
                    o.start,
                    o.end,
                    (o.end - o.start).days + 1,
                    o.judged_from,
                    o.permitted,
                    allowed_through,
                    o.restricted_from,
                    o.outside,
                ]
            )
    _formats(sheet, {3: DATE, 4: DATE, 6: DATE, 8: DATE, 9: DATE})

    headers = ("Scenario", "Event", "Subject", "First day", "Last day", "Days", "Section")
    sheet = _sheet(book, f"Restricted runs{suffix}", headers)
    for v in verdicts:
        for event, subject, first, last, section in restricted_runs(v):
            sheet.append(
                [v.scenario.name, event, subject, first, last, (last - first).days + 1, section]
            )
    _formats(sheet, {4: DATE, 5: DATE})

    headers = ("Scenario", "Rule", "Subject", "Section", "The limit", "The clause", "Finding")
    sheet = _sheet(book, f"Findings{suffix}", headers)
    for v in verdicts:
        for late in late_findings(v):
            sheet.append(
                [
                    v.scenario.name,
                    late.rule,
                    late.subject,
                    late.section,
                    late.describe,
                    late.words,
                    late.message,
                ]
            )
        for x in v.evaluation.violations:
            limit = v.profile.allowance.limits[x.limit]
            sheet.append(
                [
                    v.scenario.name,
                    x.rule,
                    x.subject,
                    x.section,
                    limit.describe(),
                    limit.words,
                    x.message,
                ]
            )
    _formats(sheet, {})
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    headers = ("Scenario", "Investor", *PROFILE_PAYMENT_HEADERS)
    sheet = _sheet(book, f"Payments{suffix}", headers)
    for v in verdicts:
        for p in v.evaluation.payments:
            sheet.append(
                [
                    v.scenario.name,
                    p.investor,
                    p.trigger,
                    p.subject,
                    p.restricted_sale_date,
                    p.period_end,
                    p.days,
                    p.base,
                    _rate(v, p),
                    p.amount,
                ]
            )
    last = sheet.max_row
    sheet.append(["Total", None, None, None, None, None, None, None, None, _sum("J", last)])
    total = sheet.max_row
    for cell in sheet[total]:
        cell.font = BOLD
    sheet.cell(total, 10).number_format = CURRENCY
    _formats(sheet, {5: DATE, 6: DATE, 8: CURRENCY, 9: PERCENT, 10: CURRENCY})


def validate_workbook(
    checked: Sequence[tuple[Scenario, Verdict]], verdicts: Sequence[ProfileVerdict]
) -> bytes:
    """``validate --format xlsx`` of a run holding term profiles' scenarios: the 2003 sheets of
    its 2003 scenarios (if any), then the profile sheets."""
    book = _new()
    if checked:
        _add_verdicts(book, checked)
    add_profile_sheets(book, verdicts, " (profiles)" if checked else "")
    return _save(book)


def payments_csv(verdicts: Sequence[ProfileVerdict]) -> str:
    """``--format csv`` under a term profile: one line per payment row, as the JSON gives it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROFILE_PAYMENT_COLUMNS)
    for v in verdicts:
        for p in v.evaluation.payments:
            rate = _rate(v, p)
            row: dict[str, Any] = {
                "scenario": v.scenario.name,
                "agreement": v.profile.id,
                "investor": p.investor,
                "trigger": p.trigger,
                "subject": p.subject,
                "restricted_sale_date": p.restricted_sale_date.isoformat(),
                "period_end": p.period_end.isoformat(),
                "days": p.days,
                "base": f"{p.base:.2f}",
                "rate": "" if rate is None else f"{rate.normalize():f}",
                "amount": f"{p.amount:.2f}",
            }
            writer.writerow([row[c] for c in PROFILE_PAYMENT_COLUMNS])
    return out.getvalue()


def worst_case_workbook(answer: dict[str, Any], verdict: ProfileVerdict | None) -> bytes:
    """``worst-case --format xlsx`` under a term profile, as the 2003 one: the answer (its
    JSON's figures), the placement, then the witness's sheets: the placement is a fixed
    schedule once found, and its rows are what ``validate`` of it gives."""
    book = _new()
    sheet = _sheet(book, "Answer", ("Question", "Answer"))
    sheet.append(["Scenario", verdict.scenario.name if verdict is not None else None])
    sheet.append(["Agreement", answer["agreement"]])
    sheet.append(["Objective", answer["objective"]])
    sheet.append(["Status", answer["status"]])
    sheet.append(["Total payments", _money(answer["total_payments"])])
    if "investor" in answer:
        sheet.append(["Investor", answer["investor"]])
        sheet.append(["Investor payments", _money(answer["investor_payments"])])
    if answer.get("best_bound") is not None:
        sheet.append(["Best bound (not proved)", _money(answer["best_bound"])])
    for key, label in (("lower_bound", "Lower bound"), ("upper_bound", "Upper bound")):
        if answer.get(key) is not None:
            sheet.append([f"{label} (proved)", _money(answer[key])])
    if answer.get("message"):
        sheet.append(["Message", answer["message"]])
    for o in answer.get("obstacles", ()):
        sheet.append(["In the way", o["explanation"]])
    if "compliant" in answer:
        sheet.append(["Placement compliant", answer["compliant"]])
    if answer.get("robust"):  # worst-case --robust: over every reading of the profile's own
        sheet.append(["Readings", answer["readings"]])
        if answer["status"] == "optimal":
            sheet.append(["Under the reading", _readings(answer["interpretation"])])
        for end, o in (answer.get("spread") or {}).items():
            sheet.append([f"Per-reading {end}", Decimal(o["payments"])])
            sheet.append(["  under", _readings(o["interpretation"])])
    for row in sheet.iter_rows(min_row=2):
        if isinstance(row[1].value, Decimal):
            row[1].number_format = CURRENCY
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    headers = ("Suspension", "Start", "End", "Calendar days", "Advance notice")
    sheet = _sheet(book, "Placement", headers)
    given = {s.id: s for s in verdict.scenario.suspensions} if verdict is not None else {}
    for placed in answer["schedule"]:
        start, end = Date.fromisoformat(placed["start"]), Date.fromisoformat(placed["end"])
        notice = getattr(given.get(placed["id"]), "advance_notice", None)
        sheet.append([placed["id"], start, end, (end - start).days + 1, notice])
    _formats(sheet, {2: DATE, 3: DATE, 5: DATE})
    if verdict is not None:
        add_profile_sheets(book, [verdict], "")
    return _save(book)


def _readings(readings: dict[str, str]) -> str:
    return ", ".join(f"{term}={reading}" for term, reading in readings.items())


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
