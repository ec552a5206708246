"""Readers of the memo for the tests: the document model, a DOCX read back with python-docx and
an HTML file parsed with html.parser, each turned into the same list of items (headings,
paragraphs, tables), and the figures a reader finds in them, to compare with the JSON report.
"""

from __future__ import annotations

import io
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import attrs
from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from checks.reports import memo as m


@attrs.frozen
class Item:
    kind: str  # heading | paragraph | quote | table | picture
    text: str = ""
    level: int = 0
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    footer: tuple[str, ...] = ()


def from_model(memo: m.Memo) -> list[Item]:
    items = [Item("heading", memo.title, 0)]
    items += [Item("paragraph", f"{label}: {text}") for label, text in memo.header]
    for section in memo.sections:
        items.append(Item("heading", section.title, 1))
        for b in section.blocks:
            if isinstance(b, m.Heading):
                items.append(Item("heading", b.text, b.level))
            elif isinstance(b, m.Paragraph):
                items.append(Item("quote" if b.style == "quote" else "paragraph", b.text))
            elif isinstance(b, m.Table):
                items.append(Item("table", headers=b.headers, rows=b.rows, footer=b.footer))
            else:
                items += [Item("picture"), Item("paragraph", b.caption)]
    return items


def from_docx(content: bytes) -> list[Item]:
    document = Document(io.BytesIO(content))
    items = []
    for part in document.iter_inner_content():
        if isinstance(part, DocxParagraph):
            style = part.style.name if part.style is not None else ""
            if part._p.xpath(".//pic:pic"):
                items.append(Item("picture"))
            elif style == "Title":
                items.append(Item("heading", part.text, 0))
            elif style.startswith("Heading "):
                items.append(Item("heading", part.text, int(style.split()[1])))
            elif style == "Quote":
                items.append(Item("quote", part.text))
            elif part.text:
                items.append(Item("paragraph", part.text))
        elif isinstance(part, DocxTable):
            rows = [tuple(c.text for c in row.cells) for row in part.rows]
            footer: tuple[str, ...] = ()
            if rows[-1][0] == "Subtotal":
                footer = rows.pop()
            items.append(Item("table", headers=rows[0], rows=tuple(rows[1:]), footer=footer))
    return items


class _HtmlItems(HTMLParser):
    LEVELS = {"h1": 0, "h2": 1, "h3": 2}
    TEXT = ("h1", "h2", "h3", "p", "blockquote", "dt", "dd", "th", "td", "figcaption")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []
        self.text: list[str] | None = None
        self.table: dict[str, Any] | None = None
        self.row: list[str] | None = None
        self.part = ""
        self.attributes: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append(dict(attrs))
        if tag in self.TEXT:
            self.text = []
        if tag == "table":
            self.table = {"headers": (), "rows": [], "footer": ()}
        if tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        if tag == "tr":
            self.row = []
        if tag == "svg":
            self.items.append(Item("picture"))

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self.text or [])
        if tag in self.LEVELS:
            self.items.append(Item("heading", text, self.LEVELS[tag]))
        elif tag in ("p", "figcaption") and self.table is None:
            self.items.append(Item("paragraph", text))
        elif tag == "blockquote":
            self.items.append(Item("quote", text))
        elif tag == "dt":
            self.label = text
        elif tag == "dd":
            self.items.append(Item("paragraph", f"{self.label.rstrip(':')}: {text}"))
        elif tag in ("th", "td") and self.row is not None:
            self.row.append(text)
        elif tag == "tr" and self.table is not None and self.row is not None:
            key = {"thead": "headers", "tfoot": "footer"}.get(self.part)
            if key:
                self.table[key] = tuple(self.row)
            else:
                self.table["rows"].append(tuple(self.row))
        elif tag == "table" and self.table is not None:
            t = self.table
            self.items.append(
                Item("table", headers=t["headers"], rows=tuple(t["rows"]), footer=t["footer"])
            )
            self.table = None
        if tag in self.TEXT:
            self.text = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def from_html(content: bytes) -> list[Item]:
    parser = _HtmlItems()
    parser.feed(content.decode("utf-8"))
    parser.close()
    return parser.items


