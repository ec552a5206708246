"""The whole Z3 model of a scenario: its suspensions (fixed or planned), the interpretations
as Boolean inputs, every rule instance as a named term, and the restricted episodes.

Checks (:mod:`checks`) ask it questions in domain terms; the Z3 objects stay in ``model/``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs
import z3

from model.acts import act_term
from model.calendars import CalendarCoverageError
from model.context import ScenarioContext
from model.folding import conjunction, disjunction, is_false, is_true, ite, negation, numeral
from model.interpretations import Interpretation
from model.notices import NoticeContext
from model.registration import registration_period
from model.rules import FILING, REGISTRATION, SUSPENSION, by_id, of_kind, table
from model.scenario import Filing, PlannedSuspension, Suspension
from model.solver import BusinessDayEncoding, encoding_of, ordinal, pause_point
from model.suspension_schedule import SuspensionSchedule
from model.suspensions import DayTerm, PeriodTerms, Readings, SuspensionTerms
from model.terms import focus_2003

if TYPE_CHECKING:
    from model.rules import Rule

Date = dt.date


@attrs.frozen
class RuleInstance:
    """One rule applied to one subject: ``rule:subject`` and the term that says it is broken."""

    rule: str
    subject: str
    broken: z3.BoolRef

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.subject}"

    @property
    def section(self) -> str:
        return by_id(self.rule).section


@attrs.frozen
class EpisodeTerms:
    """A restricted episode: first and last restricted day (ordinals) in the Registration
    Period, whether it has any day there, and whether it gives rise to payments."""

    subject: str
    first_day: z3.ArithRef
    last_day: z3.ArithRef
    exists: z3.BoolRef
    gives_payments: z3.BoolRef


def restriction_episode(
    subject: str,
    start: z3.ArithRef,
    end: z3.ArithRef,
    period: PeriodTerms,
    penalty_window_end: z3.ArithRef | int,
) -> EpisodeTerms:
    """A restriction's episode (days as ordinals), clipped to the Registration Period; it gives
    rise to payments only within 90 days after the IRED (2(b)(ii))."""
    first = z3.If(start >= period.effective_day, start, period.effective_day)
    last = z3.If(end <= period.end_day, end, period.end_day)
    exists = first <= last
    return EpisodeTerms(subject, first, last, exists, z3.And(exists, first <= penalty_window_end))


def suspension_episodes(
    schedule: SuspensionSchedule,
    readings: Readings,
    penalty_window_end: z3.ArithRef | int,
    subjects: Sequence[str],
) -> list[EpisodeTerms]:
    """Each suspension's restricted episode; under penalty-window = literal-90-days it gives
    rise to payments only when it begins within 90 days after the IRED."""
    return [
        EpisodeTerms(
            subject=subject,
            first_day=schedule.episode_first[i],
            last_day=schedule.episode_last[i],
            exists=schedule.has_episode[i],
            gives_payments=conjunction(
                [
                    schedule.has_episode[i],
                    disjunction(
                        [
                            negation(readings.literal_90_days),
                            schedule.episode_first[i] <= penalty_window_end,
                        ]
                    ),
                ]
            ),
        )
        for i, subject in enumerate(subjects)
    ]


def notice_rule_instances(
    context: NoticeContext, filings: Iterable[Filing], disabled: frozenset[str]
) -> tuple[list[RuleInstance], list[RuleInstance]]:
    """The rule instances of the registration's deadlines and of each filing (their dates are
    facts: terms over constants and the readings), the registration's first."""

    def instance(rule: Rule, subject: str, build: Callable[[], z3.BoolRef]) -> RuleInstance:
        return RuleInstance(
            rule.id, subject, z3.BoolVal(False) if rule.id in disabled else build()
        )

    registration = [
        instance(rule, "registration", functools.partial(rule.build, context))
        for rule in of_kind(REGISTRATION)
        if rule.applies(context.dates)
    ]
    rules = of_kind(FILING)
    each_filing = [
        instance(rule, filing.id, functools.partial(rule.build, context, filing))
        for filing in filings
        for rule in rules
        if rule.applies(filing)
    ]
    return registration, each_filing


