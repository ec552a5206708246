"""``rrcheck find`` under a term profile at the command line (checks/allowance_find.py): the
three objectives, several planned suspensions, --write, the exit codes, and bad input in one
line naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import cli

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios" / "profiles"
SECOND = SCENARIOS / "one-per-year-find-earliest-start-of-a-second-planned.toml"
GAP_BEFORE = SCENARIOS / "gap-10-trading-days-find-latest-start-before-a-fixed-one.toml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _profile_file(path: Path, name: str, agreement: str, suspensions: str) -> Path:
    """A scenario file at ``path`` under the profile ``agreement``: closing 2 January 2024,
    filed 25 January, effective 1 March, one Investor of 1,000,000.00, and ``suspensions`` (its
    ``[[suspensions]]`` tables)."""
    path.write_text(
        f'[scenario]\nname = "{name}"\nagreement = "{agreement}"\n'
        "[dates]\nclosing = 2024-01-02\nregistration_filed = 2024-01-25\neffective = 2024-03-01\n"
        '[[investors]]\nname = "Fund"\npurchase_price = "1000000.00"\n' + suspensions
    )
    return path


def test_two_planned_suspensions_under_one_per_year(capsys: pytest.CaptureFixture[str]) -> None:
    """p2 waits 12 months from p1's start: p1 at its earliest start (2024-04-01) frees p2 from
    2025-04-01; both answered, each with its notice (one business day before its start)."""
    code, out, _ = _run(capsys, "find", str(SECOND), "--earliest-start", "p2", "--format", "json")
    answer = json.loads(out)
    assert code == 0 and answer["status"] == "optimal"
    assert [(r["id"], r["start"], r["end"]) for r in answer["schedule"]] == [
        ("p1", "2024-04-01", "2024-04-12"),
        ("p2", "2025-04-01", "2025-04-07"),
    ]
    assert [r["notice_by"] for r in answer["schedule"]] == ["2024-03-29", "2025-03-31"]
    # the latest start of p1 is its window's close: p2 may still follow 12 months on
    code, out, _ = _run(capsys, "find", str(SECOND), "--latest-start", "p1", "--format", "json")
    answer = json.loads(out)
    assert (code, answer["suspension"]["start"]) == (0, "2024-06-28")
    assert [(b["rule"], b["subject"]) for b in answer["bound_by"]] == [("plan.start-window", "p1")]


def test_write_fixes_the_answer_and_it_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    written = tmp_path / "fixed.toml"
    code, out, _ = _run(
        capsys, "find", str(GAP_BEFORE), "--latest-start", "p", "--write", str(written)
    )
    assert code == 0 and f"written to {written}" in out.replace("\n      ", " ")
    text = written.read_text()
    assert "start = 2024-03-15\nend = 2024-03-21" in text and "advance_notice" not in text
    assert _run(capsys, "validate", str(written))[0] == 0
    # a day later is the start the gap forbids: s2 is then restricted
    later = text.replace(
        "start = 2024-03-15\nend = 2024-03-21", "start = 2024-03-18\nend = 2024-03-22"
    )
    (tmp_path / "later.toml").write_text(later)
    assert _run(capsys, "validate", str(tmp_path / "later.toml"))[0] == 1


def test_out_of_time_is_unknown_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("find", str(SECOND), "--earliest-start", "p2", "--timeout", "0.001", "--format", "json")
    code, out, _ = _run(capsys, *args)
    answer = json.loads(out)
    assert (code, answer["status"]) == (3, "unknown")
    assert answer["lower_bound"] is not None  # what is proved: not before the window opens


def test_bad_input_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys, "find", str(SECOND), "--earliest-start", "nope")
    assert (code, out) == (2, "")
    assert err == (
        f"rrcheck: {SECOND}: --earliest-start: 'nope' is not a planned suspension of this file "
        "(planned: p1, p2)\n"
    )
    text = SECOND.read_text().replace(
        '[[suspensions]]\nid = "p1"',
        '[[suspensions]]\nid = "late"\nstart = 2025-12-01\nend = 2025-12-05\n\n'
        '[[suspensions]]\nid = "early"\nstart = 2024-03-04\nend = 2024-03-08\n\n'
        '[[suspensions]]\nid = "p1"',
    )
    path = tmp_path / "out-of-order.toml"
    path.write_text(text)
    code, out, err = _run(capsys, "find", str(path), "--earliest-start", "p2")
    assert (code, out) == (2, "")
    assert err.startswith(f"rrcheck: {path}: suspensions[1].start: 'early' begins 2024-03-04")
    assert "list the suspensions in order of start" in err


def test_a_start_window_closing_on_a_weekend_is_bound_by_business_days(tmp_path, capsys) -> None:
    """A start window of Monday 4 to Sunday 10 March 2024: the latest start is Friday 8 March;
    a later one would fall on the weekend, outside no window but off the business days."""
    path = _profile_file(
        tmp_path / "weekend.toml",
        "window closing on a Sunday",
        "twenty-each-fifty-in-12-months-gap-10-trading-days",
        '[[suspensions]]\nid = "p"\nstart = { earliest = 2024-03-04, latest = 2024-03-10 }\n'
        "length = 5\n",
    )
    assert cli.main(["find", str(path), "--latest-start", "p", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["suspension"]["start"], out["suspension"]["end"]) == ("2024-03-08", "2024-03-14")
    bounds = {b["rule"]: b["explanation"] for b in out["bound_by"]}
    assert bounds["plan.business-days"] == "p must start and end on business days"


def test_bounds_with_no_business_day_in_the_words_of_the_2003_find(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A start window of one Saturday admits no placement (a planned suspension starts on a
    business day): infeasible, the obstacle the planned suspension's own bounds, said as the
    2003 agreement's find says them (one day as one date, a single length in business
    day(s))."""
    weekend = tmp_path / "weekend.toml"
    text = GAP_BEFORE.read_text().split("[expect.find]")[0]
    saturday = "start = { earliest = 2024-03-16, latest = 2024-03-16 }"
    weekend.write_text(
        text.replace("start = { earliest = 2024-03-01, latest = 2024-03-29 }", saturday)
    )
    _, out, _ = _run(capsys, "find", str(weekend), "--latest-start", "p", "--format", "json")
    answer = json.loads(out)
    assert answer["status"] == "infeasible", answer
    assert [(o["rule"], o["subject"]) for o in answer["obstacles"]] == [("plan.bounds", "p")]
    assert answer["obstacles"][0]["explanation"] == (
        "the bounds given for p (start 2024-03-16; length 5 business day(s)) admit no placement "
        "on business days apart from the other suspensions"
    )


