"""Section 3(h) put together: every suspension's rules (the table's rows of kind suspension),
eligibility, Permitted Suspension Period and restricted days, in Z3 (the rules themselves are
:mod:`model.suspensions`)."""

from __future__ import annotations

from collections.abc import Sequence

import z3

from model.folding import (
    FALSE,
    and_,
    as_int,
    conjunction,
    constants_of,
    day,
    disjunction,
    folded,
    if_,
    is_false,
    is_true,
    ite,
    not_,
    or_,
)
from model.rules import SUSPENSION, Rule, of_kind
from model.solver import BusinessDayEncoding
from model.suspensions import (
    DayTerm,
    PeriodTerms,
    Precedes,
    Readings,
    RuleContext,
    SuspensionTerms,
    earlier,
    on_or_before,
    over_length,
)
from model.terms import AgreementTerms, focus_2003


class SuspensionSchedule:
    """Every suspension's rules, eligibility, Permitted Suspension Period and restricted days.

    Suspensions are taken in order of start, but the order is itself a term (``precedes``), so
    a planned suspension may fall anywhere among the fixed ones. Eligibility and counting
    depend on earlier suspensions, so they are Boolean variables tied by definitions; over a
    strict order the definitions have exactly one solution.

    ``rules`` are the table's rows of kind suspension (:mod:`model.rules`): each is built for
    every suspension, and those that block eligibility decide it. ``disabled`` names rules to
    leave out (their breach is ``False``): the tests use it to show that every rule matters.

    ``past_length_days`` is given by the model built once for a shape of fixed schedule
    (:mod:`model.bound_model`): its fixed suspensions' days are variables bound to each file's
    facts, given in order of start, and the day past the permitted length of each is a fact of
    its own (read off the calendar in Python), where this model folds them as constants.
    """

    def __init__(
        self,
        suspensions: Sequence[SuspensionTerms],
        period: PeriodTerms,
        readings: Readings,
        encoding: BusinessDayEncoding | None,
        disabled: frozenset[str] = frozenset(),
        rules: Sequence[Rule] | None = None,
        terms: AgreementTerms | None = None,
        past_length_days: Sequence[z3.ArithRef] | None = None,
    ) -> None:
        if rules is None:
            rules = of_kind(SUSPENSION)
        self.suspensions = tuple(suspensions)
        self.terms = terms or focus_2003()
        self._past_length_days = past_length_days
        self.definitions: list[z3.BoolRef] = []
        self.well_formed: list[z3.BoolRef] = []
        self._order()
        self._keep_apart()
        self._place_in_period(period)
        self.over_long = [over_length(s, self.terms) for s in self.suspensions]
        # The definitions tie these variables to the rules' breaches below.
        eligible = [z3.Bool(f"eligible.{s.id}") for s in self.suspensions]
        variables = [z3.Bool(f"counts.{s.id}") for s in self.suspensions]
        context = RuleContext(
            self.suspensions,
            period,
            readings,
            self.terms,
            self.precedes,
            tuple(self.over_long),
            tuple(variables),
            tuple(self.planned),
            tuple(self.fixed_order),
            {k: position for position, k in enumerate(self.fixed_order)},
            self._running_count(variables),
        )
        self.broken: dict[str, list[z3.BoolRef]] = {
            rule.id: self._broken(rule, context, disabled) for rule in rules
        }
        self._eligibility(rules, readings, eligible)
        self._permitted_and_counted(readings, variables)
        self._restricted_days(encoding)
        self._episodes(period)

    def _either(self, *indices: int) -> bool:
        # Some day compared is a planned suspension's, so a business day: see ``earlier``.
        return any(self.suspensions[k].on_business_days for k in indices)

    def _order(self) -> None:
        """The planned suspensions, the fixed ones in order of start, and ``precedes``."""
        S = self.suspensions
        self.planned = [k for k in range(len(S)) if S[k].on_business_days]
        if self._past_length_days is not None:  # bound later, given in order of start
            self.fixed_order = [k for k in range(len(S)) if not S[k].on_business_days]
            self.precedes: Precedes = _InGivenOrder(S, self._either)
            return
        self.fixed_order = sorted(
            (k for k in range(len(S)) if not S[k].on_business_days),
            key=lambda k: (
                day(S[k].start_day, S[k].start_ordinal),
                day(S[k].end_day, S[k].end_ordinal),
            ),
        )
        self.precedes = Precedes(S, self._either)

    def _keep_apart(self) -> None:
        """Each suspension ends on or after its start; "two that overlap are an input error":
        the schedule must keep them apart."""
        S = self.suspensions
        either = self._either
        for i in range(len(S)):
            self.well_formed.append(on_or_before(S[i].start, S[i].end, either(i)))
            for j in range(i) if S[i].on_business_days else self.planned:
                if j >= i:
                    continue
                self.well_formed.append(
                    disjunction(
                        [
                            earlier(S[j].end, S[i].start, either(i, j)),
                            earlier(S[i].end, S[j].start, either(i, j)),
                        ]
                    )
                )
        for j, i in zip(self.fixed_order, self.fixed_order[1:], strict=False):
            # Two fixed ones in order of start overlap when one starts by the other's end; any
            # overlap among them shows between two that are next to each other.
            if self._past_length_days is not None:
                self.well_formed.append(earlier(S[j].end, S[i].start, False))
            elif day(S[i].start_day, S[i].start_ordinal) <= day(S[j].end_day, S[j].end_ordinal):
                self.well_formed.append(FALSE)

    def _place_in_period(self, period: PeriodTerms) -> None:
        """Which suspensions start after the Registration Period, and which have a day in it.

        A fixed suspension's place against the period's end is known here when both leap-day
        readings of the end agree on it; the terms of one known to be outside fold to
        constants, so a long history past the period costs little to build."""
        S = self.suspensions
        either = self._either
        self._last_days = constants_of(period.last.day)
        self.outside = [
            _outside_by_constants(S[i], period, self._last_days)
            if not S[i].on_business_days and self._last_days and self._past_length_days is None
            else earlier(period.last, S[i].start, either(i))
            for i in range(len(S))
        ]
        self.in_registration_period = [
            and_(not_(self.outside[i]), on_or_before(period.effective, S[i].end, either(i)))
            for i in range(len(S))
        ]

    def _running_count(self, counts: Sequence[z3.BoolRef]) -> dict[int, z3.ArithRef]:
        """The fixed suspensions before a fixed one that count, as a running count tied by
        definitions (one term each, where a sum per suspension would be quadratic)."""
        S = self.suspensions
        counted_before: dict[int, z3.ArithRef] = {}
        running: z3.ArithRef = z3.IntVal(0)
        for k in self.fixed_order:
            counted_before[k] = running
            if k != self.fixed_order[-1]:
                after = z3.Int(f"fixed_counted_through.{S[k].id}")
                self.definitions.append(
                    after == running + ite(counts[k], z3.IntVal(1), z3.IntVal(0))
                )
                running = after
        return counted_before

    def _broken(
        self, rule: Rule, context: RuleContext, disabled: frozenset[str]
    ) -> list[z3.BoolRef]:
        """A rule's breach for every suspension: ``False`` outside the Registration Period (the
        agreement's limits do not reach it) or when the rule is disabled."""
        if rule.id in disabled:
            return [FALSE] * len(self.suspensions)
        return [
            FALSE if is_true(outside) else and_(not_(outside), rule.build(context, i))
            for i, outside in enumerate(self.outside)
        ]

    def _eligibility(
        self, rules: Sequence[Rule], readings: Readings, variables: Sequence[z3.BoolRef]
    ) -> None:
        """READING.md section 4: eligible when it breaks no rule that blocks eligibility under
        the reading (the notice only under ``notice = condition``). Where a definition folds to
        a constant (a fixed suspension outside the period), the constant stands for its
        variable, which the definition still pins."""
        blocking = [
            (rule.blocks.exempt(readings), self.broken[rule.id])
            for rule in rules
            if rule.blocks.can_block
        ]
        self.eligible = []
        for i, variable in enumerate(variables):
            definition = variable == and_(
                *(or_(exempt, not_(broken[i])) for exempt, broken in blocking)
            )
            self.definitions.append(definition)
            self.eligible.append(folded(definition, variable))

    def _permitted_and_counted(self, readings: Readings, variables: Sequence[z3.BoolRef]) -> None:
        """An outside suspension breaks no rule (so it is eligible) but is no Permitted
        Suspension Period; which suspensions count toward the limit is the reading ``count``."""
        n = len(self.suspensions)
        self.permitted = [
            and_(
                not_(self.outside[i]),
                self.eligible[i],
                not_(conjunction([readings.overlength_whole, self.over_long[i]])),
            )
            for i in range(n)
        ]
        self.counts = []
        for i in range(n):
            definition = variables[i] == and_(
                self.in_registration_period[i], or_(readings.every_suspension, self.permitted[i])
            )
            self.definitions.append(definition)
            self.counts.append(folded(definition, variables[i]))

    def _restricted_days(self, encoding: BusinessDayEncoding | None) -> None:
        """All of a suspension that is not a Permitted Suspension Period; from the first day
        past the permitted length of an eligible over-long one under "first-fifteen"."""
        S = self.suspensions
        length = self.terms.suspension_length.n
        self.has_restricted_days = [
            and_(not_(self.outside[i]), or_(not_(self.permitted[i]), self.over_long[i]))
            for i in range(len(S))
        ]

        def past_length(i: int) -> z3.ArithRef:
            if self._past_length_days is not None:
                return self._past_length_days[i]
            assert encoding is not None, "a schedule of days not bound later has an encoding"
            return encoding.day_of(_first_past_length(S[i], encoding, length))

        self.restricted_from = [
            S[i].start_day
            if is_false(self.permitted[i])
            else ite(self.permitted[i], past_length(i), S[i].start_day)
            for i in range(len(S))
        ]

    def _episodes(self, period: PeriodTerms) -> None:
        """The restricted episode, clipped to the Registration Period (2(b)).

        Which end is clipped is decided on business-day counts where the days are business
        days (see ``earlier``). Measured (Z3's work, docs/performance.md): so decided, the most
        payments for 3 planned suspensions took a fifth less work; deciding whether the
        episode has a day the same way cost the least payments twice the work, so that is left
        to the days."""
        S = self.suspensions
        length = self.terms.suspension_length.n
        self.episode_first = []
        self.episode_last = []
        for i in range(len(S)):
            past_length = S[i].start_before + length
            not_permitted = is_false(self.permitted[i])  # restricted from its start, if at all
            restricted_from = DayTerm(
                self.restricted_from[i],
                if_(self.permitted[i], past_length, S[i].start_before),
                if_(self.permitted[i], past_length + 1, S[i].start_through),
                S[i].start_ordinal if not_permitted else None,
            )
            self.episode_first.append(
                if_(
                    on_or_before(period.effective, restricted_from, self._either(i)),
                    restricted_from.day,
                    period.effective_day,
                )
            )
            end = S[i].end_ordinal
            clipped: z3.BoolRef | None = None
            if end is not None and self._last_days:
                # A fixed end against both possible last days of the period, where they agree.
                inside = {end <= last for last in self._last_days}
                clipped = z3.BoolVal(inside.pop()) if len(inside) == 1 else None
            self.episode_last.append(
                if_(
                    clipped
                    if clipped is not None
                    else on_or_before(S[i].end, period.last, self._either(i)),
                    S[i].end_day,
                    period.end_day,
                )
            )
        self.has_episode = [
            and_(self.has_restricted_days[i], self.episode_first[i] <= self.episode_last[i])
            for i in range(len(S))
        ]


