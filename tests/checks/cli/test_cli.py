"""``rrcheck validate`` from the command line, run in-process: exit statuses, one-line input
errors naming the file and the field, the CONTRACT.md JSON shape and the text report."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import checks.validate
from checks import cli
from checks.reports import report, terminal, terminal_page
from model.calendars import CalendarCoverageError
from model.findings import Episode, Note, Payment, SuspensionStatus, Verdict, Violation
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.loading import load_scenario
from model.reference import evaluate
from model.registration import RegistrationPeriod, RegistrationTimeline
from model.rules import RULES_BY_ID
from model.solver import SolverUnknown
from tests import builders

D = dt.date.fromisoformat

# RFD: bd_after(Thu 2003-08-14, 5) = Thu 2003-08-21; IRED 2003-10-01 + 5 days = 2003-10-06.
# s1 Wed 2004-01-07 .. Tue 2004-01-20 (9 business days: MLK day 2004-01-19 is a holiday), notice
# Mon 2004-01-05 (bd_after 2 = Wed 2004-01-07). s2 may begin on bd_after(2004-01-20, 10) =
# Tue 2004-02-03; its notice Fri 2004-01-30 gives bd_after 2 = Tue 2004-02-03.
COMPLIANT = """\
[scenario]
name = "Two suspensions, properly spaced"
[dates]
quarterly_report_filed = 2003-08-14
registration_filed = 2003-08-21
sec_clearance_notice = 2003-10-01
effective = 2003-10-03
transfer_agent_opinion = 2003-10-08
[[investors]]
name = "SF Capital Partners Ltd."
purchase_price = "1500000.00"
[[suspensions]]
id = "s1"
advance_notice = 2004-01-05
start = 2004-01-07
end = 2004-01-20
[[suspensions]]
id = "s2"
advance_notice = 2004-01-30
start = 2004-02-03
end = 2004-02-05
"""

# s2 one business day early (Mon 2004-02-02, notice Thu 2004-01-29 still two business days
# ahead): min-gap broken, so s2 is restricted on every day, Feb 2..5:
# 4 days x 1,500,000 x 1.5% / 30 = 3,000.00, due bd_after(cure Fri Feb 6, 3) = Wed Feb 11.
BROKEN = (
    COMPLIANT.replace(
        'name = "Two suspensions, properly spaced"', 'name = "Second suspension too soon"'
    )
    .replace("start = 2004-02-03", "start = 2004-02-02")
    .replace("advance_notice = 2004-01-30", "advance_notice = 2004-01-29")
)

CONTRACT_KEYS = {
    "scenario",
    "compliant",
    "interpretation",
    "dates",
    "suspensions",
    "violations",
    "payments",
    "total_payments",
}
DATE_KEYS = {
    "required_filing_date",
    "initial_required_effective_date",
    "registration_period_start",
    "registration_period_end",
}
SUSPENSION_KEYS = {"id", "start", "end", "business_days", "permitted", "restricted_from", "outside"}
VIOLATION_KEYS = {"rule", "subject", "section", "message"}
PAYMENT_KEYS = {
    "investor",
    "trigger",
    "subject",
    "restricted_sale_date",
    "computation_date",
    "days",
    "amount",
    "due",
}


@pytest.fixture(autouse=True)
def internal_errors_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defect in the code under test shows its traceback here, not a quiet exit 70."""
    monkeypatch.setenv(cli.DEBUG_ENVIRONMENT, "1")


