"""``--format xlsx`` and ``--format csv``: the schedules a lawyer keeps in Excel.

A workbook has a sheet each for the facts, the derived dates, the suspensions, the payments
and the findings, one row per item and a Scenario column first (``validate`` of several files
and ``test`` put every file in one workbook). Dates are Excel dates, amounts numbers with a
currency format, and the payments' total is a formula (``=SUM(...)``), so the sheet still adds
up after a row is edited. Every figure is the verdict's, as the JSON report gives it
(:mod:`checks.reports.report`); nothing is computed here but the layout. ``--format csv`` is the
payment rows alone, as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checks.answers import PlacedSuspension, WorstCaseResult
from checks.compare import Comparison
from checks.regression import CaseResult
from checks.reports.memo_document import (
    PAYMENT_HEADERS,
    derived_dates,
    facts,
    payment_rate,
    subject_verdicts,
)
from model.findings import Payment, Verdict
from model.rules import RULES_BY_ID
from model.scenario import Scenario

Date = dt.date
CURRENCY = '"$"#,##0.00'  # the Purchase Price and the Periodic Amounts are in US dollars
DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
SHARES = "#,##0.0000"
BOLD = Font(bold=True)

PAYMENT_COLUMNS = (
    "scenario",
    "investor",
    "trigger",
    "subject",
    "restricted_sale_date",
    "computation_date",
    "days",
    "held_shares_value",
    "rate",
    "amount",
    "due",
    "periodic_amount_shares",
)


def _sheet(book: Workbook, title: str, headers: Sequence[str]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    return sheet


def _formats(sheet: Worksheet, formats: dict[int, str]) -> None:
    """Number formats by column (1-based), and widths that show the headers."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column in formats and not isinstance(cell.value, str):
                cell.number_format = formats[cell.column]
    for column in range(1, sheet.max_column + 1):
        letter = get_column_letter(column)
        longest = max(len(str(c.value or "")) for c in sheet[letter][:200])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)


def _add_verdicts(book: Workbook, checked: Sequence[tuple[Scenario, Verdict]]) -> None:
    sheet = _sheet(book, "Facts", ("Scenario", "Date", "Event", "From the file"))
    for scenario, _ in checked:
        for f in facts(scenario):
            sheet.append([scenario.name, f.date, f.event, f.field])
    _formats(sheet, {2: DATE})

    sheet = _sheet(book, "Dates", ("Scenario", "Term", "Section", "Date"))
    for scenario, verdict in checked:
        for term, section, day in derived_dates(verdict):
            sheet.append([scenario.name, term, section, day])
    _formats(sheet, {4: DATE})

    sheet = _sheet(book, "Subjects", ("Scenario", "Subject", "Kind", "Compliant", "Rules broken"))
    for scenario, verdict in checked:
        for subject in subject_verdicts(scenario, verdict):
            rules = ", ".join(subject.rules)
            sheet.append([scenario.name, subject.id, subject.kind, subject.compliant, rules])
    _formats(sheet, {})

    headers: tuple[str, ...] = (
        "Scenario",
        "Suspension",
        "Start",
        "End",
        "Business days",
        "Eligible",
        "Permitted",
        "Permitted until",
        "Restricted from",
        "Outside",
        "Counts",
    )
    sheet = _sheet(book, "Suspensions", headers)
    for scenario, verdict in checked:
        for s in verdict.suspensions:
            sheet.append(
                [
                    scenario.name,
                    s.id,
                    s.start,
                    s.end,
                    s.business_days,
                    s.eligible,
                    s.permitted,
                    s.permitted_until,
                    s.restricted_from,
                    s.outside,
                    s.counts,
                ]
            )
    _formats(sheet, {3: DATE, 4: DATE, 8: DATE, 9: DATE})

    _add_payments(book, [(scenario.name, verdict) for scenario, verdict in checked])

    headers = (
        "Scenario",
        "Rule",
        "Subject",
        "Section",
        "The agreement",
        "Dates compared",
        "Missed by (business days)",
        "Finding",
    )
    sheet = _sheet(book, "Findings", headers)
    for scenario, verdict in checked:
        for x in verdict.violations:
            compared = "; ".join(f"{k.replace('_', ' ')} {d}" for k, d in x.dates.items())
            words = RULES_BY_ID[x.rule].words if x.rule in RULES_BY_ID else ""
            sheet.append(
                [
                    scenario.name,
                    x.rule,
                    x.subject,
                    x.section,
                    words,
                    compared,
                    x.missed_by_business_days,
                    x.message,
                ]
            )
    _formats(sheet, {})
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _add_payments(book: Workbook, checked: Sequence[tuple[str, Verdict]]) -> None:
    headers = ("Scenario", "Investor", *PAYMENT_HEADERS, "Periodic Amount Shares")
    sheet = _sheet(book, "Payments", headers)
    for name, verdict in checked:
        for p in verdict.payments:
            rate = payment_rate(p)
            sheet.append(
                [
                    name,
                    p.investor,
                    p.trigger,
                    p.subject,
                    p.restricted_sale_date,
                    p.computation_date,
                    p.days,
                    p.held_shares_value,
                    Decimal(rate.numerator) / Decimal(rate.denominator),
                    p.amount,
                    p.due,
                    p.periodic_amount_shares,
                ]
            )
    last = sheet.max_row
    sheet.append(["Total", None, None, None, None, None, None, None, None, _sum("J", last), None])
    total = sheet.max_row
    for cell in sheet[total]:
        cell.font = BOLD
    sheet.cell(total, 10).number_format = CURRENCY
    _formats(sheet, {5: DATE, 6: DATE, 8: CURRENCY, 9: PERCENT, 10: CURRENCY, 11: DATE, 12: SHARES})


