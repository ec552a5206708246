"""Small builders for scenarios in tests: a base file whose registration dates meet every
deadline, to which a test adds what it is about."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from model.loading import structure_scenario
from model.scenario import Scenario

D = dt.date.fromisoformat

# Under a term profile, a filing and a notice each given on a Saturday (READING.md section 1:
# deemed made on the next business day, and shown beside the day given): the filing deadline,
# 30 days from closing Thu 2024-08-01, is Sat 08-31 rolled past Labor Day to Tue 09-03; filed
# Sat 09-07, deemed Mon 09-09. s1's notice on Sat 2025-03-29 is deemed Mon 03-31, its start.
SATURDAYS = """\
[scenario]
name = "A Saturday filing and a Saturday notice"
agreement = "one-per-year-90-days"

[dates]
closing = 2024-08-01
registration_filed = 2024-09-07
effective = 2024-10-01

[[suspensions]]
id = "s1"
advance_notice = 2025-03-29
start = 2025-03-31
end = 2025-04-04
"""

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


# The last weeks of the nyse calendar's coverage (it ends 2027-12-31): ED Tue 2025-12-30, so the
# Registration Period runs to Thu 2027-12-30; every deadline met (RFD bd_after(Fri 2025-11-14, 5)
# = Fri Nov 21; IRED 2025-12-26 + 5 days = Wed Dec 31; 3(k) by bd_after(Dec 30, 5) = 2026-01-07).
END_OF_NYSE: dict[str, Any] = {
    "header": {"calendar": "nyse"},
    "dates": {
        "quarterly_report_filed": "2025-11-14",
        "registration_filed": "2025-11-21",
        "sec_clearance_notice": "2025-12-26",
        "effective": "2025-12-30",
        "transfer_agent_opinion": "2026-01-02",
    },
}


def document(
    *suspensions: dict[str, Any],
    interpretation: dict[str, str] | None = None,
    dates: dict[str, Any] | None = None,
    header: dict[str, Any] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    """The base file with these suspensions and edits, as the dict a TOML or JSON file holds."""
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
    return document


def scenario(*suspensions: dict[str, Any], **edits: Any) -> Scenario:
    """:func:`document`, structured as the loader does."""
    return structure_scenario(document(*suspensions, **edits), "test")