@attrs.frozen
class PlannedTerms:
    """The decision variables of a planned suspension: business-day indices of start and end,
    and the first and last start index its window allows (what ``bounds`` says of the start)."""

    id: str
    start_index: z3.ArithRef
    end_index: z3.ArithRef
    bounds: tuple[z3.BoolRef, ...]
    first_start: int
    last_start: int
    # What each of ``bounds`` says, for naming the ones that bind an answer (``find``'s
    # ``bound_by``): ``start-window.earliest``, ``length.max``, ``covers.2004-02-20``, ...
    labels: tuple[str, ...] = ()

    def labelled(self) -> list[tuple[str, z3.BoolRef]]:
        """The bounds, one per label (a label may group several constraints)."""
        grouped: dict[str, list[z3.BoolRef]] = {}
        for label, bound in zip(self.labels, self.bounds, strict=True):
            grouped.setdefault(label, []).append(bound)
        return [(label, z3.And(group)) for label, group in grouped.items()]


def _notice_through(
    notice: Date | None, context: ScenarioContext, readings: Readings
) -> z3.ArithRef:
    """``through`` of the advance notice on the day it is deemed given (notice-day)."""
    if notice is None:
        return z3.IntVal(0)
    return act_term(context.calendar, notice, readings.notice_day_as_given).through


def _fixed_terms(s: Suspension, context: ScenarioContext, readings: Readings) -> SuspensionTerms:
    calendar = context.calendar
    notice = s.advance_notice
    return SuspensionTerms(
        id=s.id,
        start_day=z3.IntVal(ordinal(s.start)),
        end_day=z3.IntVal(ordinal(s.end)),
        start_before=z3.IntVal(calendar.count_before(s.start)),
        start_through=z3.IntVal(calendar.count_through(s.start)),
        end_before=z3.IntVal(calendar.count_before(s.end)),
        end_through=z3.IntVal(calendar.count_through(s.end)),
        notice_through=_notice_through(notice, context, readings),
        has_notice=z3.BoolVal(notice is not None),
        notice_lawful=z3.BoolVal(s.notice_lawful),
        start_ordinal=ordinal(s.start),
        end_ordinal=ordinal(s.end),
    )


