"""Command-line input beyond the scenario file (readings given with --interpretation, an id
find does not know) and the JSON shape of validate. Bad scenario files of every kind are in
tests/test_cli.py."""

from __future__ import annotations

import json
from pathlib import Path

from checks.cli import main

GOOD = """\
[scenario]
name = "good"
[dates]
quarterly_report_filed = 2003-08-14
registration_filed = 2003-08-21
sec_clearance_notice = 2003-10-01
effective = 2003-10-03
transfer_agent_opinion = 2003-10-08
[[investors]]
name = "SF Capital Partners Ltd."
purchase_price = "1500000.00"
[[suspensions]]
id = "s1"
advance_notice = 2004-01-05
start = 2004-01-07
end = 2004-01-20
[[suspensions]]
id = "s2"
advance_notice = 2004-01-29
start = 2004-02-02
end = 2004-02-04
"""


def write(tmp_path: Path, text: str, name: str = "deal.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# Each kind of bad input, a file that cannot be read and broken JSON: tests/test_cli.py
# (exit 2, one line naming the file and the field, nothing on stdout).


def test_unknown_interpretation_on_the_command_line(capsys, tmp_path):
    path = write(tmp_path, GOOD)
    code, _, err = run(capsys, "validate", str(path), "--interpretation", "spacing=eleven")
    assert code == 2 and "--interpretation" in err and "spacing" in err
    code, _, err = run(capsys, "validate", str(path), "--interpretation", "colour=red")
    assert code == 2 and "colour" in err


def test_find_for_an_id_that_is_not_planned(capsys, tmp_path):
    path = write(tmp_path, GOOD)
    code, _, err = run(capsys, "find", str(path), "--latest-start", "s1")
    assert code == 2 and "'s1' is not a planned suspension" in err


def test_validate_json_has_the_contract_shape(capsys, tmp_path):
    path = write(tmp_path, GOOD)
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    # s2 starts Mon Feb 2, one business day before bd_after(Jan 20, 10) = Tue Feb 3.
    assert code == 1
    data = json.loads(out)
    assert data["scenario"] == "good" and data["compliant"] is False
    assert set(data["interpretation"]) == {
        "spacing",
        "count",
        "overlength",
        "notice",
        "penalty-window",
        "leap-day",
    }
    assert data["dates"] == {
        "required_filing_date": "2003-08-21",
        "initial_required_effective_date": "2003-10-06",
        "registration_period_start": "2003-10-03",
        "registration_period_end": "2005-10-03",
        "registration_period_ended_by": "two years after the Effective Date (3(a)(iii))",
    }
    s1, s2 = data["suspensions"]
    assert {
        k: s1[k]
        for k in ("id", "start", "end", "business_days", "permitted", "restricted_from", "outside")
    } == {
        "id": "s1",
        "start": "2004-01-07",
        "end": "2004-01-20",
        "business_days": 9,
        "permitted": True,
        "restricted_from": None,
        "outside": False,
    }
    assert s2["restricted_from"] == "2004-02-02" and s2["permitted"] is False
    (violation,) = data["violations"]
    assert {k: violation[k] for k in ("rule", "subject", "section")} == {
        "rule": "suspension.min-gap",
        "subject": "s2",
        "section": "3(h)(ii)",
    }
    assert isinstance(violation["message"], str)
    # Restricted Feb 2..4: 3 days x 1,500,000 x 1.5% / 30 = 2,250.00, due bd_after(Feb 5, 3).
    (payment,) = data["payments"]
    assert payment == {
        "investor": "SF Capital Partners Ltd.",
        "trigger": "restricted-sale-date",
        "subject": "s2",
        "restricted_sale_date": "2004-02-02",
        "computation_date": "2004-02-05",
        "days": 3,
        "amount": "2250.00",
        "due": "2004-02-10",
        "held_shares_value": "1500000.00",
        "periodic_amount_shares": None,
    }
    assert data["total_payments"] == "2250.00"


def test_several_files_give_a_json_array(capsys, tmp_path):
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD.replace('name = "good"', 'name = "other"'), "b.toml")
    code, out, _ = run(capsys, "validate", str(first), str(second), "--format", "json")
    assert [d["scenario"] for d in json.loads(out)] == ["good", "other"]


def test_json_scenario_gives_the_same_verdict_as_toml(capsys, tmp_path):
    import tomllib

    document = tomllib.loads(GOOD)

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if hasattr(value, "isoformat") else value

    as_json = write(tmp_path, json.dumps(plain(document)), "deal.json")
    as_toml = write(tmp_path, GOOD)
    outputs = []
    for path in (as_toml, as_json):
        code, out, _ = run(capsys, "validate", str(path), "--format", "json")
        outputs.append((code, json.loads(out)))
    assert outputs[0] == outputs[1]


def test_text_report_cites_the_clause(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(write(tmp_path, GOOD)))
    assert code == 1
    assert "[suspension.min-gap] s2 - Section 3(h)(ii)" in out
    assert "begin less than ten (10) business days after the last day" in out
    (row,) = [line for line in out.splitlines() if line.startswith("  suspension.min-gap ")]
    assert row.split()[1:3] == ["s2", "3(h)(ii)"] and row.endswith("1 business day")
    assert "Total: 2,250.00" in out
