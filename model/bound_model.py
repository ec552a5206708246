"""The Z3 model of a fixed schedule built once for its shape, each file's facts bound to it.

Building the model of a fixed schedule through z3's Python API, term by term with the file's
dates as constants, was most of the time of ``validate`` (about 800 Z3 objects a file;
docs/performance.md, "Validation from one built model"). Files of one *shape* (the number of
fixed suspensions and of restrictions, the rule table, the rules disabled) share one model
here: the same schedule (:class:`~model.suspension_schedule.SuspensionSchedule`, the same rule
functions of the table) built over a variable for every day and count a file gives it. The
fixed suspensions are bound in order of start, which is what the model built per file reads
off their constant days (``fixed_order``, ``precedes``); the day past the permitted length of
each is a fact read off the calendar, as that model does for a constant index.

A fixed schedule's model has exactly one solution: its definitions (eligible, counts, the
running count) are each a function of the facts and of the definitions of earlier
suspensions (READING.md section 4). So the definitions are substituted into the terms the
verdict reads, once per shape, and what the verdict needs (every rule instance, every status,
every episode under both readings of penalty-window, whether the schedule is well formed) is
packed into one integer term. A file is then two calls into Z3: its facts and its reading
substituted into that term, and the result simplified to its value, which is read back in one
pass. Measured beside checking the same model under assumptions that bind the facts (0.4 ms
against 2 to 3 ms a file, the search finding what the substitution states); no solver is asked,
so nothing here can time out (the models built per file, for planned suspensions and long
histories, keep their time-outs and ``unknown``). The registration's and the filings' rules are
terms over constants and the readings, built for each file by their own functions as before
(remembered by the dates they are built from) and read in the same evaluation.

tests/model/test_bound_model.py compares this model with the one built per file (the whole
verdict, and solutions under readings drawn from all 512, suspensions in any order) and
tests/model/test_differential.py with the reference evaluator.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import attrs
import z3

from model.acts import NEXT_BUSINESS_DAY, deemed_day
from model.binding import (
    DAY_BITS,
    Inputs,
    Numerals,
    bit,
    evaluated,
    packed,
    probed,
    sources,
    unpacked_days,
)
from model.calendars import BusinessCalendar
from model.context import ScenarioContext
from model.findings import Episode
from model.interpretations import Interpretation
from model.notices import NoticeContext
from model.registration import registration_period
from model.rules import SUSPENSION, Rule, table
from model.scenario import Suspension
from model.schedule import (
    EpisodeTerms,
    RuleInstance,
    notice_rule_instances,
    restriction_episode,
    suspension_episodes,
)
from model.solver import ordinal, pause_point
from model.suspension_schedule import SuspensionSchedule
from model.suspensions import DayTerm, PeriodTerms, Readings, SuspensionTerms
from model.terms import focus_2003

Date = dt.date

# Longer histories are built per file, where the days of suspensions past the Registration
# Period fold to constants (a thousand of them build in under a second that way); a shape
# this large seldom repeats.
MOST_SUSPENSIONS = 16

PENALTY_WINDOW_READINGS = (("cross-reference", False), ("literal-90-days", True))
# The Registration Period's end is bound under both leap-day readings, in this order.
LEAP_DAY_READINGS = (Interpretation(leap_day="feb-28"), Interpretation(leap_day="mar-1"))


@attrs.frozen
class Shape:
    """What the terms of a fixed schedule's model depend on, beside the facts bound to it."""

    suspensions: int
    restrictions: int
    disabled: frozenset[str]
    # The rule table it was built from, compared by identity (a test may put up another).
    table: tuple[Rule, ...] = attrs.field(eq=id)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The table's suspension rows, in table order."""
        return tuple(rule for rule in self.table if rule.kind == SUSPENSION)


def shape_of(context: ScenarioContext, disabled: frozenset[str]) -> Shape | None:
    """The shape of a fixed schedule, or None where it is better built per file."""
    scenario = context.scenario
    if scenario.planned_suspensions or len(scenario.suspensions) > MOST_SUSPENSIONS:
        return None
    return Shape(len(scenario.suspensions), len(scenario.restrictions), disabled, table())