def _planned_terms(
    p: PlannedSuspension,
    context: ScenarioContext,
    encoding: BusinessDayEncoding,
    readings: Readings,
    free_notice: bool = False,
) -> tuple[SuspensionTerms, PlannedTerms]:
    """A planned suspension starts and ends on business days: its variables are the indices."""
    calendar = context.calendar
    start = z3.Int(f"start_index.{p.id}")
    end = z3.Int(f"end_index.{p.id}")
    low, high = encoding.index_bounds()
    first_start = calendar.count_before(p.start.earliest)
    last_start = calendar.count_through(p.start.latest) - 1
    bounds = [
        start >= first_start,
        start <= last_start,
        end >= start,
        start >= low,
        end <= high,
    ]
    labels = [
        "start-window.earliest",
        "start-window.latest",
        "well-formed",
        "calendar.first",
        "calendar.last",
    ]
    if p.end is not None:
        bounds += [
            end >= calendar.count_before(p.end.earliest),
            end <= calendar.count_through(p.end.latest) - 1,
        ]
        labels += ["end-window.earliest", "end-window.latest"]
    if p.length is not None:
        bounds += [end - start + 1 >= p.length.min, end - start + 1 <= p.length.max]
        labels += ["length.min", "length.max"]
        if p.end is None and last_start + p.length.max - 1 > high:
            # The calendar cannot say which later days are business days; bounding the end
            # by its last day would answer for a shorter suspension than the file allows.
            raise CalendarCoverageError(
                f"planned suspension {p.id} may run {p.length.max} business days from "
                f"{p.start.latest.isoformat()}, past {calendar.last_day.isoformat()} where the "
                f"{calendar.name} calendar covers no more days; give it an end window, or an "
                "earlier start or a shorter length"
            )
    for day in p.covers:
        bounds += [start <= calendar.count_through(day) - 1, end >= calendar.count_before(day)]
        labels += [f"covers.{day.isoformat()}"] * 2
    has_notice: z3.BoolRef = z3.BoolVal(True)
    notice_lawful: z3.BoolRef = z3.BoolVal(p.notice_lawful)
    if free_notice:
        # For proofs over all schedules: any notice day, or none, lawful or not.
        notice_through: z3.ArithRef = z3.Int(f"notice_through.{p.id}")
        has_notice = z3.Bool(f"has_notice.{p.id}")
        notice_lawful = z3.Bool(f"notice_lawful.{p.id}")
        bounds += [notice_through >= 1, notice_through <= start + 5]
        labels += ["notice", "notice"]
    elif p.advance_notice is not None:
        notice_through = _notice_through(p.advance_notice, context, readings)
    else:
        # Given the latest notice its start allows: notice_by = bd_before(start, 2) (3 under
        # lead-time = clear-business-days), whose ``through`` is start - 2 + 1.
        lead = readings.lead(focus_2003().suspension_notice.n)
        notice_through = start - lead + 1
        bounds.append(start >= lead)
        labels.append("calendar.first")  # lead business days before it for the notice
    terms = SuspensionTerms(
        id=p.id,
        start_day=encoding.day_of(start),
        end_day=encoding.day_of(end),
        start_before=start,
        start_through=start + 1,
        end_before=end,
        end_through=end + 1,
        notice_through=notice_through,
        has_notice=has_notice,
        notice_lawful=notice_lawful,
        on_business_days=True,
    )
    return terms, PlannedTerms(
        p.id, start, end, tuple(bounds), first_start, last_start, tuple(labels)
    )


