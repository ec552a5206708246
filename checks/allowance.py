"""``rrcheck validate`` and ``rrcheck test`` of a scenario under a term profile other than the
2003 agreement (CONTRACT.md "Term profiles").

The Z3 model of the profile's allowance (:mod:`model.allowance`) decides which limits each
suspension breaks and its first restricted day; the payments are the profile's damages and cap
in Decimal. Each finding names the limit (``allowance.KIND``), quotes its section and words
from the profile, and says which dates and by how much. The solver stays in ``model/``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from model.allowance import evaluate
from model.explain import counted
from model.interpretations import TERMS_BY_NAME
from model.loading import InputError, load_any_scenario, with_interpretations
from model.profile_days import LimitBreach, ProfileEvaluation, SuspensionOutcome, deemed
from model.profile_deadlines import LateRegistration, late_registration
from model.profile_scenarios import profile_facts
from model.profiles import TermProfile
from model.scenario import Expectation, PlannedSuspension, ProfileScenario
from model.solver import SolverSettings

Date = dt.date


@attrs.frozen
class ProfileVerdict:
    scenario: ProfileScenario
    evaluation: ProfileEvaluation
    late: tuple[LateRegistration, ...] = ()  # the registration deadlines missed

    @property
    def profile(self) -> TermProfile:
        profile: TermProfile = self.scenario.profile
        return profile

    @property
    def compliant(self) -> bool:
        return self.evaluation.compliant and not self.late

    @property
    def violation_keys(self) -> set[str]:
        """``rule:subject`` of every finding, as ``[expect] violations`` lists them."""
        found = {f"{v.rule}:{v.subject}" for v in self.evaluation.violations}
        return found | {f"{late.rule}:{late.subject}" for late in self.late}


def load_profile_scenario(
    path: str,
    interpretations: Sequence[str] = (),
    planned: bool = False,
    command: str = "validate",
) -> ProfileScenario | None:
    """The scenario at ``path`` if it names a term profile other than the 2003 agreement's
    (None for a 2003 scenario, which the 2003 path reads), with ``--interpretation`` applied
    and, unless ``planned``, planned suspensions refused (exit 2) in the words of ``command``."""
    try:
        if b"agreement" not in Path(path).read_bytes():
            return None  # no [scenario] agreement key: a 2003 scenario, not read twice
    except OSError:
        return None  # the 2003 path names the unreadable file
    scenario = load_any_scenario(path)
    if not isinstance(scenario, ProfileScenario):
        return None
    scenario = with_interpretations(scenario, interpretations)  # type: ignore[arg-type]
    for i, suspension in enumerate(scenario.suspensions):
        if isinstance(suspension, PlannedSuspension) and not planned:
            raise InputError(
                path,
                f"suspensions[{i}]",
                f"planned suspension {suspension.id!r}: {command} checks fixed schedules "
                "(find and worst-case plan them)",
            )
    return scenario  # type: ignore[return-value]


def check_file(
    path: str,
    interpretations: Sequence[str],
    settings: SolverSettings,
    as_json: bool,
    robust: bool = False,
    quiet: bool = False,
) -> tuple[str, bool] | None:
    """``validate`` of one file under its term profile: (the report, compliant), or None for a
    2003 scenario. ``quiet``: the one line a 2003 file gets (``COMPLIANT (not robust) PATH``)."""
    scenario = load_profile_scenario(path, interpretations)
    if scenario is None:
        return None
    if robust:
        result = robust_profile(scenario, settings)
        ok = result.robust and result.verdict.compliant
        if as_json:
            return json.dumps(robust_json(result), indent=2), ok
        if quiet:
            return _quiet(result.verdict.compliant, result.robust, path), ok
        return robust_text(result, path), ok
    verdict = validate_profile(scenario, settings)
    if as_json:
        return json.dumps(verdict_json(verdict), indent=2), verdict.compliant
    if quiet:
        return _quiet(verdict.compliant, True, path), verdict.compliant
    return verdict_text(verdict, path), verdict.compliant


def _quiet(compliant: bool, robust: bool, path: str) -> str:
    word = "COMPLIANT" if compliant else "NOT COMPLIANT"
    return f"{word}{'' if robust else ' (not robust)'} {path}\n"


def validate_profiles(
    scenarios: Sequence[ProfileScenario], robust: bool, settings: SolverSettings
) -> tuple[list[ProfileVerdict], bool]:
    """``validate --format xlsx|csv``: each file's verdict (under its own readings; with
    ``robust``, compliant only when every reading agrees), and whether all are compliant."""
    verdicts, ok = [], True
    for scenario in scenarios:
        if robust:
            result = robust_profile(scenario, settings)
            ok = ok and result.robust and result.verdict.compliant
            verdicts.append(result.verdict)
        else:
            verdict = validate_profile(scenario, settings)
            ok = ok and verdict.compliant
            verdicts.append(verdict)
    return verdicts, ok


# -- validate --robust: the profile's own readings ----------------------------------------------

# The READING.md terms a profile's reading uses (CONTRACT.md: its scenarios follow READING.md's
# day arithmetic and notice-day rule; a notice limit reads lead-time); the other terms are the
# 2003 agreement's own.
PROFILE_TERMS = ("notice-day", "lead-time")


@attrs.frozen
class ProfileRobust:
    verdict: ProfileVerdict  # under the scenario's own readings
    verdicts: tuple[tuple[dict[str, str], ProfileVerdict], ...]  # every combination
    flips: tuple[str, ...]  # terms whose other reading alone changes verdict or total

    @property
    def robust(self) -> bool:
        return len({v.compliant for _, v in self.verdicts}) == 1


def robust_profile(
    scenario: ProfileScenario, settings: SolverSettings | None = None
) -> ProfileRobust:
    """The verdict under every combination of the profile's readings."""
    own = scenario.interpretation

    def under(readings: dict[str, str]) -> ProfileVerdict:
        interpretation = own
        for term, reading in readings.items():
            interpretation = interpretation.with_reading(term, reading)
        return validate_profile(attrs.evolve(scenario, interpretation=interpretation), settings)

    def outcome(v: ProfileVerdict) -> tuple[bool, Decimal]:
        return v.compliant, v.evaluation.total_payments

    own_readings = {term: own.as_dict()[term] for term in PROFILE_TERMS}
    choices = [TERMS_BY_NAME[term].readings for term in PROFILE_TERMS]
    verdicts: list[tuple[dict[str, str], ProfileVerdict]] = []
    for combination in itertools.product(*choices):
        readings = dict(zip(PROFILE_TERMS, combination, strict=True))
        verdicts.append((readings, under(readings)))
    mine = next(v for readings, v in verdicts if readings == own_readings)

    def alone(term: str, readings: dict[str, str]) -> bool:
        """Whether ``readings`` differ from the scenario's own in ``term`` only."""
        return readings[term] != own_readings[term] and all(
            readings[t] == own_readings[t] for t in PROFILE_TERMS if t != term
        )

    flips = tuple(
        term
        for term in PROFILE_TERMS
        if any(outcome(v) != outcome(mine) for r, v in verdicts if alone(term, r))
    )
    return ProfileRobust(mine, tuple(verdicts), flips)


