"""The dates ``rrcheck calendar`` and ``rrcheck timeline`` show: worked by hand on bundled
scenarios, and tied to the model's rules (acting on the last day keeps the rule, a business
day later breaks it)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from checks import deadlines as dl
from checks.deadlines import ScheduleDates, schedule_dates
from checks.find import find
from checks.validate import validate
from model import payments, registration
from model.loading import load_scenario
from model.rules import RULES_BY_ID
from tests.builders import D, scenario, suspension

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))


@cache
def bundled(name: str) -> ScheduleDates:
    return schedule_dates(load_scenario(SCENARIOS / f"{name}.toml"))


def listed(dates: ScheduleDates) -> list[tuple[str, str, str]]:
    return [(d.date.isoformat(), d.kind, d.subject) for d in dates.deadlines]


def test_every_date_of_two_suspensions_worked_by_hand() -> None:
    # scenarios/3h-min-gap-ninth-business-day-broken.toml, us-federal calendar:
    # RFD = bd_after(Thu 2003-08-14, 5): Aug 15, 18, 19, 20, 21 -> 2003-08-21
    # IRED = 2003-10-01 + 5 days -> 2003-10-06
    # transfer agent = bd_after(Fri 2003-10-03, 5): Oct 6, 7, 8, 9, 10 -> 2003-10-10
    # s1 Wed 2004-01-07 .. Tue 2004-01-20: notice 2 business days before: Jan 6 (1), Jan 5 (2)
    #   -> 2004-01-05; next start bd_after(01-20, 10): Jan 21, 22, 23, 26, 27, 28, 29, 30,
    #   Feb 2, 3 -> 2004-02-03
    # s2 Mon 2004-02-02 .. Fri 2004-02-13: notice Jan 30 (1), Jan 29 (2) -> 2004-01-29;
    #   next start bd_after(02-13, 10): Feb 17 (Feb 16 Presidents Day), 18, 19, 20, 23, 24, 25,
    #   26, 27, Mar 1 -> 2004-03-01
    # s2 restricted 02-02 .. 02-13, cure 02-14: one Computation Date 02-14; due the earlier of
    #   02-02 + 30 = 03-03 and bd_after(Sat 02-14, 3): Feb 17, 18, 19 -> 2004-02-19
    # Registration Period ends 2003-10-03 + 2 years -> 2005-10-03
    payment = "s2, SF Capital Partners Ltd., to 2004-02-14"
    assert listed(bundled("3h-min-gap-ninth-business-day-broken")) == [
        ("2003-08-21", dl.REQUIRED_FILING_DATE, "registration"),
        ("2003-10-06", dl.INITIAL_REQUIRED_EFFECTIVE_DATE, "registration"),
        ("2003-10-10", dl.TRANSFER_AGENT, "registration"),
        ("2004-01-05", dl.ADVANCE_NOTICE, "s1"),
        ("2004-01-07", dl.SUSPENSION_START, "s1"),
        ("2004-01-20", dl.SUSPENSION_END, "s1"),
        ("2004-01-29", dl.ADVANCE_NOTICE, "s2"),
        ("2004-02-02", dl.SUSPENSION_START, "s2"),
        ("2004-02-03", dl.EARLIEST_NEXT_SUSPENSION, "s1"),
        ("2004-02-13", dl.SUSPENSION_END, "s2"),
        ("2004-02-19", dl.PAYMENT_DUE, payment),
        ("2004-03-01", dl.EARLIEST_NEXT_SUSPENSION, "s2"),
        ("2005-10-03", dl.REGISTRATION_PERIOD_END, "registration"),
    ]


def test_filing_deadlines_worked_by_hand_across_presidents_day() -> None:
    # scenarios/3d-notice-confirmation-late-or-missing-broken.toml:
    # supp-1 filed Thu 2004-02-19: counsel copy and notice 3 business days before: Feb 18 (1),
    #   17 (2), [16 Presidents Day], 13 (3) -> 2004-02-13; confirmation of the 02-13 notice
    #   bd_after(Fri 02-13, 1) -> Tue 2004-02-17
    # supp-2 filed Mon 2004-03-08: Mar 5 (1), 4 (2), 3 (3) -> 2004-03-03; confirmation
    #   bd_after(Wed 03-03, 1) -> 2004-03-04
    filings = [
        row
        for row in listed(bundled("3d-notice-confirmation-late-or-missing-broken"))
        if row[2] != "registration"
    ]
    assert filings == [
        ("2004-02-13", dl.COUNSEL_COPY, "supp-1"),
        ("2004-02-13", dl.INVESTOR_NOTICE, "supp-1"),
        ("2004-02-17", dl.NOTICE_CONFIRMATION, "supp-1"),
        ("2004-03-03", dl.COUNSEL_COPY, "supp-2"),
        ("2004-03-03", dl.INVESTOR_NOTICE, "supp-2"),
        ("2004-03-04", dl.NOTICE_CONFIRMATION, "supp-2"),
    ]


def test_planned_suspension_gives_notice_by_for_both_ends_of_its_start_window() -> None:
    # scenarios/plan-find-latest-start-before-fixed-suspension.toml: p1 may start Mon
    # 2004-01-05 .. Fri 2004-02-27, 5 business days.
    # earliest start 01-05: notice Jan 2 (1), [Jan 1 New Year's Day], Dec 31 (2) -> 2003-12-31
    # latest start 02-27: Feb 26 (1), 25 (2) -> 2004-02-25
    # ends: 5 business days from 01-05 -> 01-09; from 02-27 -> Mar 1, 2, 3, 4 -> 2004-03-04
    dates = bundled("plan-find-latest-start-before-fixed-suspension")
    rows = [row for row in listed(dates) if row[2] == "p1"]
    assert rows == [
        ("2003-12-31", dl.ADVANCE_NOTICE_EARLIEST_START, "p1"),
        ("2004-02-25", dl.ADVANCE_NOTICE_LATEST_START, "p1"),
    ]
    (window,) = dates.planned
    assert (window.first_start, window.last_start) == (D("2004-01-05"), D("2004-02-27"))
    assert (window.first_end, window.last_end) == (D("2004-01-09"), D("2004-03-04"))
    # The fixed s2 is validated without p1, and still gives its own dates.
    assert ("2004-03-01", dl.SUSPENSION_START, "s2") in listed(dates)


def test_notice_by_is_the_notice_day_find_reports_for_its_start() -> None:
    path = SCENARIOS / "plan-find-latest-start-before-fixed-suspension.toml"
    found = find(load_scenario(path), "latest-start", "p1")
    assert found.suspension is not None
    calendar = bundled("plan-find-latest-start-before-fixed-suspension").calendar
    assert found.suspension.notice_by == calendar.latest_notice_day(found.suspension.start, 2)


def _notice_broken(start: str, end: str, notice: dt.date) -> bool:
    verdict = validate(scenario(suspension("s1", start, end, notice.isoformat())))
    return "suspension.notice:s1" in verdict.violation_keys


@pytest.mark.parametrize(
    "start",
    [
        "2004-01-07",  # a Wednesday
        "2004-01-20",  # the Tuesday after Martin Luther King Jr. Day
        "2004-01-10",  # a Saturday: it counts as the Friday, so notice is due the Wednesday
    ],
)
def test_advance_notice_on_its_last_day_keeps_the_rule_and_a_day_later_breaks_it(
    start: str,
) -> None:
    end = (D(start) + dt.timedelta(days=3)).isoformat()
    dates = schedule_dates(scenario(suspension("s1", start, end)))
    (notice_by,) = [d.date for d in dates.deadlines if d.kind == dl.ADVANCE_NOTICE]
    assert not _notice_broken(start, end, notice_by)
    assert _notice_broken(start, end, dates.calendar.bd_after(notice_by, 1))


def test_saturday_start_needs_notice_by_wednesday() -> None:
    # Sat 2004-01-10 counts as Fri 01-09: bd_after(Wed 01-07, 2) = Fri 01-09 <= start, while
    # bd_after(Thu 01-08, 2) = Mon 01-12 > start.
    dates = schedule_dates(scenario(suspension("s1", "2004-01-10", "2004-01-13")))
    (notice_by,) = [d.date for d in dates.deadlines if d.kind == dl.ADVANCE_NOTICE]
    assert notice_by == D("2004-01-07")


@pytest.mark.parametrize("spacing", ["tenth-business-day", "ten-clear-business-days"])
def test_next_suspension_on_the_earliest_day_keeps_the_spacing_and_a_day_earlier_breaks_it(
    spacing: str,
) -> None:
    first = suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05")
    dates = schedule_dates(scenario(first, interpretation={"spacing": spacing}))
    (earliest,) = [d.date for d in dates.deadlines if d.kind == dl.EARLIEST_NEXT_SUSPENSION]
    assert earliest == D("2004-02-03" if spacing == "tenth-business-day" else "2004-02-04")

    def min_gap_broken(start: dt.date) -> bool:
        notice = dates.calendar.latest_notice_day(start, 2).isoformat()
        second = suspension("s2", start.isoformat(), start.isoformat(), notice)
        verdict = validate(scenario(first, second, interpretation={"spacing": spacing}))
        return "suspension.min-gap:s2" in verdict.violation_keys

    assert not min_gap_broken(earliest)
    assert min_gap_broken(dates.calendar.bd_before(earliest, 1))


def test_counsel_copy_on_its_last_day_keeps_3c_and_a_day_later_breaks_it() -> None:
    def filing(copy: str) -> dict[str, str]:
        return {
            "id": "a1",
            "kind": "amendment",
            "filed": "2003-12-01",  # the Monday after Thanksgiving (Thu 2003-11-27)
            "counsel_copy": copy,
        }

    # Nov 28 (1), [27 Thanksgiving], 26 (2), 25 (3) -> 2003-11-25
    dates = schedule_dates(scenario(filings=[filing("2003-11-20")]))
    (copy_by,) = [d.date for d in dates.deadlines if d.kind == dl.COUNSEL_COPY]
    assert copy_by == D("2003-11-25")
    kept = validate(scenario(filings=[filing("2003-11-25")]))
    broken = validate(scenario(filings=[filing("2003-11-26")]))
    assert "counsel-review.lead-time:a1" not in kept.violation_keys
    assert "counsel-review.lead-time:a1" in broken.violation_keys


def test_no_spacing_date_past_the_end_of_the_registration_period() -> None:
    # scenarios/3a-rp-two-years-straddling-suspension-clipped.toml: s1 runs past 2005-10-03.
    dates = bundled("3a-rp-two-years-straddling-suspension-clipped")
    end = dates.verdict.timeline.registration_period.end
    assert all(g.earliest_next_start <= end for g in dates.spacing)
    assert not [d for d in dates.deadlines if d.kind == dl.EARLIEST_NEXT_SUSPENSION]


def test_the_words_are_the_rule_tables_or_the_computing_functions() -> None:
    sources = {rule.words for rule in RULES_BY_ID.values()} | {
        dl.quoted_after(registration.registration_period, "3(a)"),
        dl.quoted_after(payments._schedule, "2(b)(iv)"),
    }
    for path in BUNDLED:
        for d in bundled(path.stem).deadlines:
            assert d.words in sources, (path.name, d.kind)
            assert d.words and d.section and d.summary


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_scenario_gives_deadlines_with_distinct_kind_and_subject(
    path: Path,
) -> None:
    dates = bundled(path.stem)
    keys = [(d.kind, d.subject) for d in dates.deadlines]
    assert len(keys) == len(set(keys))
    assert [d.date for d in dates.deadlines] == sorted(d.date for d in dates.deadlines)
    kinds = {d.kind for d in dates.deadlines}
    assert {dl.REQUIRED_FILING_DATE, dl.REGISTRATION_PERIOD_END} <= kinds
    assert len([d for d in dates.deadlines if d.kind == dl.PAYMENT_DUE]) == len(
        dates.verdict.payments
    )
