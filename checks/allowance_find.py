"""``rrcheck find`` under a term profile (CONTRACT.md "Term profiles"): the latest or earliest
start of a planned suspension, or its longest length, such that every planned suspension is
wholly allowed and inside the Registration Period and no fixed suspension breaks a limit it
does not already break without the planned ones ("how many more days can we suspend before
2025-06-30": a fixed start and an end window closing on that date, ``--longest``).

The model answers (:class:`model.allowance_plan_search.ProfileFindSearch` on
:mod:`model.allowance_plan`); each answer is checked before it is returned: the witness
schedule, fixed, is re-validated by the fixed model (:mod:`model.allowance`). The suspensions'
file order is their order of start. The solver stays in ``model/``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import attrs

from checks.allowance import _wrapped, load_profile_scenario, validate_profile, verdict_json
from checks.obstacles import bounds_given
from model.allowance import evaluate
from model.allowance_plan import PlanBuildError, PlanModel, build_plan
from model.allowance_plan_search import OBJECTIVES, ProfileFindSearch, ProfileOptimum
from model.calendars import CalendarCoverageError
from model.explain import counted
from model.loading import InputError
from model.profile_days import ProfileEvaluation, ProfileFacts
from model.profile_scenarios import profile_facts
from model.scenario import ExpectedFind, ProfileScenario, Suspension
from model.solver import SolverSettings, out_of_time

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


def render(answer: dict[str, Any], path: str, as_json: bool) -> str:
    return json.dumps(answer, indent=2) if as_json else find_text(answer, path)


def find_answer(
    path: str,
    interpretations: Sequence[str],
    objective: str,
    target: str,
    settings: SolverSettings,
) -> dict[str, Any] | None:
    """``find`` under a term profile: the answer (CONTRACT.md's JSON shape), or None for a
    2003 scenario."""
    scenario = load_profile_scenario(path, interpretations, planned=True)
    if scenario is None:
        return None
    return find_profile(scenario, objective, target, settings)


def plan_model(scenario: ProfileScenario) -> PlanModel:
    """The planning model of the scenario, its suspensions in file order (their order of
    start); what cannot be read so is bad input, naming the field."""
    facts, calendars = profile_facts(scenario)
    try:
        return build_plan(scenario.profile, scenario.suspensions, facts, calendars, settle=True)
    except PlanBuildError as error:
        raise InputError(scenario.source, error.field, str(error)) from None
    except CalendarCoverageError as error:
        raise InputError(scenario.source, "calendar", str(error)) from None


def find_profile(
    scenario: ProfileScenario,
    objective: str,
    target: str,
    settings: SolverSettings | None = None,
) -> dict[str, Any]:
    """The answer in CONTRACT.md's JSON shape of ``find``, with the profile's fields."""
    settings = settings or SolverSettings()
    source = scenario.source
    if objective not in OBJECTIVES:
        raise InputError(source, "--objective", f"unknown objective {objective!r}")
    planned_ids = [p.id for p in scenario.planned_suspensions]
    if target not in planned_ids:
        raise InputError(
            source,
            f"--{objective}",
            f"{target!r} is not a planned suspension of this file "
            f"(planned: {', '.join(planned_ids) or 'none'})",
        )
    baseline = validate_profile(
        attrs.evolve(scenario, suspensions=scenario.fixed_suspensions), settings
    )
    already = frozenset(f"{v.rule}:{v.subject}" for v in baseline.evaluation.violations)
    model = plan_model(scenario)
    search = ProfileFindSearch(model, objective, target, already)
    answer: dict[str, Any] = {
        "status": "optimal",
        "agreement": scenario.profile.id,
        "objective": objective,
        "suspension": {"id": target},
    }
    # The optimum first: its first check says whether anything fits; only when nothing does
    # are the cores of what stands in the way asked for (the bounds alone, then the limits).
    optimum = search.optimum(settings)
    if optimum.status == "infeasible":
        core = search.obstacles(settings)
        if core is None or isinstance(core, str):
            answer.update(status="unknown", message=core or "the solver gave no core")
        else:
            answer["status"] = "infeasible"
            answer["obstacles"] = [_obstacle(key, model) for key in core]
    elif optimum.status != "optimal" or optimum.solution is None:
        answer.update(_unknown(search, optimum, settings))
    else:
        placed = model.schedule(optimum.solution)
        _confirm(model, placed, already)
        rows = {s.id: _row(s, model) for s in placed.suspensions if s.id in model.planned}
        answer["suspension"] = rows[target]
        answer["schedule"] = [rows[pid] for pid in model.planned]
        bound_by = search.bound_by(optimum, settings)
        answer["bound_by"] = [_bound(key, search, settings) for key in bound_by]
    answer["already_broken"] = verdict_json(baseline)["violations"]
    return answer


def longest(
    scenario: ProfileScenario, objective: str, target: str, settings: SolverSettings | None
) -> dict[str, Any]:
    """``find`` of one objective (the name the benchmark calls)."""
    return find_profile(scenario, objective, target, settings)


def _row(s: Suspension, model: PlanModel) -> dict[str, Any]:
    return {
        "id": s.id,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "days": (s.end - s.start).days + 1,
        "business_days": model.calendars.business.bd_count(s.start, s.end),
        "notice_by": s.advance_notice.isoformat() if s.advance_notice else None,
    }


def _confirm(model: PlanModel, placed: ProfileFacts, already: frozenset[str]) -> ProfileEvaluation:
    """The witness, fixed, re-validated by the fixed model: no breach outside ``already``, and
    each planned suspension wholly allowed inside the Registration Period."""
    verdict = evaluate(model.profile, placed, model.calendars)
    new = {f"{v.rule}:{v.subject}" for v in verdict.violations} - already
    p0, p1 = verdict.registration_period_start, verdict.registration_period_end
    wrong = [
        o.id
        for o in verdict.suspensions
        if o.id in model.planned
        and (o.outside or o.restricted_from is not None or o.start < p0 or o.end > p1)
    ]
    if new or wrong:
        raise RuntimeError(
            "the solver's witness does not answer find: "
            + ", ".join(sorted(new) + [f"{sid} not wholly allowed" for sid in wrong])
        )
    return verdict


def _unknown(
    search: ProfileFindSearch, optimum: ProfileOptimum, settings: SolverSettings
) -> dict[str, Any]:
    best: Date | int | None = None
    if optimum.solution is not None:
        placed = {s.id: s for s in search.model.schedule(optimum.solution).suspensions}
        s = placed[search.target.id]
        calendar = search.model.calendars.business
        best = calendar.bd_count(s.start, s.end) if search.objective == "longest" else s.start
    proved = search.limit(optimum)
    side = "upper" if search.maximise else "lower"

    def text(value: Date | int | None) -> str | int | None:
        return value.isoformat() if isinstance(value, Date) else value

    return {
        "status": "unknown",
        "message": f"the solver ran {out_of_time(settings)}; best_bound is the best allowed "
        f"placement found so far, not proved optimal, and {side}_bound what the optimum is "
        "proved not to pass",
        "best_bound": text(best),
        "lower_bound": text(best if search.maximise else proved),
        "upper_bound": text(proved if search.maximise else best),
    }


# -- what stands in the way, what binds: in the profile's words ----------------------------------


def _limit_words(model: PlanModel, rule: str) -> tuple[str | None, str]:
    """The section and the words of the profile's limits of a rule (``allowance.KIND``)."""
    kind = rule.removeprefix("allowance.")
    limits = model.profile.limits(kind)
    if not limits:
        return None, rule
    section = limits[0].section or model.profile.allowance.section
    words = "; ".join(limit.describe() for limit in limits)
    return section, words


def _obstacle(key: str, model: PlanModel) -> dict[str, Any]:
    rule, _, subject = key.partition(":")
    if rule == "bounds":
        p = model.planned[subject].suspension
        given = "; ".join(bounds_given(p))
        text = (
            f"the bounds given for {subject} ({given}) admit no placement on business days "
            "apart from the other suspensions"
        )
        return _finding("plan.bounds", subject, None, None, text)
    if rule == "registration-period":
        p0, p1 = model.period
        text = f"{subject} must lie within the Registration Period, {p0} to {p1}"
        return _finding("plan.registration-period", subject, None, None, text)
    section, words = _limit_words(model, rule)
    return _finding(rule, subject, section, None, f"{subject} would break it: {words}")


def _bound(key: str, search: ProfileFindSearch, settings: SolverSettings) -> dict[str, Any]:
    """A member of what binds, in the profile's words: a limit with what it says of a better
    placement that breaks it (the first day past it, for length and aggregate)."""
    model = search.model
    rule, _, subject = key.partition(":")
    if rule.startswith("plan."):
        return _own_bound(rule, subject, search)
    if rule == "registration-period":
        p0, p1 = model.period
        day = p0 if search.objective == "earliest-start" else p1
        text = f"{subject} must lie within the Registration Period, {p0} to {p1}"
        return _finding("plan.registration-period", subject, None, day, text)
    section, words = _limit_words(model, rule)
    better = search.breaking(key, settings)
    if better is not None:
        verdict = evaluate(model.profile, better, model.calendars)
        found = [v for v in verdict.violations if v.rule == rule and v.subject == subject]
        outcome = next((o for o in verdict.suspensions if o.id == subject), None)
        if found:
            restricted = outcome.restricted_from if outcome is not None else None
            # the first day past the limit, without the trial placement's days after it
            message = found[0].message.split(": ")[0]
            return _finding(rule, subject, found[0].section, restricted, message)
    return _finding(rule, subject, section, None, f"{subject} would break it: {words}")


def _own_bound(rule: str, subject: str, search: ProfileFindSearch) -> dict[str, Any]:
    p = search.model.planned[subject].suspension
    label = rule.removeprefix("plan.")
    day: Date | None = None
    # which side of a window binds: a later start is stopped by where windows close; an
    # earlier start, or a longer suspension, by where the start window opens
    if label == "start-window":
        if search.objective == "latest-start":
            day, text = p.start.latest, f"{subject}'s start window closes {p.start.latest}"
        else:
            day, text = p.start.earliest, f"{subject}'s start window opens {p.start.earliest}"
    elif label == "end-window":
        assert p.end is not None
        if search.objective == "earliest-start":
            day, text = p.end.earliest, f"{subject}'s end window opens {p.end.earliest}"
        else:
            day, text = p.end.latest, f"{subject}'s end window closes {p.end.latest}"
    elif label == "length":
        assert p.length is not None
        text = f"{subject}'s length of {p.length.min} to {p.length.max} business day(s)"
    elif label == "business-days":
        text = f"{subject} must start and end on business days"
    else:
        covered = label.removeprefix("covers.")
        day, text = Date.fromisoformat(covered), f"{subject} must cover {covered}"
    return _finding(rule, subject, None, day, text)


def _finding(
    rule: str, subject: str, section: str | None, day: Date | None, explanation: str
) -> dict[str, Any]:
    found: dict[str, Any] = {"rule": rule, "subject": subject, "section": section}
    if day is not None:
        found["date"] = day.isoformat()
    found["explanation"] = explanation
    return found


# -- text ----------------------------------------------------------------------------------------

HEADLINE = {
    "latest-start": "the latest start",
    "earliest-start": "the earliest start",
    "longest": "the longest allowed",
}


def find_text(answer: dict[str, Any], path: str) -> str:
    s = answer["suspension"]
    objective = answer["objective"]
    lines = [f"find --{objective} {s['id']} under {answer['agreement']}  ({path})"]
    if answer["status"] == "optimal":
        for row in answer["schedule"]:
            head = HEADLINE[objective] if row["id"] == s["id"] else f"with {row['id']}"
            lines.append(
                f"  {head}: {row['start']} to {row['end']} ({counted(row['days'], 'day')}, "
                f"{counted(row['business_days'], 'business day')}), notice by "
                f"{row['notice_by'] or '(none required)'}"
            )
        for b in answer["bound_by"]:
            on = f" ({b['date']})" if b.get("date") else ""  # a plan's own bound has no day
            lines.append(f"  bound by {b['rule']}{on}: {b['explanation']}")
    elif answer["status"] == "infeasible":
        lines.append("  infeasible: no placement of it is wholly allowed")
        for o in answer["obstacles"]:
            lines.append(f"  {o['rule']} {o['subject']}: {o['explanation']}")
    else:
        lines.append(f"  unknown: {answer['message']}")
        for side in ("best_bound", "lower_bound", "upper_bound"):
            if answer.get(side) is not None:
                lines.append(f"  {side.replace('_', ' ')}: {answer[side]}")
    for v in answer["already_broken"]:
        lines.append(f"  already broken: {v['rule']} {v['subject']}: {v['message']}")
    if answer.get("written"):
        ids = ", ".join(row["id"] for row in answer["schedule"])
        lines.append(
            f"  written to {answer['written']}: {ids} fixed at this answer, with the advance "
            "notice each start needs; run validate on it."
        )
    return "".join(_wrapped(line) + "\n" for line in lines)


# -- rrcheck test: [expect.find] -------------------------------------------------------------------


def find_differences(
    scenario: ProfileScenario, wanted: ExpectedFind, settings: SolverSettings | None = None
) -> list[tuple[str, object, object]]:
    """(key, expected, got) for each key of ``[expect.find]`` that differs."""
    answer = find_profile(scenario, wanted.objective, wanted.suspension, settings)
    found: list[tuple[str, object, object]] = []

    def check(key: str, expected: object, got: object) -> None:
        if expected is not None and expected != got:
            found.append((key, expected, got))

    check("find.status", wanted.status, answer["status"])
    if answer["status"] == "optimal":
        s = answer["suspension"]
        check("find.start", wanted.start, Date.fromisoformat(s["start"]))
        check("find.end", wanted.end, Date.fromisoformat(s["end"]))
        got_bounds = frozenset(f"{b['rule']}:{b['subject']}" for b in answer["bound_by"])
        if wanted.bound_by is not None:
            check("find.bound_by", frozenset(wanted.bound_by), got_bounds)
    if wanted.already_broken is not None:
        got_broken = frozenset(f"{v['rule']}:{v['subject']}" for v in answer["already_broken"])
        check("find.already_broken", frozenset(wanted.already_broken), got_broken)
    return found