def write(tmp_path: Path, text: str, name: str = "deal.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def is_iso_date(value: object) -> bool:
    return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value


def is_money(value: object) -> bool:
    return isinstance(value, str) and str(Decimal(value).quantize(Decimal("0.01"))) == value


# -- bad input: exit 2, one line "rrcheck: FILE: FIELD: message", no traceback ------------------

BAD_INPUT = [
    ("broken TOML", COMPLIANT.replace('purchase_price = "1500000.00"', "purchase_price = "), ""),
    (
        "misspelt field",
        COMPLIANT.replace("end = 2004-01-20", "ende = 2004-01-20"),
        "suspensions[0].ende",
    ),
    (
        "missing required field",
        COMPLIANT.replace("effective = 2003-10-03\n", ""),
        "dates.effective",
    ),
    ("wrong type", COMPLIANT.replace('id = "s1"', "id = 1"), "suspensions[0].id"),
    (
        "impossible date as a string",
        COMPLIANT.replace("start = 2004-01-07", 'start = "2004-13-01"'),
        "suspensions[0].start",
    ),
    (
        # tomllib refuses the whole file ("Invalid date or datetime (at line 14, column 9)"),
        # but CONTRACT.md asks that an impossible date name its field
        "impossible bare date",
        COMPLIANT.replace("start = 2004-01-07", "start = 2004-02-30"),
        "suspensions[0].start",
    ),
    (
        # a month out of range is read by tomllib as the number 2004 and then junk
        "bare date with month 13",
        COMPLIANT.replace("end = 2004-02-05", "end = 2004-13-05"),
        "suspensions[1].end",
    ),
    (
        "impossible bare date in a list",
        COMPLIANT.replace("[dates]", "extra_closures = [2003-12-26, 2003-11-31]\n[dates]"),
        "scenario.extra_closures[1]",
    ),
    (
        "a date and time",
        COMPLIANT.replace("start = 2004-01-07", "start = 2004-01-07T09:30:00"),
        "suspensions[0].start",
    ),
    (
        "money as a float",
        COMPLIANT.replace('"1500000.00"', "1500000.0"),
        "investors[0].purchase_price",
    ),
    (
        "negative purchase_price",
        COMPLIANT.replace('"1500000.00"', '"-1500000.00"'),
        "investors[0].purchase_price",
    ),
    (
        "end before start",
        COMPLIANT.replace("end = 2004-01-20", "end = 2004-01-06"),
        "suspensions[0].end",
    ),
    (
        "overlapping suspensions",
        COMPLIANT.replace("start = 2004-02-03", "start = 2004-01-20"),
        "suspensions[1].start",
    ),
    ("duplicate ids", COMPLIANT.replace('id = "s2"', 'id = "s1"'), "suspensions[1].id"),
    (
        "unknown calendar",
        COMPLIANT.replace("[dates]", 'calendar = "lse"\n[dates]'),
        "scenario.calendar",
    ),
    (
        "unknown interpretation in the file",
        COMPLIANT + '[interpretation]\nspaceing = "tenth-business-day"\n',
        "interpretation.spaceing",
    ),
    (
        "unknown reading in the file",
        COMPLIANT + '[interpretation]\nspacing = "eleventh-business-day"\n',
        "interpretation.spacing",
    ),
    (
        "a date outside the calendar's coverage",
        COMPLIANT.replace("end = 2004-02-05", "end = 2060-02-05"),
        "suspensions[1].end",
    ),
]


@pytest.mark.parametrize(("case", "text", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_exits_2_with_one_line_naming_the_file_and_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str, text: str, field: str
) -> None:
    path = write(tmp_path, text)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2, err
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"rrcheck: {path}: {field}: " if field else f"rrcheck: {path}: ")
    assert "Traceback" not in err


def test_broken_toml_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, BAD_INPUT[0][1])
    _, _, err = run(capsys, "validate", str(path))
    assert err.startswith(f"rrcheck: {path}: not valid TOML")


def test_a_file_that_does_not_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith(f"rrcheck: {path}: cannot read the file")


def test_a_folder_given_as_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"rrcheck: {tmp_path}: cannot read the file")


def test_a_file_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_bytes(b"[scenario]\nname = '\xff'\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and err == f"rrcheck: {path}: the file is not UTF-8 text\n"


def test_broken_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, '{"scenario": {"name": "x"}, "dates": ', "deal.json")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f"rrcheck: {path}: not valid JSON (line 1, column")


def test_a_planned_suspension_is_refused_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    planned = COMPLIANT.replace(
        'id = "s2"\nadvance_notice = 2004-01-30\nstart = 2004-02-03\nend = 2004-02-05',
        'id = "p1"\nstart = { earliest = 2004-02-03, latest = 2004-03-01 }\nlength = 5',
    )
    path = write(tmp_path, planned)
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"rrcheck: {path}: suspensions[1]: planned suspension 'p1' (start is a range, length is "
        "given): validate checks fixed schedules; use find or worst-case\n"
    )


def test_a_planned_suspension_in_any_file_stops_before_any_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, COMPLIANT, "good.toml")
    planned = write(
        tmp_path,
        COMPLIANT.replace(
            "end = 2004-02-05", "end = { earliest = 2004-02-05, latest = 2004-02-09 }"
        ),
        "planned.toml",
    )
    code, out, err = run(capsys, "validate", str(good), str(planned))
    assert (code, out) == (2, "")
    assert err.startswith(f"rrcheck: {planned}: suspensions[1]: planned suspension 's2' (end is")


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("colour=red", "colour"),
        ("spacing=eleventh-business-day", "spacing"),
        ("spacing", "spacing"),
    ],
)
def test_unknown_interpretation_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setting: str, named: str
) -> None:
    path = write(tmp_path, COMPLIANT)
    code, out, err = run(capsys, "validate", str(path), "--interpretation", setting)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith(f"rrcheck: --interpretation: {named}")


