"""``rrcheck calendar``: a scenario's deadlines as an iCalendar file of all-day events.

Presentation only: the events are :func:`checks.deadlines.schedule_dates`'s. Each event's UID
is derived from the scenario's name, the event's kind and its subject, so importing the file
again after the schedule changes updates the events rather than adding copies.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import icalendar

from checks.deadlines import Deadline, ScheduleDates

if TYPE_CHECKING:
    from checks.profile_dates import ProfileDates

PRODUCT_ID = "-//rrcheck//Registration Rights Agreement deadlines//EN"
# A fixed namespace: the same scenario, kind and subject give the same UID on every machine.
UID_NAMESPACE = uuid.UUID("5b0f3f5e-8c1a-4f51-9a55-7e2d6a0c4b31")
UID_DOMAIN = "rrcheck"


def event_uid(scenario: str, deadline: Deadline) -> str:
    """Stable across runs and edits of the schedule: scenario name, event kind and subject."""
    key = "\x1f".join((scenario, deadline.kind, deadline.subject))
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@{UID_DOMAIN}"


def description(dates: ScheduleDates | ProfileDates, deadline: Deadline) -> str:
    """The clause cited and quoted, how the date was reached, and the reading in force."""
    reading = ", ".join(f"{k}={v}" for k, v in dates.readings.items())
    lines = [f'Section {deadline.section}: "{deadline.words}"']
    if deadline.detail:
        lines += ["", deadline.detail]
    lines += ["", f"Scenario: {dates.name}. Reading: {reading}."]
    return "\n".join(lines)


def to_ical(dates: ScheduleDates | ProfileDates, stamp: dt.datetime | None = None) -> bytes:
    """The iCalendar text of every deadline, as one all-day event each.

    ``stamp`` is every event's DTSTAMP (the moment the file is made; now, in UTC, unless
    given)."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An x- property is not known to be text, so icalendar would write it as given: say it is,
    # so that ";", "," and "\\" in a scenario's name are escaped as RFC 5545 3.3.11 has it.
    calendar.add("x-wr-calname", icalendar.vText(f"rrcheck: {dates.name}"))
    for deadline in dates.deadlines:
        event = icalendar.Event()
        event.add("uid", event_uid(dates.name, deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)  # a date, not a datetime: VALUE=DATE, all day
        event.add("dtend", deadline.date + dt.timedelta(days=1))  # exclusive, as RFC 5545 has it
        event.add("summary", deadline.summary)
        event.add("description", description(dates, deadline))
        event.add("categories", [deadline.kind])
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def summary_json(dates: ScheduleDates | ProfileDates, output: str) -> dict[str, Any]:
    """What ``rrcheck calendar --format json`` prints: the file written and its events."""
    return {
        "scenario": dates.name,
        "output": output,
        "events": [
            {
                "date": d.date.isoformat(),
                "kind": d.kind,
                "subject": d.subject,
                "section": d.section,
                "summary": d.summary,
                "uid": event_uid(dates.name, d),
            }
            for d in dates.deadlines
        ],
    }


def summary_text(dates: ScheduleDates | ProfileDates, output: str) -> str:
    """What ``rrcheck calendar`` prints: one line per event written."""
    lines = [f"Calendar of {dates.name}: {len(dates.deadlines)} events written to {output}"]
    lines += [f"  {d.date}  {d.summary} (Section {d.section})" for d in dates.deadlines]
    return "\n".join(lines)
