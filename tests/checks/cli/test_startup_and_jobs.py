"""What a command loads, and ``-j N``: the same output, byte for byte, whatever the number of
worker processes (text and JSON, one file and several, the exit status, bad input, Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checks.regression import has_expectations, scenario_files
from model.loading import load_scenario
from model.solver import PAUSE_ENVIRONMENT
from tests import builders

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))


def rrcheck(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "checks.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,  # the slowest, test -j 1 over the library, takes some 15 s: a hang fails fast
    )


# -- start-up -------------------------------------------------------------------------------------

NEVER_FOR_VALIDATE = ("matplotlib", "icalendar", "checks.prove", "checks.regression")
NEVER_FOR_VALIDATE += ("checks.find", "checks.worst_case", "model.planning", "model.exposure")
NEVER_FOR_VALIDATE += ("model.reference", "checks.reports.timeline_layout", "checks.reports.ics")
NEVER_FOR_VALIDATE += ("checks.reports.timeline_drawing", "checks.reports.terminal_answers")
NEVER_FOR_VALIDATE += ("multiprocessing",)
# the term-profile machinery (a 2003 file names no agreement), --robust, the other commands
NEVER_FOR_VALIDATE += ("checks.allowance", "model.allowance", "model.allowance_days")
NEVER_FOR_VALIDATE += ("model.profile_days", "model.profile_scenarios", "checks.robust")
NEVER_FOR_VALIDATE += ("checks.cli.planning", "checks.cli.commands", "checks.answers")


def loaded_by(*args: str, tables: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running the command line with ``args``
    (with ``tables``, the calendars' tables kept there)."""
    program = (
        "import sys, json\n"
        "from checks.cli import main\n"
        f"status = main({list(args)!r})\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
    )
    environment = dict(os.environ)
    if tables is not None:
        environment["RRCHECK_CACHE_DIR"] = str(tables)
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
        text=True,
        env=environment,
    )
    marker = done.stderr.rindex("MODULES ")
    return set(json.loads(done.stderr[marker + len("MODULES ") :]))


def forbidden(modules: set[str]) -> set[str]:
    """The modules validate should never load, among ``modules`` (a package and its parts)."""
    return {m for m in modules if m in NEVER_FOR_VALIDATE or m.split(".")[0] in NEVER_FOR_VALIDATE}


def library_calendars(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith(("holidays.countries", "holidays.financial"))}


def test_validate_json_loads_no_rich_planning_proofs_or_other_countries():
    path = str(SCENARIOS / "cal-us-federal-memorial-day-sixteen-days-broken.toml")
    modules = loaded_by("validate", "--format", "json", path)
    assert "checks.validate" in modules and "z3" in modules  # the command did run
    assert rich_modules(modules) == set()
    assert not forbidden(modules)
    # the United States' holidays come from their own module, not the library's 250 countries
    assert library_calendars(modules) == set()


def rich_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "rich" or m.startswith("rich.")}


def test_validate_text_in_a_pipe_loads_no_rich_planning_or_proofs():
    # The report of a pipe is laid out without rich (checks/reports/plain_layout.py), one file
    # or several, a term profile's file too; in colour rich draws it.
    path = str(SCENARIOS / "cal-nyse-reagan-closure-fifteen-days-compliant.toml")
    profile = str(SCENARIOS / "profiles" / "aggregate-60-in-12-months-at-the-cap-compliant.toml")
    for args in ([path], ["--width", "80", "-j", "1", path, path], ["--quiet", path], [profile]):
        modules = loaded_by("validate", *args)
        assert rich_modules(modules) == set(), args
        assert library_calendars(modules) == set()
        if args != [profile]:  # a term profile's text is its own (checks/allowance.py)
            assert "checks.reports.plain_layout" in modules
            assert not forbidden(modules)
    coloured = loaded_by("validate", "--color", "always", path)
    assert "rich.console" in coloured and not forbidden(coloured)


def test_validate_with_the_calendars_table_kept_loads_no_part_of_holidays(tmp_path):
    # The first command asks the library and keeps the table; the next one reads it.
    path = str(SCENARIOS / "cal-nyse-reagan-closure-fifteen-days-compliant.toml")
    first = loaded_by("validate", "--format", "json", path, tables=tmp_path)
    assert "holidays" in first and library_calendars(first) == set()
    [table] = tmp_path.iterdir()  # the file's calendar (no prices: no trading calendar)
    assert table.name.startswith("holidays-") and table.name.endswith("-nyse-1.json")
    for output in ("json", "text"):
        modules = loaded_by("validate", "--format", output, path, tables=tmp_path)
        assert "checks.validate" in modules and "z3" in modules
        assert not {m for m in modules if m == "holidays" or m.startswith("holidays.")}
        assert not forbidden(modules)


