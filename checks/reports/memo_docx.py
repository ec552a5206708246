"""The memo (:mod:`checks.reports.memo`) as a Word document, with python-docx: Word's own styles
(Title, Heading 1 and 2, Quote, a table style), so a lawyer can restyle it with the firm's
template; the timeline embedded as a PNG. Layout only."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable

from checks.reports import timeline_drawing
from checks.reports.memo_document import Heading, Memo, Paragraph, Picture, Table

TABLE_STYLE = "Light Grid Accent 1"
PICTURE_WIDTH = Mm(165)  # inside the margins of A4 and of Letter
PNG_DPI = 150.0


def to_docx(memo: Memo) -> bytes:
    document = Document()
    section = document.sections[0]  # Letter, python-docx's default: Word fits it to A4
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    core = document.core_properties
    core.title = f"{memo.title}: {dict(memo.header)['Re']}"
    core.author = "rrcheck"
    document.add_heading(memo.title, level=0)
    for label, text in memo.header:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text)
    for part in memo.sections:
        document.add_heading(part.title, level=1)
        for block in part.blocks:
            if isinstance(block, Heading):
                document.add_heading(block.text, level=block.level)
            elif isinstance(block, Paragraph):
                _paragraph(document, block)
            elif isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, Picture):
                png = timeline_drawing.render_layout(block.layout, "png", dpi=PNG_DPI)
                document.add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                document.add_paragraph(block.caption, style="Caption")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TEXT_WIDTH_MM = 170.0  # inside the margins, on Letter and on A4
TABLE_PT, SMALLEST_PT = 8.0, 6.0
CHAR_MM = 1.95  # a character of 8 pt text, with room for a font wider than Calibri
CELL_PADDING_MM = 2.4
BOLD = 1.35


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _longest_word(value: str) -> int:
    """The longest part of ``value`` a line may not break: a date whole, other words at their
    hyphens (``restricted-`` of ``restricted-sale-date``)."""
    parts = [
        part
        for word in value.split()
        for part in ([word] if _DATE.search(word) else re.findall(r"[^-]+-?", word))
    ]
    return max((len(part) for part in parts), default=0)


def _widths(cells: list[list[str]], footer: bool) -> tuple[list[Mm], float]:
    """Column widths and the font size (points) for a table: each column gets its longest word
    (a date, an amount, an id is never broken), then the rest of the width in proportion to
    its longest cell. A table whose words do not fit at :data:`TABLE_PT` gets a smaller font,
    down to :data:`SMALLEST_PT`, rather than broken dates."""
    columns = list(zip(*cells, strict=True))
    # The header row (and a footer) is bold: its words take about a third more room.
    bold = {0, len(cells) - 1} if footer else {0}
    words = [
        max(_longest_word(value) * (BOLD if r in bold else 1.0) for r, value in enumerate(col))
        for col in columns
    ]
    longest = [max(len(value) for value in col) for col in columns]
    room = TEXT_WIDTH_MM - len(columns) * CELL_PADDING_MM
    points = max(SMALLEST_PT, min(TABLE_PT, TABLE_PT * room / (sum(words) * CHAR_MM)))
    char = CHAR_MM * points / TABLE_PT
    budget = room / char
    spare = max(0.0, budget - sum(words))
    extra = [max(0, whole - word) for whole, word in zip(longest, words, strict=True)]
    share = sum(extra) or 1
    chars = [word + min(e, spare * e / share) for word, e in zip(words, extra, strict=True)]
    scale = min(1.0, budget / sum(chars))  # still too wide at the smallest font: shrink alike
    return [Mm(c * scale * char + CELL_PADDING_MM) for c in chars], points


def _paragraph(document: WordDocument, block: Paragraph) -> None:
    if block.style == "quote":
        document.add_paragraph(block.text, style="Quote")
    elif block.style == "answer":
        document.add_paragraph().add_run(block.text).bold = True
    else:
        document.add_paragraph(block.text)


def _table(document: WordDocument, block: Table) -> None:
    rows = len(block.rows) + 1 + (1 if block.footer else 0)
    table: DocxTable = document.add_table(rows=rows, cols=len(block.headers))
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [list(block.headers), *map(list, block.rows)]
    if block.footer:
        cells.append(list(block.footer))
    widths, points = _widths(cells, bool(block.footer))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, values in enumerate(cells):
        row = table.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]  # Word reads the cells' widths, LibreOffice the grid's
            cell.text = value
            paragraph = cell.paragraphs[0]
            for run in paragraph.runs:
                run.font.size = Pt(points)
                if r == 0 or (block.footer and r == len(cells) - 1):
                    run.bold = True
            if c in block.numbers and r > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The header row repeats on each page a long table runs over.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
