"""The text reports on a terminal and in a pipe (checks/reports/terminal*.py): colour only on a
terminal (``--color``, NO_COLOR), nothing folded in a pipe, ``--quiet`` verdicts that match each
bundled scenario's own ``[expect]`` table, the progress bar on stderr, and ``--format json``
untouched by any of it."""

from __future__ import annotations

import io
import json
import re
import shutil
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from checks import cli
from checks.find import find
from checks.regression import run_file
from checks.reports import report, terminal, terminal_page
from checks.robust import robust
from checks.validate import validate
from checks.worst_case import worst_case
from model.loading import load_scenario
from model.rules import RULES_BY_ID

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
NINTH = SCENARIOS / "3h-min-gap-ninth-business-day-broken.toml"
TENTH = SCENARIOS / "3h-min-gap-tenth-business-day-compliant.toml"
ON_IRED = SCENARIOS / "3a-effectiveness-on-ired-compliant.toml"
SIXTEEN = SCENARIOS / "3h-max-length-sixteen-business-days-broken.toml"
LATEST = SCENARIOS / "plan-find-latest-start-before-fixed-suspension.toml"
WORST = SCENARIOS / "plan-worst-case-max-min-gap-window.toml"

ESCAPE = "\x1b["
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def internal_errors_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defect shows its traceback; the colour settings of the machine running the tests
    play no part."""
    monkeypatch.setenv(cli.DEBUG_ENVIRONMENT, "1")
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, *args: str | Path, columns: int = 120
) -> tuple[int, str]:
    """Run rrcheck with stdout a terminal ``columns`` wide; its exit status and output."""
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stdout", screen)
    monkeypatch.setenv("COLUMNS", str(columns))
    code = cli.main([str(a) for a in args])
    return code, screen.getvalue()


def expectations(path: Path) -> dict[str, Any]:
    """The file's own [expect] table, read straight from the TOML."""
    with path.open("rb") as file:
        expect: dict[str, Any] = tomllib.load(file).get("expect", {})
    return expect


def bundled(key: str) -> list[Path]:
    """The bundled scenarios whose [expect] table gives ``key``."""
    return [p for p in sorted(SCENARIOS.glob("*.toml")) if key in expectations(p)]


def money(value: str) -> str:
    return f"{Decimal(value):.2f}"


# -- colour -----------------------------------------------------------------------------------

TEXT_COMMANDS = [
    ["validate", NINTH],
    ["validate", "--robust", TENTH],
    ["find", LATEST, "--latest-start", "p1"],
    ["worst-case", WORST],
    ["test", SIXTEEN],
]
IDS = ["validate", "validate --robust", "find", "worst-case", "test"]


@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=IDS)
def test_no_escapes_in_a_pipe_unless_color_always_and_then_the_same_words(
    capsys: pytest.CaptureFixture[str], command: list[str | Path]
) -> None:
    code, plain, err = run(capsys, *command)
    assert plain and ESCAPE not in plain and ESCAPE not in err
    coloured_code, coloured, _ = run(capsys, *command, "--color", "always")
    assert ESCAPE in coloured
    assert (coloured_code, ANSI.sub("", coloured)) == (code, plain)


def test_a_terminal_is_coloured_unless_no_color_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ESCAPE in on_a_terminal(monkeypatch, "validate", NINTH)[1]
    assert ESCAPE not in on_a_terminal(monkeypatch, "validate", NINTH, "--color", "never")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESCAPE not in on_a_terminal(monkeypatch, "validate", NINTH)[1]
    # The command line outranks the environment (no-color.org).
    assert ESCAPE in on_a_terminal(monkeypatch, "validate", NINTH, "--color", "always")[1]
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: not a request
    assert ESCAPE in on_a_terminal(monkeypatch, "validate", NINTH)[1]


@pytest.mark.parametrize(
    ("choice", "terminal_", "environ", "colour"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),
        ("auto", True, {"TERM": "dumb"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {}, False),
    ],
)
def test_when_to_colour(
    choice: str, terminal_: bool, environ: dict[str, str], colour: bool
) -> None:
    assert terminal_page.wants_color(choice, terminal_, environ) is colour