@pytest.mark.parametrize(
    ("command", "second"),
    [
        ("validate", "spacing=tenth-business-day"),
        ("validate", " spacing = ten-clear-business-days"),  # the same reading, spaced
        ("compare", "spacing=tenth-business-day"),
        ("compare", "spacing=*"),
    ],
)
def test_a_term_given_twice_on_the_command_line_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, second: str
) -> None:
    """CONTRACT.md's bad input: two readings of one term are refused, the last not kept."""
    path = str(write(tmp_path, COMPLIANT))
    first = "spacing=ten-clear-business-days"
    args = [command, path, "--interpretation", first, "--interpretation", second]
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line == (
        f"rrcheck: --interpretation: spacing given twice ({first}, {second.strip()}); "
        "give each term once"
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["validate"],
        ["validate", "x.toml", "--format", "yaml"],
        ["validate", "x.toml", "--timeout", "soon"],
        ["frobnicate", "x.toml"],
    ],
    ids=["no command", "no file", "unknown format", "timeout not a number", "unknown command"],
)
def test_usage_errors_return_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and "usage: rrcheck" in err and "Traceback" not in err


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_timeout_must_be_a_positive_number_of_seconds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, timeout: str
) -> None:
    code, _, err = run(capsys, "validate", str(write(tmp_path, COMPLIANT)), "--timeout", timeout)
    assert code == 2 and err.startswith("rrcheck: --timeout: ")


def test_help_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "--interpretation NAME=VALUE" in out


def test_a_calendar_coverage_error_met_while_checking_names_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_coverage(*args: Any, **kwargs: Any) -> Verdict:
        raise CalendarCoverageError("2051-01-03 is outside 1986 to 2050")

    monkeypatch.setattr(checks.validate, "validate", out_of_coverage)
    path = write(tmp_path, COMPLIANT)
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (2, "")
    assert err == f"rrcheck: {path}: calendar: 2051-01-03 is outside 1986 to 2050\n"


# -- the other exit statuses ---------------------------------------------------------------------


def test_compliant_exits_0_and_a_broken_rule_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "validate", str(write(tmp_path, COMPLIANT)))[0] == 0
    assert run(capsys, "validate", str(write(tmp_path, BROKEN)))[0] == 1


def test_a_solver_that_gives_no_answer_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gives_up(*args: Any, **kwargs: Any) -> Verdict:
        raise SolverUnknown("the solver gave no answer: timeout")

    monkeypatch.setattr(checks.validate, "validate", gives_up)
    code, out, err = run(capsys, "validate", str(write(tmp_path, COMPLIANT)), "--timeout", "0.5")
    assert (code, out) == (3, "")
    assert err == "rrcheck: unknown: the solver gave no answer: timeout\n"


