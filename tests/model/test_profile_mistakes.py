"""Mistakes a new user makes writing a profile and its first scenario: each is one line naming
the file and the field, exit 2, saying what to write instead (not "unknown field (misspelt?)"
for a key that is right for the 2003 agreement, nor a profile that checks but no scenario can
satisfy)."""

from __future__ import annotations

import pytest

from checks import agreements, cli
from checks.regression import run_file
from model.loading import InputError, load_any_scenario, load_profile, load_scenario

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


def test_rrcheck_test_passes_over_a_profile_kept_beside_its_scenarios(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(PROFILE)
    assert run_file(path) is None  # as a file without [expect], not a failure


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
