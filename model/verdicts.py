"""The verdict of a fixed schedule, read off a solution of its Z3 model in one pass.

``validate`` (:mod:`checks.validate`) asks :func:`verdict` and gets a
:class:`~model.findings.Verdict`: which rules are broken (in words, :mod:`model.explain`), which
days are Permitted Suspension Periods and which are restricted, the episodes, and the money
(computed afterwards in Decimal, :mod:`model.payments`). The Z3 objects stay here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
import z3

from model.acts import deemed_acts
from model.bound_model import Solved, SuspensionValues, bound_model, shape_of
from model.context import ScenarioContext
from model.explain import (
    explain_filing,
    explain_registration,
    explain_suspension,
    required_filing_date_note,
)
from model.findings import Episode, Note, SuspensionStatus, Verdict, Violation
from model.folding import is_true, numeral
from model.interpretations import Interpretation
from model.payments import periodic_amounts
from model.rules import FILING, REGISTRATION, SUSPENSION, of_kind, table
from model.scenario import Suspension
from model.schedule import EpisodeTerms, ScenarioModel
from model.solver import (
    SolverSettings,
    SolverUnknown,
    check,
    from_ordinal,
    new_solver,
    no_answer,
)

Date = dt.date


def verdict(
    context: ScenarioContext, settings: SolverSettings, disabled: Iterable[str] = ()
) -> Verdict:
    """The verdict of the fixed schedule of ``context`` under its own reading, with the rules
    ``disabled`` names removed (the tests that show each rule matters): from the model built
    once for the schedule's shape (:mod:`model.bound_model`) where it has one, else from a
    model built for it."""
    disabled = frozenset(disabled)
    shape = shape_of(context, disabled)
    if shape is None:
        return verdict_built_for(context, settings, disabled)
    unknown = disabled - {rule.id for rule in table()}
    if unknown:
        raise ValueError(f"unknown rule ids: {sorted(unknown)}")
    interpretation = context.scenario.interpretation
    model = bound_model(shape)
    if not model.binds(interpretation):
        return verdict_built_for(context, settings, disabled)
    return _bound_verdict(context, model.solve(context, interpretation), interpretation)


def _bound_verdict(
    context: ScenarioContext, solved: Solved, interpretation: Interpretation
) -> Verdict:
    return verdict_of(
        context, solved.broken, solved.values, solved.episodes[interpretation.penalty_window]
    )


def verdict_built_for(
    context: ScenarioContext, settings: SolverSettings, disabled: Iterable[str] = ()
) -> Verdict:
    """The verdict from a model built for this one file (its dates as constants, folded where
    they decide a term): what :func:`verdict` gave before the model built once per shape, and
    what the tests compare it with."""
    model = ScenarioModel(context, context.scenario.interpretation, disabled)
    solver = new_solver(settings)
    solver.add(model.constraints())
    return verdict_from(solver, model, context, settings=settings)


def verdict_from(
    solver: z3.Solver,
    model: ScenarioModel,
    context: ScenarioContext,
    assumptions: Sequence[z3.BoolRef] = (),
    settings: SolverSettings | None = None,  # the solver's, for the words of a time-out
) -> Verdict:
    """Solve a model of a fixed schedule (under ``assumptions``) and read the verdict off it.

    ``context`` carries the interpretation the verdict is for; the model may be shared by
    several contexts whose readings the assumptions pin (the robust check)."""
    result = check(solver, *assumptions)
    if result == z3.unknown:
        raise SolverUnknown(f"the solver gave no answer: {no_answer(solver, settings)}")
    if result == z3.unsat:  # a fixed schedule always has exactly one reading of its terms
        raise RuntimeError("the model of a fixed schedule has no solution: a modelling error")
    return _verdict(context, model, solver.model())


def _verdict(context: ScenarioContext, model: ScenarioModel, m: z3.ModelRef) -> Verdict:
    # Terms of fixed suspensions are often constants already: read those without the model.
    def true(term: z3.BoolRef) -> bool:
        known = model.constant(term)
        if known is not None:
            return bool(known)
        return is_true(_value(m, term))

    def day(term: z3.ArithRef) -> int:
        known = model.constant(term)
        if known is None:
            known = numeral(_value(m, term))
        return int(known)

    broken = {r.key for r in model.undecided_rule_instances() if true(r.broken)}
    schedule = model.schedule
    values = []
    for i in range(len(context.scenario.suspensions)):
        permitted = true(schedule.permitted[i])
        has_episode = true(schedule.has_episode[i])
        over_long = true(schedule.over_long[i]) if permitted else False
        values.append(
            SuspensionValues(
                eligible=true(schedule.eligible[i]),
                permitted=permitted,
                outside=true(schedule.outside[i]),
                counts=true(schedule.counts[i]),
                over_long=over_long,
                has_episode=has_episode,
                episode_first=day(schedule.episode_first[i]) if has_episode else None,
                restricted_from=day(schedule.restricted_from[i]) if over_long else None,
            )
        )

    def episode(terms: EpisodeTerms, kind: str) -> Episode | None:
        if not true(terms.exists):
            return None
        return Episode(
            subject=terms.subject,
            kind=kind,
            restricted_sale_date=from_ordinal(day(terms.first_day)),
            cure_date=from_ordinal(day(terms.last_day)) + dt.timedelta(days=1),
            gives_payments=true(terms.gives_payments),
        )

    found = [episode(t, "suspension") for t in model.suspension_episodes] + [
        episode(t, "restriction") for t in model.restriction_episodes
    ]
    return verdict_of(context, broken, values, [e for e in found if e is not None])


def _value(m: z3.ModelRef, term: z3.ExprRef) -> z3.ExprRef:
    """``m.eval(term, model_completion=True)``, a constant read by its address or as a numeral:
    the Python API's search for the class of the value took several calls into Z3."""
    value = (z3.Ast * 1)()
    if not z3.Z3_model_eval(m.ctx.ref(), m.model, term.as_ast(), True, value):
        raise z3.Z3Exception("failed to evaluate expression in the model")
    return z3.ExprRef(value[0], m.ctx)