def test_an_internal_error_is_one_line_and_exits_70(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def defect(*args: Any, **kwargs: Any) -> Verdict:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(checks.validate, "validate", defect)
    path = str(write(tmp_path, COMPLIANT))
    with pytest.raises(ZeroDivisionError):  # RRCHECK_DEBUG (set for every test here) re-raises
        cli.main(["validate", path])
    monkeypatch.delenv(cli.DEBUG_ENVIRONMENT)
    code, out, err = run(capsys, "validate", path)
    assert (code, out) == (70, "")
    assert err == "rrcheck: internal error: ZeroDivisionError: a defect\n"


def test_validate_is_called_with_the_timeout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    real = checks.validate.validate

    def spy(scenario: Any, settings: Any = None, *args: Any, **kwargs: Any) -> Verdict:
        seen.append(settings.timeout_seconds)
        return real(scenario, settings, *args, **kwargs)

    monkeypatch.setattr(checks.validate, "validate", spy)
    run(capsys, "validate", str(write(tmp_path, COMPLIANT)), "--timeout", "7.5")
    assert seen == [7.5]


# -- JSON -----------------------------------------------------------------------------------------


def assert_contract_shape(data: dict[str, Any]) -> None:
    """Every CONTRACT.md key of the validate object, with the type the contract gives it."""
    assert set(data) >= CONTRACT_KEYS
    assert isinstance(data["scenario"], str)
    assert isinstance(data["compliant"], bool)
    assert set(data["interpretation"]) == {
        "spacing",
        "count",
        "overlength",
        "notice",
        "penalty-window",
        "leap-day",
        "notice-day",
        "lead-time",
        "late-filing-cure",
    }
    assert all(isinstance(v, str) for v in data["interpretation"].values())
    # A verdict per subject (CONTRACT.md): the registration, each suspension, each filing.
    kinds = {s["id"]: s["kind"] for s in data["subjects"]}
    assert kinds["registration"] == "registration"
    assert {i for i, k in kinds.items() if k == "suspension"} == {
        s["id"] for s in data["suspensions"]
    }
    assert all(isinstance(s["compliant"], bool) for s in data["subjects"])
    assert data["compliant"] == all(s["compliant"] for s in data["subjects"])
    broken = {v["subject"] for v in data["violations"]}
    assert {s["id"] for s in data["subjects"] if not s["compliant"]} == broken
    assert set(data["dates"]) >= DATE_KEYS
    assert all(is_iso_date(data["dates"][k]) for k in DATE_KEYS)
    for s in data["suspensions"]:
        assert set(s) >= SUSPENSION_KEYS
        assert isinstance(s["id"], str) and is_iso_date(s["start"]) and is_iso_date(s["end"])
        assert isinstance(s["business_days"], int) and not isinstance(s["business_days"], bool)
        assert isinstance(s["permitted"], bool) and isinstance(s["outside"], bool)
        assert s["restricted_from"] is None or is_iso_date(s["restricted_from"])
    for v in data["violations"]:
        assert set(v) >= VIOLATION_KEYS
        assert all(isinstance(v[k], str) for k in VIOLATION_KEYS)
        assert v["rule"] in RULES_BY_ID
    for p in data["payments"]:
        assert set(p) >= PAYMENT_KEYS
        assert p["trigger"] in {"late-filing", "restricted-sale-date"}
        assert isinstance(p["investor"], str) and isinstance(p["subject"], str)
        assert all(is_iso_date(p[k]) for k in ("restricted_sale_date", "computation_date", "due"))
        assert isinstance(p["days"], int) and is_money(p["amount"])
    assert is_money(data["total_payments"])


@pytest.mark.parametrize("text", [COMPLIANT, BROKEN], ids=["compliant", "broken"])
def test_validate_json_has_every_contract_key_with_its_type(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    code, out, err = run(capsys, "validate", str(write(tmp_path, text)), "--format", "json")
    assert code in (0, 1), err
    assert_contract_shape(json.loads(out))


def test_validate_json_of_a_broken_schedule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(write(tmp_path, BROKEN)), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["compliant"] is False
    assert data["scenario"] == "Second suspension too soon"
    assert data["interpretation"]["penalty-window"] == "cross-reference"
    assert set(data["interpretation"]) == set(TERMS_BY_NAME)
    assert data["dates"]["registration_period_ended_by"] == (
        "two years after the Effective Date (3(a)(iii))"
    )
    assert {k: data["dates"][k] for k in DATE_KEYS} == {
        "required_filing_date": "2003-08-21",
        "initial_required_effective_date": "2003-10-06",
        "registration_period_start": "2003-10-03",
        "registration_period_end": "2005-10-03",
    }
    s1, s2 = data["suspensions"]
    assert (s1["permitted"], s1["restricted_from"], s1["business_days"]) == (True, None, 9)
    assert (s2["permitted"], s2["restricted_from"], s2["outside"]) == (False, "2004-02-02", False)
    (violation,) = data["violations"]
    assert {k: violation[k] for k in VIOLATION_KEYS - {"message"}} == {
        "rule": "suspension.min-gap",
        "subject": "s2",
        "section": "3(h)(ii)",
    }
    assert violation["words"] == RULES_BY_ID["suspension.min-gap"].words
    assert violation["missed_by_business_days"] == 1
    (payment,) = data["payments"]
    assert {k: payment[k] for k in PAYMENT_KEYS} == {
        "investor": "SF Capital Partners Ltd.",
        "trigger": "restricted-sale-date",
        "subject": "s2",
        "restricted_sale_date": "2004-02-02",
        "computation_date": "2004-02-06",
        "days": 4,
        "amount": "3000.00",
        "due": "2004-02-11",
    }
    assert payment["held_shares_value"] == "1500000.00"
    assert payment["periodic_amount_shares"] is None
    assert data["total_payments"] == "3000.00"


def test_find_for_an_id_that_is_not_planned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "find", str(write(tmp_path, BROKEN)), "--latest-start", "s1")
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert "'s1' is not a planned suspension of this file (planned: none)" in line


def test_interpretation_on_the_command_line_is_reported_and_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Under ten-clear-business-days s2 may begin only on bd_after(2004-01-20, 11) = 2004-02-04.
    path = str(write(tmp_path, COMPLIANT))
    code, out, _ = run(
        capsys,
        "validate",
        path,
        "--format",
        "json",
        "--interpretation",
        "spacing=ten-clear-business-days",
        "--interpretation",
        "penalty-window=literal-90-days",
    )
    data = json.loads(out)
    assert code == 1
    assert data["interpretation"]["spacing"] == "ten-clear-business-days"
    assert data["interpretation"]["penalty-window"] == "literal-90-days"
    assert [v["rule"] for v in data["violations"]] == ["suspension.min-gap"]


def test_several_files_give_an_array_and_exit_1_if_any_is_broken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good, bad = write(tmp_path, COMPLIANT, "a.toml"), write(tmp_path, BROKEN, "b.toml")
    code, out, _ = run(capsys, "validate", str(good), str(bad), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [d["compliant"] for d in data] == [True, False]
    for item in data:
        assert_contract_shape(item)


def test_a_json_scenario_gives_the_same_verdict_as_the_toml_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    as_toml = write(tmp_path, BROKEN)
    as_json = write(tmp_path, json.dumps(plain(tomllib.loads(BROKEN)), indent=1), "deal.json")
    results = []
    for path in (as_toml, as_json):
        code, out, _ = run(capsys, "validate", str(path), "--format", "json")
        results.append((code, json.loads(out)))
    assert results[0] == results[1]
    assert results[0][0] == 1


def test_the_command_line_agrees_with_the_reference_evaluator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, BROKEN)
    _, out, _ = run(capsys, "validate", str(path), "--format", "json")
    expected = report.verdict_to_json(evaluate(load_scenario(path)))
    data = json.loads(out)
    for key in ("compliant", "dates", "suspensions", "payments", "total_payments"):
        assert data[key] == expected[key], key
    assert [(v["rule"], v["subject"]) for v in data["violations"]] == [
        (v["rule"], v["subject"]) for v in expected["violations"]
    ]


def test_the_command_line_prints_what_validate_returns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verdict = hand_built_verdict()
    monkeypatch.setattr(checks.validate, "validate", lambda *args, **kwargs: verdict)
    path = str(write(tmp_path, COMPLIANT))
    code, out, _ = run(capsys, "validate", path, "--format", "json")
    assert code == 1 and json.loads(out) == report.verdict_to_json(verdict)
    code, out, _ = run(capsys, "validate", path)
    assert code == 1 and out == terminal_page.plain(terminal.verdict_report(verdict)) + "\n"


# -- the report functions on a verdict built by hand ---------------------------------------------


def status(id: str, start: str, end: str, business_days: int, **facts: Any) -> SuspensionStatus:
    """A suspension's status: eligible, permitted and counting unless ``facts`` say otherwise."""
    defaults: dict[str, Any] = {
        "eligible": True,
        "permitted": True,
        "restricted_from": None,
        "outside": False,
        "counts": True,
        "permitted_until": None,
    }
    return SuspensionStatus(
        id=id, start=D(start), end=D(end), business_days=business_days, **{**defaults, **facts}
    )


def pay(
    investor: str,
    trigger: str,
    subject: str,
    restricted_sale_date: str,
    computation_date: str,
    days: int,
    amount: str,
    due: str,
    **extra: Any,
) -> Payment:
    return Payment(
        investor=investor,
        trigger=trigger,
        subject=subject,
        restricted_sale_date=D(restricted_sale_date),
        computation_date=D(computation_date),
        days=days,
        amount=Decimal(amount),
        due=D(due),
        **{"held_shares_value": Decimal("1500000.00"), **extra},
    )


def hand_built_verdict(compliant: bool = False) -> Verdict:
    """Every kind of row: a PSP, an over-long suspension, an ineligible one, one outside the
    Registration Period, a late filing, two Investors, Periodic Amount Shares, a note."""
    timeline = RegistrationTimeline(
        required_filing_date=D("2003-08-21"),
        initial_required_effective_date=D("2003-10-06"),
        effective_date=D("2003-10-03"),
        registration_period=RegistrationPeriod(
            D("2003-10-03"), D("2005-10-03"), "two years after the Effective Date (3(a)(iii))"
        ),
    )
    suspensions = (
        status("s1", "2004-01-07", "2004-01-20", 9, permitted_until=D("2004-01-20")),
        status(
            "long",
            "2004-03-01",
            "2004-03-22",
            16,
            restricted_from=D("2004-03-22"),
            permitted_until=D("2004-03-21"),
        ),
        status(
            "s3",
            "2004-04-01",
            "2004-04-02",
            2,
            eligible=False,
            permitted=False,
            counts=False,
            restricted_from=D("2004-04-01"),
        ),
        status(
            "late", "2005-10-04", "2005-10-07", 4, eligible=False, permitted=False, outside=True
        ),
    )
    violations = (
        Violation(
            rule="suspension.max-length",
            subject="long",
            section="3(h)(i)",
            message="long lasts 16 business days; at most 15 are permitted",
            dates={"start": D("2004-03-01"), "last_permitted_day": D("2004-03-19")},
            missed_by_business_days=1,
        ),
        Violation(
            rule="suspension.max-count",
            subject="s3",
            section="3(h)",
            message="two earlier suspensions already count",
            dates={"start": D("2004-04-01")},
        ),
    )
    sf, white = "SF Capital Partners Ltd.", "White Investments Ltd."
    payments = (
        # investor, trigger, subject, RSD, Computation Date, days, amount, due
        pay(
            sf, "late-filing", "registration", "2003-08-21", "2003-08-22", 1, "500.00", "2003-08-27"
        ),
        pay(
            sf,
            "restricted-sale-date",
            "long",
            "2004-03-22",
            "2004-03-23",
            1,
            "750.00",
            "2004-03-26",
            periodic_amount_shares=Decimal("324.6753"),
        ),
        pay(
            white,
            "restricted-sale-date",
            "s3",
            "2004-04-01",
            "2004-04-03",
            2,
            "1234.5",
            "2004-04-07",
            held_shares_value=Decimal("1234500"),
        ),
    )
    return Verdict(
        scenario="Hand-built",
        interpretation=Interpretation(spacing="ten-clear-business-days"),
        timeline=timeline,
        suspensions=suspensions,
        violations=() if compliant else violations,
        episodes=(
            Episode("long", "suspension", D("2004-03-22"), D("2004-03-23"), True),
            Episode("s3", "suspension", D("2004-04-01"), D("2004-04-03"), True),
        ),
        payments=payments,
        notes=(Note("long", "Periodic Amount Shares computed from five closing bids"),),
    )


def test_verdict_to_json_writes_dates_money_and_nulls_as_the_contract_says() -> None:
    data = report.verdict_to_json(hand_built_verdict())
    assert_contract_shape(data)
    json.dumps(data)  # plain JSON types only
    assert data["interpretation"]["spacing"] == "ten-clear-business-days"
    by_id = {s["id"]: s for s in data["suspensions"]}
    assert by_id["s1"]["restricted_from"] is None and by_id["s1"]["permitted_until"] == "2004-01-20"
    assert by_id["late"]["outside"] is True and by_id["late"]["permitted_until"] is None
    assert [p["amount"] for p in data["payments"]] == ["500.00", "750.00", "1234.50"]
    assert data["payments"][0]["periodic_amount_shares"] is None
    assert data["payments"][1]["periodic_amount_shares"] == "324.6753"
    assert data["payments"][2]["held_shares_value"] == "1234500.00"
    assert data["total_payments"] == "2484.50"
    first = data["violations"][0]
    assert first["dates"] == {"start": "2004-03-01", "last_permitted_day": "2004-03-19"}
    assert first["missed_by_business_days"] == 1
    assert data["violations"][1]["missed_by_business_days"] is None
    assert data["notes"] == [
        {"subject": "long", "message": "Periodic Amount Shares computed from five closing bids"}
    ]


def test_money_is_rounded_half_up_to_the_cent() -> None:
    verdict = hand_built_verdict()
    odd = pay(
        "X", "late-filing", "registration", "2003-08-21", "2003-08-22", 1, "0.125", "2003-08-27"
    )
    data = report.verdict_to_json(attrs.evolve(verdict, payments=(odd,)))
    assert data["payments"][0]["amount"] == "0.13"


def cells(line: str) -> list[str]:
    """A table row's cells: the columns of the text report are at least two spaces apart."""
    return re.split(r" {2,}", line.strip())


def test_text_report_for_a_lawyer() -> None:
    text = terminal_page.plain(terminal.verdict_report(hand_built_verdict()))
    lines = text.splitlines()
    rows = [cells(line) for line in lines]
    flat = " ".join(text.split())  # prose wraps at 100 columns: compare its words
    assert max(len(line) for line in lines) <= 100
    # The verdict names each subject that breaks a rule, with the rules, then the others.
    assert lines[0] == "Scenario: Hand-built"
    assert flat.startswith(
        "Scenario: Hand-built Verdict: NOT COMPLIANT: long (suspension.max-length); s3 "
        "(suspension.max-count); registration, s1, late compliant Dates "
    )
    assert all(line == line.rstrip() for line in lines)
    # The derived dates with their sections, and why the Required Filing Date never moves.
    assert ["Required Filing Date", "1(h), 2(a)(i)", "2003-08-21"] in rows
    assert "counted in business days (1(h)), so it is not on a weekend" in flat
    assert "parenthetical of 2(a)(i) does not move it" in flat
    assert ["Initial Required Effective Date", "2(a)(i)", "2003-10-06"] in rows
    assert ["Registration Period", "3(a), 2(c)", "2003-10-03 to 2005-10-03"] in rows
    assert "ended by: two years after the Effective Date" in text
    # The interpretation in force, the one changed marked.
    spacing = TERMS_BY_NAME["spacing"].meaning["ten-clear-business-days"]
    # (a meaning wraps at 100 columns under its column: its words follow the reading's)
    at = next(i for i, r in enumerate(rows) if r[:2] == ["spacing", "ten-clear-business-days"])
    assert rows[at + 1][0] == "(not the default)"
    assert spacing in " ".join(" ".join(r[-1] for r in rows[at : at + 4]).split())
    count = TERMS_BY_NAME["count"].meaning["permitted-only"]
    assert any(r[:2] == ["count", "permitted-only"] for r in rows)
    assert f"permitted-only {count}" in flat
    # Each finding: rule, subject, section, the dates compared and what it missed by ...
    at = rows.index(
        ["suspension.max-length", "long", "3(h)(i)", "start 2004-03-01", "1 business day"]
    )
    assert rows[at + 1] == ["last permitted day 2004-03-19"]
    assert ["suspension.max-count", "s3", "3(h)", "start 2004-04-01"] in rows
    # ... then the clause in the agreement's words, and what happened.
    at = lines.index("  [suspension.max-length] long - Section 3(h)(i)")
    words = RULES_BY_ID["suspension.max-length"].words
    clause = " ".join(lines[at + 1 :]).split("    long lasts")[0]
    assert " ".join(clause.split()) == f'The agreement: "{words}"'
    assert "    long lasts 16 business days; at most 15 are permitted" in lines[at + 1 :]
    assert "  [suspension.max-count] s3 - Section 3(h)" in lines
    # Each suspension: business days, Permitted Suspension Period days, restricted days, count;
    # at 100 columns a range of days wraps after "to".
    at = rows.index(["long", "2004-03-01 to", "16", "2004-03-01 to", "2004-03-22 to", "yes"])
    assert rows[at + 1] == ["2004-03-22", "2004-03-21", "2004-03-22"]
    at = rows.index(["s3", "2004-04-01 to", "2", "none", "2004-04-01 to", "no"])
    assert rows[at + 1] == ["2004-04-02", "2004-04-02"]
    assert (
        "  s3: not eligible to be a Permitted Suspension Period (breaks suspension.max-count)"
        in lines
    )
    assert (
        "long: Restricted Sale Date 2004-03-22, cured 2004-03-23; gives rise to payments "
        "(after the 2(b)(ii) cut-off 2004-01-04: under penalty-window = cross-reference, not "
        "under literal-90-days)" in flat
    )
    # That cut-off is in the dates, since the reading of penalty-window decides this payment
    # (at 100 columns its name wraps under its column).
    at = rows.index(
        ["90 days after the Initial Required Effective Date (the", "2(b)(ii)", "2004-01-04"]
    )
    assert rows[at + 1] == ["cut-off)"]
    assert "late: outside the Registration Period (it ended on 2005-10-03): breaks no " in flat
    # Notes, without repeating the Required Filing Date.
    assert "  - long: Periodic Amount Shares computed from five closing bids" in lines
    assert flat.count("parenthetical of 2(a)(i)") == 1
    # The payment schedule per Investor: late filing from the Required Filing Date, then the
    # Restricted Sale Dates, each row with its base (named in the header) and rate; the
    # subtotal, then the total. Within 100 columns no amount or date is cut.
    payments = rows[lines.index("Payments (2(b))") :]
    assert payments[1] == ["SF Capital Partners Ltd."]
    assert payments[2] == ["Required", "Computation", "Purchase", "rate per"]  # headers on 2 lines
    assert payments[3] == ["subject", "Filing Date", "Date", "days", "Price", "30 days"] + [
        "amount",
        "due",
    ]
    assert payments[5] == [
        "registration",
        "2003-08-21",
        "2003-08-22",
        "1",
        "1,500,000.00",
        "1%",
        "500.00",
        "2003-08-27",
    ]
    assert payments[6] == ["Periodic"]  # headers on 3 lines
    assert payments[7] == ["Restricted", "Computation", "Held Shares", "rate per", "Amount"]
    assert payments[8][:6] == ["subject", "Sale Date", "Date", "days", "Value", "30 days"]
    assert payments[8][6:] == ["amount", "due", "Shares"]
    assert payments[10] == [
        "long",
        "2004-03-22",
        "2004-03-23",
        "1",
        "1,500,000.00",
        "1.5%",
        "750.00",
        "2004-03-26",
        "324.6753",
    ]
    assert payments[11] == ["Subtotal: 1,250.00"]
    assert payments[12] == ["White Investments Ltd."]
    # no Periodic Amount Shares given here
    assert payments[13] == ["Restricted", "Computation", "Held Shares", "rate per"]
    assert payments[16] == [
        "s3",
        "2004-04-01",
        "2004-04-03",
        "2",
        "1,234,500.00",
        "1.5%",
        "1,234.50",
        "2004-04-07",
    ]
    assert payments[17] == ["Subtotal: 1,234.50"]
    assert lines[-1] == "  Total: 2,484.50"


def test_text_report_of_a_compliant_schedule() -> None:
    text = terminal_page.plain(terminal.verdict_report(hand_built_verdict(compliant=True)))
    assert text.splitlines()[1] == "Verdict: COMPLIANT: registration, s1, long, s3, late compliant"
    assert "Findings\n  none: every rule checked is met" in text


def test_several_text_reports_are_separated_by_a_blank_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good, bad = write(tmp_path, COMPLIANT, "a.toml"), write(tmp_path, BROKEN, "b.toml")
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    first, second = out.split("\n\nScenario: ")
    assert code == 1
    assert first.startswith(
        "Scenario: Two suspensions, properly spaced\nVerdict: COMPLIANT: registration, s1, s2 "
        "compliant\n"
    )
    assert second.startswith(
        "Second suspension too soon\nVerdict: NOT COMPLIANT: s2 (suspension.min-gap); "
        "registration, s1 compliant"
    )
    assert "  [suspension.min-gap] s2 - Section 3(h)(ii)" in second


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_reader_that_goes_away_leaves_the_verdicts_exit_status(output):
    # `rrcheck validate FILE | head -1`: the pipe closes before rrcheck writes; a script
    # reading PIPESTATUS must still see 1 (a rule broken), not 0, and no traceback.
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    scenario = root / "scenarios" / "3h-max-count-third-suspension-broken.toml"
    process = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", "validate", "--format", output, str(scenario)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait() == 1
    assert errors == b""


def test_payments_due_past_the_calendars_coverage_exit_2_naming_the_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # An over-long suspension cured Thu 2027-12-30 (the RP's last day) is due three business
    # days later, in 2028, which the nyse calendar does not cover yet: no guess, exit 2.
    path = tmp_path / "late.json"
    path.write_text(
        json.dumps(
            builders.document(
                builders.suspension("s1", "2027-12-01", "2027-12-29", "2027-11-29"),
                investors=[{"name": "A", "purchase_price": "1500000.00"}],
                **builders.END_OF_NYSE,
            )
        )
    )
    assert cli.main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"rrcheck: {path}: calendar: 3 business day(s) after 2027-12-30 falls outside the years "
        "the nyse calendar covers here (2024-01-01 to 2027-12-31)\n"
    )


