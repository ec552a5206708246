"""``rrcheck compare``: what-ifs side by side, one column per case.

A case is a scenario file under one interpretation: ``compare A.toml B.toml`` has a case per
file, ``compare FILE --interpretation spacing=*`` a case per reading of ``spacing`` (a ``*``
for several terms gives every combination). Each case is ``validate``'s verdict, unchanged;
the table lines them up: the verdict, the verdict per subject, each suspension's status, the
total per Investor and in all. Under a term profile (:mod:`checks.allowance_compare`) each
case is the profile's ``validate`` verdict, and its findings (``allowance.*``) have rows too.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from checks.reports.memo_document import amount, subject_verdicts
from checks.validate import validate
from model.findings import SuspensionStatus, Verdict
from model.interpretations import TERMS_BY_NAME
from model.scenario import Investor, Scenario
from model.solver import SolverSettings

if TYPE_CHECKING:
    from checks.allowance import ProfileVerdict
    from model.profiles import TermProfile
    from model.scenario import ProfileScenario

T = TypeVar("T")

CENT = Decimal("0.01")
EVERY = "*"  # --interpretation NAME=*: a case per reading of NAME


@attrs.frozen
class Case:
    label: str
    path: str
    scenario: Scenario
    verdict: Verdict

    @property
    def readings(self) -> dict[str, str]:
        return self.verdict.interpretation.as_dict()


@attrs.frozen
class ProfileCase:
    """A case under a term profile: the scenario and its profile's ``validate`` verdict."""

    label: str
    path: str
    scenario: ProfileScenario
    verdict: ProfileVerdict

    @property
    def readings(self) -> dict[str, str]:
        """The READING.md terms a profile's reading uses, as the case reads them."""
        from checks.allowance import PROFILE_TERMS

        interpretation = self.scenario.interpretation.as_dict()
        return {term: interpretation[term] for term in PROFILE_TERMS}


@attrs.frozen
class Row:
    """One line of the comparison: ``group`` (verdict, subject, suspension, payments), what it
    is about, and the value in each case (``None`` where the case has no such subject)."""

    group: str
    label: str
    values: tuple[str | None, ...]
    amounts: tuple[Decimal | None, ...] = ()  # the payments rows' figures, for the workbook

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@attrs.frozen
class Comparison:
    cases: tuple[Case | ProfileCase, ...]
    rows: tuple[Row, ...]
    profile: TermProfile | None = None  # the term profile every case is under, or None (2003)


