"""The benchmark behind docs/performance.md: ``python -m tests.benchmark [--runs N]``.

Median wall-clock times of ``validate``, ``find`` and ``worst-case`` (most and least) for 1 to
4 planned suspensions of free length over a two-year Registration Period, with Z3's work count
for the most payments, beside brute-force enumeration through the reference evaluator where it
finishes in reasonable time, and ``validate`` over 1,000 generated scenario files in one call
of the command-line entry point.

Other parts, each with its baseline measured in the same run: ``--startup`` (a one-file
``rrcheck validate`` against ``python -c "import z3, holidays"``, paired, CPU seconds),
``--files 10,100,1000`` (``validate`` over that many files with 1 and 2 worker processes,
beside the reference evaluator on the same files), ``--shared-up-to N`` (worst-case with 1
to N planned suspensions sharing one window) and ``--profiles`` (``validate`` and ``find
--longest`` on each bundled term profile's scenario files, beside the 2003 agreement's
``validate``). CPU seconds and Z3's work (rlimit) are given beside wall time: the machine may
be shared, and they move less with its load.
"""

from tests.benchmark.scenarios import (
    BASE_DATES,
    every_reading_scenario,
    full_window_scenario,
    history_document,
    planned_scenario,
    thousand_files,
)

__all__ = [
    "BASE_DATES",
    "every_reading_scenario",
    "full_window_scenario",
    "history_document",
    "planned_scenario",
    "thousand_files",
]
