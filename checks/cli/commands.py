"""The other commands: ``test`` (the scenario library), ``prove``, ``calendar``, ``timeline``,
``compare``, ``new``, and the term profiles' ``agreements`` and ``agreement``."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.cli.inputs import _guard, _load, _refuse_planned, _refuse_planned_dates
from checks.cli.output import _emit, _emit_file, _file_output, _writable, _write
from checks.cli.status import EXIT_BROKEN, EXIT_INPUT, EXIT_OK, EXIT_UNKNOWN, BadInput

if TYPE_CHECKING:
    from checks.profile_dates import ProfileDates
    from checks.regression import CaseResult
    from model.solver import SolverSettings


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
    from checks.reports import report, terminal_answers, terminal_page

    output = _file_output(args)
    results = []
    skipped = []  # files named on the command line that have nothing to check
    named = {Path(p) for p in args.paths if not Path(p).is_dir()}
    paths = list(scenario_files(args.paths))
    jobs = min(len(paths), args.jobs or default_jobs())
    checked = ordered_map(_test_file, ((path, settings) for path in paths), jobs)
    with contextlib.closing(checked):
        for path in terminal_page.track(paths, "test", args.color, not args.quiet):
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
            terminal_answers.test_report(results, args.quiet, skipped),
        )
    if any(r.bad_input for r in results):
        return EXIT_INPUT
    # A run that checked nothing passes nothing: CI pointed at the wrong folder should fail.
    return EXIT_OK if results and all(r.passed for r in results) else EXIT_BROKEN


def _prove(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.prove import prove_all
    from checks.reports import report, terminal_answers

    if args.agreement is not None:  # a term profile's properties (checks/allowance_prove.py)
        from checks.allowance_prove import prove_agreement
        from model.loading import InputError

        try:
            results = prove_agreement(args.agreement, settings)
        except InputError as error:
            raise BadInput(str(error)) from None
    else:
        results = prove_all(settings)
    _emit(args, report.prove_json(results), terminal_answers.prove_report(results))
    if all(r.status == "proved" for r in results):
        return EXIT_OK
    return EXIT_UNKNOWN if any(r.status == "unknown" for r in results) else EXIT_BROKEN


def _profile_dates(
    args: argparse.Namespace, settings: SolverSettings, command: str
) -> ProfileDates | None:
    """The dates of a term profile's scenario for ``calendar`` and ``timeline``, or None for a
    2003 scenario."""
    from checks.allowance import load_profile_scenario
    from checks.profile_dates import profile_dates

    read = functools.partial(load_profile_scenario, args.file, args.interpretation, True)
    scenario = _guard(args.file, read)
    if scenario is None:
        return None
    _refuse_planned_dates(scenario, args.file, command)  # type: ignore[arg-type]
    return _guard(args.file, lambda: profile_dates(scenario, settings))  # type: ignore[no-any-return]


def _calendar(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.deadlines import schedule_dates
    from checks.reports import ics

    profiled = _profile_dates(args, settings, "calendar")
    if profiled is not None:  # a term profile's scenario (checks/profile_dates.py)
        dates = profiled
    else:
        scenario = _load(args.file, args.interpretation)
        _refuse_planned_dates(scenario, args.file, "calendar")
        dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
    _write(args.output, ics.to_ical(dates))
    _emit(args, ics.summary_json(dates, args.output), ics.summary_text(dates, args.output))
    return EXIT_OK


def _timeline(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.deadlines import schedule_dates
    from checks.reports import timeline_drawing, timeline_layout

    picture = os.path.splitext(args.output)[1].lstrip(".").lower()
    if picture not in timeline_drawing.FORMATS:
        raise BadInput(f"{args.output}: -o: the picture is written as .svg or .png, by the suffix")
    profiled = _profile_dates(args, settings, "timeline")
    if profiled is not None:  # a term profile's scenario (checks/reports/profile_timeline.py)
        from checks.reports.profile_timeline import profile_timeline_layout

        layout = profile_timeline_layout(profiled)
    else:
        scenario = _load(args.file, args.interpretation)
        _refuse_planned_dates(scenario, args.file, "timeline")
        dates = _guard(args.file, lambda: schedule_dates(scenario, settings))
        layout = timeline_layout.timeline_layout(dates)
    _write(args.output, timeline_drawing.render_layout(layout, picture))
    _emit(
        args,
        timeline_layout.summary_json(layout, args.output),
        timeline_layout.summary_text(layout, args.output),
    )
    return EXIT_OK


def _compare(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import compare
    from checks.reports import terminal_answers

    output = _file_output(args)
    fixed, varied = compare.readings_to_compare(args.interpretation)
    scenarios = _compared(args.files, fixed, varied)
    if len(scenarios) < 2 and not varied:
        raise BadInput(
            "compare: nothing to compare: give two files or more, or --interpretation NAME=*"
        )
    result = _guard(args.files[0], lambda: compare.run(args.files, scenarios, varied, settings))
    if args.format == "xlsx":
        from checks.reports import workbook

        _emit_file(args, output, workbook.compare_workbook(result))
    else:
        _emit(args, compare.to_json(result), terminal_answers.compare_report(result))
    return EXIT_OK


def _compared(paths: list[str], fixed: list[str], varied: list[list[str]]) -> list[Any]:
    """The files of ``compare``, each read and refused as validate would: scenarios of the
    2003 agreement, or all under one term profile (their rows are one agreement's limits)."""
    import attrs

    from checks.allowance import PROFILE_TERMS, load_profile_scenario

    read = functools.partial(load_profile_scenario, interpretations=fixed, command="compare")
    profiled = [_guard(p, functools.partial(read, p)) for p in paths]
    if all(s is None for s in profiled):
        scenarios = [_load(path, fixed) for path in paths]
        for scenario in scenarios:
            _refuse_planned(scenario, "compare")
        return scenarios
    agreements = {
        path: "the 2003 agreement" if s is None else s.profile.id
        for path, s in zip(paths, profiled, strict=True)
    }
    if len(set(agreements.values())) > 1:
        named = "; ".join(f"{path}: {agreement}" for path, agreement in agreements.items())
        raise BadInput(
            f"compare: the files name different agreements ({named}): a column per case lines "
            "up one agreement's limits and damages; compare the files of each agreement, or "
            "validate each"
        )
    terms = [attrs.evolve(s.profile, source="") for s in profiled]  # two files, one id
    if any(t != terms[0] for t in terms):
        named = "; ".join(
            f"{path}: {s.profile.source}" for path, s in zip(paths, profiled, strict=True)
        )
        raise BadInput(
            f"compare: the files name profiles of one id, {profiled[0].profile.id!r}, with "
            f"different terms ({named}): give each profile an id of its own"
        )
    for setting in varied:
        term = setting[0].partition("=")[0]
        if term not in PROFILE_TERMS:
            raise BadInput(
                f"{paths[0]}: --interpretation {term}=*: a term profile's scenario reads "
                f"{' and '.join(PROFILE_TERMS)} only; {term}'s readings would not differ"
            )
    return profiled


def _new(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.reports.template import scenario_template

    if os.path.exists(args.output) and not args.force:
        raise BadInput(f"{args.output}: -o: the file exists; give --force to replace it")
    _writable(args.output)
    _write(args.output, scenario_template().encode("utf-8"))
    from checks.reports import terminal_page

    terminal_page.emit(
        f"Scenario to fill in written to {args.output}: replace each YYYY-MM-DD and AMOUNT, "
        f"then run: rrcheck validate {args.output}"
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

    if args.action == "list":
        return _agreements(args, settings)
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
