"""``rrcheck worst-case`` under a term profile: the placement of the planned suspensions within
their bounds that costs the most (``--least``: the least), compliant or not, with the payments of
CONTRACT.md "Term profiles" (restricted-days episodes per period from the Event Date, late
filing and late effectiveness, the cap per Investor).

The search is :func:`model.allowance_worst.worst_placement`: the payments are an exact integer
of cents over the solver's placements (:mod:`model.allowance_price`), so its optimum is the true
optimum to the cent, proved by "one cent more (less) is unsat"; ties go to the earliest starts
and ends in file order. The witness is read back into a fixed schedule and re-validated by both
implementations (the Z3 model of a fixed schedule and the reference reading); the answer is
what they say it costs, and that must be the cents proved optimal. The solver stays in
``model/``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs

from checks.allowance import (
    ProfileVerdict,
    _wrapped,
    load_profile_scenario,
    verdict_json,
    verdict_text,
)
from model.allowance import evaluate
from model.allowance_plan import PlanBuildError, build_plan
from model.allowance_worst import WorstOutcome, bounds_core, cents_decimal, worst_placement
from model.loading import InputError
from model.profile_deadlines import late_registration
from model.profile_scenarios import profile_facts
from model.reference.profiles import evaluate_profile
from model.scenario import ProfileScenario
from model.solver import SolverSettings


def worst_case_file(
    path: str,
    interpretations: list[str],
    least: bool,
    settings: SolverSettings,
    as_json: bool,
    investor: str | None = None,
) -> tuple[str, str] | None:
    """``worst-case`` of a profile's scenario: (the report, the status), or None for a 2003
    scenario (the 2003 path answers it)."""
    scenario = load_profile_scenario(path, interpretations, planned=True)
    if scenario is None:
        return None
    answer, verdict = solved(scenario, least, settings, investor)
    if as_json:
        return json.dumps(answer, indent=2), answer["status"]
    return worst_case_text(answer, verdict, path), answer["status"]


def solved_file(
    path: str,
    interpretations: list[str],
    least: bool,
    settings: SolverSettings,
    investor: str | None = None,
) -> tuple[dict[str, Any], ProfileVerdict | None] | None:
    """``worst-case`` of a profile's scenario as data: (the JSON answer, the witness's verdict,
    None when nothing was placed), for the workbook and the CSV; None for a 2003 scenario."""
    scenario = load_profile_scenario(path, interpretations, planned=True)
    if scenario is None:
        return None
    return solved(scenario, least, settings, investor)


def profile_worst_case(
    scenario: ProfileScenario,
    least: bool = False,
    settings: SolverSettings | None = None,
    investor: str | None = None,
) -> dict[str, Any]:
    """:func:`solved`'s answer (``rrcheck test`` compares it with ``[expect.worst-case]``)."""
    return solved(scenario, least, settings, investor)[0]


