"""``rrcheck memo`` under a term profile (checks/reports/profile_memo.py): the memo of a fixed
schedule says what ``validate`` says (verdict, findings with the limit's or deadline's section
and words, payments by period, total), the DOCX and the HTML hold everything the model does, in
order, with the timeline; ``--find`` and ``--worst-case`` of a file with nothing to place are
refused in one line naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import cli
from checks.reports.memo_document import Memo, Paragraph, Table
from checks.reports.profile_memo import profile_memo
from model.loading import load_any_scenario
from model.scenario import ProfileScenario
from tests import memo_readers as readers
from tests.builders import SATURDAYS

PROFILES = Path(__file__).resolve().parents[3] / "scenarios" / "profiles"
GAP = PROFILES / "gap-10-trading-days-across-good-friday-broken.toml"
LATE = PROFILES / "pipe-cap-not-reached-late-filing.toml"


def memo_of(path: Path) -> Memo:
    scenario = load_any_scenario(str(path))
    assert isinstance(scenario, ProfileScenario)
    return profile_memo(scenario)


def section(memo: Memo, title: str) -> tuple[object, ...]:
    return next(s.blocks for s in memo.sections if s.title.startswith(title))


def texts(blocks: tuple[object, ...]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def test_the_gap_memo_gives_the_verdict_the_finding_and_the_payment() -> None:
    memo = memo_of(GAP)
    assert dict(memo.header)["Agreement"] == (
        "20 days each, 50 in any 12 months, 10 trading days apart "
        "(twenty-each-fifty-in-12-months-gap-10-trading-days)"
    )
    assert texts(section(memo, "The answer"))[:2] == [
        "The schedule is not compliant: 1 finding.",
        "Total payments: 1,666.67.",
    ]
    findings = section(memo, "Findings")
    assert texts(findings) == [
        "\u201ca Grace Period may begin only 10 trading days after the preceding one ended\u201d",
        "The limit: a suspension begins at least 10 trading days after the last day of the "
        "preceding one.",
        "begins 2024-04-04; the preceding suspension's last day was 2024-03-21, so the earliest "
        "allowed start is 2024-04-05, 1 calendar day later.",
    ]
    (suspensions,) = [b for b in section(memo, "Suspensions (3(m))") if isinstance(b, Table)]
    assert suspensions.rows == (
        ("s1", "2024-03-11", "2024-03-21", "11", "2024-03-11 to 2024-03-21", "none", "no"),
        ("s2", "2024-04-04", "2024-04-08", "5", "none", "2024-04-04 to 2024-04-08", "no"),
    )
    (payments,) = [b for b in section(memo, "Payments (2(d))") if isinstance(b, Table)]
    # 1% of 1,000,000.00 per 30 days, 5 days: 1,666.67
    assert payments.rows == (
        (
            "restricted-days",
            "s2",
            "2024-04-04",
            "2024-04-08",
            "5",
            "1,000,000.00",
            "1%",
            "1,666.67",
        ),
    )
    assert payments.footer[-1] == "1,666.67"


def test_late_filing_findings_give_the_deadline_and_the_days_late() -> None:
    memo = memo_of(LATE)
    findings = section(memo, "Findings")
    tables = [b.rows for b in findings if isinstance(b, Table)]
    assert tables == [
        (("deadline", "2024-02-01"), ("filed", "2024-10-31")),
        (("deadline", "2024-04-01"), ("effective", "2024-11-15")),
    ]
    assert any("273 calendar days after the filing deadline" in t for t in texts(findings))
    subjects = next(b for b in section(memo, "Verdict per subject") if isinstance(b, Table))
    assert subjects.rows[0] == (
        "registration",
        "registration",
        "not compliant",
        "filing.deadline, effectiveness.deadline",
    )
    assert "Total payments: 96,000.00." in texts(section(memo, "Payments"))


def test_a_filing_deemed_made_on_monday_shows_the_saturday_given_and_the_monday(
    tmp_path: Path,
) -> None:
    # READING.md section 1: the deemed day beside the day given. Closing Thu 2024-08-01 + 30 =
    # Sat 08-31, rolled past Labor Day to Tue 09-03; filed Sat 09-07, deemed Mon 09-09.
    path = tmp_path / "saturday.toml"
    path.write_text(
        LATE.read_text(encoding="utf-8")
        .replace("closing = 2024-01-02", "closing = 2024-08-01")
        .replace("registration_filed = 2024-10-31", "registration_filed = 2024-09-07")
        .replace("effective = 2024-11-15", "effective = 2024-10-01"),
        encoding="utf-8",
    )
    findings = section(memo_of(path), "Findings")
    tables = [b.rows for b in findings if isinstance(b, Table)]
    assert tables == [
        (("deadline", "2024-09-03"), ("filed", "2024-09-07"), ("filed (deemed)", "2024-09-09"))
    ]
    said = "filed 2024-09-07 (a Saturday, deemed made on 2024-09-09, the next business day)"
    assert any(said in t for t in texts(findings))


def watch_details(path: Path) -> dict[str, str]:
    """The dates-to-watch table's "How it was reached" by its "What"."""
    (table,) = [b for b in section(memo_of(path), "Notice deadlines") if isinstance(b, Table)]
    return {what: how for _, _, what, how in table.rows}


