"""What a memo is made of: the plain document model :mod:`checks.reports.memo` builds and
:mod:`checks.reports.memo_docx` and :mod:`checks.reports.memo_html` lay out (headings,
paragraphs, tables, one picture), and the figures and facts as a reader sees them, which the
workbook and ``compare`` share with the memo.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs

from checks.reports import timeline_layout
from checks.reports.template import DATES_BY_NAME, FILING_EVENTS, SUSPENSION_EVENTS
from model.findings import Payment, Verdict
from model.payments import LATE_FILING
from model.scenario import PlannedSuspension, Scenario
from model.terms import focus_2003

Date = dt.date
CENT = Decimal("0.01")


# -- the document model ---------------------------------------------------------------------------


@attrs.frozen
class Paragraph:
    text: str
    style: str = "body"  # body | quote (the agreement's words) | answer (the short answer)


@attrs.frozen
class Table:
    """A table of text cells. ``kind`` names what it holds (``payments``, ``facts``...), for
    the writers' styles and for readers of the HTML; ``about`` the Investor or finding."""

    kind: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...] = ()  # columns aligned right
    footer: tuple[str, ...] = ()
    about: str = ""


@attrs.frozen
class Picture:
    """The timeline's layout (:mod:`checks.reports.timeline_layout`), drawn PNG or SVG."""

    layout: timeline_layout.Layout
    caption: str


@attrs.frozen
class Heading:
    text: str
    level: int = 2


Block = Paragraph | Table | Picture | Heading


@attrs.frozen
class Section:
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Memo:
    title: str
    header: tuple[tuple[str, str], ...]  # "Re:", "Agreement:", ...
    sections: tuple[Section, ...]


# -- figures as a reader sees them ----------------------------------------------------------------


def amount(value: Decimal) -> str:
    """Money: thousands separated, two places, half up (READING.md section 5)."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


# The columns of a payments table, the memo's (a table an investor) and the workbook's (its
# columns after the scenario and the investor) alike.
PAYMENT_HEADERS = (
    "Trigger",
    "Subject",
    "Restricted Sale Date",
    "Computation Date",
    "Days",
    "Base (Held Shares Value)",
    "Rate",
    "Amount",
    "Due",
)
PROFILE_PAYMENT_HEADERS = (
    "Trigger",
    "Subject",
    "Event Date",
    "Period end",
    "Days",
    "Base",
    "Rate",
    "Amount",
)


def payment_rate(p: Payment) -> Fraction:
    """2(b)(iii): one percent for a late filing, one and one-half percent for a Restricted
    Sale Date, of the Held Shares Value, per thirty days."""
    terms = focus_2003()
    rate = terms.late_filing_rate if p.trigger == LATE_FILING else terms.restricted_sale_rate
    return rate.share





def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _sentence(text: str) -> str:
    """``text`` ending with a full stop; not capitalised (it may begin with an id, ``s2``)."""
    return text + ("" if text.endswith(".") else ".")


# -- verdict per subject --------------------------------------------------------------------------


@attrs.frozen
class SubjectVerdict:
    id: str
    kind: str  # registration | suspension | filing
    compliant: bool
    rules: tuple[str, ...]  # the rules broken about it


def subject_verdicts(scenario: Scenario, verdict: Verdict) -> tuple[SubjectVerdict, ...]:
    """The verdict per subject, read off the violations' ``subject``: the registration, each
    fixed suspension and each filing, compliant when no rule about it is broken."""
    kinds = {"registration": "registration"}
    kinds.update({s.id: "suspension" for s in verdict.suspensions})
    kinds.update({f.id: "filing" for f in scenario.filings})
    for x in verdict.violations:
        kinds.setdefault(x.subject, "other")
    broken: dict[str, list[str]] = {}
    for x in verdict.violations:
        broken.setdefault(x.subject, []).append(x.rule)
    return tuple(
        SubjectVerdict(sid, kind, sid not in broken, tuple(broken.get(sid, ())))
        for sid, kind in kinds.items()
    )


# -- the facts -------------------------------------------------------------------------------------


@attrs.frozen
class Fact:
    date: Date
    event: str
    field: str  # where in the file it comes from


def facts(scenario: Scenario) -> tuple[Fact, ...]:
    """Every dated event of the file, in date order, with the field it comes from."""
    events: list[tuple[Date, str, str]] = []
    dates = scenario.dates
    for name, field in DATES_BY_NAME.items():
        day = getattr(dates, name)
        if day is not None:
            events.append((day, field.event, f"dates.{name} ({field.section})"))
    for investor in scenario.investors:
        for sale in investor.sales:
            events.append(
                (
                    sale.date,
                    f"{investor.name} sold stock of Purchase Price {amount(sale.purchase_price)}",
                    "investors.sales (1(b))",
                )
            )
    for s in scenario.suspensions:
        if isinstance(s, PlannedSuspension):
            events.append(
                (
                    s.start.earliest,
                    f"{s.id}: planned suspension, to begin from {s.start.earliest} "
                    f"to {s.start.latest}",
                    "suspensions (planned)",
                )
            )
            continue
        for name in ("advance_notice", "start", "end"):
            day = getattr(s, name)
            if day is not None:
                events.append((day, f"{s.id}: {SUSPENSION_EVENTS[name]}", f"suspensions.{name}"))
    for r in scenario.restrictions:
        reason = f" ({r.reason})" if r.reason else ""
        events.append((r.start, f"{r.id}: restriction{reason} begins", "restrictions.start"))
        events.append((r.end, f"{r.id}: last restricted day", "restrictions.end"))
    for f in scenario.filings:
        for name, event in FILING_EVENTS.items():
            day = getattr(f, name)
            if day is not None:
                events.append((day, f"{f.id} ({f.kind}): {event}", f"filings.{name}"))
    events.sort(key=lambda e: e[0])
    return tuple(Fact(*event) for event in events)


def derived_dates(verdict: Verdict) -> tuple[tuple[str, str, Date], ...]:
    """The dates the agreement derives (READING.md section 3): term, section, date."""
    t = verdict.timeline
    period = t.registration_period
    return (
        ("Required Filing Date", "1(h), 2(a)(i)", t.required_filing_date),
        ("Initial Required Effective Date", "2(a)(i)", t.initial_required_effective_date),
        ("Effective Date", "1(a)", t.effective_date),
        ("Registration Period begins", "3(a)", period.start),
        ("Registration Period ends", "3(a), 2(c)", period.end),
    )
