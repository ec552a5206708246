"""A report in a pipe is laid out without rich (checks/reports/plain_layout.py) exactly as rich
lays it out: the same bytes for validate's report of every 2003 scenario of the library, under
--robust, and for generated tables and prose at widths from too narrow to wide; what it does
not lay out itself (a character other than printable ASCII, a rich object) it leaves to rich."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text as RichText

from checks.reports import terminal, terminal_page
from checks.reports.page_blocks import Table, Text
from checks.reports.plain_layout import lay_out
from checks.robust import robust
from checks.validate import validate
from model.loading import load_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
WIDTHS = (terminal_page.MIN_WIDTH, 80, terminal_page.PIPE_WIDTH, 140)


def by_rich(report: terminal_page.Report, width: int) -> str:
    console = terminal_page._console(io.StringIO(), False, width)
    return terminal_page.render(report, terminal_page.Screen(console, False))


def page(width: int) -> terminal_page.Page:
    return terminal_page.Page(colour=False, width=width, terminal=False)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    paths = sorted(SCENARIOS.glob("[23ci]*.toml"))  # every 2003 file but the planning ones
    return {path.name: validate(load_scenario(path)) for path in paths}


def test_every_scenario_report_is_rich_layout_byte_for_byte(verdicts):
    assert len(verdicts) > 50
    for name, verdict in verdicts.items():
        report = terminal.verdict_report(verdict)  # type: ignore[arg-type]
        for width in WIDTHS:
            laid = lay_out(report, width)
            assert laid is not None, name
            assert laid == by_rich(report, width), (name, width)


def test_the_files_report_and_quiet_lines_are_rich_layout(verdicts):
    checked = list(verdicts.items())[:12]
    for quiet in (False, True):
        report = terminal.validate_report(checked, quiet)  # type: ignore[arg-type]
        assert terminal_page.render_page(report, page(100)) == by_rich(report, 100)


@pytest.mark.parametrize(
    "name", ["3h-min-gap-ninth-business-day-broken.toml", "2b-late-filing-one-day.toml"]
)
def test_robust_report_is_rich_layout(name):
    report = terminal.robust_report(robust(load_scenario(SCENARIOS / name)))
    for width in WIDTHS:
        assert lay_out(report, width) == by_rich(report, width)


def test_what_is_not_printable_ascii_is_left_to_rich():
    dash = [terminal_page.Line(Text("a dash \u2014 wide \u5bbd"), indent=2)]
    assert lay_out(dash, 100) is None
    assert terminal_page.render_page(dash, page(100)) == by_rich(dash, 100)
    own = [terminal_page.Line(RichText("rich's own text"))]
    assert lay_out(own, 100) is None
    assert terminal_page.render_page(own, page(100)) == "rich's own text\n"


WORDS = st.text(alphabet="abcdefghij-.0123456789", min_size=1, max_size=14)
CELL = st.lists(WORDS, max_size=6).map(" ".join) | st.lists(WORDS, max_size=3).map("\n".join)
KIND = st.sampled_from(["text", "date", "number"])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    columns = draw(st.lists(st.tuples(CELL, KIND), min_size=1, max_size=6))
    table = terminal_page._table(show_header=draw(st.booleans()))
    for header, kind in columns:
        terminal_page._column(table, header, kind)
    for _ in range(draw(st.integers(0, 4))):
        table.add_row(*draw(st.lists(CELL, min_size=len(columns), max_size=len(columns))))
    if draw(st.booleans()):
        table.caption = draw(CELL)
        table.caption_justify = "left"
    return table


@given(
    table=tables(),
    other=tables(),
    fit=st.booleans(),
    prose=st.lists(WORDS, max_size=40).map(" ".join),
    indent=st.integers(0, 6),
    width=st.integers(20, 150),
)
def test_generated_tables_and_prose_are_rich_layout(table, other, fit, prose, indent, width):
    report: terminal_page.Report = [
        terminal_page.Line(Text(prose), indent),
        terminal_page.Grid(terminal_page.Fit((table, other)) if fit else table, indent),
        terminal_page.Line(Text.assemble("whole: ", (prose, "bold")), indent, whole=True),
        terminal_page.BLANK,
    ]
    laid = lay_out(report, width)
    if laid is not None:  # None: a column narrower than its padding, which rich lays out
        assert laid == by_rich(report, width)
