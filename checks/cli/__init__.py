"""The command line: parses arguments and calls checks. Nothing else lives here.

Exit status: 0 compliant / found / all passed; 1 a rule broken / none exists / a test failed;
2 bad input (one line naming the file and the field, never a traceback); 3 the solver ran out
of time or gave up (``unknown``, with the best bound found); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from checks.regression import CaseResult
    from checks.reports.terminal import Page, Report
    from checks.robust import RobustResult
    from model.findings import Verdict
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

    def jobs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "-j",
            "--jobs",
            type=_positive_jobs,
            default=None,
            metavar="N",
            help="check files in N worker processes (default: this machine's processors); "
            "the output is the same whatever N",
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
    jobs(validate)

    find = commands.add_parser("find", help="the best compliant placement of a planned suspension")
    find.add_argument("file", metavar="FILE")
    goal = find.add_mutually_exclusive_group(required=True)
    goal.add_argument("--latest-start", metavar="ID")
    goal.add_argument("--earliest-start", metavar="ID")
    goal.add_argument("--longest", metavar="ID")
    find.add_argument(
        "--write",
        metavar="FILE",
        help="write the scenario with the planned suspensions fixed at the answer "
        "(.json: JSON; otherwise TOML)",
    )
    common(find)

    worst = commands.add_parser("worst-case", help="the placement with the most payments")
    worst.add_argument("file", metavar="FILE")
    worst.add_argument("--least", action="store_true", help="the least payments instead")
    worst.add_argument(
        "--robust",
        action="store_true",
        help="under every combination of readings: the worst (least) of all, its reading, "
        "and the spread of the per-reading optima",
    )
    worst.add_argument(
        "--investor", metavar="NAME", help="one Investor's payments instead of the total"
    )
    common(worst, SCHEDULE_FORMATS)
    output(worst)

    test = commands.add_parser("test", help="run the [expect] tables of scenario files")
    test.add_argument("paths", nargs="+", metavar="PATH")
    common(test, SCHEDULE_FORMATS)
    output(test)
    jobs(test)
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

    # Term profiles (CONTRACT.md "Term profiles"): no solver, so no readings or time-out.
    listing = commands.add_parser("agreements", help="list the bundled term profiles")
    agreement = commands.add_parser("agreement", help="show, write or check a term profile")
    actions = agreement.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="a profile in words, each term with its section")
    show.add_argument("profile", metavar="ID|FILE")
    new = actions.add_parser("new", help="write a commented profile template")
    new.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: print)")
    check = actions.add_parser("check", help="validate a profile file and print it in words")
    check.add_argument("profile", metavar="FILE")
    for sub in (listing, show, new, check):
        sub.add_argument("--format", choices=("text", "json"), default="text")
        sub.set_defaults(interpretation=[], timeout=60.0, width=None, color="auto")
    return parser


SCHEDULE_FORMATS = ("text", "json", "xlsx", "csv")


def _width(text: str) -> int:
    from checks.reports.terminal import MIN_WIDTH

    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of columns: {text!r}") from None
    if width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"at least {MIN_WIDTH} columns (got {width})")
    return width


def _positive_jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least one job")
    return value


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


def _refuse_planned_dates(scenario: Scenario, path: str, command: str) -> None:
    """``calendar`` and ``timeline`` show the days of a fixed schedule: a planned suspension's
    window edges are no days to act on (its earliest start may break the spacing rule), so the
    user fixes it first at an answer of ``find``."""
    from model.scenario import PlannedSuspension

    for i, suspension in enumerate(scenario.suspensions):
        if isinstance(suspension, PlannedSuspension):
            raise BadInput(
                f"{scenario.source}: suspensions[{i}]: planned suspension {suspension.id!r} "
                f"({_planned_by(suspension)}): {command} shows the days of a fixed schedule; "
                f"fix it at an answer first: rrcheck find {path} --earliest-start "
                f"{suspension.id} --write FIXED.toml (or --latest-start, --longest), then "
                f"rrcheck {command} FIXED.toml"
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


def _guard(path: str, action: Callable[[], Any], planning: tuple[type[Exception], ...] = ()) -> Any:
    """Run a check, turning the input errors it can still meet into one line. ``planning``:
    checks.plan's PlanningError, for the commands that plan (validate never loads planning)."""
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
    except planning as error:
        raise BadInput(f"{path}: {error}") from None


