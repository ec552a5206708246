"""``rrcheck memo``: on every bundled scenario the memo says what ``validate --format json``
says, figure for figure; the DOCX (read back with python-docx) and the HTML (parsed with
html.parser) say what the memo's model says. Writing a DOCX renders the timeline as a PNG
(about two seconds): the written formats are checked on a representative subset, the model on
every scenario."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document

from checks import cli
from checks.deadlines import schedule_dates
from checks.find import find
from checks.reports import memo, memo_docx, memo_html, report
from checks.robust import robust
from checks.worst_case import worst_case
from model.loading import load_scenario
from model.scenario import Scenario
from tests import memo_readers as readers

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
FIXED = [p for p in SCENARIOS if not load_scenario(p).planned_suspensions]
PLANNED = [p for p in SCENARIOS if load_scenario(p).planned_suspensions]
# Written as DOCX and HTML: payments to two Investors, a late filing, an over-long suspension,
# a restriction (a stop order), and a compliant schedule with no payment.
WRITTEN = [
    ROOT / "scenarios" / name
    for name in (
        "2b-two-investors-sales-before-and-after-rsd.toml",
        "2b-late-filing-rfd-across-labor-day-two-investors.toml",
        "3h-max-length-sixteen-business-days-broken.toml",
        "2b-stop-order-rsd-on-ired-plus-90-pays.toml",
        "3h-min-gap-tenth-business-day-compliant.toml",
    )
]

SECTIONS = [
    "The question and the agreement",
    "The answer",
    "The facts",
    "Verdict per subject",
    "Findings",
    "Payments (2(b))",
    "Readings of the agreement (READING.md section 7)",
    "Timeline",
    "Notice deadlines and dates to watch",
]


def validate_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """What ``rrcheck validate --format json FILE`` prints."""
    cli.main(["validate", "--format", "json", str(path)])
    document: dict = json.loads(capsys.readouterr().out)
    return document


def model_of(scenario: Scenario) -> memo.Memo:
    return memo.verdict_memo(scenario, schedule_dates(scenario), robust(scenario))


@pytest.mark.parametrize("path", FIXED, ids=lambda p: p.stem)
def test_the_memo_of_every_bundled_schedule_agrees_with_the_json(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = load_scenario(path)
    document = model_of(scenario)
    items = readers.from_model(document)
    readers.agree(items, validate_json(path, capsys))
    # In the order a memo reads, the timeline drawn once.
    got = readers.figures(items)
    assert [s for s in got["sections"] if s in SECTIONS] == SECTIONS
    assert got["pictures"] == 1


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: p.stem)
def test_the_docx_and_the_html_say_what_the_json_says(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = validate_json(path, capsys)
    model = [i for i in readers.from_model(model_of(load_scenario(path))) if i.text or i.rows]
    for suffix, reader in (("docx", readers.from_docx), ("html", readers.from_html)):
        out = tmp_path / f"memo.{suffix}"
        assert cli.main(["memo", str(path), "-o", str(out)]) == 0
        assert f"written to {out}" in " ".join(capsys.readouterr().out.split())
        items = reader(out.read_bytes())
        readers.agree(items, expected)
        assert readers.figures(items)["pictures"] == 1
        # Everything the model says is in the file, in the same order.
        written = [i for i in items if i.text or i.rows]
        assert written == model


def test_the_docx_uses_words_own_styles_and_embeds_the_picture(tmp_path: Path) -> None:
    content = memo_docx.to_docx(model_of(load_scenario(WRITTEN[0])))
    document = Document(io.BytesIO(content))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Quote"} <= styles
    assert all(
        t.style is not None and t.style.name == memo_docx.TABLE_STYLE for t in document.tables
    )
    pictures = document.inline_shapes
    assert len(pictures) == 1 and pictures[0].width == memo_docx.PICTURE_WIDTH
    image = document.part.related_parts[
        pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert image.content_type == "image/png"
    # The header row of each table repeats on a new page.
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables)


def test_the_html_is_self_contained_and_prints_on_a4_and_letter() -> None:
    text = memo_html.to_html(model_of(load_scenario(WRITTEN[0]))).decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<svg" in text and text.count("<svg") == 1 and "<?xml" not in text
    # Nothing fetched: no link, script, image, font or frame from elsewhere.
    assert not re.search(r"<(link|script|img|iframe|object)\b", text)
    assert not re.search(r"(src|href)=\"(https?:)?//", text) and "@import" not in text
    assert "url(http" not in text
    # The page box sets margins only: the paper is the printer's, A4 or Letter.
    page = re.search(r"@page\s*{([^}]*)}", text)
    assert page is not None and "margin" in page.group(1) and "size" not in page.group(1)
    assert "@media print" in text and "thead { display: table-header-group; }" in text
    assert 'data-table="payments" data-about="SF Capital Partners Ltd."' in text


def test_a_find_memo_answers_with_the_placement_then_the_memo_of_that_schedule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ROOT / "scenarios" / "plan-find-latest-start-before-fixed-suspension.toml"
    scenario = load_scenario(path)
    result = find(scenario, "latest-start", "p1")
    out = tmp_path / "find.html"
    assert cli.main(["memo", str(path), "--find", "latest-start:p1", "-o", str(out)]) == 0
    items = readers.from_html(out.read_bytes())
    texts = [i.text for i in items]
    assert f"p1 can begin on {result.suspension.start} (ending {result.suspension.end})." in texts
    placements = next(
        i for i in items if i.headers[:1] == ("Suspension",) and "Advance notice by" in i.headers
    )
    assert placements.rows[0][:3] == (
        "p1",
        str(result.suspension.start),
        str(result.suspension.end),
    )
    # The rest is the memo of the schedule with p1 fixed there, as validate reports it.
    from checks.placements import fixed_scenario
    from checks.validate import validate

    fixed = fixed_scenario(scenario, result.schedule)
    readers.agree(items, report.verdict_to_json(validate(fixed)))
    capsys.readouterr()


def test_a_find_memo_with_no_placement_says_what_stands_in_the_way(tmp_path: Path) -> None:
    path = ROOT / "scenarios" / "plan-find-third-suspension-infeasible.toml"
    out = tmp_path / "find.docx"
    assert cli.main(["memo", str(path), "--find", "latest-start:p3", "-o", str(out)]) == 0
    texts = [i.text for i in readers.from_docx(out.read_bytes())]
    assert "Status: infeasible." in texts
    obstacles = find(load_scenario(path), "latest-start", "p3").obstacles
    assert obstacles and all(f"In the way: {o.explanation}." in texts for o in obstacles)


@pytest.mark.parametrize("least", [False, True])
def test_a_worst_case_memo_gives_the_total_and_the_witness_memo(
    tmp_path: Path, least: bool
) -> None:
    path = ROOT / "scenarios" / "plan-worst-case-max-min-gap-window.toml"
    scenario = load_scenario(path)
    result = worst_case(scenario, least)
    out = tmp_path / "worst.html"
    args = ["memo", str(path), "--worst-case", "-o", str(out)] + (["--least"] if least else [])
    assert cli.main(args) == 0
    items = readers.from_html(out.read_bytes())
    word = "least" if least else "most"
    assert f"The {word} the Company can owe: {memo.amount(result.total_payments)}." in [
        i.text for i in items
    ]
    expected = report.verdict_to_json(result.verdict)
    readers.agree(items, expected)
    assert readers.figures(items)["totals"][-1] == result.total_payments


@pytest.mark.parametrize("path", PLANNED, ids=lambda p: p.stem)
def test_every_planned_scenario_has_the_memo_of_its_expected_question(path: Path) -> None:
    scenario = load_scenario(path)
    expect = scenario.expect
    assert expect is not None
    if expect.find is not None:
        result = find(scenario, expect.find.objective, expect.find.suspension)
        document = memo.find_memo(scenario, result)
    else:
        assert expect.worst_case is not None
        least = expect.worst_case.objective == "min-payments"
        document = memo.worst_case_memo(scenario, worst_case(scenario, least))
    items = readers.from_model(document)
    assert f"Status: {(expect.find or expect.worst_case).status}." in [i.text for i in items]
    assert readers.figures(items)["pictures"] == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "memo.pdf"], "-o: the memo is written as .docx or .html"),
        (["-o", "no-such-folder/memo.docx"], "-o: cannot write it: no such folder"),
        (["-o", "memo.html", "--find", "soonest:p1"], "--find: soonest:p1: expected OBJECTIVE:ID"),
        (["-o", "memo.html", "--least"], "--least: only with --worst-case"),
    ],
)
def test_bad_memo_arguments_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["memo", str(WRITTEN[0]), *arguments]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_memo_of_planned_suspensions_without_a_question_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "memo.docx"
    assert cli.main(["memo", str(PLANNED[0]), "-o", str(out)]) == 2
    assert "give --find OBJECTIVE:ID or --worst-case" in capsys.readouterr().err
    assert not out.exists()


def test_a_memo_written_over_an_old_one_replaces_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "memo.html"
    out.write_text("old")
    assert cli.main(["memo", str(WRITTEN[-1]), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["memo.html"]  # no temporary file left

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    before = out.read_bytes()
    assert cli.main(["memo", str(WRITTEN[-1]), "-o", str(out)]) == 2
    assert out.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["memo.html"]


def test_the_memo_json_summary_names_the_file_and_the_sections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "memo.html"
    assert cli.main(["memo", str(WRITTEN[-1]), "-o", str(out), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["output"] == str(out) and summary["format"] == "html"
    assert summary["sections"] == [
        i.text for i in readers.from_html(out.read_bytes()) if i.kind == "heading" and i.level == 1
    ]


def test_no_column_of_the_docx_is_too_narrow_for_a_date_in_it() -> None:
    """Word breaks a cell's text where it must: a column narrower than a date would cut it."""
    content = memo_docx.to_docx(model_of(load_scenario(WRITTEN[1])))
    document = Document(io.BytesIO(content))
    date = re.compile(r"\d{4}-\d{2}-\d{2}")
    checked = 0
    for table in document.tables:
        run = next(
            r for row in table.rows[1:] for c in row.cells for p in c.paragraphs for r in p.runs
        )
        char = memo_docx.CHAR_MM * run.font.size.pt / memo_docx.TABLE_PT
        assert memo_docx.SMALLEST_PT <= run.font.size.pt <= memo_docx.TABLE_PT
        for c, column in enumerate(table.columns):
            if any(date.fullmatch(row.cells[c].text) for row in table.rows[1:]):
                assert column.width.mm >= 10 * char + memo_docx.CELL_PADDING_MM - 0.01
                checked += 1
    assert checked >= 10  # facts, dates, findings, payments (two Investors), deadlines
