"""The text reports: tables and plain lines for a lawyer, colour only on a terminal, the
``--quiet`` verdicts and the progress bar. Presentation only; the CONTRACT.md JSON is in
:mod:`checks.reports.report`.

A report is a list of blocks, plain lines and tables, rendered once by :func:`render`. In a
pipe or a file nothing is coloured. Every report is at most :data:`PIPE_WIDTH` columns wide
(``--width N`` sets another), on a terminal no wider than the terminal: text pasted into a memo
or an e-mail keeps its lines. Prose wraps at spaces under its indent and tables wrap their text
columns; a date or an amount is never cut while the width leaves room for it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING, TypeVar

import attrs
from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from checks.reports.report import payment_basis
from checks.robust import RobustResult
from model.acts import DeemedAct
from model.explain import required_filing_date_note
from model.findings import Episode, Payment, SuspensionStatus, Verdict
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.payments import LATE_FILING
from model.rules import ELIGIBILITY_RULES, RULES_BY_ID

if TYPE_CHECKING:  # for the annotations only: validate loads neither planning, proofs nor the memo
    from checks.answers import FindResult, PlacedSuspension, WorstCaseResult
    from checks.compare import Comparison
    from checks.prove import ProofResult
    from checks.regression import CaseResult

T = TypeVar("T")

PIPE_WIDTH = 100  # columns at most, in a pipe and on a terminal: what pastes into Word
MIN_WIDTH = 72  # a narrower --width would cut dates in the suspensions' table
PROGRESS_AFTER = 10  # a progress bar only for more files than this, and only on a terminal

CENT = Decimal("0.01")
ONE_DAY = dt.timedelta(days=1)
GOOD, BAD, WARN, STRONG = "bold green", "bold red", "yellow", "bold"


@attrs.frozen(eq=False)
class Line:
    """A line of prose, wrapped at spaces under its indent; with ``whole`` never wrapped (the
    ``--quiet`` answers that scripts read)."""

    text: Text
    indent: int = 0
    whole: bool = False


@attrs.frozen(eq=False)
class Fit:
    """The first of ``tables`` whose widest form fits the page, else the last: the payments'
    table with its base and rate columns where the page has room for them whole, a narrower
    one on a narrower page (``--width``, a narrow terminal)."""

    tables: tuple[Table, ...]

    def _chosen(self, console: Console, options: ConsoleOptions) -> Table:
        for table in self.tables[:-1]:
            unbounded = options.update(width=10_000)  # its natural width, not one made to fit
            if Measurement.get(console, unbounded, table).maximum <= options.max_width:
                return table
        return self.tables[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._chosen(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._chosen(console, options))


@attrs.frozen(eq=False)
class Grid:
    """A table, indented."""

    table: Table | Fit
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
    color: str = "auto",
    file: IO[str] | None = None,
    environ: Mapping[str, str] | None = None,
    width: int | None = None,
) -> Screen:
    """The console for ``file`` (stdout by default) under ``--color``: escapes only when
    colouring; ``width`` columns when given, else :data:`PIPE_WIDTH`, or the terminal's width
    when a terminal is narrower."""
    out = file if file is not None else sys.stdout
    terminal = is_terminal(out)
    colour = wants_color(color, terminal, os.environ if environ is None else environ)
    if width is not None or not terminal:
        return Screen(_console(out, colour, width or PIPE_WIDTH), terminal)
    console = _console(out, colour, None)
    console.width = min(console.width, PIPE_WIDTH)
    return Screen(console, terminal)


@attrs.frozen
class Page:
    """What :func:`screen` decided for a stream, as plain values: a worker process renders a
    report for the parent's standard output from it (``-j N``), as the parent would itself."""

    colour: bool
    width: int
    terminal: bool


def page(color: str = "auto", file: IO[str] | None = None, width: int | None = None) -> Page:
    """The page that :func:`screen` gives ``file`` (stdout by default) under ``--color`` and
    ``--width``."""
    where = screen(color, file, width=width)
    return Page(where.console.color_system is not None, where.console.width, where.terminal)


