"""``rrcheck timeline``, the first step: what the picture shows, as plain data (no matplotlib).

:func:`timeline_layout` turns :class:`~checks.deadlines.ScheduleDates` into rows of dated spans
and marks, the days plotted and the notes beneath (the tests read this); the drawing is
:mod:`checks.reports.timeline_drawing`. Presentation only: every date is the deadlines module's
or the verdict's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from checks import deadlines as dl
from checks.deadlines import ScheduleDates
from model.calendars import holiday_names
from model.scenario import Filing

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


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
    # The legend's words by kind where they are not the 2003 agreement's (a term profile's)
    labels: tuple[tuple[str, str], ...] = ()

    def spans_of(self, kind: str, subject: str | None = None) -> tuple[Span, ...]:
        return tuple(
            s for s in self.spans if s.kind == kind and (subject is None or s.subject == subject)
        )


def clip(first: Date, last: Date, low: Date, high: Date) -> tuple[Date, Date] | None:
    """The days ``first`` to ``last`` that fall within ``low`` to ``high``; None if none do."""
    first, last = max(first, low), min(last, high)
    return (first, last) if first <= last else None


@attrs.define
class Rows:
    """The picture as it is laid out, row by row: each step below appends its rows, and the
    spans and marks on them."""

    rows: list[str] = attrs.field(factory=lambda: ["Registration Period"])
    spans: list[Span] = attrs.field(factory=list)
    marks: list[Mark] = attrs.field(factory=list)

    def add(self, label: str) -> int:
        """A new row, at the bottom; its index."""
        self.rows.append(label)
        return len(self.rows) - 1

    def layout(
        self,
        title: str,
        first: Date,
        last: Date,
        holidays: tuple[tuple[Date, str], ...],
        period: tuple[Date, Date],
        notes: tuple[str, ...],
        summarised: bool = False,
        labels: tuple[tuple[str, str], ...] = (),
    ) -> Layout:
        """The picture of these rows, on the days ``first`` to ``last``: the Registration
        Period (``period``) spans the top row where it falls on them."""
        clipped = clip(*period, first, last)
        spans = list(self.spans)
        if clipped is not None:
            spans.insert(0, Span("registration-period", 0, "registration", *clipped))
        return Layout(
            title=title,
            rows=tuple(self.rows),
            spans=tuple(spans),
            marks=tuple(self.marks),
            first=first,
            last=last,
            holidays=holidays,
            period_start=period[0],
            period_end=period[1],
            notes=notes,
            summarised=summarised,
            labels=labels,
        )


def timeline_layout(dates: ScheduleDates) -> Layout:
    """Rows, spans and marks of the picture, and the span of days plotted: the suspensions,
    restrictions and payments with a margin, not the whole Registration Period (its ends are
    marked when they fall inside, and noted beneath when they do not)."""
    verdict = dates.verdict
    period = verdict.timeline.registration_period
    laid = Rows()
    summarised = _suspension_rows(laid, dates)
    _restriction_rows(laid, dates)
    _late_filing_row(laid, dates)
    _payments_row(laid, dates)
    # Filings and the registration: each deadline beside what the scenario says was done.
    filings = sorted(dates.scenario.filings, key=lambda f: (f.filed, f.id))
    filing_rows = _filing_marks(len(laid.rows), filings, dates)
    others = [d for d in dates.deadlines if d.kind in DEADLINE_LABELS]
    first, last = _plotted_days(laid, filing_rows, others, dates)
    _filing_and_registration_rows(laid, filings, filing_rows, dates, first, last)

    calendar = dates.calendar
    names = holiday_names(calendar.name, range(first.year, last.year + 1))
    holidays = tuple(
        (day, names.get(day, "closure")) for day in calendar.holidays_between(first, last)
    )
    reading = verdict.interpretation.as_dict()
    title = dates.name
    notes = _notes(dates, others, first, last)
    return laid.layout(
        title,
        first,
        last,
        holidays,
        (period.start, period.end),
        tuple(notes) + (f"Reading: {', '.join(f'{k}={v}' for k, v in reading.items())}",),
        summarised=summarised,
    )


def _suspension_rows(laid: Rows, dates: ScheduleDates) -> bool:
    """Suspensions, fixed and planned, in order of (earliest) start, a row each; whether they
    share one row instead (more than SUSPENSION_ROWS)."""
    verdict = dates.verdict
    period = verdict.timeline.registration_period
    rows, spans, marks = laid.rows, laid.spans, laid.marks
    by_kind: dict[tuple[str, str], Date] = {(d.kind, d.subject): d.date for d in dates.deadlines}
    given = {s.id: s for s in dates.scenario.fixed_suspensions}
    gaps = {g.subject: g for g in dates.spacing}

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
            inside = clip(s.start, s.end, period.start, period.end)
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
    return shared is not None


def _restriction_rows(laid: Rows, dates: ScheduleDates) -> None:
    """A row for each restriction that is not a suspension (a stop order, a lapse)."""
    for episode in dates.verdict.episodes:
        if episode.kind != "restriction":
            continue
        row = laid.add(f"{episode.subject} (restriction)")
        last = episode.cure_date - ONE_DAY
        kind = "restricted" if episode.gives_payments else "restricted-no-payment"
        laid.spans.append(Span(kind, row, episode.subject, episode.restricted_sale_date, last))


def _late_filing_row(laid: Rows, dates: ScheduleDates) -> None:
    """The late-filing run as the payments price it: to the day the statement is deemed filed,
    or to the Effective Date under late-filing-cure = effectiveness."""
    rfd = dates.verdict.timeline.required_filing_date
    cure = dates.verdict.timeline.late_filing_cure_date
    if cure is not None:
        row = laid.add("Late filing")
        laid.spans.append(Span("late-filing", row, "registration", rfd + ONE_DAY, cure))


def _payments_row(laid: Rows, dates: ScheduleDates) -> None:
    """The Periodic Amounts due, one mark a due day with the day's total."""
    verdict = dates.verdict
    if verdict.payments:
        row = laid.add("Payments due")
        due: dict[Date, Decimal] = {}
        for p in verdict.payments:
            due[p.due] = due.get(p.due, Decimal(0)) + p.amount
        for day, amount in sorted(due.items()):
            laid.marks.append(Mark("payment-due", row, "payments", day, f"{amount:,.2f}"))


