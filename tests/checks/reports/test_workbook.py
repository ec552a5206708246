"""``--format xlsx`` and ``--format csv`` (validate, worst-case, test), ``compare`` and ``new``:
each workbook read back with openpyxl agrees with ``validate --format json``; dates are dates,
amounts numbers with a currency format, the payments' total a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checks import cli, compare
from checks.reports import report, workbook
from checks.validate import validate
from model.interpretations import TERMS_BY_NAME
from model.loading import load_scenario, with_interpretations

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
FIXED = [p for p in SCENARIOS if not load_scenario(p).planned_suspensions]
TENTH = ROOT / "scenarios" / "3h-min-gap-tenth-business-day-compliant.toml"
NINTH = ROOT / "scenarios" / "3h-min-gap-ninth-business-day-broken.toml"
TWO = ROOT / "scenarios" / "2b-two-investors-sales-before-and-after-rsd.toml"
WORST = ROOT / "scenarios" / "plan-worst-case-max-min-gap-window.toml"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(path: Path) -> dict[str, Any]:
    return report.verdict_to_json(validate(load_scenario(path)))


def as_json_under(path: Path, setting: str) -> dict[str, Any]:
    return report.verdict_to_json(validate(with_interpretations(load_scenario(path), [setting])))


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def day(value: Any) -> str | None:
    assert value is None or isinstance(value, dt.datetime), value
    return None if value is None else value.date().isoformat()


@pytest.fixture(scope="module")
def every_schedule(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, Any]]:
    """One workbook of every bundled fixed schedule, as ``validate --format xlsx`` writes it,
    and the JSON of each, by scenario name."""
    out = tmp_path_factory.mktemp("xlsx") / "all.xlsx"
    assert cli.main(["validate", "--format", "xlsx", "-o", str(out), *map(str, FIXED)]) in (0, 1)
    reports = {load_scenario(p).name: as_json(p) for p in FIXED}
    return openpyxl.load_workbook(out), reports


def test_the_workbook_of_every_schedule_has_its_sheets(every_schedule) -> None:
    book, _ = every_schedule
    assert book.sheetnames == ["Facts", "Dates", "Subjects", "Suspensions", "Payments", "Findings"]


def test_payments_are_numbers_in_dollars_dates_are_dates_and_the_total_is_a_formula(
    every_schedule,
) -> None:
    book, reports = every_schedule
    sheet = book["Payments"]
    rows = sheet_rows(book, "Payments")
    payments = rows[:-1]
    expected = [(name, p) for name, r in reports.items() for p in r["payments"]]
    assert len(payments) == len(expected) > 10
    for row, (name, p) in zip(payments, expected, strict=True):
        assert row["Scenario"] == name and row["Investor"] == p["investor"]
        assert (row["Trigger"], row["Subject"], row["Days"]) == (
            p["trigger"],
            p["subject"],
            p["days"],
        )
        assert day(row["Restricted Sale Date"]) == p["restricted_sale_date"]
        assert day(row["Computation Date"]) == p["computation_date"]
        assert day(row["Due"]) == p["due"]
        assert isinstance(row["Amount"], (int, float))
        assert Decimal(str(row["Amount"])).quantize(Decimal("0.01")) == Decimal(p["amount"])
        base = Decimal(str(row["Base (Held Shares Value)"])).quantize(Decimal("0.01"))
        assert base == Decimal(p["held_shares_value"])
        # 2(b)(iii): 1% of the Held Shares Value for a late filing, 1 1/2% otherwise
        assert row["Rate"] == pytest.approx(0.01 if p["trigger"] == "late-filing" else 0.015)
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Total"
    assert sheet.cell(last, 10).value == f"=SUM(J2:J{last - 1})"
    for r in range(2, last + 1):
        assert "#,##0.00" in sheet.cell(r, 10).number_format
        assert sheet.cell(r, 10).number_format.startswith('"$"')
    assert sheet.cell(2, 5).number_format == "yyyy-mm-dd"
    total = sum((Decimal(r["total_payments"]) for r in reports.values()), Decimal("0"))
    figures = sum((Decimal(str(row["Amount"])) for row in payments), Decimal("0"))
    assert figures.quantize(Decimal("0.01")) == total


def test_suspensions_findings_subjects_and_dates_agree_with_the_json(every_schedule) -> None:
    book, reports = every_schedule
    suspensions = [(n, s) for n, r in reports.items() for s in r["suspensions"]]
    rows = sheet_rows(book, "Suspensions")
    assert len(rows) == len(suspensions)
    for row, (name, s) in zip(rows, suspensions, strict=True):
        assert (row["Scenario"], row["Suspension"]) == (name, s["id"])
        assert (day(row["Start"]), day(row["End"])) == (s["start"], s["end"])
        assert row["Business days"] == s["business_days"]
        assert (row["Eligible"], row["Permitted"], row["Outside"], row["Counts"]) == (
            s["eligible"],
            s["permitted"],
            s["outside"],
            s["counts"],
        )
        assert day(row["Permitted until"]) == s["permitted_until"]
        assert day(row["Restricted from"]) == s["restricted_from"]
    findings = [(n, x) for n, r in reports.items() for x in r["violations"]]
    rows = sheet_rows(book, "Findings")
    assert len(rows) == len(findings) > 10
    for row, (name, x) in zip(rows, findings, strict=True):
        assert (row["Scenario"], row["Rule"], row["Subject"], row["Section"]) == (
            name,
            x["rule"],
            x["subject"],
            x["section"],
        )
        assert row["The agreement"] == x["words"] and row["Finding"] == x["message"]
        assert row["Missed by (business days)"] == x["missed_by_business_days"]
        compared = "; ".join(f"{k.replace('_', ' ')} {d}" for k, d in x["dates"].items())
        assert row["Dates compared"] == compared
    broken = {(n, x["subject"]) for n, x in findings}
    for row in sheet_rows(book, "Subjects"):
        assert row["Compliant"] is ((row["Scenario"], row["Subject"]) not in broken)
    for row in sheet_rows(book, "Dates"):
        keys = {
            "Required Filing Date": "required_filing_date",
            "Initial Required Effective Date": "initial_required_effective_date",
            "Registration Period begins": "registration_period_start",
            "Registration Period ends": "registration_period_end",
        }
        if row["Term"] in keys:
            assert day(row["Date"]) == reports[row["Scenario"]]["dates"][keys[row["Term"]]]


def test_the_facts_sheet_lists_every_date_of_the_file(every_schedule) -> None:
    book, _ = every_schedule
    rows = [r for r in sheet_rows(book, "Facts") if r["Scenario"] == load_scenario(TWO).name]
    with TWO.open("rb") as file:
        document = tomllib.load(file)
    given = {str(v) for v in document["dates"].values() if isinstance(v, dt.date)}
    given |= {
        str(s[k]) for s in document["suspensions"] for k in ("start", "end", "advance_notice")
    }
    given |= {str(sale["date"]) for i in document["investors"] for sale in i.get("sales", [])}
    assert {day(r["Date"]) for r in rows} == given
    assert [day(r["Date"]) for r in rows] == sorted(day(r["Date"]) for r in rows)


def test_csv_is_the_payment_rows_as_the_json_gives_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "validate", "--format", "csv", TWO)
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    payments = as_json(TWO)["payments"]
    assert len(rows) == len(payments) == 2
    for row, p in zip(rows, payments, strict=True):
        for key in ("investor", "trigger", "subject", "restricted_sale_date", "amount", "due"):
            assert row[key] == str(p[key])
        assert row["rate"] == "0.015"
    target = tmp_path / "payments.csv"
    assert run(capsys, "validate", "--format", "csv", "-o", target, TWO)[1] == ""
    assert target.read_text() == out


def test_worst_case_workbook_and_csv_are_the_witness(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "worst-case", "--format", "json", WORST)
    answer = json.loads(out)
    target = tmp_path / "worst.xlsx"
    assert run(capsys, "worst-case", "--format", "xlsx", "-o", target, WORST)[0] == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == ["Answer", "Placement"] and "Payments" in book.sheetnames
    facts = {r["Question"]: r["Answer"] for r in sheet_rows(book, "Answer")}
    assert Decimal(str(facts["Total payments"])) == Decimal(answer["total_payments"])
    placed = sheet_rows(book, "Placement")
    assert [(r["Suspension"], day(r["Start"]), day(r["End"])) for r in placed] == [
        (p["id"], p["start"], p["end"]) for p in answer["schedule"]
    ]
    paid = sheet_rows(book, "Payments")[:-1]
    assert [Decimal(str(r["Amount"])) for r in paid] == [
        Decimal(p["amount"]) for p in answer["payments"]
    ]
    _, out, _ = run(capsys, "worst-case", "--format", "csv", WORST)
    assert [r["amount"] for r in csv.DictReader(io.StringIO(out))] == [
        p["amount"] for p in answer["payments"]
    ]


def test_test_workbook_has_a_row_per_file_and_the_verdicts_sheets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "run.xlsx"
    assert run(capsys, "test", "--format", "xlsx", "-o", target, TWO, WORST, TENTH)[0] == 0
    book = openpyxl.load_workbook(target)
    results = sheet_rows(book, "Results")
    assert [(r["File"], r["Passed"]) for r in results] == [
        (str(p), True) for p in (TWO, WORST, TENTH)
    ]
    names = {r["Scenario"] for r in sheet_rows(book, "Payments")[:-1]}
    assert names == {load_scenario(TWO).name, load_scenario(WORST).name}


@pytest.mark.parametrize("command", [["validate", NINTH], ["worst-case", WORST], ["test", NINTH]])
def test_xlsx_without_o_is_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], command: list[object]
) -> None:
    code, out, err = run(capsys, *command, "--format", "xlsx")
    assert code == 2 and out == ""
    assert (
        err
        == "rrcheck: --format xlsx: a workbook is not written to the terminal; give -o FILE.xlsx\n"
    )


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing/book.xlsx", "-o: cannot write it: no such folder"),
        ("book.txt", "-o: a workbook is written as .xlsx"),
        ("folder.xlsx", "-o: cannot write it: it is a folder"),
    ],
)
def test_a_bad_o_path_is_exit_2_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.xlsx").mkdir()
    code, out, err = run(capsys, "validate", NINTH, "--format", "xlsx", "-o", output)
    assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["folder.xlsx"]
    assert list((tmp_path / "folder.xlsx").iterdir()) == []


def test_o_with_text_or_json_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", NINTH, "-o", tmp_path / "x.xlsx")
    assert code == 2 and "-o: only with --format xlsx or csv" in err


# -- compare --------------------------------------------------------------------------------------


def test_compare_every_reading_of_spacing_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "compare", TENTH, "--interpretation", "spacing=*", "--format", "json"
    )
    assert code == 0
    result = json.loads(out)
    readings = TERMS_BY_NAME["spacing"].readings
    assert [c["label"] for c in result["cases"]] == [f"spacing={r}" for r in readings]
    for case, reading in zip(result["cases"], readings, strict=True):
        alone = as_json_under(TENTH, f"spacing={reading}")
        assert case["interpretation"]["spacing"] == reading
        assert case["compliant"] == alone["compliant"]
        assert case["total_payments"] == alone["total_payments"]
        assert case["violations"] == sorted(
            f"{x['rule']}:{x['subject']}" for x in alone["violations"]
        )
        assert [s["restricted_from"] for s in case["suspensions"]] == [
            s["restricted_from"] for s in alone["suspensions"]
        ]
    # READING.md 7: ten clear business days makes s2 start one day too soon.
    rows = {(r["group"], r["label"]): r for r in result["rows"]}
    assert rows[("verdict", "verdict")]["values"] == ["compliant", "not compliant"]
    assert rows[("subject", "s2")]["differs"] and not rows[("subject", "s1")]["differs"]
    assert rows[("payments", "total payments")]["values"] == ["0.00", "8,250.00"]


def test_compare_files_in_text_has_a_column_per_case_within_100_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "compare", TENTH, NINTH)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith(f"  1. {TENTH.stem}") for line in lines)
    assert any(line.startswith(f"  2. {NINTH.stem}") for line in lines)
    verdict = next(line for line in lines if line.lstrip("* ").startswith("verdict"))
    assert verdict.split()[-3:] == ["compliant", "not", "compliant"] and verdict.startswith("  *")
    total = next(line for line in lines if "total payments" in line)
    assert total.split()[-2:] == ["0.00", "9,000.00"]


def test_compare_xlsx_has_the_totals_as_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "compare.xlsx"
    assert run(capsys, "compare", TENTH, NINTH, TWO, "--format", "xlsx", "-o", target)[0] == 0
    book = openpyxl.load_workbook(target)
    rows = list(book["Comparison"].iter_rows(values_only=True))
    assert rows[0] == ("Group", "Row", TENTH.stem, NINTH.stem, TWO.stem)
    total = next(r for r in rows if r[1] == "total payments")
    assert [Decimal(str(v)) for v in total[2:]] == [
        Decimal(as_json(p)["total_payments"]) for p in (TENTH, NINTH, TWO)
    ]
    white = next(r for r in rows if r[1] == "White Investments Ltd.")
    assert white[2:4] == (None, None) and Decimal(str(white[4])) == Decimal("3000.00")


def test_the_comparison_of_every_bundled_schedule_agrees_with_each_verdict(tmp_path: Path) -> None:
    cases = []
    for path in FIXED:
        scenario = load_scenario(path)
        cases.append(compare.Case(path.stem, str(path), scenario, validate(scenario)))
    comparison = compare.compare(cases)
    result = compare.to_json(comparison)
    # Written as a workbook and read back: a column per scenario, the totals as numbers.
    target = tmp_path / "every.xlsx"
    target.write_bytes(workbook.compare_workbook(comparison))
    rows = list(openpyxl.load_workbook(target)["Comparison"].iter_rows(values_only=True))
    assert rows[0][2:] == tuple(p.stem for p in FIXED)
    verdicts = next(r for r in rows if r[1] == "verdict")[2:]
    totals = next(r for r in rows if r[1] == "total payments")[2:]
    for path, verdict, total in zip(FIXED, verdicts, totals, strict=True):
        alone = as_json(path)
        assert verdict == ("compliant" if alone["compliant"] else "not compliant")
        assert Decimal(str(total)).quantize(Decimal("0.01")) == Decimal(alone["total_payments"])
    for case, path in zip(result["cases"], FIXED, strict=True):
        alone = as_json(path)
        assert case["compliant"] == alone["compliant"]
        assert case["total_payments"] == alone["total_payments"]
        for investor in case["payments"]:
            own = [
                Decimal(p["amount"])
                for p in alone["payments"]
                if p["investor"] == investor["investor"]
            ]
            assert Decimal(investor["total"]) == sum(own, Decimal("0"))
        broken = {x["subject"] for x in alone["violations"]}
        assert {s["id"] for s in case["subjects"] if not s["compliant"]} == broken


def test_compare_needs_two_cases_and_known_terms(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compare", TENTH)
    assert code == 2 and "nothing to compare" in err
    code, _, err = run(capsys, "compare", TENTH, "--interpretation", "spaceing=*")
    assert code == 2 and "spaceing: unknown term" in err
    code, _, err = run(capsys, "compare", TENTH, WORST)
    assert code == 2 and "planned suspension" in err
    code, _, err = run(capsys, "validate", TENTH, "--interpretation", "spacing=*")
    assert code == 2 and "--interpretation: spacing" in err


# -- new ------------------------------------------------------------------------------------------


def test_new_writes_a_template_validate_refuses_until_filled_then_accepts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "deal.toml"
    code, out, _ = run(capsys, "new", "-o", target)
    assert code == 0 and "rrcheck validate" in out
    text = target.read_text()
    assert "the day you gave notice that sales must stop" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    # Unfilled: bad input naming the first field to fill.
    code, _, err = run(capsys, "validate", target)
    assert code == 2 and "dates.quarterly_report_filed: expected a date" in err
    # Filled (the dates of the bundled ninth-business-day schedule), it validates.
    dates = iter(["2003-08-14", "2003-08-21", "2003-10-01", "2003-10-03"])
    filled = []
    for line in text.splitlines():
        if line.endswith('= "YYYY-MM-DD"') and not line.startswith("#"):
            line = line.replace("YYYY-MM-DD", next(dates))
        filled.append(line.replace("AMOUNT", "1500000.00"))
    suspensions = {"s1": ("2004-01-05", "2004-01-07", "2004-01-20")}
    text = "\n".join(filled)
    block = text[text.index("# [[suspensions]]") : text.index("# A filing")]
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and "=" in line or line == "# [[suspensions]]" else line
        for line in block.splitlines()
    )
    for name, value in zip(("advance_notice", "start", "end"), suspensions["s1"], strict=True):
        uncommented = uncommented.replace(f'{name} = "YYYY-MM-DD"', f'{name} = "{value}"')
    target.write_text(text.replace(block, uncommented))
    code, out, err = run(capsys, "validate", "--format", "json", target)
    assert err == "" and code == 0
    verdict = json.loads(out)
    assert verdict["compliant"] and verdict["suspensions"][0]["permitted_until"] == "2004-01-20"
    assert verdict["dates"]["required_filing_date"] == "2003-08-21"


def test_new_does_not_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "deal.toml"
    target.write_text("mine")
    code, _, err = run(capsys, "new", "-o", target)
    assert code == 2 and "give --force" in err and target.read_text() == "mine"
    assert run(capsys, "new", "-o", target, "--force")[0] == 0
    assert target.read_text().startswith("# A scenario")
