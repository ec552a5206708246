"""The memo (:mod:`checks.reports.memo`) as one self-contained HTML file: the styles inline, the
timeline inline as SVG, nothing fetched. It prints on A4 and on Letter alike: the page box
sets margins only (no paper size), and the text block, tables and picture take the width the
paper leaves. Tables carry ``data-table`` (and ``data-about``) attributes naming what they
hold, for readers other than people. Layout only."""

from __future__ import annotations

import html
import re

import matplotlib

from checks.reports import timeline_drawing, timeline_layout
from checks.reports.memo_document import Heading, Memo, Paragraph, Picture, Table

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.4;
  color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 0.6rem; }
h2 { font-size: 14pt; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 1.1rem 0 0.3rem; }
dl.header { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
  margin: 0 0 1rem; padding-bottom: 0.8rem; border-bottom: 2px solid #111; }
dl.header dt { font-weight: bold; }
dl.header dd { margin: 0; }
p.answer { font-weight: bold; }
blockquote { margin: 0.4rem 1.5rem; font-style: italic; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem;
  font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 8.5pt; }
th, td { border: 1px solid #bbb; padding: 2px 4px; text-align: left; vertical-align: top; }
thead th { background: #e8eef6; }
tfoot td { font-weight: bold; background: #f4f4f4; }
td.number, th.number { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
figure { margin: 0.6rem 0; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr, figure, blockquote { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def _svg(layout: timeline_layout.Layout) -> str:
    """The timeline as inline SVG: the XML prologue and doctype dropped, scaled by CSS."""
    # A fixed salt for matplotlib's clip-path ids: the same memo gives the same file.
    with matplotlib.rc_context({"svg.hashsalt": "rrcheck-memo"}):
        svg = timeline_drawing.render_layout(layout, "svg").decode("utf-8")
    svg = _PROLOGUE.sub("", svg, count=1)
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)


def _table(block: Table) -> str:
    def cell(tag: str, value: str, column: int) -> str:
        if column in block.numbers:
            kind = ' class="number"'
        elif _DATE.fullmatch(value):
            kind = ' class="date"'  # a date is never broken at its hyphens
        else:
            kind = ""
        return f"<{tag}{kind}>{html.escape(value)}</{tag}>"

    about = f' data-about="{html.escape(block.about)}"' if block.about else ""
    out = [f'<table data-table="{block.kind}"{about}>', "<thead><tr>"]
    out += [cell("th", h, c) for c, h in enumerate(block.headers)]
    out.append("</tr></thead><tbody>")
    for row in block.rows:
        out.append("<tr>" + "".join(cell("td", v, c) for c, v in enumerate(row)) + "</tr>")
    out.append("</tbody>")
    if block.footer:
        cells = "".join(cell("td", v, c) for c, v in enumerate(block.footer))
        out.append(f"<tfoot><tr>{cells}</tr></tfoot>")
    out.append("</table>")
    return "\n".join(out)


def to_html(memo: Memo) -> bytes:
    title = f"{memo.title}: {dict(memo.header)['Re']}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="rrcheck">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(memo.title)}</h1>",
        '<dl class="header">',
    ]
    for label, text in memo.header:
        out.append(f"<dt>{html.escape(label)}:</dt><dd>{html.escape(text)}</dd>")
    out.append("</dl>")
    for section in memo.sections:
        out.append(f"<section><h2>{html.escape(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Heading):
                out.append(f"<h3>{html.escape(block.text)}</h3>")
            elif isinstance(block, Paragraph):
                text = html.escape(block.text)
                if block.style == "quote":
                    out.append(f"<blockquote>{text}</blockquote>")
                elif block.style == "answer":
                    out.append(f'<p class="answer">{text}</p>')
                else:
                    out.append(f"<p>{text}</p>")
            elif isinstance(block, Table):
                out.append(_table(block))
            elif isinstance(block, Picture):
                caption = html.escape(block.caption)
                out.append(
                    f"<figure>{_svg(block.layout)}<figcaption>{caption}</figcaption></figure>"
                )
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
