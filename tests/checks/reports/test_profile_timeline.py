"""``rrcheck timeline`` under a term profile (checks/reports/profile_timeline.py): the picture's
rows, spans and marks worked by hand on bundled boundary scenarios, the legend in the profile's
own words, and every bundled profile scenario laid out and drawn."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from checks import cli
from checks.profile_dates import profile_dates
from checks.reports.profile_timeline import profile_timeline_layout
from checks.reports.timeline_drawing import render_layout
from checks.reports.timeline_layout import Layout
from model.loading import load_any_scenario
from model.scenario import ProfileScenario

PROFILES = Path(__file__).resolve().parents[3] / "scenarios" / "profiles"
D = dt.date.fromisoformat
GAP = PROFILES / "gap-10-trading-days-across-good-friday-broken.toml"
LATE = PROFILES / "pipe-cap-cuts-late-filing-payments.toml"


def layout_of(path: Path) -> Layout:
    scenario = load_any_scenario(str(path))
    assert isinstance(scenario, ProfileScenario)
    return profile_timeline_layout(profile_dates(scenario))


def spans(layout: Layout) -> list[tuple[str, str, str, str, str]]:
    return [
        (layout.rows[s.row], s.kind, s.subject, s.first.isoformat(), s.last.isoformat())
        for s in layout.spans
    ]


def test_the_gap_scenarios_picture_worked_by_hand() -> None:
    # s1 03-11..03-21 allowed (11 days); no suspension may begin 03-22..04-04 (the earliest next
    # start is the 10th trading day after 03-21, 04-05, Good Friday closed); s2 04-04..04-08
    # restricted whole; after it, no start 04-09..04-21, the earliest 04-22.
    layout = layout_of(GAP)
    assert layout.rows == (
        "Registration Period",
        "s1 (11 days)",
        "s2 (5 days)",
        "aggregate: 50 calendar days in any 12 months",
        "Damages",
        "Registration statement",
    )
    assert spans(layout)[1:] == [
        ("s1 (11 days)", "allowed", "s1", "2024-03-11", "2024-03-21"),
        ("s1 (11 days)", "spacing-gap", "s1", "2024-03-22", "2024-04-04"),
        ("s2 (5 days)", "restricted", "s2", "2024-04-04", "2024-04-08"),
        ("s2 (5 days)", "spacing-gap", "s2", "2024-04-09", "2024-04-21"),
    ]
    marks = [(layout.rows[m.row], m.kind, m.day.isoformat(), m.text) for m in layout.marks]
    assert ("s1 (11 days)", "earliest-next", "2024-04-05", "") in marks
    assert ("s2 (5 days)", "earliest-next", "2024-04-22", "") in marks
    window = "aggregate: 50 calendar days in any 12 months"
    assert (window, "window-left", "2024-03-22", "39 left") in marks
    assert (window, "window-left", "2024-04-09", "39 left") in marks
    # 1% of 1,000,000.00 per 30 days, s2's 5 restricted days: 10,000 x 5/30 = 1,666.67
    assert ("Damages", "damages", "2024-04-08", "1,666.67") in marks
    labels = dict(layout.labels)
    assert labels["allowed"] == "Allowed days: Grace Period (3(m))"
    assert labels["spacing-gap"] == "No suspension may begin (gap, 3(m))"
    assert labels["restricted"] == "Restricted days: damages accrue (2(d))"
    assert layout.notes[-1] == "Reading: notice-day=next-business-day, lead-time=nth-business-day"
    # The gap counts NYSE trading days: Good Friday 2024-03-29, a us-federal business day, is
    # shaded as the day the count skips.
    assert layout.holidays == ((D("2024-03-29"), "Good Friday (no trading)"),)
    assert labels["holiday"] == "Holiday or trading closure: not counted"


def test_late_filing_and_late_effectiveness_rows() -> None:
    # Filing deadline 2024-02-01, filed 2024-12-31: late 2024-02-02..2024-12-31; effectiveness
    # deadline 2024-04-01, effective 2025-01-15: late 2024-04-02..2025-01-15.
    layout = layout_of(LATE)
    assert ("Late filing", "late-filing", "registration", "2024-02-02", "2024-12-31") in spans(
        layout
    )
    assert (
        "Late effectiveness",
        "late-effectiveness",
        "registration",
        "2024-04-02",
        "2025-01-15",
    ) in spans(layout)


def test_a_saturday_filing_is_marked_on_the_day_given_and_the_day_deemed(tmp_path: Path) -> None:
    # READING.md section 1: filed Sat 2024-09-07, deemed Mon 09-09 (the late-filing span, after
    # the deadline Tue 09-03, runs to the deemed day, which had no mark).
    text = (LATE.parent / "pipe-cap-not-reached-late-filing.toml").read_text(encoding="utf-8")
    path = tmp_path / "saturday.toml"
    path.write_text(
        text.replace("closing = 2024-01-02", "closing = 2024-08-01")
        .replace("registration_filed = 2024-10-31", "registration_filed = 2024-09-07")
        .replace("effective = 2024-11-15", "effective = 2024-10-01"),
        encoding="utf-8",
    )
    layout = layout_of(path)
    marks = [
        (m.kind, m.day.isoformat(), m.text) for m in layout.marks if m.subject == "registration"
    ]
    assert ("done", "2024-09-07", "filed") in marks
    assert ("done", "2024-09-09", "filed (deemed)") in marks
    assert ("Late filing", "late-filing", "registration", "2024-09-04", "2024-09-09") in spans(
        layout
    )


@pytest.mark.parametrize(
    ("name", "blocked", "legend"),
    [
        # three per 360 days: after s3 (the third counted) the count keeps every start off
        # until s1's start leaves the window (2025-03-27); s4 is restricted whole
        ("de-spac-fourth-in-360-days-restricted-whole-broken", "s3", "count, 1.4"),
        # 60 in 12 months, s1 30 days and s2 30 allowed: no day left until s1's leave
        ("aggregate-60-in-12-months-at-the-cap-compliant", "s2", "aggregate, 3(n)"),
        # one per 12 months: the count of 1, after s1
        ("one-per-year-notice-compliant", "s1", "count, 2(b)"),
    ],
)
def test_the_legend_names_the_limit_that_keeps_a_start_off(
    name: str, blocked: str, legend: str
) -> None:
    """The days after a suspension on which none may begin are named by the limit that blocks
    them (a profile without a gap limit has no gap to name)."""
    layout = layout_of(PROFILES / f"{name}.toml")
    assert any(s.kind == "spacing-gap" and s.subject == blocked for s in layout.spans)
    label = dict(layout.labels)["spacing-gap"]
    assert label == f"No suspension may begin ({legend})"
    assert "gap" not in label
    assert label in render_layout(layout, "svg").decode()


def test_the_svg_names_the_profiles_terms_in_its_legend(tmp_path: Path) -> None:
    svg = render_layout(layout_of(GAP), "svg").decode()
    assert "Allowed days: Grace Period (3(m))" in svg
    assert "Permitted Suspension Period (3(h))" not in svg
    assert 'id="allowed:s1:2024-03-11"' in svg


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_bundled_profile_scenario_is_laid_out(path: Path) -> None:
    layout = layout_of(path)
    assert layout.first < layout.last
    scenario = load_any_scenario(str(path))
    for s in scenario.fixed_suspensions:  # every fixed suspension has its row, its days drawn
        assert any(layout.rows[span.row].startswith(f"{s.id} (") for span in layout.spans)


def test_timeline_command_under_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.svg"
    assert cli.main(["timeline", str(GAP), "-o", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"][1:3] == ["s1 (11 days)", "s2 (5 days)"]
    assert out.read_text().startswith("<?xml")