def _emit(args: argparse.Namespace, payload: Any, text: str | Report) -> None:
    try:
        if args.format == "json":
            print(json.dumps(payload, indent=2))
        else:  # a report, or a summary's lines: both wrapped to the width
            from checks.reports import terminal

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


@attrs.frozen
class _FileCheck:
    """What a worker needs to check one file for ``validate`` and print it as the parent would."""

    interpretations: tuple[str, ...]
    settings: SolverSettings
    robust: bool
    quiet: bool
    page: Page | None  # None for --format json


@attrs.frozen
class _Checked:
    """One file's report, rendered; or the one line that stops the command (exit 2 or 3)."""

    output: str = ""
    ok: bool = True
    bad_input: str = ""
    unknown: str = ""


def _check_input(item: tuple[str, _FileCheck]) -> _Checked:
    """The first pass: every file is read and checked as input before any is solved."""
    path, check = item
    from checks import allowance

    try:
        read = functools.partial(allowance.load_profile_scenario, path, check.interpretations)
        if _guard(path, read) is not None:
            return _Checked()  # a term profile's scenario (checks/allowance.py), read
        _refuse_planned(_load(path, check.interpretations))
    except BadInput as error:
        return _Checked(bad_input=str(error))
    return _Checked()


def _check_file(item: tuple[int, str, _FileCheck]) -> _Checked:
    """One file of ``validate``: its verdict rendered as text (a blank line before every file
    but the first) or as its JSON object."""
    index, path, check = item
    from checks.reports import report
    from model.solver import SolverUnknown

    try:
        from checks import allowance

        asked = (path, check.interpretations, check.settings, check.page is None, check.robust)
        profiled = _guard(path, functools.partial(allowance.check_file, *asked))
        if profiled is not None:  # a term profile's scenario
            return _Checked(("\n" if index and check.page else "") + profiled[0], profiled[1])
        scenario = _load(path, check.interpretations)
        _refuse_planned(scenario)
        result: Verdict | RobustResult
        if check.robust:
            from checks.robust import robust

            robustly: RobustResult = _guard(
                path, functools.partial(robust, scenario, check.settings)
            )
            payload = report.robust_json(robustly)
            ok = robustly.robust and robustly.verdict.compliant
            result = robustly
        else:
            from checks.validate import validate

            verdict: Verdict = _guard(path, functools.partial(validate, scenario, check.settings))
            payload = report.verdict_to_json(verdict)
            ok = verdict.compliant
            result = verdict
    except BadInput as error:
        return _Checked(bad_input=str(error))
    except SolverUnknown as error:
        return _Checked(unknown=str(error))
    if check.page is None:
        return _Checked(json.dumps(payload, indent=2), ok)
    from checks.reports import terminal

    blocks = terminal.validate_report([(path, result)], check.quiet)
    if index and not check.quiet:
        blocks = [terminal.BLANK, *blocks]
    return _Checked(terminal.render_page(blocks, check.page), ok)


def _stop(checked: _Checked) -> None:
    from model.solver import SolverUnknown

    if checked.bad_input:
        raise BadInput(checked.bad_input)
    if checked.unknown:
        raise SolverUnknown(checked.unknown)


