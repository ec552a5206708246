"""``rrcheck timeline``: one picture of a scenario's schedule, as SVG or PNG.

Two steps. :func:`timeline_layout` turns :class:`~checks.deadlines.ScheduleDates` into rows of
dated spans and marks (plain data, which the tests read); :func:`build_figure` draws them with
matplotlib, off screen. Every kind of span has a colour *and* a hatch, so the picture reads
printed in black and white. Presentation only: every date is the deadlines module's or the
verdict's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import matplotlib

matplotlib.use("Agg")  # no screen here: draw to files only

from matplotlib import dates as mdates  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.transforms import ScaledTranslation  # noqa: E402

from checks import deadlines as dl  # noqa: E402
from checks.deadlines import ScheduleDates  # noqa: E402
from model.calendars import holiday_names  # noqa: E402

Date = dt.date
ONE_DAY = dt.timedelta(days=1)
FORMATS = ("svg", "png")


@attrs.frozen
class SpanStyle:
    label: str  # the legend's words
    color: str
    hatch: str


@attrs.frozen
class MarkStyle:
    label: str
    marker: str
    color: str
    size: float = 9.0


# Span kinds, in legend order. Hatches differ so that grey print still tells them apart.
SPAN_STYLES: dict[str, SpanStyle] = {
    "registration-period": SpanStyle("Registration Period (3(a))", "#c6dbef", ""),
    "advance-notice": SpanStyle("Advance-notice days (3(h))", "#fee08b", "...."),
    "permitted": SpanStyle("Permitted Suspension Period (3(h))", "#7fbf7b", "///"),
    "restricted": SpanStyle("Restricted days: Periodic Amounts accrue (2(b))", "#e34a33", "xxx"),
    "restricted-no-payment": SpanStyle(
        "Restricted days that give no payment (penalty-window)", "#fcbba1", "xx"
    ),
    "outside": SpanStyle("Suspended, outside the Registration Period", "#bdbdbd", "ooo"),
    "spacing-gap": SpanStyle("No suspension may begin (3(h)(ii) spacing)", "#f0f0f0", "---"),
    "planned-start": SpanStyle("Planned suspension: may start", "#9ecae1", "\\\\\\"),
    "planned-end": SpanStyle("Planned suspension: may end", "#deebf7", "|||"),
    "late-filing": SpanStyle(
        "Late filing: after the Required Filing Date (2(b))", "#fdae6b", "+++"
    ),
}

MARK_STYLES: dict[str, MarkStyle] = {
    "latest-notice": MarkStyle("Last day to give advance notice", "v", "black"),
    "earliest-next": MarkStyle("Earliest day the next suspension may begin", ">", "#3f007d"),
    "payment-due": MarkStyle("Periodic Amount due (2(b)(iv))", "$\\$$", "#a50f15", 11.0),
    "deadline": MarkStyle(
        "Last day (filing, effectiveness, counsel, notices)", "D", "#08519c", 6.0
    ),
    "done": MarkStyle("Done on (as the scenario gives)", "s", "#525252", 5.0),
}

HOLIDAY = SpanStyle("Holiday: not a business day", "#969696", "")
WEEKEND = SpanStyle("Weekend", "#f2f2f2", "")

# Short names for the deadlines shown as marks on the filing and registration rows.
DEADLINE_LABELS: dict[str, str] = {
    dl.REQUIRED_FILING_DATE: "Required Filing Date",
    dl.INITIAL_REQUIRED_EFFECTIVE_DATE: "Initial Required Effective Date",
    dl.TRANSFER_AGENT: "transfer agent by",
    dl.COUNSEL_COPY: "counsel copy by",
    dl.INVESTOR_NOTICE: "notice to Investors by",
    dl.NOTICE_CONFIRMATION: "confirmation by",
    dl.SEC_RESPONSE_COPY: "copy of SEC response by",
}
SUSPENSION_ROWS = 40  # more suspensions than this share one row
WEEKENDS_UP_TO_DAYS = 150  # shade weekends only where a day is wide enough to see


@attrs.frozen
class Span:
    """Days ``first`` to ``last``, both included, of one kind, on one row."""

    kind: str
    row: int
    subject: str
    first: Date
    last: Date

    @property
    def gid(self) -> str:
        """The drawn rectangle's id (an ``id`` attribute in the SVG)."""
        return f"{self.kind}:{self.subject}:{self.first}"