@attrs.frozen
class SuspensionValues:
    """What a solution says of one fixed suspension; the days as ordinals, read only where
    they mean something (the episode's first day when it has one, the first restricted day of
    a permitted over-long one)."""

    eligible: bool
    permitted: bool
    outside: bool
    counts: bool
    over_long: bool
    has_episode: bool
    episode_first: int | None
    restricted_from: int | None


@attrs.frozen
class Solved:
    """What one solution says, with the file's own ids: the keys of the rules broken, each
    suspension's values (file order) and, per reading of penalty-window, the episodes."""

    broken: frozenset[str]
    values: tuple[SuspensionValues, ...]  # in file order
    episodes: dict[str, tuple[Episode, ...]]


class BoundModel:
    """The model of one shape as one integer term over the facts and the readings, and
    :meth:`solve`, which binds a file's facts, pins a reading and reads the verdict."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rules = shape.rules
        self.readings = readings = Readings.fresh()
        facts = Inputs()
        self._facts = facts

        def day_term(name: str) -> DayTerm:
            return DayTerm(
                facts.int(f"{name}.day"), facts.int(f"{name}.before"), facts.int(f"{name}.through")
            )

        effective = day_term("effective")
        ends = {reading: day_term(f"end.{reading}") for reading in ("feb-28", "mar-1")}

        def either_end(part: str) -> z3.ArithRef:
            mar_1, feb_28 = (getattr(ends[r], part) for r in ("mar-1", "feb-28"))
            return z3.If(readings.leap_day_mar_1, mar_1, feb_28)

        period = PeriodTerms(
            effective, DayTerm(either_end("day"), either_end("before"), either_end("through"))
        )
        penalty_window_end = facts.int("penalty-window-end")
        slots: list[SuspensionTerms] = []
        past_length: list[z3.ArithRef] = []
        for k in range(shape.suspensions):
            slot = f"slot{k}"
            start, end = day_term(f"{slot}.start"), day_term(f"{slot}.end")
            given, deemed = facts.int(f"{slot}.notice.given"), facts.int(f"{slot}.notice.deemed")
            slots.append(
                SuspensionTerms(
                    id=slot,
                    start_day=start.day,
                    end_day=end.day,
                    start_before=start.before,
                    start_through=start.through,
                    end_before=end.before,
                    end_through=end.through,
                    notice_through=z3.If(readings.notice_day_as_given, given, deemed),
                    has_notice=facts.bool(f"{slot}.has-notice"),
                    notice_lawful=facts.bool(f"{slot}.notice-lawful"),
                )
            )
            past_length.append(facts.int(f"{slot}.past-length.day"))
        schedule = SuspensionSchedule(
            slots, period, readings, None, shape.disabled, self.rules, past_length_days=past_length
        )
        episodes = suspension_episodes(
            schedule, readings, penalty_window_end, [s.id for s in slots]
        ) + [
            restriction_episode(
                f"r{k}",
                facts.int(f"r{k}.start"),
                facts.int(f"r{k}.end"),
                period,
                penalty_window_end,
            )
            for k in range(shape.restrictions)
        ]
        # What is read, in order: whether the schedule is well formed, the bits, the days.
        bits: list[z3.BoolRef] = [z3.And(schedule.well_formed)]
        bits += [schedule.broken[rule.id][k] for rule in self.rules for k in range(len(slots))]
        for k in range(len(slots)):
            bits += [
                schedule.eligible[k],
                schedule.permitted[k],
                schedule.outside[k],
                schedule.counts[k],
                schedule.over_long[k],
            ]
        bits += [e.exists for e in episodes]
        for _, value in PENALTY_WINDOW_READINGS:
            bits += [_under(e, readings.literal_90_days, value) for e in episodes]
        days: list[z3.ArithRef] = list(schedule.restricted_from)
        for e in episodes:
            days += [e.first_day, e.last_day]
        self._bits = len(bits)
        self._days = len(days)
        self.packed = _solution(packed(bits, days), schedule.definitions)
        self._switches = [getattr(readings, f.name) for f in attrs.fields(Readings)]
        self._inputs = [*facts.variables, *self._switches]
        self._sources = sources(self._inputs)
        probed(self.packed, self._inputs)
        self._pins: dict[tuple[object, Interpretation], list[bool] | None] = {}
        self._numerals = Numerals()
        self._notices: dict[
            tuple[object, ...], tuple[BusinessCalendar, list[RuleInstance], z3.ArithRef]
        ] = {}

    # -- binding -------------------------------------------------------------------------------
    def binds(self, interpretation: Interpretation) -> bool:
        """Whether ``interpretation`` pins every reading switch (``Readings.fixed_to``). One
        that leaves a switch free asks the solver to choose it: the model built per file."""
        return self._pinned(interpretation) is not None

    def _pinned(self, interpretation: Interpretation) -> list[bool] | None:
        """The value of each reading switch under ``interpretation``, None if one is free;
        remembered by the interpretation and by ``fixed_to`` itself (a test may replace it)."""
        key = (Readings.fixed_to, interpretation)
        if key not in self._pins:
            pins = {
                pin.arg(0).get_id(): z3.is_true(pin.arg(1))
                for pin in self.readings.fixed_to(interpretation)
            }
            ids = [switch.get_id() for switch in self._switches]
            self._pins[key] = [pins[k] for k in ids] if all(k in pins for k in ids) else None
        return self._pins[key]

    def _with_notices(self, context: ScenarioContext) -> tuple[list[RuleInstance], z3.ArithRef]:
        """The registration's and the filings' rule instances of a file (terms over constants
        and the readings, built by their rules as for the model built per file) and the packed
        term with their bits added. Remembered by what they are built from, as files often
        share the registration's dates; the calendar by identity, held by the entry."""
        scenario = context.scenario
        key = (scenario.dates, context.timeline, scenario.filings, id(context.calendar))
        known = self._notices.get(key)
        if known is not None and known[0] is context.calendar:
            return known[1], known[2]
        registration, each_filing = notice_rule_instances(
            NoticeContext(
                scenario.dates, context.timeline, context.calendar, self.readings, focus_2003()
            ),
            scenario.filings,
            self.shape.disabled,
        )
        notices = registration + each_filing
        offset = self._bits + DAY_BITS * self._days
        with_notices = (
            z3.Sum(
                [self.packed]
                + [z3.If(r.broken, 2 ** (offset + k), 0) for k, r in enumerate(notices)]
            )
            if notices
            else self.packed
        )
        if len(self._notices) > 1_000:
            self._notices.clear()
        self._notices[key] = (context.calendar, notices, with_notices)
        return notices, with_notices

    def solve(self, context: ScenarioContext, interpretation: Interpretation) -> Solved:
        """Bind the facts of ``context``'s fixed schedule, pin ``interpretation``, and read
        the solution in one evaluation."""
        pause_point("model")  # where the model built per file would be built
        scenario = context.scenario
        order = sorted(
            range(len(scenario.suspensions)),
            key=lambda i: (scenario.suspensions[i].start, scenario.suspensions[i].end),
        )
        fixed = [scenario.suspensions[i] for i in order]
        notices, with_notices = self._with_notices(context)
        offset = self._bits + DAY_BITS * self._days
        pinned = self._pinned(interpretation)
        if pinned is None:
            raise ValueError("a reading left free is for the model built per file (binds)")
        values = [*_fact_values(context, fixed), *pinned]
        word = evaluated(with_notices, self._sources, self._numerals.array(values))
        read = functools.partial(bit, word)
        if not read(0):  # the loader keeps fixed suspensions apart
            raise RuntimeError("the model of a fixed schedule has no solution: a modelling error")

        n = len(fixed)
        position = iter(range(1, self._bits))
        broken = {f"{rule.id}:{s.id}" for rule in self.rules for s in fixed if read(next(position))}
        broken |= {r.key for k, r in enumerate(notices) if read(offset + k)}
        flags = [[read(next(position)) for _ in range(5)] for _ in range(n)]
        subjects = [(s.id, "suspension") for s in fixed] + [
            (r.id, "restriction") for r in scenario.restrictions
        ]
        exists = [read(next(position)) for _ in subjects]
        gives = {
            reading: [read(next(position)) for _ in subjects]
            for reading, _ in PENALTY_WINDOW_READINGS
        }
        days = unpacked_days(word, self._bits, self._days)
        restricted_from, episode_days = days[:n], days[n:]
        slot_values = [
            SuspensionValues(
                eligible=eligible,
                permitted=permitted,
                outside=outside,
                counts=counts,
                over_long=over_long and permitted,
                has_episode=exists[k],
                episode_first=episode_days[2 * k] if exists[k] else None,
                restricted_from=restricted_from[k] if permitted and over_long else None,
            )
            for k, (eligible, permitted, outside, counts, over_long) in enumerate(flags)
        ]
        in_file_order = [slot_values[order.index(i)] for i in range(n)]
        episodes = {
            reading: tuple(
                Episode(
                    subject=subject,
                    kind=kind,
                    restricted_sale_date=dt.date.fromordinal(episode_days[2 * k]),
                    cure_date=dt.date.fromordinal(episode_days[2 * k + 1]) + dt.timedelta(days=1),
                    gives_payments=flags_of[k],
                )
                for k, (subject, kind) in enumerate(subjects)
                if exists[k]
            )
            for reading, flags_of in gives.items()
        }
        return Solved(frozenset(broken), tuple(in_file_order), episodes)