class ScenarioModel:
    """Every constraint of one scenario.

    ``interpretation`` pins the readings; ``None`` leaves them free inputs (the robust check
    and the proofs quantify over them). ``disabled`` removes rules, for the tests that show
    each rule matters. ``free_notices`` leaves the advance notice of planned suspensions free
    (given or not, lawful or not, any day), for proofs over all schedules.
    """

    def __init__(
        self,
        context: ScenarioContext,
        interpretation: Interpretation | None = None,
        disabled: Iterable[str] = (),
        free_notices: bool = False,
    ) -> None:
        pause_point("model")
        self.context = context
        self._constants: dict[int, bool | int | None] = {}
        self._undecided: list[RuleInstance] | None = None
        self.disabled = frozenset(disabled)
        unknown = self.disabled - {rule.id for rule in table()}
        if unknown:
            raise ValueError(f"unknown rule ids: {sorted(unknown)}")
        scenario = context.scenario
        timeline = context.timeline
        self.encoding = encoding_of(context.calendar)
        self.readings = Readings.fresh()
        self.assumptions: list[z3.BoolRef] = (
            self.readings.fixed_to(interpretation) if interpretation is not None else []
        )

        # The Registration Period's end under both leap-day readings (they differ only when
        # the Effective Date is 29 February and no earlier end applies).
        dates = scenario.dates
        ends = {
            reading: _registration_period_end(context, reading) for reading in ("feb-28", "mar-1")
        }
        calendar = context.calendar

        def either_end(count: Callable[[Date], int]) -> z3.ArithRef:
            return ite(
                self.readings.leap_day_mar_1,
                z3.IntVal(count(ends["mar-1"])),
                z3.IntVal(count(ends["feb-28"])),
            )

        self.period = PeriodTerms(
            effective=DayTerm(
                z3.IntVal(ordinal(dates.effective)),
                z3.IntVal(calendar.count_before(dates.effective)),
                z3.IntVal(calendar.count_through(dates.effective)),
                ordinal(dates.effective),
            ),
            last=DayTerm(
                either_end(ordinal),
                either_end(calendar.count_before),
                either_end(calendar.count_through),
            ),
        )

        terms: list[SuspensionTerms] = []
        self.planned: dict[str, PlannedTerms] = {}
        for s in scenario.suspensions:
            if isinstance(s, Suspension):
                terms.append(_fixed_terms(s, context, self.readings))
            else:
                suspension_terms, planned = _planned_terms(
                    s, context, self.encoding, self.readings, free_notices
                )
                terms.append(suspension_terms)
                self.planned[s.id] = planned
        self.suspension_terms = tuple(terms)
        suspension_rules = of_kind(SUSPENSION)
        self.schedule = SuspensionSchedule(
            terms, self.period, self.readings, self.encoding, self.disabled, suspension_rules
        )

        notice_context = NoticeContext(
            dates, timeline, calendar, self.readings, self.schedule.terms
        )
        registration, each_filing = notice_rule_instances(
            notice_context, scenario.filings, self.disabled
        )
        self.rule_instances: list[RuleInstance] = registration
        for rule in suspension_rules:
            for each, broken in zip(terms, self.schedule.broken[rule.id], strict=True):
                self.rule_instances.append(RuleInstance(rule.id, each.id, broken))
        self.rule_instances += each_filing

        penalty_window_end = ordinal(timeline.penalty_window_end)
        self.suspension_episodes = suspension_episodes(
            self.schedule, self.readings, penalty_window_end, [t.id for t in terms]
        )
        # Other restricted episodes ([[restrictions]]), clipped to the Registration Period.
        self.restriction_episodes = [
            restriction_episode(
                r.id,
                z3.IntVal(ordinal(r.start)),
                z3.IntVal(ordinal(r.end)),
                self.period,
                penalty_window_end,
            )
            for r in scenario.restrictions
        ]

    # -- what checks ask for --------------------------------------------------------------------
    def constraints(self, planned_bounds: bool = True) -> list[z3.BoolRef]:
        """Well-formedness, definitions and (unless told not to, e.g. to track them one by
        one) the planned suspensions' bounds: what every question assumes."""
        bounds = [b for p in self.planned.values() for b in p.bounds] if planned_bounds else []
        return self.schedule.well_formed + self.schedule.definitions + bounds + self.assumptions

    def compliant(self) -> z3.BoolRef:
        return z3.And([z3.Not(r.broken) for r in self.rule_instances])

    def undecided_rule_instances(self) -> list[RuleInstance]:
        """The rule instances whose breach is not the constant False (those of fixed
        suspensions outside the Registration Period are), remembered for the model."""
        if self._undecided is None:
            self._undecided = [
                r for r in self.rule_instances if self.constant(r.broken) is not False
            ]
        return self._undecided

    def constant(self, term: z3.ExprRef) -> bool | int | None:
        """The value of a term that is a constant (the terms of fixed suspensions fold to
        them), else None. Remembered by the term's id, so that a verdict read under many
        readings (the robust check) asks Z3 about each term once."""
        # Z3 shares terms: a node's address names it while the model holds the term, as it
        # holds every term a verdict reads (and reading it costs no call into Z3).
        key = term.ast.value
        if key not in self._constants:
            value: bool | int | None = None
            if is_true(term) or is_false(term):
                value = is_true(term)
            elif isinstance(term, z3.ArithRef) and z3.Z3_is_numeral_ast(term.ctx_ref(), term.ast):
                value = numeral(term)
            self._constants[key] = value
        return self._constants[key]


def _registration_period_end(context: ScenarioContext, leap_day: str) -> Date:
    reading = Interpretation(leap_day=leap_day)
    return registration_period(context.scenario.dates, reading).end
