"""``rrcheck memo --find OBJECTIVE:ID`` and ``memo --worst-case`` under a term profile
(checks/reports/profile_memo_answers.py): the answer (the placement found, the notice, what
binds; the most or least the Company can owe), then the memo of the schedule with it fixed,
validated again. The DOCX and HTML are read back (tests/memo_readers.py) and their figures
compared with the profiles' terms worked by hand in the scenario files' comments."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checks import cli
from tests import memo_readers as readers

PROFILES = Path(__file__).resolve().parents[3] / "scenarios" / "profiles"
GAP = PROFILES / "gap-10-trading-days-find-earliest-start-across-good-friday.toml"
LONGEST = PROFILES / "thirty-trading-days-find-longest-across-good-friday.toml"
PIPE = PROFILES / "pipe-worst-case-the-cap-cuts-the-worst-case.toml"
READERS = {"docx": readers.from_docx, "html": readers.from_html}


def written(tmp_path: Path, path: Path, kind: str, *asked: str) -> list[readers.Item]:
    out = tmp_path / f"memo.{kind}"
    assert cli.main(["memo", str(path), "-o", str(out), *asked]) == 0
    return READERS[kind](out.read_bytes())


def answer_of(items: list[readers.Item]) -> list[readers.Item]:
    """The items of "The answer", up to the next section."""
    start = next(i for i, x in enumerate(items) if x.kind == "heading" and x.text == "The answer")
    end = next(i for i, x in enumerate(items) if i > start and x.kind == "heading" and x.level == 1)
    return items[start + 1 : end]


def paragraphs(items: list[readers.Item]) -> list[str]:
    return [i.text for i in items if i.kind == "paragraph"]


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_the_find_memo_gives_the_earliest_start_past_the_trading_day_gap(
    kind: str, tmp_path: Path
) -> None:
    # s1 ends Thu 2024-03-21; 10 NYSE trading days on (Good Friday 2024-03-29 closed) is Fri
    # 2024-04-05; p at its shortest, 3 business days: Apr 5, 8, 9
    items = written(tmp_path, GAP, kind, "--find", "earliest-start:p")
    answer = answer_of(items)
    said = paragraphs(answer)
    assert said[:2] == ["Status: optimal.", "p can begin on 2024-04-05 (ending 2024-04-09)."]
    assert said[2].startswith("The agreement asks for no advance notice of it.")
    (placed,) = [i for i in answer if i.kind == "table"]
    assert placed.rows == (("p", "2024-04-05", "2024-04-09", "5", "3", "none required"),)
    assert said[3].startswith("Bound by allowance.gap (p, Section 3(m)): ")
    assert "the earliest allowed start is 2024-04-05" in said[3]
    found = readers.figures(items)
    # the schedule with p fixed: every subject compliant, nothing payable
    assert found["subjects"] == {
        "registration": ("registration", True),
        "s1": ("suspension", True),
        "p": ("suspension", True),
    }
    assert found["findings"] == [] and found["payments"] == []
    assert found["totals"] == [Decimal("0.00")]
    assert found["sections"][:3] == ["The question and the agreement", "The answer", "The facts"]
    assert found["pictures"] == 1


def test_the_find_memo_of_the_longest_counts_trading_days_across_good_friday(
    tmp_path: Path,
) -> None:
    # 30 NYSE trading days from Mon 2024-03-04 end Mon 2024-04-15 (Good Friday closed): 43
    # calendar days, 31 us-federal business days (Good Friday is one)
    items = written(tmp_path, LONGEST, "html", "--find", "longest:p")
    said = paragraphs(answer_of(items))
    assert said[1] == "p can last 43 days (31 business days), from 2024-03-04 to 2024-04-15."
    bound = [s for s in said if s.startswith("Bound by ")]
    assert [s.split(" (")[0] for s in bound] == [
        "Bound by allowance.length",
        "Bound by plan.start-window",
    ]


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_the_worst_case_memo_gives_the_cap_and_the_witness_payments(
    kind: str, tmp_path: Path
) -> None:
    items = written(tmp_path, PIPE, kind, "--worst-case")
    answer = answer_of(items)
    said = paragraphs(answer)
    # 1% per 30 days of 1,000,000.00, capped at 10%: the worst is the cap itself
    assert said[:2] == ["Status: optimal.", "The most the Company can owe: 100,000.00."]
    assert said[2].startswith("The placement is not compliant")
    (placed,) = [i for i in answer if i.kind == "table"]
    assert placed.rows == (("p1", "2024-11-12", "2025-01-03", "53", "none required"),)
    found = readers.figures(items)
    assert [(f["rule"], f["subject"]) for f in found["findings"]] == [
        ("filing.deadline", "registration"),
        ("effectiveness.deadline", "registration"),
        ("allowance.length", "p1"),
    ]
    rows = [(p["Trigger"], p["Days"], readers.money(p["Amount"])) for p in found["payments"]]
    # late filing 9 x 30 days at 10,000.00; late effectiveness 7 days (2,333.33); p1's 23
    # restricted days from its 31st, 2024-12-12 (7,666.67): 100,000.00 in all
    assert rows == [("late-filing", "30", Decimal("10000.00"))] * 9 + [
        ("late-effectiveness", "7", Decimal("2333.33")),
        ("restricted-days", "23", Decimal("7666.67")),
    ]
    assert found["subtotals"] == {"Fund": Decimal("100000.00")}
    assert found["totals"] == [Decimal("100000.00")]


def test_the_least_worst_case_memo_places_the_shortest_suspension(tmp_path: Path) -> None:
    # p1 at 5 business days from Tue 2024-11-12: Nov 12-15, 18; wholly allowed (at most 30
    # days), so only late filing and late effectiveness: 90,000.00 + 2,333.33
    items = written(tmp_path, PIPE, "docx", "--worst-case", "--least")
    answer = answer_of(items)
    assert paragraphs(answer)[1] == "The least the Company can owe: 92,333.33."
    (placed,) = [i for i in answer if i.kind == "table"]
    assert placed.rows == (("p1", "2024-11-12", "2024-11-18", "7", "none required"),)
    assert readers.figures(items)["totals"] == [Decimal("92333.33")]


def test_a_worst_case_memo_with_no_placement_says_what_is_in_the_way(tmp_path: Path) -> None:
    # a start on Veterans Day 2024-11-11, not a business day: no placement fits
    path = tmp_path / "holiday.toml"
    text = PIPE.read_text().split("[expect")[0]
    path.write_text(text.replace("start = 2024-11-12", "start = 2024-11-11"))
    items = written(tmp_path, path, "html", "--worst-case")
    said = paragraphs(answer_of(items))
    assert said[0] == "Status: infeasible."
    assert any(s.startswith("In the way: ") and "p1" in s for s in said)
    found = readers.figures(items)
    assert found["sections"] == [
        "The question and the agreement",
        "The answer",
        "The facts",
        "Readings of the agreement (READING.md section 7)",
        "Timeline",
        "Notice deadlines and dates to watch",
    ]


def test_a_find_memo_naming_no_planned_suspension_is_refused_naming_find(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "memo.html"
    assert cli.main(["memo", str(GAP), "-o", str(out), "--find", "longest:s1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rrcheck: {GAP}: --find: 's1' is not a planned suspension")
    assert err.count("\n") == 1 and not out.exists()


def test_a_memo_of_planned_suspensions_without_a_question_is_refused_saying_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "memo.html"
    assert cli.main(["memo", str(PIPE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rrcheck: {PIPE}: suspensions[0]: planned suspension 'p1'")
    assert "--find OBJECTIVE:ID or --worst-case" in err
    assert err.count("\n") == 1 and not out.exists()
