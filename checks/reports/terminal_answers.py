"""The text of the answers other than validate's: ``find``, ``worst-case``, ``test``, ``prove``
and ``compare``, for a lawyer, and their ``--quiet`` lines. Presentation only; the CONTRACT.md
JSON is in :mod:`checks.reports.report`, the page in :mod:`checks.reports.terminal_page`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from checks.reports.page_blocks import Table, Text
from checks.reports.terminal import verdict_report
from checks.reports.terminal_page import (
    BAD,
    BLANK,
    GOOD,
    STRONG,
    WARN,
    Grid,
    Line,
    Report,
    _amount,
    _column,
    _heading,
    _line,
    _money,
    _status,
    _table,
    _whole,
)
from model.interpretations import Interpretation

if TYPE_CHECKING:  # for the annotations only
    from checks.answers import FindResult, PlacedSuspension, WorstCaseResult
    from checks.compare import Comparison
    from checks.prove import ProofResult
    from checks.regression import CaseResult
    from model.profiles import TermProfile


# -- find, worst-case ------------------------------------------------------------------------------


def _placements(placed: Iterable[PlacedSuspension], notice: bool) -> Table:
    table = _table("suspension")
    _column(table, "start", "date")
    _column(table, "end", "date")
    _column(table, "business\ndays", "number")
    if notice:
        _column(table, "advance\nnotice by", "date")
    for p in placed:
        row = [p.id, str(p.start), str(p.end), str(p.business_days)]
        table.add_row(*row, *([str(p.notice_by)] if notice else []))
    return table


def find_report(r: FindResult, quiet: bool = False) -> Report:
    """``find``'s text: the placement found (first row) with the rest of the schedule, or what
    stands in the way; with ``quiet`` only the answer: the start (the start and end for
    ``longest``), or the status."""
    if quiet:
        if r.suspension is None:
            return [_whole(_line(_status(r.status)))]
        s = r.suspension
        answer = f"{s.start} to {s.end}" if r.objective == "longest" else str(s.start)
        return [_whole(_line(answer))]
    report: Report = [_line(f"find {r.objective} of {r.suspension_id}: ", _status(r.status))]
    if r.suspension is not None:
        others = [p for p in r.schedule if p.id != r.suspension.id]
        table = _placements([r.suspension, *others], notice=True)
        table.rows[0].style = STRONG
        report += [
            Grid(table),
            _line(
                "Optimal: the solver proved no better placement keeps it a Permitted Suspension "
                "Period without breaking a rule not already broken.",
                indent=2,
            ),
        ]
        report += [_line(f"Bound by: {b.explanation}", indent=2) for b in r.bound_by]
    report += [_line(f"In the way: {o.explanation}", indent=2) for o in r.obstacles]
    if r.already_broken:
        report += [
            BLANK,
            _line(
                (
                    "Already broken without the planned suspensions (these stand, and do not "
                    "stop the plan):",
                    WARN,
                ),
                indent=2,
            ),
        ]
        report += [
            _line(f"{x.rule} ({x.subject}), Section {x.section}: {x.message}", indent=4)
            for x in r.already_broken
        ]
    if r.status == "unknown":
        found = "none" if r.best_bound is None else r.best_bound
        report.append(_line(f"{r.message}; best bound found: {found}", indent=2))
        proved = [
            f"{side} bound {value}"
            for side, value in (("lower", r.lower_bound), ("upper", r.upper_bound))
            if value is not None
        ]
        if proved:
            report.append(_line(f"Proved of the optimum: {', '.join(proved)}", indent=2))
    return report


def _reading_words(reading: Interpretation) -> str:
    """A reading as the terms where it differs from READING.md's defaults."""
    defaults = Interpretation().as_dict()
    changed = [f"{k}={v}" for k, v in reading.as_dict().items() if defaults[k] != v]
    return ", ".join(changed) or "the default readings"


def written_line(path: str, ids: Sequence[str]) -> Line:
    """``find --write``'s last line: where the fixed scenario went."""
    return _line(
        f"Written to {path}: {', '.join(ids)} fixed at this answer, with the advance notice "
        "each start needs; run validate, calendar or timeline on it.",
        indent=2,
    )


def worst_case_report(r: WorstCaseResult, quiet: bool = False) -> Report:
    """``worst-case``'s text: the total, the placement and the report of that schedule; with
    ``quiet`` only the total (``1234.50``), or the status."""
    if quiet:
        if r.status == "optimal" and r.total_payments is not None:
            return [_whole(_line(_money(r.total_payments)))]
        return [_whole(_line(_status(r.status)))]
    report: Report = [_line(f"worst-case {r.objective}: ", _status(r.status))]
    if r.status == "optimal":
        total = _amount(r.total_payments) if r.total_payments is not None else "none"
        if r.investor is not None and r.investor_payments is not None:
            report += [
                _line(
                    (f"Payments to {r.investor}: {_amount(r.investor_payments)}", STRONG), indent=2
                ),
                _line(f"Total payments (all Investors): {total}", indent=2),
            ]
        else:
            report += [_line(("Total payments: " + total, STRONG), indent=2)]
        if r.readings and r.interpretation is not None and r.spread is not None:
            which = "most" if r.objective == "max-payments" else "least"
            low, high = r.spread
            report += [
                _line(
                    f"Under every reading ({r.readings} combinations): the {which} is under "
                    f"{_reading_words(r.interpretation)}.",
                    indent=2,
                ),
                _line(
                    f"Per-reading {'maximum' if which == 'most' else 'minimum'}: from "
                    f"{_amount(low.payments)} ({_reading_words(low.interpretation)}) to "
                    f"{_amount(high.payments)} ({_reading_words(high.interpretation)}).",
                    indent=2,
                ),
            ]
        report.append(Grid(_placements(r.schedule, notice=False)))
        if r.verdict is not None:
            report += [BLANK, *verdict_report(r.verdict)]
        return report
    report.append(_line(r.message, indent=2))
    report += [_line(f"In the way: {o.explanation}", indent=2) for o in r.obstacles]
    if r.best_bound is not None:
        report.append(
            _line(
                f"Best total found so far: {_amount(r.best_bound)} (not proved optimal)", indent=2
            )
        )
        report.append(Grid(_placements(r.schedule, notice=False), indent=4))
    if r.status == "unknown":
        proved = [
            f"{side} bound {_amount(value)}"
            for side, value in (("lower", r.lower_bound), ("upper", r.upper_bound))
            if value is not None
        ]
        if proved:
            report.append(_line(f"Proved of the optimum: {', '.join(proved)}", indent=2))
    return report


