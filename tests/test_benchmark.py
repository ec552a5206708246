"""The benchmark's ``--profiles`` part (docs/performance.md): the flag parses and the
measurement gives a row per profile file. Times are not asserted: speed is the benchmark's."""

from __future__ import annotations

import datetime as dt
import tempfile
import tomllib
from pathlib import Path

import pytest

from tests.benchmark import __main__ as benchmark
from tests.benchmark import profiles

ONE_FILE = profiles.PROFILE_SCENARIOS / "aggregate-60-in-12-months-at-the-cap-compliant.toml"


def test_profiles_flag_runs_the_profile_figures(monkeypatch, capsys) -> None:
    called: list[int] = []
    monkeypatch.setattr(benchmark, "profile_figures", called.append)
    assert benchmark.main(["--profiles", "--runs", "1"]) == 0
    assert called == [1]
    with pytest.raises(SystemExit):
        benchmark.main(["--profiles", "--runs", "one"])
    capsys.readouterr()


def test_profile_rows_give_one_row_per_file_with_validate_and_find(tmp_path) -> None:
    [row] = profiles.profile_rows(1, [ONE_FILE], tmp_path)
    assert (row["agreement"], row["file"]) == ("aggregate-60-days-in-12-months", ONE_FILE.name)
    assert row["compliant"] is True  # the file's own [expect] compliant = true
    assert row["validate_ms"] > 0 and row["find_ms"] > 0
    # s2 from Monday 2024-06-03 (its start, Saturday 1 June, moved to a business day) with
    # s1's 30 of the 60 days used: 30 more, through 2024-07-02
    assert row["find"] == "optimal 2024-06-03..2024-07-02"
    assert "worst_case" not in row  # worst-case is timed on its own scenarios (profile_worst)


def test_the_worst_case_scenario_has_three_planned_suspensions_under_each_profile() -> None:
    from checks.agreements import bundled_profiles
    from checks.allowance import load_profile_scenario
    from tests.benchmark.profile_worst import three_planned

    for profile in bundled_profiles():
        if profile.agreement.mechanics is not None:
            continue
        path = Path(tempfile.mkdtemp()) / "three.toml"
        path.write_text(three_planned(profile.id))
        scenario = load_profile_scenario(str(path), planned=True)
        assert scenario is not None and len(scenario.planned_suspensions) == 3


def test_planned_document_frees_the_last_suspension_end_for_a_year() -> None:
    document = profiles.planned_document(ONE_FILE)
    assert document is not None and "expect" not in document
    last = max(document["suspensions"], key=lambda s: s["start"])
    assert last["end"] == {
        "earliest": last["start"],
        "latest": last["start"] + dt.timedelta(days=365),
    }
    no_suspension = profiles.PROFILE_SCENARIOS / "pipe-cap-not-reached-late-filing.toml"
    assert profiles.planned_document(no_suspension) is None


def test_startup_ways_keep_bytecode_and_tables_of_the_runs_own(tmp_path) -> None:
    from tests.benchmark import processes

    ways = processes._ways_of_starting(tmp_path)
    kept, compiled = ways[processes.KEPT], ways[processes.COMPILED]
    no_table = ways["no calendar table kept"]
    assert kept["PYTHONPYCACHEPREFIX"] == str(tmp_path / "bytecode")
    assert "PYTHONDONTWRITEBYTECODE" not in kept
    assert kept["RRCHECK_CACHE_DIR"] == compiled["RRCHECK_CACHE_DIR"] == str(tmp_path / "tables")
    assert compiled["PYTHONDONTWRITEBYTECODE"] == "1" and "PYTHONPYCACHEPREFIX" not in compiled
    assert no_table["RRCHECK_CACHE_DIR"] == ""


def test_profile_files_are_the_file_moved_by_weeks_with_its_ends_varied() -> None:
    """``--profile-files``: the k-th variant's dates are the file's moved by k weeks, and each
    suspension's end by -2 to +2 days more, kept after its start and before the next one."""
    from tests.benchmark.profile_files import variants

    two = profiles.PROFILE_SCENARIOS / "aggregate-60-in-12-months-one-day-over-broken.toml"
    original = tomllib.loads(two.read_text())
    moved = variants(two, 5)
    assert len(moved) == 5 and all("expect" not in d for d in moved)
    for k, document in enumerate(moved, 1):
        week = dt.timedelta(days=7 * k)
        assert document["dates"] == {n: d + week for n, d in original["dates"].items()}
        pairs = zip(original["suspensions"], document["suspensions"], strict=True)
        for n, (before, after) in enumerate(pairs):
            assert after["start"] == before["start"] + week
            assert after["end"] - (before["end"] + week) == dt.timedelta(days=(k + n) % 5 - 2)
    assert len({str(d["suspensions"]) for d in moved}) == 5
