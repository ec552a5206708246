"""``rrcheck prove``: properties of the model, each proved by Z3 over every schedule of up to
``SUSPENSIONS`` suspensions in a Registration Period (the negation is unsat), under every
combination of readings unless a property says otherwise.

The schedules quantified over: suspensions placed anywhere from a month before the Effective
Date to a month after the Registration Period ends, 1 to 40 business days long, with any
advance notice (or none, lawful or not), on the us-federal calendar with its holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import z3

from checks.plan import find
from model.context import ScenarioContext, scenario_context
from model.interpretations import Interpretation
from model.loading import structure_scenario
from model.scenario import Scenario
from model.schedule import ScenarioModel
from model.solver import SolverSettings, check, new_solver
from model.suspensions import PERMITTED_LENGTH

Date = dt.date
SUSPENSIONS = 3


@attrs.frozen
class ProofResult:
    name: str
    statement: str
    status: str  # proved | counterexample | unknown
    detail: str = ""


def _general_scenario(suspensions: int, effective: str = "2003-10-03") -> Scenario:
    ed = dt.date.fromisoformat(effective)
    window = {
        "earliest": (ed - dt.timedelta(days=30)).isoformat(),
        "latest": (ed + dt.timedelta(days=760)).isoformat(),
    }
    document = {
        "scenario": {"name": "every schedule", "calendar": "us-federal"},
        "dates": {
            "quarterly_report_filed": "2003-08-14",
            "registration_filed": "2003-08-21",
            "sec_clearance_notice": "2003-10-01",
            "effective": effective,
        },
        "suspensions": [
            {"id": f"s{i + 1}", "start": window, "length": {"min": 1, "max": 40}}
            for i in range(suspensions)
        ],
    }
    return structure_scenario(document, "prove")


def _model(context: ScenarioContext, interpretation: Interpretation | None = None) -> ScenarioModel:
    return ScenarioModel(context, interpretation, free_notices=True)


def _schedule_text(model: ScenarioModel, m: z3.ModelRef) -> str:
    lines = []
    calendar = model.context.calendar

    def start_of(terms: object) -> int:
        index = model.planned[terms.id].start_index  # type: ignore[attr-defined]
        return int(m.eval(index, model_completion=True).as_long())

    for terms in sorted(model.suspension_terms, key=start_of):
        planned = model.planned[terms.id]
        start = calendar.day_at(m.eval(planned.start_index, model_completion=True).as_long())
        end = calendar.day_at(m.eval(planned.end_index, model_completion=True).as_long())
        has = z3.is_true(m.eval(terms.has_notice, model_completion=True))
        lawful = z3.is_true(m.eval(terms.notice_lawful, model_completion=True))
        notice = "none"
        if has:
            through = m.eval(terms.notice_through, model_completion=True).as_long()
            notice = calendar.day_at(through - 1).isoformat()
        lines.append(
            f"  {terms.id}: {start} to {end} ({calendar.bd_count(start, end)} business days), "
            f"advance notice {notice}{'' if lawful else ' (notice unlawful)'}"
        )
    readings = model.readings
    chosen = [
        f.name
        for f in attrs.fields(type(readings))
        if z3.is_true(m.eval(getattr(readings, f.name), model_completion=True))
    ]
    lines.append(f"  readings switched from the default: {', '.join(chosen) or 'none'}")
    return "\n".join(lines)


def _prove(
    name: str,
    statement: str,
    model: ScenarioModel,
    claim: z3.BoolRef,
    settings: SolverSettings,
) -> ProofResult:
    """Proved when ``constraints and not claim`` is unsat; else the counterexample."""
    solver = new_solver(settings)
    solver.add(model.constraints())
    solver.add(z3.Not(claim))
    result = check(solver)
    if result == z3.unsat:
        return ProofResult(name, statement, "proved")
    if result == z3.sat:
        return ProofResult(name, statement, "counterexample", _schedule_text(model, solver.model()))
    return ProofResult(name, statement, "unknown", solver.reason_unknown())


def _permitted_business_days(model: ScenarioModel) -> z3.ArithRef:
    schedule = model.schedule
    return z3.Sum(
        [
            z3.If(
                schedule.permitted[i],
                z3.If(schedule.over_long[i], PERMITTED_LENGTH, terms.length),
                0,
            )
            for i, terms in enumerate(model.suspension_terms)
        ]
    )


def at_most_thirty_permitted_days(settings: SolverSettings) -> list[ProofResult]:
    context = scenario_context(_general_scenario(SUSPENSIONS))
    free = _model(context)
    results = [
        _prove(
            "permitted-days-at-most-30",
            f"no Registration Period holds more than 30 business days of Permitted Suspension "
            f"Periods (any {SUSPENSIONS} suspensions, every reading)",
            free,
            _permitted_business_days(free) <= 2 * PERMITTED_LENGTH,
            settings,
        )
    ]
    default = _model(context, Interpretation())
    solver = new_solver(settings)
    solver.add(default.constraints())
    solver.add(_permitted_business_days(default) == 2 * PERMITTED_LENGTH)
    solver.add(default.compliant())
    outcome = check(solver)
    statement = "30 business days of Permitted Suspension Periods are attained (default reading)"
    if outcome == z3.sat:
        results.append(
            ProofResult(
                "permitted-days-30-attained",
                statement,
                "proved",
                "witness, compliant:\n" + _schedule_text(default, solver.model()),
            )
        )
    else:
        results.append(
            ProofResult("permitted-days-30-attained", statement, str(outcome), "no witness found")
        )
    return results


def compliant_schedule_suspends_at_most_thirty(settings: SolverSettings) -> list[ProofResult]:
    context = scenario_context(_general_scenario(SUSPENSIONS))
    model = _model(context)
    schedule = model.schedule
    suspended = z3.Sum(
        [
            z3.If(schedule.outside[i], 0, terms.length)
            for i, terms in enumerate(model.suspension_terms)
        ]
    )
    return [
        _prove(
            "compliant-at-most-30",
            "a compliant schedule suspends sales on at most 30 business days of the "
            "Registration Period: at most two suspensions, at most 15 business days each "
            "(every reading)",
            model,
            z3.Implies(model.compliant(), suspended <= 2 * PERMITTED_LENGTH),
            settings,
        )
    ]


def permitted_periods_are_spaced(settings: SolverSettings) -> list[ProofResult]:
    context = scenario_context(_general_scenario(SUSPENSIONS))
    model = _model(context)
    schedule = model.schedule
    S = model.suspension_terms
    claims = []
    for i in range(len(S)):
        for j in range(len(S)):
            if i == j:
                continue
            required = z3.If(model.readings.ten_clear_business_days, 11, 10)
            claims.append(
                z3.Implies(
                    z3.And(schedule.permitted[i], schedule.permitted[j], schedule.precedes[j, i]),
                    z3.And(
                        S[j].end_day < S[i].start_day,
                        S[i].start_through >= S[j].end_through + required,
                    ),
                )
            )
    return [
        _prove(
            "permitted-periods-spaced",
            "two Permitted Suspension Periods never overlap and never begin closer than the "
            "spacing reading allows after the preceding one ends (every reading)",
            model,
            z3.And(claims),
            settings,
        )
    ]


def every_day_permitted_or_restricted(settings: SolverSettings) -> list[ProofResult]:
    context = scenario_context(_general_scenario(SUSPENSIONS))
    model = _model(context)
    schedule = model.schedule
    period = model.period
    day = z3.Int("day")
    claims = []
    for i, terms in enumerate(model.suspension_terms):
        inside = z3.And(
            terms.start_day <= day,
            day <= terms.end_day,
            period.effective_day <= day,
            day <= period.end_day,
            z3.Not(schedule.outside[i]),
        )
        permitted_day = z3.And(
            schedule.permitted[i],
            z3.Or(z3.Not(schedule.over_long[i]), day < schedule.restricted_from[i]),
        )
        restricted_day = z3.And(schedule.has_restricted_days[i], day >= schedule.restricted_from[i])
        paid_day = z3.And(
            schedule.has_episode[i],
            schedule.episode_first[i] <= day,
            day <= schedule.episode_last[i],
        )
        claims.append(
            z3.Implies(
                inside,
                z3.And(
                    permitted_day != restricted_day,  # exactly one
                    paid_day == restricted_day,  # payments cover exactly the restricted days
                ),
            )
        )
        claims.append(
            z3.Implies(
                schedule.has_restricted_days[i],
                z3.And(
                    terms.start_day <= schedule.restricted_from[i],
                    schedule.restricted_from[i] <= terms.end_day,
                ),
            )
        )
    return [
        _prove(
            "every-day-permitted-or-restricted",
            "every day of a suspension inside the Registration Period is either permitted or "
            "restricted, never both and never neither, and the payment episodes cover exactly "
            "the restricted days (every reading)",
            model,
            z3.And(claims),
            settings,
        )
    ]


def _period_days(days: z3.ArithRef, k: int) -> z3.ArithRef:
    """Days in the (k+1)-th period of an episode of ``days`` days: ``c_k - c_(k-1)``."""
    rest = days - 30 * k
    return z3.If(rest >= 30, 30, z3.If(rest <= 0, 0, rest))


def _rounded_amount_cents(held_cents: z3.ArithRef, days: z3.ArithRef) -> z3.ArithRef:
    """One Periodic Amount in cents as model/payments.py computes it: 1.5% x Held Shares Value
    x days / 30, rounded half up to the cent, i.e. ``floor((H * d + 1000) / 2000)``."""
    return (held_cents * days + 1000) / 2000


def payments_grow_with_the_episode(settings: SolverSettings) -> list[ProofResult]:
    """The total of an episode is ``sum_k amount(H, d_k(D))``; it is monotone in ``D`` because
    each ``d_k`` is (lemma 1) and each rounded amount is monotone in its days (lemma 2)."""
    statement = (
        "lengthening a restricted episode never lowers its Periodic Amounts: each period's "
        "days grow with the episode (episodes up to 420 days) and each amount, rounded half up "
        "to the cent, grows with its days (any Held Shares Value up to 10 billion dollars)"
    )
    shorter, longer = z3.Ints("days_shorter days_longer")
    lemma_1 = new_solver(settings)
    lemma_1.add(shorter >= 0, longer >= shorter, longer <= 420)
    lemma_1.add(z3.Or([_period_days(longer, k) < _period_days(shorter, k) for k in range(14)]))

    held, fewer, more = z3.Ints("held_cents days_fewer days_more")
    lemma_2 = z3.SolverFor("QF_NIA")
    lemma_2.set("timeout", settings.timeout_ms)
    lemma_2.add(held >= 0, held <= 10**12, fewer >= 0, more >= fewer, more <= 30)
    lemma_2.add(_rounded_amount_cents(held, more) < _rounded_amount_cents(held, fewer))

    outcomes = [check(lemma_1), check(lemma_2)]
    if all(o == z3.unsat for o in outcomes):
        return [ProofResult("payments-monotone", statement, "proved")]
    if z3.sat in outcomes:
        solver = lemma_1 if outcomes[0] == z3.sat else lemma_2
        return [ProofResult("payments-monotone", statement, "counterexample", str(solver.model()))]
    return [ProofResult("payments-monotone", statement, "unknown", "a lemma timed out")]


def every_rule_non_vacuous(settings: SolverSettings) -> list[ProofResult]:
    """Each 3(h) rule excludes a schedule that every other rule allows."""
    context = scenario_context(_general_scenario(SUSPENSIONS))
    model = _model(context, Interpretation())
    results = []
    for rule_id, terms in model.schedule.broken.items():
        others = [z3.Not(r.broken) for r in model.rule_instances if r.rule != rule_id]
        solver = new_solver(settings)
        solver.add(model.constraints())
        solver.add(others)
        solver.add(z3.Or(terms))
        outcome = check(solver)
        statement = (
            f"{rule_id} is not vacuous: a schedule meeting every other rule breaks it "
            "(default reading)"
        )
        if outcome == z3.sat:
            results.append(
                ProofResult(
                    f"non-vacuous:{rule_id}",
                    statement,
                    "proved",
                    "schedule:\n" + _schedule_text(model, solver.model()),
                )
            )
        else:
            results.append(ProofResult(f"non-vacuous:{rule_id}", statement, str(outcome)))
    return results


def latest_start_is_optimal(settings: SolverSettings) -> list[ProofResult]:
    """``find --latest-start`` on a planned suspension that must end ten business days
    before an announced one: the answer, and the proof that no later start is compliant."""
    document = {
        "scenario": {"name": "latest start before an announced suspension"},
        "dates": {
            "quarterly_report_filed": "2003-08-14",
            "registration_filed": "2003-08-21",
            "sec_clearance_notice": "2003-10-01",
            "effective": "2003-10-03",
        },
        "suspensions": [
            {"id": "p1", "start": {"earliest": "2004-01-05", "latest": "2004-03-31"}, "length": 5},
            {
                "id": "announced",
                "advance_notice": "2004-03-29",
                "start": "2004-03-31",
                "end": "2004-04-06",
            },
        ],
    }
    result = find(structure_scenario(document, "prove"), "latest-start", "p1", settings)
    statement = (
        "find --latest-start is optimal: no later start of the planned suspension keeps the "
        "schedule compliant (the solver's answer, then 'a later start' is unsat)"
    )
    if result.status == "optimal" and result.suspension is not None:
        s = result.suspension
        return [
            ProofResult(
                "find-latest-start-optimal",
                statement,
                "proved",
                f"p1 latest start {s.start} (end {s.end}, notice by {s.notice_by}); "
                "no start after it is compliant",
            )
        ]
    return [ProofResult("find-latest-start-optimal", statement, "unknown", result.message)]


def index_comparisons_are_day_comparisons(settings: SolverSettings) -> list[ProofResult]:
    """The model compares a planned suspension's days by business-day counts
    (``model.suspensions.earlier``); over every placement, the result is the comparison of the
    calendar days themselves, through the calendar encoding."""
    context = scenario_context(_general_scenario(SUSPENSIONS))
    model = _model(context)
    schedule = model.schedule
    period = model.period
    S = model.suspension_terms
    claims = []
    for i in range(len(S)):
        outside = S[i].start_day > period.end_day
        claims += [
            schedule.outside[i] == outside,
            schedule.in_registration_period[i]
            == z3.And(z3.Not(outside), S[i].end_day >= period.effective_day),
            schedule.broken["suspension.before-effective"][i]
            == z3.And(z3.Not(outside), S[i].start_day < period.effective_day),
            schedule.episode_first[i]
            == z3.If(
                schedule.restricted_from[i] >= period.effective_day,
                schedule.restricted_from[i],
                period.effective_day,
            ),
            schedule.episode_last[i]
            == z3.If(S[i].end_day <= period.end_day, S[i].end_day, period.end_day),
        ]
        claims += [
            schedule.precedes[j, i] == (S[j].start_day < S[i].start_day)
            for j in range(len(S))
            if j != i
        ]
    return [
        _prove(
            "index-comparisons-are-day-comparisons",
            "a planned suspension's order, its place against the Effective Date and the "
            "Registration Period's end, and its restricted episode's ends, decided on "
            "business-day counts, are those of its calendar days (every reading)",
            model,
            z3.And(claims),
            settings,
        )
    ]


PROPERTIES: tuple[Callable[[SolverSettings], list[ProofResult]], ...] = (
    index_comparisons_are_day_comparisons,
    at_most_thirty_permitted_days,
    compliant_schedule_suspends_at_most_thirty,
    permitted_periods_are_spaced,
    every_day_permitted_or_restricted,
    payments_grow_with_the_episode,
    every_rule_non_vacuous,
    latest_start_is_optimal,
)


def prove_all(settings: SolverSettings | None = None) -> list[ProofResult]:
    settings = settings or SolverSettings(timeout_seconds=120)
    results: list[ProofResult] = []
    for prove in PROPERTIES:
        results.extend(prove(settings))
    return results
