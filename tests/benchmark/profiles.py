"""``--profiles``: ``validate`` and ``find --longest`` under each bundled term profile, beside
the 2003 agreement's ``validate`` measured in the same run (issue 15 item 6).

In-process, as the main table: the scenario is loaded once, outside the timing, and each
figure is the median of ``runs`` calls (wall and CPU seconds). No bundled profile scenario
has a planned suspension, so ``find --longest`` runs on a derived file: the file's last
suspension (by start) made planned, its start kept and its end free from that start to a year
later, so the answer is bound by the profile's limits rather than by the window.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import statistics
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checks.allowance import load_profile_scenario, validate_profile
from checks.allowance_find import longest
from checks.validate import validate
from model.loading import load_any_scenario
from model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
PROFILE_SCENARIOS = ROOT / "scenarios" / "profiles"
# 2003 files of a size like the profile files' (one to three fixed suspensions)
BASELINE_2003 = (
    ROOT / "scenarios" / "3h-min-gap-tenth-business-day-compliant.toml",
    ROOT / "scenarios" / "3h-max-count-third-suspension-broken.toml",
)


def _timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians over ``runs`` of (wall, CPU) milliseconds of this process."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return round(statistics.median(walls) * 1e3, 1), round(statistics.median(cpus) * 1e3, 1)


def planned_document(path: Path) -> dict[str, Any] | None:
    """The file with its last suspension made planned (start kept, end free for a year), or
    None if it has none or two share the last start (find --longest needs it after every
    one)."""
    document = tomllib.loads(path.read_text())
    document.pop("expect", None)
    suspensions = document.get("suspensions", [])
    if not suspensions:
        return None
    last = max(suspensions, key=lambda s: s["start"])
    if sum(s["start"] == last["start"] for s in suspensions) > 1:
        return None
    start: dt.date = last["start"]
    while start.weekday() >= 5:  # a planned suspension starts on a business day: off a weekend
        start += dt.timedelta(days=1)
    last["start"] = start
    last["end"] = {"earliest": start, "latest": start + dt.timedelta(days=365)}
    return document


def start_windows(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``find --latest-start`` and ``--earliest-start`` on the planned file: its planned
    suspension with the business days it spans in the file (its start to the file's end, at
    least 5) and a start window of 60 days, from its start (latest) or ending on it (earliest,
    no earlier than the day after the suspension before it)."""
    planned = next(s for s in document["suspensions"] if isinstance(s["end"], dict))
    start: dt.date = planned["start"]
    before = [s["end"] for s in document["suspensions"] if s is not planned and s["end"] < start]
    found = {}
    for objective, window in (
        ("latest-start", (start, start + dt.timedelta(days=60))),
        ("earliest-start", (start - dt.timedelta(days=60), start)),
    ):
        first = window[0] if not before else max(window[0], max(before) + dt.timedelta(days=1))
        shifted = json.loads(json.dumps(document, default=str))
        for s in shifted["suspensions"]:
            if s["id"] == planned["id"]:
                s["start"] = {"earliest": first.isoformat(), "latest": window[1].isoformat()}
                s["end"] = {
                    "earliest": first.isoformat(),
                    "latest": (window[1] + dt.timedelta(days=365)).isoformat(),
                }
                s["length"] = {"min": 5, "max": 20}
        found[objective] = shifted
    return found


def _find_row(scenario: Any, path: Path, runs: int) -> dict[str, Any]:
    """A scenario file with planned suspensions: ``find`` of its own [expect.find], timed."""
    wanted = scenario.expect.find
    ask = functools.partial(longest, scenario, wanted.objective, wanted.suspension, None)
    answer = ask()
    wall, cpu = _timed(ask, runs)
    found = answer.get("suspension", {})
    return {
        "agreement": scenario.profile.id,
        "file": path.name,
        "suspensions": len(scenario.suspensions),
        "objective": wanted.objective,
        "find_ms": wall,
        "find_cpu_ms": cpu,
        "find": f"{answer['status']} {found.get('start', '')}..{found.get('end', '')}",
    }


