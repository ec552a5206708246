"""The text reports: tables and plain lines for a lawyer, colour only on a terminal, the
``--quiet`` verdicts and the progress bar. Presentation only; the CONTRACT.md JSON is in
:mod:`checks.report`.

A report is a list of blocks, plain lines and tables, rendered once by :func:`render`. In a
pipe or a file nothing is coloured and nothing is folded: the width is :data:`PIPE_WIDTH`, so
a date, an amount or the agreement's words are never cut. On a terminal prose wraps under its
indent and tables fold their text columns to fit.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TypeVar

import attrs
from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from checks.explain import required_filing_date_note
from checks.plan import FindResult, PlacedSuspension, WorstCaseResult
from checks.prove import ProofResult
from checks.regression import CaseResult
from checks.robust import RobustResult
from model.findings import Episode, Payment, SuspensionStatus, Verdict
from model.interpretations import TERMS_BY_NAME
from model.rules import ELIGIBILITY_RULES, RULES_BY_ID

T = TypeVar("T")

PIPE_WIDTH = 1000  # a pipe has no width: never fold a date, an amount or a quotation there
PROGRESS_AFTER = 10  # a progress bar only for more files than this, and only on a terminal

CENT = Decimal("0.01")
ONE_DAY = dt.timedelta(days=1)
GOOD, BAD, WARN, STRONG = "bold green", "bold red", "yellow", "bold"


@attrs.frozen(eq=False)
class Line:
    """A line of prose: whole in a pipe, wrapped under its indent on a terminal."""

    text: Text
    indent: int = 0


@attrs.frozen(eq=False)
class Grid:
    """A table, indented."""

    table: Table
    indent: int = 2


Block = Line | Grid
Report = list[Block]


@attrs.frozen(eq=False)
class Screen:
    """Where a report goes: the console, and whether it is a terminal (prose wraps there)."""

    console: Console
    terminal: bool


# -- output ---------------------------------------------------------------------------------------


def wants_color(choice: str, terminal: bool, environ: Mapping[str, str]) -> bool:
    """``--color``: ``always`` and ``never`` as said; ``auto`` colours a terminal unless
    NO_COLOR is set to anything non-empty (no-color.org) or TERM is ``dumb``."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    return terminal and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def is_terminal(file: IO[str]) -> bool:
    """Whether ``file`` is a terminal; a closed or unusual stream is not."""
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def screen(
    color: str = "auto", file: IO[str] | None = None, environ: Mapping[str, str] | None = None
) -> Screen:
    """The console for ``file`` (stdout by default) under ``--color``: escapes only when
    colouring, the terminal's width on a terminal and :data:`PIPE_WIDTH` elsewhere."""
    out = file if file is not None else sys.stdout
    terminal = is_terminal(out)
    colour = wants_color(color, terminal, os.environ if environ is None else environ)
    return Screen(_console(out, colour, None if terminal else PIPE_WIDTH), terminal)


def _console(file: IO[str], colour: bool, width: int | None, live: bool = False) -> Console:
    """A console whose every choice is given, so rich's own reading of the environment decides
    nothing: escapes only when colouring (or, ``live``, drawing a progress bar)."""
    return Console(
        file=file,
        force_terminal=colour or live,
        force_interactive=live,
        force_jupyter=False,
        color_system="standard" if colour else None,
        no_color=not colour,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )


def render(report: Report, where: Screen) -> str:
    """The report as text for ``where``: each block on its own lines, no trailing spaces."""
    console = where.console
    with console.capture() as captured:
        for block in report:
            if isinstance(block, Grid):
                console.print(Padding(block.table, (0, 0, 0, block.indent), expand=False))
            elif where.terminal and block.text.plain:
                console.print(Padding(block.text, (0, 0, 0, block.indent), expand=False))
            else:
                console.print(Text(" " * block.indent).append_text(block.text), soft_wrap=True)
    return _TRAILING.sub(_keep_escapes, captured.get())


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _keep_escapes(match: re.Match[str]) -> str:
    return "".join(_ESCAPE.findall(match.group()))


def emit(report: Report | str, color: str = "auto", file: IO[str] | None = None) -> None:
    """Write a report to ``file`` (stdout by default); a string is written as it is."""
    out = file if file is not None else sys.stdout
    if isinstance(report, str):
        out.write(report + "\n")
    else:
        out.write(render(report, screen(color, out)))


