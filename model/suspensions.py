"""Section 3(h): suspensions, Permitted Suspension Periods and restricted days, in Z3.

Each rule is a function ``build(context, i)`` that builds the Z3 condition under which
suspension ``i`` *breaks* it, over a :class:`RuleContext`; its docstring opens with the
agreement's words, which the rule table (:mod:`model.rules`) and so every report quote.
:class:`model.suspension_schedule.SuspensionSchedule` iterates the table's suspension rules
over any number of suspensions, fixed or planned, whose order need not be known in advance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs
import z3

from model.folding import conjunction, day, disjunction, ite, negation, not_, total
from model.interpretations import lead_business_days
from model.terms import AgreementTerms, focus_2003

TEN_CLEAR_BUSINESS_DAYS = "ten-clear-business-days"  # the alternative reading of ``spacing``

# The 3(h) numbers under the names the other modules import: read from the terms, not copies.
PERMITTED_LENGTH = focus_2003().suspension_length.n
SPACING = focus_2003().suspension_gap.n
NOTICE = focus_2003().suspension_notice.n
LIMIT = focus_2003().suspension_limit.n


def spacing_business_days(spacing: str, terms: AgreementTerms | None = None) -> int:
    """The ``n`` of 3(h)(ii) under the reading ``spacing``: the next suspension may begin on
    ``bd_after(previous.end, n)`` at the earliest (10, or 11 under ten-clear-business-days)."""
    gap = (terms or focus_2003()).suspension_gap.n
    return gap + 1 if spacing == TEN_CLEAR_BUSINESS_DAYS else gap


def notice_business_days(lead_time: str, terms: AgreementTerms | None = None) -> int:
    """The ``n`` of the 3(h) proviso under the reading ``lead-time``: a suspension may begin on
    ``bd_after(advance_notice, n)`` at the earliest (2, or 3 under clear-business-days)."""
    return lead_business_days((terms or focus_2003()).suspension_notice.n, lead_time)


@attrs.frozen
class DayTerm:
    """A calendar day in the model: its ordinal, and how many of the calendar's business days
    lie strictly before it and on or before it."""

    day: z3.ArithRef
    before: z3.ArithRef
    through: z3.ArithRef
    known: int | None = None  # the day's ordinal, when it is a constant known here


def earlier(a: DayTerm, b: DayTerm, either_business_day: bool) -> z3.BoolRef:
    """Day ``a`` before day ``b``.

    When ``a`` or ``b`` is a business day this is exactly ``through(a) <= before(b)``: if
    ``a < b`` every business day up to ``a`` lies before ``b``; if ``a >= b``, a business-day
    ``a`` is counted by ``through(a)`` and not by ``before(b)``, and a business-day ``b`` gives
    ``through(a) >= through(b) = before(b) + 1``. For a planned suspension both sides are then
    business-day indices, which the solver compares without going through the calendar
    encoding: ordering the suspensions no longer costs a search of the If-tree
    (docs/performance.md)."""
    if either_business_day:
        return a.through <= b.before
    if a.known is not None and b.known is not None:  # two fixed days: decided here
        return z3.BoolVal(a.known < b.known)
    return a.day < b.day


def on_or_before(a: DayTerm, b: DayTerm, either_business_day: bool) -> z3.BoolRef:
    return not_(earlier(b, a, either_business_day))


@attrs.frozen
class SuspensionTerms:
    """The Z3 terms of one suspension. Days are calendar ordinals; ``*_before`` and
    ``*_through`` count the calendar's business days strictly before / on or before a day, so
    that ``bd_after(d, n)`` is the business day with index ``through(d) + n - 1``."""

    id: str
    start_day: z3.ArithRef
    end_day: z3.ArithRef
    start_before: z3.ArithRef
    start_through: z3.ArithRef
    end_before: z3.ArithRef
    end_through: z3.ArithRef
    notice_through: z3.ArithRef
    has_notice: z3.BoolRef
    notice_lawful: z3.BoolRef
    # Start and end are business days (a planned suspension): days compare by their indices.
    on_business_days: bool = False
    # A fixed suspension's days as ordinals, known before the solver is asked.
    start_ordinal: int | None = None
    end_ordinal: int | None = None

    @property
    def start(self) -> DayTerm:
        return DayTerm(self.start_day, self.start_before, self.start_through, self.start_ordinal)

    @property
    def end(self) -> DayTerm:
        return DayTerm(self.end_day, self.end_before, self.end_through, self.end_ordinal)

    @property
    def length(self) -> z3.ArithRef:
        """``bd_count(start, end)``."""
        return self.end_through - self.start_before


@attrs.frozen
class Readings:
    """The interpretations of READING.md section 7 as Boolean inputs of the model, so one
    model serves every combination (the robust check)."""

    ten_clear_business_days: z3.BoolRef
    every_suspension: z3.BoolRef
    overlength_whole: z3.BoolRef
    notice_covenant: z3.BoolRef
    literal_90_days: z3.BoolRef
    leap_day_mar_1: z3.BoolRef
    notice_day_as_given: z3.BoolRef
    lead_time_clear: z3.BoolRef

    @classmethod
    def fresh(cls, prefix: str = "reading") -> Readings:
        return cls(*(z3.Bool(f"{prefix}.{f.name}") for f in attrs.fields(cls)))

    def fixed_to(self, interpretation: object) -> list[z3.BoolRef]:
        """Constraints that pin every switch to one :class:`Interpretation`."""
        chosen = {
            self.ten_clear_business_days: interpretation.spacing == "ten-clear-business-days",  # type: ignore[attr-defined]
            self.every_suspension: interpretation.count == "every-suspension",  # type: ignore[attr-defined]
            self.overlength_whole: interpretation.overlength == "whole",  # type: ignore[attr-defined]
            self.notice_covenant: interpretation.notice == "covenant",  # type: ignore[attr-defined]
            self.literal_90_days: interpretation.penalty_window == "literal-90-days",  # type: ignore[attr-defined]
            self.leap_day_mar_1: interpretation.leap_day == "mar-1",  # type: ignore[attr-defined]
            self.notice_day_as_given: interpretation.notice_day == "as-given",  # type: ignore[attr-defined]
            self.lead_time_clear: interpretation.lead_time == "clear-business-days",  # type: ignore[attr-defined]
        }
        # late-filing-cure moves money only, which stays out of the solver (model/payments.py).
        return [switch == z3.BoolVal(value) for switch, value in chosen.items()]

    def lead(self, n: int) -> z3.ArithRef:
        """The business days an "at least ``n`` business days before" rule counts under the
        reading ``lead-time``: ``n``, or ``n + 1`` under clear-business-days."""
        return ite(self.lead_time_clear, z3.IntVal(n + 1), z3.IntVal(n))


@attrs.frozen
class PeriodTerms:
    """The Registration Period as ordinals; its end depends on the leap-day reading."""

    effective: DayTerm
    last: DayTerm

    @property
    def effective_day(self) -> z3.ArithRef:
        return self.effective.day

    @property
    def end_day(self) -> z3.ArithRef:
        return self.last.day


class Precedes(Mapping[tuple[int, int], z3.BoolRef]):
    """``precedes[j, i]``: suspension ``j`` starts before ``i``, for every pair ``j != i``.

    Built when asked for: a pair of fixed suspensions is a constant, read off their starts."""

    def __init__(self, suspensions: Sequence[SuspensionTerms], either: Callable[..., bool]) -> None:
        self._suspensions = suspensions
        self._either = either

    def __getitem__(self, pair: tuple[int, int]) -> z3.BoolRef:
        j, i = pair
        S = self._suspensions
        if j == i or not (0 <= i < len(S) and 0 <= j < len(S)):
            raise KeyError(pair)
        if not self._either(i, j):
            return z3.BoolVal(
                day(S[j].start_day, S[j].start_ordinal) < day(S[i].start_day, S[i].start_ordinal)
            )
        return earlier(S[j].start, S[i].start, True)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        n = len(self._suspensions)
        return ((j, i) for i in range(n) for j in range(n) if i != j)

    def __len__(self) -> int:
        n = len(self._suspensions)
        return n * (n - 1)


# -- what a rule is built over --------------------------------------------------------------------


@attrs.frozen
class RuleContext:
    """What the schedule gives every 3(h) rule of suspension ``i``: the suspensions, the
    Registration Period, the readings, the agreement's terms, the order of starts
    (``precedes``), which suspensions may be "the preceding" one, and how many earlier ones
    count toward the limit.

    Fixed suspensions' order is known here (their starts are constants, and the loader keeps
    them apart), so only pairs with a planned suspension need an order term: among fixed ones
    "the preceding suspension" is the last fixed one before, and "earlier suspensions that
    count" a running count. Built over all pairs, a thousand fixed suspensions took minutes
    (docs/performance.md)."""

    suspensions: tuple[SuspensionTerms, ...]
    period: PeriodTerms
    readings: Readings
    terms: AgreementTerms
    precedes: Precedes
    over_long: tuple[z3.BoolRef, ...]
    counts: tuple[z3.BoolRef, ...]  # the variables "suspension k counts toward the limit"
    planned: tuple[int, ...]
    fixed_order: tuple[int, ...]  # the fixed suspensions in order of start (then end)
    fixed_position: Mapping[int, int]  # each fixed suspension's place in ``fixed_order``
    fixed_counted_before: Mapping[int, z3.ArithRef]  # the running count before each fixed one

    def preceding_candidates(self, i: int) -> list[int]:
        """Who may precede ``i``: every planned suspension, every fixed one if ``i`` is
        planned, and of the fixed ones before a fixed ``i`` only the last (its end is the
        latest of theirs, so the gap from it is the shortest)."""
        S = self.suspensions
        if S[i].on_business_days:
            return [j for j in range(len(S)) if j != i]
        position = self.fixed_position[i]
        last_fixed = [self.fixed_order[position - 1]] if position else []
        return last_fixed + [j for j in self.planned if j != i]

    def counted_before(self, i: int) -> z3.ArithRef:
        """The earlier suspensions that count toward the limit (which ones count is the
        interpretation ``count``): the running count of the fixed ones, and a term for each
        pair with a planned suspension."""
        S = self.suspensions
        planned_i = S[i].on_business_days
        return total(
            [self.fixed_counted_before.get(i, z3.IntVal(0))]
            + [
                ite(conjunction([self.precedes[j, i], self.counts[j]]), z3.IntVal(1), z3.IntVal(0))
                for j in (range(len(S)) if planned_i else self.planned)
                if j != i and (planned_i or S[j].on_business_days)
            ]
        )


# -- the rules: each returns the condition under which suspension ``i`` breaks it ---------------


def starts_before_effectiveness(c: RuleContext, i: int) -> z3.BoolRef:
    """ "if at any time or from time to time after the date of effectiveness of the
    Registration Statement, the Company notifies the Investors in writing of the existence of a
    Potential Material Event" (3(h)).

    Broken when the suspension starts before the Effective Date."""
    s = c.suspensions[i]
    return earlier(s.start, c.period.effective, s.on_business_days)


def over_length(s: SuspensionTerms, terms: AgreementTerms) -> z3.BoolRef:
    """``bd_count(start, end)`` beyond the permitted length (3(h)(i))."""
    return s.length > terms.suspension_length.n


def longer_than_fifteen_business_days(c: RuleContext, i: int) -> z3.BoolRef:
    """ "each of which suspension period shall not either (i) be for more than fifteen (15)
    business days" (3(h)(i)).

    Broken when ``bd_count(start, end) > 15`` (:func:`over_length`, which the schedule also
    reads for the restricted days of an over-long suspension)."""
    return c.over_long[i]


def begins_too_soon_after(c: RuleContext, i: int) -> z3.BoolRef:
    """ "or (ii) begin less than ten (10) business days after the last day of the preceding
    suspension (whether or not such last day was during or after a Permitted Suspension
    Period)" (3(h)(ii)).

    Broken when ``start < bd_after(previous.end, 10)`` (``11`` under ten-clear-business-days)
    for the suspension that precedes it: ``start >= bd_after(d, n)`` exactly when
    ``through(start) >= through(d) + n``."""
    S = c.suspensions
    return disjunction(
        [
            conjunction([c.precedes[j, i], _too_soon(S[i], S[j], c.readings, c.terms)])
            for j in c.preceding_candidates(i)
        ]
    )


def _too_soon(
    s: SuspensionTerms, previous: SuspensionTerms, readings: Readings, terms: AgreementTerms
) -> z3.BoolRef:
    # Built after the order term it goes with, as it always was: Z3 numbers terms in the
    # order they are made, and its search follows that order.
    gap = terms.suspension_gap.n
    required = ite(readings.ten_clear_business_days, z3.IntVal(gap + 1), z3.IntVal(gap))
    return s.start_through < previous.end_through + required


def beyond_two_suspensions(c: RuleContext, i: int) -> z3.BoolRef:
    """ "The term "Permitted Suspension Period" means up to two such suspension periods"
    (3(h)).

    Broken when two earlier suspensions in the Registration Period already count toward the
    limit (which ones count is the interpretation ``count``)."""
    return c.counted_before(i) >= c.terms.suspension_limit.n


def without_advance_notice(c: RuleContext, i: int) -> z3.BoolRef:
    """ "provided further that the Company shall, if lawful to do so, provide the Investor with
    at least two (2) business days' notice of the existence (but not the substance of) a
    Potential Material Event" (3(h)).

    Broken when notice was lawful and either none was given or ``start <
    bd_after(advance_notice, 2)`` (``3`` under lead-time = clear-business-days). The notice is
    the day it is deemed given (notice-day), already in ``notice_through``; the start never
    moves."""
    s = c.suspensions[i]
    too_late = s.start_through < s.notice_through + c.readings.lead(c.terms.suspension_notice.n)
    return conjunction([s.notice_lawful, disjunction([negation(s.has_notice), too_late])])