def baseline_rows(runs: int) -> list[dict[str, Any]]:
    rows = []
    for path in BASELINE_2003:
        scenario = load_any_scenario(path)
        assert isinstance(scenario, Scenario), f"{path} is not a 2003 scenario"
        validate(scenario)  # once before timing, as for the profiles
        wall, cpu = _timed(functools.partial(validate, scenario), runs)
        rows.append(
            {
                "agreement": "focus-enhancements-2003",
                "file": path.name,
                "suspensions": len(scenario.suspensions),
                "validate_ms": wall,
                "validate_cpu_ms": cpu,
            }
        )
    return rows


def profile_rows(
    runs: int, paths: Sequence[Path] | None = None, folder: Path | None = None
) -> list[dict[str, Any]]:
    """One row per profile scenario file: validate, and find --longest on its derived planned
    file (written to ``folder``), each the median of ``runs``."""

    paths = sorted(PROFILE_SCENARIOS.glob("*.toml")) if paths is None else paths
    rows = []
    with contextlib.ExitStack() as stack:
        if folder is None:
            import tempfile

            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for path in paths:
            scenario = load_profile_scenario(str(path), planned=True)
            assert scenario is not None, f"{path} names no term profile"
            if scenario.planned_suspensions and scenario.expect.worst_case is not None:
                from tests.benchmark.profile_worst import worst_case_file_row

                rows.append(worst_case_file_row(scenario, path, runs))
                continue
            if scenario.planned_suspensions:  # a find scenario: its own [expect.find], timed
                rows.append(_find_row(scenario, path, runs))
                continue
            verdict = validate_profile(scenario)
            wall, cpu = _timed(functools.partial(validate_profile, scenario), runs)
            row: dict[str, Any] = {
                "agreement": scenario.profile.id,
                "file": path.name,
                "suspensions": len(scenario.suspensions),
                "validate_ms": wall,
                "validate_cpu_ms": cpu,
                "compliant": verdict.compliant,
            }
            document = planned_document(path)
            if document is None:
                row["find"] = "no suspension to make planned"
            else:
                planned_path = folder / f"planned-{path.stem}.json"
                planned_path.write_text(json.dumps(document, default=str))
                planned = load_profile_scenario(str(planned_path), planned=True)
                assert planned is not None
                target = planned.planned_suspensions[0].id
                answer = longest(planned, "longest", target, None)
                row["find_ms"], row["find_cpu_ms"] = _timed(
                    functools.partial(longest, planned, "longest", target, None), runs
                )
                found = answer.get("suspension", {})
                row["find"] = f"{answer['status']} {found.get('start', '')}..{found.get('end', '')}"
                for objective, shifted in start_windows(document).items():
                    shifted_path = folder / f"{objective}-{path.stem}.json"
                    shifted_path.write_text(json.dumps(shifted, default=str))
                    shifted_scenario = load_profile_scenario(str(shifted_path), planned=True)
                    assert shifted_scenario is not None
                    ask = functools.partial(longest, shifted_scenario, objective, target, None)
                    got = ask()
                    key = objective.replace("-", "_")
                    row[f"find_{key}_ms"], row[f"find_{key}_cpu_ms"] = _timed(ask, runs)
                    placed = got.get("suspension", {})
                    row[f"find_{key}"] = f"{got['status']} {placed.get('start', '')}"
            rows.append(row)
    return rows