def test_the_dates_to_watch_show_the_deemed_day_beside_the_day_given(tmp_path: Path) -> None:
    # READING.md section 1, as the findings say it: filed Sat 2024-09-07, deemed Mon 09-09;
    # s1's notice Sat 2025-03-29, deemed Mon 03-31. Where notice-day does not move a day
    # (as-given, or a business day) the words are the day given alone.
    path = tmp_path / "saturdays.toml"
    path.write_text(SATURDAYS, encoding="utf-8")
    details = watch_details(path)
    filing = details["File the registration statement: filing deadline"]
    assert "; filed 2024-09-07 (a Saturday, deemed made on 2024-09-09, the next business day);" in (
        filing
    )
    notice = details["Give advance notice for suspension s1: last day"]
    assert notice.endswith(
        "; notice given 2025-03-29 (a Saturday, deemed made on 2025-03-31, the next business day)"
    )
    path.write_text(SATURDAYS.replace("2025-03-29", "2025-03-28"), encoding="utf-8")
    details = watch_details(path)
    assert details["Give advance notice for suspension s1: last day"].endswith(
        "; notice given 2025-03-28"
    )


def test_the_docx_and_the_html_hold_what_the_model_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = [i for i in readers.from_model(memo_of(GAP)) if i.text or i.rows]
    for suffix, reader in (("docx", readers.from_docx), ("html", readers.from_html)):
        out = tmp_path / f"memo.{suffix}"
        assert cli.main(["memo", str(GAP), "-o", str(out), "--format", "json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        assert summary["sections"][4] == "Findings"
        items = reader(out.read_bytes())
        assert readers.figures(items)["pictures"] == 1
        assert [i for i in items if i.text or i.rows] == model


@pytest.mark.parametrize(
    ("asked", "field"),
    [
        (["--worst-case"], "suspensions: worst-case needs a planned suspension"),
        (["--find", "longest:s2"], "--find: 's2' is not a planned suspension"),
    ],
)
def test_find_and_worst_case_memos_of_a_fixed_schedule_are_refused_in_one_line(
    asked: list[str], field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GAP's suspensions are all fixed: nothing to place (tests/checks/reports/
    # test_profile_memo_answers.py: the memos of find and worst-case answers)
    out = tmp_path / "memo.html"
    assert cli.main(["memo", str(GAP), "-o", str(out), *asked]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rrcheck: {GAP}: {field}")
    assert err.count("\n") == 1
    assert not out.exists()
