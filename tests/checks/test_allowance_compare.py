"""``rrcheck compare`` under a term profile (checks/allowance_compare.py): each column is the
profile's ``validate`` verdict, as the scenario files' [expect] say; files under different
agreements are refused (exit 2, naming each file and its agreement)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checks import cli

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "scenarios" / "profiles"
AGGREGATE = sorted(PROFILES.glob("aggregate-60-in-12-months-*-broken.toml")) + sorted(
    PROFILES.glob("aggregate-60-in-12-months-*-compliant.toml")
)
GAP_BROKEN = PROFILES / "gap-10-trading-days-across-good-friday-broken.toml"
GAP_COMPLIANT = PROFILES / "gap-10-trading-days-across-good-friday-compliant.toml"
NOTICE = PROFILES / "one-per-year-notice-broken.toml"  # not robust: notice-day flips it
PIPE = PROFILES / "pipe-cap-cuts-late-filing-payments.toml"  # late filing and effectiveness
TENTH = ROOT / "scenarios" / "3h-min-gap-tenth-business-day-compliant.toml"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def expect_of(path: Path) -> dict[str, Any]:
    expect: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))["expect"]
    return expect


def validated(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "validate", path, "--format", "json", *more)
    assert code in (0, 1)
    found: dict[str, Any] = json.loads(out)
    return found


@pytest.mark.parametrize(
    "paths", [[GAP_BROKEN, GAP_COMPLIANT], AGGREGATE], ids=["gap", "aggregate-60"]
)
def test_each_column_is_the_verdict_the_files_expect(
    capsys: pytest.CaptureFixture[str], paths: list[Path]
) -> None:
    assert len(paths) >= 2
    code, out, err = run(capsys, "compare", *paths, "--format", "json")
    assert code == 0, err
    cases = json.loads(out)["cases"]
    assert [c["file"] for c in cases] == [str(p) for p in paths]
    for case, path in zip(cases, paths, strict=True):
        expect = expect_of(path)
        assert case["compliant"] is expect["compliant"], path.name
        assert case["violations"] == sorted(expect["violations"]), path.name
        assert case["total_payments"] == expect["total_payments"], path.name
        for sid, day in expect.get("restricted_from", {}).items():
            got = next(s for s in case["suspensions"] if s["id"] == sid)["restricted_from"]
            assert got == (None if day == "none" else day.isoformat()), (path.name, sid)
    rows = {(r["group"], r["label"]): r for r in json.loads(out)["rows"]}
    verdicts = ["compliant" if expect_of(p)["compliant"] else "not compliant" for p in paths]
    assert rows[("verdict", "verdict")]["values"] == verdicts
    assert rows[("verdict", "verdict")]["differs"]


def test_a_case_is_validates_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    """The columns are validate's answers, reading by reading (the one file not robust)."""
    code, out, err = run(
        capsys, "compare", NOTICE, "--interpretation", "notice-day=*", "--format", "json"
    )
    assert code == 0, err
    cases = json.loads(out)["cases"]
    assert [c["label"] for c in cases] == ["notice-day=next-business-day", "notice-day=as-given"]
    for case in cases:
        reading = f"notice-day={case['interpretation']['notice-day']}"
        alone = validated(capsys, NOTICE, "--interpretation", reading)
        assert case["agreement"] == alone["agreement"] == "one-per-year-90-days"
        assert case["compliant"] is alone["compliant"]
        assert case["violations"] == sorted(
            f"{v['rule']}:{v['subject']}" for v in alone["violations"]
        )
        assert case["subjects"] == alone["subjects"]
        assert case["total_payments"] == alone["total_payments"]
    assert [c["compliant"] for c in cases] == [False, True]  # [expect] robust = false, notice-day
    rows = {(r["group"], r["label"]): r["values"] for r in json.loads(out)["rows"]}
    assert rows[("finding", "allowance.notice s1")] == ["broken", "kept"]


def test_the_text_names_the_agreement_the_findings_and_the_payments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "compare", GAP_BROKEN, GAP_COMPLIANT, "--width", "160")
    assert code == 0, err
    assert "agreement: 20 days each, 50 in any 12 months, 10 trading days apart" in out
    assert "Suspensions (3(m))" in out and "Payments (2(d))" in out
    lines = {
        line.split()[1] if line.startswith("  *") else line.split()[0]: line
        for line in out.splitlines()
        if line.strip()
    }
    assert "broken" in lines["allowance.gap"] and "kept" in lines["allowance.gap"]
    assert lines["allowance.gap"].startswith("  * ")
    assert "1,666.67" in lines["total"] and "0.00" in lines["total"]
    assert "restricted on every day from 2024-04-04" in out
    assert "3h" not in out and "2(b)" not in out  # no 2003 section in a profile's table