@attrs.frozen
class Mark:
    kind: str
    row: int
    subject: str
    day: Date
    text: str = ""  # a short label beside it


@attrs.frozen
class Layout:
    """What the picture shows: rows top to bottom, the plotted days, what lies beyond them."""

    title: str
    rows: tuple[str, ...]
    spans: tuple[Span, ...]
    marks: tuple[Mark, ...]
    first: Date  # the first plotted day
    last: Date  # the last plotted day
    holidays: tuple[tuple[Date, str], ...]
    period_start: Date
    period_end: Date
    notes: tuple[str, ...]  # said under the picture: dates off the plotted span
    summarised: bool = False  # the suspensions share one row (more than SUSPENSION_ROWS)

    def spans_of(self, kind: str, subject: str | None = None) -> tuple[Span, ...]:
        return tuple(
            s for s in self.spans if s.kind == kind and (subject is None or s.subject == subject)
        )


def _clip(first: Date, last: Date, low: Date, high: Date) -> tuple[Date, Date] | None:
    first, last = max(first, low), min(last, high)
    return (first, last) if first <= last else None


def timeline_layout(dates: ScheduleDates) -> Layout:
    """Rows, spans and marks of the picture, and the span of days plotted: the suspensions,
    restrictions and payments with a margin, not the whole Registration Period (its ends are
    marked when they fall inside, and noted beneath when they do not)."""
    verdict = dates.verdict
    period = verdict.timeline.registration_period
    rows: list[str] = ["Registration Period"]
    spans: list[Span] = []
    marks: list[Mark] = []
    by_kind: dict[tuple[str, str], Date] = {(d.kind, d.subject): d.date for d in dates.deadlines}
    given = {s.id: s for s in dates.scenario.fixed_suspensions}
    gaps = {g.subject: g for g in dates.spacing}

    # Suspensions, fixed and planned, in order of (earliest) start.
    entries: list[tuple[Date, str]] = [(s.start, s.id) for s in verdict.suspensions]
    entries += [(w.first_start, w.id) for w in dates.planned]
    statuses = {s.id: s for s in verdict.suspensions}
    paying = {e.subject: e.gives_payments for e in verdict.episodes if e.kind == "suspension"}
    windows = {w.id: w for w in dates.planned}
    # A long history is summarised: beyond SUSPENSION_ROWS suspensions, all of them share one
    # row (they never overlap), each span at its days, rather than a row each.
    shared: int | None = None
    if len(entries) > SUSPENSION_ROWS:
        shared = len(rows)
        rows.append(f"{len(entries)} suspensions, on one row")
    for _, sid in sorted(entries):
        row = len(rows) if shared is None else shared
        if sid in statuses:
            s = statuses[sid]
            if shared is None:
                rows.append(f"{sid} ({s.business_days} business days)")
            notice_by = by_kind.get((dl.ADVANCE_NOTICE, sid))
            if notice_by is not None:
                marks.append(Mark("latest-notice", row, sid, notice_by))
                advance = given[sid].advance_notice or notice_by
                if advance < s.start:
                    spans.append(Span("advance-notice", row, sid, advance, s.start - ONE_DAY))
            inside = _clip(s.start, s.end, period.start, period.end)
            if s.outside or inside is None:
                spans.append(Span("outside", row, sid, s.start, s.end))
            else:
                if s.start < inside[0]:
                    spans.append(Span("outside", row, sid, s.start, inside[0] - ONE_DAY))
                if s.permitted and s.permitted_until is not None:
                    spans.append(Span("permitted", row, sid, s.start, s.permitted_until))
                if s.restricted_from is not None:
                    kind = "restricted" if paying.get(sid, True) else "restricted-no-payment"
                    spans.append(Span(kind, row, sid, s.restricted_from, inside[1]))
                if inside[1] < s.end:
                    spans.append(Span("outside", row, sid, inside[1] + ONE_DAY, s.end))
            gap = gaps.get(sid)
            if gap is not None:
                if gap.end + ONE_DAY < gap.earliest_next_start:
                    spans.append(
                        Span(
                            "spacing-gap",
                            row,
                            sid,
                            gap.end + ONE_DAY,
                            gap.earliest_next_start - ONE_DAY,
                        )
                    )
                marks.append(Mark("earliest-next", row, sid, gap.earliest_next_start))
        else:
            w = windows[sid]
            if shared is None:
                rows.append(f"{sid} (planned)")
            spans.append(Span("planned-start", row, sid, w.first_start, w.last_start))
            spans.append(Span("planned-end", row, sid, w.first_end, w.last_end))
            for notice_by in {w.notice_by_first_start, w.notice_by_last_start}:
                if notice_by is not None:
                    marks.append(Mark("latest-notice", row, sid, notice_by))

    for episode in verdict.episodes:
        if episode.kind != "restriction":
            continue
        row = len(rows)
        rows.append(f"{episode.subject} (restriction)")
        last = episode.cure_date - ONE_DAY
        kind = "restricted" if episode.gives_payments else "restricted-no-payment"
        spans.append(Span(kind, row, episode.subject, episode.restricted_sale_date, last))

    scenario_dates = dates.scenario.dates
    rfd = verdict.timeline.required_filing_date
    # The late-filing run as the payments price it: to the day the statement is deemed filed,
    # or to the Effective Date under late-filing-cure = effectiveness.
    cure = verdict.timeline.late_filing_cure_date
    if cure is not None:
        row = len(rows)
        rows.append("Late filing")
        spans.append(Span("late-filing", row, "registration", rfd + ONE_DAY, cure))

    if verdict.payments:
        row = len(rows)
        rows.append("Payments due")
        due: dict[Date, Decimal] = {}
        for p in verdict.payments:
            due[p.due] = due.get(p.due, Decimal(0)) + p.amount
        for day, amount in sorted(due.items()):
            marks.append(Mark("payment-due", row, "payments", day, f"{amount:,.2f}"))

    # Filings and the registration: each deadline beside what the scenario says was done.
    filings = sorted(dates.scenario.filings, key=lambda f: (f.filed, f.id))
    filing_rows: list[list[Mark]] = []
    for filing in filings:
        row = len(rows) + len(filing_rows)
        done = _given(
            (filing.filed, "filed"),
            (filing.counsel_copy, "counsel copy"),
            (filing.investor_notice, "notice"),
            (filing.confirmed, "confirmed"),
        )
        filing_rows.append(_row_marks(row, filing.id, dates.deadlines, done))
    others = [d for d in dates.deadlines if d.kind in DEADLINE_LABELS]

    # The plotted days: around what happens to suspensions, restrictions and payments; else
    # around the filings; else around the registration.
    focus = [s.first for s in spans] + [s.last for s in spans] + [m.day for m in marks]
    if not focus:
        focus = [m.day for marks_of in filing_rows for m in marks_of]
    if not focus:
        focus = [d.date for d in others] + [scenario_dates.registration_filed]
    first, last = min(focus), max(focus)
    margin = max(dt.timedelta(days=4), (last - first) / 20)
    first, last = first - margin, last + margin

    for filing, marks_of in zip(filings, filing_rows, strict=True):
        rows.append(f"{filing.id} ({filing.kind})")
        marks += [m for m in marks_of if first <= m.day <= last]
    done = _given(
        (scenario_dates.registration_filed, "filed"),
        (scenario_dates.effective, "effective"),
        (scenario_dates.transfer_agent_opinion, "opinion delivered"),
    )
    registration_row = [
        m
        for m in _row_marks(len(rows), "registration", dates.deadlines, done)
        if first <= m.day <= last
    ]
    if registration_row:
        rows.append("Registration Statement")
        marks += registration_row

    clipped = _clip(period.start, period.end, first, last)
    if clipped is not None:
        spans.insert(0, Span("registration-period", 0, "registration", *clipped))

    notes: list[str] = []
    if not first <= period.start <= last or not first <= period.end <= last:
        notes.append(f"Registration Period {period.start} to {period.end} ({period.ended_by})")
    hidden = [d for d in others if not first <= d.date <= last]
    if hidden:
        notes.append(
            "Off the plotted days: " + "; ".join(f"{_deadline_text(d)} {d.date}" for d in hidden)
        )

    calendar = dates.calendar
    names = holiday_names(calendar.name, range(first.year, last.year + 1))
    holidays = tuple(
        (day, names.get(day, "closure")) for day in calendar.holidays_between(first, last)
    )
    reading = verdict.interpretation.as_dict()
    title = dates.name
    return Layout(
        title=title,
        rows=tuple(rows),
        spans=tuple(spans),
        marks=tuple(marks),
        first=first,
        last=last,
        holidays=holidays,
        period_start=period.start,
        period_end=period.end,
        notes=tuple(notes) + (f"Reading: {', '.join(f'{k}={v}' for k, v in reading.items())}",),
        summarised=shared is not None,
    )


