"""``rrcheck worst-case`` and ``rrcheck prove --agreement`` under a term profile, on the command
line: the answer's JSON shape (CONTRACT.md), exit statuses, and bad input in one line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from checks import cli

ROOT = Path(__file__).resolve().parents[2]
MONTHLY = ROOT / "scenarios/profiles/monthly-worst-case-max-anniversaries-across-february.toml"
PIPE = ROOT / "scenarios/profiles/pipe-cap-cuts-late-filing-payments.toml"


def test_worst_case_under_a_profile_gives_contracts_json(capsys) -> None:
    assert cli.main(["worst-case", str(MONTHLY), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["status"], out["objective"], out["total_payments"]) == (
        "optimal",
        "max-payments",
        "20645.16",
    )
    assert out["agreement"] == "monthly-two-percent-capped-12-percent"
    assert out["schedule"] == [{"id": "p1", "start": "2025-01-31", "end": "2025-02-28"}]
    assert [p["amount"] for p in out["payments"]] == ["20000.00", "645.16"]
    assert out["violations"][0]["rule"] == "allowance.count"


def test_worst_case_least_and_an_investors_payments(capsys) -> None:
    assert cli.main(["worst-case", str(MONTHLY), "--least", "--investor", "Fund"]) == 0
    text = capsys.readouterr().out
    assert "optimal: total payments 18709.68" in text and "to Fund: 18709.68" in text
    assert "p1: 2025-01-27 to 2025-02-24" in text


def test_no_placement_fits_the_bounds_exits_1_naming_them(tmp_path, capsys) -> None:
    text = MONTHLY.read_text().replace("length = 20", "end = 2025-01-20")
    path = tmp_path / "late.toml"
    path.write_text(text.split("[expect")[0])
    assert cli.main(["worst-case", str(path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible"
    assert {o["subject"] for o in out["obstacles"]} == {"p1"}


def test_worst_case_refuses_what_it_does_not_answer_under_a_profile_in_one_line(capsys) -> None:
    assert cli.main(["worst-case", str(PIPE)]) == 2  # no planned suspension
    err = capsys.readouterr().err
    assert "suspensions" in err and err.count("\n") == 1 and "Traceback" not in err
    assert cli.main(["worst-case", str(PIPE), "--robust", "--format", "xlsx", "-o", "w.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "suspensions" in err and err.count("\n") == 1 and "Traceback" not in err


def test_prove_under_a_profile(capsys) -> None:
    assert cli.main(["prove", "--agreement", "calendar-year-120-days", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["property"] == "calendar-year-120-days:aggregate-1"
    assert row["status"] == "proved" and "120" in row["statement"]
    assert cli.main(["prove", "--agreement", "focus-enhancements-2003"]) == 2
    assert "without --agreement" in capsys.readouterr().err
    assert cli.main(["prove", "--agreement", "no-such-profile"]) == 2
    assert "no bundled profile" in capsys.readouterr().err


def test_out_of_time_is_unknown_with_what_is_proved(capsys) -> None:
    """A time-out too short for any answer: exit 3, status unknown, and a bound proved by
    arithmetic (the cap, or every run at its longest), never a total."""
    args = ["worst-case", str(MONTHLY), "--format", "json", "--timeout", "0.001"]
    status = cli.main(args)
    out = json.loads(capsys.readouterr().out)
    assert (status, out["status"], out["total_payments"]) == (3, "unknown", None)
    assert Decimal(out["upper_bound"]) >= Decimal("20645.16")  # what the optimum is
    assert out["best_bound"] is None or Decimal(out["best_bound"]) <= Decimal("20645.16")
    assert "ran out of time" in out["message"]
