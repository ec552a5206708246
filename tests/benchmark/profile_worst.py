"""``--profiles``, worst-case: issue 15 item 6 wants ``worst-case`` with three planned
suspensions under 2 s on each bundled profile. Each profile gets the same generated scenario
(three planned suspensions, each with a two-week start window and 5 to 25 business days, a
month or two apart, in the profile's first Registration Period year), and ``worst-case``
(most, then least) is timed in-process, the median of ``runs`` calls, the scenario loaded once
outside the timing."""

from __future__ import annotations

import functools
import json
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checks.agreements import bundled_profiles
from checks.allowance import load_profile_scenario
from checks.allowance_worst_case import profile_worst_case
from tests.benchmark.processes import alternating

TARGET_MS = 2000.0


def three_planned(profile_id: str) -> str:
    """A scenario of three planned suspensions under the profile (TOML)."""
    windows = (
        ("2024-04-01", "2024-04-12"),
        ("2024-06-03", "2024-06-14"),
        ("2024-08-01", "2024-08-14"),
    )
    planned = "".join(
        f'\n[[suspensions]]\nid = "p{n + 1}"\nstart = {{ earliest = {a}, latest = {b} }}\n'
        "length = { min = 5, max = 25 }\n"
        for n, (a, b) in enumerate(windows)
    )
    return (
        f'[scenario]\nname = "three planned suspensions"\nagreement = "{profile_id}"\n\n'
        "[dates]\nclosing = 2024-01-02\nregistration_filed = 2024-01-25\neffective = 2024-03-01\n\n"
        '[[investors]]\nname = "Fund"\npurchase_price = "1000000.00"\n' + planned
    )


def worst_case_rows(runs: int, only: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One row per bundled profile (or per profile of ``only``), as described above."""
    from tests.benchmark.profiles import _timed

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for profile in bundled_profiles():
            if profile.agreement.mechanics is not None:
                continue
            if only and profile.id not in only:
                continue
            path = Path(folder) / f"{profile.id}.toml"
            path.write_text(three_planned(profile.id))
            scenario = load_profile_scenario(str(path), planned=True)
            assert scenario is not None
            row: dict[str, Any] = {"agreement": profile.id, "planned": 3}
            for least in (False, True):
                key = "least" if least else "most"
                ask = functools.partial(profile_worst_case, scenario, least)
                answer = ask()
                row[f"worst_case_{key}_ms"], row[f"worst_case_{key}_cpu_ms"] = _timed(ask, runs)
                row[f"worst_case_{key}"] = f"{answer['status']} {answer['total_payments']}"
            slowest = max(row["worst_case_most_ms"], row["worst_case_least_ms"])
            row["under_2_s"] = slowest < TARGET_MS
            slowest_cpu = max(row["worst_case_most_cpu_ms"], row["worst_case_least_cpu_ms"])
            row["under_2_s_cpu"] = slowest_cpu < TARGET_MS  # the target is in CPU seconds
            rows.append(row)
    return rows


def worst_case_file_row(scenario: Any, path: Path, runs: int) -> dict[str, Any]:
    """A scenario file with [expect.worst-case]: worst-case of its own objective, timed."""
    from tests.benchmark.profiles import _timed

    least = scenario.expect.worst_case.objective == "min-payments"
    ask = functools.partial(profile_worst_case, scenario, least)
    answer = ask()
    wall, cpu = _timed(ask, runs)
    return {
        "agreement": scenario.profile.id,
        "file": path.name,
        "planned": len(scenario.planned_suspensions),
        "objective": answer["objective"],
        "worst_case_ms": wall,
        "worst_case_cpu_ms": cpu,
        "worst_case": f"{answer['status']} {answer['total_payments']}",
    }


def worst_case_figures(runs: int, only: Sequence[str] = ()) -> None:
    for row in worst_case_rows(runs, only):
        print(json.dumps(row), flush=True)


# Run in each tree by ``worst_case_comparison``: only the worst-case rows, of the profiles named
# on its command line. An older tree's ``worst_case_rows`` takes no profile names, so the
# profiles are chosen by narrowing that module's ``bundled_profiles``, which works in both.
_ROWS_OF_A_TREE = """
import json, sys
from tests.benchmark import profile_worst as bench
wanted = set(sys.argv[2:])
if wanted:
    every = bench.bundled_profiles
    bench.bundled_profiles = lambda: [p for p in every() if p.id in wanted]
for row in bench.worst_case_rows(int(sys.argv[1])):
    print(json.dumps(row), flush=True)
"""


def worst_case_comparison(
    runs: int, baseline: Path, only: Sequence[str] = (), rounds: int = 2
) -> None:
    """``--profile-worst-case --baseline SOURCE``: the worst-case rows of another checkout (an
    older commit) and of this one in the same run, each tree in a fresh process, alternating
    (``rounds`` times each), as JSON lines; then per profile the median over the rounds of each
    tree's CPU milliseconds, most and least."""
    figures: dict[str, list[dict[str, Any]]] = {"baseline": [], "this": []}
    command = ["-c", _ROWS_OF_A_TREE, str(runs), *only]
    for tree, round_, row in alternating(command, baseline, rounds):
        print(json.dumps({"tree": tree, "round": round_, **row}), flush=True)
        figures[tree].append(row)
    for agreement in sorted({r["agreement"] for r in figures["this"]}):
        summary: dict[str, Any] = {"agreement": agreement, "rounds": rounds}
        for tree, rows in figures.items():
            mine = [r for r in rows if r["agreement"] == agreement]
            for key in ("most", "least"):
                values = [r[f"worst_case_{key}_cpu_ms"] for r in mine]
                summary[f"{tree}_{key}_cpu_ms"] = (
                    round(statistics.median(values), 1) if values else None
                )
                answers = sorted({r[f"worst_case_{key}"] for r in mine})
                summary[f"{tree}_{key}"] = answers[0] if len(answers) == 1 else answers
        print(json.dumps(summary), flush=True)
