"""``rrcheck test``: scenario files as regression tests. Every key of a file's ``[expect]``
table is compared with what rrcheck finds; only the keys given are compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from checks.answers import PlanningError
from checks.find import find
from checks.placements import fixed_scenario
from checks.robust import robust
from checks.validate import PlannedSuspensionError, validate
from checks.worst_case import worst_case
from model.calendars import CalendarCoverageError
from model.documents import read_document
from model.findings import Verdict
from model.loading import InputError, ProfileDocument, load_scenario_or_profile
from model.scenario import Expectation, ExpectedWorstCase, ProfileScenario, Scenario
from model.solver import SolverSettings, SolverUnknown

SCENARIO_SUFFIXES = (".toml", ".json")


@attrs.frozen
class Difference:
    key: str
    expected: object
    got: object

    def __str__(self) -> str:
        return f"{self.key}: expected {_show(self.expected)}, got {_show(self.got)}"


@attrs.frozen
class CaseResult:
    path: str
    name: str
    differences: tuple[Difference, ...] = ()
    error: str = ""  # bad input or a solver that gave no answer
    bad_input: bool = False
    # The schedule checked and its verdict (a worst-case's witness when there is no fixed
    # schedule), for the workbook of ``test --format xlsx``; not part of the result compared.
    scenario: Scenario | None = attrs.field(default=None, eq=False)
    verdict: Verdict | None = attrs.field(default=None, eq=False)

    @property
    def passed(self) -> bool:
        return not self.differences and not self.error


def _show(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f'"{value:.2f}"'
    if isinstance(value, (set, frozenset, list, tuple)):
        return "[" + ", ".join(sorted(str(v) for v in value)) + "]"
    if value is None:
        return "none"
    return str(value).lower() if isinstance(value, bool) else str(value)


def scenario_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and scenario files under folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix in SCENARIO_SUFFIXES and p.is_file()
            )
        else:
            yield path


def has_expectations(path: Path) -> bool:
    """Whether a file looks like a scenario with an [expect] table (for collection)."""
    try:
        document = read_document(path)
    except InputError:
        return path.suffix == ".toml" and "[expect" in path.read_text(errors="replace")
    return isinstance(document, dict) and "expect" in document and "scenario" in document


# -- a term profile's scenario (checks/allowance.py and the planning questions, imported when a
# file names a profile) -------------------------------------------------------------------------


def profile_differences(
    scenario: ProfileScenario, settings: SolverSettings | None = None
) -> list[tuple[str, object, object]] | None:
    """``rrcheck test`` of a profile's scenario: its [expect] against the verdict (None for a
    file without [expect])."""
    if scenario.expect is None:
        return None
    expect = scenario.expect
    from checks.allowance import expectation_differences, validate_profile

    if scenario.planned_suspensions:  # find and worst-case plan them; validate refuses them
        from checks.allowance_find import find_differences

        found: list[tuple[str, object, object]] = []
        if attrs.evolve(expect, find=None, worst_case=None) != Expectation():
            wanted = "planned suspensions (use [expect.find] or [expect.worst-case])"
            found.append(("compliant", "a fixed schedule", wanted))
        if expect.find is not None:
            found += find_differences(scenario, expect.find, settings)
        if expect.worst_case is not None:
            found += worst_case_differences(scenario, expect.worst_case, settings)
        return found
    return expectation_differences(validate_profile(scenario, settings), expect)


def worst_case_differences(
    scenario: ProfileScenario, wanted: ExpectedWorstCase, settings: SolverSettings | None
) -> list[tuple[str, object, object]]:
    """``rrcheck test`` of ``[expect.worst-case]`` under a profile: (key, expected, got)."""
    from checks.allowance_worst_case import profile_worst_case

    least = wanted.objective == "min-payments"
    if wanted.robust:  # over every reading
        from checks.allowance_worst_case_robust import robust_worst_case

        answer = robust_worst_case(scenario, least, settings)[0]
    else:
        answer = profile_worst_case(scenario, least, settings)
    found: list[tuple[str, object, object]] = []
    if wanted.status != answer["status"]:
        found.append(("worst-case.status", wanted.status, answer["status"]))
    got = answer["total_payments"]
    got_total = None if got is None else Decimal(got)
    if wanted.total_payments is not None and wanted.total_payments != got_total:
        found.append(("worst-case.total_payments", wanted.total_payments, got_total))
    return found


def run_file(path: Path, settings: SolverSettings | None = None) -> CaseResult | None:
    """The file's expectations against rrcheck; None for a file without [expect] (or a term
    profile kept beside the scenarios that name it)."""
    try:
        scenario = load_scenario_or_profile(path)  # read once; planned suspensions are kept
        if isinstance(scenario, ProfileDocument):
            return None
        if isinstance(scenario, ProfileScenario):  # under another term profile: checks/allowance
            try:
                found = profile_differences(scenario, settings)
            except (CalendarCoverageError, SolverUnknown) as error:
                return CaseResult(str(path), scenario.name, error=f"{path}: {error}")
            if found is None:
                return None
            return CaseResult(str(path), scenario.name, tuple(Difference(*d) for d in found))
    except InputError as error:
        return CaseResult(str(path), path.name, error=str(error), bad_input=True)
    if scenario.expect is None:
        return None
    seen: list[tuple[Scenario, Verdict]] = []
    try:
        differences = compare(scenario, scenario.expect, settings or SolverSettings(), seen)
    except InputError as error:
        return CaseResult(str(path), scenario.name, error=str(error), bad_input=True)
    except (CalendarCoverageError, PlanningError, PlannedSuspensionError) as error:
        return CaseResult(str(path), scenario.name, error=f"{path}: {error}", bad_input=True)
    except SolverUnknown as error:
        return CaseResult(str(path), scenario.name, error=f"{path}: solver unknown: {error}")
    if not seen:
        return CaseResult(str(path), scenario.name, tuple(differences))
    checked, verdict = seen[0]
    return CaseResult(
        str(path), scenario.name, tuple(differences), scenario=checked, verdict=verdict
    )


def compare(
    scenario: Scenario,
    expect: Expectation,
    settings: SolverSettings,
    seen: list[tuple[Scenario, Verdict]] | None = None,
) -> list[Difference]:
    """The differences between ``expect`` and what rrcheck finds; the schedules checked and
    their verdicts are appended to ``seen``."""
    differences: list[Difference] = []
    seen = [] if seen is None else seen

    def check(key: str, expected: Any, got: Any) -> None:
        if expected is not None and expected != got:
            differences.append(Difference(key, expected, got))

    fixed_keys = (
        expect.compliant,
        expect.violations,
        expect.total_payments,
        expect.dates,
        expect.restricted_from,
        expect.permitted,
        expect.robust,
    )
    if any(k is not None for k in fixed_keys):
        if scenario.planned_suspensions:
            differences.append(
                Difference(
                    "compliant", "a fixed schedule", "planned suspensions (use [expect.find])"
                )
            )
        else:
            verdict = validate(scenario, settings)
            seen.append((scenario, verdict))
            check("compliant", expect.compliant, verdict.compliant)
            if expect.violations is not None:
                check("violations", frozenset(expect.violations), verdict.violation_keys)
            check("total_payments", expect.total_payments, verdict.total_payments)
            got_dates = {
                "required_filing_date": verdict.timeline.required_filing_date,
                "initial_required_effective_date": verdict.timeline.initial_required_effective_date,
                "registration_period_start": verdict.timeline.registration_period.start,
                "registration_period_end": verdict.timeline.registration_period.end,
            }
            for key, value in (expect.dates or {}).items():
                check(f"dates.{key}", value, got_dates.get(key, "unknown date name"))
            statuses = {s.id: s for s in verdict.suspensions}
            for sid, first in (expect.restricted_from or {}).items():
                status = statuses.get(sid)
                got = (status.restricted_from or "none") if status else "no such suspension"
                check(f"restricted_from.{sid}", first, got)
            for sid, permitted in (expect.permitted or {}).items():
                status = statuses.get(sid)
                check(
                    f"permitted.{sid}",
                    permitted,
                    status.permitted if status else "no such suspension",
                )
            if expect.robust is not None:
                check("robust", expect.robust, robust(scenario, settings).robust)

    if expect.find is not None:
        wanted = expect.find
        found = find(scenario, wanted.objective, wanted.suspension, settings)
        check("find.status", wanted.status, found.status)
        if found.suspension is not None:
            check("find.start", wanted.start, found.suspension.start)
            check("find.end", wanted.end, found.suspension.end)
        if wanted.already_broken is not None:
            got_broken = frozenset(v.key for v in found.already_broken)
            check("find.already_broken", frozenset(wanted.already_broken), got_broken)
        if wanted.bound_by is not None:
            got_bounds = frozenset(f"{b.rule}:{b.subject}" for b in found.bound_by)
            check("find.bound_by", frozenset(wanted.bound_by), got_bounds)
    if expect.worst_case is not None:
        wanted_wc = expect.worst_case
        result = worst_case(
            scenario,
            least=wanted_wc.objective == "min-payments",
            settings=settings,
            robust=wanted_wc.robust,
        )
        if result.verdict is not None:
            seen.append((fixed_scenario(scenario, result.schedule), result.verdict))
        check("worst-case.status", wanted_wc.status, result.status)
        check("worst-case.total_payments", wanted_wc.total_payments, result.total_payments)
    return differences