def test_a_registration_period_past_the_calendars_coverage_is_named_as_such(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Effective Fri 2026-01-02 on the nyse calendar: the Registration Period runs two years, to
    # 2028-01-02, past the calendar's last day (2027-12-31). The message named 2028-01-02 as if
    # the file gave it, with the span built for the file as the calendar's coverage.
    # (SEC notice Mon 2025-12-29: IRED 2026-01-03; no transfer agent date)
    dates = dict(
        builders.END_OF_NYSE["dates"],
        sec_clearance_notice="2025-12-29",
        effective="2026-01-02",
        transfer_agent_opinion=None,
    )
    path = tmp_path / "late.json"
    path.write_text(json.dumps(builders.document(header={"calendar": "nyse"}, dates=dates)))
    assert cli.main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"rrcheck: {path}: calendar: the Registration Period runs to 2028-01-02 (two years after "
        "the Effective Date (3(a)(iii))), past 2027-12-31, the last day the nyse calendar covers; "
        "a rule_144k or no_longer_own date that ends it sooner, or another calendar, would let "
        "the file be checked\n"
    )
    # ended sooner, it is checked
    dates["rule_144k"] = "2027-12-31"
    path.write_text(json.dumps(builders.document(header={"calendar": "nyse"}, dates=dates)))
    assert cli.main(["validate", "--quiet", str(path)]) == 0
    assert capsys.readouterr().out == f"COMPLIANT {path}\n"


