"""``rrcheck find --longest`` under a term profile: how many more days a suspension may run before
a date (CONTRACT.md "Term profiles"). The solver stays in ``model/``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import attrs

from checks.allowance import _wrapped, load_profile_scenario, validate_profile, verdict_json
from model.loading import InputError
from model.profile_scenarios import profile_facts
from model.profiles import TermProfile
from model.scenario import ProfileScenario, Suspension
from model.solver import SolverSettings

Date = dt.date

# -- find --longest: how many more days can we suspend before a date ------------------------------


def find_file(
    path: str,
    interpretations: Sequence[str],
    objective: str,
    target: str,
    settings: SolverSettings,
    as_json: bool,
) -> tuple[str, bool] | None:
    """``find --longest ID`` under a term profile: (the report, found), or None for a 2003
    scenario. The question it answers exactly: a planned suspension with a fixed start and an
    end window, after every fixed suspension ("how many more days can we suspend from START
    before END.LATEST?"). A suspension's allowed days from its start do not depend on its end
    (each day is judged with the days before it), so the longest wholly allowed one ends the
    day before its first restricted day, within its end window."""
    scenario = load_profile_scenario(path, interpretations, planned=True)
    if scenario is None:
        return None
    answer = longest(scenario, objective, target, settings)
    if as_json:
        return json.dumps(answer, indent=2), answer["status"] == "optimal"
    return find_text(answer, path), answer["status"] == "optimal"


def longest(
    scenario: ProfileScenario, objective: str, target: str, settings: SolverSettings | None
) -> dict[str, Any]:
    source = scenario.source
    if objective != "longest":
        raise InputError(
            source, f"--{objective}", "under a term profile find answers --longest only so far"
        )
    planned = [s for s in scenario.planned_suspensions]
    found = [p for p in planned if p.id == target]
    if not found:
        raise InputError(source, "--longest", f"no planned suspension {target!r}")
    p = found[0]
    index = scenario.suspensions.index(p)
    field = f"suspensions[{index}]"
    if (
        len(planned) > 1
        or p.start.earliest != p.start.latest
        or p.length
        or p.covers
        or p.end is None
    ):
        raise InputError(
            source,
            field,
            "under a term profile find --longest takes one planned suspension with a fixed start "
            "and an end window (no length, no covers) so far",
        )
    start = p.start.earliest
    if any(s.start >= start for s in scenario.fixed_suspensions):
        raise InputError(
            source,
            field,
            "under a term profile the planned suspension must come after every fixed one, so far",
        )
    fixed = validate_profile(
        attrs.evolve(scenario, suspensions=scenario.fixed_suspensions), settings
    )
    notice = p.advance_notice or _notice_by(scenario, start)
    trial = Suspension(p.id, start, p.end.latest, notice, p.notice_lawful)
    verdict = validate_profile(
        attrs.evolve(scenario, suspensions=(*scenario.fixed_suspensions, trial)), settings
    )
    outcome = next(o for o in verdict.evaluation.suspensions if o.id == p.id)
    own = [v for v in verdict.evaluation.violations if v.subject == p.id]
    restricted = outcome.restricted_from
    last = (
        p.end.latest if restricted is None else min(p.end.latest, restricted - dt.timedelta(days=1))
    )
    answer: dict[str, Any] = {
        "status": "optimal",
        "agreement": verdict.profile.id,
        "objective": "longest",
        "already_broken": verdict_json(fixed)["violations"],
    }
    if outcome.outside or last < max(start, p.end.earliest):
        answer["status"] = "infeasible"
        answer["suspension"] = {"id": p.id}
        window = f"{p.id} lies outside the Registration Period or before its end window"
        answer["obstacles"] = [_finding(v.rule, p.id, v.section, None, v.message) for v in own]
        if not own:
            answer["obstacles"] = [_finding("plan.end-window", p.id, None, None, window)]
        return answer
    if restricted is not None and restricted <= p.end.latest:
        v = own[0]
        # the first day past the limit, without the trial placement's days after it
        bound = _finding(v.rule, p.id, v.section, restricted, v.message.split(": ", 1)[0])
    else:
        closes = f"{p.id}'s end window closes {p.end.latest}"
        bound = _finding("plan.end-window", p.id, None, p.end.latest, closes)
    facts, calendars = profile_facts(scenario)
    answer["status"] = "optimal"
    answer["suspension"] = {
        "id": p.id,
        "start": start.isoformat(),
        "end": last.isoformat(),
        "days": (last - start).days + 1,
        "business_days": calendars.business.bd_count(start, last),
        "notice_by": notice.isoformat() if notice else None,
    }
    answer["bound_by"] = [bound]
    return answer


def _finding(
    rule: str, subject: str, section: str | None, day: Date | None, explanation: str
) -> dict[str, Any]:
    found: dict[str, Any] = {"rule": rule, "subject": subject, "section": section}
    if day is not None:
        found["date"] = day.isoformat()
    found["explanation"] = explanation
    return found


def _notice_by(scenario: ProfileScenario, start: Date) -> Date | None:
    """The latest notice day the profile's notice limits allow for ``start`` (None without
    notice limits): a planned suspension without its own notice is given it."""
    from model.profile_days import deemed, units_after

    profile: TermProfile = scenario.profile
    limits = profile.limits("notice")
    if not limits:
        return None
    facts, calendars = profile_facts(scenario)
    day = start
    for _ in range(366):
        day -= dt.timedelta(days=1)
        given = deemed(day, facts, calendars)
        n_of = [lim.n + (1 if facts.lead_time == "clear-business-days" else 0) for lim in limits]
        if all(
            units_after(given, n, lim.days_unit, calendars) <= start
            for n, lim in zip(n_of, limits, strict=True)
        ):
            return day
    return None


def find_text(answer: dict[str, Any], path: str) -> str:
    s = answer["suspension"]
    lines = [f"find --longest {s['id']} under {answer['agreement']}  ({path})"]
    if answer["status"] == "optimal":
        lines.append(
            f"  the longest allowed: {s['start']} to {s['end']} ({s['days']} days, "
            f"{s['business_days']} business days), notice by {s['notice_by'] or '(none required)'}"
        )
        for b in answer["bound_by"]:
            lines.append(f"  bound by {b['rule']} ({b['date']}): {b['explanation']}")
    else:
        lines.append("  infeasible: no placement of it is wholly allowed")
        for o in answer["obstacles"]:
            lines.append(f"  {o['rule']} {o['subject']}: {o['explanation']}")
    for v in answer["already_broken"]:
        lines.append(f"  already broken: {v['rule']} {v['subject']}: {v['message']}")
    return "".join(_wrapped(line) + "\n" for line in lines)
