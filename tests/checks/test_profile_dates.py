"""``rrcheck calendar`` under a term profile (checks/profile_dates.py): every date worked by hand
on the bundled boundary scenarios, and tied to the profile's verdict: a suspension on the
earliest next start is allowed and one a day earlier is not; a suspension of exactly the days
a window leaves is allowed whole and one a day longer is restricted on its last day; notice on
the last notice day keeps the limit and a business day later breaks it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import icalendar
import pytest

from checks import cli
from checks import deadline_kinds as dk
from checks.allowance import validate_profile
from checks.profile_dates import ProfileDates, profile_dates
from checks.reports.ics import event_uid, to_ical
from model.loading import load_any_scenario
from model.scenario import ProfileScenario, Suspension

PROFILES = Path(__file__).resolve().parents[2] / "scenarios" / "profiles"
D = dt.date.fromisoformat
GAP = PROFILES / "gap-10-trading-days-across-good-friday-broken.toml"
AGGREGATE = PROFILES / "aggregate-60-in-12-months-one-day-over-broken.toml"
NOTICE = PROFILES / "one-per-year-notice-broken.toml"


def loaded(path: Path) -> ProfileScenario:
    scenario = load_any_scenario(str(path))
    assert isinstance(scenario, ProfileScenario)
    return scenario


def listed(dates: ProfileDates) -> list[tuple[str, str, str]]:
    return [(d.date.isoformat(), d.kind, d.subject) for d in dates.deadlines]


def with_suspension(scenario: ProfileScenario, s: Suspension) -> ProfileScenario:
    return attrs.evolve(scenario, suspensions=(*scenario.suspensions, s))


def restricted_from(scenario: ProfileScenario, sid: str) -> dt.date | None:
    outcome = next(o for o in validate_profile(scenario).evaluation.suspensions if o.id == sid)
    return outcome.restricted_from


def test_every_date_of_the_gap_scenario_worked_by_hand() -> None:
    # twenty-each-fifty-in-12-months-gap-10-trading-days; closing 2024-01-02: filing deadline
    # 2024-01-02 + 30 = Thu 2024-02-01, effectiveness deadline + 90 = Mon 2024-04-01.
    # s1 Mon 03-11..Thu 03-21 (11 days, allowed): 50 - 11 = 39 calendar days left on 03-22.
    # Gap: 10 NYSE trading days after 03-21, Good Friday 03-29 closed: 22, 25, 26, 27, 28,
    #   Apr 1, 2, 3, 4, 5 -> 2024-04-05 (s2 began 04-04: restricted whole, no allowed day).
    # After s2 (04-04..04-08): still 39 left; gap 9, 10, 11, 12, 15, 16, 17, 18, 19, 22 -> 04-22.
    # Registration Period 2024-03-01 + 2 years -> 2026-03-01.
    dates = profile_dates(loaded(GAP))
    assert listed(dates) == [
        ("2024-02-01", dk.FILING_DEADLINE, "registration"),
        ("2024-03-11", dk.SUSPENSION_START, "s1"),
        ("2024-03-21", dk.SUSPENSION_END, "s1"),
        ("2024-03-22", dk.ALLOWANCE_LEFT, "s1, limit 2"),
        ("2024-04-01", dk.EFFECTIVENESS_DEADLINE, "registration"),
        ("2024-04-04", dk.SUSPENSION_START, "s2"),
        ("2024-04-04", dk.RESTRICTED_FROM, "s2"),
        ("2024-04-05", dk.EARLIEST_NEXT_SUSPENSION, "s1"),
        ("2024-04-08", dk.SUSPENSION_END, "s2"),
        ("2024-04-09", dk.ALLOWANCE_LEFT, "s2, limit 2"),
        ("2024-04-22", dk.EARLIEST_NEXT_SUSPENSION, "s2"),
        ("2026-03-01", dk.REGISTRATION_PERIOD_END, "registration"),
    ]
    assert [(w.after, w.used, w.left) for w in dates.windows] == [("s1", 11, 39), ("s2", 11, 39)]
    by_kind = {(d.kind, d.subject): d for d in dates.deadlines}
    gap = by_kind[(dk.EARLIEST_NEXT_SUSPENSION, "s1")]
    assert gap.section == "3(m)"
    assert (
        gap.words == "a Grace Period may begin only 10 trading days after the preceding one ended"
    )
    restricted = by_kind[(dk.RESTRICTED_FROM, "s2")]
    assert restricted.words == gap.words  # the limit s2 breaks
    assert "no day allowed" in restricted.detail
    assert by_kind[(dk.SUSPENSION_END, "s1")].words == "no Grace Period lasts more than 20 days"


def test_the_earliest_next_start_is_allowed_and_a_day_earlier_is_not() -> None:
    base = loaded(GAP)
    scenario = attrs.evolve(base, suspensions=base.suspensions[:1])  # s1 alone
    (found,) = profile_dates(scenario).next_starts
    assert found.earliest == D("2024-04-05")
    for start, restricted in ((D("2024-04-05"), None), (D("2024-04-04"), D("2024-04-04"))):
        s = Suspension(id="n", start=start, end=start + dt.timedelta(days=2))
        assert restricted_from(with_suspension(scenario, s), "n") == restricted


def test_an_aggregate_window_full_puts_the_next_start_where_a_day_drops_out() -> None:
    # aggregate-60-days-in-12-months: s1 04-01..04-30 (30 days), s2 06-01..07-01 (30 allowed,
    # 07-01 restricted). After s2, 0 of 60 left. A start on d is allowed when the 12 months from
    # w(d) hold at most 59 earlier allowed days: w(2025-04-01) = 2024-04-02 (to 2025-04-01),
    # holding 04-02..04-30 (29) + June (30) = 59 -> 2025-04-01; w(2025-03-31) = 2024-04-01,
    # holding 60.
    dates = profile_dates(loaded(AGGREGATE))
    assert [(w.after, w.day, w.window_first, w.used, w.left) for w in dates.windows] == [
        ("s1", D("2024-05-01"), D("2023-05-02"), 30, 30),
        ("s2", D("2024-07-02"), D("2023-07-03"), 60, 0),
    ]
    assert [(n.after, n.earliest) for n in dates.next_starts] == [
        ("s1", D("2024-05-01")),
        ("s2", D("2025-04-01")),
    ]
    scenario = loaded(AGGREGATE)
    for start, restricted in ((D("2025-04-01"), None), (D("2025-03-31"), D("2025-03-31"))):
        s = Suspension(id="n", start=start, end=start)
        assert restricted_from(with_suspension(scenario, s), "n") == restricted


def test_a_suspension_of_the_days_left_is_allowed_whole_and_one_day_more_is_not() -> None:
    # After s1 (30 days), 30 of 60 left on 2024-05-01: 05-01..05-30 is allowed whole; to 05-31
    # the 31st day is restricted (the 12 months from 2023-06-01 would hold 61).
    scenario = attrs.evolve(loaded(AGGREGATE), suspensions=loaded(AGGREGATE).suspensions[:1])
    (left,) = profile_dates(scenario).windows
    assert (left.day, left.left) == (D("2024-05-01"), 30)
    last = left.day + dt.timedelta(days=left.left - 1)
    exact = Suspension(id="n", start=left.day, end=last)
    assert restricted_from(with_suspension(scenario, exact), "n") is None
    over = Suspension(id="n", start=left.day, end=last + dt.timedelta(days=1))
    assert restricted_from(with_suspension(scenario, over), "n") == last + dt.timedelta(days=1)


def test_notice_on_the_last_notice_day_keeps_the_limit_and_a_business_day_later_breaks_it() -> None:
    # one-per-year-90-days: one business day's notice. s1 begins Mon 2024-04-01: the last day is
    # Fri 2024-03-29 (bd_after(03-29, 1) = 04-01); the notice given Sat 03-30 is deemed given
    # Mon 04-01, too late.
    scenario = loaded(NOTICE)
    by_kind = {(d.kind, d.subject): d for d in profile_dates(scenario).deadlines}
    notice = by_kind[(dk.ADVANCE_NOTICE, "s1")]
    assert notice.date == D("2024-03-29")
    assert notice.section == "2(b)"
    assert "at least one business day before" in notice.words
    for given, compliant in ((D("2024-03-29"), True), (D("2024-04-01"), False)):
        s = attrs.evolve(scenario.suspensions[0], advance_notice=given)
        assert validate_profile(attrs.evolve(scenario, suspensions=(s,))).compliant is compliant
    # Under lead-time = clear-business-days a day more: Thu 2024-03-28.
    clear = attrs.evolve(
        scenario,
        interpretation=scenario.interpretation.with_reading("lead-time", "clear-business-days"),
    )
    by_kind = {(d.kind, d.subject): d for d in profile_dates(clear).deadlines}
    assert by_kind[(dk.ADVANCE_NOTICE, "s1")].date == D("2024-03-28")


def test_the_ics_file_has_an_all_day_event_for_each_entry_with_its_section_and_words() -> None:
    dates = profile_dates(loaded(GAP))
    content = to_ical(dates, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    events = [c for c in icalendar.Calendar.from_ical(content).walk("VEVENT")]
    assert len(events) == len(dates.deadlines)
    for event, deadline in zip(events, dates.deadlines, strict=True):
        assert event.decoded("dtstart") == deadline.date
        assert str(event["uid"]) == event_uid(dates.name, deadline)
        text = str(event["description"])
        assert text.startswith(f'Section {deadline.section}: "{deadline.words}"')
        assert "notice-day=next-business-day, lead-time=nth-business-day" in text


def test_calendar_command_under_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "d.ics"
    assert cli.main(["calendar", str(AGGREGATE), "-o", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    left = [e for e in report["events"] if e["kind"] == dk.ALLOWANCE_LEFT]
    assert [(e["date"], e["summary"]) for e in left] == [
        ("2024-05-01", "After s1: 30 of 60 calendar days left (aggregate, in any 12 months)"),
        ("2024-07-02", "After s2: 0 of 60 calendar days left (aggregate, in any 12 months)"),
    ]
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_planned_suspension_under_a_profile_is_refused_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = AGGREGATE.read_text().replace(
        "start = 2024-06-01\nend = 2024-07-01",
        "start = { earliest = 2024-06-01, latest = 2024-06-10 }\nend = 2024-07-01",
    )
    path = tmp_path / "planned.toml"
    path.write_text(text)
    assert cli.main(["calendar", str(path), "-o", str(tmp_path / "x.ics")]) == 2
    err = capsys.readouterr().err
    assert f"{path}: suspensions[1]: planned suspension 's2'" in err
    assert err.count("\n") == 1


def test_a_count_limit_reports_the_suspensions_left_and_waits_for_a_start_to_leave_the_window() -> (
    None
):
    # one-per-year-90-days: one suspension in any 12 months. s1 04-01..04-05 with notice on
    # time is counted; after it 0 of 1 left; the next may begin when the 12 months from w(d) no
    # longer hold 04-01: the window from 2024-04-02 runs through 2025-04-01, so
    # w(2025-04-01) = 2024-04-02 -> Tue 2025-04-01, notice by Mon 2025-03-31. The model agrees:
    # a start on 2025-04-01 is allowed, on 2025-03-31 restricted whole.
    scenario = loaded(NOTICE)
    s = attrs.evolve(scenario.suspensions[0], advance_notice=D("2024-03-29"))
    dates = profile_dates(attrs.evolve(scenario, suspensions=(s,)))
    count = [w for w in dates.windows if w.limit == 0]
    assert [(w.day, w.used, w.left) for w in count] == [(D("2024-04-06"), 1, 0)]
    (found,) = dates.next_starts
    assert found.earliest == D("2025-04-01")
    assert found.notice_by == D("2025-03-31")
    assert found.bound_by == (0,)
    scenario = attrs.evolve(scenario, suspensions=(s,))
    for start, restricted in ((D("2025-04-01"), None), (D("2025-03-31"), D("2025-03-31"))):
        n = Suspension(id="n", start=start, end=start, advance_notice=D("2025-03-01"))
        assert restricted_from(with_suspension(scenario, n), "n") == restricted


@pytest.mark.parametrize(
    "command",
    [
        ["calendar", "-o", "x.ics"],
        ["timeline", "-o", "x.svg"],
        ["memo", "-o", "x.html"],
        ["validate", "--format", "xlsx", "-o", "x.xlsx"],
        ["validate", "--format", "csv"],
    ],
)
def test_bad_input_under_a_profile_exits_2_naming_the_file_and_the_field(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "no-closing.toml"
    path.write_text(GAP.read_text().replace("closing = 2024-01-02\n", ""))
    assert cli.main([command[0], str(path), *command[1:]]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"rrcheck: {path}: dates.closing: required by "
        "twenty-each-fifty-in-12-months-gap-10-trading-days: its filing deadline counts from it\n"
    )
    assert captured.out == ""
    assert not any(tmp_path.glob("x.*"))