def test_late_registration_findings_have_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "compare", PIPE, "--interpretation", "lead-time=*", "--format", "json"
    )
    assert code == 0
    rows = {(r["group"], r["label"]): r["values"] for r in json.loads(out)["rows"]}
    assert rows[("finding", "filing.deadline registration")] == ["broken", "broken"]
    assert rows[("subject", "registration")] == ["not compliant", "not compliant"]


def test_the_workbook_has_the_profile_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "c.xlsx"
    code, _, err = run(
        capsys, "compare", GAP_BROKEN, GAP_COMPLIANT, "--format", "xlsx", "-o", target
    )
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    rows = {(r[0], r[1]): r[2:] for r in book["Comparison"].iter_rows(values_only=True)}
    assert rows[("verdict", "verdict")] == ("not compliant", "compliant")
    assert rows[("finding", "allowance.gap s2")] == ("broken", "kept")
    assert [float(x) for x in rows[("payments", "total payments")]] == [1666.67, 0.0]
    readings = [r[3] for r in book["Cases"].iter_rows(min_row=2, values_only=True)]
    assert readings == ["notice-day=next-business-day, lead-time=nth-business-day"] * 2


@pytest.mark.parametrize(
    ("other", "named"),
    [(AGGREGATE[0], "aggregate-60-days-in-12-months"), (TENTH, "the 2003 agreement")],
    ids=["two-profiles", "profile-and-2003"],
)
def test_files_under_different_agreements_are_refused(
    capsys: pytest.CaptureFixture[str], other: Path, named: str
) -> None:
    code, out, err = run(capsys, "compare", GAP_BROKEN, other)
    assert code == 2 and out == ""
    assert f"{GAP_BROKEN}: twenty-each-fifty-in-12-months-gap-10-trading-days" in err
    assert f"{other}: {named}" in err
    assert "Traceback" not in err


def test_a_term_a_profile_does_not_read_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compare", GAP_BROKEN, "--interpretation", "spacing=*")
    assert code == 2
    assert "spacing" in err and "notice-day and lead-time" in err


def test_a_planned_suspension_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    planned = PROFILES / "gap-10-trading-days-find-earliest-start-across-good-friday.toml"
    code, _, err = run(capsys, "compare", planned, GAP_BROKEN)
    assert code == 2 and "planned suspension" in err and str(planned) in err
    assert "compare checks fixed schedules" in err  # the command run, not validate


def test_a_planned_suspension_of_the_2003_agreement_is_refused_by_compare(capsys) -> None:
    planned = ROOT / "scenarios" / "plan-find-latest-start-before-fixed-suspension.toml"
    code, out, err = run(capsys, "compare", TENTH, planned)
    assert (code, out) == (2, "")
    assert err == (
        f"rrcheck: {planned}: suspensions[0]: planned suspension 'p1' (start is a range, length "
        "is given): compare checks fixed schedules; use find or worst-case\n"
    )


def test_two_profile_files_of_one_id_with_other_terms_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Compare lines up one agreement: two user files that share an id (not a bundled one)
    but not their terms are two agreements, refused as such."""
    bundled = ROOT / "model" / "agreements" / "aggregate-60-days-in-12-months.toml"
    text = bundled.read_text(encoding="utf-8").replace(
        'id = "aggregate-60-days-in-12-months"', 'id = "mine"'
    )
    assert 'id = "mine"' in text and "n = 60\n" in text
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(text.replace("n = 60\n", "n = 61\n"), encoding="utf-8")
    scenario = AGGREGATE[0].read_text(encoding="utf-8")
    agreement = 'agreement = "aggregate-60-days-in-12-months"'
    assert agreement in scenario
    paths = []
    for name in ("a", "b", "a"):
        path = tmp_path / f"s-{name}-{len(paths)}.toml"
        path.write_text(scenario.replace(agreement, f'agreement_file = "{name}.toml"'))
        paths.append(path)
    code, out, err = run(capsys, "compare", paths[0], paths[2], "--format", "json")
    assert code == 0, err  # one profile file, twice: one agreement
    assert {c["agreement"] for c in json.loads(out)["cases"]} == {"mine"}
    code, out, err = run(capsys, "compare", paths[0], paths[1])
    assert code == 2 and out == ""
    assert "'mine'" in err and str(tmp_path / "b.toml") in err and str(paths[1]) in err