def test_the_next_command_compiles_none_of_the_code_attrs_and_cattrs_generate(tmp_path):
    # rrcheck (checks.cli.run) keeps the compiled methods of the model's classes
    # (model/generated_code.py); under the same salt of hash the next command compiles none,
    # so it leaves the kept file as it was, and prints what a command keeping nothing prints.
    path = str(SCENARIOS / "cal-nyse-reagan-closure-fifteen-days-compliant.toml")

    def validate(cache: Path | str, *extra: str) -> subprocess.CompletedProcess[bytes]:
        environment = {**os.environ, "RRCHECK_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0"}
        command = [sys.executable, "-m", "checks.cli", "validate", *extra, path]
        return subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, env=environment)

    first = validate(tmp_path)
    [kept] = tmp_path.glob("code-*.marshal")
    written = kept.read_bytes()
    for extra in ([], ["--format", "json"]):
        again, alone = validate(tmp_path, *extra), validate("", *extra)
        assert (again.returncode, again.stdout, again.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        )
    assert again.returncode == 0 and validate("").stdout == first.stdout
    assert kept.read_bytes() == written


def test_a_term_profiles_scenario_still_loads_its_machinery():
    path = str(SCENARIOS / "profiles" / "aggregate-60-in-12-months-at-the-cap-compliant.toml")
    modules = loaded_by("validate", "--format", "json", path)
    assert {"checks.allowance", "model.allowance", "model.profile_scenarios"} <= modules


def test_validate_robust_loads_the_robustness_check():
    path = str(SCENARIOS / "cal-nyse-reagan-closure-fifteen-days-compliant.toml")
    assert "checks.robust" in loaded_by("validate", "--robust", "--format", "json", path)


def test_worst_case_still_loads_planning():
    path = str(SCENARIOS / "plan-worst-case-max-min-gap-window.toml")
    modules = loaded_by("worst-case", "--format", "json", path)
    assert {"checks.worst_case", "model.exposure", "model.reference"} <= modules


ARGUMENTS = [
    ["validate", "a.toml"],
    ["validate", "--format", "json", "-j", "2", "--robust", "a.toml", "b.toml"],
    ["validate", "--interpretation", "spacing=inclusive", "--quiet", "a.toml"],
    ["validate"],  # no FILE: the subcommand's own error
    ["validate", "--format", "docx", "a.toml"],
    ["validate", "--width", "10", "a.toml"],
    ["validate", "--help"],
    ["find", "a.toml", "--latest-start", "s2", "--write", "b.toml"],
    ["find", "a.toml"],
    ["worst-case", "--least", "--investor", "A", "a.toml"],
    ["test", "-j", "0", "scenarios/"],
    ["prove", "--timeout", "5"],
    ["calendar", "a.toml", "-o", "a.ics"],
    ["timeline", "a.toml"],
    ["memo", "a.toml", "-o", "a.docx", "--worst-case", "--least"],
    ["compare", "a.toml", "b.toml", "--format", "xlsx", "-o", "c.xlsx"],
    ["new", "-o", "a.toml", "--force"],
    ["agreements", "--format", "json"],
    ["agreement", "show", "focus-enhancements-2003"],
    ["agreement", "new", "--help"],
    ["agreement", "bogus"],
]


@pytest.mark.parametrize("argv", ARGUMENTS, ids=lambda argv: " ".join(argv))
def test_the_parser_of_one_command_reads_its_arguments_as_the_whole_parser(argv, capsys):
    # main() builds only the named command's parser (checks/cli/arguments.py)
    from checks.cli.arguments import _parser

    answers = []
    for parser in (_parser(), _parser(argv[0])):
        try:
            answer: object = vars(parser.parse_args(argv))
        except SystemExit as done:
            answer = done.code
        answers.append((answer, capsys.readouterr()))
    assert answers[0] == answers[1]


# -- -j N -----------------------------------------------------------------------------------------


def fixed_files() -> list[Path]:
    """The bundled files validate accepts (no planned suspension)."""
    return [p for p in BUNDLED if not load_scenario(p).planned_suspensions]


@pytest.fixture(scope="module")
def fixed() -> list[Path]:
    files = fixed_files()
    assert len(files) > 40  # most of the library is fixed schedules
    return files


@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_j2_prints_what_j1_prints_over_the_scenario_library(fixed, output):
    one = rrcheck("validate", "--format", output, "-j", "1", *fixed)
    two = rrcheck("validate", "--format", output, "-j", "2", *fixed)
    assert one.returncode == two.returncode == 1  # the library has broken schedules
    assert one.stderr == two.stderr == b""
    assert one.stdout == two.stdout
    if output == "json":
        assert len(json.loads(one.stdout)) == len(fixed)
    else:
        assert one.stdout.count(b"\nVerdict: ") == len(fixed)


def test_validate_j2_quiet_and_robust_as_j1(fixed):
    some = fixed[:6]
    for extra in (["--quiet"], ["--robust"], ["--robust", "--format", "json"]):
        one = rrcheck("validate", *extra, "-j", "1", *some)
        two = rrcheck("validate", *extra, "-j", "2", *some)
        assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)


