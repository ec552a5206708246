"""The benchmark's ``--profiles`` find rows (docs/performance.md, "Term profiles"): the derived
latest/earliest-start files and a find scenario's own [expect.find]. Times are not asserted."""

from __future__ import annotations

from tests.benchmark import profiles

ONE_FILE = profiles.PROFILE_SCENARIOS / "aggregate-60-in-12-months-at-the-cap-compliant.toml"
FIND_FILE = (
    profiles.PROFILE_SCENARIOS / "gap-10-trading-days-find-earliest-start-across-good-friday.toml"
)


def test_profile_rows_time_latest_and_earliest_start_on_the_derived_file(tmp_path) -> None:
    [row] = profiles.profile_rows(1, [ONE_FILE], tmp_path)
    # s2 planned from its start 2024-06-01: its start window runs 60 days on (latest) or back to
    # the day after s1 (earliest), 5 to 20 business days
    assert row["find_latest_start"].startswith("optimal ")
    assert row["find_earliest_start"].startswith("optimal ")
    assert row["find_latest_start_ms"] > 0 and row["find_earliest_start_cpu_ms"] >= 0


def test_a_find_scenario_is_timed_on_its_own_question(tmp_path) -> None:
    [row] = profiles.profile_rows(1, [FIND_FILE], tmp_path)
    assert row["objective"] == "earliest-start"
    assert row["find"] == "optimal 2024-04-05..2024-04-09"  # its [expect.find]
    assert "validate_ms" not in row
