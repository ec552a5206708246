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

from checks.find import find
from model.context import ScenarioContext, scenario_context
from model.exposure import period_days, periodic_amount_cents
from model.interpretations import Interpretation
from model.loading import structure_scenario
from model.scenario import Scenario
from model.schedule import ScenarioModel
from model.solver import SolverSettings, check, new_solver, no_answer
from model.suspensions import PERMITTED_LENGTH

Date = dt.date
SUSPENSIONS = 3


@attrs.frozen
class Property:
    """One property of the model, as a row like the rules' (model/rules.py): its id, the
    statement in words, what a result of ``proved`` shows, and the function that builds its
    negation and asks the solver (``check``; for a claim over every schedule, :func:`_claim`
    turns a function of the model into one whose negation must be unsat)."""

    id: str
    statement: str
    proves: str
    check: Callable[[Property, SolverSettings], list[ProofResult]] | None


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
    """Proved when ``constraints and not claim`` is unsat (the negation has no schedule); else
    the counterexample."""
    solver = new_solver(settings)
    solver.add(model.constraints())
    solver.add(z3.Not(claim))
    result = check(solver)
    if result == z3.unsat:
        return ProofResult(name, statement, "proved")
    if result == z3.sat:
        return ProofResult(name, statement, "counterexample", _schedule_text(model, solver.model()))
    return ProofResult(name, statement, "unknown", no_answer(solver, settings))


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


def _claim(
    build: Callable[[ScenarioModel], z3.BoolRef],
) -> Callable[[Property, SolverSettings], list[ProofResult]]:
    """A property over every schedule of :data:`SUSPENSIONS` suspensions and every reading: the
    claim ``build`` makes of the model, proved when its negation is unsat."""

    def check_claim(row: Property, settings: SolverSettings) -> list[ProofResult]:
        model = _model(scenario_context(_general_scenario(SUSPENSIONS)))
        return [_prove(row.id, row.statement, model, build(model), settings)]

    return check_claim


def _at_most_thirty_permitted_days(model: ScenarioModel) -> z3.BoolRef:
    return _permitted_business_days(model) <= 2 * PERMITTED_LENGTH


def _thirty_permitted_days(row: Property, settings: SolverSettings) -> list[ProofResult]:
    """The cap (``row``) over every schedule, then the witness that it is attained (the row
    after it), a compliant schedule with 30 business days of Permitted Suspension Periods, on
    the same schedules: one model of them serves both."""
    context = scenario_context(_general_scenario(SUSPENSIONS))
    free = _model(context)
    results = [_prove(row.id, row.statement, free, _at_most_thirty_permitted_days(free), settings)]
    attained = PROPERTIES_BY_ID["permitted-days-30-attained"]
    default = _model(context, Interpretation())
    solver = new_solver(settings)
    solver.add(default.constraints())
    solver.add(_permitted_business_days(default) == 2 * PERMITTED_LENGTH)
    solver.add(default.compliant())
    outcome = check(solver)
    if outcome == z3.sat:
        detail = "witness, compliant:\n" + _schedule_text(default, solver.model())
        results.append(ProofResult(attained.id, attained.statement, "proved", detail))
    else:
        why = f": {no_answer(solver, settings)}" if outcome == z3.unknown else ""
        results.append(
            ProofResult(attained.id, attained.statement, str(outcome), f"no witness found{why}")
        )
    return results


def _compliant_suspends_at_most_thirty(model: ScenarioModel) -> z3.BoolRef:
    schedule = model.schedule
    suspended = z3.Sum(
        [
            z3.If(schedule.outside[i], 0, terms.length)
            for i, terms in enumerate(model.suspension_terms)
        ]
    )
    return z3.Implies(model.compliant(), suspended <= 2 * PERMITTED_LENGTH)


def _permitted_periods_spaced(model: ScenarioModel) -> z3.BoolRef:
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
    return z3.And(claims)


def _every_day_permitted_or_restricted(model: ScenarioModel) -> z3.BoolRef:
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
    return z3.And(claims)


def _payments_grow_with_the_episode(row: Property, settings: SolverSettings) -> list[ProofResult]:
    """The total of an episode is ``sum_k amount(H, d_k(D))``; it is monotone in ``D`` because
    each ``d_k`` is (lemma 1) and each rounded amount is monotone in its days (lemma 2). Both
    lemmas read the payments' encoding from model/exposure.py, the one ``worst-case`` shares."""
    shorter, longer = z3.Ints("days_shorter days_longer")
    lemma_1 = new_solver(settings)
    lemma_1.add(shorter >= 0, longer >= shorter, longer <= 420)
    lemma_1.add(z3.Or([period_days(longer, k) < period_days(shorter, k) for k in range(14)]))

    held, fewer, more = z3.Ints("held_cents days_fewer days_more")
    lemma_2 = z3.SolverFor("QF_NIA")
    lemma_2.set("timeout", settings.timeout_ms)
    lemma_2.add(held >= 0, held <= 10**12, fewer >= 0, more >= fewer, more <= 30)
    lemma_2.add(periodic_amount_cents(held, more) < periodic_amount_cents(held, fewer))

    outcomes = [check(lemma_1), check(lemma_2)]
    if all(o == z3.unsat for o in outcomes):
        return [ProofResult(row.id, row.statement, "proved")]
    if z3.sat in outcomes:
        solver = lemma_1 if outcomes[0] == z3.sat else lemma_2
        return [ProofResult(row.id, row.statement, "counterexample", str(solver.model()))]
    lemma = lemma_1 if outcomes[0] == z3.unknown else lemma_2
    return [ProofResult(row.id, row.statement, "unknown", f"a lemma: {no_answer(lemma, settings)}")]


