"""Hypothesis strategies: valid random scenarios for the differential and property tests.

Dates are drawn near each other so that rules are broken and met about equally often, and are
often snapped next to a holiday so that counts cross closures at their ends.

Drawing was half the time of the differential tests (docs/performance.md, "The two largest
tests"): hypothesis spends about 40 microseconds on each draw whatever its range, and about
four times that on each nested ``@composite``. So the helpers below are plain functions of
``draw``, and choices that are independent and uniform are read off one integer draw (mixed
radix, :func:`_digits`) instead of one draw each: the same values with the same
probabilities, in about half the draws.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
from typing import Any

from hypothesis import strategies as st

from model.calendars import BusinessCalendar, build_calendar, calendar_coverage
from model.interpretations import TERMS
from model.loading import structure_scenario
from model.scenario import Scenario

DAY = dt.timedelta(days=1)
CALENDAR_NAMES = ("us-federal", "us-banking", "nyse", "weekdays")
LEAP_YEARS = (2004, 2008, 2012, 2016, 2020)
FILING_KINDS = (
    "amendment",
    "prospectus",
    "prospectus-supplement",
    "post-effective-amendment",
    "sec-response",
)
# An act moved onto a weekend: the Saturday nearest it plus one of these.
WEEKEND_MOVES = (-7, -6, 0, 1)
# Hypothesis draws an integer uniformly within 256 of zero (smaller values likelier beyond),
# so one draw holds at most this many equally likely combinations.
UNIFORM_RANGE = 256

_integers = functools.cache(st.integers)


@functools.cache
def _calendar(name: str, year: int) -> tuple[BusinessCalendar, tuple[dt.date, ...]]:
    """The calendar of a scenario effective in ``year`` and its closures in order: built once
    per name and year (the model's own cache of calendars is smaller than the 4 x 25 a run
    draws, and drawing should not evict what the model keeps)."""
    first_year, last_year = calendar_coverage(name)
    calendar = build_calendar(name, max(year - 2, first_year), min(year + 4, last_year))
    return calendar, tuple(sorted(calendar.closures))


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _digits(draw: st.DrawFn, *radices: int) -> list[int]:
    """Independent uniform choices, ``0 <= digit < radix`` each, from one integer draw."""
    combinations = math.prod(radices)
    assert combinations <= UNIFORM_RANGE, radices
    value = draw(_integers(0, combinations - 1))
    digits = []
    for radix in radices:
        value, digit = divmod(value, radix)
        digits.append(digit)
    return digits


def _readings(draw: st.DrawFn) -> dict[str, str]:
    """A reading of every term, every combination equally likely (the nine terms' 512 in
    two draws)."""
    chosen: dict[str, str] = {}
    group: list[Any] = []

    def read(group: list[Any]) -> None:
        digits = _digits(draw, *(len(t.readings) for t in group))
        chosen.update((t.name, t.readings[k]) for t, k in zip(group, digits, strict=True))

    for term in TERMS:
        if math.prod(len(t.readings) for t in group) * len(term.readings) > UNIFORM_RANGE:
            read(group)
            group = []
        group.append(term)
    read(group)
    return chosen


def _dates_near(
    draw: st.DrawFn, anchor: dt.date, low: int, high: int, holidays: tuple[dt.date, ...]
) -> dt.date:
    """A day ``low..high`` days after ``anchor``, or half the time (when there is one) a
    holiday in that range or the day before or after it."""
    day = anchor + draw(_integers(low, high)) * DAY
    first, last = anchor + low * DAY, anchor + high * DAY
    near = holidays[bisect.bisect_left(holidays, first) : bisect.bisect_right(holidays, last)]
    if near:
        # 2 x 3 x len(near) equally likely: the day drawn, or a holiday and a move of -1..1.
        (use, move, which) = _digits(draw, 2, 3, len(near)) if len(near) <= 42 else (0, 0, 0)
        if use:
            day = near[which] + (move - 1) * DAY
    return max(day, first)


def _act_day(day: dt.date, choice: int) -> dt.date:
    """An act's day (a notice, copy, confirmation, delivery or filing) for a ``choice`` of
    0..11: two thirds of the time the day itself, else moved to the Saturday or Sunday
    nearest it, so that the notice-day reading has something to deem."""
    if choice < 8:
        return day
    saturday = day + ((5 - day.weekday()) % 7) * DAY
    return saturday + WEEKEND_MOVES[choice - 8] * DAY


def _act(draw: st.DrawFn, day: dt.date) -> dt.date:
    return _act_day(day, draw(_integers(0, 11)))


def _next_business_day(calendar: BusinessCalendar, day: dt.date) -> dt.date:
    while not calendar.is_business_day(day):
        day += DAY
    return day


@st.composite
def scenarios(
    draw: st.DrawFn, max_suspensions: int = 4, with_money: bool = True, plannable: bool = False
) -> Scenario:
    """A random valid scenario. ``plannable``: at least one suspension, one of them (drawn)
    starting and ending on business days of the library's calendar with an advance notice,
    so that it can be turned into a planned one (tests/model/test_planned_encoding.py); any
    scenario of the strategy that has such a suspension can be drawn so."""
    name_index, leap = _digits(draw, len(CALENDAR_NAMES), 10)
    calendar_name = CALENDAR_NAMES[name_index]
    if leap == 0:
        effective = dt.date(draw(st.sampled_from(LEAP_YEARS)), 2, 29)
    else:
        effective = dt.date(2003, 10, 3) + draw(_integers(0, 6000)) * DAY
    calendar, closures = _calendar(calendar_name, effective.year)
    holidays = closures[bisect.bisect_left(closures, effective) :]

    quarterly = _act(draw, effective - draw(_integers(20, 90)) * DAY)
    rfd = calendar.bd_after(quarterly, 5)
    registration_filed = _act(draw, rfd + draw(_integers(-3, 50 if with_money else 0)) * DAY)
    registration_filed = min(registration_filed, effective)
    clearance, opinion_given = _digits(draw, 12, 2)
    dates: dict[str, Any] = {
        "quarterly_report_filed": _iso(quarterly),
        "registration_filed": _iso(registration_filed),
        "sec_clearance_notice": _iso(effective - (clearance - 3) * DAY),
        "effective": _iso(effective),
    }
    if opinion_given:
        after, act = _digits(draw, 13, 12)
        opinion = _act_day(effective + after * DAY, act)
        dates["transfer_agent_opinion"] = _iso(max(opinion, effective))
    ends_144k, ends_owning, extension = _digits(draw, 4, 5, 5)
    if ends_144k == 0:
        dates["rule_144k"] = _iso(effective + draw(_integers(30, 400)) * DAY)
    if ends_owning == 0:
        dates["no_longer_own"] = _iso(effective + draw(_integers(30, 400)) * DAY)
    dates["warrant_extension"] = extension == 0

    # Suspensions and restrictions one after another, never overlapping.
    lead, near_end = _digits(draw, 16, 6)
    cursor = effective - (lead - 5) * DAY
    if near_end == 0:  # sometimes near the end of the Registration Period
        cursor = effective + (730 - draw(_integers(0, 40))) * DAY
    # Hypothesis favours a draw's smallest value: counted down, so that it favours the most.
    count = max_suspensions - draw(_integers(0, max_suspensions - (1 if plannable else 0)))
    to_plan = draw(_integers(0, count - 1)) if plannable else -1
    suspensions: list[dict[str, Any]] = []
    restrictions: list[dict[str, Any]] = []
    for n in range(count):
        start = _dates_near(draw, cursor, 0, 30, holidays)
        length, kind = _digits(draw, 31, 7)
        end = start + length * DAY
        if n == to_plan:
            start = _next_business_day(calendar, start)
            end = _next_business_day(calendar, max(start, end))
        if kind == 0 and with_money and n != to_plan:
            restrictions.append(
                {"id": f"r{n}", "start": _iso(start), "end": _iso(end), "reason": "stop order"}
            )
        else:
            entry: dict[str, Any] = {"id": f"s{n}", "start": _iso(start), "end": _iso(end)}
            notice, ahead = _digits(draw, 6, 7)
            act, lawful = _digits(draw, 12, 8)
            if notice or n == to_plan:
                entry["advance_notice"] = _iso(_act_day(start - (ahead - 1) * DAY, act))
            if lawful == 0:
                entry["notice_lawful"] = False
            suspensions.append(entry)
        cursor = end + DAY

    document: dict[str, Any] = {
        "scenario": {"name": "random", "calendar": calendar_name},
        "dates": dates,
        "suspensions": suspensions,
        "restrictions": restrictions,
        "interpretation": _readings(draw),
    }
    extra_closure, extra_business_day = _digits(draw, 5, 7)
    weekdays = [h for h in holidays if h.weekday() < 5]
    if weekdays and extra_closure == 0:
        document["scenario"]["extra_closures"] = [_iso(draw(st.sampled_from(weekdays)) + DAY)]
    if extra_business_day == 0:
        saturday = (
            effective + (5 - effective.weekday()) % 7 * DAY + draw(_integers(0, 20)) * 7 * DAY
        )
        document["scenario"]["extra_business_days"] = [_iso(saturday)]
    if with_money:
        investors = []
        for i in range(2 - draw(_integers(0, 2))):
            price = draw(_integers(1000, 5_000_000))
            sold, sale_day = _digits(draw, 2, 126)
            sales = []
            if sold:
                sales.append(
                    {
                        "date": _iso(effective + (sale_day - 5) * DAY),
                        "purchase_price": f"{draw(_integers(1, price))}.00",
                    }
                )
            investors.append(
                {
                    "name": f"Investor {i}",
                    "purchase_price": f"{price}.{draw(_integers(0, 99)):02d}",
                    "sales": sales,
                }
            )
        document["investors"] = investors
        filings = []
        for i in range(2 - draw(_integers(0, 2))):
            near = _dates_near(draw, effective, 10, 200, holidays)
            act, kind = _digits(draw, 12, len(FILING_KINDS))
            filed = _act_day(near, act)
            filing: dict[str, Any] = {
                "id": f"f{i}",
                "kind": FILING_KINDS[kind],
                "filed": _iso(filed),
            }
            for field in ("counsel_copy", "investor_notice"):
                given, before = _digits(draw, 5, 7)
                if given:
                    filing[field] = _iso(_act(draw, filed - before * DAY))
            if "investor_notice" in filing:
                requested, confirmed, after = _digits(draw, 2, 5, 5)
                if requested:
                    notice = dt.date.fromisoformat(filing["investor_notice"])
                    filing["confirmation_requested"] = _iso(notice)
                    if confirmed:
                        filing["confirmed"] = _iso(_act(draw, notice + after * DAY))
            filings.append(filing)
        document["filings"] = filings
    return structure_scenario(document, "random")