def verdict_of(
    context: ScenarioContext,
    broken: set[str] | frozenset[str],
    values: Sequence[SuspensionValues],
    found: Sequence[Episode],
) -> Verdict:
    """The verdict from what a solution says: the keys (``rule:subject``) of the rules broken,
    each suspension's values (in file order) and the restricted episodes; the findings in
    words and the money computed here."""
    scenario = context.scenario
    calendar = context.calendar
    timeline = context.timeline
    interpretation = scenario.interpretation

    # Suspensions in order of start (READING.md section 4).
    by_start = sorted(range(len(scenario.suspensions)), key=lambda i: scenario.suspensions[i].start)
    statuses: dict[str, SuspensionStatus] = {}
    for i in by_start:
        s = scenario.suspensions[i]
        assert isinstance(s, Suspension)
        v = values[i]
        # Restricted days are days of the Registration Period (1(i): sales "covered by any
        # previously effective Registration Statement"): the first is the episode's first.
        restricted_from = from_ordinal(v.episode_first) if v.episode_first is not None else None
        permitted_until: Date | None = None
        if v.permitted:
            permitted_until = (
                from_ordinal(v.restricted_from) - dt.timedelta(days=1)
                if v.restricted_from is not None
                else s.end
            )
        statuses[s.id] = SuspensionStatus(
            id=s.id,
            start=s.start,
            end=s.end,
            business_days=calendar.bd_count(s.start, s.end),
            eligible=v.eligible,
            permitted=v.permitted,
            restricted_from=restricted_from,
            outside=v.outside,
            counts=v.counts,
            permitted_until=permitted_until,
            advance_notice=s.advance_notice,
        )

    violations: list[Violation] = []
    dates = scenario.dates
    for rule in of_kind(REGISTRATION):
        if f"{rule.id}:registration" in broken:
            violations.append(
                explain_registration(rule.id, dates, timeline, calendar, interpretation)
            )
    ordered = [scenario.suspensions[i] for i in by_start]
    counted: list[SuspensionStatus] = []  # earlier suspensions that count, as the loop goes
    for position, s in enumerate(ordered):
        assert isinstance(s, Suspension)
        previous = ordered[position - 1] if position else None
        if position and statuses[ordered[position - 1].id].counts:
            counted = [*counted, statuses[ordered[position - 1].id]]
        for rule in of_kind(SUSPENSION):
            if f"{rule.id}:{s.id}" in broken:
                violations.append(
                    explain_suspension(
                        rule.id,
                        s,
                        previous if isinstance(previous, Suspension) else None,
                        counted,
                        calendar,
                        timeline,
                        interpretation,
                    )
                )
    for filing in scenario.filings:
        for rule in of_kind(FILING):
            if f"{rule.id}:{filing.id}" in broken:
                violations.append(explain_filing(rule.id, filing, calendar, interpretation))

    episodes = sorted(found, key=lambda e: (e.restricted_sale_date, e.subject))
    payments, payment_notes = periodic_amounts(
        episodes,
        scenario.investors,
        dates,
        timeline,
        calendar,
        context.trading_calendar,
        scenario.prices,
    )
    notes: list[Note] = [required_filing_date_note(timeline)]
    if dates.transfer_agent_opinion is None:
        notes.append(
            Note(
                "registration",
                "transfer_agent_opinion is not given: 3(k) (instruction and opinion to the "
                "transfer agent within 5 business days after effectiveness) was not checked",
            )
        )
    notes.extend(payment_notes)
    return Verdict(
        scenario=scenario.name,
        interpretation=interpretation,
        timeline=timeline,
        suspensions=tuple(statuses[scenario.suspensions[i].id] for i in by_start),
        violations=tuple(violations),
        episodes=tuple(episodes),
        payments=payments,
        notes=tuple(notes),
        filings=scenario.filings,
        deemed=deemed_acts(scenario, calendar, interpretation.notice_day),
    )