class _InGivenOrder(Precedes):
    """``precedes`` where the fixed suspensions are given in order of start (the model built
    once for a shape, whose well-formedness keeps each before the next): among them a
    constant of their positions, as :class:`Precedes` reads it off their constant starts."""

    def __getitem__(self, pair: tuple[int, int]) -> z3.BoolRef:
        j, i = pair
        n = len(self._suspensions)
        if j != i and 0 <= i < n and 0 <= j < n and not self._either(i, j):
            return z3.BoolVal(j < i)
        return super().__getitem__(pair)


def _outside_by_constants(
    s: SuspensionTerms, period: PeriodTerms, last_days: tuple[int, ...]
) -> z3.BoolRef:
    """``earlier(period.last, s.start)`` for a fixed suspension: a constant where every
    possible last day of the period agrees on it, else the term."""
    start = day(s.start_day, s.start_ordinal)
    if all(last < start for last in last_days):
        return z3.BoolVal(True)
    if all(last >= start for last in last_days):
        return z3.BoolVal(False)
    return earlier(period.last, s.start, False)


def _first_past_length(
    s: SuspensionTerms, encoding: BusinessDayEncoding, length: int
) -> z3.ArithRef | int:
    """The index of a suspension's first business day past the permitted length (its 16th),
    read only when it is over-long.

    A fixed suspension that starts within the permitted length of the calendar's last
    business day has no such day in the calendar; it ends inside the calendar, so it is not
    over-long and the day is never read: the last business day stands in for it, where looking
    it up would stop the check of a compliant schedule at the end of the calendar's coverage."""
    index = as_int(s.start_before + length)
    if isinstance(index, int):
        return min(index, encoding.index_bounds()[1])
    return index