def plain(report: Report) -> str:
    """The report as a pipe gets it (no colour, nothing folded), without the final newline."""
    out = io.StringIO()
    return render(report, Screen(_console(out, False, PIPE_WIDTH), False)).removesuffix("\n")


def track(
    items: Sequence[T], description: str, color: str = "auto", enabled: bool = True
) -> Iterator[T]:
    """The items, one by one, with a progress bar on stderr when stderr is a terminal and there
    are more than :data:`PROGRESS_AFTER` of them. The bar is gone once the last is done."""
    err = sys.stderr
    if not enabled or len(items) <= PROGRESS_AFTER or not is_terminal(err):
        yield from items
        return
    console = _console(err, wants_color(color, True, os.environ), None, live=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    # stdout is left alone: validate writes each file's result there as it is ready.
    with Progress(
        *columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        yield from progress.track(items, total=len(items), description=description)


# -- building blocks ------------------------------------------------------------------------------

BLANK = Line(Text(""))


def _line(*parts: str | tuple[str, str], indent: int = 0) -> Line:
    return Line(Text.assemble(*parts), indent)


def _heading(title: str) -> Line:
    return _line((title, STRONG))


def _table(*headers: str, show_header: bool = True) -> Table:
    """A table of the reports' one look: a rule under the header, no frame, columns two spaces
    apart; ``headers`` are text columns."""
    table = Table(
        box=box.SIMPLE,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_header=show_header,
        header_style=STRONG,
        footer_style=STRONG,
    )
    for header in headers:
        _column(table, header)
    return table


def _column(table: Table, header: str, kind: str = "text", footer: str = "") -> None:
    """A column of ``kind``: ``text`` wraps at spaces when a terminal is too narrow (widest
    column first); a ``date``, a ``number`` or an amount is never wrapped (``\\n`` in its
    header breaks the header), and is folded only on a terminal too narrow for the rest."""
    table.add_column(
        header,
        footer=footer,
        justify="right" if kind == "number" else "left",
        no_wrap=kind != "text",
        overflow="fold",
    )


def _amount(value: Decimal) -> str:
    """Money for a reader: thousands separated, two places, half up (READING.md section 5)."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def _money(value: Decimal) -> str:
    """Money as CONTRACT.md writes it (``1234.50``), for scripts reading ``--quiet``."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _verdict(compliant: bool) -> tuple[str, str]:
    return ("COMPLIANT", GOOD) if compliant else ("NOT COMPLIANT", BAD)


def _status(status: str) -> tuple[str, str]:
    return status, {"optimal": GOOD, "infeasible": BAD}.get(status, WARN)


# -- validate -------------------------------------------------------------------------------------


def verdict_report(v: Verdict) -> Report:
    """The report of one verdict for a lawyer: the verdict, the derived dates with their
    sections, the reading in force, each finding with the clause's words, the suspensions, the
    notes and the payments per Investor."""
    t = v.timeline
    period = t.registration_period
    rfd_note = required_filing_date_note(t)
    broken = f" ({_plural(len(v.violations), 'rule')} broken)" if v.violations else ""
    dates = _table("term", "section", "date(s)")
    dates.add_row("Required Filing Date", "1(h), 2(a)(i)", str(t.required_filing_date))
    dates.add_row(
        "Initial Required Effective Date", "2(a)(i)", str(t.initial_required_effective_date)
    )
    dates.add_row("Effective Date", "1(a)", str(t.effective_date))
    dates.add_row("Registration Period", "3(a), 2(c)", f"{period.start} to {period.end}")
    report: Report = [
        _line("Scenario: ", (v.scenario, STRONG)),
        _line("Verdict: ", _verdict(v.compliant), broken),
        BLANK,
        _heading("Dates (READING.md section 3)"),
        Grid(dates),
        _line(_sentence(rfd_note.message), indent=2),
        _line(f"The Registration Period ended by: {period.ended_by}", indent=2),
        BLANK,
        _heading("Interpretation in force (READING.md section 7)"),
        Grid(_interpretation_table(v)),
        BLANK,
        _heading("Findings"),
    ]
    report += _findings(v)
    if v.suspensions:
        report += [BLANK, _heading("Suspensions (3(h))")] + _suspensions(v)
    notes = [n for n in v.notes if n != rfd_note]
    if notes:
        report += [BLANK, _heading("Notes")]
        report += [_line(f"- {n.subject}: {n.message}", indent=2) for n in notes]
    return report + [BLANK, _heading("Payments (2(b))")] + _payments(v.payments, v.total_payments)


def _interpretation_table(v: Verdict) -> Table:
    table = _table("term", "reading", "meaning")
    for name, reading in v.interpretation.as_dict().items():
        term = TERMS_BY_NAME[name]
        shown = Text(reading) if reading == term.default else Text(f"{reading} (not the default)")
        if reading != term.default:
            shown.stylize(WARN)
        table.add_row(name, shown, term.meaning.get(reading, ""))
    return table


def _findings(v: Verdict) -> Report:
    """The findings as a table (what was compared, by how much it missed), then each one's
    clause, in the agreement's words, and what happened."""
    if not v.violations:
        return [_line("none: every rule checked is met", indent=2)]
    table = _table("rule", "subject", "section", "dates compared", "missed by")
    for x in v.violations:
        compared = "\n".join(f"{k.replace('_', ' ')} {d}" for k, d in x.dates.items())
        missed = x.missed_by_business_days
        table.add_row(
            Text(x.rule, style=BAD),
            x.subject,
            x.section,
            compared,
            "" if missed is None else _plural(missed, "business day"),
        )
    report: Report = [Grid(table)]
    for x in v.violations:
        words = RULES_BY_ID[x.rule].words if x.rule in RULES_BY_ID else ""
        heading = _line((f"[{x.rule}]", STRONG), f" {x.subject} - Section {x.section}", indent=2)
        report += [BLANK, heading]
        if words:
            report.append(_line(f'The agreement: "{words}"', indent=4))
        report.append(_line(x.message, indent=4))
    return report


def _suspensions(v: Verdict) -> Report:
    """One row per suspension (its Permitted Suspension Period and restricted days), then what
    each row cannot say: why one is not eligible, its Restricted Sale Date, if it is outside."""
    episodes = {e.subject: e for e in v.episodes}
    table = _table("suspension", "dates")
    _column(table, "business\ndays", "number")
    for header in ("Permitted Suspension Period", "restricted days", "counts toward the two"):
        _column(table, header)
    remarks: Report = []
    for s in v.suspensions:
        permitted, restricted, more = _suspension_cells(v, s, episodes.get(s.id))
        table.add_row(
            s.id,
            f"{s.start} to {s.end}",
            str(s.business_days),
            permitted,
            restricted,
            "yes" if s.counts else "no",
        )
        remarks += [_line(f"{s.id}: {remark}", indent=2) for remark in more]
    return [Grid(table), *remarks]


def _suspension_cells(
    v: Verdict, s: SuspensionStatus, episode: Episode | None
) -> tuple[Text, Text, list[str]]:
    """A suspension's Permitted Suspension Period, its restricted days, and remarks on it."""
    if s.outside:
        end = v.timeline.registration_period.end
        remark = (
            f"outside the Registration Period (it ended on {end}): breaks no rule, does not "
            "count, gives no payment"
        )
        return Text("none"), Text("none (outside)"), [remark]
    remarks = []
    blocking = [x.rule for x in v.violations if x.subject == s.id and x.rule in ELIGIBILITY_RULES]
    if not s.eligible:
        because = f" (breaks {', '.join(blocking)})" if blocking else ""
        remarks.append(f"not eligible to be a Permitted Suspension Period{because}")
    permitted = Text(f"{s.start} to {s.permitted_until}" if s.permitted else "none")
    if s.restricted_from is not None:
        last = episode.cure_date - ONE_DAY if episode is not None else s.end
        restricted = Text(f"{s.restricted_from} to {last}", style=BAD)
        if episode is not None:
            gives = (
                "gives rise to payments"
                if episode.gives_payments
                else "gives no payment (penalty-window)"
            )
            remarks.append(
                f"Restricted Sale Date {episode.restricted_sale_date}, cured "
                f"{episode.cure_date}; {gives}"
            )
    elif not s.permitted:
        restricted = Text("none inside the Registration Period")
    else:
        restricted = Text("none")
    return permitted, restricted, remarks


def _payments(payments: Sequence[Payment], total: Decimal) -> Report:
    """A table per Investor with its subtotal, then the total."""
    if not payments:
        return [_line("none", indent=2)]
    report: Report = []
    for investor in dict.fromkeys(p.investor for p in payments):
        own = [p for p in payments if p.investor == investor]
        shares = any(p.periodic_amount_shares is not None for p in own)
        subtotal = sum((p.amount for p in own), Decimal("0"))
        table = _table()
        _column(table, "trigger", footer="subtotal")
        _column(table, "subject")
        _column(table, "Restricted\nSale Date", "date")
        _column(table, "Computation\nDate", "date")
        _column(table, "days", "number")
        _column(table, "amount", "number", footer=_amount(subtotal))
        _column(table, "due", "date")
        if shares:
            _column(table, "Periodic Amount\nShares", "number")
        table.show_footer = True
        for p in own:
            row = [
                p.trigger,
                p.subject,
                str(p.restricted_sale_date),
                str(p.computation_date),
                str(p.days),
                _amount(p.amount),
                str(p.due),
            ]
            if shares:
                row.append(
                    "" if p.periodic_amount_shares is None else str(p.periodic_amount_shares)
                )
            table.add_row(*row)
        report += [_line((investor, STRONG), indent=2), Grid(table, indent=4)]
    return report + [_line(("Total: " + _amount(total), STRONG), indent=2)]


def robust_report(r: RobustResult) -> Report:
    """The verdict's report, then whether all 64 readings agree and which terms flip it."""
    compliant = sum(v.compliant for v in r.verdicts)
    if r.robust:
        paragraph = (
            f"Robust: all {len(r.verdicts)} combinations of readings agree that the schedule is "
            f"{'compliant' if r.verdicts[0].compliant else 'not compliant'}."
        )
    else:
        paragraph = (
            f"Not robust: {compliant} of {len(r.verdicts)} combinations of readings find the "
            "schedule compliant; the verdict depends on how the agreement is read."
        )
    report = verdict_report(r.verdict)
    report += [
        BLANK,
        _heading("Robustness (READING.md section 7)"),
        _line((paragraph, GOOD if r.robust else WARN), indent=2),
    ]
    for f in r.flips:
        term = TERMS_BY_NAME[f.term]
        table = _table("reading", "verdict")
        _column(table, "payments", "number")
        _column(table, "meaning")
        for reading, result in (
            (f.own.interpretation.as_dict()[f.term], f.own),
            (f.other.interpretation.as_dict()[f.term], f.other),
        ):
            table.add_row(
                reading,
                Text("compliant" if result.compliant else "not compliant"),
                _amount(result.total_payments),
                term.meaning[reading],
            )
        report += [
            _line(f'Flip: {f.term} - Section {f.section}: "{f.words}"', indent=2),
            Grid(table, indent=4),
        ]
    return report


def validate_report(
    checked: Sequence[tuple[str, Verdict | RobustResult]], quiet: bool = False
) -> Report:
    """``validate``'s text: each file's report, a blank line between; with ``quiet`` one line
    per file, the verdict and the file's name."""
    report: Report = []
    for path, result in checked:
        if quiet:
            report.append(_quiet_verdict(path, result))
            continue
        if report:
            report.append(BLANK)
        if isinstance(result, RobustResult):
            report += robust_report(result)
        else:
            report += verdict_report(result)
    return report


def _quiet_verdict(path: str, result: Verdict | RobustResult) -> Line:
    if isinstance(result, RobustResult):
        robust = "" if result.robust else " (not robust)"
        return _line(_verdict(result.verdict.compliant), robust, f" {path}")
    return _line(_verdict(result.compliant), f" {path}")


# -- find, worst-case ------------------------------------------------------------------------------


def _placements(placed: Iterable[PlacedSuspension], notice: bool) -> Table:
    table = _table("suspension")
    _column(table, "start", "date")
    _column(table, "end", "date")
    _column(table, "business\ndays", "number")
    if notice:
        _column(table, "advance\nnotice by", "date")
    for p in placed:
        row = [p.id, str(p.start), str(p.end), str(p.business_days)]
        table.add_row(*row, *([str(p.notice_by)] if notice else []))
    return table


def find_report(r: FindResult, quiet: bool = False) -> Report:
    """``find``'s text: the placement found (first row) with the rest of the schedule, or what
    stands in the way; with ``quiet`` only the answer: the start (the start and end for
    ``longest``), or the status."""
    if quiet:
        if r.suspension is None:
            return [_line(_status(r.status))]
        s = r.suspension
        answer = f"{s.start} to {s.end}" if r.objective == "longest" else str(s.start)
        return [_line(answer)]
    report: Report = [_line(f"find {r.objective} of {r.suspension_id}: ", _status(r.status))]
    if r.suspension is not None:
        others = [p for p in r.schedule if p.id != r.suspension.id]
        table = _placements([r.suspension, *others], notice=True)
        table.rows[0].style = STRONG
        report += [
            Grid(table),
            _line(
                "Optimal: the solver proved no better placement keeps the schedule compliant.",
                indent=2,
            ),
        ]
    report += [_line(f"In the way: {o.explanation}", indent=2) for o in r.obstacles]
    if r.status == "unknown":
        report.append(_line(f"{r.message}; best bound found: {r.best_bound}", indent=2))
        proved = [
            f"{side} bound {value}"
            for side, value in (("lower", r.lower_bound), ("upper", r.upper_bound))
            if value is not None
        ]
        if proved:
            report.append(_line(f"Proved of the optimum: {', '.join(proved)}", indent=2))
    return report


def worst_case_report(r: WorstCaseResult, quiet: bool = False) -> Report:
    """``worst-case``'s text: the total, the placement and the report of that schedule; with
    ``quiet`` only the total (``1234.50``), or the status."""
    if quiet:
        if r.status == "optimal" and r.total_payments is not None:
            return [_line(_money(r.total_payments))]
        return [_line(_status(r.status))]
    report: Report = [_line(f"worst-case {r.objective}: ", _status(r.status))]
    if r.status == "optimal":
        total = _amount(r.total_payments) if r.total_payments is not None else "none"
        report += [_line(("Total payments: " + total, STRONG), indent=2)]
        report.append(Grid(_placements(r.schedule, notice=False)))
        if r.verdict is not None:
            report += [BLANK, *verdict_report(r.verdict)]
        return report
    report.append(_line(r.message, indent=2))
    report += [_line(f"In the way: {o.explanation}", indent=2) for o in r.obstacles]
    if r.best_bound is not None:
        report.append(
            _line(
                f"Best total found so far: {_amount(r.best_bound)} (not proved optimal)", indent=2
            )
        )
        report.append(Grid(_placements(r.schedule, notice=False), indent=4))
    if r.status == "unknown":
        proved = [
            f"{side} bound {_amount(value)}"
            for side, value in (("lower", r.lower_bound), ("upper", r.upper_bound))
            if value is not None
        ]
        if proved:
            report.append(_line(f"Proved of the optimum: {', '.join(proved)}", indent=2))
    return report


# -- test -----------------------------------------------------------------------------------------


def test_report(
    results: Iterable[CaseResult], quiet: bool = False, skipped: Sequence[str] = ()
) -> Report:
    """``test``'s text: one row per file, PASS or FAIL, the differences under a failure, a
    SKIP row for a file named that has no [expect] table, then ``N passed, N failed`` (and
    ``N skipped``); with ``quiet`` only that last line."""
    rows = list(results)
    passed = sum(r.passed for r in rows)
    counts = f"{passed} passed, {len(rows) - passed} failed"
    if skipped:
        counts += f", {len(skipped)} skipped"
    if not rows:
        counts += ": no scenario file with an [expect] table was checked"
    summary = _line((counts, GOOD if rows and passed == len(rows) else BAD))
    if quiet:
        return [summary]
    table = _table("result", "file", "scenario", show_header=False)
    table.columns[0].no_wrap = True
    for r in rows:
        table.add_row(Text("PASS", GOOD) if r.passed else Text("FAIL", BAD), r.path, r.name)
        for problem in ([r.error] if r.error else []) + [str(d) for d in r.differences]:
            table.add_row("", "", Text("  " + problem, WARN))
    for path in skipped:
        table.add_row(Text("SKIP", WARN), path, "no [expect] table: nothing to check")
    return [Grid(table, indent=0), summary] if rows or skipped else [summary]


# -- prove ----------------------------------------------------------------------------------------


def prove_report(results: Iterable[ProofResult]) -> Report:
    """``prove``'s text: each property's status and statement, what it proved or the
    counterexample under it, then ``N proved, N not proved``."""
    rows = list(results)
    report: Report = []
    for r in rows:
        label = (r.status.upper(), GOOD if r.status == "proved" else BAD)
        report.append(_line(label, f" {r.name}: {r.statement}"))
        report += [_line(line, indent=2) for line in r.detail.splitlines()]
    proved = sum(r.status == "proved" for r in rows)
    report.append(
        _line(
            (
                f"{proved} proved, {len(rows) - proved} not proved",
                GOOD if proved == len(rows) else BAD,
            )
        )
    )
    return report