def profile_figures(runs: int) -> None:
    """Print the 2003 baseline, each profile file's row, and a summary per profile, as JSON
    lines; the baseline is measured before and after the profiles, in the same run."""
    before = baseline_rows(runs)
    for row in before:
        print(json.dumps(row), flush=True)
    rows = profile_rows(runs)
    for row in rows:
        print(json.dumps(row), flush=True)
    after = baseline_rows(runs)
    for row in after:
        print(json.dumps({**row, "measured": "after the profiles"}), flush=True)
    baseline = round(statistics.median(r["validate_ms"] for r in before + after), 1)
    baseline_cpu = round(statistics.median(r["validate_cpu_ms"] for r in before + after), 1)
    by_profile: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_profile.setdefault(row["agreement"], []).append(row)
    for agreement, group in by_profile.items():
        timed = [(k, r[k]) for r in group for k in r if k.startswith("find") and k.endswith("_ms")]
        finds = [v for k, v in timed if not k.endswith("cpu_ms")]
        finds_cpu = [v for k, v in timed if k.endswith("cpu_ms")]
        files = len(group)
        group = [r for r in group if "validate_ms" in r]
        summary = {
            "agreement": agreement,
            "files": files,
            "validate_ms_median": round(statistics.median(r["validate_ms"] for r in group), 1),
            "validate_ms_max": max(r["validate_ms"] for r in group),
            "validate_cpu_ms_median": round(
                statistics.median(r["validate_cpu_ms"] for r in group), 1
            ),
            "baseline_2003_ms": baseline,
            "baseline_2003_cpu_ms": baseline_cpu,
            "find_ms_max": max(finds) if finds else None,
            "find_cpu_ms_max": max(finds_cpu) if finds_cpu else None,
        }
        print(json.dumps(summary), flush=True)
    from model.profiles import DEFAULT_PROFILE, bundled_profile_files

    without = sorted(set(bundled_profile_files()) - set(by_profile) - {DEFAULT_PROFILE})
    print(json.dumps({"bundled_profiles_without_scenario_files": without}), flush=True)
    from tests.benchmark.profile_worst import worst_case_figures

    worst_case_figures(runs)  # worst-case with three planned suspensions on each profile


def profile_comparison(runs: int, baseline: Path, rounds: int = 2) -> None:
    """``--profiles --baseline SOURCE``: the figures of another checkout (an older commit) and
    of this one in the same run, each in a fresh process, alternating (``rounds`` times each),
    as JSON lines; then, per profile, the medians over the rounds of each tree's validate CPU
    (and its ratio to that process's own 2003 baseline) and of its slowest find --longest."""
    from tests.benchmark.processes import alternating

    command = ["-m", "tests.benchmark", "--profiles", "--runs", str(runs)]
    lines_of: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for tree, round_, line in alternating(command, baseline, rounds):
        print(json.dumps({"tree": tree, "round": round_, **line}), flush=True)
        lines_of.setdefault((tree, round_), []).append(line)
    figures: dict[str, list[dict[str, Any]]] = {"baseline": [], "this": []}
    for (tree, _), lines in lines_of.items():
        figures[tree].append(_per_profile(lines))
    agreements = sorted({a for run in figures["this"] for a in run})
    for agreement in agreements:
        row: dict[str, Any] = {"agreement": agreement, "rounds": rounds}
        for tree, runs_of_tree in figures.items():
            mine = [run[agreement] for run in runs_of_tree if agreement in run]
            for key in ("validate_cpu_ms", "ratio", "find_ms_max", "find_cpu_ms_max"):
                values = [m[key] for m in mine if m.get(key) is not None]
                row[f"{tree}_{key}"] = round(statistics.median(values), 2) if values else None
        print(json.dumps(row), flush=True)


def _per_profile(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One process's figures per profile: the median validate CPU of its files, its ratio to
    the process's 2003 baseline, and its slowest find (wall and CPU)."""
    baseline = [line["validate_cpu_ms"] for line in lines if line.get("agreement") == BASELINE_ID]
    base = statistics.median(baseline)
    files: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        if "file" in line and line["agreement"] != BASELINE_ID:
            files.setdefault(line["agreement"], []).append(line)
    out = {}
    for agreement, group in files.items():
        # a find or worst-case scenario's row has no validate figure; every find objective counts
        validated = [r["validate_cpu_ms"] for r in group if "validate_cpu_ms" in r]
        cpu = statistics.median(validated) if validated else None
        timed = [(k, v) for r in group for k, v in r.items() if k.startswith("find_")]
        walls = [v for k, v in timed if k.endswith("_ms") and not k.endswith("cpu_ms")]
        cpus = [v for k, v in timed if k.endswith("cpu_ms")]
        out[agreement] = {
            "validate_cpu_ms": cpu,
            "ratio": None if cpu is None else cpu / base,
            "find_ms_max": max(walls, default=None),
            "find_cpu_ms_max": max(cpus, default=None),
        }
    return out


BASELINE_ID = "focus-enhancements-2003"