def _given(*acts: tuple[Date | None, str]) -> list[tuple[Date, str]]:
    """The acts the scenario dates (a filing, a notice, an opinion), leaving out the undated."""
    return [(day, text) for day, text in acts if day is not None]


def _row_marks(
    row: int, subject: str, deadlines: tuple[dl.Deadline, ...], done: list[tuple[Date, str]]
) -> list[Mark]:
    """One row's deadlines and what was done, one mark of each kind a day naming them all."""
    texts: dict[tuple[str, Date], list[str]] = {}
    for d in deadlines:
        if d.subject == subject and d.kind in DEADLINE_LABELS:
            texts.setdefault(("deadline", d.date), []).append(DEADLINE_LABELS[d.kind])
    for day, text in done:
        texts.setdefault(("done", day), []).append(text)
    return [
        Mark(kind, row, subject, day, ", ".join(words))
        for (kind, day), words in sorted(texts.items(), key=lambda item: item[0][1])
    ]


def _deadline_text(d: dl.Deadline) -> str:
    text = DEADLINE_LABELS[d.kind]
    return text if d.subject == "registration" else f"{d.subject}: {text}"


# -- drawing -------------------------------------------------------------------------------------

HOLIDAY_FONT = 6.0  # points
ROW_POINTS = 48.0  # about how tall a row is drawn (0.7 inch of figure a row, less margins)