def render_page(report: Report, on: Page) -> str:
    """The report as :func:`render` writes it on the page ``on``."""
    return render(report, Screen(_console(io.StringIO(), on.colour, on.width), on.terminal))


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
            elif block.text.plain and not block.whole:  # prose wraps under its indent
                console.print(Padding(block.text, (0, 0, 0, block.indent), expand=False))
            else:
                console.print(Text(" " * block.indent).append_text(block.text), soft_wrap=True)
    return _TRAILING.sub(_keep_escapes, captured.get())


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _keep_escapes(match: re.Match[str]) -> str:
    return "".join(_ESCAPE.findall(match.group()))


def emit(
    report: Report | str,
    color: str = "auto",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    """Write a report to ``file`` (stdout by default), ``width`` columns at most (``--width``);
    a string's lines are wrapped at spaces to the same width (:func:`wrap_lines`)."""
    out = file if file is not None else sys.stdout
    if isinstance(report, str):
        out.write(wrap_lines(report, screen(color, out, width=width).console.width) + "\n")
    else:
        out.write(render(report, screen(color, out, width=width)))


_HANGING = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}\s+)?")


def wrap_lines(text: str, width: int = PIPE_WIDTH) -> str:
    """Each line of ``text`` wrapped at spaces to ``width``, continued under its text (after
    its indent, and after a leading date): the one-line summaries of ``calendar``, ``timeline``
    and ``memo``. A word longer than the width is left whole."""
    out: list[str] = []
    for line in text.split("\n"):
        hanging = " " * len(_HANGING.match(line).group())  # type: ignore[union-attr]
        out += textwrap.wrap(
            line,
            width,
            subsequent_indent=hanging,
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        ) or [""]
    return "\n".join(out)


def plain(report: Report, width: int = PIPE_WIDTH) -> str:
    """The report as a pipe gets it (no colour, ``width`` columns), without the final newline."""
    out = io.StringIO()
    return render(report, Screen(_console(out, False, width), False)).removesuffix("\n")