# -- the figures a reader finds -------------------------------------------------------------------


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def figures(items: list[Item]) -> dict[str, Any]:
    """What the memo says, figure by figure, read the way a person reads it: the table under a
    heading, the paragraph after a finding's table."""
    out: dict[str, Any] = {
        "subjects": {},
        "dates": {},
        "findings": [],
        "suspensions": [],
        "payments": [],
        "subtotals": {},
        "totals": [],
        "readings": {},
        "sections": [i.text for i in items if i.kind == "heading" and i.level == 1],
        "pictures": sum(i.kind == "picture" for i in items),
    }
    heading = ""
    finding: dict[str, Any] | None = None
    for item in items:
        if item.kind == "heading":
            heading = item.text
            if ", Section " in item.text and ": " in item.text:
                rule, rest = item.text.split(": ", 1)
                subject, section = rest.rsplit(", Section ", 1)
                finding = {"rule": rule, "subject": subject, "section": section, "missed": None}
                out["findings"].append(finding)
            continue
        if item.kind in ("paragraph", "quote"):
            if item.kind == "quote" and finding is not None and "words" not in finding:
                finding["words"] = item.text.strip("\u201c\u201d")
            if item.text.startswith("Missed by ") and finding is not None:
                finding["missed"] = int(item.text.split()[2])
            if item.text.startswith("Total payments: "):
                out["totals"].append(money(item.text.split(": ")[1].rstrip(".")))
            continue
        if item.kind != "table":
            continue
        h = item.headers
        if h[:2] == ("Subject", "Kind") and "Verdict" in h:
            for sid, kind, verdict, _ in item.rows:
                out["subjects"][sid] = (kind, verdict == "compliant")
        elif h == ("Term", "Section", "Date"):
            out["dates"].update({term: date for term, _, date in item.rows})
        elif h == ("Date compared", "Date") and finding is not None:
            finding["dates"] = {role.replace(" ", "_"): date for role, date in item.rows}
        elif h[:3] == ("Suspension", "Start", "End") and "Eligible" in h:
            out["suspensions"] += [dict(zip(h, row, strict=True)) for row in item.rows]
        elif h[:2] == ("Trigger", "Subject"):
            for row in item.rows:
                out["payments"].append({"investor": heading, **dict(zip(h, row, strict=False))})
            out["subtotals"][heading] = money(item.footer[h.index("Amount")])
        elif h[:3] == ("Term", "Section", "Reading in force"):
            out["readings"].update({term: reading for term, _, reading, _ in item.rows})
    return out


def expected_figures(report: dict[str, Any]) -> dict[str, Any]:
    """The same figures from ``validate --format json``."""
    dates = report["dates"]
    return {
        "dates": {
            "Required Filing Date": dates["required_filing_date"],
            "Initial Required Effective Date": dates["initial_required_effective_date"],
            "Registration Period begins": dates["registration_period_start"],
            "Registration Period ends": dates["registration_period_end"],
        },
        "findings": [
            {
                "rule": x["rule"],
                "subject": x["subject"],
                "section": x["section"],
                "words": x["words"],
                "dates": x["dates"],
                "missed": x["missed_by_business_days"],
            }
            for x in report["violations"]
        ],
        "payments": [
            {
                "investor": p["investor"],
                "Trigger": p["trigger"],
                "Subject": p["subject"],
                "Restricted Sale Date": p["restricted_sale_date"],
                "Computation Date": p["computation_date"],
                "Days": str(p["days"]),
                "Base (Held Shares Value)": p["held_shares_value"],
                # 2(b)(iii): 1% for a late filing, 1 1/2% for a Restricted Sale Date
                "Rate": "1%" if p["trigger"] == "late-filing" else "1.5%",
                "Amount": p["amount"],
                "Due": p["due"],
            }
            for p in report["payments"]
        ],
        "total": Decimal(report["total_payments"]),
        "readings": report["interpretation"],
    }


def agree(items: list[Item], report: dict[str, Any]) -> None:
    """Assert that the memo says what the JSON report says, figure for figure."""
    got = figures(items)
    want = expected_figures(report)
    for term, date in want["dates"].items():
        assert got["dates"][term] == date, term
    assert got["findings"] == want["findings"]
    assert len(got["payments"]) == len(want["payments"])
    for shown, p in zip(got["payments"], want["payments"], strict=True):
        for key, value in p.items():
            if key in ("Amount", "Base (Held Shares Value)"):
                assert money(shown[key]) == Decimal(value), (key, shown)
            else:
                assert shown[key] == value, (key, shown)
    for investor, subtotal in got["subtotals"].items():
        own = [Decimal(p["amount"]) for p in report["payments"] if p["investor"] == investor]
        assert subtotal == sum(own, Decimal("0")), investor
    assert got["totals"] and all(t == want["total"] for t in got["totals"])
    assert {k: v.split(" ")[0] for k, v in got["readings"].items()} == want["readings"]
    # The verdict per subject: not compliant exactly where a rule about it is broken.
    broken = {x["subject"] for x in report["violations"]}
    subjects = got["subjects"]
    assert {"registration", *(s["id"] for s in report["suspensions"]), *broken} <= set(subjects)
    assert {sid for sid, (_, ok) in subjects.items() if not ok} == broken
    # Each suspension: its days, its Permitted Suspension Period and its restricted days.
    assert [s["Suspension"] for s in got["suspensions"]] == [s["id"] for s in report["suspensions"]]
    for shown, s in zip(got["suspensions"], report["suspensions"], strict=True):
        assert (shown["Start"], shown["End"]) == (s["start"], s["end"])
        assert shown["Business days"] == str(s["business_days"])
        period = shown["Permitted Suspension Period"]
        assert period == (f"{s['start']} to {s['permitted_until']}" if s["permitted"] else "none")
        restricted = shown["Restricted days"]
        assert (restricted.split(" to ")[0] if restricted != "none" else None) == s[
            "restricted_from"
        ]
        assert shown["Counts toward the two"] == ("yes" if s["counts"] else "no")
