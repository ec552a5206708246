"""The command line: parses arguments and calls checks. Nothing else lives here.

Exit status: 0 compliant / found / all passed; 1 a rule broken / none exists / a test failed;
2 bad input (one line naming the file and the field, never a traceback); 3 the solver ran out
of time or gave up (``unknown``, with the best bound found).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checks.terminal import Report
    from model.scenario import PlannedSuspension, Scenario
    from model.solver import SolverSettings

# The model (z3, holidays, cattrs) is imported inside main(), so that Ctrl-C during start-up
# is an interrupt like any other: one line and exit 130, not a traceback from an import.

EXIT_OK, EXIT_BROKEN, EXIT_INPUT, EXIT_UNKNOWN, EXIT_INTERNAL = 0, 1, 2, 3, 70
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

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

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--format", choices=("text", "json"), default="text")
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

    validate = commands.add_parser("validate", help="check fixed schedules")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--robust", action="store_true", help="under all 64 readings")
    common(validate)

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
    common(worst)

    test = commands.add_parser("test", help="run the [expect] tables of scenario files")
    test.add_argument("paths", nargs="+", metavar="PATH")
    common(test)
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
    return parser


def _load(path: str, interpretations: Sequence[str]) -> Scenario:
    from model.loading import InputError, load_scenario, with_interpretations

    try:
        return with_interpretations(load_scenario(path), interpretations)
    except InputError as error:
        raise BadInput(str(error)) from None


def _refuse_planned(scenario: Scenario) -> None:
    """``validate`` checks fixed schedules: say which suspension is planned, and where."""
    from model.scenario import PlannedSuspension

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
    from model.calendars import CalendarCoverageError
    from model.loading import InputError

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
        elif isinstance(text, str):
            print(text)
        else:
            from checks import terminal

            terminal.emit(text, args.color)
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
    from checks.robust import robust
    from checks.validate import validate

    for path in args.files:  # every file is checked as input before any is solved
        _refuse_planned(_load(path, args.interpretation))
    # Each result is written as soon as it is ready and then dropped, so that memory does not
    # grow with the number of files; the output is what one report of them all would be.
    out = _Stream(args, several=len(args.files) > 1)
    ok = True
    for path in terminal.track(args.files, "validate", args.color, not args.quiet):
        scenario = _load(path, args.interpretation)
        if args.robust:
            result = _guard(path, functools.partial(robust, scenario, settings))
            payload = report.robust_json(result)
            ok = ok and result.robust and result.verdict.compliant
        else:
            result = _guard(path, functools.partial(validate, scenario, settings))
            payload = report.verdict_to_json(result)
            ok = ok and result.compliant
        out.add(payload, terminal.validate_report([(path, result)], args.quiet))
    out.close()
    return EXIT_OK if ok else EXIT_BROKEN


class _Stream:
    """``validate``'s output, one file's result at a time: a JSON object (for several files
    the elements of one JSON array, written as ``[``, each object, ``,``, ``]``) or each
    file's text report, a blank line between. Byte for byte what ``json.dumps(results,
    indent=2)`` or the report of all the files together would be."""

    def __init__(self, args: argparse.Namespace, several: bool) -> None:
        self.args = args
        self.several = several
        self.count = 0
        self.closed_pipe = False

    def _write(self, text: str) -> None:
        if self.closed_pipe:
            return
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            self.closed_pipe = True
            _discard_stdout()

    def add(self, payload: Any, text: Report) -> None:
        from checks import terminal

        if self.args.format == "json":
            if not self.several:
                self._write(json.dumps(payload, indent=2) + "\n")
            else:
                element = json.dumps(payload, indent=2).replace("\n", "\n  ")
                self._write(("[\n  " if self.count == 0 else ",\n  ") + element)
        else:
            if self.count and not self.args.quiet:
                text = [terminal.BLANK, *text]
            if self.closed_pipe:
                return
            try:
                terminal.emit(text, self.args.color)
                sys.stdout.flush()
            except BrokenPipeError:
                self.closed_pipe = True
                _discard_stdout()
        self.count += 1

    def close(self) -> None:
        if self.args.format == "json" and self.several and self.count:
            self._write("\n]\n")


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
    def ask() -> Any:
        from checks.plan import PlanningError

        try:
            return find(scenario, objective, target, settings)
        except PlanningError as error:  # the suspension named: say which option named it
            raise BadInput(f"{args.file}: --{objective}: {error}") from None

    result = _guard(args.file, ask)
    _emit(args, report.find_json(result), terminal.find_report(result, args.quiet))
    return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)


def _worst_case(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.plan import worst_case

    scenario = _load(args.file, args.interpretation)
    result = _guard(args.file, lambda: worst_case(scenario, args.least, settings))
    _emit(args, report.worst_case_json(result), terminal.worst_case_report(result, args.quiet))
    return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)


def _test(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import report, terminal
    from checks.regression import run_file, scenario_files

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
    """Write an output file; a path that cannot be written is bad input, in one line.

    Atomically: into a new file beside it, renamed over it once complete, so that an
    interrupt or a full disk never leaves half a file (nor the temporary one) behind."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(output))
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(output)}.", suffix=".part", dir=folder
        )
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
        temporary = None
    except OSError as error:
        raise BadInput(f"{output}: -o: cannot write it: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


COMMANDS = {
    "validate": _validate,
    "find": _find,
    "worst-case": _worst_case,
    "test": _test,
    "prove": _prove,
    "calendar": _calendar,
    "timeline": _timeline,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (CONTRACT.md "Commands")."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # usage errors (2) and --help (0): a status, not an exit
        if done.code is None:
            return EXIT_OK
        return done.code if isinstance(done.code, int) else EXIT_INPUT
    try:
        return _main(args)
    except KeyboardInterrupt:
        # Ctrl-C: say so once; never a time-out, never a traceback. Output files are written
        # whole or not at all (_write), so nothing partial is left.
        print("rrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(args: argparse.Namespace) -> int:
    from model.solver import SolverSettings, SolverUnknown, pause_point

    pause_point("startup")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        print("rrcheck: --timeout: must be a number of seconds more than zero", file=sys.stderr)
        return EXIT_INPUT
    settings = SolverSettings(timeout_seconds=args.timeout)
    for setting in args.interpretation:  # check the readings before any file is read
        try:
            with_interpretations_check(setting)
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


def with_interpretations_check(setting: str) -> None:
    from model.interpretations import Interpretation

    name, sep, reading = setting.partition("=")
    if not sep:
        raise BadInput(f"--interpretation: {setting}: expected NAME=VALUE")
    try:
        Interpretation().with_reading(name.strip(), reading.strip())
    except ValueError as error:
        raise BadInput(f"--interpretation: {name.strip()}: {error}") from None


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
