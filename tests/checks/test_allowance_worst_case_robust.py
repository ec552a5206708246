"""``rrcheck worst-case --robust`` under a term profile (checks/allowance_worst_case_robust.py):
the most (least) over the profile's own readings (notice-day, lead-time), the reading that gives
it, the spread of the per-reading optima in the 2003 JSON shape, and the answer under each
reading; worked by hand in scenarios/profiles/one-per-year-worst-case-robust-notice-on-a-
saturday.toml (notice given on Saturday 2024-03-30, a start on 04-01 or 04-02, 5 business
days, 10,000.00 per 30 restricted days). Also ``[expect.worst-case] robust = true`` in
``rrcheck test``, for a profile's file and a 2003 one."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from checks import cli

ROOT = Path(__file__).resolve().parents[2]
SATURDAY = ROOT / "scenarios/profiles/one-per-year-worst-case-robust-notice-on-a-saturday.toml"
LEAST = ROOT / "scenarios/profiles/one-per-year-least-case-robust-notice-on-a-saturday.toml"
OVERLONG = ROOT / "scenarios/plan-worst-case-max-overlong.toml"
DEFAULTS = {"notice-day": "next-business-day", "lead-time": "nth-business-day"}
CLEAR = {"notice-day": "next-business-day", "lead-time": "clear-business-days"}
AS_GIVEN = {"notice-day": "as-given", "lead-time": "nth-business-day"}
AS_GIVEN_CLEAR = {"notice-day": "as-given", "lead-time": "clear-business-days"}
EARLY = [{"id": "p1", "start": "2024-04-01", "end": "2024-04-05"}]  # 5 calendar days
LATE = [{"id": "p1", "start": "2024-04-02", "end": "2024-04-08"}]  # 7 calendar days


def answer(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> dict:
    assert cli.main(["worst-case", *args, "--robust", "--format", "json"]) == code
    return json.loads(capsys.readouterr().out)


def test_the_most_over_every_reading_is_one_clear_day_after_the_deemed_notice(capsys) -> None:
    out = answer(capsys, str(SATURDAY))
    # deemed Monday 04-01, one clear business day: a start before Wed 04-03 breaks the notice;
    # from 04-02 all 7 days are restricted: 10,000.00 x 7/30 = 2,333.33
    assert (out["status"], out["objective"], out["total_payments"]) == (
        "optimal",
        "max-payments",
        "2333.33",
    )
    assert (out["robust"], out["readings"], out["interpretation"]) == (True, 4, CLEAR)
    assert out["schedule"] == LATE
    assert [(p["subject"], p["days"], p["amount"]) for p in out["payments"]] == [
        ("p1", 7, "2333.33")
    ]
    assert [v["rule"] for v in out["violations"]] == ["allowance.notice"]
    # the per-reading maxima: as-given with the nth business day allows both starts (0.00)
    assert out["spread"] == {
        "smallest": {"payments": "0.00", "interpretation": AS_GIVEN, "schedule": EARLY},
        "largest": {"payments": "2333.33", "interpretation": CLEAR, "schedule": LATE},
    }
    assert [
        (r["interpretation"], r["total_payments"], r["schedule"]) for r in out["by_reading"]
    ] == [
        (DEFAULTS, "1666.67", EARLY),  # 04-01 before Tue 04-02: 5 days
        (CLEAR, "2333.33", LATE),
        (AS_GIVEN, "0.00", EARLY),  # Mon 04-01 allowed: nothing restricted (earliest tie)
        (AS_GIVEN_CLEAR, "1666.67", EARLY),  # 04-01 before Tue 04-02, the earliest allowed
    ]


def test_the_least_prefers_the_files_own_reading_when_it_attains_the_least(capsys) -> None:
    out = answer(capsys, str(SATURDAY), "--least")
    assert (out["objective"], out["total_payments"]) == ("min-payments", "0.00")
    assert out["interpretation"] == DEFAULTS and out["schedule"] == LATE
    assert out["spread"]["largest"] == {
        "payments": "1666.67",  # both starts broken under one clear day: the shorter one
        "interpretation": CLEAR,
        "schedule": EARLY,
    }
    # the file reads notice-day as-given: three readings attain 0.00, its own is named
    own = answer(capsys, str(SATURDAY), "--least", "--interpretation", "notice-day=as-given")
    assert own["interpretation"] == AS_GIVEN and own["schedule"] == EARLY
    assert own["total_payments"] == "0.00"


def test_one_investors_payments_and_the_text(capsys) -> None:
    out = answer(capsys, str(SATURDAY), "--investor", "Fund")
    assert (out["investor"], out["investor_payments"]) == ("Fund", "2333.33")
    assert cli.main(["worst-case", str(SATURDAY), "--robust"]) == 0
    text = capsys.readouterr().out
    assert "optimal: total payments 2333.33" in text
    assert "the most is under notice-day=next-business-day, lead-time=clear-business-days" in text
    assert "per-reading maximum: from 0.00 (notice-day=as-given, lead-time=nth-business-day)" in (
        text.replace("\n        ", " ")
    )


def test_the_robust_workbook_holds_the_witness_of_the_reading_chosen(tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    args = ["worst-case", str(SATURDAY), "--robust", "--format", "xlsx", "-o", str(out)]
    assert cli.main(args) == 0
    book = openpyxl.load_workbook(out)
    answer_rows = dict(r for r in book["Answer"].iter_rows(min_row=2, values_only=True))
    assert Decimal(str(answer_rows["Total payments"])) == Decimal("2333.33")
    assert answer_rows["Readings"] == 4
    assert answer_rows["Under the reading"] == (
        "notice-day=next-business-day, lead-time=clear-business-days"
    )
    assert Decimal(str(answer_rows["Per-reading smallest"])) == Decimal("0")
    assert Decimal(str(answer_rows["Per-reading largest"])) == Decimal("2333.33")
    (payment, total) = list(book["Payments"].iter_rows(min_row=2, values_only=True))
    assert payment[2:4] == ("restricted-days", "p1") and payment[6] == 7
    assert Decimal(str(payment[9])) == Decimal("2333.33")


def test_out_of_time_under_a_reading_is_unknown_never_a_guess(capsys) -> None:
    out = answer(capsys, str(SATURDAY), "--timeout", "0.001", code=3)
    assert (out["status"], out["total_payments"], out["schedule"]) == ("unknown", None, [])
    assert "ran out of time" in out["message"] and out["robust"] is True
    assert len(out["by_reading"]) == 4
    if out["upper_bound"] is not None:  # what is proved never excludes the optimum
        assert Decimal(out["upper_bound"]) >= Decimal("2333.33")
    if out["lower_bound"] is not None:
        assert Decimal(out["lower_bound"]) <= Decimal("2333.33")


def test_expect_worst_case_robust_is_checked_by_rrcheck_test(tmp_path: Path, capsys) -> None:
    assert cli.main(["test", str(SATURDAY), str(LEAST)]) == 0
    capsys.readouterr()
    # the 2003 over-long suspension: 1,500.00 under the defaults, 17,250.00 over every reading
    # (overlength = whole: all 23 calendar days of 5-27 April restricted; docs/user-guide.md)
    text = OVERLONG.read_text()
    robust = tmp_path / "overlong-robust.toml"
    robust.write_text(
        text.replace('total_payments = "1500.00"', 'robust = true\ntotal_payments = "17250.00"')
    )
    assert cli.main(["test", str(robust)]) == 0
    capsys.readouterr()
    stale = tmp_path / "overlong-stale.toml"
    stale.write_text(
        text.replace('total_payments = "1500.00"', "robust = true\n" + 'total_payments = "1500.00"')
    )
    assert cli.main(["test", str(stale)]) == 1
    assert 'expected "1500.00", got "17250.00"' in capsys.readouterr().out


def test_no_placement_under_any_reading_is_infeasible_naming_the_bounds(
    tmp_path: Path, capsys
) -> None:
    # a start window of Saturday and Sunday 30-31 March 2024: no business day to start on
    path = tmp_path / "weekend.toml"
    text = SATURDAY.read_text().split("[expect")[0]
    path.write_text(
        text.replace(
            "earliest = 2024-04-01, latest = 2024-04-02",
            "earliest = 2024-03-30, latest = 2024-03-31",
        )
    )
    out = answer(capsys, str(path), code=1)
    assert (out["status"], out["total_payments"], out["spread"]) == ("infeasible", None, None)
    assert {o["subject"] for o in out["obstacles"]} == {"p1"}
    assert [r["status"] for r in out["by_reading"]] == ["infeasible"] * 4