def _bottom(layout: Layout) -> float:
    """The axis' lower edge: under the last row, with room for the longest holiday's name,
    which is written upwards from the bottom."""
    longest = max((len(name) for _, name in layout.holidays), default=0)
    band = longest * HOLIDAY_FONT * 0.55 / ROW_POINTS + 0.3 if longest else 0.1
    return len(layout.rows) - 0.5 + band


# Where a span sits in its row: (offset from the row's centre, height). A planned suspension's
# start window takes the upper half and its end window the lower.
SPAN_PLACES: dict[str, tuple[float, float]] = {
    "registration-period": (0.0, 0.4),
    "advance-notice": (0.0, 0.45),
    "spacing-gap": (0.0, 0.45),
    "planned-start": (-0.17, 0.34),
    "planned-end": (0.17, 0.34),
}


# Marks off a row's centre: the notice day's triangle points down at the bar beneath it; a
# deadline sits above what was done, so that both show on the same day.
MARK_OFFSETS: dict[str, float] = {"latest-notice": -0.5}  # rows
MARK_SHIFTS: dict[str, float] = {"deadline": 6.0, "done": -6.0}  # points up


def _x(day: Date) -> float:
    """The left edge of a day on the axis; a day is drawn as [day, day + 1)."""
    return float(mdates.date2num(day))