def robust_json(result: ProfileRobust) -> dict[str, Any]:
    out = verdict_json(result.verdict)
    out["robust"] = result.robust
    out["verdicts"] = [
        {
            "interpretation": readings,
            "compliant": v.compliant,
            "total_payments": f"{v.evaluation.total_payments:.2f}",
        }
        for readings, v in result.verdicts
    ]
    out["flips"] = list(result.flips)
    return out


def robust_text(result: ProfileRobust, path: str) -> str:
    lines: list[str] = []
    agree = "agree" if result.robust else "do not agree"
    terms = ", ".join(PROFILE_TERMS)
    lines.append(f"  robust: the {len(result.verdicts)} readings of {terms} {agree}")
    for readings, v in result.verdicts:
        named = ", ".join(f"{term}={reading}" for term, reading in readings.items())
        verdict = "compliant" if v.compliant else "NOT compliant"
        lines.append(f"    {named}: {verdict}, total {v.evaluation.total_payments:.2f}")
    if result.flips:
        lines.append(f"  flips: {', '.join(result.flips)}")
    return verdict_text(result.verdict, path) + "".join(_wrapped(line) + "\n" for line in lines)


def validate_profile(
    scenario: ProfileScenario, settings: SolverSettings | None = None
) -> ProfileVerdict:
    """Check a fixed schedule under its profile. Planned suspensions are refused by the
    caller, as for the 2003 agreement. ``settings`` are not read: the model of a fixed schedule
    under a profile asks no solver (model/allowance_bound.py), so nothing can time out."""
    facts, calendars = profile_facts(scenario)
    evaluation = evaluate(scenario.profile, facts, calendars)
    return ProfileVerdict(
        scenario, evaluation, late_registration(scenario.profile, facts, calendars)
    )


