"""``rrcheck timeline``, the second step: a :class:`~checks.reports.timeline_layout.Layout`
drawn with matplotlib, off screen, as SVG or PNG.

Every kind of span has a colour *and* a hatch, so the picture reads printed in black and white.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator

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

from checks.deadlines import ScheduleDates  # noqa: E402
from checks.reports.timeline_layout import (  # noqa: E402
    ONE_DAY,
    Date,
    Layout,
    Mark,
    Span,
    timeline_layout,
)

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
    # A term profile's (checks/reports/profile_timeline.py, which names their sections)
    "allowed": SpanStyle("Allowed days", "#7fbf7b", "///"),
    "late-effectiveness": SpanStyle(
        "Late effectiveness: after the effectiveness deadline", "#fdd0a2", "\\\\"
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
    # A term profile's: what a count or aggregate limit leaves; damages for a period
    "window-left": MarkStyle("Left of the limit after a suspension", "^", "#006d2c"),
    "damages": MarkStyle("Damages for the period ending that day", "$\\$$", "#a50f15", 11.0),
}


def _label(layout: Layout, kind: str, label: str) -> str:
    """The legend's words for a kind: the layout's own (a term profile's) or the style's."""
    return dict(layout.labels).get(kind, label)


HOLIDAY = SpanStyle("Holiday: not a business day", "#969696", "")


WEEKEND = SpanStyle("Weekend", "#f2f2f2", "")


WEEKENDS_UP_TO_DAYS = 150  # shade weekends only where a day is wide enough to see


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
            _label(layout, span.kind, style.label),
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
            _label(layout, mark.kind, mark_style.label),
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
            _label(layout, kind, style.label),
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
            _label(layout, kind, style.label),
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
    holiday = _label(layout, "holiday", HOLIDAY.label)
    for day, name in layout.holidays:
        ax.axvspan(_x(day), _x(day + ONE_DAY), color=HOLIDAY.color, alpha=0.6, lw=0, zorder=1)
        if layout.summarised:  # years of holidays: too narrow to name
            legend.setdefault(holiday, Patch(facecolor=HOLIDAY.color, alpha=0.6))
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
        legend.setdefault(holiday, Patch(facecolor=HOLIDAY.color, alpha=0.6))


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
