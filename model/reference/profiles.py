"""The reference reading of a term profile (CONTRACT.md "Term profiles"), in plain Python.

No solver and nothing of the Z3 model: every window is enumerated, every day walked. This is
the twin the profile model is compared with, so it is written for obviousness, not speed; the
Z3 model may take short cuts (a window starting at each suspension's first day, counts instead
of dates) only where it is shown to agree with this.

What it reads, in CONTRACT.md's words:
- the Registration Period runs from ``effective`` through the earliest of the profile's
  ``ends`` and the scenario's ``rule_144k`` and ``no_longer_own``; a suspension's days outside
  it are not suspension days, a suspension with none left is outside, one with some is judged
  as if it started on the first of them;
- suspensions are judged in order of start, each against what is allowed of the earlier ones;
- a suspension breaking ``count``, ``gap`` or ``notice`` is restricted on every day; for
  ``length`` and ``aggregate`` its days are allowed while every limit still holds with them,
  and from the first day that would break one, ``days-beyond`` restricts it and ``whole``
  restricts the whole suspension;
- each event (late filing, late effectiveness, restricted days) is an episode cut into periods
  from its Event Date and priced at ``rate x base`` per period, rounded to the cent half up;
  no day is priced twice; the cap cuts each Investor's rows in order.
"""

from __future__ import annotations

import calendar as month_lengths
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs

from model.calendars import BusinessCalendar
from model.profiles import Limit, Period, Span, TermProfile, Window
from model.scenario import Investor, Restriction, Suspension

Date = dt.date
ONE_DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")