def _solution(term: z3.ArithRef, definitions: Sequence[z3.BoolRef]) -> z3.ArithRef:
    """``term`` with every defined variable replaced by its definition until none is left: the
    one solution of the definitions of a fixed schedule (in order of start, each suspension's
    eligibility reads only the earlier ones' counting), as a term over the facts."""
    pairs = [(d.arg(0), d.arg(1)) for d in definitions]
    for _ in range(len(pairs) + 1):
        substituted = z3.substitute(term, *pairs)
        if substituted.eq(term):
            return term
        term = substituted
    raise ValueError("the definitions of a fixed schedule are not in order: a modelling error")


def _under(episode: EpisodeTerms, literal: z3.BoolRef, value: bool) -> z3.BoolRef:
    """Whether the episode gives rise to payments under one reading of penalty-window, which
    enters nothing else (so both are read off one solution, as the robust check does)."""
    term = z3.substitute(episode.gives_payments, (literal, z3.BoolVal(value)))
    assert isinstance(term, z3.BoolRef)
    return term


def _fact_values(context: ScenarioContext, fixed: Sequence[object]) -> list[int | bool]:
    """A file's facts, in the order of the model's variables: what today's model states as
    constants (model/schedule.py), computed the same way."""
    scenario = context.scenario
    calendar = context.calendar
    dates = scenario.dates

    def day(d: Date) -> list[int]:
        return [ordinal(d), calendar.count_before(d), calendar.count_through(d)]

    values: list[int | bool] = [*day(dates.effective)]
    for reading in LEAP_DAY_READINGS:
        values += day(registration_period(dates, reading).end)
    values.append(ordinal(context.timeline.penalty_window_end))
    last_index = len(calendar.business_days) - 1
    length = focus_2003().suspension_length.n
    for s in fixed:
        assert isinstance(s, Suspension)
        values += day(s.start) + day(s.end)
        notice = s.advance_notice
        if notice is None:
            values += [0, 0]
        else:
            deemed = deemed_day(calendar, notice, NEXT_BUSINESS_DAY)
            values += [calendar.count_through(notice), calendar.count_through(deemed)]
        values += [notice is not None, s.notice_lawful]
        past = min(calendar.count_before(s.start) + length, last_index)
        values.append(ordinal(calendar.day_at(past)))
    for r in scenario.restrictions:
        values += [ordinal(r.start), ordinal(r.end)]
    return values


@functools.lru_cache(maxsize=16)
def bound_model(shape: Shape) -> BoundModel:
    """The model of a shape, built on first use. A cache of built models, which hold no file's
    facts: every check binds all of them and pins every reading by assumptions."""
    return BoundModel(shape)
