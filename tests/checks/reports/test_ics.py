"""``rrcheck calendar``: the iCalendar file, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from checks import deadlines as dl
from checks.cli import main
from checks.deadlines import schedule_dates
from checks.reports.ics import event_uid, to_ical
from model.loading import load_scenario
from model.rules import RULES_BY_ID

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
MIN_GAP = SCENARIOS / "3h-min-gap-ninth-business-day-broken.toml"
PLANNED = SCENARIOS / "plan-find-latest-start-before-fixed-suspension.toml"
STAMP = dt.datetime(2004, 1, 1, 12, 0, tzinfo=dt.UTC)


def events(content: bytes) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def category(event: icalendar.Component) -> str:
    value = event["categories"].to_ical()
    return value.decode() if isinstance(value, bytes) else str(value)


def test_every_deadline_is_an_all_day_event_on_its_date() -> None:
    dates = schedule_dates(load_scenario(MIN_GAP))
    parsed = events(to_ical(dates, STAMP))
    assert len(parsed) == len(dates.deadlines)
    for event, deadline in zip(parsed, dates.deadlines, strict=True):
        start = event.decoded("dtstart")
        assert type(start) is dt.date  # a DATE value: all day, not a datetime
        assert start == deadline.date
        assert event["dtstart"].params.get("VALUE") == "DATE"
        assert event.decoded("dtend") == deadline.date + dt.timedelta(days=1)
        assert event.decoded("dtstamp") == STAMP
        assert str(event["summary"]) == deadline.summary
        assert str(event["uid"]) == event_uid(dates.name, deadline)


def test_the_advance_notice_event_names_the_act_cites_the_section_and_quotes_the_words() -> None:
    # s2 starts Mon 2004-02-02: notice by Thu 2004-01-29 (Jan 30 (1), Jan 29 (2)).
    parsed = events(to_ical(schedule_dates(load_scenario(MIN_GAP)), STAMP))
    (event,) = [
        e
        for e in parsed
        if e.decoded("dtstart") == dt.date(2004, 1, 29) and "s2" in str(e["summary"])
    ]
    assert "advance notice" in str(event["summary"])
    description = str(event["description"])
    rule = RULES_BY_ID["suspension.notice"]
    assert f'Section {rule.section}: "{rule.words}"' in description
    assert "two (2) business days' notice" in description


def test_uids_are_stable_and_distinct_so_a_reimport_updates() -> None:
    scenario = load_scenario(MIN_GAP)
    once = [str(e["uid"]) for e in events(to_ical(schedule_dates(scenario), STAMP))]
    again = [str(e["uid"]) for e in events(to_ical(schedule_dates(scenario)))]
    assert once == again
    assert len(set(once)) == len(once)


def test_the_uid_follows_scenario_kind_and_subject_not_the_date() -> None:
    deadline = schedule_dates(load_scenario(MIN_GAP)).deadlines[3]
    moved = dl.Deadline(
        deadline.date + dt.timedelta(days=7),
        deadline.kind,
        deadline.subject,
        deadline.section,
        deadline.words,
        deadline.summary,
    )
    assert event_uid("a", deadline) == event_uid("a", moved)
    assert event_uid("a", deadline) != event_uid("b", deadline)


@pytest.mark.parametrize("command", ["calendar", "timeline"])
def test_a_planned_file_is_refused_pointing_to_find_write(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A planned window's edges are no days to act on: the earliest start of p1's window,
    # 2004-01-05, is a fine start, but its latest, 2004-02-27, would make s2 break min-gap.
    out = tmp_path / ("deadlines.ics" if command == "calendar" else "picture.svg")
    assert main([command, str(PLANNED), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "suspensions[0]: planned suspension 'p1'" in err
    assert f"rrcheck find {PLANNED} --earliest-start p1 --write FIXED.toml" in err
    assert not out.exists()


def test_find_write_then_calendar_and_timeline_show_the_chosen_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # find --latest-start p1: 2004-02-09 to 2004-02-13, notice by 2004-02-05 (Feb 6, 5).
    fixed = tmp_path / "fixed.toml"
    assert main(["find", str(PLANNED), "--latest-start", "p1", "--write", str(fixed)]) == 0
    capsys.readouterr()
    out = tmp_path / "deadlines.ics"
    assert main(["calendar", str(fixed), "-o", str(out)]) == 0
    days = {(e.decoded("dtstart"), category(e)) for e in events(out.read_bytes())}
    assert (dt.date(2004, 2, 5), dl.ADVANCE_NOTICE) in days
    assert (dt.date(2004, 2, 9), dl.SUSPENSION_START) in days
    assert (dt.date(2004, 2, 13), dl.SUSPENSION_END) in days
    # No event for a window edge, which would break the spacing rule.
    assert not any(d == dt.date(2004, 2, 25) for d, _ in days)
    capsys.readouterr()
    picture = tmp_path / "picture.svg"
    assert main(["timeline", str(fixed), "-o", str(picture)]) == 0
    assert picture.stat().st_size > 0
    from checks.reports.timeline_layout import timeline_layout

    spans = timeline_layout(schedule_dates(load_scenario(fixed))).spans
    kinds = {s.kind: (s.first, s.last) for s in spans if s.subject == "p1"}
    assert kinds["permitted"] == (dt.date(2004, 2, 9), dt.date(2004, 2, 13))
    assert not any(s.kind.startswith("planned") for s in spans)


def test_calendar_json_lists_the_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "deadlines.ics"
    assert main(["calendar", str(MIN_GAP), "-o", str(out), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["output"] == str(out)
    assert [e["uid"] for e in payload["events"]] == [
        str(e["uid"]) for e in events(out.read_bytes())
    ]


def test_an_unwritable_output_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "deadlines.ics"
    assert main(["calendar", str(MIN_GAP), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "cannot write" in err


def test_bad_input_exits_2_naming_the_file_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MIN_GAP.read_text().replace("end = 2004-01-20", "ende = 2004-01-20"))
    assert main(["calendar", str(bad), "-o", str(tmp_path / "x.ics")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "suspensions[0].ende" in err
    assert not (tmp_path / "x.ics").exists()


def test_output_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", str(MIN_GAP)]) == 2
    assert "-o" in capsys.readouterr().err


def test_the_calendar_name_escapes_semicolons_commas_and_backslashes() -> None:
    # RFC 5545 3.3.11: in TEXT, "\\", ";" and "," are written "\\\\", "\\;" and "\\,".
    from tests import builders

    scenario = builders.scenario(header={"name": "Deal A; B, C\\D"})
    text = to_ical(schedule_dates(scenario), stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    (line,) = [x for x in text.decode().split("\r\n") if x.startswith("X-WR-CALNAME")]
    assert line == "X-WR-CALNAME:rrcheck: Deal A\\; B\\, C\\\\D"