def _every_rule_non_vacuous(row: Property, settings: SolverSettings) -> list[ProofResult]:
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
        statement = row.statement.replace("each 3(h) rule", rule_id, 1)
        if outcome == z3.sat:
            results.append(
                ProofResult(
                    f"{row.id}:{rule_id}",
                    statement,
                    "proved",
                    "schedule:\n" + _schedule_text(model, solver.model()),
                )
            )
        else:
            why = no_answer(solver, settings) if outcome == z3.unknown else ""
            results.append(ProofResult(f"{row.id}:{rule_id}", statement, str(outcome), why))
    return results


def _latest_start_is_optimal(row: Property, settings: SolverSettings) -> list[ProofResult]:
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
    if result.status == "optimal" and result.suspension is not None:
        s = result.suspension
        return [
            ProofResult(
                row.id,
                row.statement,
                "proved",
                f"p1 latest start {s.start} (end {s.end}, notice by {s.notice_by}); "
                "no start after it is compliant",
            )
        ]
    return [ProofResult(row.id, row.statement, "unknown", result.message)]


def _index_comparisons_are_day_comparisons(model: ScenarioModel) -> z3.BoolRef:
    """The model compares a planned suspension's days by business-day counts
    (``model.suspensions.earlier``); over every placement, the result is the comparison of the
    calendar days themselves, through the calendar encoding."""
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
    return z3.And(claims)


UNSAT = "its negation has no schedule: unsat over every schedule and every reading"

PROPERTIES: tuple[Property, ...] = (
    Property(
        "index-comparisons-are-day-comparisons",
        "a planned suspension's order, its place against the Effective Date and the "
        "Registration Period's end, and its restricted episode's ends, decided on "
        "business-day counts, are those of its calendar days (every reading)",
        f"the business-day encoding is exact; {UNSAT}",
        _claim(_index_comparisons_are_day_comparisons),
    ),
    Property(
        "permitted-days-at-most-30",
        f"no Registration Period holds more than 30 business days of Permitted Suspension "
        f"Periods (any {SUSPENSIONS} suspensions, every reading)",
        f"the allowance of 3(h) is a cap; {UNSAT}",
        _thirty_permitted_days,
    ),
    Property(
        "permitted-days-30-attained",
        "30 business days of Permitted Suspension Periods are attained (default reading)",
        "the cap is sharp: a compliant witness schedule (sat)",
        None,  # proved by the row before, on the same model
    ),
    Property(
        "compliant-at-most-30",
        "a compliant schedule suspends sales on at most 30 business days of the "
        "Registration Period: at most two suspensions, at most 15 business days each "
        "(every reading)",
        f"compliance bounds the days suspended; {UNSAT}",
        _claim(_compliant_suspends_at_most_thirty),
    ),
    Property(
        "permitted-periods-spaced",
        "two Permitted Suspension Periods never overlap and never begin closer than the "
        "spacing reading allows after the preceding one ends (every reading)",
        f"the spacing of 3(h)(ii) holds between permitted periods; {UNSAT}",
        _claim(_permitted_periods_spaced),
    ),
    Property(
        "every-day-permitted-or-restricted",
        "every day of a suspension inside the Registration Period is either permitted or "
        "restricted, never both and never neither, and the payment episodes cover exactly "
        "the restricted days (every reading)",
        f"the days of 3(h) and 2(b) partition each suspension; {UNSAT}",
        _claim(_every_day_permitted_or_restricted),
    ),
    Property(
        "payments-monotone",
        "lengthening a restricted episode never lowers its Periodic Amounts: each period's "
        "days grow with the episode (episodes up to 420 days) and each amount, rounded half up "
        "to the cent, grows with its days (any Held Shares Value up to 10 billion dollars)",
        "2(b)'s amounts are monotone in the days restricted: two lemmas, each negation unsat",
        _payments_grow_with_the_episode,
    ),
    Property(
        "non-vacuous",
        "each 3(h) rule is not vacuous: a schedule meeting every other rule breaks it "
        "(default reading)",
        "every rule of 3(h) matters: one witness schedule per rule (sat)",
        _every_rule_non_vacuous,
    ),
    Property(
        "find-latest-start-optimal",
        "find --latest-start is optimal: no later start of the planned suspension keeps the "
        "schedule compliant (the solver's answer, then 'a later start' is unsat)",
        "find's answer is proved optimal on an example",
        _latest_start_is_optimal,
    ),
)

PROPERTIES_BY_ID = {p.id: p for p in PROPERTIES}


def run(property_id: str, settings: SolverSettings) -> list[ProofResult]:
    """One row of :data:`PROPERTIES`, proved (or not) under ``settings``."""
    row = PROPERTIES_BY_ID[property_id]
    assert row.check is not None, f"{property_id} is proved with the row before it"
    return row.check(row, settings)


def index_comparisons_are_day_comparisons(settings: SolverSettings) -> list[ProofResult]:
    return run("index-comparisons-are-day-comparisons", settings)


def at_most_thirty_permitted_days(settings: SolverSettings) -> list[ProofResult]:
    return run("permitted-days-at-most-30", settings)


def compliant_schedule_suspends_at_most_thirty(settings: SolverSettings) -> list[ProofResult]:
    return run("compliant-at-most-30", settings)


def permitted_periods_are_spaced(settings: SolverSettings) -> list[ProofResult]:
    return run("permitted-periods-spaced", settings)


def prove_all(settings: SolverSettings | None = None) -> list[ProofResult]:
    settings = settings or SolverSettings(timeout_seconds=120)
    results: list[ProofResult] = []
    for row in PROPERTIES:
        if row.check is not None:
            results.extend(row.check(row, settings))
    return results
