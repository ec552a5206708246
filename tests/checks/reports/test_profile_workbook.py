"""``validate --format xlsx|csv`` under a term profile (checks/reports/profile_workbook.py): the
findings, the restricted runs and the payments of bundled boundary scenarios, worked by hand;
a run of 2003 and profile scenarios together; CSV of the two kinds refused in one line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from checks import cli

ROOT = Path(__file__).resolve().parents[3]
PROFILES = ROOT / "scenarios" / "profiles"
GAP = PROFILES / "gap-10-trading-days-across-good-friday-broken.toml"
UNDER_CAP = PROFILES / "pipe-cap-not-reached-late-filing.toml"
AGGREGATE = PROFILES / "aggregate-60-in-12-months-one-day-over-broken.toml"
OF_2003 = ROOT / "scenarios" / "3h-min-gap-ninth-business-day-broken.toml"
T = dt.datetime


def rows(book: openpyxl.Workbook, title: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book[title].iter_rows(min_row=2, values_only=True)]


def test_csv_gives_one_row_per_period_with_its_rate_and_base(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # s2 restricted 2024-04-04..2024-04-08, 5 days of a 30-day period: 1% x 1,000,000.00 x 5/30
    assert cli.main(["validate", "--format", "csv", str(GAP)]) == 1
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table == [
        {
            "scenario": "Gap of 10 trading days across Good Friday: s2 on the 9th trading day",
            "agreement": "twenty-each-fifty-in-12-months-gap-10-trading-days",
            "investor": "Fund",
            "trigger": "restricted-days",
            "subject": "s2",
            "restricted_sale_date": "2024-04-04",
            "period_end": "2024-04-08",
            "days": "5",
            "base": "1000000.00",
            "rate": "0.01",
            "amount": "1666.67",
        }
    ]


def test_the_workbook_holds_the_findings_the_runs_and_the_payments(tmp_path: Path) -> None:
    out = tmp_path / "v.xlsx"
    assert cli.main(["validate", "--format", "xlsx", "-o", str(out), str(AGGREGATE)]) == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Dates", "Suspensions", "Restricted runs", "Findings", "Payments"]
    name = "Aggregate 60 days in 12 months: the 61st day restricted"
    agreement = "aggregate-60-days-in-12-months"
    assert rows(book, "Dates") == [
        (name, agreement, "Filing deadline", "2(a)", T(2024, 2, 1)),
        (name, agreement, "Effectiveness deadline", "2(a)", T(2024, 4, 1)),
        (name, agreement, "Registration Period start", "2(b)", T(2024, 3, 1)),
        (name, agreement, "Registration Period end", "2(b)", T(2026, 3, 1)),
    ]
    # s1 30 days allowed; s2 06-01..07-01 allowed through 06-30, 07-01 the 61st day
    assert rows(book, "Suspensions") == [
        (
            name,
            "s1",
            T(2024, 4, 1),
            T(2024, 4, 30),
            30,
            T(2024, 4, 1),
            True,
            T(2024, 4, 30),
            None,
            False,
        ),
        (
            name,
            "s2",
            T(2024, 6, 1),
            T(2024, 7, 1),
            31,
            T(2024, 6, 1),
            True,
            T(2024, 6, 30),
            T(2024, 7, 1),
            False,
        ),
    ]
    assert rows(book, "Restricted runs") == [
        (name, "restricted-days", "s2", T(2024, 7, 1), T(2024, 7, 1), 1, "3(n)")
    ]
    (finding,) = rows(book, "Findings")
    assert finding[:4] == (name, "allowance.aggregate", "s2", "3(n)")
    assert finding[5] == "Grace Periods may not total more than 60 days in any 12-month period"
    # one restricted day: 10,000.00 x 1/30 = 333.33 (half up); the total a formula
    assert rows(book, "Payments") == [
        (
            name,
            "Fund",
            "restricted-days",
            "s2",
            T(2024, 7, 1),
            T(2024, 7, 1),
            1,
            1000000,
            0.01,
            333.33,
        ),
        ("Total", None, None, None, None, None, None, None, None, "=SUM(J2:J2)"),
    ]


def test_late_filing_and_effectiveness_are_runs_and_findings_in_the_workbook(
    tmp_path: Path,
) -> None:
    # pipe-one-percent-per-30-days-capped-10-percent: filing deadline 2024-02-01, filed
    # 2024-10-31: 273 days late (29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 - 1 = Feb 2..Oct 31).
    # Effectiveness deadline 2024-04-01, effective 2024-11-15: 228 days late.
    out = tmp_path / "v.xlsx"
    cli.main(["validate", "--format", "xlsx", "-o", str(out), str(UNDER_CAP)])
    book = openpyxl.load_workbook(out)
    runs = [r[1:6] for r in rows(book, "Restricted runs")]
    assert runs == [
        ("late-filing", "registration", T(2024, 2, 2), T(2024, 10, 31), 273),
        ("late-effectiveness", "registration", T(2024, 4, 2), T(2024, 11, 15), 228),
    ]
    findings = [r[1:4] for r in rows(book, "Findings")]
    assert findings == [
        ("filing.deadline", "registration", "2(a)"),
        ("effectiveness.deadline", "registration", "2(a)"),
    ]
    amounts = [Decimal(str(r[9])) for r in rows(book, "Payments")[:-1]]
    assert sum(amounts) == Decimal("96000.00")  # 9 x 10,000 + 3/30 x 10,000 + 15/30 x 10,000


def test_2003_and_profile_scenarios_share_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "v.xlsx"
    assert cli.main(["validate", "--format", "xlsx", "-o", str(out), str(OF_2003), str(GAP)]) == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:6] == [
        "Facts",
        "Dates",
        "Subjects",
        "Suspensions",
        "Payments",
        "Findings",
    ]
    assert book.sheetnames[6:] == [
        "Dates (profiles)",
        "Suspensions (profiles)",
        "Restricted runs (profiles)",
        "Findings (profiles)",
        "Payments (profiles)",
    ]
    assert [r[1] for r in rows(book, "Findings")] == ["suspension.min-gap"]
    assert [r[1] for r in rows(book, "Findings (profiles)")] == ["allowance.gap"]


def test_csv_of_2003_and_profile_scenarios_together_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["validate", "--format", "csv", str(OF_2003), str(GAP)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"rrcheck: {GAP}: scenario.agreement: --format csv")
    assert captured.err.count("\n") == 1
