"""Small builders for scenarios in tests: a base file whose registration dates meet every
deadline, to which a test adds what it is about."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from model.loading import structure_scenario
from model.scenario import Scenario

D = dt.date.fromisoformat

# quarterly report Thu 2003-08-14 -> RFD 2003-08-21 (bd_after 5: Aug 15, 18, 19, 20, 21);
# SEC notice 2003-10-01 -> IRED 2003-10-06; effective Fri 2003-10-03; opinion 2003-10-08
# (bd_after(2003-10-03, 5) = Oct 6, 7, 8, 9, 10 -> 2003-10-10).
BASE: dict[str, Any] = {
    "scenario": {"name": "test"},
    "dates": {
        "quarterly_report_filed": "2003-08-14",
        "registration_filed": "2003-08-21",
        "sec_clearance_notice": "2003-10-01",
        "effective": "2003-10-03",
        "transfer_agent_opinion": "2003-10-08",
    },
}


def suspension(
    id: str, start: str, end: str, notice: str | None = None, lawful: bool = True
) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": id, "start": start, "end": end, "notice_lawful": lawful}
    if notice is not None:
        entry["advance_notice"] = notice
    return entry


def scenario(
    *suspensions: dict[str, Any],
    interpretation: dict[str, str] | None = None,
    dates: dict[str, Any] | None = None,
    header: dict[str, Any] | None = None,
    **sections: Any,
) -> Scenario:
    document = copy.deepcopy(BASE)
    document["suspensions"] = list(suspensions)
    if interpretation:
        document["interpretation"] = interpretation
    if dates:
        document["dates"].update(dates)
        document["dates"] = {k: v for k, v in document["dates"].items() if v is not None}
    if header:
        document["scenario"].update(header)
    document.update(sections)
    return structure_scenario(document, "test")