def _validate(args: argparse.Namespace, settings: SolverSettings) -> int:
    """Every file is checked as input first (nothing is printed if one is bad), then each
    file's report is written as it is ready, in the order given: a JSON array for several files,
    the same bytes whatever ``-j``."""
    if args.format in ("xlsx", "csv"):
        return _validate_to_file(args, settings)
    _file_output(args)  # text and JSON print: refuse an -o given with them, before any work
    # Loaded here, before any worker is started, so that every worker has them already.
    import checks.reports.report
    import checks.validate  # noqa: F401
    from checks.parallel import default_jobs, ordered_map

    if args.robust:
        import checks.robust  # noqa: F401

    files: list[str] = args.files
    jobs = min(len(files), args.jobs or default_jobs())
    page = None if args.format == "json" else _page(args.color, args.width)
    check = _FileCheck(tuple(args.interpretation), settings, args.robust, args.quiet, page)
    with contextlib.closing(
        ordered_map(_check_input, ((path, check) for path in files), jobs)
    ) as inputs:  # closing stops the workers when a bad file stops the command
        for checked in inputs:
            _stop(checked)
    out = sys.stdout
    # A progress bar on a terminal redraws itself: a report for that terminal waits for it.
    hold = not args.quiet and len(files) > 10 and _is_terminal(sys.stderr) and _is_terminal(out)
    held: list[str] = []
    ok = True
    several = len(files) > 1 and page is None
    results = ordered_map(_check_file, ((i, p, check) for i, p in enumerate(files)), jobs)
    with contextlib.closing(results):
        for index, _path in enumerate(_tracked(files, "validate", args)):
            checked = next(results)
            _stop(checked)
            ok = ok and checked.ok
            chunk = checked.output
            if several:  # the array json.dumps(payloads, indent=2) writes, one element at a time
                chunk = ("[\n" if index == 0 else ",\n") + _indented(chunk)
                if index == len(files) - 1:
                    chunk += "\n]\n"
            elif page is None:
                chunk += "\n"
            if hold:
                held.append(chunk)
            else:
                _write_out(out, chunk)
    for chunk in held:
        _write_out(out, chunk)
    return EXIT_OK if ok else EXIT_BROKEN


def _validate_to_file(args: argparse.Namespace, settings: SolverSettings) -> int:
    """``validate --format xlsx|csv``: one workbook (or CSV) of every file's verdict, so every
    file is checked first, in this process."""
    from checks.reports import workbook
    from checks.robust import robust
    from checks.validate import validate

    output = _file_output(args)
    scenarios = [_load(path, args.interpretation) for path in args.files]
    for scenario in scenarios:  # every file is checked as input before any is solved
        _refuse_planned(scenario)
    verdicts, ok = [], True
    for path, scenario in zip(args.files, scenarios, strict=True):
        if args.robust:
            robustly: RobustResult = _guard(path, functools.partial(robust, scenario, settings))
            ok = ok and robustly.robust and robustly.verdict.compliant
            verdicts.append((scenario, robustly.verdict))
        else:
            verdict: Verdict = _guard(path, functools.partial(validate, scenario, settings))
            ok = ok and verdict.compliant
            verdicts.append((scenario, verdict))
    if args.format == "xlsx":
        _emit_file(args, output, workbook.validate_workbook(verdicts))
    else:
        rows = [(scenario.name, verdict.payments) for scenario, verdict in verdicts]
        _emit_file(args, output, workbook.payments_csv(rows))
    return EXIT_OK if ok else EXIT_BROKEN


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _write_out(out: Any, chunk: str) -> None:
    try:
        out.write(chunk)
        out.flush()
    except BrokenPipeError:  # the rest goes nowhere; the files are still checked, for the status
        _discard_stdout()


def _page(color: str, width: int | None) -> Page:
    from checks.reports import terminal

    return terminal.page(color, width=width)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _tracked(items: Sequence[str], description: str, args: argparse.Namespace) -> Iterable[str]:
    """The items, with the progress bar of :func:`checks.reports.terminal.track` when stderr is a
    terminal (the text reports' module, and rich, are loaded only then)."""
    if args.quiet or not _is_terminal(sys.stderr):
        return items
    from checks.reports import terminal

    return terminal.track(items, description, args.color, True)