# -- one model, every reading (validate --robust) -------------------------------------------------


class EveryReading:
    """One model of a fixed schedule with the readings of READING.md section 7 left as its
    inputs, solved under any of them (``validate --robust``): the verdict under a reading, or
    what a solution says in a few evaluations (:class:`ReadingSolution`). The model built
    once for the schedule's shape where it has one (:mod:`model.bound_model`), each reading
    bound to it as the facts are; else a model built for the file."""

    def __init__(self, context: ScenarioContext, settings: SolverSettings) -> None:
        self.context = context
        self._settings = settings
        shape = shape_of(context, frozenset())
        self._bound = bound_model(shape) if shape is not None else None
        self._built: tuple[ScenarioModel, z3.Solver] | None = None
        self._reader: _Reader | None = None
        if self._bound is None:
            self._built_for_file()

    def _binds(self, reading: Interpretation) -> bool:
        return self._bound is not None and self._bound.binds(reading)

    def _built_for_file(self) -> tuple[ScenarioModel, z3.Solver]:
        """The model built for this file, when first needed."""
        if self._built is None:
            model = ScenarioModel(self.context, interpretation=None)
            solver = new_solver(self._settings)
            solver.add(model.constraints())
            self._built = model, solver
        return self._built

    def verdict(self, context: ScenarioContext) -> Verdict:
        """The verdict under the reading of ``context``'s scenario."""
        interpretation = context.scenario.interpretation
        if self._bound is not None and self._binds(interpretation):
            solved = self._bound.solve(context, interpretation)
            return _bound_verdict(context, solved, interpretation)
        model, solver = self._built_for_file()
        fixed = model.readings.fixed_to(interpretation)
        return verdict_from(solver, model, context, fixed, self._settings)

    def solve(self, reading: Interpretation) -> ReadingSolution:
        """The rules broken and the restricted episodes under ``reading`` (both readings of
        penalty-window, which moves money only)."""
        if self._bound is not None and self._binds(reading):
            solved = self._bound.solve(self.context, reading)
            return ReadingSolution(
                solved.broken,
                {
                    penalty_window: tuple(
                        sorted(found, key=lambda e: (e.restricted_sale_date, e.subject))
                    )
                    for penalty_window, found in solved.episodes.items()
                },
            )
        model, solver = self._built_for_file()
        if self._reader is None:  # its packed terms are built once, when first needed
            self._reader = _Reader(model)
        return self._reader.solve(solver, reading, self._settings)


