"""The benchmark's generated scenarios: planned suspensions of free length over a two-year
Registration Period, other shapes, every reading mattering, many fixed files, a long history."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.loading import structure_scenario
from model.scenario import Scenario

BASE_DATES = {
    "quarterly_report_filed": "2003-08-14",
    "registration_filed": "2003-08-21",
    "sec_clearance_notice": "2003-10-01",
    "effective": "2003-10-03",
    "transfer_agent_opinion": "2003-10-08",
}


def planned_scenario(count: int, window_days: int = 730, max_length: int = 20) -> Scenario:
    """``count`` planned suspensions, each free to start anywhere in its share of the two-year
    Registration Period, 1 to ``max_length`` business days long; one Investor."""
    ed = dt.date(2003, 10, 3)
    share = window_days // count
    suspensions = []
    for i in range(count):
        earliest = ed + dt.timedelta(days=i * share)
        latest = ed + dt.timedelta(days=(i + 1) * share - 1)
        suspensions.append(
            {
                "id": f"p{i + 1}",
                "start": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
                "length": {"min": 1, "max": max_length},
            }
        )
    document = {
        "scenario": {"name": f"{count} planned"},
        "dates": BASE_DATES,
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": suspensions,
    }
    return structure_scenario(document, "benchmark")


def full_window_scenario(
    count: int, investors: int = 1, fixed: bool = False, max_length: int = 20
) -> Scenario:
    """``count`` planned suspensions each free to start anywhere in the whole two-year
    Registration Period (so they may come in any order), 1 to ``max_length`` business days;
    with ``fixed``, a fixed suspension of 10 business days in March 2004 too; Investors after
    the first buy at a higher price and sell part on 1 June 2004."""
    suspensions: list[dict[str, Any]] = []
    if fixed:
        suspensions.append(
            {"id": "f1", "start": "2004-03-01", "end": "2004-03-12", "advance_notice": "2004-02-25"}
        )
    for i in range(count):
        suspensions.append(
            {
                "id": f"p{i + 1}",
                "start": {"earliest": "2003-10-03", "latest": "2005-10-03"},
                "length": {"min": 1, "max": max_length},
            }
        )
    people = [
        {
            "name": f"Investor {k + 1}",
            "purchase_price": f"{1_500_000 + k * 250_000}.00",
            "sales": [{"date": "2004-06-01", "purchase_price": "100000.00"}] if k else [],
        }
        for k in range(investors)
    ]
    document = {
        "scenario": {"name": f"{count} planned, whole period"},
        "dates": BASE_DATES,
        "investors": people,
        "suspensions": suspensions,
    }
    return structure_scenario(document, "benchmark")


SHAPES: dict[str, Callable[[], Scenario]] = {
    "2 planned, whole period": functools.partial(full_window_scenario, 2),
    "3 planned, whole period": functools.partial(full_window_scenario, 3),
    "3 planned, whole period, 1 fixed": functools.partial(full_window_scenario, 3, fixed=True),
    "3 planned, whole period, 3 Investors": functools.partial(full_window_scenario, 3, 3),
    "4 planned, whole period": functools.partial(full_window_scenario, 4),
}


def every_reading_scenario() -> Scenario:
    """Three suspensions on which every one of the nine readings can matter (so the robust
    check can skip none): ED Fri 2008-02-29 (leap-day); a 10-Q filed on a Saturday, a
    Registration Statement filed late, a copy to counsel on a Saturday (notice-day,
    late-filing-cure); s1's notice exactly two business days ahead (lead-time, notice); s2
    starting on the tenth business day after s1 and over-long (spacing, overlength); s3 a third
    (count), after IRED + 90 days (penalty-window); one Investor."""
    document = {
        "scenario": {"name": "every reading can matter"},
        "dates": {
            "quarterly_report_filed": "2008-01-05",
            "registration_filed": "2008-01-25",
            "sec_clearance_notice": "2008-02-20",
            "effective": "2008-02-29",
            "transfer_agent_opinion": "2008-03-01",
        },
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": [
            {
                "id": "s1",
                "advance_notice": "2008-03-10",
                "start": "2008-03-12",
                "end": "2008-03-14",
            },
            {
                "id": "s2",
                "advance_notice": "2008-03-22",
                "start": "2008-03-28",
                "end": "2008-04-18",
            },
            {
                "id": "s3",
                "advance_notice": "2008-05-28",
                "start": "2008-06-02",
                "end": "2008-06-04",
            },
        ],
        "filings": [
            {
                "id": "supp-1",
                "kind": "prospectus-supplement",
                "filed": "2008-03-12",
                "counsel_copy": "2008-03-08",
                "investor_notice": "2008-03-07",
            }
        ],
    }
    return structure_scenario(document, "benchmark")


def thousand_files(folder: Path, count: int = 1000) -> list[str]:
    """``count`` scenario files of two or three fixed suspensions each, varied dates."""
    paths = []
    ed = dt.date(2003, 10, 3)
    for i in range(count):
        start = ed + dt.timedelta(days=7 + (i * 13) % 500)
        suspensions = []
        for k in range(2 + i % 2):
            s = start + dt.timedelta(days=k * (20 + i % 7))
            e = s + dt.timedelta(days=5 + (i + k) % 15)
            suspensions.append(
                {
                    "id": f"s{k}",
                    "advance_notice": (s - dt.timedelta(days=2 + i % 3)).isoformat(),
                    "start": s.isoformat(),
                    "end": e.isoformat(),
                }
            )
        document: dict[str, Any] = {
            "scenario": {"name": f"generated {i}"},
            "dates": BASE_DATES,
            "investors": [{"name": "Investor", "purchase_price": "1000000.00"}],
            "suspensions": suspensions,
        }
        path = folder / f"scenario-{i:04d}.json"
        path.write_text(json.dumps(document))
        paths.append(str(path))
    return paths


def history_document(count: int = 1000) -> dict[str, Any]:
    """A long history: ``count`` one-day suspensions a week apart from Mon 2003-10-06 (the
    first two years inside the Registration Period, the rest after it), one Investor."""
    day = dt.date(2003, 10, 6)
    suspensions = []
    for i in range(count):
        suspensions.append({"id": f"s{i + 1}", "start": day.isoformat(), "end": day.isoformat()})
        day += dt.timedelta(days=7)
    return {
        "scenario": {"name": f"{count} one-day suspensions"},
        "dates": BASE_DATES,
        "investors": [{"name": "Investor", "purchase_price": "1500000.00"}],
        "suspensions": suspensions,
    }