def _find(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import allowance
    from checks.plan import find
    from checks.reports import report, terminal

    objective, target = next(
        (name, value)
        for name, value in (
            ("latest-start", args.latest_start),
            ("earliest-start", args.earliest_start),
            ("longest", args.longest),
        )
        if value is not None
    )
    asked = (args.file, args.interpretation, objective, target, settings, args.format == "json")
    profiled = _guard(args.file, functools.partial(allowance.find_file, *asked))
    if profiled is not None:  # a term profile's scenario (checks/allowance.py)
        print(profiled[0], end="" if args.format != "json" else "\n")
        return EXIT_OK if profiled[1] else EXIT_BROKEN
    scenario = _load(args.file, args.interpretation)

    def ask() -> Any:
        from checks.plan import PlanningError

        try:
            return find(scenario, objective, target, settings)
        except PlanningError as error:  # the suspension named: say which option named it
            raise BadInput(f"{args.file}: --{objective}: {error}") from None

    result = _guard(args.file, ask)
    payload, text = report.find_json(result), terminal.find_report(result, args.quiet)
    if args.write is not None:
        if result.status != "optimal":
            print(
                f"rrcheck: {args.write}: --write: nothing written: find is {result.status}",
                file=sys.stderr,
            )
        else:
            _write_fixed(args, result.schedule)
            payload["written"] = args.write
            if not args.quiet:
                text.append(terminal.written_line(args.write, [p.id for p in result.schedule]))
    _emit(args, payload, text)
    return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)


def _write_fixed(args: argparse.Namespace, placements: Sequence[Any]) -> None:
    """``find --write``: the scenario with its planned suspensions fixed at the answer. An
    ``agreement_file`` is rewritten relative to the new file, so it still names the profile."""
    from checks.plan import fixed_document
    from model.loading import read_document
    from model.writing import json_text, toml_text

    source, output = Path(args.file), Path(args.write)
    document = read_document(source)
    given = dict(
        (name.strip(), value.strip())
        for name, _, value in (setting.partition("=") for setting in args.interpretation)
    )
    fixed = fixed_document(document, placements, given)
    header = fixed.get("scenario", {})
    if isinstance(header.get("agreement_file"), str):
        profile = (source.parent / header["agreement_file"]).resolve()
        header["agreement_file"] = os.path.relpath(profile, output.resolve().parent)
    placed = ", ".join(f"{p.id} {p.start} to {p.end}" for p in placements)
    if output.suffix.lower() == ".json":
        content = json_text(fixed)
    else:
        content = toml_text(
            fixed,
            comment=f"Written by rrcheck find from {source.name}: {placed}, each with the "
            "advance notice its start needs (notice_by).",
        )
    _write(args.write, content.encode("utf-8"), "--write")