def solved(
    scenario: ProfileScenario,
    least: bool = False,
    settings: SolverSettings | None = None,
    investor: str | None = None,
) -> tuple[dict[str, Any], ProfileVerdict | None]:
    """The answer in CONTRACT.md's JSON shape for ``worst-case`` (status, objective,
    total_payments, schedule, payments), with the witness's verdict (compliant, violations),
    the agreement, and, when not optimal, best_bound, lower_bound, upper_bound and message."""
    settings = settings or SolverSettings()
    source = scenario.source
    names = [i.name for i in scenario.investors]
    if investor is not None and investor not in names:
        raise InputError(
            source,
            "--investor",
            f"no Investor named {investor!r} (investors: {', '.join(map(repr, names)) or 'none'})",
        )
    if not scenario.planned_suspensions:
        raise InputError(
            source, "suspensions", "worst-case needs a planned suspension (a range or a length)"
        )
    facts, calendars = profile_facts(scenario)
    try:
        plan = build_plan(scenario.profile, scenario.suspensions, facts, calendars)
    except PlanBuildError as error:
        raise InputError(source, error.field, str(error)) from None
    objective = "min-payments" if least else "max-payments"
    outcome = worst_placement(plan, least, settings, investor)
    answer: dict[str, Any] = {
        "status": outcome.status,
        "objective": objective,
        "agreement": scenario.profile.id,
        "total_payments": None,
        "schedule": [],
        "payments": [],
    }
    if investor is not None:
        answer["investor"] = investor
        answer["investor_payments"] = None
    if outcome.status == "infeasible":
        answer["best_bound"] = None
        answer["message"] = outcome.message
        answer["obstacles"] = [
            {"rule": f"plan.{label}", "subject": pid, "explanation": f"{pid}'s {label}"}
            for pid, label in bounds_core(plan, settings)
        ]
        return answer, None
    verdict = None
    if outcome.schedule is not None:  # a placement was found (optimal, or the best so far)
        verdict = _witness(scenario, outcome)
        found = _paid(verdict, investor)
        if outcome.cents is not None and found != cents_decimal(outcome.cents):
            raise RuntimeError(
                f"the solver's payments {cents_decimal(outcome.cents)} are not what the witness "
                f"costs ({found})"
            )
        payload = verdict_json(verdict)
        answer["schedule"] = [
            {"id": pid, "start": start.isoformat(), "end": end.isoformat()}  # type: ignore[attr-defined]
            for pid, start, end in outcome.placements
        ]
        answer["payments"] = payload["payments"]
        answer["compliant"] = payload["compliant"]
        answer["violations"] = payload["violations"]
        answer["suspensions"] = payload["suspensions"]
    if outcome.status == "optimal" and verdict is not None:
        answer["total_payments"] = payload["total_payments"]
        if investor is not None:
            answer["investor_payments"] = f"{found:.2f}"
        return answer, verdict
    best = cents_decimal(outcome.cents)
    bound = cents_decimal(outcome.bound)
    answer["best_bound"] = None if best is None else f"{best:.2f}"
    lower, upper = (bound, best) if least else (best, bound)
    answer["lower_bound"] = None if lower is None else f"{lower:.2f}"
    answer["upper_bound"] = None if upper is None else f"{upper:.2f}"
    answer["message"] = outcome.message
    return answer, verdict


def _witness(scenario: ProfileScenario, outcome: WorstOutcome) -> ProfileVerdict:
    """The witness's verdict, by the Z3 model of a fixed schedule, which the reference reading
    must give too."""
    assert outcome.schedule is not None
    facts = outcome.schedule
    _, calendars = profile_facts(scenario)
    by_model = evaluate(scenario.profile, facts, calendars)
    by_reference = evaluate_profile(scenario.profile, facts, calendars)
    if (by_model.suspensions, by_model.payments) != (
        by_reference.suspensions,
        by_reference.payments,
    ):
        raise RuntimeError("the Z3 model and the reference disagree on the worst case's witness")
    fixed = attrs.evolve(scenario, suspensions=facts.suspensions)
    # as validate reads the fixed schedule: the registration deadlines missed are findings too
    return ProfileVerdict(fixed, by_model, late_registration(scenario.profile, facts, calendars))


def _paid(verdict: ProfileVerdict, investor: str | None) -> Decimal:
    rows = verdict.evaluation.payments
    return sum(
        (p.amount for p in rows if investor is None or p.investor == investor), Decimal("0.00")
    )


def worst_case_text(answer: dict[str, Any], verdict: ProfileVerdict | None, path: str) -> str:
    most = answer["objective"] == "max-payments"
    lines = [
        f"worst-case ({'the most' if most else 'the least'} payments) under "
        f"{answer['agreement']}  ({path})"
    ]
    if answer["status"] == "infeasible":
        lines.append(f"  infeasible: {answer['message']}")
        for o in answer["obstacles"]:
            lines.append(f"  in the way: {o['explanation']}")
        return "".join(_wrapped(line) + "\n" for line in lines)
    if answer["status"] == "optimal":
        lines.append(f"  optimal: total payments {answer['total_payments']}")
    else:
        lines.append(f"  unknown: {answer['message']}")
        lines.append(
            f"  proved: the optimum is between {answer['lower_bound'] or '(none)'} and "
            f"{answer['upper_bound'] or '(none)'}; best found so far "
            f"{answer['best_bound'] or '(none)'}"
        )
    if "investor" in answer:
        lines.append(f"  to {answer['investor']}: {answer['investor_payments']}")
    for placed in answer["schedule"]:
        lines.append(f"  {placed['id']}: {placed['start']} to {placed['end']}")
    text = "".join(_wrapped(line) + "\n" for line in lines)
    if verdict is not None:  # the witness, as validate reads it
        text += "  the placement, as validate reads it:\n"
        text += "".join(f"  {line}\n" for line in verdict_text(verdict, path).splitlines())
    return text


__all__ = [
    "profile_worst_case",
    "solved",
    "solved_file",
    "verdict_text",
    "worst_case_file",
    "worst_case_text",
]