def test_the_json_array_is_the_one_of_the_payloads_in_order(fixed):
    some = fixed[:5]
    many = json.loads(rrcheck("validate", "--format", "json", "-j", "2", *some).stdout)
    alone = [json.loads(rrcheck("validate", "--format", "json", p).stdout) for p in some]
    assert many == alone
    text = rrcheck("validate", "--format", "json", "-j", "2", *some).stdout.decode()
    assert text == json.dumps(alone, indent=2) + "\n"


def test_compliant_files_exit_0_with_any_jobs():
    compliant = sorted(SCENARIOS.glob("*-compliant.toml"))[:4]
    for jobs in ("1", "2"):
        assert rrcheck("validate", "-j", jobs, "--quiet", *compliant).returncode == 0


def test_rrcheck_test_j2_prints_what_j1_prints_over_the_scenario_library():
    one = rrcheck("test", "-j", "1", SCENARIOS)
    two = rrcheck("test", "-j", "2", SCENARIOS)
    assert one.returncode == two.returncode == 0
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    expected = sum(has_expectations(p) for p in scenario_files([SCENARIOS]))  # with profiles/
    assert one.stdout.decode().splitlines()[-1] == f"{expected} passed, 0 failed"


def test_rrcheck_test_json_and_a_failure_with_any_jobs(tmp_path):
    failing = tmp_path / "failing.toml"
    source = SCENARIOS / "3h-max-length-sixteen-business-days-broken.toml"
    failing.write_text(source.read_text().replace("compliant = false", "compliant = true"))
    paths = [*BUNDLED[:3], failing, *sorted(SCENARIOS.glob("plan-*.toml"))[:3]]
    one = rrcheck("test", "--format", "json", "-j", "1", *paths)
    two = rrcheck("test", "--format", "json", "-j", "2", *paths)
    assert one.returncode == two.returncode == 1
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    assert json.loads(one.stdout)["failed"] == 1


def test_bad_input_in_one_file_same_message_and_status_with_any_jobs(fixed, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(fixed[0].read_text().replace("[scenario]", "[scenari]", 1))
    files = [*fixed[:5], bad, *fixed[5:9]]
    one = rrcheck("validate", "-j", "1", *files)
    two = rrcheck("validate", "-j", "2", *files)
    assert one.returncode == two.returncode == 2
    assert one.stderr == two.stderr
    assert one.stderr.decode().startswith(f"rrcheck: {bad}")
    assert one.stdout == two.stdout == b""  # every file is read before any is checked


@pytest.mark.parametrize("place", [0, 4, 12])
def test_an_error_found_while_checking_stops_at_that_file_with_any_jobs(fixed, tmp_path, place):
    # A payment due in 2028, past the nyse calendar's coverage: found only when solving. At the
    # 5th of 13 files, -j 2 once hung (checks/parallel.py says why); first and last as well.
    late = tmp_path / "late.json"
    late.write_text(
        json.dumps(
            builders.document(
                builders.suspension("s1", "2027-12-01", "2027-12-29", "2027-11-29"),
                investors=[{"name": "A", "purchase_price": "1500000.00"}],
                **builders.END_OF_NYSE,
            )
        )
    )
    probe = rrcheck("validate", "-j", "1", late)
    assert probe.returncode == 2
    assert b"falls outside the years the nyse calendar covers" in probe.stderr
    files = [*fixed[:place], late, *fixed[place:12]]
    for output in ("text", "json"):
        one = rrcheck("validate", "--format", output, "-j", "1", *files)
        two = rrcheck("validate", "--format", output, "-j", "2", *files)
        assert one.returncode == two.returncode == 2
        assert one.stderr == two.stderr == probe.stderr
        assert one.stdout == two.stdout


def test_ctrl_c_stops_every_worker_with_one_line(fixed):
    files = [str(p) for p in fixed] * 10
    process = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", "validate", "-j", "2", "--format", "json", *files],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert process.stdout is not None
    process.stdout.readline()  # the first file is out: the workers are at work
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err == b"rrcheck: interrupted\n"
    # no worker is left behind in the group
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)


@pytest.mark.parametrize("command", [["validate", "--format", "json"], ["test"]])
def test_ctrl_c_while_the_workers_are_inside_a_file_stops_them_with_one_line(
    fixed, tmp_path, command
):
    # Each worker stops inside its file's model (RRCHECK_PAUSE_AT), where it would sleep 60 s:
    # Ctrl-C then finds both at work, and must stop them, not wait for them.
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", *command, "-j", "2", *map(str, fixed[:8])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, PAUSE_ENVIRONMENT: f"model:{ready}"},
        start_new_session=True,
    )
    try:
        for _ in range(3000):  # at most 60 s for a worker to reach its file's model
            if ready.exists() or process.poll() is not None:
                break
            time.sleep(0.02)
        assert ready.exists(), process.communicate()
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=30)  # well before the workers' 60 s pause ends
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, out, err) == (130, b"", b"rrcheck: interrupted\n")
    with pytest.raises(ProcessLookupError):  # no worker is left behind in the group
        os.killpg(process.pid, 0)