def test_find_with_an_empty_id_names_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, COMPLIANT)
    for option in ("--latest-start", "--earliest-start", "--longest"):
        code, out, err = run(capsys, "find", str(path), option, "")
        assert (code, out) == (2, "")
        assert err == (
            f"rrcheck: {path}: {option}: '' is not a planned suspension of this file "
            "(planned: none)\n"
        )


@pytest.mark.parametrize("form", ["json", "text"])
def test_validate_writes_each_files_result_before_it_checks_the_next(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    form: str,
) -> None:
    # Streamed, so that memory does not grow with the number of files: when the second file
    # is checked, the first one's result is already out; and the whole is what it was.
    first, second = write(tmp_path, COMPLIANT, "a.toml"), write(tmp_path, COMPLIANT, "b.toml")
    seen: list[str] = []
    checked = checks.validate.validate

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(capsys.readouterr().out)
        return checked(*args, **kwargs)

    monkeypatch.setattr(checks.validate, "validate", watching)
    # In this process (-j 1), where the stand-in sees the output; -j 2 gives the same bytes
    # (tests/checks/cli/test_startup_and_jobs.py).
    code = cli.main(["validate", "-j", "1", "--format", form, str(first), str(second)])
    rest = capsys.readouterr().out
    assert code == 0 and seen[0] == "" and seen[1] != ""
    whole = seen[1] + rest
    if form == "json":
        assert seen[1].startswith("[\n  {") and json.loads(whole)[0] == json.loads(
            seen[1][2:].replace("\n  ", "\n")
        )
        assert whole == json.dumps(json.loads(whole), indent=2) + "\n"
    else:
        assert seen[1].startswith("Scenario: Two suspensions, properly spaced")
        assert whole.count("Scenario: ") == 2