# -- test -----------------------------------------------------------------------------------------


def test_report(
    results: Iterable[CaseResult], quiet: bool = False, skipped: Sequence[str] = ()
) -> Report:
    """``test``'s text: one row per file, PASS or FAIL, the differences under a failure, a
    SKIP row for a file named that has no [expect] table, then ``N passed, N failed`` (and
    ``N skipped``); with ``quiet`` only that last line."""
    rows = list(results)
    passed = sum(r.passed for r in rows)
    counts = f"{passed} passed, {len(rows) - passed} failed"
    if skipped:
        counts += f", {len(skipped)} skipped"
    if not rows:
        counts += ": no scenario file with an [expect] table was checked"
    summary = _whole(_line((counts, GOOD if rows and passed == len(rows) else BAD)))
    if quiet:
        return [summary]
    # One line per file (CONTRACT.md), never wrapped or cut however long the path and name:
    # a script or grep reads a row whole. Only a failure's differences wrap, under the path.
    report: Report = []
    for r in rows:
        label = ("PASS", GOOD) if r.passed else ("FAIL", BAD)
        report.append(_whole(_line(label, f"  {r.path}  {r.name}")))
        for problem in ([r.error] if r.error else []) + [str(d) for d in r.differences]:
            report.append(_line(("  " + problem, WARN), indent=6))
    for path in skipped:
        skip = f"  {path}  no [expect] table: nothing to check"
        report.append(_whole(_line(("SKIP", WARN), skip)))
    return [*report, summary]


# -- prove ----------------------------------------------------------------------------------------


def prove_report(results: Iterable[ProofResult]) -> Report:
    """``prove``'s text: each property's status and statement, what it proved or the
    counterexample under it, then ``N proved, N not proved``."""
    rows = list(results)
    report: Report = []
    for r in rows:
        label = (r.status.upper(), GOOD if r.status == "proved" else BAD)
        report.append(_line(label, f" {r.name}: {r.statement}"))
        report += [_line(line, indent=2) for line in r.detail.splitlines()]
    proved = sum(r.status == "proved" for r in rows)
    report.append(
        _line(
            (
                f"{proved} proved, {len(rows) - proved} not proved",
                GOOD if proved == len(rows) else BAD,
            )
        )
    )
    return report


# -- compare --------------------------------------------------------------------------------------

COMPARE_GROUPS = {
    "verdict": "",
    "subject": "Verdict per subject",
    "suspension": "Suspensions (3(h))",
    "payments": "Payments (2(b))",
}


def profile_compare_groups(profile: TermProfile) -> dict[str, str]:
    """The headings of a term profile's comparison: its allowance's and damages' sections."""
    restricted = profile.damages_for("restricted-days")
    damages = restricted[0].section if restricted else ""
    return {
        "verdict": "",
        "subject": "Verdict per subject",
        "suspension": f"Suspensions ({profile.allowance.section})"
        if profile.allowance.section
        else "Suspensions",
        "finding": "Findings",
        "payments": f"Payments ({damages})" if damages else "Payments",
    }


def compare_report(c: Comparison) -> Report:
    """``compare``'s text: a column per case; the cases are numbered above the table, so the
    columns stay narrow, and a row whose cases differ is marked ``*``."""
    report: Report = [_heading("Cases")]
    groups = COMPARE_GROUPS
    if c.profile is not None:  # every case under one term profile: its name and sections
        report.append(_line(f"agreement: {c.profile.agreement.name} ({c.profile.id})", indent=2))
        groups = profile_compare_groups(c.profile)
    for i, case in enumerate(c.cases, start=1):
        report.append(_line(f"{i}. {case.label} ({case.path})", indent=2))
    table = _table("")
    for i in range(1, len(c.cases) + 1):
        _column(table, str(i))
    group = None
    for row in c.rows:
        if row.group != group and groups[row.group]:
            table.add_row(Text(groups[row.group], STRONG), *[""] * len(c.cases))
        group = row.group
        label = ("* " if row.differs else "  ") + row.label
        cells = []
        for value in row.values:
            if value is None:
                cells.append(Text("-"))
            elif value in ("compliant", "not compliant"):
                cells.append(Text(value, GOOD if value == "compliant" else BAD))
            else:
                cells.append(Text(value))
        table.add_row(label, *cells)
    differing = sum(r.differs for r in c.rows)
    summary = f"{differing} of {len(c.rows)} rows differ between the cases (marked *)."
    return report + [BLANK, Grid(table), _line(summary, indent=2)]