def _sum(column: str, last: int) -> str | int:
    """The total of a column's rows 2 to ``last`` as a formula; 0 when there is no row."""
    return f"=SUM({column}2:{column}{last})" if last >= 2 else 0


def _placements(book: Workbook, title: str, placed: Iterable[PlacedSuspension]) -> None:
    headers = ("Suspension", "Start", "End", "Business days", "Advance notice by")
    sheet = _sheet(book, title, headers)
    for p in placed:
        sheet.append([p.id, p.start, p.end, p.business_days, p.notice_by])
    _formats(sheet, {2: DATE, 3: DATE, 5: DATE})


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _new() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def validate_workbook(checked: Sequence[tuple[Scenario, Verdict]]) -> bytes:
    """``validate --format xlsx``: the sheets of every file checked."""
    book = _new()
    _add_verdicts(book, checked)
    return _save(book)


def worst_case_workbook(scenario: Scenario, result: WorstCaseResult) -> bytes:
    """``worst-case --format xlsx``: the answer and its placement, then the witness's sheets
    (the scenario with the placement fixed)."""
    from checks.placements import fixed_scenario

    book = _new()
    sheet = _sheet(book, "Answer", ("Question", "Answer"))
    sheet.append(["Scenario", scenario.name])
    sheet.append(["Objective", result.objective])
    sheet.append(["Status", result.status])
    sheet.append(["Total payments", result.total_payments])
    if result.best_bound is not None:
        sheet.append(["Best bound (not proved)", result.best_bound])
    if result.message:
        sheet.append(["Message", result.message])
    for o in result.obstacles:
        sheet.append(["In the way", o.explanation])
    for row in sheet.iter_rows(min_row=2):
        if isinstance(row[1].value, Decimal):
            row[1].number_format = CURRENCY
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    _placements(book, "Placement", result.schedule)
    if result.verdict is not None:
        _add_verdicts(book, [(fixed_scenario(scenario, result.schedule), result.verdict)])
    return _save(book)


def test_workbook(results: Sequence[CaseResult]) -> bytes:
    """``test --format xlsx``: a row per file (passed, the differences), then the sheets of
    the verdicts the run checked (of fixed schedules, and the witnesses of worst-case)."""
    book = _new()
    sheet = _sheet(book, "Results", ("File", "Scenario", "Passed", "Differences"))
    for r in results:
        problems = ([r.error] if r.error else []) + [str(d) for d in r.differences]
        sheet.append([r.path, r.name, r.passed, "; ".join(problems)])
    _formats(sheet, {})
    _add_verdicts(book, [(r.scenario, r.verdict) for r in results if r.verdict and r.scenario])
    return _save(book)


def payments_csv(checked: Sequence[tuple[str, Iterable[Payment]]]) -> str:
    """``--format csv``: one line per Periodic Amount (scenario name, payments), amounts as
    CONTRACT.md writes them."""
    from checks.reports.report import payment_json

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PAYMENT_COLUMNS)
    for name, payments in checked:
        for p in payments:
            row: dict[str, Any] = payment_json(p)
            rate = payment_rate(p)
            row["rate"] = f"{(Decimal(rate.numerator) / Decimal(rate.denominator)).normalize():f}"
            row["scenario"] = name
            writer.writerow(["" if row.get(c) is None else row[c] for c in PAYMENT_COLUMNS])
    return out.getvalue()


def compare_workbook(c: Comparison) -> bytes:
    """``compare --format xlsx``: the comparison's table, a column per case; totals are
    numbers with the currency format. A second sheet names each case's file and readings."""
    book = _new()
    sheet = _sheet(book, "Comparison", ("Group", "Row", *(case.label for case in c.cases)))
    for row in c.rows:
        values: list[Any] = list(row.amounts) if row.amounts else list(row.values)
        sheet.append([row.group, row.label, *values])
        if row.amounts:
            for cell in sheet[sheet.max_row][2:]:
                cell.number_format = CURRENCY
    _formats(sheet, {})
    sheet = _sheet(book, "Cases", ("Case", "File", "Scenario", "Readings"))
    for case in c.cases:
        readings = ", ".join(f"{k}={v}" for k, v in case.readings.items())
        sheet.append([case.label, case.path, case.scenario.name, readings])
    _formats(sheet, {})
    return _save(book)
