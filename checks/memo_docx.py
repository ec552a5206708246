"""The memo (:mod:`checks.memo`) as a Word document, with python-docx: Word's own styles
(Title, Heading 1 and 2, Quote, a table style), so a lawyer can restyle it with the firm's
template; the timeline embedded as a PNG. Layout only."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable

from checks import timeline
from checks.memo import Heading, Memo, Paragraph, Picture, Table

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
                png = timeline.render_layout(block.layout, "png", dpi=PNG_DPI)
                document.add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                document.add_paragraph(block.caption, style="Caption")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
    for r, values in enumerate(cells):
        row = table.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.text = value
            paragraph = cell.paragraphs[0]
            for run in paragraph.runs:
                run.font.size = Pt(8.5)
                if r == 0 or (block.footer and r == len(cells) - 1):
                    run.bold = True
            if c in block.numbers and r > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The header row repeats on each page a long table runs over.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
