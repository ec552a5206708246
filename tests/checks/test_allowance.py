"""A scenario names its agreement (CONTRACT.md "Term profiles"): ``agreement = "ID"`` or
``agreement_file = "PATH"``; without one it is the 2003 agreement, read and checked as before.
Bad input is one line naming the file and the field (exit 2); ``validate`` under a profile
gives the verdict with the clause's words, the dates and by how much, and the payments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checks import cli
from model.loading import InputError, load_any_scenario, load_scenario
from model.scenario import ProfileScenario, Scenario
from tests.builders import SATURDAYS

ROOT = Path(__file__).parents[2]
SCENARIOS = ROOT / "scenarios"
BASE = SCENARIOS / "3h-min-gap-tenth-business-day-compliant.toml"

PIPE = """\
[scenario]
name = "PIPE: a 31-day Grace Period"
agreement = "pipe-one-percent-per-30-days-capped-10-percent"

[dates]
closing = 2024-01-02
registration_filed = 2024-01-25
effective = 2024-03-01

[[investors]]
name = "Fund"
purchase_price = "1000000.00"

[[suspensions]]
id = "s1"
start = 2024-04-01
end = 2024-04-30

[[suspensions]]
id = "s2"
start = 2024-09-02
end = 2024-10-02
"""


def _write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_an_agreement_a_scenario_is_the_2003_agreements(tmp_path, capsys) -> None:
    named = _write(
        tmp_path,
        BASE.read_text().replace(
            "[scenario]\n", '[scenario]\nagreement = "focus-enhancements-2003"\n', 1
        ),
    )
    assert isinstance(load_any_scenario(BASE), Scenario)
    assert isinstance(load_any_scenario(named), Scenario)
    outputs = []
    for path in (BASE, named):
        assert cli.main(["validate", str(path), "--format", "json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]


def test_a_bundled_profile_by_id_and_a_profile_file_relative_to_the_scenario(tmp_path) -> None:
    by_id = load_any_scenario(_write(tmp_path, PIPE))
    assert isinstance(by_id, ProfileScenario)
    assert by_id.profile.id == "pipe-one-percent-per-30-days-capped-10-percent"
    (tmp_path / "terms").mkdir()
    shutil.copy(
        ROOT / "model/agreements/pipe-one-percent-per-30-days-capped-10-percent.toml",
        tmp_path / "terms" / "pipe.toml",
    )
    text = PIPE.replace(
        'agreement = "pipe-one-percent-per-30-days-capped-10-percent"',
        'agreement_file = "terms/pipe.toml"',
    )
    by_file = load_any_scenario(_write(tmp_path, text, "f.toml"))
    assert isinstance(by_file, ProfileScenario)
    assert by_file.profile.id == by_id.profile.id
    assert by_file.profile.source.endswith("pipe.toml")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('agreement = "pipe', 'agreement = "nope'), "scenario.agreement", "no bundled profile"),
        (
            ('agreement = "pipe-one', 'agreement_file = "x.toml"\nagreement = "pipe-one'),
            "scenario.agreement_file",
            "not both",
        ),
        (
            ('agreement = "pipe-one-percent-per-30-days-capped-10-percent"', 'agreement_file = "x.toml"'),
            "scenario.agreement_file",
            "no profile file",
        ),
        (("closing = 2024-01-02\n", ""), "dates.closing", "its filing deadline counts from it"),
        (("effective = 2024-03-01\n", ""), "dates.effective", "required field is missing"),
        (
            ("effective = 2024-03-01\n", "effective = 2024-03-01\nsec_clearance_notice = 2024-02-01\n"),
            "dates.sec_clearance_notice",
            "",
        ),
        (("end = 2024-04-30", "end = 2024-09-05"), "suspensions[1].start", "overlaps"),
        (("start = 2024-09-02\nend = 2024-10-02", "start = 2099-09-02\nend = 2099-10-02"), "suspensions[1].start", "calendar covers"),
    ],
)  # fmt: skip
def test_bad_input_names_the_file_and_the_field(
    tmp_path, capsys, change: tuple[str, str], field: str, words: str
) -> None:
    path = _write(tmp_path, PIPE.replace(*change, 1))
    with pytest.raises(InputError) as raised:
        load_any_scenario(path)
    assert str(path) in str(raised.value) and field in str(raised.value)
    assert words in str(raised.value)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err and "Traceback" not in err


def test_a_broken_profile_file_is_named_with_its_field(tmp_path, capsys) -> None:
    _write(tmp_path, '[agreement]\nid = "x"\nname = "x"\n[allowance]\nexcess = "some"\n', "p.toml")
    text = PIPE.replace(
        'agreement = "pipe-one-percent-per-30-days-capped-10-percent"', 'agreement_file = "p.toml"'
    )
    path = _write(tmp_path, text)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "p.toml" in err and "allowance.excess" in err and err.count("\n") == 1


def test_the_2003_commands_refuse_a_profile_scenario_in_one_line(tmp_path, capsys) -> None:
    path = _write(tmp_path, PIPE)
    with pytest.raises(InputError, match="scenario.agreement"):
        load_scenario(path)
    # the memo checks any profile's; a worst case of a file with nothing planned is bad input
    memo = ["memo", str(path), "--worst-case", "-o", str(tmp_path / "memo.html")]
    assert cli.main(memo) == 2
    err = capsys.readouterr().err
    assert "suspensions: worst-case needs a planned suspension" in err and err.count("\n") == 1
    assert not (tmp_path / "memo.html").exists()


def test_validate_under_a_profile_names_the_clause_the_dates_and_how_much(tmp_path, capsys) -> None:
    path = _write(tmp_path, PIPE)
    assert cli.main(["validate", str(path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["agreement"] == "pipe-one-percent-per-30-days-capped-10-percent"
    assert out["compliant"] is False
    assert out["dates"]["filing_deadline"] == "2024-02-01"  # 30 days after closing
    assert out["dates"]["registration_period_end"] == "2026-03-01"
    [s1, s2] = out["suspensions"]
    assert (s1["restricted_from"], s2["restricted_from"], s2["permitted"]) == (
        None,
        "2024-10-02",
        True,
    )
    [violation] = out["violations"]
    assert (violation["rule"], violation["subject"], violation["section"]) == (
        "allowance.length",
        "s2",
        "3(n)",
    )
    assert "2024-10-02 is its 31st calendar day" in violation["message"]
    assert "1 day from 2024-10-02 through 2024-10-02 is past the limit" in violation["message"]
    assert violation["limit"]["words"] == "a Grace Period may not exceed 30 consecutive days"
    # 1% of 1,000,000 for 1 day of a 30-day period: 333.33
    assert [(p["subject"], p["days"], p["amount"]) for p in out["payments"]] == [
        ("s2", 1, "333.33")
    ]
    assert out["total_payments"] == "333.33"
    assert cli.main(["validate", str(path)]) == 1
    text = capsys.readouterr().out
    assert 'the clause: "a Grace Period may not exceed 30 consecutive days"' in text
    assert "total payments: 333.33" in text


def test_validate_under_a_profile_is_compliant_at_the_limit(tmp_path, capsys) -> None:
    path = _write(tmp_path, PIPE.replace("end = 2024-10-02", "end = 2024-10-01"))
    assert cli.main(["validate", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["compliant"] is True and out["violations"] == [] and out["payments"] == []


def test_validate_refuses_a_planned_suspension_under_a_profile(tmp_path, capsys) -> None:
    text = PIPE.replace(
        "start = 2024-09-02\nend = 2024-10-02",
        "start = { earliest = 2024-09-02, latest = 2024-09-20 }\nlength = 5",
    )
    path = _write(tmp_path, text)
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "suspensions[1]" in err and "planned" in err


def test_validate_robust_under_a_profile_reads_its_own_terms(capsys) -> None:
    """A Saturday notice: deemed Monday (the default), it is a day short; as given, Monday is
    the first business day after it and the suspension may begin then."""
    path = SCENARIOS / "profiles" / "one-per-year-notice-broken.toml"
    assert cli.main(["validate", "--robust", "--format", "json", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["robust"] is False and out["flips"] == ["notice-day"]
    assert [
        (v["interpretation"]["notice-day"], v["interpretation"]["lead-time"], v["compliant"])
        for v in out["verdicts"]
    ] == [
        ("next-business-day", "nth-business-day", False),
        ("next-business-day", "clear-business-days", False),
        ("as-given", "nth-business-day", True),
        ("as-given", "clear-business-days", False),
    ]
    at_the_cap = SCENARIOS / "profiles" / "aggregate-60-in-12-months-at-the-cap-compliant.toml"
    assert cli.main(["validate", "--robust", str(at_the_cap)]) == 0
    assert "robust: the 4 readings of notice-day, lead-time agree" in capsys.readouterr().out


def test_validate_quiet_under_a_profile_is_one_line_per_file_as_for_2003(capsys) -> None:
    """--quiet "print only the verdict": a profile's file printed its whole report."""
    files = [
        BASE,
        SCENARIOS / "profiles" / "gap-10-trading-days-across-good-friday-broken.toml",
        SCENARIOS / "profiles" / "one-per-year-notice-compliant.toml",
    ]
    assert cli.main(["validate", "--quiet", *map(str, files)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"COMPLIANT {files[0]}",
        f"NOT COMPLIANT {files[1]}",
        f"COMPLIANT {files[2]}",
    ]
    # two clear business days (lead-time = clear-business-days) after the Friday notice come
    # after the Monday start: not robust
    assert cli.main(["validate", "--quiet", "--robust", str(files[2])]) == 1
    assert capsys.readouterr().out == f"COMPLIANT (not robust) {files[2]}\n"


def test_under_a_profile_a_deemed_day_is_shown_beside_the_day_given(tmp_path, capsys) -> None:
    """READING.md section 1: "Every report shows the deemed day beside the day given when they
    differ". Closing Thu 2024-08-01: the filing deadline, 30 days on, is Sat 08-31, rolled past
    Labor Day to Tue 09-03; filed Sat 09-07, deemed Mon 09-09: 6 days late. s1's notice on Sat
    2025-03-29 is deemed Mon 03-31, the day s1 begins: a business day short."""
    path = _write(tmp_path, SATURDAYS)
    assert cli.main(["validate", str(path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    [s1] = out["suspensions"]
    assert (s1["advance_notice"], s1["advance_notice_deemed"]) == ("2025-03-29", "2025-03-31")
    late, notice = out["violations"]
    assert late["dates"] == {
        "deadline": "2024-09-03",
        "filed": "2024-09-07",
        "filed_deemed": "2024-09-09",
    }
    assert late["message"].startswith(
        "filed 2024-09-07 (a Saturday, deemed made on 2024-09-09, the next business day), "
        "6 calendar days after"
    )
    assert notice["message"].startswith(
        "notice given 2025-03-29 (a Saturday, deemed made on 2025-03-31, the next business day) "
        "allows a start no earlier than 2025-04-01"
    )
    # a notice on a business day adds no field: the rows are as they were
    path.write_text(SATURDAYS.replace("2025-03-29", "2025-03-28"), encoding="utf-8")
    assert cli.main(["validate", str(path), "--format", "json"]) == 1
    [s1] = json.loads(capsys.readouterr().out)["suspensions"]
    assert "advance_notice" not in s1


LONGEST = """\
[scenario]
name = "How many more days before 2024-12-31?"
agreement = "aggregate-60-days-in-12-months"

[dates]
closing = 2024-01-02
registration_filed = 2024-01-25
effective = 2024-03-01

[[suspensions]]
id = "s1"
start = 2024-04-01
end = 2024-04-30

[[suspensions]]
id = "next"
start = 2024-09-03
end = { earliest = 2024-09-03, latest = 2024-12-31 }
"""


def test_find_longest_under_a_profile_is_the_day_before_the_first_past_the_limit(
    tmp_path, capsys
) -> None:
    """60 days in any 12 months, 30 used in April: from Tuesday 3 September (a planned
    suspension starts on a business day, and 2 September is Labor Day), 30 more, through
    2 October; 3 October would be the 61st in the window from 2023-10-04."""
    path = _write(tmp_path, LONGEST)
    assert cli.main(["find", str(path), "--longest", "next", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal"
    assert (out["suspension"]["start"], out["suspension"]["end"], out["suspension"]["days"]) == (
        "2024-09-03",
        "2024-10-02",
        30,
    )
    [bound] = out["bound_by"]
    assert (bound["rule"], bound["date"]) == ("allowance.aggregate", "2024-10-03")
    assert "window from 2023-10-04" in bound["explanation"]
    # the answer, fixed, is compliant; a day more is not
    for end, verdict in (("2024-10-02", 0), ("2024-10-03", 1)):
        fixed = LONGEST.replace("{ earliest = 2024-09-03, latest = 2024-12-31 }", end)
        assert cli.main(["validate", str(_write(tmp_path, fixed, f"{end}.toml"))]) == verdict
    capsys.readouterr()
    # an end window that closes first bounds it
    early = _write(
        tmp_path, LONGEST.replace("latest = 2024-12-31", "latest = 2024-09-20"), "e.toml"
    )
    assert cli.main(["find", str(early), "--longest", "next", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["suspension"]["end"] == "2024-09-20"
    # both windows bind: a longer one would end later or start earlier
    assert [b["rule"] for b in out["bound_by"]] == ["plan.end-window", "plan.start-window"]


def test_find_under_a_profile_infeasible_for_every_objective(tmp_path, capsys) -> None:
    # one per 12 months: a second suspension in the same 12 months breaks count on its first day
    text = LONGEST.replace("aggregate-60-days-in-12-months", "one-per-year-90-days").replace(
        'id = "s1"\n', 'id = "s1"\nadvance_notice = 2024-03-01\n'
    )
    path = _write(tmp_path, text)
    assert cli.main(["find", str(path), "--longest", "next", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible"
    assert [o["rule"] for o in out["obstacles"]] == ["allowance.count"]
    for objective in ("--latest-start", "--earliest-start"):
        assert cli.main(["find", str(path), objective, "next", "--format", "json"]) == 1
        assert json.loads(capsys.readouterr().out)["status"] == "infeasible"


def test_a_payment_row_of_one_day_says_day(capsys) -> None:
    """The 61st day of the aggregate alone is restricted: one day's period, "(1 day)"; the
    gap scenario's five restricted days, "(5 days)"."""
    profiles = SCENARIOS / "profiles"
    one = profiles / "aggregate-60-in-12-months-one-day-over-broken.toml"
    assert cli.main(["validate", str(one)]) == 1
    out = capsys.readouterr().out
    assert "from 2024-07-01  period to 2024-07-01 (1 day)  333.33" in out
    assert "(1 days)" not in out
    five = profiles / "gap-10-trading-days-across-good-friday-broken.toml"
    assert cli.main(["validate", str(five)]) == 1
    assert "period to 2024-04-08 (5 days)  1666.67" in capsys.readouterr().out


def test_a_profile_file_under_a_bundled_id_must_have_its_terms(tmp_path, capsys) -> None:
    """A copy of a bundled profile keeps its id and is read as it; a profile whose id is a
    bundled one's but whose terms are not is refused (exit 2, the file and agreement.id): every
    report names the agreement by its id, so the two would read as one agreement."""
    bundled = ROOT / "model/agreements/pipe-one-percent-per-30-days-capped-10-percent.toml"
    (tmp_path / "terms").mkdir()
    copy = tmp_path / "terms" / "copy.toml"
    shutil.copy(bundled, copy)
    changed = tmp_path / "terms" / "changed.toml"
    text = bundled.read_text(encoding="utf-8")
    assert text.count("n = 30\n") >= 1
    changed.write_text(text.replace("n = 30\n", "n = 31\n", 1), encoding="utf-8")
    by_id = _write(tmp_path, PIPE, "by-id.toml")
    agreement = 'agreement = "pipe-one-percent-per-30-days-capped-10-percent"'
    by_copy = _write(tmp_path, PIPE.replace(agreement, 'agreement_file = "terms/copy.toml"'), "c.toml")
    by_changed = _write(
        tmp_path, PIPE.replace(agreement, 'agreement_file = "terms/changed.toml"'), "x.toml"
    )
    assert cli.main(["validate", str(by_id), "--format", "json"]) == 1
    alone = capsys.readouterr().out
    assert cli.main(["validate", str(by_copy), "--format", "json"]) == 1
    assert capsys.readouterr().out == alone  # the copy is the bundled profile
    assert cli.main(["agreement", "check", str(copy)]) == 0
    capsys.readouterr()
    for argv in (["agreement", "check", str(changed)], ["validate", str(by_changed)]):
        assert cli.main(argv) == 2, argv
        out, err = capsys.readouterr()
        assert f"{changed}: agreement.id: " in err, argv
        assert "bundled profile's id" in err and err.count("\n") == 1 and out == "", argv
    # one rrcheck test run of both: the file under the changed terms is bad input (exit 2)
    for path in (by_id, by_changed):
        path.write_text(path.read_text(encoding="utf-8") + "\n[expect]\ncompliant = false\n")
    assert cli.main(["test", str(by_id), str(by_changed), "--format", "json"]) == 2
    results = {r["file"]: r for r in json.loads(capsys.readouterr().out)["results"]}
    assert results[str(by_id)]["passed"]
    assert f"{changed}: agreement.id: " in results[str(by_changed)]["error"]


def test_days_past_a_limit_are_counted_in_words(capsys) -> None:
    # "1 day ... is past the limit" (above); three days "are past", never "3 day(s)"
    name = "calendar-year-121st-day-restricted-into-the-new-year-broken.toml"
    path = ROOT / "scenarios" / "profiles" / name
    assert cli.main(["validate", str(path), "--format", "json"]) == 1
    [violation] = json.loads(capsys.readouterr().out)["violations"]
    assert "3 days from 2024-12-31 through 2025-01-02 are past the limit" in violation["message"]
