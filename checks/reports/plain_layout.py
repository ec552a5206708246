"""A report laid out for a pipe (no colour) as rich lays it out, without importing rich: the
measures, the column widths, the wrapping at spaces and the cropping of rich's ``Padding``,
``Table`` (the reports' one look) and ``Text``, line for line. Only text of printable ASCII is
laid out here; anything else (a wide or combining character, a tab, one of rich's own objects)
is left to rich, which :func:`lay_out` says by returning None. tests/checks/reports/
test_plain_layout.py compares the two on every report of the scenario library and on
generated tables at many widths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from checks.reports.page_blocks import Table, Text, cells_of

if TYPE_CHECKING:
    from checks.reports.terminal_page import Fit, Report

_PRINTABLE = re.compile(r"[ -~\n]*")
_WORD = re.compile(r"\s*\S+\s*")


class _RichOnly(Exception):
    """What only rich lays out."""


def lay_out(report: Report, width: int) -> str | None:
    """The report as rich writes it on a console of ``width`` columns without colour, trailing
    spaces removed; None when only rich can say."""
    from checks.reports.terminal_page import Grid

    lines: list[str] = []
    try:
        for block in report:
            if isinstance(block, Grid):
                lines += _padding(width, block.indent, block.table)
            else:
                text = _plain(block.text)
                if text and not block.whole:  # prose wraps under its indent
                    lines += _padding(width, block.indent, text)
                else:  # printed whole (soft wrap)
                    lines += (" " * block.indent + text).split("\n")
    except _RichOnly:
        return None
    return "".join(line.rstrip(" ") + "\n" for line in lines)


def _plain(text: object) -> str:
    if not isinstance(text, (Text, str)):
        raise _RichOnly
    plain = text.plain if isinstance(text, Text) else text
    if _PRINTABLE.fullmatch(plain) is None:
        raise _RichOnly
    return plain


# -- measures (rich.measure.Measurement.get, and each renderable's __rich_measure__) ---------------


def _normalized(low: int, high: int, width: int) -> tuple[int, int]:
    """Measurement.get's normalize, with_maximum(width), normalize."""
    low = max(0, min(max(0, low), high))
    high = max(0, max(low, high))
    low, high = min(low, width), min(high, width)
    if high < 1:
        return 0, 0
    low = max(0, min(low, high))
    return low, max(0, max(low, high))


