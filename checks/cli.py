"""The command line: parses arguments and calls checks. Nothing else lives here.

Exit status: 0 compliant / found / all passed; 1 a rule broken / none exists / a test failed;
2 bad input (one line naming the file and the field, never a traceback); 3 the solver ran out
of time or gave up (``unknown``, with the best bound found).
"""

from __future__ import annotations

import argparse
import errno
import functools
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.calendars import CalendarCoverageError
from model.loading import InputError, load_scenario, with_interpretations
from model.scenario import PlannedSuspension, Scenario
from model.solver import SolverSettings, SolverUnknown

if TYPE_CHECKING:
    from checks.terminal import Report

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_UNKNOWN, EXIT_INTERNAL = 0, 1, 2, 3, 70

# Set (to anything) to let an internal error raise with its traceback: tests and debugging.
DEBUG_ENVIRONMENT = "RRCHECK_DEBUG"


class BadInput(Exception):
    """One line for the user: file, field, what is wrong."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rrcheck",
        description="Check the timing terms of the Focus Enhancements Registration Rights "
        "Agreement (1 July 2003).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json")) -> None:
        sub.add_argument("--format", choices=formats, default="text")
        sub.add_argument(
            "--width",
            type=_width,
            default=None,
            metavar="N",
            help="columns of the text report (default 100, or a narrower terminal's)",
        )
        sub.add_argument(
            "--color",
            choices=("auto", "always", "never"),
            default="auto",
            help="colour the text report: auto (on a terminal, unless NO_COLOR is set)",
        )
        sub.add_argument(
            "--interpretation",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a reading of READING.md section 7 (repeatable)",
        )
        sub.add_argument(
            "--timeout", type=float, default=60.0, metavar="SECONDS", help="per solver call"
        )

    def output(sub: argparse.ArgumentParser, required: bool = False, what: str = "") -> None:
        sub.add_argument(
            "-o",
            "--output",
            required=required,
            metavar=what or "OUT.xlsx|OUT.csv",
            help="the file to write" + ("" if what else " (with --format xlsx or csv)"),
        )

    validate = commands.add_parser("validate", help="check fixed schedules")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--robust", action="store_true", help="under all 64 readings")
    common(validate, SCHEDULE_FORMATS)
    output(validate)

    find = commands.add_parser("find", help="the best compliant placement of a planned suspension")
    find.add_argument("file", metavar="FILE")
    goal = find.add_mutually_exclusive_group(required=True)
    goal.add_argument("--latest-start", metavar="ID")
    goal.add_argument("--earliest-start", metavar="ID")
    goal.add_argument("--longest", metavar="ID")
    common(find)

    worst = commands.add_parser("worst-case", help="the placement with the most payments")
    worst.add_argument("file", metavar="FILE")
    worst.add_argument("--least", action="store_true", help="the least payments instead")
    common(worst, SCHEDULE_FORMATS)
    output(worst)

    test = commands.add_parser("test", help="run the [expect] tables of scenario files")
    test.add_argument("paths", nargs="+", metavar="PATH")
    common(test, SCHEDULE_FORMATS)
    output(test)
    for verdicts in (validate, find, worst, test):
        verdicts.add_argument(
            "--quiet", action="store_true", help="print only the verdict (text format)"
        )

    prove = commands.add_parser("prove", help="prove the model's properties with Z3")
    common(prove)

    calendar = commands.add_parser("calendar", help="every deadline as an iCalendar file")
    calendar.add_argument("file", metavar="FILE")
    calendar.add_argument("-o", "--output", required=True, metavar="OUT.ics")
    common(calendar)

    timeline = commands.add_parser("timeline", help="a picture of the schedule, .svg or .png")
    timeline.add_argument("file", metavar="FILE")
    timeline.add_argument("-o", "--output", required=True, metavar="OUT.svg|OUT.png")
    common(timeline)

    memo = commands.add_parser("memo", help="the answer as a memo, .docx (Word) or .html")
    memo.add_argument("file", metavar="FILE")
    output(memo, required=True, what="OUT.docx|OUT.html")
    question = memo.add_mutually_exclusive_group()
    question.add_argument(
        "--find",
        metavar="OBJECTIVE:ID",
        help="the memo of find: latest-start:ID, earliest-start:ID or longest:ID",
    )
    question.add_argument("--worst-case", action="store_true", help="the memo of worst-case")
    memo.add_argument("--least", action="store_true", help="with --worst-case: the least")
    common(memo)

    compare = commands.add_parser("compare", help="what-ifs side by side, a column per case")
    compare.add_argument("files", nargs="+", metavar="FILE")
    common(compare, ("text", "json", "xlsx"))
    output(compare, what="OUT.xlsx")

    new = commands.add_parser("new", help="write a commented scenario file to fill in")
    output(new, required=True, what="OUT.toml")
    new.add_argument("--force", action="store_true", help="replace the file if it exists")
    return parser


SCHEDULE_FORMATS = ("text", "json", "xlsx", "csv")


def _width(text: str) -> int:
    from checks.terminal import MIN_WIDTH

    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of columns: {text!r}") from None
    if width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"at least {MIN_WIDTH} columns (got {width})")
    return width


def _load(path: str, interpretations: Sequence[str]) -> Scenario:
    try:
        return with_interpretations(load_scenario(path), interpretations)
    except InputError as error:
        raise BadInput(str(error)) from None


def _refuse_planned(scenario: Scenario) -> None:
    """``validate`` checks fixed schedules: say which suspension is planned, and where."""
    for i, suspension in enumerate(scenario.suspensions):
        if isinstance(suspension, PlannedSuspension):
            raise BadInput(
                f"{scenario.source}: suspensions[{i}]: planned suspension {suspension.id!r} "
                f"({_planned_by(suspension)}): validate checks fixed schedules; "
                "use find or worst-case"
            )


def _planned_by(s: PlannedSuspension) -> str:
    reasons: list[str] = []
    if s.start.earliest != s.start.latest:
        reasons.append("start is a range")
    if s.end is not None and s.end.earliest != s.end.latest:
        reasons.append("end is a range")
    if s.length is not None:
        reasons.append("length is given")
    if s.covers:
        reasons.append("covers is given")
    return ", ".join(reasons) or "a range or length"


def _guard(path: str, action: Callable[[], Any]) -> Any:
    """Run a check, turning the input errors it can still meet into one line."""
    from checks.plan import PlanningError
    from checks.validate import PlannedSuspensionError

    try:
        return action()
    except InputError as error:
        raise BadInput(str(error)) from None
    except CalendarCoverageError as error:
        raise BadInput(f"{path}: calendar: {error}") from None
    except PlannedSuspensionError as error:
        raise BadInput(f"{path}: suspensions: {error}") from None
    except PlanningError as error:
        raise BadInput(f"{path}: {error}") from None


def _emit(args: argparse.Namespace, payload: Any, text: str | Report) -> None:
    try:
        if args.format == "json":
            print(json.dumps(payload, indent=2))
        else:  # a report, or a summary's lines: both wrapped to the width
            from checks import terminal

            terminal.emit(text, args.color, width=args.width)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


def _discard_stdout() -> None:
    """The reader went away (``rrcheck validate FILE | head -1``): what it did not read is
    dropped, and the command still exits with its verdict's status, for ``PIPESTATUS``. Standard
    output is pointed at /dev/null so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing will flush to the closed pipe


