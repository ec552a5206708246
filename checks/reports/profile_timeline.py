"""``rrcheck timeline`` under a term profile: what the picture shows, as plain data, in the
shapes of the 2003 timeline (:mod:`checks.reports.timeline_layout`: rows of dated spans and
marks, the days plotted, the notes beneath), drawn by :mod:`checks.reports.timeline_drawing`.

Presentation only: every date is :func:`checks.profile_dates.profile_dates`'s or the verdict's.
A suspension's row shows its allowed days (the profile's own name for them, and its section)
and its restricted days, the gap after it in which no suspension may begin, and the earliest
next start; each count or aggregate limit has a row marking, after each suspension, how much
of it is left.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from checks.deadline_kinds import EFFECTIVENESS_DEADLINE, FILING_DEADLINE, Deadline
from checks.profile_dates import ProfileDates
from checks.reports.timeline_layout import Layout, Mark, Rows, Span, clip
from model.calendars import holiday_names
from model.explain import counted
from model.profile_days import deemed
from model.profile_scenarios import profile_facts
from model.profiles import Span as TermSpan

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

PROFILE_DEADLINE_LABELS: dict[str, str] = {
    FILING_DEADLINE: "filing deadline",
    EFFECTIVENESS_DEADLINE: "effectiveness deadline",
}


def profile_timeline_layout(dates: ProfileDates) -> Layout:
    """Rows, spans and marks of the picture, around the suspensions, restrictions and late
    episodes with a margin (the Registration Period's ends are noted when off the days)."""
    profile, e = dates.profile, dates.verdict.evaluation
    laid = Rows()
    _suspension_rows(laid, dates)
    _restriction_rows(laid, dates)
    _late_rows(laid, dates)
    _window_rows(laid, dates)
    _damages_row(laid, dates)
    others = [d for d in dates.deadlines if d.kind in PROFILE_DEADLINE_LABELS]
    first, last = _plotted_days(laid, others, dates)
    _registration_row(laid, dates, first, last)
    holidays = _closures(dates, first, last)
    trading_closed = any(name.endswith("(no trading)") for _, name in holidays)
    notes = [f"Agreement: {profile.agreement.name} ({profile.id})"]
    start, end = e.registration_period_start, e.registration_period_end
    if not first <= start <= last or not first <= end <= last:
        notes.append(f"Registration Period {start} to {end}")
    hidden = [d for d in others if not first <= d.date <= last]
    if hidden:
        notes.append(
            "Off the plotted days: "
            + "; ".join(f"{PROFILE_DEADLINE_LABELS[d.kind]} {d.date}" for d in hidden)
        )
    notes.append("Reading: " + ", ".join(f"{k}={v}" for k, v in dates.readings.items()))
    return laid.layout(
        dates.name,
        first,
        last,
        holidays,
        (start, end),
        tuple(notes),
        labels=legend_labels(dates)
        + ((("holiday", "Holiday or trading closure: not counted"),) if trading_closed else ()),
    )


def _closures(dates: ProfileDates, first: Date, last: Date) -> tuple[tuple[Date, str], ...]:
    """The business calendar's holidays on the plotted days and, where a limit counts trading
    days, the trading calendar's other closures (a gap of trading days across Good Friday)."""
    years = range(first.year, last.year + 1)
    business = dates.calendars.business
    names = holiday_names(business.name, years)
    found = {day: names.get(day, "closure") for day in business.holidays_between(first, last)}
    if any(limit.unit == "trading-days" for limit in dates.profile.allowance.limits):
        trading = dates.calendars.trading
        trading_names = holiday_names(trading.name, years)
        for day in trading.holidays_between(first, last):
            if day not in found:
                found[day] = f"{trading_names.get(day, 'closure')} (no trading)"
    return tuple(sorted(found.items()))


def legend_labels(dates: ProfileDates) -> tuple[tuple[str, str], ...]:
    """The legend's words for the kinds whose 2003 words name the 2003 agreement's sections."""
    profile = dates.profile
    allowance = profile.allowance
    filing, effective = profile.deadlines.filing, profile.deadlines.effectiveness
    restricted = profile.damages_for("restricted-days")
    damages = f" ({restricted[0].section})" if restricted and restricted[0].section else ""
    notice = next((limit for limit in allowance.limits if limit.kind == "notice"), None)
    notice_section = f" ({notice.section})" if notice is not None and notice.section else ""
    return (
        ("registration-period", "Registration Period" + _in(profile.registration_period.section)),
        ("advance-notice", f"Advance-notice days{notice_section}"),
        ("allowed", f"Allowed days: {allowance.term}" + _in(allowance.section)),
        ("restricted", f"Restricted days: damages accrue{damages}"),
        ("spacing-gap", f"No suspension may begin ({_blocking(dates)})"),
        ("late-filing", "Late filing: after the filing deadline" + _in(_section(filing))),
        (
            "late-effectiveness",
            "Late effectiveness: after the effectiveness deadline" + _in(_section(effective)),
        ),
    )


def _blocking(dates: ProfileDates) -> str:
    """The limits that keep a further start off the days after a suspension (a ``gap``, or a
    ``count`` or ``aggregate`` window left full), each with its section, in the profile's order;
    the ``gap`` limit's where none does (no such days are drawn then)."""
    limits = dates.profile.allowance.limits
    bound = sorted({index for found in dates.next_starts for index in found.bound_by})
    if not bound:
        bound = [i for i, limit in enumerate(limits) if limit.kind == "gap"][:1]
    named = {f"{limits[i].kind}{_after_comma(limits[i].section)}": None for i in bound}
    return "; ".join(named) or "gap"


def _after_comma(section: str) -> str:
    return f", {section}" if section else ""


def _in(section: str) -> str:
    return f" ({section})" if section else ""


def _section(span: TermSpan | None) -> str:
    return "" if span is None else span.section


def _suspension_rows(laid: Rows, dates: ProfileDates) -> None:
    e = dates.verdict.evaluation
    by_kind = {(d.kind, d.subject): d.date for d in dates.deadlines}
    given = {s.id: s for s in dates.scenario.fixed_suspensions}
    nexts = {n.after: n for n in dates.next_starts}
    period = (e.registration_period_start, e.registration_period_end)
    for o in sorted(e.suspensions, key=lambda o: (o.start, o.id)):
        days = (o.end - o.start).days + 1
        row = laid.add(f"{o.id} ({counted(days, 'day')})")
        notice_by = by_kind.get(("advance-notice", o.id))
        if notice_by is not None:
            laid.marks.append(Mark("latest-notice", row, o.id, notice_by))
            advance = given[o.id].advance_notice or notice_by
            if advance < o.start:
                laid.spans.append(Span("advance-notice", row, o.id, advance, o.start - ONE_DAY))
        inside = clip(o.start, o.end, *period)
        if o.outside or inside is None:
            laid.spans.append(Span("outside", row, o.id, o.start, o.end))
            continue
        if o.start < inside[0]:
            laid.spans.append(Span("outside", row, o.id, o.start, inside[0] - ONE_DAY))
        allowed_last = inside[1] if o.restricted_from is None else o.restricted_from - ONE_DAY
        if allowed_last >= inside[0]:
            laid.spans.append(Span("allowed", row, o.id, inside[0], allowed_last))
        if o.restricted_from is not None:
            laid.spans.append(Span("restricted", row, o.id, o.restricted_from, inside[1]))
        if inside[1] < o.end:
            laid.spans.append(Span("outside", row, o.id, inside[1] + ONE_DAY, o.end))
        found = nexts.get(o.id)
        if found is not None:
            if found.last + ONE_DAY < found.earliest:
                laid.spans.append(
                    Span("spacing-gap", row, o.id, found.last + ONE_DAY, found.earliest - ONE_DAY)
                )
            laid.marks.append(Mark("earliest-next", row, o.id, found.earliest))


def _restriction_rows(laid: Rows, dates: ProfileDates) -> None:
    """A row for each restriction that is not a suspension (a stop order), its days inside the
    Registration Period restricted."""
    e = dates.verdict.evaluation
    for r in sorted(dates.scenario.restrictions, key=lambda r: (r.start, r.id)):
        row = laid.add(f"{r.id} (restriction)")
        inside = clip(r.start, r.end, e.registration_period_start, e.registration_period_end)
        if inside is None:
            laid.spans.append(Span("outside", row, r.id, r.start, r.end))
        else:
            laid.spans.append(Span("restricted", row, r.id, *inside))


def _late_rows(laid: Rows, dates: ProfileDates) -> None:
    """Late filing and late effectiveness, from the day after the deadline through the day
    filed (as deemed) or declared effective, as the payments price them."""
    labels = {"late-filing": "Late filing", "late-effectiveness": "Late effectiveness"}
    for late in dates.verdict.late:
        row = laid.add(labels[late.event])
        laid.spans.append(Span(late.event, row, late.subject, late.first, late.done))


def _window_rows(laid: Rows, dates: ProfileDates) -> None:
    """A row per count or aggregate limit: after each suspension, how much of it is left."""
    limits = dates.profile.allowance.limits
    for index, limit in enumerate(limits):
        lefts = [w for w in dates.windows if w.limit == index]
        if limit.kind not in ("count", "aggregate"):
            continue
        unit = "suspensions" if limit.kind == "count" else limit.days_unit.replace("-", " ")
        row = laid.add(f"{limit.kind}: {limit.n} {unit} {limit.measured_in.words()}")
        for w in lefts:
            laid.marks.append(Mark("window-left", row, f"limit-{index}", w.day, f"{w.left} left"))


def _damages_row(laid: Rows, dates: ProfileDates) -> None:
    """The damages, one mark a period's last day with the day's total."""
    payments = dates.verdict.evaluation.payments
    if payments:
        row = laid.add("Damages")
        ends: dict[Date, Decimal] = {}
        for p in payments:
            ends[p.period_end] = ends.get(p.period_end, Decimal(0)) + p.amount
        for day, amount in sorted(ends.items()):
            laid.marks.append(Mark("damages", row, "payments", day, f"{amount:,.2f}"))


def _plotted_days(laid: Rows, others: list[Deadline], dates: ProfileDates) -> tuple[Date, Date]:
    focus = [s.first for s in laid.spans] + [s.last for s in laid.spans]
    focus += [m.day for m in laid.marks]
    if not focus:
        e = dates.verdict.evaluation
        focus = [d.date for d in others] + [e.registration_period_start]
    first, last = min(focus), max(focus)
    margin = max(dt.timedelta(days=4), (last - first) / 20)
    return first - margin, last + margin


def _registration_row(laid: Rows, dates: ProfileDates, first: Date, last: Date) -> None:
    """The registration statement's deadlines beside what was done, on the plotted days."""
    named = dates.scenario.dates.named()
    texts: dict[tuple[str, Date], list[str]] = {}
    for d in dates.deadlines:
        if d.kind in PROFILE_DEADLINE_LABELS:
            texts.setdefault(("deadline", d.date), []).append(PROFILE_DEADLINE_LABELS[d.kind])
    for field, text in (("registration_filed", "filed"), ("effective", "effective")):
        if named.get(field) is not None:
            texts.setdefault(("done", named[field]), []).append(text)
    filed = named.get("registration_filed")
    if filed is not None:  # READING.md section 1: the deemed day beside the day given
        on = deemed(filed, *profile_facts(dates.scenario))
        if on != filed:
            texts.setdefault(("done", on), []).append("filed (deemed)")
    marks = [
        (kind, day, ", ".join(words))
        for (kind, day), words in sorted(texts.items(), key=lambda item: item[0][1])
        if first <= day <= last
    ]
    if marks:
        row = laid.add("Registration statement")
        laid.marks += [Mark(kind, row, "registration", day, text) for kind, day, text in marks]