def _text_measure(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    longest = max(len(line) for line in lines) if lines else 0
    words = text.split()
    return (max(len(word) for word in words) if words else longest), longest


def _max(measure: tuple[int, int], width: int) -> int:
    if width < 1:
        return 0
    return _normalized(*measure, width)[1]


def _measure_any(table: Table | Fit, width: int) -> int:
    """The maximum of Measurement.get of a table (or Fit) on ``width`` columns."""
    if width < 1:
        return 0
    chosen = table if isinstance(table, Table) else _chosen(table, width)
    return _normalized(*_table_measure(chosen, width), width)[1]


def _chosen(fit: Fit, width: int) -> Table:
    for table in fit.tables[:-1]:
        if not isinstance(table, Table):
            raise _RichOnly
        if _normalized(*_table_measure(table, 10_000), 10_000)[1] <= width:
            return table
    last = fit.tables[-1]
    if not isinstance(last, Table):
        raise _RichOnly
    return last


# -- tables (rich.table.Table: box SIMPLE, no edge, padding (0, 1, 0, 0), pad_edge off) ---------


def _pad(table: Table, index: int) -> int:
    return 0 if index == len(table.columns) - 1 else 1


def _column_measure(table: Table, index: int, cells: Sequence[str], width: int) -> tuple[int, int]:
    if width < 1:
        return 0, 0
    pad = _pad(table, index)
    lows, highs = [], []
    for cell in cells:
        if width - pad < 1:
            low, high = width, width
        else:
            low, high = _normalized(*_text_measure(cell), width)
            low, high = min(low + pad, width), min(high + pad, width)
        low, high = _normalized(low, high, width)
        lows.append(low)
        highs.append(high)
    low, high = (max(lows) if lows else 1), (max(highs) if highs else width)
    return min(low, width), min(high, width)


def _texts(table: Table) -> list[list[str]]:
    if not table.columns or any(column.overflow != "fold" for column in table.columns):
        raise _RichOnly
    if table.caption is not None:
        _plain(table.caption)
    return [[_plain(cell) for cell in column] for column in cells_of(table)]


def _table_measure(table: Table, width: int) -> tuple[int, int]:
    if width < 0:
        return 0, 0
    cells = _texts(table)
    extra = len(table.columns) - 1
    total = sum(_widths(table, cells, width - extra))
    measured = [_column_measure(table, i, c, total) for i, c in enumerate(cells)]
    return sum(m[0] for m in measured) + extra, sum(m[1] for m in measured) + extra


def _widths(table: Table, cells: list[list[str]], width: int) -> list[int]:
    """Table._calculate_column_widths, the table not expanded."""
    ranges = [_column_measure(table, i, c, width) for i, c in enumerate(cells)]
    widths = [high or 1 for _, high in ranges]
    if sum(widths) > width:
        wrapable = [not column.no_wrap for column in table.columns]
        widths = _collapse(widths, wrapable, width)
        if sum(widths) > width:
            widths = _ratio_reduce(sum(widths) - width, [1] * len(widths), widths, widths)
        ranges = [
            _column_measure(table, i, c, w)
            for (i, c), w in zip(enumerate(cells), widths, strict=True)
        ]
        widths = [high or 0 for _, high in ranges]
    return widths


def _collapse(widths: list[int], wrapable: list[bool], width: int) -> list[int]:
    total = sum(widths)
    excess = total - width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, allow in zip(widths, wrapable, strict=True) if allow)
            second = max(
                w if allow and w != widest else 0 for w, allow in zip(widths, wrapable, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if (w == widest and allow) else 0
                for w, allow in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - width
    return widths


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _table_lines(table: Table, width: int) -> list[str]:
    """Table.__rich_console__ on ``width`` columns, each line as long as the table."""
    cells = _texts(table)
    extra = len(table.columns) - 1
    widths = _widths(table, cells, width - extra)
    if any(w - _pad(table, i) < 0 for i, w in enumerate(widths)):
        raise _RichOnly  # a column narrower than its padding
    table_width = sum(widths) + extra
    lines: list[str] = []
    for r, row in enumerate(zip(*cells, strict=True)):
        header = r == 0 and table.show_header
        rendered = []
        for i, (cell, column) in enumerate(zip(row, table.columns, strict=True)):
            inner = widths[i] - _pad(table, i)
            cell_lines = _wrap(cell, inner, column.justify, column.no_wrap)
            pad = " " * _pad(table, i)
            rendered.append([line.ljust(inner)[:inner] + pad for line in cell_lines])
        height = max(len(c) for c in rendered)
        for i, c in enumerate(rendered):
            blank = [" " * widths[i]] * (height - len(c))
            rendered[i] = blank + c if header else c + blank  # a header sits on the rule
        lines += [" ".join(c[n] for c in rendered) for n in range(height)]
        if header:
            lines.append("─" * table_width)
    if table.caption:
        justify = table.caption_justify if table.caption_justify in ("left", "right") else None
        if justify is None:
            raise _RichOnly
        lines += [
            line.ljust(table_width)[:table_width]
            for line in _wrap(table.caption, table_width, justify, False)
        ]
    return lines


# -- text (rich.text.Text.wrap) and padding (rich.padding.Padding, not expanded) -----------------


def _wrap(text: str, width: int, justify: str, no_wrap: bool) -> list[str]:
    if width < 1 and text.strip():
        raise _RichOnly  # words in no room
    out: list[str] = []
    for line in text.split("\n"):
        pieces = [line] if no_wrap else _divided(line, width)
        if not no_wrap:
            pieces = [_rstrip_end(piece, width) for piece in pieces]
        if justify == "left":
            pieces = [piece[:width].ljust(width) for piece in pieces]
        elif justify == "right":
            pieces = [piece.rstrip()[:width] for piece in pieces]
            pieces = [" " * (width - len(piece)) + piece for piece in pieces]
        elif justify != "default":
            raise _RichOnly
        out += [piece[:width] for piece in pieces]
    return out


def _rstrip_end(text: str, size: int) -> str:
    if len(text) > size:
        trailing = len(text) - len(text.rstrip())
        return text[: len(text) - min(trailing, len(text) - size)]
    return text


def _divided(line: str, width: int) -> list[str]:
    """rich._wrap.divide_line (folding), for text of one cell a character."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for n, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if n == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _padding(width: int, indent: int, content: Table | Fit | str) -> Iterator[str]:
    """Padding(content, (0, 0, 0, indent), expand=False) printed on ``width`` columns."""
    if isinstance(content, str):
        maximum = _max(_text_measure(content), width)
    else:
        maximum = _measure_any(content, width)
    inner = min(maximum + indent, width) - indent
    if inner < 1:
        raise _RichOnly
    if isinstance(content, str):
        lines = _wrap(content, inner, "default", False)
    else:
        table = content if isinstance(content, Table) else _chosen(content, inner)
        lines = _table_lines(table, inner)
    for line in lines:
        yield " " * indent + line.ljust(inner)[:inner]
