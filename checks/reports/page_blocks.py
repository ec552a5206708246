"""What a text report is built of, as plain values: styled text and tables with the part of
rich's interface the reports use. A report in a pipe is laid out from them without rich
(:mod:`checks.reports.plain_layout`); for colour or a terminal they become rich's own objects
(:func:`checks.reports.terminal_page.render`), so rich is imported only there.
"""

from __future__ import annotations

from typing import Any


class Text:
    """Text with a style over the whole and styled spans, as ``rich.text.Text`` keeps them."""

    __slots__ = ("plain", "style", "spans")

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.plain = text
        self.style = style
        self.spans: list[tuple[int, int, str]] = []

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str] | Text) -> Text:
        text = cls()
        for part in parts:
            if isinstance(part, Text):
                text.append_text(part)
            elif isinstance(part, str):
                text.append(part)
            else:
                text.append(*part)
        return text

    def append(self, text: str, style: str | None = None) -> Text:
        if style:
            self.spans.append((len(self.plain), len(self.plain) + len(text), style))
        self.plain += text
        return self

    def append_text(self, text: Text) -> Text:
        offset = len(self.plain)
        if text.style:
            self.spans.append((offset, offset + len(text.plain), text.style))
        self.spans += [(start + offset, end + offset, style) for start, end, style in text.spans]
        self.plain += text.plain
        return self

    def stylize(self, style: str) -> None:
        """``style`` over the text as it is now."""
        self.spans.append((0, len(self.plain), style))


class Column:
    __slots__ = ("header", "footer", "justify", "no_wrap", "overflow")

    def __init__(self, header: str, footer: str, justify: str, no_wrap: bool, overflow: str):
        self.header, self.footer, self.justify = header, footer, justify
        self.no_wrap, self.overflow = no_wrap, overflow


class Row:
    __slots__ = ("cells", "style")

    def __init__(self, cells: list[str | Text], style: str | None = None) -> None:
        self.cells, self.style = cells, style


class Table:
    """A table of the reports' one look (a rule under the header, no frame, columns two spaces
    apart, :func:`checks.reports.terminal_page._table`), with its columns, rows and caption."""

    def __init__(self, show_header: bool = True, header_style: str = "", footer_style: str = ""):
        self.show_header, self.header_style, self.footer_style = (
            show_header,
            header_style,
            footer_style,
        )
        self.columns: list[Column] = []
        self.rows: list[Row] = []
        self.caption: str | None = None
        self.caption_justify = "center"

    def add_column(
        self,
        header: str = "",
        footer: str = "",
        justify: str = "left",
        no_wrap: bool = False,
        overflow: str = "ellipsis",
    ) -> None:
        self.columns.append(Column(header, footer, justify, no_wrap, overflow))

    def add_row(self, *cells: str | Text | None, style: str | None = None) -> None:
        if len(cells) > len(self.columns):
            raise ValueError("a row has more cells than the table has columns")
        given: list[str | Text] = ["" if cell is None else cell for cell in cells]
        self.rows.append(Row(given + [""] * (len(self.columns) - len(cells)), style))


def cells_of(table: Table) -> list[list[str | Text]]:
    """Each column's cells top to bottom, the header first when shown."""
    columns: list[list[str | Text]] = []
    for i, column in enumerate(table.columns):
        cells: list[str | Text] = [column.header] if table.show_header else []
        columns.append(cells + [row.cells[i] for row in table.rows])
    return columns


def rich_text(text: Any) -> Any:
    """``text`` as ``rich.text.Text`` (a ``str`` or a rich object as it is)."""
    if not isinstance(text, Text):
        return text
    from rich.text import Span
    from rich.text import Text as RichText

    return RichText(
        text.plain,
        style=text.style or "",
        spans=[Span(start, end, style) for start, end, style in text.spans],
    )


def rich_table(table: Table) -> Any:
    """``table`` as ``rich.table.Table`` of the reports' look."""
    from rich import box
    from rich.table import Table as RichTable

    built = RichTable(
        box=box.SIMPLE,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_header=table.show_header,
        header_style=table.header_style,
        footer_style=table.footer_style,
    )
    for c in table.columns:
        built.add_column(
            c.header,
            footer=c.footer,
            justify=c.justify,  # type: ignore[arg-type]
            no_wrap=c.no_wrap,
            overflow=c.overflow,  # type: ignore[arg-type]
        )
    for row in table.rows:
        built.add_row(*(rich_text(cell) for cell in row.cells), style=row.style)
    if table.caption is not None:
        built.caption = table.caption
        built.caption_justify = table.caption_justify  # type: ignore[assignment]
    return built
