"""The page a text report is written on: its blocks (lines of prose and tables), their
rendering, colour only on a terminal, and the progress bar. The reports themselves are
:mod:`checks.reports.terminal` (validate) and :mod:`checks.reports.terminal_answers` (find,
worst-case, test, prove, compare).

A report is a list of blocks, plain lines and tables, rendered once by :func:`render`. In a
pipe or a file nothing is coloured. Every report is at most :data:`PIPE_WIDTH` columns wide
(``--width N`` sets another), on a terminal no wider than the terminal: text pasted into a memo
or an e-mail keeps its lines. Prose wraps at spaces under its indent and tables wrap their text
columns; a date or an amount is never cut while the width leaves room for it.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs

from checks.reports.page_blocks import Table, Text, rich_table, rich_text

if TYPE_CHECKING:  # rich is imported only to colour a report or to draw on a terminal
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement

T = TypeVar("T")

PIPE_WIDTH = 100  # columns at most, in a pipe and on a terminal: what pastes into Word
MIN_WIDTH = 72  # a narrower --width would cut dates in the suspensions' table
PROGRESS_AFTER = 10  # a progress bar only for more files than this, and only on a terminal

CENT = Decimal("0.01")
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


class _RichFit:
    """:class:`Fit` of rich's tables, for rich to lay out (a plain class: attrs would compile
    its methods at every start, for a pipe that never draws one)."""

    def __init__(self, tables: tuple[Any, ...]) -> None:
        self.tables = tables

    def _chosen(self, console: Console, options: ConsoleOptions) -> Any:
        from rich.measure import Measurement

        for table in self.tables[:-1]:
            unbounded = options.update(width=10_000)  # its natural width, not one made to fit
            if Measurement.get(console, unbounded, table).maximum <= options.max_width:
                return table
        return self.tables[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._chosen(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

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
    out = file if file is not None else sys.stdout
    terminal = is_terminal(out)
    if width is not None or not terminal:  # as screen() decides, without rich's console
        return Page(wants_color(color, terminal, os.environ), width or PIPE_WIDTH, terminal)
    where = screen(color, file, width=width)
    return Page(where.console.color_system is not None, where.console.width, where.terminal)


def render_page(report: Report, on: Page) -> str:
    """The report as :func:`render` writes it on the page ``on``: without colour laid out
    here as rich would (checks/reports/plain_layout.py), else by rich."""
    if not on.colour:
        from checks.reports.plain_layout import lay_out

        laid = lay_out(report, on.width)
        if laid is not None:
            return laid
    return render(report, Screen(_console(io.StringIO(), on.colour, on.width), on.terminal))


def _console(file: IO[str], colour: bool, width: int | None, live: bool = False) -> Console:
    """A console whose every choice is given, so rich's own reading of the environment decides
    nothing: escapes only when colouring (or, ``live``, drawing a progress bar)."""
    from rich.console import Console

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
    from rich.padding import Padding
    from rich.text import Text as RichText

    console = where.console
    with console.capture() as captured:
        for block in report:
            if isinstance(block, Grid):
                table = _rich_grid(block.table)
                console.print(Padding(table, (0, 0, 0, block.indent), expand=False))
            elif block.text.plain and not block.whole:  # prose wraps under its indent
                console.print(Padding(rich_text(block.text), (0, 0, 0, block.indent), expand=False))
            else:
                line = RichText(" " * block.indent).append_text(rich_text(block.text))
                console.print(line, soft_wrap=True)
    return re.sub(_TRAILING, _keep_escapes, captured.get(), flags=re.MULTILINE)


def _rich_grid(table: Any) -> Any:
    if isinstance(table, Fit):
        return _RichFit(tuple(_rich_grid(t) for t in table.tables))
    return rich_table(table) if isinstance(table, Table) else table


# Patterns, compiled by re at their first use: a report in a pipe never needs them.
_ESCAPE = r"\x1b\[[0-9;]*m"
_TRAILING = r"(?:[ ]|\x1b\[[0-9;]*m)+$"


def _keep_escapes(match: re.Match[str]) -> str:
    return "".join(re.findall(_ESCAPE, match.group()))


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
        out.write(wrap_lines(report, page(color, out, width).width) + "\n")
    else:
        out.write(render(report, screen(color, out, width=width)))


_HANGING = r"^\s*(?:\d{4}-\d{2}-\d{2}\s+)?"


def wrap_lines(text: str, width: int = PIPE_WIDTH) -> str:
    """Each line of ``text`` wrapped at spaces to ``width``, continued under its text (after
    its indent, and after a leading date): the one-line summaries of ``calendar``, ``timeline``
    and ``memo``. A word longer than the width is left whole."""
    import textwrap  # calendar, timeline and memo wrap lines; validate's report never does

    out: list[str] = []
    for line in text.split("\n"):
        hanging = " " * len(re.match(_HANGING, line).group())  # type: ignore[union-attr]
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
    table = Table(show_header=show_header, header_style=STRONG, footer_style=STRONG)
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





def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _verdict(compliant: bool) -> tuple[str, str]:
    return ("COMPLIANT", GOOD) if compliant else ("NOT COMPLIANT", BAD)


def _status(status: str) -> tuple[str, str]:
    return status, {"optimal": GOOD, "infeasible": BAD}.get(status, WARN)


def _whole(line: Line) -> Line:
    """``line`` never wrapped: a ``--quiet`` answer is read by scripts, one line each."""
    return attrs.evolve(line, whole=True)
