"""Every command's ``unknown`` from a time-out says the same words, "out of time (the time-out
is N s a solver call)" (``model.solver.out_of_time``), in text and in JSON: never Z3's own
reason ("canceled", "timeout"), which tells a user nothing. Each runs with a 1 ms time-out,
under which none of these questions is answered (CONTRACT.md: `unknown`, exit 3)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import z3

from checks import cli

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PROFILES = SCENARIOS / "profiles"
WORDS = "out of time (the time-out is 0.001 s a solver call)"
RAW = re.compile(r"\b(canceled|timeout)\b")  # Z3's reason_unknown() for a time-out

COMMANDS = {
    "find": ["find", str(SCENARIOS / "plan-find-latest-start-before-fixed-suspension.toml")]
    + ["--latest-start", "p1"],
    "find, a profile": ["find", "--earliest-start", "p2"]
    + [str(PROFILES / "one-per-year-find-earliest-start-of-a-second-planned.toml")],
    "worst-case": ["worst-case", str(SCENARIOS / "plan-worst-case-max-min-gap-window.toml")],
    "worst-case --robust": ["worst-case", "--robust"]
    + [str(SCENARIOS / "plan-worst-case-max-min-gap-window.toml")],
    "worst-case, a profile": ["worst-case"]
    + [str(PROFILES / "monthly-worst-case-max-anniversaries-across-february.toml")],
    "worst-case --robust, a profile": ["worst-case", "--robust"]
    + [str(PROFILES / "one-per-year-worst-case-robust-notice-on-a-saturday.toml")],
    "prove": ["prove"],
    "prove --agreement": ["prove", "--agreement", "one-per-year-90-days"],
}


def _run(capsys: pytest.CaptureFixture[str], args: list[str], form: str) -> str:
    code = cli.main([*args, "--timeout", "0.001", "--format", form])
    out, err = capsys.readouterr()
    assert code == 3, out + err
    return out + err


@pytest.mark.parametrize("form", ["text", "json"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_time_out_says_out_of_time_and_the_time_out(capsys, command, form) -> None:
    said = _run(capsys, COMMANDS[command], form)
    assert WORDS in said
    assert not RAW.search(said), RAW.search(said)


def test_each_property_prove_leaves_unknown_says_why(capsys) -> None:
    # prove answers property by property: each one out of time says so, none says nothing.
    rows = json.loads(_run(capsys, ["prove"], "json"))  # nothing on stderr
    unknown = [r for r in rows if r["status"] == "unknown"]
    assert unknown and all(WORDS in r["detail"] for r in unknown)


class _OutOfTime(z3.Solver):
    """A solver whose every check runs out of time, as Z3 says it ("canceled"): a fixed
    schedule's verdict is found in well under 1 ms on most files, so a real time-out of a
    validate cannot be counted on."""

    def check(self, *assumptions):
        return z3.unknown

    def reason_unknown(self):
        return "canceled"


def _seventeen_suspensions(tmp_path: Path) -> Path:
    """A 2003 scenario of 17 suspensions: past the model built once per shape (16 at most,
    model/bound_model.py), so validate solves a model built for the file."""
    base = (SCENARIOS / "3h-min-gap-ninth-business-day-broken.toml").read_text()
    text = base.split("[[suspensions]]")[0]
    for i in range(17):
        start = dt.date(2004, 1, 5) + dt.timedelta(weeks=3 * i)
        notice, end = start - dt.timedelta(days=7), start + dt.timedelta(days=2)
        text += f'[[suspensions]]\nid = "s{i + 1}"\nadvance_notice = {notice}\n'
        text += f"start = {start}\nend = {end}\n\n"
    path = tmp_path / "seventeen.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("robust", [False, True])
@pytest.mark.parametrize("form", ["text", "json"])
def test_validate_out_of_time_says_the_same_words(tmp_path, capsys, monkeypatch, form, robust):
    import model.verdicts

    monkeypatch.setattr(model.verdicts, "new_solver", lambda settings: _OutOfTime())
    args = ["validate", *(["--robust"] if robust else []), str(_seventeen_suspensions(tmp_path))]
    said = _run(capsys, args, form)
    assert said == f"rrcheck: unknown: the solver gave no answer: {WORDS}\n"
