"""``python -m tests.benchmark``: the benchmark's options (docs/performance.md), each part
of it alone or, with none, the main table."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from checks.find import find
from checks.validate import validate
from checks.worst_case import worst_case
from tests.benchmark.processes import history, many_files, startup
from tests.benchmark.profile_files import profile_files_comparison, profile_files_figures
from tests.benchmark.profile_worst import worst_case_comparison, worst_case_figures
from tests.benchmark.profiles import profile_comparison, profile_figures
from tests.benchmark.scenarios import planned_scenario, thousand_files
from tests.benchmark.solving import (
    _cpu_seconds,
    brute_force,
    fixed_version,
    measured,
    median_seconds,
    other_shapes,
    robust_figures,
    robust_shared,
    robust_worst_case,
    shared_window_growth,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-planned", type=int, default=4)
    parser.add_argument("--brute-force-up-to", type=int, default=1)
    parser.add_argument(
        "--shapes",
        action="store_true",
        help="only the other shapes: planned suspensions sharing one window, with a fixed one, "
        "with several Investors",
    )
    parser.add_argument(
        "--robust",
        action="store_true",
        help="only validate --robust on three suspensions, beside every reading solved in full",
    )
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    parser.add_argument(
        "--profiles",
        action="store_true",
        help="only validate and find (--longest, --latest-start, --earliest-start) on each bundled "
        "term profile's scenario files, "
        "beside the 2003 agreement's validate in the same run",
    )
    parser.add_argument(
        "--profile-files",
        type=int,
        metavar="N",
        help="only validate of N generated files under each bundled term profile, each once, "
        "beside the reference and the 2003 agreement's N generated files; with --baseline "
        "SOURCE: that tree's figures and this one's, alternating",
    )
    parser.add_argument(
        "--profile-worst-case",
        action="store_true",
        help="only worst-case (most, then least) with three planned suspensions under each "
        "bundled term profile (the last part of --profiles); with --baseline SOURCE: that "
        "tree's figures and this one's, alternating",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="ID",
        help="with --profile-worst-case: only this profile (repeatable)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="with --startup: run rrcheck from this checkout too, in the same turns (another "
        "commit, for a baseline)",
    )
    parser.add_argument(
        "--files",
        metavar="N,N,...",
        help="only validate over that many generated files (-j 1, -j 2, reference evaluator)",
    )
    parser.add_argument(
        "--shared-up-to",
        type=int,
        metavar="N",
        help="only worst-case with 1 to N planned suspensions sharing one window",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="per solver call")
    parser.add_argument(
        "--robust-worst-case",
        action="store_true",
        help="only worst-case --robust beside worst-case, for 1 to 3 planned suspensions",
    )
    parser.add_argument(
        "--robust-shared",
        metavar="N,N,...",
        help="only worst-case --robust with N planned suspensions sharing one window, from the "
        "calendar's tables beside the search over every reading, in the same run",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="only the long history: 1,000 one-day suspensions, and validate over many files",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SOURCE",
        help="with --history or --files: run each command from this source tree too (an older "
        "commit); with --profiles: that tree's profile figures and this one's, alternating",
    )
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per --history run")
    args = parser.parse_args(argv)
    if args.profile_worst_case and args.baseline is not None:
        worst_case_comparison(args.runs, args.baseline, args.profile)
        return 0
    if args.profile_worst_case:
        worst_case_figures(args.runs, args.profile)
        return 0
    if args.profile_files and args.baseline is not None:
        profile_files_comparison(args.profile_files, args.runs, args.baseline)
        return 0
    if args.profile_files:
        profile_files_figures(args.profile_files, args.runs)
        return 0
    if args.profiles and args.baseline is not None:
        profile_comparison(args.runs, args.baseline)
        return 0
    if args.profiles:
        profile_figures(args.runs)
        return 0
    if args.history:
        history(args.baseline, args.limit)
        return 0
    if args.robust_shared:
        robust_shared([int(n) for n in args.robust_shared.split(",")], args.runs, args.timeout)
        return 0
    if args.robust_worst_case:
        robust_worst_case(args.runs)
        return 0
    if args.robust:
        robust_figures(args.runs)
        return 0
    if args.shapes:
        other_shapes(args.runs)
        return 0
    if args.startup:
        startup(args.runs, args.source)
        return 0
    if args.files:
        many_files([int(n) for n in args.files.split(",")], args.runs, args.baseline)
        return 0
    if args.shared_up_to:
        shared_window_growth(args.shared_up_to, args.runs, args.timeout)
        return 0

    rows = []
    for count in range(1, args.max_planned + 1):
        planned = planned_scenario(count)
        fixed = fixed_version(planned)
        row: dict[str, object] = {"planned": count}
        row["validate_s"] = median_seconds(functools.partial(validate, fixed), args.runs)
        found = find(planned, "latest-start", "p1")
        row["find_s"] = median_seconds(
            functools.partial(find, planned, "latest-start", "p1"), args.runs
        )
        row["find"] = f"{found.status} {found.suspension.start if found.suspension else ''}"
        worst = worst_case(planned)
        most = measured(functools.partial(worst_case, planned), args.runs)
        row["worst_case_s"] = most["wall_s"]
        row["worst_case_cpu_s"] = most["cpu_s"]
        row["worst_case"] = f"{worst.status} {worst.total_payments}"
        row["worst_case_work_M"] = most["work_M"]
        least = functools.partial(worst_case, planned, True)
        fewest = measured(least, args.runs)
        row["least_s"], row["least_cpu_s"] = fewest["wall_s"], fewest["cpu_s"]
        row["least_work_M"] = fewest["work_M"]
        row["least"] = f"{least().status} {least().total_payments}"
        if count <= args.brute_force_up_to:
            start, cpu = time.perf_counter(), _cpu_seconds()
            best_start, n = brute_force(planned, "latest-start")
            best_total, _ = brute_force(planned, "max-payments")
            row["brute_force_s"] = round(time.perf_counter() - start, 2)
            row["brute_force_cpu_s"] = round(_cpu_seconds() - cpu, 2)
            row["brute_force"] = f"{n} placements: latest {best_start}, max {best_total}"
            assert found.suspension is not None and best_start == found.suspension.start
            assert isinstance(best_total, Decimal) and best_total == worst.total_payments
        rows.append(row)
        print(json.dumps(row, default=str), flush=True)

    from checks.cli import main as cli_main

    with tempfile.TemporaryDirectory() as folder:
        paths = thousand_files(Path(folder))
        start, cpu = time.perf_counter(), _cpu_seconds()
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["validate", "--format", "json", "-j", "1", *paths])
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    print(json.dumps({"validate_1000_files_s": elapsed, "cpu_s": round(cpu, 2)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
