"""``worst-case --format xlsx|csv`` under a term profile (checks/reports/profile_workbook.py):
the answer, the placement, then the witness's sheets as ``validate`` of it gives them, read back
with openpyxl (and csv) and compared with the PIPE profile's terms worked by hand in
scenarios/profiles/pipe-worst-case-the-cap-cuts-the-worst-case.toml."""

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
PIPE = ROOT / "scenarios/profiles/pipe-worst-case-the-cap-cuts-the-worst-case.toml"
NAME = "PIPE worst case: the cap cuts the costliest placement to 100,000.00"
AGREEMENT = "pipe-one-percent-per-30-days-capped-10-percent"
T = dt.datetime


def rows(book: openpyxl.Workbook, title: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book[title].iter_rows(min_row=2, values_only=True)]


def test_the_worst_case_workbook_holds_the_answer_the_placement_and_the_witness(
    tmp_path: Path,
) -> None:
    out = tmp_path / "w.xlsx"
    assert cli.main(["worst-case", str(PIPE), "--format", "xlsx", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Answer",
        "Placement",
        "Dates",
        "Suspensions",
        "Restricted runs",
        "Findings",
        "Payments",
    ]
    answer = dict(rows(book, "Answer"))
    assert answer["Scenario"] == NAME
    assert answer["Agreement"] == AGREEMENT
    assert (answer["Objective"], answer["Status"]) == ("max-payments", "optimal")
    assert Decimal(str(answer["Total payments"])) == Decimal("100000.00")  # the 10% cap
    assert answer["Placement compliant"] is False
    # the earliest placement attaining the cap: p1 from Tue 2024-11-12 through Fri 2025-01-03
    assert rows(book, "Placement") == [("p1", T(2024, 11, 12), T(2025, 1, 3), 53, None)]
    # the witness as validate reads it: days 1-30 allowed (through 2024-12-11), restricted
    # from the 31st, 2024-12-12
    (p1,) = rows(book, "Suspensions")
    assert p1[1:4] == ("p1", T(2024, 11, 12), T(2025, 1, 3))
    assert (p1[7], p1[8]) == (T(2024, 12, 11), T(2024, 12, 12))
    assert [r[1:6] for r in rows(book, "Restricted runs")] == [
        ("late-filing", "registration", T(2024, 2, 2), T(2024, 10, 28), 270),
        ("late-effectiveness", "registration", T(2024, 4, 2), T(2024, 11, 4), 217),
        ("restricted-days", "p1", T(2024, 12, 12), T(2025, 1, 3), 23),
    ]
    assert [r[1:3] for r in rows(book, "Findings")] == [
        ("filing.deadline", "registration"),
        ("effectiveness.deadline", "registration"),
        ("allowance.length", "p1"),
    ]
    payments = rows(book, "Payments")
    # late filing: 9 whole periods of 30 days at 1% of 1,000,000.00; late effectiveness the 7
    # days not priced already, 10,000 x 7/30; p1's 23 restricted days, 10,000 x 23/30
    late_filing = [r for r in payments if r[2] == "late-filing"]
    assert [(r[6], Decimal(str(r[9]))) for r in late_filing] == [(30, Decimal("10000"))] * 9
    others = [r for r in payments if r[0] == NAME and r[2] != "late-filing"]
    assert [r[2:7] + (Decimal(str(r[9])),) for r in others] == [
        (
            "late-effectiveness",
            "registration",
            T(2024, 10, 29),
            T(2024, 11, 4),
            7,
            Decimal("2333.33"),
        ),
        ("restricted-days", "p1", T(2024, 12, 12), T(2025, 1, 3), 23, Decimal("7666.67")),
    ]
    assert payments[-1] == ("Total",) + (None,) * 8 + ("=SUM(J2:J12)",)


def test_the_least_csv_gives_the_rows_of_the_cheapest_placement(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # --least: p1 at its shortest, 5 business days (2024-11-12..2024-11-18), wholly allowed:
    # only late filing (90,000.00) and late effectiveness (2,333.33) are payable
    assert cli.main(["worst-case", str(PIPE), "--least", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(r["scenario"], r["agreement"]) for r in table} == {(NAME, AGREEMENT)}
    assert [r["trigger"] for r in table] == ["late-filing"] * 9 + ["late-effectiveness"]
    assert sum(Decimal(r["amount"]) for r in table) == Decimal("92333.33")
    assert table[-1]["days"] == "7" and table[-1]["rate"] == "0.01"


def test_an_infeasible_worst_case_workbook_says_what_is_in_the_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a start on Veterans Day 2024-11-11, not a business day: no placement fits
    path = tmp_path / "holiday.toml"
    text = PIPE.read_text().split("[expect")[0]
    path.write_text(text.replace("start = 2024-11-12", "start = 2024-11-11"))
    out = tmp_path / "w.xlsx"
    assert cli.main(["worst-case", str(path), "--format", "xlsx", "-o", str(out)]) == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Answer", "Placement"]
    answer = rows(book, "Answer")
    assert ("Status", "infeasible") in answer
    assert ("Total payments", None) in answer
    assert any(k == "In the way" and "p1" in str(v) for k, v in answer)
    assert rows(book, "Placement") == []
    assert cli.main(["worst-case", str(path), "--format", "csv"]) == 1
    assert capsys.readouterr().out.count("\n") == 1  # the header alone
