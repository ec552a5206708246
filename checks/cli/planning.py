"""The commands that plan: ``find`` (and its ``--write``), ``worst-case``, and ``memo``, whose
questions are theirs."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.cli.inputs import _guard, _load
from checks.cli.output import _emit, _emit_file, _file_output, _writable, _write
from checks.cli.status import EXIT_BROKEN, EXIT_OK, EXIT_UNKNOWN, BadInput

if TYPE_CHECKING:
    from model.solver import SolverSettings


def _find(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks import allowance_find
    from checks.find import find
    from checks.reports import report, terminal_answers

    objective, target = next(
        (name, value)
        for name, value in (
            ("latest-start", args.latest_start),
            ("earliest-start", args.earliest_start),
            ("longest", args.longest),
        )
        if value is not None
    )
    asked = (args.file, args.interpretation, objective, target, settings)
    profiled = _guard(args.file, functools.partial(allowance_find.find_answer, *asked))
    if profiled is not None:  # a term profile's scenario (checks/allowance_find.py)
        status = profiled["status"]
        if args.write is not None:
            if status != "optimal":
                print(
                    f"rrcheck: {args.write}: --write: nothing written: find is {status}",
                    file=sys.stderr,
                )
            else:
                _write_fixed(args, [_placed(row) for row in profiled["schedule"]])
                profiled["written"] = args.write
        rendered = allowance_find.render(profiled, args.file, args.format == "json")
        print(rendered, end="" if args.format != "json" else "\n")
        return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(status, EXIT_UNKNOWN)
    scenario = _load(args.file, args.interpretation)

    def ask() -> Any:
        from checks.answers import PlanningError

        try:
            return find(scenario, objective, target, settings)
        except PlanningError as error:  # the suspension named: say which option named it
            raise BadInput(f"{args.file}: --{objective}: {error}") from None

    result = _guard(args.file, ask)
    payload, text = report.find_json(result), terminal_answers.find_report(result, args.quiet)
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
                ids = [p.id for p in result.schedule]
                text.append(terminal_answers.written_line(args.write, ids))
    _emit(args, payload, text)
    return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(result.status, EXIT_UNKNOWN)


def _placed(row: dict[str, Any]) -> Any:
    """A placement of a profile's find answer (its JSON row), as ``fixed_document`` reads it."""
    import datetime as dt

    from checks.answers import PlacedSuspension

    notice = row["notice_by"]
    return PlacedSuspension(
        row["id"],
        dt.date.fromisoformat(row["start"]),
        dt.date.fromisoformat(row["end"]),
        row["business_days"],
        None if notice is None else dt.date.fromisoformat(notice),  # type: ignore[arg-type]
    )


def _write_fixed(args: argparse.Namespace, placements: Sequence[Any]) -> None:
    """``find --write``: the scenario with its planned suspensions fixed at the answer. An
    ``agreement_file`` is rewritten relative to the new file, so it still names the profile."""
    from checks.placements import fixed_document
    from model.documents import read_document
    from model.writing import json_text, toml_text

    source, output = Path(args.file), Path(args.write)
    document = read_document(source)
    given = dict(
        (name.strip(), value.strip())
        for name, _, value in (setting.partition("=") for setting in args.interpretation)
    )
    fixed = fixed_document(document, placements, given)
    for entry in fixed.get("suspensions", []):
        if "advance_notice" in entry and entry["advance_notice"] is None:
            del entry["advance_notice"]  # under a profile without a notice limit: none needed
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
    from checks.answers import PlanningError
    from checks.reports import report, terminal_answers
    from checks.worst_case import worst_case

    output = _file_output(args)
    profiled = _guard(args.file, functools.partial(_profile_worst_case, args, settings))
    if profiled is not None:  # a term profile's scenario (checks/allowance_worst_case.py)
        if args.format in ("xlsx", "csv"):
            _emit_file(args, output, profiled[0])
        else:
            print(profiled[0], end="" if args.format != "json" else "\n")
        return {"optimal": EXIT_OK, "infeasible": EXIT_BROKEN}.get(profiled[1], EXIT_UNKNOWN)
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
    text = terminal_answers.worst_case_report(result, args.quiet)
    _emit(args, report.worst_case_json(result), text)
    return status


def _profile_worst_case(args: argparse.Namespace, settings: SolverSettings) -> Any:
    """``worst-case`` of a term profile's scenario: (the report, the status), or None for a 2003
    scenario. The report is text, JSON, or the workbook's or CSV's content; with ``--robust``,
    the answer over every reading the profile's scenario reads."""
    import json

    from checks import allowance_worst_case
    from checks.allowance import load_profile_scenario

    scenario = load_profile_scenario(args.file, args.interpretation, planned=True)
    if scenario is None:
        return None
    asked = (scenario, args.least, settings, args.investor)
    if args.robust:  # checks/allowance_worst_case_robust.py
        from checks import allowance_worst_case_robust

        answer, verdict = allowance_worst_case_robust.robust_worst_case(*asked)
    else:
        answer, verdict = allowance_worst_case.solved(*asked)
    if args.format in ("xlsx", "csv"):  # the answer, then the witness as validate reads it
        from checks.reports import profile_workbook

        if args.format == "xlsx":
            return profile_workbook.worst_case_workbook(answer, verdict), answer["status"]
        rows = [verdict] if verdict is not None else []
        return profile_workbook.payments_csv(rows), answer["status"]
    if args.format == "json":
        return json.dumps(answer, indent=2), answer["status"]
    if args.robust:
        return allowance_worst_case_robust.robust_text(answer, verdict, args.file), answer["status"]
    return allowance_worst_case.worst_case_text(answer, verdict, args.file), answer["status"]


def _memo(args: argparse.Namespace, settings: SolverSettings) -> int:
    from checks.answers import OBJECTIVES
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
    from checks.allowance import load_profile_scenario

    read = functools.partial(load_profile_scenario, args.file, args.interpretation, True)
    profiled = _guard(args.file, read)
    if profiled is not None:  # a term profile's scenario (checks/reports/profile_memo*.py)
        from checks.reports.profile_memo_answers import build_profile_memo

        asked = (profiled, settings, goal, args.worst_case, args.least)
        document = _guard(args.file, functools.partial(build_profile_memo, *asked))
    else:
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