def late_findings(verdict: ProfileVerdict) -> tuple[LateRegistration, ...]:
    """The registration deadlines the scenario misses (:mod:`model.profile_deadlines`)."""
    return verdict.late


# -- JSON (CONTRACT.md "JSON output", with the profile's own dates) -----------------------------


def _day(day: Date | None) -> str | None:
    return None if day is None else day.isoformat()


def _limit_of(profile: TermProfile, breach: LimitBreach) -> dict[str, Any]:
    limit = profile.allowance.limits[breach.limit]
    return {"index": breach.limit, "describe": limit.describe(), "words": limit.words}


def _late_dates(late: LateRegistration) -> dict[str, str | None]:
    """The deadline and the day filed (or declared effective), with the deemed day beside the
    day given where notice-day moved it (READING.md section 1)."""
    dates = {"deadline": _day(late.deadline), late.done_as: _day(late.given or late.done)}
    if late.given is not None:
        dates[f"{late.done_as}_deemed"] = _day(late.done)
    return dates


def _notice_days(scenario: ProfileScenario, suspension_id: str) -> dict[str, str | None]:
    """``advance_notice`` and ``advance_notice_deemed`` where notice-day moved the notice
    (CONTRACT.md: the row that uses it shows both); nothing otherwise, as before."""
    given = next((s.advance_notice for s in scenario.suspensions if s.id == suspension_id), None)
    if given is None:
        return {}
    facts, calendars = profile_facts(scenario)
    day = deemed(given, facts, calendars)
    if day == given:
        return {}
    return {"advance_notice": _day(given), "advance_notice_deemed": _day(day)}


def verdict_json(verdict: ProfileVerdict) -> dict[str, Any]:
    scenario, e, profile = verdict.scenario, verdict.evaluation, verdict.profile
    interpretation = scenario.interpretation.as_dict()
    broken = {v.subject for v in e.violations}
    suspensions = []
    for outcome in e.suspensions:
        suspensions.append(
            {
                "id": outcome.id,
                "start": _day(outcome.start),
                "end": _day(outcome.end),
                "days": (outcome.end - outcome.start).days + 1,
                "permitted": outcome.permitted,
                "restricted_from": _day(outcome.restricted_from),
                "outside": outcome.outside,
                **_notice_days(scenario, outcome.id),
            }
        )
    return {
        "scenario": scenario.name,
        "agreement": profile.id,
        "compliant": verdict.compliant,
        "interpretation": {
            name: interpretation[name]
            for name in ("notice-day", "lead-time")
            if name in interpretation
        },
        "dates": {
            "registration_period_start": _day(e.registration_period_start),
            "registration_period_end": _day(e.registration_period_end),
            "filing_deadline": _day(e.filing_deadline),
            "effectiveness_deadline": _day(e.effectiveness_deadline),
        },
        "suspensions": suspensions,
        "violations": [
            {
                "rule": late.rule,
                "subject": late.subject,
                "section": late.section,
                "message": late.message,
                "dates": _late_dates(late),
                "days_late": late.days_late,
                "limit": {"index": None, "describe": late.describe, "words": late.words},
            }
            for late in verdict.late
        ]
        + [
            {
                "rule": v.rule,
                "subject": v.subject,
                "section": v.section,
                "message": v.message,
                "limit": _limit_of(profile, v),
            }
            for v in e.violations
        ],
        "payments": [
            {
                "investor": p.investor,
                "trigger": p.trigger,
                "subject": p.subject,
                "restricted_sale_date": _day(p.restricted_sale_date),
                "period_end": _day(p.period_end),
                "days": p.days,
                "base": f"{p.base:.2f}",
                "amount": f"{p.amount:.2f}",
            }
            for p in e.payments
        ],
        "total_payments": f"{e.total_payments:.2f}",
        "subjects": [{"id": "registration", "kind": "registration", "compliant": not verdict.late}]
        + [
            {"id": o.id, "kind": "suspension", "compliant": o.id not in broken}
            for o in e.suspensions
        ],
    }


# -- text -----------------------------------------------------------------------------------------


