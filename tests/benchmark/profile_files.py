"""``--profile-files N``: ``validate`` of N generated files under each bundled term profile, each
file once (no file repeated, so no figure is a file validated again), beside the reference
evaluator on the same files and the 2003 agreement's ``validate`` of N generated files
(:func:`tests.benchmark.scenarios.thousand_files`), in one process (issue 15 item 6).

The files of a profile are its fixed scenario files in ``scenarios/profiles/`` moved by whole
weeks (every date of the file), each suspension's end then moved by -2 to +2 days (kept after
its start and before the next one): other dates and verdicts, mostly of the shapes of the
files they come from. Each file is read before the timing; the figure is the CPU milliseconds
a file of one pass over all of them, the median of ``runs`` passes (the first pass builds the
model of each shape it meets, the later ones find them built, as the later files of one long
call do); the reference's, one pass.

Also runnable as a script, ``python tests/benchmark/profile_files.py N RUNS`` with another
checkout first on ``PYTHONPATH`` (``--baseline``): it reads only what older trees also have.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any


def _moved(value: Any, days: int) -> Any:
    """``value`` with every date in it moved by ``days``."""
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if isinstance(value, dict):
        return {k: _moved(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, days) for v in value]
    return value


def variants(path: Path, count: int) -> list[dict[str, Any]]:
    """``count`` documents of the file moved by 1, 2, ... weeks, the ends varied."""
    document = tomllib.loads(path.read_text())
    document.pop("expect", None)
    found = []
    for k in range(1, count + 1):
        moved = _moved(document, 7 * k)
        suspensions = sorted(moved.get("suspensions", []), key=lambda s: s["start"])
        for n, s in enumerate(suspensions):
            end = max(s["start"], s["end"] + dt.timedelta(days=(k + n) % 5 - 2))
            if n + 1 < len(suspensions):
                end = min(end, suspensions[n + 1]["start"] - dt.timedelta(days=1))
            s["end"] = end
        found.append(moved)
    return found


def _cpu_ms_a_file(action: Any, items: list[Any], runs: int) -> float:
    passes = []
    for _ in range(runs):
        cpu = time.process_time()
        for item in items:
            action(item)
        passes.append((time.process_time() - cpu) / len(items))
    return round(statistics.median(passes) * 1e3, 3)


def profile_files_figures(count: int, runs: int) -> None:
    """Print, as JSON lines, the 2003 baseline and one row per profile."""
    import checks
    from checks.allowance import load_profile_scenario, validate_profile
    from checks.validate import validate
    from model.loading import load_any_scenario
    from model.profile_scenarios import profile_facts
    from model.reference.profiles import evaluate_profile
    from tests.benchmark.scenarios import thousand_files

    with tempfile.TemporaryDirectory() as folder:
        paths = thousand_files(Path(folder), count)
        scenarios = [load_any_scenario(p) for p in paths]
        print(
            json.dumps(
                {
                    "agreement": "focus-enhancements-2003",
                    "files": len(scenarios),
                    "validate_cpu_ms_a_file": _cpu_ms_a_file(validate, scenarios, runs),
                }
            ),
            flush=True,
        )
        scenario_files = Path(checks.__file__).resolve().parents[1] / "scenarios" / "profiles"
        sources: dict[str, list[Path]] = {}
        for path in sorted(scenario_files.glob("*.toml")):
            scenario = load_profile_scenario(str(path), planned=True)
            if scenario is not None and not scenario.planned_suspensions:
                sources.setdefault(scenario.profile.id, []).append(path)
        by_profile: dict[str, list[Any]] = {}
        for agreement, paths_of in sources.items():
            per_file = -(-count // len(paths_of))
            for path in paths_of:
                for n, document in enumerate(variants(path, per_file)):
                    written = Path(folder) / f"{path.stem}-{n:04d}.json"
                    written.write_text(json.dumps(document, default=str))
                    moved = load_profile_scenario(str(written))
                    assert moved is not None
                    by_profile.setdefault(agreement, []).append(moved)
        for agreement, group in sorted(by_profile.items()):
            group = group[:count]

            def reference(scenario: Any) -> object:
                facts, calendars = profile_facts(scenario)
                return evaluate_profile(scenario.profile, facts, calendars)

            row: dict[str, Any] = {
                "agreement": agreement,
                "files": len(group),
                "validate_cpu_ms_a_file": _cpu_ms_a_file(validate_profile, group, runs),
                "reference_cpu_ms_a_file": _cpu_ms_a_file(reference, group, 1),  # one pass: slow
            }
            try:  # the shapes met, where the tree binds facts to a model of the shape
                from model.allowance import judge
                from model.allowance_bound import shape_of

                row["shapes"] = len({shape_of(judge(s.profile, *profile_facts(s))) for s in group})
            except ImportError:
                row["shapes"] = None
            print(json.dumps(row), flush=True)


def profile_files_comparison(count: int, runs: int, baseline: Path, rounds: int = 2) -> None:
    """``--profile-files N --baseline SOURCE``: the figures of another checkout and of this one,
    each in a fresh process, alternating (``rounds`` times each), as JSON lines."""
    from tests.benchmark.processes import alternating

    command = [str(Path(__file__).resolve()), str(count), str(runs)]
    for tree, round_, row in alternating(command, baseline, rounds):
        print(json.dumps({"tree": tree, "round": round_, **row}), flush=True)


if __name__ == "__main__":
    profile_files_figures(int(sys.argv[1]), int(sys.argv[2]))