def _validate(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.robust import RobustResult, robust
    from checks.validate import validate

    output = _file_output(args)
    scenarios = [_load(path, args.interpretation) for path in args.files]
    for scenario in scenarios:  # every file is checked as input before any is solved
        _refuse_planned(scenario)
    payloads, checked, ok = [], [], True
    files = list(zip(args.files, scenarios, strict=True))
    for path, scenario in terminal.track(files, "validate", args.color, not args.quiet):
        if args.robust:
            result = _guard(path, functools.partial(robust, scenario, settings))
            payloads.append(report.robust_json(result))
            ok = ok and result.robust and result.verdict.compliant
        else:
            result = _guard(path, functools.partial(validate, scenario, settings))
            payloads.append(report.verdict_to_json(result))
            ok = ok and result.compliant
        checked.append((path, result))
    if args.format in ("xlsx", "csv"):
        from checks import workbook

        verdicts = [
            (scenario, r.verdict if isinstance(r, RobustResult) else r)
            for scenario, (_, r) in zip(scenarios, checked, strict=True)
        ]
        if args.format == "xlsx":
            _emit_file(args, output, workbook.validate_workbook(verdicts))
        else:
            rows = [(scenario.name, verdict.payments) for scenario, verdict in verdicts]
            _emit_file(args, output, workbook.payments_csv(rows))
        return EXIT_OK if ok else EXIT_BROKEN
    text = terminal.validate_report(checked, args.quiet)
    _emit(args, payloads[0] if len(payloads) == 1 else payloads, text)
    return EXIT_OK if ok else EXIT_BROKEN


def _find(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.plan import find

    scenario = _load(args.file, args.interpretation)
    objective, target = next(
        (name, value)
        for name, value in (
            ("latest-start", args.latest_start),
            ("earliest-start", args.earliest_start),
            ("longest", args.longest),
        )
        if value is not None
    )
    result = _guard(args.file, lambda: find(scenario, objective, target, settings))
    _emit(args, report.find_json(result), terminal.find_report(result, args.quiet))
    return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)


def _worst_case(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.plan import worst_case

    output = _file_output(args)
    scenario = _load(args.file, args.interpretation)
    result = _guard(args.file, lambda: worst_case(scenario, args.least, settings))
    status = {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)
    if args.format == "xlsx":
        from checks import workbook

        _emit_file(args, output, workbook.worst_case_workbook(scenario, result))
        return status
    if args.format == "csv":
        from checks import workbook

        _emit_file(args, output, workbook.payments_csv([(scenario.name, result.payments)]))
        return status
    _emit(args, report.worst_case_json(result), terminal.worst_case_report(result, args.quiet))
    return status


def _test(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.regression import run_file, scenario_files

    output = _file_output(args)
    results = []
    skipped = []  # files named on the command line that have nothing to check
    named = {Path(p) for p in args.paths if not Path(p).is_dir()}
    paths = list(scenario_files(args.paths))
    for path in terminal.track(paths, "test", args.color, not args.quiet):
        if not path.exists():
            raise BadInput(f"{path}: no such file or folder")
        result = run_file(path, settings)
        if result is not None:
            results.append(result)
        elif path in named:
            skipped.append(str(path))
    if args.format == "xlsx":
        from checks import workbook

        _emit_file(args, output, workbook.test_workbook(results))
    elif args.format == "csv":
        from checks import workbook

        rows = [(r.name, r.verdict.payments) for r in results if r.verdict is not None]
        _emit_file(args, output, workbook.payments_csv(rows))
    else:
        _emit(
            args,
            report.test_json(results, skipped),
            terminal.test_report(results, args.quiet, skipped),
        )
    if any(r.bad_input for r in results):
        return EXIT_INPUT
    # A run that checked nothing passes nothing: CI pointed at the wrong folder should fail.
    return EXIT_OK if results and all(r.passed for r in results) else EXIT_BROKEN


def _prove(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.prove import prove_all

    results = prove_all(settings)
    _emit(args, report.prove_json(results), terminal.prove_report(results))
    if all(r.status == "proved" for r in results):
        return EXIT_OK
    return EXIT_UNKNOWN if any(r.status == "unknown" for r in results) else EXIT_BROKEN


def _write(output: str, content: bytes) -> None:
    """Write an output file whole or not at all: into a temporary file beside it, renamed over
    it once complete. A path that cannot be written is bad input, in one line."""
    folder = os.path.dirname(os.path.abspath(output))
    temporary = None
    try:
        if os.path.isdir(output):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(output)}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BadInput(f"{output}: -o: cannot write it: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _writable(output: str) -> None:
    """Refuse, before any work, an -o whose folder is missing or that names a folder."""
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isdir(output):
        raise BadInput(f"{output}: -o: cannot write it: it is a folder")
    if not os.path.isdir(folder):
        raise BadInput(f"{output}: -o: cannot write it: no such folder {folder}")
    if not os.access(folder, os.W_OK):
        raise BadInput(f"{output}: -o: cannot write it: the folder is not writable")


def _file_output(args: argparse.Namespace) -> str | None:
    """``-o`` of validate, worst-case, test and compare: the workbook (xlsx) or the payment
    rows (csv), checked before any work; text and JSON go to standard output."""
    output: str | None = args.output
    if args.format == "xlsx":
        if output is None:
            raise BadInput(
                "--format xlsx: a workbook is not written to the terminal; give -o FILE.xlsx"
            )
        if not output.lower().endswith(".xlsx"):
            raise BadInput(f"{output}: -o: a workbook is written as .xlsx")
    elif output is not None and args.format != "csv":
        raise BadInput(f"{output}: -o: only with --format xlsx or csv (text and json print)")
    if output is not None:
        _writable(output)
    return output


def _emit_file(args: argparse.Namespace, output: str | None, content: bytes | str) -> None:
    """Write the workbook or CSV to ``output``, or the CSV to standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is not None:
        _write(output, data)
        return
    try:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


def _calendar(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import ics
    from checks.deadlines import schedule_dates

    scenario = _load(args.file, args.interpretation)
    dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
    _write(args.output, ics.to_ical(dates))
    _emit(args, ics.summary_json(dates, args.output), ics.summary_text(dates, args.output))
    return EXIT_OK


def _timeline(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import timeline
    from checks.deadlines import schedule_dates

    picture = os.path.splitext(args.output)[1].lstrip(".").lower()
    if picture not in timeline.FORMATS:
        raise BadInput(f"{args.output}: -o: the picture is written as .svg or .png, by the suffix")
    scenario = _load(args.file, args.interpretation)
    dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
    layout = timeline.timeline_layout(dates)
    _write(args.output, timeline.render_layout(layout, picture))
    _emit(
        args,
        timeline.summary_json(layout, args.output),
        timeline.summary_text(layout, args.output),
    )
    return EXIT_OK


def _memo(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import memo
    from checks.plan import OBJECTIVES

    kind = os.path.splitext(args.output)[1].lstrip(".").lower()
    kind = {"htm": "html"}.get(kind, kind)
    if kind not in memo.FORMATS:
        raise BadInput(f"{args.output}: -o: the memo is written as .docx or .html, by the suffix")
    if args.least and not args.worst_case:
        raise BadInput("--least: only with --worst-case")
    goal = None
    if args.find is not None:
        objective, _, target = args.find.partition(":")
        if objective not in OBJECTIVES or not target:
            raise BadInput(
                f"--find: {args.find}: expected OBJECTIVE:ID, OBJECTIVE one of "
                f"{', '.join(OBJECTIVES)}"
            )
        goal = (objective, target)
    _writable(args.output)
    scenario = _load(args.file, args.interpretation)
    planned = scenario.planned_suspensions
    if goal is None and not args.worst_case and planned:
        raise BadInput(
            f"{args.file}: suspensions: planned suspension {planned[0].id!r}: the memo of a "
            "fixed schedule checks fixed dates; give --find OBJECTIVE:ID or --worst-case"
        )
    document = _guard(
        args.file,
        lambda: memo.build(scenario, settings, goal, args.worst_case, args.least),
    )
    if kind == "docx":
        from checks.memo_docx import to_docx

        content = to_docx(document)
    else:
        from checks.memo_html import to_html

        content = to_html(document)
    _write(args.output, content)
    _emit(args, memo.summary_json(document, args.output), memo.summary_text(document, args.output))
    return EXIT_OK


def _compare(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import compare, terminal

    output = _file_output(args)
    fixed, varied = compare.readings_to_compare(args.interpretation)
    scenarios = [_load(path, fixed) for path in args.files]
    for scenario in scenarios:
        _refuse_planned(scenario)
    if len(scenarios) < 2 and not varied:
        raise BadInput(
            "compare: nothing to compare: give two files or more, or --interpretation NAME=*"
        )
    result = _guard(args.files[0], lambda: compare.run(args.files, scenarios, varied, settings))
    if args.format == "xlsx":
        from checks import workbook

        _emit_file(args, output, workbook.compare_workbook(result))
    else:
        _emit(args, compare.to_json(result), terminal.compare_report(result))
    return EXIT_OK


def _new(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.template import scenario_template

    if os.path.exists(args.output) and not args.force:
        raise BadInput(f"{args.output}: -o: the file exists; give --force to replace it")
    _writable(args.output)
    _write(args.output, scenario_template().encode("utf-8"))
    from checks import terminal

    terminal.emit(
        f"Scenario to fill in written to {args.output}: replace each YYYY-MM-DD and AMOUNT, "
        f"then run: rrcheck validate {args.output}"
    )
    return EXIT_OK


COMMANDS = {
    "validate": _validate,
    "find": _find,
    "worst-case": _worst_case,
    "test": _test,
    "prove": _prove,
    "calendar": _calendar,
    "timeline": _timeline,
    "memo": _memo,
    "compare": _compare,
    "new": _new,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (CONTRACT.md "Commands")."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # usage errors (2) and --help (0): a status, not an exit
        if done.code is None:
            return EXIT_OK
        return done.code if isinstance(done.code, int) else EXIT_INPUT
    timeout = getattr(args, "timeout", 60.0)
    if not (math.isfinite(timeout) and timeout > 0):
        print("rrcheck: --timeout: must be a number of seconds more than zero", file=sys.stderr)
        return EXIT_INPUT
    settings = SolverSettings(timeout_seconds=timeout)
    for setting in getattr(args, "interpretation", ()):  # the readings before any file is read
        try:
            with_interpretations_check(setting, every=args.command == "compare")
        except BadInput as error:
            print(f"rrcheck: {error}", file=sys.stderr)
            return EXIT_INPUT
    try:
        return int(COMMANDS[args.command](args, settings))
    except BadInput as error:
        print(f"rrcheck: {error}", file=sys.stderr)
        return EXIT_INPUT
    except SolverUnknown as error:
        print(f"rrcheck: unknown: {error}", file=sys.stderr)
        return EXIT_UNKNOWN
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a defect: say so in one line, never a traceback for users
        if os.environ.get(DEBUG_ENVIRONMENT):
            raise
        print(f"rrcheck: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


def with_interpretations_check(setting: str, every: bool = False) -> None:
    """Refuse an unknown reading; with ``every`` (``compare``) ``NAME=*`` stands for each."""
    from model.interpretations import TERMS_BY_NAME, Interpretation

    name, sep, reading = setting.partition("=")
    if not sep:
        raise BadInput(f"--interpretation: {setting}: expected NAME=VALUE")
    if every and reading.strip() == "*":
        if name.strip() not in TERMS_BY_NAME:
            known = ", ".join(TERMS_BY_NAME)
            raise BadInput(
                f"--interpretation: {name.strip()}: unknown term; choose one of: {known}"
            )
        return
    try:
        Interpretation().with_reading(name.strip(), reading.strip())
    except ValueError as error:
        raise BadInput(f"--interpretation: {name.strip()}: {error}") from None


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