def track(
    items: Sequence[T], description: str, color: str = "auto", enabled: bool = True
) -> Iterator[T]:
    """The items, one by one, with a progress bar on stderr when stderr is a terminal and there
    are more than :data:`PROGRESS_AFTER` of them. The bar is gone once the last is done."""
    err = sys.stderr
    if not enabled or len(items) <= PROGRESS_AFTER or not is_terminal(err):
        yield from items
        return
    from rich.progress import (  # only a terminal with many files draws a bar
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

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
    dates = _table("term", "section", "date(s)")
    for act in (d for d in v.deemed if d.subject == "registration"):
        dates.add_row(_ACT_NAMES.get(act.field, act.field), "11(b)", _deemed_cell(act))
    dates.add_row("Required Filing Date", "1(h), 2(a)(i)", str(t.required_filing_date))
    dates.add_row(
        "Initial Required Effective Date", "2(a)(i)", str(t.initial_required_effective_date)
    )
    if penalty_window_matters(v):
        dates.add_row(
            "90 days after the Initial Required Effective Date (the cut-off)",
            "2(b)(ii)",
            str(t.penalty_window_end),
        )
    dates.add_row("Effective Date", "1(a)", str(t.effective_date))
    dates.add_row("Registration Period", "3(a), 2(c)", f"{period.start} to {period.end}")
    report: Report = [
        _line("Scenario: ", (v.scenario, STRONG)),
        headline(v),
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


# The registration's acts in words, for the dates table.
_ACT_NAMES = {
    "quarterly_report_filed": "10-Q filed (deemed filed)",
    "registration_filed": "Registration Statement filed (deemed filed)",
    "transfer_agent_opinion": "Opinion to the transfer agent (deemed delivered)",
}
HEADLINE_SUBJECTS = 6  # subjects named in the headline before it counts the rest


def _deemed_cell(act: DeemedAct) -> str:
    return f"{act.given} ({act.given.strftime('%A')}), deemed {act.deemed}"


def headline(v: Verdict) -> Line:
    """``Verdict: NOT COMPLIANT: registration (filing.deadline); s1 compliant``: the verdict, then
    each subject that breaks a rule with the rules it breaks, then the subjects that break none.
    Past :data:`HEADLINE_SUBJECTS` of either, the rest are counted, not named."""
    subjects = v.subjects
    broken = [s for s in subjects if not s.compliant]
    fine = [s for s in subjects if s.compliant]
    parts = [f"{s.id} ({', '.join(s.broken)})" for s in broken[:HEADLINE_SUBJECTS]]
    if len(broken) > HEADLINE_SUBJECTS:
        parts.append(f"{len(broken) - HEADLINE_SUBJECTS} more not compliant (see Findings)")
    if fine and len(fine) <= HEADLINE_SUBJECTS:
        parts.append(", ".join(s.id for s in fine) + " compliant")
    elif fine:
        kinds = ", ".join(
            _plural(n, kind) if kind != "registration" else kind
            for kind in ("registration", "suspension", "filing")
            if (n := sum(s.kind == kind for s in fine))
        )
        every = "the other" if broken else "all"
        parts.append(f"{every} {len(fine)} subjects compliant ({kinds})")
    return _line("Verdict: ", _verdict(v.compliant), ": " + "; ".join(parts))


def penalty_window_matters(v: Verdict) -> bool:
    """Whether the 90-day cut-off of 2(b)(ii) decides a payment here, or would under the other
    reading of penalty-window: a restricted episode other than a suspension's (always judged by
    the cut-off), or a suspension's restricted episode after the cut-off or under
    literal-90-days."""
    cut_off = v.timeline.penalty_window_end
    literal = v.interpretation.penalty_window == "literal-90-days"
    return any(
        e.kind != "suspension" or literal or e.restricted_sale_date > cut_off for e in v.episodes
    )


def _interpretation_table(v: Verdict) -> Table:
    table = _table("term")
    _column(table, "reading", "date")  # a reading's name is never split; the meaning wraps
    _column(table, "meaning")
    for name, reading in v.interpretation.as_dict().items():
        term = TERMS_BY_NAME[name]
        shown = Text(reading) if reading == term.default else Text(f"{reading}\n(not the default)")
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
    table = _table("suspension")
    _column(table, "dates")
    _column(table, "business\ndays", "number")
    _column(table, "Permitted\nSuspension Period")
    _column(table, "restricted days")
    _column(table, "counts\ntoward\nthe two")
    remarks: Report = []
    for s in v.suspensions:
        permitted, restricted, more = _suspension_cells(v, s, episodes.get(s.id))
        notice = v.deemed_day(s.id, "advance_notice")
        if notice is not None and s.advance_notice is not None:
            more.insert(
                0,
                f"advance notice given on {s.advance_notice} ({s.advance_notice.strftime('%A')}), "
                f"deemed given on {notice}, the next business day (notice-day)",
            )
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
            cut_off = v.timeline.penalty_window_end
            if not episode.gives_payments:
                gives = f"gives no payment (penalty-window: after the 2(b)(ii) cut-off {cut_off})"
            elif episode.restricted_sale_date > cut_off:
                gives = (
                    f"gives rise to payments (after the 2(b)(ii) cut-off {cut_off}: under "
                    "penalty-window = cross-reference, not under literal-90-days)"
                )
            else:
                gives = "gives rise to payments"
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
    """Per Investor, a table for late filing (from the Required Filing Date) and one for the
    Restricted Sale Dates, each row with its base and rate so a lawyer can check the amount by
    hand; the Investor's subtotal, then the total."""
    if not payments:
        return [_line("none", indent=2)]
    report: Report = []
    for investor in dict.fromkeys(p.investor for p in payments):
        own = [p for p in payments if p.investor == investor]
        subtotal = sum((p.amount for p in own), Decimal("0"))
        report.append(_line((investor, STRONG), indent=2))
        for first_date, rows in (
            ("Required\nFiling Date", [p for p in own if p.trigger == LATE_FILING]),
            ("Restricted\nSale Date", [p for p in own if p.trigger != LATE_FILING]),
        ):
            if rows:
                # Indented as the Investor's name: 100 columns leave no room for more.
                report.append(Grid(_payment_table(first_date, rows), indent=2))
        report.append(_line(f"Subtotal: {_amount(subtotal)}", indent=4))
    return report + [_line(("Total: " + _amount(total), STRONG), indent=2)]


def _payment_table(first_date: str, rows: Sequence[Payment]) -> Fit:
    """Amount = rate x base x days / 30 (2(b)(iii)), rounded to the cent, half up. The rows
    share one trigger, which the first date's header names in the agreement's words, and so
    one base, which the base's header names (Purchase Price, Held Shares Value): each cell is
    a date or an amount, never cut. A page too narrow for the base and rate columns gets them
    under the table instead."""
    return Fit((_payment_grid(first_date, rows, True), _payment_grid(first_date, rows, False)))


def _payment_grid(first_date: str, rows: Sequence[Payment], basis: bool) -> Table:
    shares = any(p.periodic_amount_shares is not None for p in rows)
    base, rate = payment_basis(rows[0])
    table = _table()
    _column(table, "subject")
    _column(table, first_date, "date")
    _column(table, "Computation\nDate", "date")
    _column(table, "days", "number")
    if basis:
        _column(table, "\n".join(base.rsplit(" ", 1)), "number")
        _column(table, "rate per\n30 days", "number")
    _column(table, "amount", "number")
    _column(table, "due", "date")
    if shares:
        _column(table, "Periodic\nAmount\nShares", "number")
    for p in rows:
        value = "" if p.held_shares_value is None else _amount(p.held_shares_value)
        row = [p.subject, str(p.restricted_sale_date), str(p.computation_date), str(p.days)]
        row += [value, payment_basis(p)[1]] if basis else []
        row += [_amount(p.amount), str(p.due)]
        if shares:
            row.append("" if p.periodic_amount_shares is None else str(p.periodic_amount_shares))
        table.add_row(*row)
    if not basis:
        values = "; ".join(
            f"{p.subject} {_amount(p.held_shares_value)}"
            for p in rows
            if p.held_shares_value is not None
        )
        table.caption = f"amount = {rate} of the {base} x days / 30: {values}"
        table.caption_justify = "left"
    return table


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
    # Per subject, so that a past breach does not hide the answer about a suspension.
    counts = r.subject_counts()
    subjects = _table("subject", "kind", "compliant under")
    for subject in r.verdict.subjects:
        n = counts[subject.id]
        subjects.add_row(
            subject.id,
            subject.kind,
            Text(f"{n} of {len(r.verdicts)}", GOOD if n == len(r.verdicts) else WARN),
        )
    report.append(Grid(subjects))
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
        return _whole(_line(_verdict(result.verdict.compliant), robust, f" {path}"))
    return _whole(_line(_verdict(result.compliant), f" {path}"))


def _whole(line: Line) -> Line:
    """``line`` never wrapped: a ``--quiet`` answer is read by scripts, one line each."""
    return attrs.evolve(line, whole=True)


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
            return [_whole(_line(_status(r.status)))]
        s = r.suspension
        answer = f"{s.start} to {s.end}" if r.objective == "longest" else str(s.start)
        return [_whole(_line(answer))]
    report: Report = [_line(f"find {r.objective} of {r.suspension_id}: ", _status(r.status))]
    if r.suspension is not None:
        others = [p for p in r.schedule if p.id != r.suspension.id]
        table = _placements([r.suspension, *others], notice=True)
        table.rows[0].style = STRONG
        report += [
            Grid(table),
            _line(
                "Optimal: the solver proved no better placement keeps it a Permitted Suspension "
                "Period without breaking a rule not already broken.",
                indent=2,
            ),
        ]
        report += [_line(f"Bound by: {b.explanation}", indent=2) for b in r.bound_by]
    report += [_line(f"In the way: {o.explanation}", indent=2) for o in r.obstacles]
    if r.already_broken:
        report += [
            BLANK,
            _line(
                (
                    "Already broken without the planned suspensions (these stand, and do not "
                    "stop the plan):",
                    WARN,
                ),
                indent=2,
            ),
        ]
        report += [
            _line(f"{x.rule} ({x.subject}), Section {x.section}: {x.message}", indent=4)
            for x in r.already_broken
        ]
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


def _reading_words(reading: Interpretation) -> str:
    """A reading as the terms where it differs from READING.md's defaults."""
    defaults = Interpretation().as_dict()
    changed = [f"{k}={v}" for k, v in reading.as_dict().items() if defaults[k] != v]
    return ", ".join(changed) or "the default readings"


def written_line(path: str, ids: Sequence[str]) -> Line:
    """``find --write``'s last line: where the fixed scenario went."""
    return _line(
        f"Written to {path}: {', '.join(ids)} fixed at this answer, with the advance notice "
        "each start needs; run validate, calendar or timeline on it.",
        indent=2,
    )


def worst_case_report(r: WorstCaseResult, quiet: bool = False) -> Report:
    """``worst-case``'s text: the total, the placement and the report of that schedule; with
    ``quiet`` only the total (``1234.50``), or the status."""
    if quiet:
        if r.status == "optimal" and r.total_payments is not None:
            return [_whole(_line(_money(r.total_payments)))]
        return [_whole(_line(_status(r.status)))]
    report: Report = [_line(f"worst-case {r.objective}: ", _status(r.status))]
    if r.status == "optimal":
        total = _amount(r.total_payments) if r.total_payments is not None else "none"
        if r.investor is not None and r.investor_payments is not None:
            report += [
                _line(
                    (f"Payments to {r.investor}: {_amount(r.investor_payments)}", STRONG), indent=2
                ),
                _line(f"Total payments (all Investors): {total}", indent=2),
            ]
        else:
            report += [_line(("Total payments: " + total, STRONG), indent=2)]
        if r.readings and r.interpretation is not None and r.spread is not None:
            which = "most" if r.objective == "max-payments" else "least"
            low, high = r.spread
            report += [
                _line(
                    f"Under every reading ({r.readings} combinations): the {which} is under "
                    f"{_reading_words(r.interpretation)}.",
                    indent=2,
                ),
                _line(
                    f"Per-reading {'maximum' if which == 'most' else 'minimum'}: from "
                    f"{_amount(low.payments)} ({_reading_words(low.interpretation)}) to "
                    f"{_amount(high.payments)} ({_reading_words(high.interpretation)}).",
                    indent=2,
                ),
            ]
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
    summary = _whole(_line((counts, GOOD if rows and passed == len(rows) else BAD)))
    if quiet:
        return [summary]
    # The file and the scenario share a column: a long path keeps the name beside it where it
    # fits and puts it under the path where it does not (a path is cut only if wider than the
    # column).
    table = _table("result", "file and scenario", show_header=False)
    table.columns[0].no_wrap = True
    for r in rows:
        table.add_row(Text("PASS", GOOD) if r.passed else Text("FAIL", BAD), f"{r.path}  {r.name}")
        for problem in ([r.error] if r.error else []) + [str(d) for d in r.differences]:
            table.add_row("", Text("  " + problem, WARN))
    for path in skipped:
        table.add_row(Text("SKIP", WARN), f"{path}  no [expect] table: nothing to check")
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


# -- compare --------------------------------------------------------------------------------------

COMPARE_GROUPS = {
    "verdict": "",
    "subject": "Verdict per subject",
    "suspension": "Suspensions (3(h))",
    "payments": "Payments (2(b))",
}


def compare_report(c: Comparison) -> Report:
    """``compare``'s text: a column per case; the cases are numbered above the table, so the
    columns stay narrow, and a row whose cases differ is marked ``*``."""
    report: Report = [_heading("Cases")]
    for i, case in enumerate(c.cases, start=1):
        report.append(_line(f"{i}. {case.label} ({case.path})", indent=2))
    table = _table("")
    for i in range(1, len(c.cases) + 1):
        _column(table, str(i))
    group = None
    for row in c.rows:
        if row.group != group and COMPARE_GROUPS[row.group]:
            table.add_row(Text(COMPARE_GROUPS[row.group], STRONG), *[""] * len(c.cases))
        group = row.group
        label = ("* " if row.differs else "  ") + row.label
        cells = []
        for value in row.values:
            if value is None:
                cells.append(Text("-"))
            elif value in ("compliant", "not compliant"):
                cells.append(Text(value, GOOD if value == "compliant" else BAD))
            else:
                cells.append(Text(value))
        table.add_row(label, *cells)
    differing = sum(r.differs for r in c.rows)
    summary = f"{differing} of {len(c.rows)} rows differ between the cases (marked *)."
    return report + [BLANK, Grid(table), _line(summary, indent=2)]