def build_figure(layout: Layout, dpi: float = 100.0) -> Figure:
    """The picture as a matplotlib Figure (no pyplot, no screen). Each span's rectangle has
    the span's :attr:`Span.gid`; rows run top to bottom as in ``layout.rows``."""
    n = len(layout.rows)
    figure = Figure(figsize=(12.0, 3.2 + 0.7 * n), dpi=dpi, layout="constrained")
    ax = figure.add_subplot()
    ax.set_ylim(_bottom(layout), -0.6)  # row 0 on top
    ax.set_xlim(_x(layout.first), _x(layout.last + ONE_DAY))
    ax.set_yticks(range(n), layout.rows)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    legend: dict[str, Artist] = {}
    _draw_days(ax, layout, legend)
    if layout.summarised:  # many spans: one call per kind, each rectangle keeps its gid
        _draw_spans_by_kind(ax, layout, legend)
    for span in () if layout.summarised else layout.spans:
        style = SPAN_STYLES[span.kind]
        offset, height = SPAN_PLACES.get(span.kind, (0.0, 0.7))
        bars = ax.barh(
            span.row + offset,
            _x(span.last + ONE_DAY) - _x(span.first),
            left=_x(span.first),
            height=height,
            color=style.color,
            hatch=style.hatch,
            edgecolor="#252525",
            linewidth=0.6,
            zorder=3,
        )
        bars.patches[0].set_gid(span.gid)
        legend.setdefault(
            style.label,
            Patch(facecolor=style.color, hatch=style.hatch, edgecolor="#252525", lw=0.6),
        )
    _draw_period_ends(ax, layout)
    if layout.summarised:
        _draw_marks_by_kind(ax, layout, legend, figure)
    for mark in () if layout.summarised else layout.marks:
        mark_style = MARK_STYLES[mark.kind]
        y = mark.row + MARK_OFFSETS.get(mark.kind, 0.0)
        ax.plot(
            _x(mark.day) + 0.5,
            y,
            marker=mark_style.marker,
            color=mark_style.color,
            markersize=mark_style.size,
            linestyle="none",
            zorder=5,
            gid=f"{mark.kind}:{mark.subject}:{mark.day}",
            transform=ax.transData
            + ScaledTranslation(0, MARK_SHIFTS.get(mark.kind, 0.0) / 72, figure.dpi_scale_trans),
        )
        legend.setdefault(
            mark_style.label,
            Line2D(
                [],
                [],
                marker=mark_style.marker,
                color=mark_style.color,
                markersize=mark_style.size,
                linestyle="none",
            ),
        )
    _label_marks(ax, layout)

    locator = mdates.AutoDateLocator(minticks=6, maxticks=14)
    formatter = mdates.ConciseDateFormatter(locator)
    formatter.offset_formats = ["", "%Y", "%Y", "%Y", "%Y", "%Y-%m-%d"]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.5, zorder=0)
    ax.set_title(layout.title, loc="left", fontsize=12, fontweight="bold")
    ax.legend(
        list(legend.values()),
        list(legend.keys()),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    figure.supxlabel("\n".join(layout.notes), x=0.01, ha="left", fontsize=7, color="#404040")
    return figure


def _draw_spans_by_kind(ax: Axes, layout: Layout, legend: dict[str, Artist]) -> None:
    """A summarised picture's spans: one call per kind, each rectangle keeping its gid, in
    colour only (hatching thousands of narrow rectangles took most of a PNG's time)."""
    by_kind: dict[str, list[Span]] = {}
    for span in layout.spans:
        by_kind.setdefault(span.kind, []).append(span)
    for kind, spans in by_kind.items():
        style = SPAN_STYLES[kind]
        offset, height = SPAN_PLACES.get(kind, (0.0, 0.7))
        bars = ax.barh(
            [span.row + offset for span in spans],
            [_x(span.last + ONE_DAY) - _x(span.first) for span in spans],
            left=[_x(span.first) for span in spans],
            height=height,
            color=style.color,
            edgecolor="#252525",
            linewidth=0.6,
            zorder=3,
        )
        for patch, span in zip(bars.patches, spans, strict=True):
            patch.set_gid(span.gid)
        legend.setdefault(
            style.label,
            Patch(facecolor=style.color, edgecolor="#252525", lw=0.6),
        )


def _draw_marks_by_kind(
    ax: Axes, layout: Layout, legend: dict[str, Artist], figure: Figure
) -> None:
    by_kind: dict[str, list[Mark]] = {}
    for mark in layout.marks:
        by_kind.setdefault(mark.kind, []).append(mark)
    for kind, marks in by_kind.items():
        style = MARK_STYLES[kind]
        ax.plot(
            [_x(m.day) + 0.5 for m in marks],
            [m.row + MARK_OFFSETS.get(kind, 0.0) for m in marks],
            marker=style.marker,
            color=style.color,
            markersize=style.size,
            linestyle="none",
            zorder=5,
            gid=f"{kind}:all",
            transform=ax.transData
            + ScaledTranslation(0, MARK_SHIFTS.get(kind, 0.0) / 72, figure.dpi_scale_trans),
        )
        legend.setdefault(
            style.label,
            Line2D(
                [], [], marker=style.marker, color=style.color, markersize=style.size, ls="none"
            ),
        )


def _draw_days(ax: Axes, layout: Layout, legend: dict[str, Artist]) -> None:
    """Weekends (where days are wide enough) and holidays, behind everything, full height;
    the holidays' names in the band under the last row."""
    if (layout.last - layout.first).days <= WEEKENDS_UP_TO_DAYS:
        day = layout.first
        while day <= layout.last:
            if day.weekday() == 5:
                ax.axvspan(_x(day), _x(day + 2 * ONE_DAY), color=WEEKEND.color, lw=0, zorder=0)
                legend.setdefault(WEEKEND.label, Patch(facecolor=WEEKEND.color))
            day += ONE_DAY
    bottom = _bottom(layout)
    for day, name in layout.holidays:
        ax.axvspan(_x(day), _x(day + ONE_DAY), color=HOLIDAY.color, alpha=0.6, lw=0, zorder=1)
        if layout.summarised:  # years of holidays: too narrow to name
            legend.setdefault(HOLIDAY.label, Patch(facecolor=HOLIDAY.color, alpha=0.6))
            continue
        ax.annotate(
            name,
            (_x(day) + 0.5, bottom),
            xytext=(0, 3),
            textcoords="offset points",
            rotation=90,
            fontsize=HOLIDAY_FONT,
            ha="center",
            va="bottom",
            color="#404040",
            zorder=6,
        )
        legend.setdefault(HOLIDAY.label, Patch(facecolor=HOLIDAY.color, alpha=0.6))


def _draw_period_ends(ax: Axes, layout: Layout) -> None:
    """The Registration Period's ends: a line where one is in view, an arrow where it is not."""
    if layout.period_start > layout.last or layout.period_end < layout.first:
        after = layout.period_start > layout.last
        ax.annotate(
            f"Registration Period {layout.period_start} to {layout.period_end} ->"
            if after
            else f"<- Registration Period {layout.period_start} to {layout.period_end}",
            (1.0 if after else 0.0, 0),
            xycoords=("axes fraction", "data"),
            xytext=(-4 if after else 4, 0),
            textcoords="offset points",
            fontsize=7.5,
            va="center",
            ha="right" if after else "left",
            color="#08306b",
        )
        return
    for day, edge in ((layout.period_start, "begins"), (layout.period_end, "ends")):
        left = edge == "begins"
        if layout.first <= day <= layout.last:
            x = _x(day) if left else _x(day + ONE_DAY)
            ax.axvline(x, color="#08306b", linestyle="--", linewidth=1.0, zorder=4)
            ax.annotate(
                f"Registration Period {edge} {day}",
                (x, 0),
                xytext=(3 if left else -3, 0),
                textcoords="offset points",
                fontsize=7,
                va="center",
                ha="left" if left else "right",
                color="#08306b",
                zorder=6,
            )
        elif (left and day < layout.first) or (not left and day > layout.last):
            text = f"<- from {day}" if left else f"to {day} ->"
            ax.annotate(
                text,
                (0.0 if left else 1.0, 0),
                xycoords=("axes fraction", "data"),
                xytext=(4 if left else -4, 0),
                textcoords="offset points",
                fontsize=7.5,
                va="center",
                ha="left" if left else "right",
                color="#08306b",
                zorder=6,
            )


LABEL_FONT = 6.5  # points
# The text lines a mark's label may take, in points above the row's centre, tried in turn:
# deadlines' names above their marks, what was done below its marks (so that no name runs
# over a later mark), anything else across the row.
LABEL_LINES: dict[str, tuple[float, ...]] = {
    "deadline": (14.0, 23.0),
    "done": (-14.0, -23.0),
}
OTHER_LABEL_LINES = (0.0, 10.0, -10.0)
AXES_WIDTH_POINTS = 9.3 * 72  # about what the axes get of a 12-inch figure


def _label_marks(ax: Axes, layout: Layout) -> None:
    """Texts beside the marks that have one. Each goes on the first of a row's text lines
    where it clears the text before it (widths estimated from the characters)."""
    days_per_point = ((layout.last - layout.first).days + 1) / AXES_WIDTH_POINTS
    ends: dict[tuple[int, float], float] = {}  # (row, line) -> where its last text ends
    labelled = sorted((m for m in layout.marks if m.text), key=lambda m: (m.row, m.day))
    for mark in labelled:
        x = _x(mark.day) + 0.5
        start = x + 5 * days_per_point
        width = len(mark.text) * LABEL_FONT * 0.55 * days_per_point
        lines = LABEL_LINES.get(mark.kind, OTHER_LABEL_LINES)
        line = min(
            lines, key=lambda y: (ends.get((mark.row, y), -math.inf) >= start, lines.index(y))
        )
        ends[mark.row, line] = start + width
        ax.annotate(
            mark.text,
            (x, mark.row),
            xytext=(6, line),
            textcoords="offset points",
            fontsize=LABEL_FONT,
            va="center",
            ha="left",
            zorder=6,
        )


# Fonts with CJK and other scripts DejaVu Sans lacks, tried in turn for a glyph it has not
# (matplotlib falls back along font.family glyph by glyph); only those installed are named.
FALLBACK_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "IPAGothic",
    "IPAexGothic",
    "Noto Sans",
    "Unifont",
)


