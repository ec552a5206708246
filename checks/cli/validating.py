"""``validate``: fixed schedules checked, every file as input first, then each in a worker
process, the reports written in the order given whatever ``-j``."""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
from typing import TYPE_CHECKING

import attrs

from checks.cli.inputs import _guard, _load, _refuse_planned
from checks.cli.output import (
    _emit_file,
    _file_output,
    _indented,
    _is_terminal,
    _page,
    _tracked,
    _write_out,
)
from checks.cli.status import EXIT_BROKEN, EXIT_OK, BadInput

if TYPE_CHECKING:
    from checks.reports.terminal_page import Page
    from checks.robust import RobustResult
    from model.findings import Verdict
    from model.solver import SolverSettings


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
    try:
        if _may_name_profile(path):
            from checks import allowance

            read = functools.partial(allowance.load_profile_scenario, path, check.interpretations)
            if _guard(path, read) is not None:
                return _Checked()  # a term profile's scenario (checks/allowance.py), read
        _refuse_planned(_load(path, check.interpretations))
    except BadInput as error:
        return _Checked(bad_input=str(error))
    return _Checked()


def _may_name_profile(path: str) -> bool:
    """False when the file cannot name a term profile (no ``agreement`` in it, the test
    checks/allowance.py makes first): a 2003 scenario, for which validate loads none of the
    term-profile machinery. An unreadable file is left to the 2003 path, which names it."""
    try:
        with open(path, "rb") as file:
            return b"agreement" in file.read()
    except OSError:
        return False


def _check_file(item: tuple[int, str, _FileCheck]) -> _Checked:
    """One file of ``validate``: its verdict rendered as text (a blank line before every file
    but the first) or as its JSON object."""
    index, path, check = item
    from checks.reports import report
    from model.solver import SolverUnknown

    try:
        if _may_name_profile(path):
            from checks import allowance

            asked = (path, check.interpretations, check.settings, check.page is None, check.robust)
            quiet = check.quiet and check.page is not None
            profiled = _guard(path, functools.partial(allowance.check_file, *asked, quiet))
            if profiled is not None:  # a term profile's scenario
                gap = "\n" if index and check.page and not quiet else ""
                return _Checked(gap + profiled[0], profiled[1])
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
    from checks.reports import terminal, terminal_page

    blocks = terminal.validate_report([(path, result)], check.quiet)
    if index and not check.quiet:
        blocks = [terminal_page.BLANK, *blocks]
    return _Checked(terminal_page.render_page(blocks, check.page), ok)


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
    from checks import allowance

    profiled = {
        path: _guard(
            path, functools.partial(allowance.load_profile_scenario, path, args.interpretation)
        )
        for path in args.files
    }
    files = [path for path in args.files if profiled[path] is None]
    scenarios = [_load(path, args.interpretation) for path in files]
    for scenario in scenarios:  # every file is checked as input before any is solved
        _refuse_planned(scenario)
    verdicts, ok = [], True
    for path, scenario in zip(files, scenarios, strict=True):
        if args.robust:
            robustly: RobustResult = _guard(path, functools.partial(robust, scenario, settings))
            ok = ok and robustly.robust and robustly.verdict.compliant
            verdicts.append((scenario, robustly.verdict))
        else:
            verdict: Verdict = _guard(path, functools.partial(validate, scenario, settings))
            ok = ok and verdict.compliant
            verdicts.append((scenario, verdict))
    under_profiles = [scenario for scenario in profiled.values() if scenario is not None]
    if under_profiles:  # term profiles' scenarios: their own sheets (checks/reports/profile_*)
        from checks.reports import profile_workbook

        if args.format == "csv" and verdicts:
            raise BadInput(
                f"{under_profiles[0].source}: scenario.agreement: --format csv is one table of "
                "payment rows, and a term profile's (period_end, base) are not the 2003 "
                "agreement's (computation_date, due): give the files of one kind"
            )
        checked, profiles_ok = allowance.validate_profiles(under_profiles, args.robust, settings)
        ok = ok and profiles_ok
        if args.format == "xlsx":
            content = profile_workbook.validate_workbook(verdicts, checked)
        else:
            content = profile_workbook.payments_csv(checked).encode("utf-8")
        _emit_file(args, output, content)
    elif args.format == "xlsx":
        _emit_file(args, output, workbook.validate_workbook(verdicts))
    else:
        rows = [(scenario.name, verdict.payments) for scenario, verdict in verdicts]
        _emit_file(args, output, workbook.payments_csv(rows))
    return EXIT_OK if ok else EXIT_BROKEN