@attrs.frozen
class ProfileFacts:
    """What a scenario under a profile gives: its dates by name (``effective``, ``closing``,
    ``registration_filed``, ``rule_144k``, ``no_longer_own``, ...), its suspensions, other
    restrictions and Investors, and the READING.md section 1 and 7 readings that apply."""

    dates: Mapping[str, Date]
    suspensions: tuple[Suspension, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    investors: tuple[Investor, ...] = ()
    notice_day: str = "next-business-day"
    lead_time: str = "nth-business-day"


@attrs.frozen
class Calendars:
    business: BusinessCalendar
    trading: BusinessCalendar


@attrs.frozen
class LimitBreach:
    rule: str  # allowance.count | allowance.length | ...
    subject: str
    section: str
    limit: int  # the limit's position in the profile's [[allowance.limits]]
    message: str


@attrs.frozen
class SuspensionOutcome:
    id: str
    start: Date
    end: Date
    outside: bool
    judged_from: Date | None  # the first day inside the Registration Period
    restricted_from: Date | None  # the first restricted day, or None
    permitted: bool  # any day allowed


@attrs.frozen
class Payment:
    investor: str
    trigger: str  # the event
    subject: str  # registration, or the suspension's or restriction's id
    restricted_sale_date: Date  # the episode's Event Date
    period_end: Date  # the period's last day
    days: int
    base: Decimal
    amount: Decimal


@attrs.frozen
class ProfileEvaluation:
    registration_period_start: Date
    registration_period_end: Date
    filing_deadline: Date | None
    effectiveness_deadline: Date | None
    suspensions: tuple[SuspensionOutcome, ...]
    violations: tuple[LimitBreach, ...]
    payments: tuple[Payment, ...]

    @property
    def total_payments(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    @property
    def compliant(self) -> bool:
        return not self.violations


# -- day arithmetic ------------------------------------------------------------------------------


def add_months(day: Date, months: int) -> Date:
    """The same day ``months`` months on; a missing day becomes the month's last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return Date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


def _calendar_of(unit: str, calendars: Calendars) -> BusinessCalendar | None:
    return {"business-days": calendars.business, "trading-days": calendars.trading}.get(unit)


def counts_as(unit: str, day: Date, calendars: Calendars) -> bool:
    """Whether ``day`` is a day of ``unit``."""
    counted = _calendar_of(unit, calendars)
    return counted is None or counted.is_business_day(day)


def units_after(day: Date, n: int, unit: str, calendars: Calendars) -> Date:
    """``d + n days`` or ``bd_after(d, n)`` on the unit's calendar."""
    counted = _calendar_of(unit, calendars)
    if counted is None:
        return day + dt.timedelta(days=n)
    return counted.bd_after(day, n)


def span_end(anchor: Date, span: Span, calendars: Calendars) -> Date:
    if span.unit == "years":
        end = add_months(anchor, 12 * span.n)
    elif span.unit == "months":
        end = add_months(anchor, span.n)
    else:
        end = units_after(anchor, span.n, span.unit, calendars)
    if span.roll == "next-business-day":
        while not calendars.business.is_business_day(end):
            end += ONE_DAY
    return end


def deemed(day: Date, facts: ProfileFacts, calendars: Calendars) -> Date:
    """READING.md section 1: an act on a non-business day is deemed made on the next one."""
    if facts.notice_day == "as-given":
        return day
    while not calendars.business.is_business_day(day):
        day += ONE_DAY
    return day


def days_between(first: Date, last: Date) -> list[Date]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


# -- windows: every window that holds a day, enumerated -----------------------------------------


def windows_holding(
    day: Date, window: Window, period: tuple[Date, Date]
) -> list[tuple[Date, Date]]:
    """Every window of this kind (first day, last day) that contains ``day``."""
    if window.kind == "registration-period":
        return [period]
    if window.kind == "calendar-year":
        return [(Date(day.year, 1, 1), Date(day.year, 12, 31))]
    assert window.n is not None
    if window.kind == "days":
        return [
            (
                day - dt.timedelta(days=back),
                day - dt.timedelta(days=back) + dt.timedelta(days=window.n - 1),
            )
            for back in range(window.n)
        ]
    # { months = N }: from a day to the day before the same day N months on.
    found = []
    first = add_months(day, -window.n) - ONE_DAY
    while first <= day:
        last = add_months(first, window.n) - ONE_DAY
        if first <= day <= last:
            found.append((first, last))
        first += ONE_DAY
    return found


# -- the allowance ------------------------------------------------------------------------------


def evaluate_profile(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> ProfileEvaluation:
    if profile.agreement.mechanics is not None:
        # The 2003 agreement's Computation Dates, due dates and readings are its own: the
        # reference of READING.md (model/reference/) reads them.
        raise ValueError(f"{profile.id} has mechanics of its own ({profile.agreement.mechanics})")
    period = registration_period(profile, facts, calendars)
    effective, period_end = period

    allowed_days: set[Date] = set()  # allowed days of the suspensions judged so far
    counted_starts: list[Date] = []  # judged starts of earlier suspensions with an allowed day
    outcomes: list[SuspensionOutcome] = []
    breaches: list[LimitBreach] = []
    restricted_runs: list[tuple[str, Date, Date]] = []
    preceding_last: Date | None = None

    for suspension in sorted(facts.suspensions, key=lambda s: (s.start, s.end)):
        first, last = max(suspension.start, effective), min(suspension.end, period_end)
        if first > last:
            outcomes.append(
                SuspensionOutcome(
                    suspension.id, suspension.start, suspension.end, True, None, None, False
                )
            )
            continue
        judging = Judging(
            suspension,
            first,
            preceding_last,
            tuple(counted_starts),
            frozenset(allowed_days),
            period,
            facts,
            calendars,
        )
        broken: list[LimitBreach] = []
        for index, limit in enumerate(profile.allowance.limits):
            message = _whole_suspension_breach(limit, judging)
            if message:
                broken.append(
                    LimitBreach(
                        f"allowance.{limit.kind}", suspension.id, limit.section, index, message
                    )
                )
        restricted_from: Date | None = first if broken else None
        if not broken:
            past, index, message = _first_day_past(profile, judging, last)
            if past is not None:
                limit = profile.allowance.limits[index]
                broken.append(
                    LimitBreach(
                        f"allowance.{limit.kind}", suspension.id, limit.section, index, message
                    )
                )
                restricted_from = first if profile.allowance.excess == "whole" else past
        allowed_end = last if restricted_from is None else restricted_from - ONE_DAY
        allowed_days.update(days_between(first, allowed_end) if allowed_end >= first else [])
        permitted = restricted_from is None or restricted_from > first
        if permitted:
            counted_starts.append(first)
        if restricted_from is not None:
            restricted_runs.append((suspension.id, restricted_from, last))
        outcomes.append(
            SuspensionOutcome(
                suspension.id,
                suspension.start,
                suspension.end,
                False,
                first,
                restricted_from,
                permitted,
            )
        )
        breaches.extend(broken)
        preceding_last = last

    for restriction in facts.restrictions:
        first, last = max(restriction.start, effective), min(restriction.end, period_end)
        if first <= last:
            restricted_runs.append((restriction.id, first, last))

    deadlines = profile_deadlines(profile, facts, calendars)
    payments = profile_payments(profile, facts, calendars, deadlines, restricted_runs)
    return ProfileEvaluation(
        effective,
        period_end,
        deadlines[0],
        deadlines[1],
        tuple(outcomes),
        tuple(breaches),
        payments,
    )


def registration_period(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> tuple[Date, Date]:
    """From ``effective`` through the earliest of ``ends`` and ``rule_144k``/``no_longer_own``."""
    effective = facts.dates["effective"]
    period_end = span_end(effective, profile.registration_period.ends, calendars)
    for cut_off in ("rule_144k", "no_longer_own"):
        if facts.dates.get(cut_off) is not None:
            period_end = min(period_end, facts.dates[cut_off])
    return effective, period_end


@attrs.frozen
class Judging:
    """What a limit reads of the suspension being judged and of those judged before it."""

    suspension: Suspension
    first: Date  # its first day inside the Registration Period
    preceding_last: Date | None  # the last day of the immediately preceding suspension
    counted_starts: Sequence[Date]  # judged starts of earlier suspensions with an allowed day
    allowed_days: frozenset[Date]  # allowed days of the earlier suspensions
    period: tuple[Date, Date]
    facts: ProfileFacts
    calendars: Calendars


def gap_breach(limit: Limit, j: Judging) -> str | None:
    """``gap``: a suspension begins at least n units after the last day of the preceding one."""
    if j.preceding_last is None:
        return None
    earliest = units_after(j.preceding_last, limit.n, limit.days_unit, j.calendars)
    if j.first < earliest:
        return (
            f"begins {j.first}; the preceding suspension's last day was {j.preceding_last}, "
            f"so the earliest allowed start is {earliest}"
        )
    return None


def notice_breach(limit: Limit, j: Judging) -> str | None:
    """``notice``: advance notice at least n units before the start (READING.md lead-time)."""
    if limit.unless_unlawful and not j.suspension.notice_lawful:
        return None
    n = limit.n + (1 if j.facts.lead_time == "clear-business-days" else 0)
    if j.suspension.advance_notice is None:
        return f"no advance notice was given; {limit.n} {limit.days_unit} are required"
    given = deemed(j.suspension.advance_notice, j.facts, j.calendars)
    earliest = units_after(given, n, limit.days_unit, j.calendars)
    if j.first < earliest:
        return f"notice {given} allows a start no earlier than {earliest}; it began {j.first}"
    return None


def count_breach(limit: Limit, j: Judging) -> str | None:
    """``count``: at most n suspensions begin in any window (every window holding the start)."""
    for window_first, window_last in windows_holding(j.first, limit.measured_in, j.period):
        inside = [s for s in j.counted_starts if window_first <= s <= window_last]
        if len(inside) + 1 > limit.n:
            return (
                f"begins {j.first}, with {len(inside)} earlier suspension(s) in the window "
                f"{window_first} to {window_last}; at most {limit.n} are allowed"
            )
    return None


def length_past(limit: Limit, j: Judging, day: Date) -> str | None:
    """``length``: no suspension longer than n units, its days [first, day] counted."""
    unit = limit.days_unit
    length = sum(1 for d in days_between(j.first, day) if counts_as(unit, d, j.calendars))
    if length > limit.n:
        nth = f"{limit.n + 1}th {unit.removesuffix('s')}"
        return f"its {nth} is {day}; at most {limit.n} are allowed"
    return None


def aggregate_past(limit: Limit, j: Judging, day: Date) -> str | None:
    """``aggregate``: at most n suspended units in every window holding ``day``, the earlier
    suspensions' allowed days and this one's [first, day] together."""
    unit = limit.days_unit
    if not counts_as(unit, day, j.calendars):
        return None
    own = set(days_between(j.first, day))
    counted = [d for d in j.allowed_days | own if counts_as(unit, d, j.calendars)]
    for window_first, window_last in windows_holding(day, limit.measured_in, j.period):
        total = sum(1 for d in counted if window_first <= d <= window_last)
        if total > limit.n:
            return (
                f"{day} would be suspended day {total} in the window "
                f"{window_first} to {window_last}; at most {limit.n} are allowed"
            )
    return None


@attrs.frozen
class ReferenceRule:
    """One kind of limit, in the shape of the model's rows (model.allowance.ALLOWANCE_RULES):
    a breach of ``whole`` restricts every day; ``past`` finds the first day past the limit."""

    id: str
    kind: str
    restricts_whole: bool
    whole: Callable[[Limit, Judging], str | None] | None = None
    past: Callable[[Limit, Judging, Date], str | None] | None = None


REFERENCE_RULES: tuple[ReferenceRule, ...] = (
    ReferenceRule("allowance.count", "count", True, whole=count_breach),
    ReferenceRule("allowance.length", "length", False, past=length_past),
    ReferenceRule("allowance.aggregate", "aggregate", False, past=aggregate_past),
    ReferenceRule("allowance.gap", "gap", True, whole=gap_breach),
    ReferenceRule("allowance.notice", "notice", True, whole=notice_breach),
)
REFERENCE_RULE_OF_KIND = {rule.kind: rule for rule in REFERENCE_RULES}


def _whole_suspension_breach(limit: Limit, j: Judging) -> str | None:
    """Why a count, gap or notice limit is broken (restricting every day), or None."""
    rule = REFERENCE_RULE_OF_KIND[limit.kind]
    return None if rule.whole is None else rule.whole(limit, j)


def _first_day_past(profile: TermProfile, j: Judging, last: Date) -> tuple[Date | None, int, str]:
    """The first day of [first, last] that would break a length or aggregate limit."""
    for day in days_between(j.first, last):
        for index, limit in enumerate(profile.allowance.limits):
            rule = REFERENCE_RULE_OF_KIND[limit.kind]
            message = None if rule.past is None else rule.past(limit, j, day)
            if message:
                return day, index, message
    return None, -1, ""


# -- damages ------------------------------------------------------------------------------------


def profile_deadlines(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> tuple[Date | None, Date | None]:
    found: list[Date | None] = []
    for span in (profile.deadlines.filing, profile.deadlines.effectiveness):
        found.append(None if span is None else span_end(facts.dates[span.after], span, calendars))
    return found[0], found[1]


def profile_payments(
    profile: TermProfile,
    facts: ProfileFacts,
    calendars: Calendars,
    deadlines: tuple[Date | None, Date | None],
    restricted_runs: Sequence[tuple[str, Date, Date]],
) -> tuple[Payment, ...]:
    order = {d.event: i for i, d in enumerate(profile.damages)}
    episodes: list[tuple[str, str, Date, Date]] = []  # event, subject, first, last
    filing_deadline, effectiveness_deadline = deadlines
    if filing_deadline is not None and "registration_filed" in facts.dates:
        filed = deemed(facts.dates["registration_filed"], facts, calendars)
        if filed > filing_deadline:
            episodes.append(("late-filing", "registration", filing_deadline + ONE_DAY, filed))
    if effectiveness_deadline is not None and facts.dates["effective"] > effectiveness_deadline:
        episodes.append(
            (
                "late-effectiveness",
                "registration",
                effectiveness_deadline + ONE_DAY,
                facts.dates["effective"],
            )
        )
    episodes += [
        ("restricted-days", subject, first, last) for subject, first, last in restricted_runs
    ]
    episodes = [e for e in episodes if e[0] in order]
    episodes.sort(key=lambda e: (e[2], order[e[0]]))

    priced: set[Date] = set()
    runs: list[tuple[str, str, Date, Date]] = []
    for event, subject, first, last in episodes:
        left = [d for d in days_between(first, last) if d not in priced]
        priced.update(left)
        for run_first, run_last in _runs(left):
            runs.append((event, subject, run_first, run_last))

    rows: list[tuple[Date, int, Payment]] = []
    for investor in facts.investors:
        for event, subject, first, last in runs:
            damages = profile.damages[order[event]]
            base = investor.purchase_price
            if damages.base == "held-shares-value":
                base -= sum(
                    (s.purchase_price for s in investor.sales if s.date < first), Decimal(0)
                )
            for period_first, period_last, share in _periods(first, last, damages.period):
                amount = (damages.rate * base * share).quantize(CENT, rounding=ROUND_HALF_UP)
                payment = Payment(
                    investor.name,
                    event,
                    subject,
                    first,
                    period_last,
                    (period_last - period_first).days + 1,
                    base,
                    amount,
                )
                rows.append((period_last, order[event], payment))
    rows.sort(key=lambda r: (r[2].investor, r[0], r[1]))
    if profile.damages_cap is not None:
        return _capped(rows, facts.investors, profile.damages_cap.fraction)
    return tuple(row for _, _, row in rows)


def _runs(days: Sequence[Date]) -> list[tuple[Date, Date]]:
    runs: list[tuple[Date, Date]] = []
    for day in days:
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _periods(first: Date, last: Date, period: Period) -> list[tuple[Date, Date, Decimal]]:
    """The periods of an episode and each one's share of ``rate x base``."""
    found: list[tuple[Date, Date, Decimal]] = []
    k = 0
    while True:
        if period.days is not None:
            start = first + dt.timedelta(days=k * period.days)
            full_end = start + dt.timedelta(days=period.days - 1)
        else:
            assert period.months is not None
            start = add_months(first, k * period.months)
            full_end = add_months(first, (k + 1) * period.months) - ONE_DAY
        if start > last:
            return found
        end = min(full_end, last)
        share = Decimal((end - start).days + 1) / Decimal((full_end - start).days + 1)
        found.append((start, end, share))
        k += 1


def _capped(
    rows: Sequence[tuple[Date, int, Payment]], investors: Sequence[Investor], fraction: Decimal
) -> tuple[Payment, ...]:
    caps = {
        i.name: (fraction * i.purchase_price).quantize(CENT, rounding=ROUND_DOWN) for i in investors
    }
    paid: dict[str, Decimal] = {}
    kept: list[Payment] = []
    for _, _, row in rows:
        room = caps[row.investor] - paid.get(row.investor, Decimal(0))
        amount = min(row.amount, max(room, Decimal(0)))
        if amount <= 0:
            continue
        paid[row.investor] = paid.get(row.investor, Decimal(0)) + amount
        kept.append(attrs.evolve(row, amount=amount))
    return tuple(kept)