def test_an_unknown_color_choice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", NINTH, "--color", "sometimes")
    assert code == 2 and "--color" in err


# -- width ------------------------------------------------------------------------------------


def test_a_pipe_is_100_columns_whatever_columns_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    _, out, _ = run(capsys, "validate", NINTH)
    lines = out.splitlines()
    assert max(len(line) for line in lines) == terminal_page.PIPE_WIDTH
    words = RULES_BY_ID["suspension.min-gap"].words
    assert f'The agreement: "{words}"' in " ".join(out.split())
    # The payment row whole, with its base and rate: no amount is cut at 100 columns.
    table = lines[lines.index("Payments (2(b))") :]
    assert table[2].split() == ["Restricted", "Computation", "Held", "Shares", "rate", "per"]
    header = ["subject", "Sale", "Date", "Date", "days", "Value", "30", "days", "amount", "due"]
    assert table[3].split() == header
    assert table[5].split() == [
        "s2",
        "2004-02-02",
        "2004-02-14",
        "12",
        "1,500,000.00",
        "1.5%",
        "9,000.00",
        "2004-02-19",
    ]
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("width", [terminal_page.MIN_WIDTH, 80, 132])
def test_width_sets_the_columns_and_keeps_every_date_and_amount_whole(
    capsys: pytest.CaptureFixture[str], width: int
) -> None:
    _, default, _ = run(capsys, "validate", NINTH)
    code, out, _ = run(capsys, "validate", NINTH, "--width", str(width))
    assert code == 1
    assert max(len(line) for line in out.splitlines()) <= width
    assert sorted(ISO_DATE.findall(out)) == sorted(ISO_DATE.findall(default))
    assert "9,000.00" in out


def test_a_page_too_narrow_for_the_base_and_rate_columns_gets_them_under_the_payments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # At 72 columns the base and rate columns would cut a date or an amount: the row keeps its
    # dates and amount whole, and the base and rate follow the table.
    _, out, _ = run(capsys, "validate", NINTH, "--width", str(terminal_page.MIN_WIDTH))
    lines = out.splitlines()
    table = lines[lines.index("Payments (2(b))") :]
    assert table[3].split() == ["subject", "Sale", "Date", "Date", "days", "amount", "due"]
    assert table[5].split() == ["s2", "2004-02-02", "2004-02-14", "12", "9,000.00", "2004-02-19"]
    after = " ".join(" ".join(table[6:]).split())
    assert after.startswith(
        "amount = 1.5% of the Held Shares Value x days / 30: s2 1,500,000.00 Subtotal: 9,000.00"
    )


@pytest.mark.parametrize("width", [str(terminal_page.MIN_WIDTH - 1), "wide", "0"])
def test_a_width_too_narrow_or_not_a_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], width: str
) -> None:
    code, out, err = run(capsys, "validate", NINTH, "--width", width)
    assert code == 2 and out == "" and "--width" in err


def test_a_wide_terminal_is_still_given_100_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = on_a_terminal(monkeypatch, "validate", NINTH, "--color", "never", columns=200)
    assert max(len(line) for line in out.splitlines()) == terminal_page.PIPE_WIDTH


def test_a_narrow_terminal_wraps_to_its_width_and_keeps_every_date_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, wide, _ = run(capsys, "validate", NINTH)
    _, narrow = on_a_terminal(monkeypatch, "validate", NINTH, "--color", "never", columns=72)
    assert max(len(line) for line in narrow.splitlines()) <= 72
    assert sorted(ISO_DATE.findall(narrow)) == sorted(ISO_DATE.findall(wide))
    assert "9,000.00" in narrow


# -- --quiet ----------------------------------------------------------------------------------


def test_quiet_validate_says_each_files_verdict_from_its_expect_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [p for p in bundled("compliant") if "find" not in expectations(p)]
    code, out, _ = run(capsys, "validate", "--quiet", *files)
    expected = [
        f"{'COMPLIANT' if expectations(p)['compliant'] else 'NOT COMPLIANT'} {p}" for p in files
    ]
    assert out.splitlines() == expected
    assert code == (0 if all(expectations(p)["compliant"] for p in files) else 1)


