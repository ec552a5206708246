"""Mistakes a new user makes writing a profile and its first scenario: each is one line naming
the file and the field, exit 2, saying what to write instead (not "unknown field (misspelt?)"
for a key that is right for the 2003 agreement, nor a profile that checks but no scenario can
satisfy)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from checks import agreements, cli
from checks.regression import has_expectations, run_file
from model.loading import InputError, load_any_scenario, load_profile, load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

PROFILE = """\
[agreement]
id = "mine"
name = "Two in any 12 months"

[deadlines]
filing = { n = 30, unit = "calendar-days", after = "closing" }

[allowance]
term = "Suspension Period"

[[allowance.limits]]
kind = "count"
n = 2
window = { months = 12 }

[[damages]]
event = "restricted-days"
rate = "0.01"
period = { days = 30 }
"""

SCENARIO = """\
[scenario]
name = "first"
agreement_file = "mine.toml"

[dates]
closing = "2024-01-02"
registration_filed = "2024-01-31"
effective = "2024-03-01"

[[investors]]
name = "Fund"
purchase_price = "1000000.00"
"""


def _profile_error(tmp_path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        load_profile(path)
    return str(error.value)


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ('rate = "0.01"', 'rate = "1%"', "damages[0].rate", '"10%" is "0.10"'),
        ('rate = "0.01"', 'rate = "-0.01"', "damages[0].rate", "more than 0"),
        (
            'after = "closing"',
            'after = "sec_clearance_notice"',
            "deadlines.filing.after",
            "closing, registration_filed, effective",
        ),
    ],
)
def test_a_plausible_slip_in_a_profile_names_the_field_and_what_to_write(
    tmp_path, old, new, field, says
):
    message = _profile_error(tmp_path, PROFILE.replace(old, new))
    assert f"mine.toml: {field}: " in message and says in message


def test_a_cap_with_no_damages_to_cap_is_refused(tmp_path):
    text = PROFILE.split("[[damages]]")[0] + '[damages_cap]\nfraction = "0.10"\n'
    assert "damages_cap: caps nothing" in _profile_error(tmp_path, text)


def test_the_2003_profile_keeps_its_own_deadline_dates():
    # focus-enhancements-2003 counts from quarterly_report_filed and sec_clearance_notice
    assert agreements.resolve_profile("focus-enhancements-2003").deadlines.filing is not None


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('[[filings]]\nid = "a"\nkind = "amendment"\nfiled = "2024-02-01"\n', "filings"),
        ('[[prices]]\ndate = "2024-02-01"\nclosing_bid = "1.00"\n', "prices"),
    ],
)
def test_a_2003_table_under_a_profile_is_named_as_the_2003_agreements(tmp_path, extra, field):
    (tmp_path / "mine.toml").write_text(PROFILE)
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO + extra)
    with pytest.raises(InputError, match=f"{field}: a table of the 2003 agreement's scenarios"):
        load_any_scenario(path)


def test_a_2003_date_under_a_profile_says_which_dates_the_profile_takes(tmp_path):
    (tmp_path / "mine.toml").write_text(PROFILE)
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO.replace("[dates]\n", '[dates]\nsec_clearance_notice = "2024-02-20"\n'))
    with pytest.raises(InputError) as error:
        load_any_scenario(path)
    assert (
        "dates.sec_clearance_notice: a date of the 2003 agreement; under mine [dates] takes "
        "effective, closing, registration_filed" in str(error.value)
    )


def test_a_profile_given_as_a_scenario_says_it_is_a_profile(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text(PROFILE)
    with pytest.raises(InputError, match="agreement: a term profile, not a scenario"):
        load_scenario(path)
    assert cli.main(["validate", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "a term profile, not a scenario" in line


def _profile_file(tmp_path, suffix: str):
    """PROFILE as ``mine.toml``, or the same document as ``mine.json``."""
    path = tmp_path / f"mine{suffix}"
    path.write_text(PROFILE if suffix == ".toml" else json.dumps(tomllib.loads(PROFILE)))
    return path


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_rrcheck_test_passes_over_a_profile_kept_beside_its_scenarios(tmp_path, suffix):
    path = _profile_file(tmp_path, suffix)
    assert run_file(path) is None  # as a file without [expect], not a failure
    assert not has_expectations(path)  # nor does the pytest plugin collect it


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_rrcheck_test_of_a_folder_checks_the_scenario_and_not_its_profile(tmp_path, capsys, suffix):
    profile = _profile_file(tmp_path, suffix)
    scenario = SCENARIO.replace("mine.toml", profile.name) + "\n[expect]\ncompliant = true\n"
    (tmp_path / "s.toml").write_text(scenario)
    assert cli.main(["test", "--format", "json", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [case["file"] for case in report["results"]] == [str(tmp_path / "s.toml")]


def test_rrcheck_test_reads_each_file_once(tmp_path, monkeypatch):
    profiles = [_profile_file(tmp_path, ".toml"), _profile_file(tmp_path, ".json")]
    (tmp_path / "s.toml").write_text(SCENARIO + "\n[expect]\ncompliant = true\n")
    (tmp_path / "old.toml").write_text((SCENARIOS / "2b-late-filing-one-day.toml").read_text())
    reads: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: reads.append(self.name) or read_bytes(self)
    )
    for name in ("mine.toml", "mine.json", "s.toml", "old.toml"):
        reads.clear()
        result = run_file(tmp_path / name)
        assert (result is None) == (tmp_path / name in profiles)
        wanted = ["s.toml", "mine.toml"] if name == "s.toml" else [name]  # s.toml names mine.toml
        assert reads == wanted


def test_agreement_list_is_rrcheck_agreements(capsys):
    assert cli.main(["agreement", "list"]) == 0
    listed = capsys.readouterr().out
    assert cli.main(["agreements"]) == 0
    assert capsys.readouterr().out == listed


def test_a_daily_rate_reads_per_day(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(PROFILE.replace("period = { days = 30 }", "period = { days = 1 }"))
    text = agreements.profile_text(load_profile(path))
    assert "restricted-days: 1% of the purchase price per day" in text


def test_the_listing_puts_each_name_under_its_id_so_no_line_wraps_to_the_margin(capsys):
    assert cli.main(["agreements"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [p.id for p in agreements.bundled_profiles()]
    assert [line for line in lines if not line.startswith("    ")] == ids
