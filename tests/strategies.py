"""Hypothesis strategies: valid random scenarios for the differential and property tests.

Dates are drawn near each other so that rules are broken and met about equally often, and are
often snapped next to a holiday so that counts cross closures at their ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from model.calendars import build_calendar, calendar_coverage
from model.interpretations import TERMS
from model.loading import structure_scenario
from model.scenario import Scenario

DAY = dt.timedelta(days=1)
CALENDAR_NAMES = ("us-federal", "us-banking", "nyse", "weekdays")


def _iso(d: dt.date) -> str:
    return d.isoformat()


@st.composite
def dates_near(
    draw: st.DrawFn, anchor: dt.date, low: int, high: int, holidays: list[dt.date]
) -> dt.date:
    """A day ``low..high`` days after ``anchor``, or a holiday (+/- a day) in that range."""
    day = anchor + draw(st.integers(low, high)) * DAY
    near = [h for h in holidays if anchor + low * DAY <= h <= anchor + high * DAY]
    if near and draw(st.booleans()):
        day = draw(st.sampled_from(near)) + draw(st.integers(-1, 1)) * DAY
    return max(day, anchor + low * DAY)


@st.composite
def act_day(draw: st.DrawFn, day: dt.date) -> dt.date:
    """An act's day (a notice, copy, confirmation, delivery or filing): often moved to the
    Saturday or Sunday nearest it, so that the notice-day reading has something to deem."""
    if draw(st.integers(0, 2)):
        return day
    saturday = day + ((5 - day.weekday()) % 7) * DAY
    return saturday + draw(st.sampled_from([-7, -6, 0, 1])) * DAY


@st.composite
def scenarios(draw: st.DrawFn, max_suspensions: int = 4, with_money: bool = True) -> Scenario:
    calendar_name = draw(st.sampled_from(CALENDAR_NAMES))
    leap = draw(st.integers(0, 9)) == 0
    if leap:
        effective = dt.date(draw(st.sampled_from([2004, 2008, 2012, 2016, 2020])), 2, 29)
    else:
        effective = dt.date(2003, 10, 3) + draw(st.integers(0, 6000)) * DAY
    year = effective.year
    first_year, last_year = calendar_coverage(calendar_name)
    calendar = build_calendar(calendar_name, max(year - 2, first_year), min(year + 4, last_year))
    holidays = sorted(d for d in calendar.closures if d >= effective)

    quarterly = draw(act_day(effective - draw(st.integers(20, 90)) * DAY))
    rfd = calendar.bd_after(quarterly, 5)
    registration_filed = draw(act_day(rfd + draw(st.integers(-3, 50 if with_money else 0)) * DAY))
    registration_filed = min(registration_filed, effective)
    clearance = effective - draw(st.integers(-3, 8)) * DAY
    dates: dict[str, Any] = {
        "quarterly_report_filed": _iso(quarterly),
        "registration_filed": _iso(registration_filed),
        "sec_clearance_notice": _iso(clearance),
        "effective": _iso(effective),
    }
    if draw(st.booleans()):
        opinion = draw(act_day(effective + draw(st.integers(0, 12)) * DAY))
        dates["transfer_agent_opinion"] = _iso(max(opinion, effective))
    if draw(st.integers(0, 3)) == 0:
        dates["rule_144k"] = _iso(effective + draw(st.integers(30, 400)) * DAY)
    if draw(st.integers(0, 4)) == 0:
        dates["no_longer_own"] = _iso(effective + draw(st.integers(30, 400)) * DAY)
    dates["warrant_extension"] = draw(st.integers(0, 4)) == 0

    # Suspensions and restrictions one after another, never overlapping.
    cursor = effective - draw(st.integers(-5, 10)) * DAY
    if draw(st.integers(0, 5)) == 0:  # sometimes near the end of the Registration Period
        cursor = effective + (730 - draw(st.integers(0, 40))) * DAY
    suspensions: list[dict[str, Any]] = []
    restrictions: list[dict[str, Any]] = []
    for n in range(draw(st.integers(0, max_suspensions))):
        start = draw(dates_near(cursor, 0, 30, holidays))
        end = start + draw(st.integers(0, 30)) * DAY
        if draw(st.integers(0, 6)) == 0 and with_money:
            restrictions.append(
                {"id": f"r{n}", "start": _iso(start), "end": _iso(end), "reason": "stop order"}
            )
        else:
            entry: dict[str, Any] = {"id": f"s{n}", "start": _iso(start), "end": _iso(end)}
            if draw(st.integers(0, 5)):
                entry["advance_notice"] = _iso(
                    draw(act_day(start - draw(st.integers(-1, 5)) * DAY))
                )
            if draw(st.integers(0, 7)) == 0:
                entry["notice_lawful"] = False
            suspensions.append(entry)
        cursor = end + DAY

    document: dict[str, Any] = {
        "scenario": {"name": "random", "calendar": calendar_name},
        "dates": dates,
        "suspensions": suspensions,
        "restrictions": restrictions,
        "interpretation": {t.name: draw(st.sampled_from(t.readings)) for t in TERMS},
    }
    weekdays = [h for h in holidays if h.weekday() < 5]
    if weekdays and draw(st.integers(0, 4)) == 0:
        document["scenario"]["extra_closures"] = [_iso(draw(st.sampled_from(weekdays)) + DAY)]
    if draw(st.integers(0, 6)) == 0:
        saturday = (
            effective + (5 - effective.weekday()) % 7 * DAY + draw(st.integers(0, 20)) * 7 * DAY
        )
        document["scenario"]["extra_business_days"] = [_iso(saturday)]
    if with_money:
        investors = []
        for i in range(draw(st.integers(0, 2))):
            price = draw(st.integers(1000, 5_000_000))
            sales = []
            if draw(st.booleans()):
                sales.append(
                    {
                        "date": _iso(effective + draw(st.integers(-5, 120)) * DAY),
                        "purchase_price": f"{draw(st.integers(1, price))}.00",
                    }
                )
            investors.append(
                {
                    "name": f"Investor {i}",
                    "purchase_price": f"{price}.{draw(st.integers(0, 99)):02d}",
                    "sales": sales,
                }
            )
        document["investors"] = investors
        filings = []
        for i in range(draw(st.integers(0, 2))):
            filed = draw(act_day(draw(dates_near(effective, 10, 200, holidays))))
            filing: dict[str, Any] = {
                "id": f"f{i}",
                "kind": draw(
                    st.sampled_from(
                        [
                            "amendment",
                            "prospectus",
                            "prospectus-supplement",
                            "post-effective-amendment",
                            "sec-response",
                        ]
                    )
                ),
                "filed": _iso(filed),
            }
            for field in ("counsel_copy", "investor_notice"):
                if draw(st.integers(0, 4)):
                    filing[field] = _iso(draw(act_day(filed - draw(st.integers(0, 6)) * DAY)))
            if "investor_notice" in filing and draw(st.booleans()):
                notice = dt.date.fromisoformat(filing["investor_notice"])
                filing["confirmation_requested"] = _iso(notice)
                if draw(st.integers(0, 4)):
                    filing["confirmed"] = _iso(
                        draw(act_day(notice + draw(st.integers(0, 4)) * DAY))
                    )
            filings.append(filing)
        document["filings"] = filings
    return structure_scenario(document, "random")