def _filing_marks(first_row: int, filings: list[Filing], dates: ScheduleDates) -> list[list[Mark]]:
    """Each filing's deadlines and what was done, for the rows from ``first_row`` (added only
    once the plotted days are known)."""
    filing_rows: list[list[Mark]] = []
    for filing in filings:
        row = first_row + len(filing_rows)
        done = _given(
            (filing.filed, "filed"),
            (filing.counsel_copy, "counsel copy"),
            (filing.investor_notice, "notice"),
            (filing.confirmed, "confirmed"),
        )
        filing_rows.append(_row_marks(row, filing.id, dates.deadlines, done))
    return filing_rows


def _plotted_days(
    laid: Rows, filing_rows: list[list[Mark]], others: list[dl.Deadline], dates: ScheduleDates
) -> tuple[Date, Date]:
    """The plotted days: around what happens to suspensions, restrictions and payments; else
    around the filings; else around the registration; with a margin."""
    spans, marks = laid.spans, laid.marks
    focus = [s.first for s in spans] + [s.last for s in spans] + [m.day for m in marks]
    if not focus:
        focus = [m.day for marks_of in filing_rows for m in marks_of]
    if not focus:
        focus = [d.date for d in others] + [dates.scenario.dates.registration_filed]
    first, last = min(focus), max(focus)
    margin = max(dt.timedelta(days=4), (last - first) / 20)
    return first - margin, last + margin


def _filing_and_registration_rows(
    laid: Rows,
    filings: list[Filing],
    filing_rows: list[list[Mark]],
    dates: ScheduleDates,
    first: Date,
    last: Date,
) -> None:
    """The filings' rows and the Registration Statement's, their marks on the plotted days."""
    rows, marks = laid.rows, laid.marks
    scenario_dates = dates.scenario.dates
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


def _notes(
    dates: ScheduleDates, others: list[dl.Deadline], first: Date, last: Date
) -> list[str]:
    """What is said under the picture: the Registration Period and deadlines off the days."""
    period = dates.verdict.timeline.registration_period
    notes: list[str] = []
    if not first <= period.start <= last or not first <= period.end <= last:
        notes.append(f"Registration Period {period.start} to {period.end} ({period.ended_by})")
    hidden = [d for d in others if not first <= d.date <= last]
    if hidden:
        notes.append(
            "Off the plotted days: " + "; ".join(f"{_deadline_text(d)} {d.date}" for d in hidden)
        )
    return notes


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
