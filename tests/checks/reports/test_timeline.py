"""``rrcheck timeline``: what the picture shows (its layout and the Figure's artists), and that
it renders.

Rendering costs about 0.4 s a picture, so every bundled scenario is laid out, and a few that
between them use every kind of span and mark the library's pictures have are rendered to SVG.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import matplotlib.dates as mdates
import pytest
from matplotlib.patches import Rectangle

from checks.cli import main
from checks.deadlines import schedule_dates
from checks.reports.timeline_drawing import MARK_STYLES, SPAN_STYLES, build_figure, render_layout
from checks.reports.timeline_layout import Layout, timeline_layout
from model.loading import load_scenario
from tests.builders import D

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.toml"))
OVERLONG = "interp-overlength-first-fifteen-overlong-counts"
# Between them these use every kind of span and mark the library's pictures have (checked).
RENDERED = (
    OVERLONG,
    "plan-find-latest-start-before-fixed-suspension",
    "3d-notice-confirmation-late-or-missing-broken",
    "2b-late-filing-45-days-agreement-illustration",
    "3a-rp-two-years-straddling-suspension-clipped",
    "2b-stop-order-rsd-after-ired-plus-90-no-payment",
)


@cache
def layout(name: str) -> Layout:
    return timeline_layout(schedule_dates(load_scenario(SCENARIOS / f"{name}.toml")))


def days(span_kind: str, subject: str, name: str = OVERLONG) -> list[tuple[dt.date, dt.date]]:
    return [(s.first, s.last) for s in layout(name).spans_of(span_kind, subject)]


def test_permitted_and_restricted_days_are_drawn_on_their_dates() -> None:
    # s1 Mon 2004-03-01 .. Mon 2004-03-22, 16 business days: a Permitted Suspension Period
    # through the day before its 16th business day (03-21), restricted on 03-22. s3, a third
    # suspension that counts (first-fifteen), is restricted on every day: 2004-04-26 .. 04-30.
    assert days("permitted", "s1") == [(D("2004-03-01"), D("2004-03-21"))]
    assert days("restricted", "s1") == [(D("2004-03-22"), D("2004-03-22"))]
    assert days("permitted", "s3") == []
    assert days("restricted", "s3") == [(D("2004-04-26"), D("2004-04-30"))]


def test_the_figure_draws_each_span_as_a_rectangle_over_its_days() -> None:
    figure = build_figure(layout(OVERLONG), dpi=30)
    rectangles = {
        p.get_gid(): p for p in figure.axes[0].patches if isinstance(p, Rectangle) and p.get_gid()
    }
    permitted = rectangles["permitted:s1:2004-03-01"]
    restricted = rectangles["restricted:s1:2004-03-22"]
    # A day d is drawn as [d, d + 1): 03-01 .. 03-21 is 21 days wide.
    assert permitted.get_x() == pytest.approx(mdates.date2num(D("2004-03-01")))
    assert permitted.get_width() == pytest.approx(21)
    assert restricted.get_x() == pytest.approx(mdates.date2num(D("2004-03-22")))
    assert restricted.get_width() == pytest.approx(1)
    # Colour and hatch both tell them apart, so the picture reads in black and white.
    assert permitted.get_hatch() != restricted.get_hatch()
    assert permitted.get_facecolor() != restricted.get_facecolor()
    assert permitted.get_y() == restricted.get_y()  # one row: s1


def test_notice_days_and_the_spacing_gap_around_a_suspension() -> None:
    # s1: notice given Thu 2004-02-26 for Mon 03-01 (notice days 02-26 .. 02-29); the next may
    # begin bd_after(03-22, 10) = Apr 5 (Mar 23, 24, 25, 26, 29, 30, 31, Apr 1, 2, 5), so no
    # suspension may begin 03-23 .. 04-04.
    assert days("advance-notice", "s1") == [(D("2004-02-26"), D("2004-02-29"))]
    assert days("spacing-gap", "s1") == [(D("2004-03-23"), D("2004-04-04"))]
    marks = {(m.kind, m.subject): m.day for m in layout(OVERLONG).marks}
    assert marks["earliest-next", "s1"] == D("2004-04-05")
    assert marks["latest-notice", "s1"] == D("2004-02-26")


def test_the_plot_zooms_on_the_suspensions_and_notes_the_registration_period() -> None:
    shown = layout(OVERLONG)
    assert D("2004-02-01") < shown.first < D("2004-02-26")
    assert D("2004-05-14") < shown.last < D("2004-06-30")
    assert any("Registration Period 2003-10-03 to 2005-10-03" in n for n in shown.notes)
    assert any("Required Filing Date 2003-08-21" in n for n in shown.notes)


def test_a_planned_suspension_is_drawn_as_its_windows() -> None:
    name = "plan-find-latest-start-before-fixed-suspension"
    assert days("planned-start", "p1", name) == [(D("2004-01-05"), D("2004-02-27"))]
    assert days("planned-end", "p1", name) == [(D("2004-01-09"), D("2004-03-04"))]


def test_a_straddling_suspension_is_restricted_only_inside_the_registration_period() -> None:
    name = "3a-rp-two-years-straddling-suspension-clipped"
    end = layout(name).period_end
    restricted = layout(name).spans_of("restricted")
    outside = layout(name).spans_of("outside")
    assert restricted and all(s.last <= end for s in restricted)
    assert outside and all(s.first > end for s in outside)


def test_the_holidays_in_view_are_named() -> None:
    names = dict(layout("plan-find-latest-start-before-fixed-suspension").holidays)
    assert names[D("2004-01-19")] == "Martin Luther King Jr. Day"
    assert D("2004-02-16") in names


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_scenario_lays_out_within_its_plotted_days(path: Path) -> None:
    shown = layout(path.stem)
    assert shown.first < shown.last
    assert all(s.first <= s.last for s in shown.spans)
    assert all(s.kind in SPAN_STYLES for s in shown.spans)
    assert all(m.kind in MARK_STYLES for m in shown.marks)
    assert all(0 <= s.row < len(shown.rows) for s in shown.spans)
    assert all(0 <= m.row < len(shown.rows) for m in shown.marks)


def test_the_rendered_scenarios_cover_every_kind_drawn_in_the_library() -> None:
    def kinds(names: list[str] | tuple[str, ...]) -> set[str]:
        return {s.kind for n in names for s in layout(n).spans} | {
            m.kind for n in names for m in layout(n).marks
        }

    assert kinds([p.stem for p in BUNDLED]) <= kinds(RENDERED)


@pytest.mark.parametrize("name", RENDERED)
def test_renders_to_svg_with_the_legend_labels(name: str) -> None:
    shown = layout(name)
    svg = render_layout(shown, "svg", dpi=30).decode()
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    labels = {SPAN_STYLES[s.kind].label for s in shown.spans}
    labels |= {MARK_STYLES[m.kind].label for m in shown.marks}
    for label in labels:
        assert label in svg, label
    for span in shown.spans:
        assert f'id="{span.gid}"' in svg


def test_cli_writes_png_by_the_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "timeline.png"
    path = SCENARIOS / f"{OVERLONG}.toml"
    assert main(["timeline", str(path), "-o", str(out), "--format", "json"]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert '"output"' in capsys.readouterr().out


def test_cli_refuses_another_suffix_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "timeline.pdf"
    assert main(["timeline", str(SCENARIOS / f"{OVERLONG}.toml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".svg or .png" in err
    assert not out.exists()


def test_cli_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no-such-folder" / "timeline.svg"
    assert main(["timeline", str(SCENARIOS / f"{OVERLONG}.toml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "cannot write" in err


def test_cli_bad_input_exits_2_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    text = (SCENARIOS / f"{OVERLONG}.toml").read_text()
    bad.write_text(text.replace("start = 2004-03-01", "begin = 2004-03-01"))
    assert main(["timeline", str(bad), "-o", str(tmp_path / "t.svg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "suspensions[0].begin" in err
    assert not (tmp_path / "t.svg").exists()


def test_more_suspensions_than_rows_share_one_row_with_every_span_on_its_days() -> None:
    # 41 one-day suspensions a week apart from Mon 2004-01-05 (SUSPENSION_ROWS is 40): one row
    # for all of them, every one drawn on its own day; 40 would still have a row each.
    from checks.reports.timeline_layout import SUSPENSION_ROWS
    from tests import builders

    def weekly(count: int) -> Layout:
        starts = [D("2004-01-05") + dt.timedelta(weeks=k) for k in range(count)]
        suspensions = [builders.suspension(f"s{k}", str(d), str(d)) for k, d in enumerate(starts)]
        return timeline_layout(schedule_dates(builders.scenario(*suspensions)))

    assert SUSPENSION_ROWS == 40
    apart = weekly(40)
    assert [r for r in apart.rows if r.startswith("s")][:2] == [
        "s0 (1 business days)",
        "s1 (1 business days)",
    ]
    together = weekly(41)
    assert together.rows[1] == "41 suspensions, on one row"
    assert not any(r.startswith("s0 ") for r in together.rows)
    drawn = [s for s in together.spans if s.subject.startswith("s")]
    assert {s.subject for s in drawn} == {f"s{k}" for k in range(41)}
    assert {s.row for s in drawn} == {1}
    # s40, Mon 2004-10-11: the third suspension, restricted on its day
    last = D("2004-01-05") + dt.timedelta(weeks=40)
    assert [(s.first, s.last) for s in drawn if s.subject == "s40" and s.kind == "restricted"] == [
        (last, last)
    ]
    assert all(0 <= m.row < len(together.rows) for m in together.marks)


def test_a_cjk_name_draws_without_a_warning_on_stderr(tmp_path: Path) -> None:
    # DejaVu Sans has no CJK glyphs; a fallback font is used where one is installed, and
    # otherwise the glyphs are boxes, quietly: nothing on stderr either way.
    import subprocess
    import sys

    from tests.checks.cli.test_cli import COMPLIANT

    scenario = tmp_path / "cjk.toml"
    scenario.write_text(COMPLIANT.replace("Two suspensions, properly spaced", "注册权协议 停牌"))
    for picture in ("cjk.svg", "cjk.png"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "checks.cli",
                "timeline",
                str(scenario),
                "-o",
                str(tmp_path / picture),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (done.returncode, done.stderr) == (0, "")
        assert "注册权协议 停牌" in done.stdout
    assert "注册权协议 停牌" in (tmp_path / "cjk.svg").read_text()


def test_the_fallback_fonts_follow_dejavu_sans_and_are_installed_ones() -> None:
    from matplotlib import font_manager

    from checks.reports.timeline_drawing import font_families

    families = font_families()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    assert families[0] == "DejaVu Sans" and set(families) <= installed