def verdict_text(verdict: ProfileVerdict, path: str) -> str:
    scenario, e, profile = verdict.scenario, verdict.evaluation, verdict.profile
    term = profile.allowance.term
    lines = [
        f"{scenario.name}  ({path})",
        f"  agreement: {profile.agreement.name} ({profile.id})",
        f"  verdict: {'compliant' if verdict.compliant else 'NOT compliant'}",
        f"  Registration Period: {e.registration_period_start} to {e.registration_period_end}",
    ]
    if e.filing_deadline is not None:
        lines.append(f"  filing deadline: {e.filing_deadline}")
    if e.effectiveness_deadline is not None:
        lines.append(f"  effectiveness deadline: {e.effectiveness_deadline}")
    if e.suspensions:
        lines.append("  suspensions:")
    for o in e.suspensions:
        lines.append(f"    {o.id}  {o.start} to {o.end}: {suspension_state(o, term)}")
    if e.violations or verdict.late:
        lines.append("  findings:")
    for late in verdict.late:
        lines.append(f"    {late.rule} {late.subject} (section {late.section}): {late.message}")
        lines.append(f"      the deadline: {late.describe}")
        if late.words:
            lines.append(f'      the clause: "{late.words}"')
    for v in e.violations:
        limit = profile.allowance.limits[v.limit]
        section = v.section or profile.allowance.section
        lines.append(f"    {v.rule} {v.subject} (section {section}): {v.message}")
        lines.append(f"      the limit: {limit.describe()}")
        if limit.words:
            lines.append(f'      the clause: "{limit.words}"')
    if e.payments:
        lines.append("  payments:")
    for p in e.payments:
        lines.append(
            f"    {p.investor}  {p.trigger}  {p.subject}  from {p.restricted_sale_date}  "
            f"period to {p.period_end} ({counted(p.days, 'day')})  {p.amount:.2f}"
        )
    lines.append(f"  total payments: {e.total_payments:.2f}")
    return "".join(_wrapped(line) + "\n" for line in lines)


def suspension_state(o: SuspensionOutcome, term: str) -> str:
    """A suspension's standing under its profile in a few words (validate's text, compare's
    table); ``term`` is the profile's own name for its allowed days."""
    if o.outside:
        return "outside the Registration Period (no limit, no count, no payment)"
    if o.restricted_from is None:
        return f"every day allowed ({term})"
    if o.permitted:
        through = o.restricted_from - dt.timedelta(days=1)
        return f"allowed through {through}; restricted from {o.restricted_from}"
    return f"restricted on every day from {o.restricted_from}"


def _wrapped(line: str, width: int = 100) -> str:
    """A long line folded at ``width``, its continuation indented under its text."""
    indent = len(line) - len(line.lstrip(" "))
    return textwrap.fill(line, width, subsequent_indent=" " * (indent + 4), break_on_hyphens=False)


# -- rrcheck test ---------------------------------------------------------------------------------


def expectation_differences(
    verdict: ProfileVerdict, expect: Expectation
) -> list[tuple[str, object, object]]:
    """(key, expected, got) for every key of [expect] that differs; only the keys given."""
    e = verdict.evaluation
    found: list[tuple[str, object, object]] = []
    if expect.compliant is not None and expect.compliant != verdict.compliant:
        found.append(("compliant", expect.compliant, verdict.compliant))
    if expect.violations is not None:
        got = verdict.violation_keys
        if set(expect.violations) != got:
            found.append(("violations", set(expect.violations), got))
    if expect.total_payments is not None and expect.total_payments != e.total_payments:
        found.append(("total_payments", expect.total_payments, e.total_payments))
    outcomes = {o.id: o for o in e.suspensions}
    for key, wanted in (expect.restricted_from or {}).items():
        outcome = outcomes.get(key)
        got_day: object = None if outcome is None else outcome.restricted_from
        want: object = None if wanted == "none" else wanted
        if want != got_day:
            found.append((f"restricted_from.{key}", want, got_day))
    for key, wanted_permitted in (expect.permitted or {}).items():
        outcome = outcomes.get(key)
        got_permitted = None if outcome is None else outcome.permitted
        if wanted_permitted != got_permitted:
            found.append((f"permitted.{key}", wanted_permitted, got_permitted))
    dates = verdict_json(verdict)["dates"]
    for key, wanted_day in (expect.dates or {}).items():
        got_value = dates.get(key)
        if got_value != wanted_day.isoformat():
            found.append((f"dates.{key}", wanted_day, got_value))
    if expect.robust is not None:
        robust = robust_profile(verdict.scenario).robust
        if robust != expect.robust:
            found.append(("robust", expect.robust, robust))
    for key in ("find", "worst_case"):
        if getattr(expect, key) is not None:
            found.append((key, "a check of a term profile", "not built yet for term profiles"))
    return found