def test_a_one_day_answer_says_day_and_a_plan_bound_has_no_date(tmp_path, capsys) -> None:
    """Friday 22 March 2024 the only start, and s2 on Monday 8 April: with the gap of 10 trading
    days (Good Friday, 29 March, is none), p ends on the 22nd, one day and one business day; the
    business-days bound is the plan's own and names no day, so no "(-)" is printed."""
    path = _profile_file(
        tmp_path / "one-day.toml",
        "one day left before a fixed suspension",
        "twenty-each-fifty-in-12-months-gap-10-trading-days",
        '[[suspensions]]\nid = "p"\nstart = { earliest = 2024-03-22, latest = 2024-03-22 }\n'
        "length = { min = 1, max = 20 }\n"
        '[[suspensions]]\nid = "s2"\nstart = 2024-04-08\nend = 2024-04-09\n',
    )
    code, out, _ = _run(capsys, "find", str(path), "--longest", "p")
    assert code == 0
    assert "the longest allowed: 2024-03-22 to 2024-03-22 (1 day, 1 business day)" in out
    assert "bound by plan.business-days: p must start and end on business days" in out
    assert "(-)" not in out
    assert "bound by allowance.gap (2024-04-08):" in out


def test_a_start_fixed_on_a_monday_binds_the_longest_through_the_friday_before(
    tmp_path, capsys
) -> None:
    """20 calendar days at most: from Monday 1 April 2024 the longest ends Friday 19 April (19
    days; Saturday 20 April would be the 20th but is no business day). A start on Friday 29
    March, the business day before the start the file fixes, would run 20 days to Wednesday 17
    April: so the fixed start binds as well as the length, though one calendar day earlier
    (Sunday 31 March) is no business day and would gain nothing."""
    path = _profile_file(
        tmp_path / "monday.toml",
        "a start fixed on a Monday",
        "monthly-two-percent-capped-12-percent",
        '[[suspensions]]\nid = "p"\nstart = 2024-04-01\n'
        "end = { earliest = 2024-04-01, latest = 2024-05-31 }\n",
    )
    code, out, _ = _run(capsys, "find", str(path), "--longest", "p", "--format", "json")
    answer = json.loads(out)
    assert (code, answer["suspension"]["start"], answer["suspension"]["end"]) == (
        0,
        "2024-04-01",
        "2024-04-19",
    )
    assert sorted(b["rule"] for b in answer["bound_by"]) == [
        "allowance.length",
        "plan.business-days",
        "plan.start-window",
    ]


def test_an_end_window_closing_on_a_friday_binds_the_latest_start(tmp_path, capsys) -> None:
    """Five business days exactly, ending by Friday 15 March 2024: the latest start is Monday
    11 March. Saturday 16 March is no business day, and a start on Tuesday 12 March would end
    on Monday 18 March, the business day after the end window closes: the end window binds."""
    path = _profile_file(
        tmp_path / "friday.toml",
        "an end window closing on a Friday",
        "monthly-two-percent-capped-12-percent",
        '[[suspensions]]\nid = "p"\nstart = { earliest = 2024-03-04, latest = 2024-03-29 }\n'
        "end = { earliest = 2024-03-04, latest = 2024-03-15 }\nlength = 5\n",
    )
    code, out, _ = _run(capsys, "find", str(path), "--latest-start", "p", "--format", "json")
    answer = json.loads(out)
    assert (code, answer["suspension"]["start"]) == (0, "2024-03-11")
    assert "plan.end-window" in [b["rule"] for b in answer["bound_by"]]