@attrs.frozen
class ReadingSolution:
    """What one solution of the model says, for both readings of penalty-window."""

    broken: frozenset[str]
    # Per penalty-window reading: the restricted episodes, by Restricted Sale Date.
    episodes: dict[str, tuple[Episode, ...]]


class _Reader:
    """Reads a solution of the model in a few evaluations: its Booleans packed into integers,
    built once (building terms through the Python API costs more than solving here)."""

    def __init__(self, model: ScenarioModel) -> None:
        self.model = model
        self.instances = model.rule_instances
        self.episodes = [(t, "suspension") for t in model.suspension_episodes] + [
            (t, "restriction") for t in model.restriction_episodes
        ]
        literal = model.readings.literal_90_days
        self.broken = _packed([r.broken for r in self.instances])
        self.exists = _packed([t.exists for t, _ in self.episodes])
        # penalty-window enters only gives_payments: read it under both readings.
        self.gives = {
            reading: _packed(
                [
                    z3.substitute(t.gives_payments, (literal, z3.BoolVal(value)))
                    for t, _ in self.episodes
                ]
            )
            for reading, value in (("cross-reference", False), ("literal-90-days", True))
        }

    def solve(
        self, solver: z3.Solver, key: Interpretation, settings: SolverSettings | None = None
    ) -> ReadingSolution:
        result = solver.check(*self.model.readings.fixed_to(key))
        if result == z3.unknown:
            raise SolverUnknown(f"the solver gave no answer: {no_answer(solver, settings)}")
        if result == z3.unsat:
            raise RuntimeError("the model of a fixed schedule has no solution: a modelling error")
        m = solver.model()
        broken_bits = _bits(m, self.broken, len(self.instances))
        broken = frozenset(r.key for r, bit in zip(self.instances, broken_bits, strict=True) if bit)
        exists = _bits(m, self.exists, len(self.episodes))

        def day(term: z3.ArithRef) -> dt.date:
            return from_ordinal(m.eval(term, model_completion=True).as_long())

        days = {
            i: (day(t.first_day), day(t.last_day))
            for i, (t, _) in enumerate(self.episodes)
            if exists[i]
        }
        episodes: dict[str, tuple[Episode, ...]] = {}
        for reading, packed in self.gives.items():
            flags = _bits(m, packed, len(self.episodes))
            found = [
                Episode(
                    subject=t.subject,
                    kind=kind,
                    restricted_sale_date=days[i][0],
                    cure_date=days[i][1] + dt.timedelta(days=1),
                    gives_payments=flags[i],
                )
                for i, (t, kind) in enumerate(self.episodes)
                if exists[i]
            ]
            episodes[reading] = tuple(
                sorted(found, key=lambda e: (e.restricted_sale_date, e.subject))
            )
        return ReadingSolution(broken, episodes)


def _packed(terms: list[z3.BoolRef]) -> z3.ArithRef | None:
    """Booleans packed into one integer term, bit ``k`` for term ``k``."""
    if not terms:
        return None
    return z3.Sum([z3.If(t, 2**k, 0) for k, t in enumerate(terms)])


def _bits(m: z3.ModelRef, packed: z3.ArithRef | None, n: int) -> list[bool]:
    if packed is None:
        return []
    value = m.eval(packed, model_completion=True).as_long()
    return [bool(value >> k & 1) for k in range(n)]