def _worst_case(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.plan import PlanningError, worst_case
    from checks.reports import report, terminal

    output = _file_output(args)
    scenario = _load(args.file, args.interpretation)
    result = _guard(
        args.file,
        lambda: worst_case(scenario, args.least, settings, args.investor, args.robust),
        (PlanningError,),
    )
    status = {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)
    if args.format == "xlsx":
        from checks.reports import workbook

        _emit_file(args, output, workbook.worst_case_workbook(scenario, result))
        return status
    if args.format == "csv":
        from checks.reports import workbook

        _emit_file(args, output, workbook.payments_csv([(scenario.name, result.payments)]))
        return status
    _emit(args, report.worst_case_json(result), terminal.worst_case_report(result, args.quiet))
    return status


def _test_file(item: tuple[Path, SolverSettings]) -> CaseResult | None | str:
    """One file of ``test``: its result, None without [expect], or a missing path's message."""
    from checks.regression import run_file

    path, settings = item
    if not path.exists():
        return f"{path}: no such file or folder"
    return run_file(path, settings)


def _test(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.parallel import default_jobs, ordered_map
    from checks.regression import scenario_files
    from checks.reports import report, terminal

    output = _file_output(args)
    results = []
    skipped = []  # files named on the command line that have nothing to check
    named = {Path(p) for p in args.paths if not Path(p).is_dir()}
    paths = list(scenario_files(args.paths))
    jobs = min(len(paths), args.jobs or default_jobs())
    checked = ordered_map(_test_file, ((path, settings) for path in paths), jobs)
    with contextlib.closing(checked):
        for path in terminal.track(paths, "test", args.color, not args.quiet):
            result = next(checked)
            if isinstance(result, str):
                raise BadInput(result)
            if result is not None:
                results.append(result)
            elif path in named:
                skipped.append(str(path))
    if args.format == "xlsx":
        from checks.reports import workbook

        _emit_file(args, output, workbook.test_workbook(results))
    elif args.format == "csv":
        from checks.reports import workbook

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
    from checks.prove import prove_all
    from checks.reports import report, terminal

    results = prove_all(settings)
    _emit(args, report.prove_json(results), terminal.prove_report(results))
    if all(r.status == "proved" for r in results):
        return EXIT_OK
    return EXIT_UNKNOWN if any(r.status == "unknown" for r in results) else EXIT_BROKEN


def _write(output: str, content: bytes, option: str = "-o") -> None:
    """Write an output file whole or not at all: into a temporary file beside it, renamed over
    it once complete, so an interrupt or a full disk leaves no partial file (and no earlier one
    changed). A path that cannot be written is bad input, in one line naming ``option``."""
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
        raise BadInput(f"{output}: {option}: cannot write it: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


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
    from checks.deadlines import schedule_dates
    from checks.reports import ics

    scenario = _load(args.file, args.interpretation)
    _refuse_planned_dates(scenario, args.file, "calendar")
    dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
    _write(args.output, ics.to_ical(dates))
    _emit(args, ics.summary_json(dates, args.output), ics.summary_text(dates, args.output))
    return EXIT_OK


def _timeline(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.deadlines import schedule_dates
    from checks.reports import timeline

    picture = os.path.splitext(args.output)[1].lstrip(".").lower()
    if picture not in timeline.FORMATS:
        raise BadInput(f"{args.output}: -o: the picture is written as .svg or .png, by the suffix")
    scenario = _load(args.file, args.interpretation)
    _refuse_planned_dates(scenario, args.file, "timeline")
    dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
    layout = timeline.timeline_layout(dates)
    _write(args.output, timeline.render_layout(layout, picture))
    _emit(
        args,
        timeline.summary_json(layout, args.output),
        timeline.summary_text(layout, args.output),
    )
    return EXIT_OK


def _agreements(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import agreements

    profiles = agreements.bundled_profiles()
    _emit(args, agreements.listing_json(profiles), agreements.listing_text(profiles))
    return EXIT_OK


def _agreement(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import agreements
    from model.loading import InputError

    if args.action == "new":
        if args.output is None:
            print(agreements.TEMPLATE, end="")
        else:
            _write(args.output, agreements.TEMPLATE.encode("utf-8"))
        return EXIT_OK
    try:
        profile = agreements.resolve_profile(args.profile)
    except InputError as error:
        raise BadInput(str(error)) from None
    _emit(args, agreements.profile_json(profile), agreements.profile_text(profile))
    return EXIT_OK


def _memo(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.plan import OBJECTIVES
    from checks.reports import memo

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
        from checks.reports.memo_docx import to_docx

        content = to_docx(document)
    else:
        from checks.reports.memo_html import to_html

        content = to_html(document)
    _write(args.output, content)
    _emit(args, memo.summary_json(document, args.output), memo.summary_text(document, args.output))
    return EXIT_OK


def _compare(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import compare
    from checks.reports import terminal

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
        from checks.reports import workbook

        _emit_file(args, output, workbook.compare_workbook(result))
    else:
        _emit(args, compare.to_json(result), terminal.compare_report(result))
    return EXIT_OK


def _new(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.reports.template import scenario_template

    if os.path.exists(args.output) and not args.force:
        raise BadInput(f"{args.output}: -o: the file exists; give --force to replace it")
    _writable(args.output)
    _write(args.output, scenario_template().encode("utf-8"))
    from checks.reports import terminal

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
    "agreements": _agreements,
    "agreement": _agreement,
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
    except KeyboardInterrupt:  # Ctrl-C: the workers are stopped; one line, no traceback
        print("rrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
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

