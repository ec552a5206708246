"""The command line's arguments: every command, its options and their checks (CONTRACT.md
"Commands")."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, cast


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``only`` (a command's name), of that command alone,
    which parses its arguments and prints its help and errors as the whole parser does: the
    other commands' parsers were most of the cost of building it, at every start."""
    parser = argparse.ArgumentParser(
        prog="rrcheck",
        description="Check the timing terms of the Focus Enhancements Registration Rights "
        "Agreement (1 July 2003).",
    )
    commands = _Commands(parser.add_subparsers(dest="command", required=True), only)

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
    validate.add_argument("--robust", action="store_true", help="under all 512 readings")
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
    prove.add_argument(
        "--agreement",
        metavar="ID|FILE",
        help="the properties a term profile's limits state, instead of the 2003 agreement's",
    )
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
    listed = actions.add_parser("list", help="the bundled term profiles (as rrcheck agreements)")
    show = actions.add_parser("show", help="a profile in words, each term with its section")
    show.add_argument("profile", metavar="ID|FILE")
    new = actions.add_parser("new", help="write a commented profile template")
    new.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: print)")
    check = actions.add_parser("check", help="validate a profile file and print it in words")
    check.add_argument("profile", metavar="FILE")
    for sub in (listing, listed, show, new, check):
        sub.add_argument("--format", choices=("text", "json"), default="text")
        sub.set_defaults(interpretation=[], timeout=60.0, width=None, color="auto")
    return parser


SCHEDULE_FORMATS = ("text", "json", "xlsx", "csv")


class _Commands:
    """The subcommands' action, adding only the parser of the command ``only`` (every one for
    None); the others' options go to :data:`_UNBUILT`, which keeps none of them."""

    def __init__(self, action: Any, only: str | None) -> None:
        self.action, self.only = action, only

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser:
        if self.only is None or name == self.only:
            return cast(argparse.ArgumentParser, self.action.add_parser(name, **options))
        return cast(argparse.ArgumentParser, _UNBUILT)


class _Unbuilt:
    """Stands for a parser that is not built: takes any option, group or default, and keeps
    nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **options: self


_UNBUILT = _Unbuilt()


def _width(text: str) -> int:
    from checks.reports.terminal_page import MIN_WIDTH

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
