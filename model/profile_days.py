"""What the profile model (:mod:`model.allowance`) and the profile reference
(:mod:`model.reference.profiles`) share: the facts of a scenario under a term profile, the
outcomes both give, CONTRACT.md's day arithmetic (``d + n days``, ``bd_after``, monthly
anniversaries, ``notice-day``), the Registration Period, and the money: the deadlines' events,
episodes cut into periods, priced at ``rate x base`` in Decimal and capped. The allowance (which
days are allowed, which restricted) is read twice, independently; the money is read once, here,
from the restricted runs either gives.
"""

from __future__ import annotations

import calendar as month_lengths
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs

from model.calendars import BusinessCalendar
from model.profiles import Period, Span, TermProfile
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


def calendar_of(unit: str, calendars: Calendars) -> BusinessCalendar | None:
    """The calendar whose days are the unit's days; None for calendar days."""
    return {"business-days": calendars.business, "trading-days": calendars.trading}.get(unit)


def counts_as(unit: str, day: Date, calendars: Calendars) -> bool:
    """Whether ``day`` is a day of ``unit``."""
    counted = calendar_of(unit, calendars)
    return counted is None or counted.is_business_day(day)


def units_after(day: Date, n: int, unit: str, calendars: Calendars) -> Date:
    """``d + n days`` or ``bd_after(d, n)`` on the unit's calendar."""
    counted = calendar_of(unit, calendars)
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

    runs = unpriced_runs(episodes)

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


def unpriced_runs(
    episodes: Sequence[tuple[str, str, Date, Date]],
) -> list[tuple[str, str, Date, Date]]:
    """Each day priced once, by the first episode (in the order given) that holds it: what is
    left of each episode. The episodes come in order of first day, so the days the earlier
    ones hold from an episode's first day on are [that day, the latest last day so far]: what
    is left of it is one run, or none."""
    runs: list[tuple[str, str, Date, Date]] = []
    priced_through: Date | None = None
    for event, subject, first, last in episodes:
        if priced_through is not None and first <= priced_through:
            first = priced_through + ONE_DAY
        if first <= last:
            runs.append((event, subject, first, last))
            priced_through = last
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