def font_families() -> list[str]:
    """DejaVu Sans (matplotlib's own) and whichever fallback fonts this machine has."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in FALLBACK_FONTS if name in installed)]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No library's warning reaches stderr: a glyph no installed font has is drawn as an
    empty box, quietly (the text of the summary still names everything)."""
    import logging
    import warnings

    logger = logging.getLogger("matplotlib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def render(dates: ScheduleDates, fmt: str, dpi: float = 100.0) -> bytes:
    """The picture of a scenario's schedule as ``fmt`` (svg or png) bytes."""
    return render_layout(timeline_layout(dates), fmt, dpi)


def render_layout(layout: Layout, fmt: str, dpi: float = 100.0) -> bytes:
    """A laid-out picture as ``fmt`` (svg or png) bytes; the same layout gives the same SVG."""
    if fmt not in FORMATS:
        raise ValueError(f"the picture is written as {' or '.join(FORMATS)}, not {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    # SVG text stays text: searchable, smaller, and a third quicker than glyphs as paths.
    with _quiet(), matplotlib.rc_context({"svg.fonttype": "none", "font.family": font_families()}):
        figure = build_figure(layout, dpi=dpi)
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def summary_json(layout: Layout, output: str) -> dict[str, Any]:
    """What ``rrcheck timeline --format json`` prints: the file written and what it shows."""
    return {
        "scenario": layout.title,
        "output": output,
        "first": layout.first.isoformat(),
        "last": layout.last.isoformat(),
        "rows": list(layout.rows),
        "notes": list(layout.notes),
    }


def summary_text(layout: Layout, output: str) -> str:
    """What ``rrcheck timeline`` prints: the file written, the days plotted, the rows."""
    lines = [
        f"Timeline of {layout.title} written to {output}: {layout.first} to {layout.last}",
        f"  rows: {'; '.join(layout.rows)}",
    ]
    lines += [f"  {note}" for note in layout.notes]
    return "\n".join(lines)