@pytest.mark.parametrize("path", [TENTH, NINTH, ON_IRED], ids=lambda p: p.stem)
def test_quiet_robust_validate_says_the_verdict_and_whether_it_is_robust(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    expect = expectations(path)
    code, out, _ = run(capsys, "validate", "--robust", "--quiet", path)
    verdict = "COMPLIANT" if expect["compliant"] else "NOT COMPLIANT"
    assert out == f"{verdict}{'' if expect['robust'] else ' (not robust)'} {path}\n"
    assert code == (0 if expect["compliant"] and expect["robust"] else 1)


@pytest.mark.parametrize("path", bundled("find"), ids=lambda p: p.stem)
def test_quiet_find_says_the_answer_from_its_expect_table(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    wanted = expectations(path)["find"]
    code, out, _ = run(capsys, "find", path, f"--{wanted['objective']}", wanted["suspension"])
    code_quiet, quiet, _ = run(
        capsys, "find", path, f"--{wanted['objective']}", wanted["suspension"], "--quiet"
    )
    if wanted["status"] != "optimal":
        answer = wanted["status"]
    elif wanted["objective"] == "longest":
        answer = f"{wanted['start']} to {wanted['end']}"
    else:
        answer = str(wanted["start"])
    assert quiet == answer + "\n"
    assert code_quiet == code == {"optimal": 0, "infeasible": 1}[wanted["status"]]


@pytest.mark.parametrize("path", bundled("worst-case"), ids=lambda p: p.stem)
def test_quiet_worst_case_says_the_total_from_its_expect_table(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    wanted = expectations(path)["worst-case"]
    least = ["--least"] if wanted["objective"] == "min-payments" else []
    code, out, _ = run(capsys, "worst-case", path, *least, "--quiet")
    assert out == money(wanted["total_payments"]) + "\n"
    assert code == 0 and wanted["status"] == "optimal"


def test_quiet_test_says_only_how_many_passed_and_failed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for source in (SIXTEEN, LATEST):
        shutil.copy(source, tmp_path / source.name)
    wanted = expectations(SIXTEEN)["total_payments"]
    (tmp_path / "wrong.toml").write_text(
        SIXTEEN.read_text().replace(
            f'total_payments = "{wanted}"', f'total_payments = "{Decimal(wanted) + 1}"'
        )
    )
    code, out, _ = run(capsys, "test", "--quiet", tmp_path)
    assert (code, out) == (1, "2 passed, 1 failed\n")
    assert run(capsys, "test", "--quiet", SIXTEEN)[:2] == (0, "1 passed, 0 failed\n")


def test_a_failure_shows_its_differences_under_its_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / SIXTEEN.name
    edited.write_text(SIXTEEN.read_text().replace("compliant = false", "compliant = true"))
    monkeypatch.chdir(tmp_path)  # a short path: the file and the name fit on one line
    code, out, _ = run(capsys, "test", edited.name, TENTH)
    lines = out.splitlines()
    assert code == 1
    assert re.split(r" {2,}", lines[0]) == ["FAIL", edited.name, load_scenario(SIXTEEN).name]
    assert lines[1].strip() == "compliant: expected true, got false"
    assert lines[2].split()[:2] == ["PASS", str(TENTH)]
    assert lines[-1] == "1 passed, 1 failed"


@pytest.mark.parametrize("where", ["pipe", "narrow terminal"])
def test_each_file_of_test_is_one_line_however_long_its_path_and_name(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """CONTRACT.md: ``rrcheck test`` prints "one line each": a row wider than the page is
    neither wrapped nor cut, in a pipe (100 columns) or on a terminal 72 wide."""
    edited = tmp_path / ("a-long-folder-name-" * 4) / SIXTEEN.name
    edited.parent.mkdir()
    edited.write_text(SIXTEEN.read_text().replace("compliant = false", "compliant = true"))
    paths = (edited, TENTH)
    if where == "pipe":
        monkeypatch.setenv("COLUMNS", "30")
        code, out, _ = run(capsys, "test", *paths)
    else:
        code, out = on_a_terminal(monkeypatch, "test", "--color", "never", *paths, columns=72)
    lines = out.splitlines()
    assert code == 1
    assert len(lines[0]) > 100
    assert re.split(r" {2,}", lines[0]) == ["FAIL", str(edited), load_scenario(SIXTEEN).name]
    assert lines[1].strip() == "compliant: expected true, got false"
    rows = [line for line in lines if line.startswith(("PASS", "FAIL"))]
    assert [re.split(r" {2,}", row)[1:] for row in rows] == [
        [str(edited), load_scenario(SIXTEEN).name],
        [str(TENTH), load_scenario(TENTH).name],
    ]
    assert lines[-1] == "1 passed, 1 failed"


# -- the findings in the text report ----------------------------------------------------------


def one_per_rule() -> list[Path]:
    """A bundled scenario for each rule some scenario's [expect] table says is broken."""
    chosen: dict[str, Path] = {}
    for path in bundled("violations"):
        for key in expectations(path)["violations"]:
            chosen.setdefault(key.split(":")[0], path)
    return sorted(set(chosen.values()))


@pytest.mark.parametrize("path", one_per_rule(), ids=lambda p: p.stem)
def test_each_finding_shows_its_rule_section_words_and_what_it_missed_by(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    verdict = validate(load_scenario(path))
    _, out, _ = run(capsys, "validate", path)
    lines = out.splitlines()
    findings = lines[lines.index("Findings") + 1 : lines.index("", lines.index("Findings"))]
    expected = {tuple(key.split(":", 1)) for key in expectations(path)["violations"]}
    assert {(x.rule, x.subject) for x in verdict.violations} == expected
    for x in verdict.violations:
        row = next(
            re.split(r" {2,}", line.strip())
            for line in findings
            if line.split()[:2] == [x.rule, x.subject]
        )
        assert row[2] == x.section
        if x.missed_by_business_days is not None:
            n = x.missed_by_business_days
            assert row[-1] == f"{n} business day{'' if n == 1 else 's'}"
        at = lines.index(f"  [{x.rule}] {x.subject} - Section {x.section}")
        end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("    "))
        said = " ".join(" ".join(lines[at + 1 : end]).split())  # wrapped at 100 columns
        assert said == " ".join(f'The agreement: "{RULES_BY_ID[x.rule].words}" {x.message}'.split())


# -- --format json is untouched -----------------------------------------------------------------


def json_of(payload: Any) -> str:
    return json.dumps(payload, indent=2) + "\n"


JSON_CASES = [
    (["validate", NINTH], lambda: report.verdict_to_json(validate(load_scenario(NINTH)))),
    (
        ["validate", NINTH, TENTH],
        lambda: [report.verdict_to_json(validate(load_scenario(p))) for p in (NINTH, TENTH)],
    ),
    (["validate", "--robust", TENTH], lambda: report.robust_json(robust(load_scenario(TENTH)))),
    (
        ["find", LATEST, "--latest-start", "p1"],
        lambda: report.find_json(find(load_scenario(LATEST), "latest-start", "p1")),
    ),
    (["worst-case", WORST], lambda: report.worst_case_json(worst_case(load_scenario(WORST)))),
    (["test", SIXTEEN], lambda: report.test_json([r for r in [run_file(SIXTEEN)] if r])),
]


@pytest.mark.parametrize(
    ("command", "payload"),
    JSON_CASES,
    ids=["validate", "several", "robust", "find", "worst", "test"],
)
def test_json_is_the_report_payload_whatever_the_terminal_options(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str | Path],
    payload: Any,
) -> None:
    expected = json_of(payload())
    assert run(capsys, *command, "--format", "json")[1] == expected
    quiet = ["--quiet"] if command[0] != "prove" else []
    assert run(capsys, *command, "--format", "json", "--color", "always", *quiet)[1] == expected
    monkeypatch.setenv("NO_COLOR", "1")
    assert on_a_terminal(monkeypatch, *command, "--format", "json")[1] == expected


# -- the progress bar -----------------------------------------------------------------------------


def drain(items: Iterator[int]) -> list[int]:
    return list(items)


def test_no_progress_bar_off_a_terminal_or_for_a_handful_of_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    many = list(range(terminal_page.PROGRESS_AFTER + 5))
    assert drain(terminal_page.track(many, "validate")) == many
    assert capsys.readouterr().err == ""
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stderr", screen)
    few = list(range(terminal_page.PROGRESS_AFTER))
    assert drain(terminal_page.track(few, "validate")) == few
    assert drain(terminal_page.track(many, "validate", enabled=False)) == many
    assert screen.getvalue() == ""


def test_a_progress_bar_on_a_terminal_for_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stderr", screen)
    many = list(range(terminal_page.PROGRESS_AFTER + 1))
    assert drain(terminal_page.track(many, "validate")) == many
    assert f"{len(many)}/{len(many)}" in ANSI.sub("", screen.getvalue())


def test_validate_of_many_files_draws_the_bar_on_stderr_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = []
    for i in range(terminal_page.PROGRESS_AFTER + 1):
        files.append(tmp_path / f"deal-{i:02}.toml")
        shutil.copy(ON_IRED, files[-1])
    _, without_bar, _ = run(capsys, "validate", *files)
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stderr", screen)
    code, out, _ = run(capsys, "validate", *files)
    assert (code, out) == (0, without_bar)
    assert "validate" in screen.getvalue()
    screen.truncate(0)
    code, out, _ = run(capsys, "validate", "--quiet", *files)
    assert screen.getvalue() == "" and len(out.splitlines()) == len(files)


# -- rendering ------------------------------------------------------------------------------------


def test_prose_wraps_at_100_columns_in_a_pipe_and_at_a_terminals_width() -> None:
    words = " ".join(["agreement"] * 40)
    report: terminal_page.Report = [terminal_page.Line(Text(words), indent=4)]
    piped = terminal_page.plain(report).splitlines()
    assert all(len(line) <= 100 and line.startswith("    agreement") for line in piped)
    assert max(len(line) for line in piped) > 90 and " ".join(" ".join(piped).split()) == words
    whole: terminal_page.Report = [terminal_page.Line(Text(words), indent=4, whole=True)]
    assert terminal_page.plain(whole) == "    " + words  # a --quiet answer is never wrapped
    screen = terminal_page.Screen(
        terminal_page._console(FakeTerminal(), colour=False, width=60), terminal=True
    )
    wrapped = terminal_page.render(report, screen).splitlines()
    assert all(len(line) <= 60 and line.startswith("    agreement") for line in wrapped)
    assert " ".join(" ".join(wrapped).split()) == words


def test_headline_names_at_most_six_subjects_of_either_kind():
    # Nine one-day suspensions a month apart, each with three business days' notice: s1 and s2
    # are the two Permitted Suspension Periods, s3 .. s9 each a third (max-count).
    import datetime as dt

    from checks.validate import validate
    from tests.builders import scenario, suspension

    calendar_days = [dt.date(2004, m, 10) for m in range(1, 10)]
    starts = [d + dt.timedelta(days=(7 - d.weekday()) % 7 + 1) for d in calendar_days]  # Tuesdays
    suspensions = [
        suspension(
            f"s{i + 1}", s.isoformat(), s.isoformat(), (s - dt.timedelta(days=6)).isoformat()
        )
        for i, s in enumerate(starts)
    ]
    line = terminal_page.plain([terminal.headline(validate(scenario(*suspensions)))])
    named = "; ".join(f"s{i} (suspension.max-count)" for i in range(3, 9))
    # The headline is prose: it wraps at 100 columns, so compare its words.
    assert all(len(part) <= terminal_page.PIPE_WIDTH for part in line.splitlines())
    line = " ".join(line.split())
    assert line == (
        f"Verdict: NOT COMPLIANT: {named}; 1 more not compliant (see Findings); "
        "registration, s1, s2 compliant"
    )
    filings = [
        {"id": f"f{i}", "kind": "amendment", "filed": "2004-03-10", "counsel_copy": "2004-03-04"}
        for i in range(7)
    ]
    line = terminal_page.plain([terminal.headline(validate(scenario(filings=filings)))])
    assert line == "Verdict: COMPLIANT: all 8 subjects compliant (registration, 7 filings)"
