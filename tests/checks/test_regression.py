"""`rrcheck test` and the pytest plugin: a bundled scenario passes, and each edited
expectation fails with a readable expected-versus-got line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SIXTEEN = SCENARIOS / "3h-max-length-sixteen-business-days-broken.toml"
FIND = SCENARIOS / "plan-find-latest-start-before-fixed-suspension.toml"
WORST = SCENARIOS / "plan-worst-case-max-min-gap-window.toml"


def run(capsys, *args):
    code = main(["test", *map(str, args)])
    return code, capsys.readouterr().out


def edited(tmp_path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new))
    return target


def test_bundled_scenario_passes(capsys):
    code, out = run(capsys, SIXTEEN)
    assert code == 0
    assert out.splitlines()[-1] == "1 passed, 0 failed"


@pytest.mark.parametrize(
    ("source", "old", "new", "diff"),
    [
        (SIXTEEN, "compliant = false", "compliant = true", "compliant: expected true, got false"),
        (
            SIXTEEN,
            '"suspension.max-length:s1"',
            '"suspension.min-gap:s1"',
            "violations: expected [suspension.min-gap:s1], got [suspension.max-length:s1]",
        ),
        (
            SIXTEEN,
            'total_payments = "750.00"',
            'total_payments = "751.00"',
            'total_payments: expected "751.00", got "750.00"',
        ),
        (
            SIXTEEN,
            "s1 = 2004-03-22",
            "s1 = 2004-03-23",
            "restricted_from.s1: expected 2004-03-23, got 2004-03-22",
        ),
        (SIXTEEN, "s1 = true", "s1 = false", "permitted.s1: expected false, got true"),
        (SIXTEEN, "robust = true", "robust = false", "robust: expected false, got true"),
        (
            FIND,
            "start = 2004-02-09",
            "start = 2004-02-10",
            "find.start: expected 2004-02-10, got 2004-02-09",
        ),
    ],
)
def test_each_edited_expectation_fails_with_a_diff(capsys, tmp_path, source, old, new, diff):
    code, out = run(capsys, edited(tmp_path, source, old, new))
    assert code == 1
    assert out.startswith("FAIL ")
    assert diff in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_worst_case_total_is_compared(capsys, tmp_path):
    text = WORST.read_text()
    target = tmp_path / WORST.name
    target.write_text(text.replace('total_payments = "3750.00"', 'total_payments = "1.00"'))
    code, out = run(capsys, target)
    assert code == 1 and 'worst-case.total_payments: expected "1.00", got "3750.00"' in out


def test_a_folder_is_searched_recursively_and_bad_input_exits_2(capsys, tmp_path):
    (tmp_path / "deal").mkdir()
    shutil.copy(SIXTEEN, tmp_path / "deal" / SIXTEEN.name)
    (tmp_path / "broken.toml").write_text("[scenario]\nname = 'x'\n[expect]\ncompliant = 1\n")
    code, out = run(capsys, tmp_path)
    assert code == 2
    assert "PASS" in out and "FAIL" in out and "1 passed, 1 failed" in out


def without_expectations(tmp_path) -> Path:
    text = SIXTEEN.read_text()
    target = tmp_path / "no-expect.toml"
    target.write_text(text[: text.index("[expect")])
    return target


def test_a_file_named_without_expectations_is_listed_as_skipped(capsys, tmp_path):
    bare = without_expectations(tmp_path)
    code, out = run(capsys, bare, SIXTEEN)
    assert code == 0
    assert f"SKIP  {bare}" in out  # the reason may wrap under it at 100 columns
    assert f"SKIP {bare} no [expect] table: nothing to check" in " ".join(out.split())
    assert out.splitlines()[-1] == "1 passed, 0 failed, 1 skipped"
    main(["test", "--format", "json", str(bare), str(SIXTEEN)])
    document = json.loads(capsys.readouterr().out)
    assert document["skipped"] == [str(bare)] and document["passed"] == 1


def test_a_run_that_checks_nothing_fails(capsys, tmp_path):
    # CI pointed at the wrong folder, or at files without [expect], must not pass quietly.
    code, out = run(capsys, without_expectations(tmp_path))
    assert code == 1
    assert out.splitlines()[-1] == (
        "0 passed, 0 failed, 1 skipped: no scenario file with an [expect] table was checked"
    )
    (tmp_path / "empty").mkdir()
    code, out = run(capsys, tmp_path / "empty")
    assert code == 1
    assert out == "0 passed, 0 failed: no scenario file with an [expect] table was checked\n"


def test_files_without_expectations_in_a_folder_are_passed_over(capsys, tmp_path):
    # A folder of scenarios may hold files that are not tests; only files named are listed.
    without_expectations(tmp_path)
    shutil.copy(SIXTEEN, tmp_path / SIXTEEN.name)
    code, out = run(capsys, tmp_path)
    assert code == 0 and "SKIP" not in out
    assert out.splitlines()[-1] == "1 passed, 0 failed"


def test_pytest_collects_scenario_files_in_a_fresh_folder(tmp_path):
    shutil.copy(SIXTEEN, tmp_path / SIXTEEN.name)
    shutil.copy(FIND, tmp_path / FIND.name)
    (tmp_path / "wrong.toml").write_text(
        SIXTEEN.read_text()
        .replace('total_payments = "750.00"', 'total_payments = "9.00"')
        .replace("Sixteen", "Edited sixteen")
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "1 failed, 2 passed" in done.stdout, done.stdout
    assert 'total_payments: expected "9.00", got "750.00"' in done.stdout