def readings_to_compare(settings: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Split ``--interpretation`` settings into the fixed ones and, for each ``NAME=*``, the
    settings of its every reading."""
    fixed: list[str] = []
    varied: list[list[str]] = []
    for setting in settings:
        name, _, reading = setting.partition("=")
        if reading.strip() == EVERY:
            term = TERMS_BY_NAME[name.strip()]
            varied.append([f"{term.name}={r}" for r in term.readings])
        else:
            fixed.append(setting)
    return fixed, varied


def suspension_status(s: SuspensionStatus) -> str:
    """A suspension's standing in a few words: its Permitted Suspension Period and its
    restricted days."""
    if s.outside:
        return "outside the Registration Period"
    if s.permitted and s.restricted_from is None:
        return f"permitted to {s.permitted_until}"
    if s.permitted:
        return f"permitted to {s.permitted_until}, restricted from {s.restricted_from}"
    if s.restricted_from is not None:
        return f"not permitted, restricted from {s.restricted_from}"
    return "not permitted, no restricted day"


def cases_to_compare(
    paths: Sequence[str],
    scenarios: Sequence[Scenario] | Sequence[ProfileScenario],
    varied: Sequence[Sequence[str]],
) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    """(label, path, scenario, readings set) for each file and each combination of readings."""
    out = []
    several = len(paths) > 1
    for path, scenario in zip(paths, scenarios, strict=True):
        for combination in itertools.product(*varied) if varied else [()]:
            parts = ([Path(path).stem] if several or not combination else []) + list(combination)
            out.append((", ".join(parts), path, scenario, tuple(combination)))
    return out


def compare(cases: Sequence[Case]) -> Comparison:
    """The rows of the comparison, in the order of first appearance across the cases."""

    def row(group: str, label: str, value: Any) -> Row:
        return Row(group, label, tuple(value(c) for c in cases))

    rows = [row("verdict", "verdict", lambda c: _verdict(c.verdict.compliant))]
    subjects = in_order([s.id for s in subject_verdicts(c.scenario, c.verdict)] for c in cases)
    for sid in subjects:

        def subject(c: Case, sid: str = sid) -> str | None:
            found = [s for s in subject_verdicts(c.scenario, c.verdict) if s.id == sid]
            return _verdict(found[0].compliant) if found else None

        rows.append(row("subject", sid, subject))
    for sid in in_order([s.id for s in c.verdict.suspensions] for c in cases):

        def status(c: Case, sid: str = sid) -> str | None:
            found = [s for s in c.verdict.suspensions if s.id == sid]
            return suspension_status(found[0]) if found else None

        rows.append(row("suspension", sid, status))
    for name in in_order([i.name for i in c.scenario.investors] for c in cases):
        totals = tuple(
            investor_total(c.scenario.investors, c.verdict.payments, name) for c in cases
        )
        rows.append(Row("payments", name, _shown(totals), totals))
    totals = tuple(c.verdict.total_payments for c in cases)
    rows.append(Row("payments", "total payments", _shown(totals), totals))
    return Comparison(tuple(cases), tuple(rows))


def _verdict(compliant: bool) -> str:
    return "compliant" if compliant else "not compliant"


def in_order(keys: Iterable[Iterable[T]]) -> list[T]:
    """Every key once, in the order of first appearance across the cases."""
    seen: dict[T, None] = {}
    for some in keys:
        seen.update(dict.fromkeys(some))
    return list(seen)


def investor_total(
    investors: Iterable[Investor], payments: Iterable[Any], investor: str
) -> Decimal | None:
    """What ``investor`` is paid in a case; None when the case has no such Investor."""
    if investor not in {i.name for i in investors}:
        return None
    return sum((p.amount for p in payments if p.investor == investor), Decimal("0.00"))


def _money(value: Decimal | None) -> str | None:
    """Money as CONTRACT.md writes it: two places, half up, no separators."""
    return None if value is None else f"{value.quantize(CENT, rounding=ROUND_HALF_UP)}"


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _shown(totals: Sequence[Decimal | None]) -> tuple[str | None, ...]:
    return tuple(None if t is None else amount(t) for t in totals)


def run(
    paths: Sequence[str],
    scenarios: Sequence[Scenario] | Sequence[ProfileScenario],
    varied: Sequence[Sequence[str]],
    settings: SolverSettings | None = None,
) -> Comparison:
    """Validate every case and line them up (scenarios under one term profile, or the 2003
    agreement's)."""
    from model.loading import with_interpretations
    from model.scenario import ProfileScenario

    if any(isinstance(s, ProfileScenario) for s in scenarios):
        from checks.allowance_compare import run_profiles

        return run_profiles(cases_to_compare(paths, scenarios, varied), settings)

    cases = []
    for label, path, scenario, combination in cases_to_compare(paths, scenarios, varied):
        own = with_interpretations(scenario, combination)
        cases.append(Case(label, path, own, validate(own, settings)))
    return compare(cases)


def to_json(c: Comparison) -> dict[str, Any]:
    """``compare --format json``: the cases, each with its figures, then the rows."""
    cases = []
    for case in c.cases:
        if isinstance(case, ProfileCase):
            from checks.allowance_compare import profile_case_json

            cases.append(profile_case_json(case))
            continue
        v = case.verdict
        investors = [i.name for i in case.scenario.investors]
        cases.append(
            {
                "label": case.label,
                "file": case.path,
                "scenario": case.scenario.name,
                "interpretation": v.interpretation.as_dict(),
                "compliant": v.compliant,
                "violations": sorted(v.violation_keys),
                "subjects": [
                    {"id": s.id, "kind": s.kind, "compliant": s.compliant}
                    for s in subject_verdicts(case.scenario, v)
                ],
                "suspensions": [
                    {
                        "id": s.id,
                        "status": suspension_status(s),
                        "permitted": s.permitted,
                        "permitted_until": _date(s.permitted_until),
                        "restricted_from": _date(s.restricted_from),
                    }
                    for s in v.suspensions
                ],
                "payments": [
                    {
                        "investor": name,
                        "total": _money(investor_total(case.scenario.investors, v.payments, name)),
                    }
                    for name in investors
                ],
                "total_payments": _money(v.total_payments),
            }
        )
    rows = [
        {"group": r.group, "label": r.label, "values": list(r.values), "differs": r.differs}
        for r in c.rows
    ]
    return {"cases": cases, "rows": rows}
