"""Section 3(h): suspensions, Permitted Suspension Periods and restricted days, in Z3.

Each rule is a function that builds the Z3 condition under which a suspension *breaks* it; its
docstring opens with the agreement's words, which the rule table (:mod:`model.rules`) and so
every report quote. :class:`SuspensionSchedule` puts the rules together over any number of
suspensions, fixed or planned, whose order need not be known in advance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs
import z3

from model.interpretations import lead_business_days
from model.solver import BusinessDayEncoding

PERMITTED_LENGTH = 15  # business days, 3(h)(i)
SPACING = 10  # business days, 3(h)(ii)
NOTICE = 2  # business days, 3(h) proviso
LIMIT = 2  # "up to two such suspension periods"
TEN_CLEAR_BUSINESS_DAYS = "ten-clear-business-days"  # the alternative reading of ``spacing``


def spacing_business_days(spacing: str) -> int:
    """The ``n`` of 3(h)(ii) under the reading ``spacing``: the next suspension may begin on
    ``bd_after(previous.end, n)`` at the earliest (10, or 11 under ten-clear-business-days)."""
    return SPACING + 1 if spacing == TEN_CLEAR_BUSINESS_DAYS else SPACING


def notice_business_days(lead_time: str) -> int:
    """The ``n`` of the 3(h) proviso under the reading ``lead-time``: a suspension may begin on
    ``bd_after(advance_notice, n)`` at the earliest (2, or 3 under clear-business-days)."""
    return lead_business_days(NOTICE, lead_time)


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
    return _not(earlier(b, a, either_business_day))


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
        return z3.If(self.lead_time_clear, n + 1, n)


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


# -- the rules: each returns the condition under which suspension ``s`` breaks it -----------------


def starts_before_effectiveness(s: SuspensionTerms, period: PeriodTerms) -> z3.BoolRef:
    """ "if at any time or from time to time after the date of effectiveness of the
    Registration Statement, the Company notifies the Investors in writing of the existence of a
    Potential Material Event" (3(h)).

    Broken when the suspension starts before the Effective Date."""
    return earlier(s.start, period.effective, s.on_business_days)


def longer_than_fifteen_business_days(s: SuspensionTerms) -> z3.BoolRef:
    """ "each of which suspension period shall not either (i) be for more than fifteen (15)
    business days" (3(h)(i)).

    Broken when ``bd_count(start, end) > 15``."""
    return s.length > PERMITTED_LENGTH


def begins_too_soon_after(
    s: SuspensionTerms, previous: SuspensionTerms, readings: Readings
) -> z3.BoolRef:
    """ "or (ii) begin less than ten (10) business days after the last day of the preceding
    suspension (whether or not such last day was during or after a Permitted Suspension
    Period)" (3(h)(ii)).

    Broken when ``start < bd_after(previous.end, 10)`` (``11`` under ten-clear-business-days):
    ``start >= bd_after(d, n)`` exactly when ``through(start) >= through(d) + n``."""
    required = z3.If(readings.ten_clear_business_days, SPACING + 1, SPACING)
    return s.start_through < previous.end_through + required


def beyond_two_suspensions(counted_earlier: z3.ArithRef) -> z3.BoolRef:
    """ "The term "Permitted Suspension Period" means up to two such suspension periods"
    (3(h)).

    Broken when two earlier suspensions in the Registration Period already count toward the
    limit (which ones count is the interpretation ``count``)."""
    return counted_earlier >= LIMIT


def without_advance_notice(s: SuspensionTerms, readings: Readings) -> z3.BoolRef:
    """ "provided further that the Company shall, if lawful to do so, provide the Investor with
    at least two (2) business days' notice of the existence (but not the substance of) a
    Potential Material Event" (3(h)).

    Broken when notice was lawful and either none was given or ``start <
    bd_after(advance_notice, 2)`` (``3`` under lead-time = clear-business-days). The notice is
    the day it is deemed given (notice-day), already in ``notice_through``; the start never
    moves."""
    too_late = s.start_through < s.notice_through + readings.lead(NOTICE)
    return z3.And(s.notice_lawful, z3.Or(z3.Not(s.has_notice), too_late))


# -- the schedule ---------------------------------------------------------------------------------


class SuspensionSchedule:
    """Every suspension's rules, eligibility, Permitted Suspension Period and restricted days.

    Suspensions are taken in order of start, but the order is itself a term (``precedes``), so
    a planned suspension may fall anywhere among the fixed ones. Eligibility and counting
    depend on earlier suspensions, so they are Boolean variables tied by definitions; over a
    strict order the definitions have exactly one solution.

    ``disabled`` names rules to leave out (their breach is ``False``): the tests use it to show
    that every rule matters.
    """

    def __init__(
        self,
        suspensions: Sequence[SuspensionTerms],
        period: PeriodTerms,
        readings: Readings,
        encoding: BusinessDayEncoding,
        disabled: frozenset[str] = frozenset(),
    ) -> None:
        self.suspensions = tuple(suspensions)
        n = len(self.suspensions)
        self.definitions: list[z3.BoolRef] = []
        self.well_formed: list[z3.BoolRef] = []
        S = self.suspensions

        def either(*indices: int) -> bool:
            # Some day compared is a planned suspension's, so a business day: see ``earlier``.
            return any(S[k].on_business_days for k in indices)

        # Fixed suspensions' order is known here (their starts are constants, and the loader
        # keeps them apart), so only pairs with a planned suspension need an order term; among
        # fixed ones "the preceding suspension" is the last fixed one before, and "earlier
        # suspensions that count" a running count. Built over all pairs, a thousand fixed
        # suspensions took minutes (docs/performance.md).
        planned = [k for k in range(n) if S[k].on_business_days]
        fixed_order = sorted(
            (k for k in range(n) if not S[k].on_business_days),
            key=lambda k: (
                _day(S[k].start_day, S[k].start_ordinal),
                _day(S[k].end_day, S[k].end_ordinal),
            ),
        )
        self.precedes = Precedes(S, either)
        for i in range(n):
            self.well_formed.append(on_or_before(S[i].start, S[i].end, either(i)))
            for j in range(i) if S[i].on_business_days else planned:
                if j >= i:
                    continue
                # "two that overlap are an input error": the schedule must keep them apart.
                self.well_formed.append(
                    z3.Or(
                        earlier(S[j].end, S[i].start, either(i, j)),
                        earlier(S[i].end, S[j].start, either(i, j)),
                    )
                )
        for j, i in zip(fixed_order, fixed_order[1:], strict=False):
            # Two fixed ones in order of start overlap when one starts by the other's end; any
            # overlap among them shows between two that are next to each other.
            if _day(S[i].start_day, S[i].start_ordinal) <= _day(S[j].end_day, S[j].end_ordinal):
                self.well_formed.append(z3.BoolVal(False))
        # Who may precede ``i``: every planned suspension, every fixed one if ``i`` is
        # planned, and of the fixed ones before a fixed ``i`` only the last (its end is the
        # latest of theirs, so the gap from it is the shortest).
        fixed_position = {k: position for position, k in enumerate(fixed_order)}

        def preceding_candidates(i: int) -> list[int]:
            if S[i].on_business_days:
                return [j for j in range(n) if j != i]
            position = fixed_position[i]
            last_fixed = [fixed_order[position - 1]] if position else []
            return last_fixed + [j for j in planned if j != i]

        # A fixed suspension's place against the Registration Period's end is known here when
        # both leap-day readings of the end agree on it; the terms of one known to be outside
        # fold to constants, so a long history past the period costs little to build.
        last_days = _constants_of(period.last.day)
        self.outside = [
            _outside_by_constants(S[i], period, last_days)
            if not S[i].on_business_days and last_days
            else earlier(period.last, S[i].start, either(i))
            for i in range(n)
        ]
        self.in_registration_period = [
            _and(_not(self.outside[i]), on_or_before(period.effective, S[i].end, either(i)))
            for i in range(n)
        ]
        self.over_long = [longer_than_fifteen_business_days(s) for s in S]
        self.eligible = [z3.Bool(f"eligible.{s.id}") for s in S]
        self.counts = [z3.Bool(f"counts.{s.id}") for s in S]
        # The fixed suspensions before a fixed one that count, as a running count tied by
        # definitions (one term each, where a sum per suspension would be quadratic).
        fixed_counted_before: dict[int, z3.ArithRef] = {}
        running: z3.ArithRef = z3.IntVal(0)
        for k in fixed_order:
            fixed_counted_before[k] = running
            if k != fixed_order[-1]:
                after = z3.Int(f"fixed_counted_through.{S[k].id}")
                self.definitions.append(after == running + z3.If(self.counts[k], 1, 0))
                running = after

        def rule(rule_id: str, condition: Callable[[int], z3.BoolRef], i: int) -> z3.BoolRef:
            if rule_id in disabled or _is_true(self.outside[i]):
                return z3.BoolVal(False)
            return _and(_not(self.outside[i]), condition(i))

        self.broken: dict[str, list[z3.BoolRef]] = {
            "suspension.before-effective": [
                rule(
                    "suspension.before-effective",
                    lambda i: starts_before_effectiveness(S[i], period),
                    i,
                )
                for i in range(n)
            ],
            "suspension.max-length": [
                rule("suspension.max-length", lambda i: self.over_long[i], i) for i in range(n)
            ],
            "suspension.min-gap": [
                rule(
                    "suspension.min-gap",
                    lambda i: z3.Or(
                        [
                            z3.And(self.precedes[j, i], begins_too_soon_after(S[i], S[j], readings))
                            for j in preceding_candidates(i)
                        ]
                    ),
                    i,
                )
                for i in range(n)
            ],
            "suspension.max-count": [
                rule(
                    "suspension.max-count",
                    lambda i: beyond_two_suspensions(
                        z3.Sum(
                            [fixed_counted_before[i] if i in fixed_position else z3.IntVal(0)]
                            + [
                                z3.If(z3.And(self.precedes[j, i], self.counts[j]), 1, 0)
                                for j in (range(n) if S[i].on_business_days else planned)
                                if j != i and (S[i].on_business_days or S[j].on_business_days)
                            ]
                        )
                    ),
                    i,
                )
                for i in range(n)
            ],
            "suspension.notice": [
                rule("suspension.notice", lambda i: without_advance_notice(S[i], readings), i)
                for i in range(n)
            ],
        }

        for i in range(n):
            # READING.md section 4: eligible when it breaks none of before-effective, min-gap,
            # max-count, notice (notice only under the reading "condition").
            self.definitions.append(
                self.eligible[i]
                == _and(
                    _not(self.broken["suspension.before-effective"][i]),
                    _not(self.broken["suspension.min-gap"][i]),
                    _not(self.broken["suspension.max-count"][i]),
                    _or(readings.notice_covenant, _not(self.broken["suspension.notice"][i])),
                )
            )
        # Where a definition folds to a constant (a fixed suspension outside the period), the
        # constant stands for its variable, which the definition still pins.
        self.eligible = (
            [_folded(d, v) for d, v in zip(self.definitions[-n:], self.eligible, strict=True)]
            if n
            else []
        )
        # An outside suspension breaks no rule (so it is eligible) but is no Permitted
        # Suspension Period: the agreement's limits do not reach it.
        self.permitted = [
            _and(
                _not(self.outside[i]),
                self.eligible[i],
                _not(z3.And(readings.overlength_whole, self.over_long[i])),
            )
            for i in range(n)
        ]
        for i in range(n):
            self.definitions.append(
                self.counts[i]
                == _and(
                    self.in_registration_period[i],
                    _or(readings.every_suspension, self.permitted[i]),
                )
            )
        self.counts = (
            [_folded(d, v) for d, v in zip(self.definitions[-n:], self.counts, strict=True)]
            if n
            else []
        )

        # Restricted days: all of a suspension that is not a Permitted Suspension Period; from
        # the 16th business day of an eligible over-long one under "first-fifteen".
        self.has_restricted_days = [
            _and(_not(self.outside[i]), _or(_not(self.permitted[i]), self.over_long[i]))
            for i in range(n)
        ]
        self.restricted_from = [
            S[i].start_day
            if _is_false(self.permitted[i])
            else z3.If(
                self.permitted[i],
                encoding.day_of(_sixteenth_index(S[i], encoding)),
                S[i].start_day,
            )
            for i in range(n)
        ]
        # The restricted episode, clipped to the Registration Period (2(b)). Which end is
        # clipped is decided on business-day counts where the days are business days (see
        # ``earlier``). Measured (Z3's work, docs/performance.md): so decided, the most
        # payments for 3 planned suspensions took a fifth less work; deciding whether the
        # episode has a day the same way cost the least payments twice the work, so that is
        # left to the days.
        self.episode_first = []
        self.episode_last = []
        for i in range(n):
            sixteenth = S[i].start_before + PERMITTED_LENGTH
            not_permitted = _is_false(self.permitted[i])  # restricted from its start, if at all
            restricted_from = DayTerm(
                self.restricted_from[i],
                _if(self.permitted[i], sixteenth, S[i].start_before),
                _if(self.permitted[i], sixteenth + 1, S[i].start_through),
                S[i].start_ordinal if not_permitted else None,
            )
            self.episode_first.append(
                _if(
                    on_or_before(period.effective, restricted_from, either(i)),
                    restricted_from.day,
                    period.effective_day,
                )
            )
            end = S[i].end_ordinal
            if end is not None and last_days:
                # A fixed end against both possible last days of the period, where they agree.
                inside = {end <= last for last in last_days}
                clipped = z3.BoolVal(inside.pop()) if len(inside) == 1 else None
            else:
                clipped = None
            self.episode_last.append(
                _if(
                    clipped
                    if clipped is not None
                    else on_or_before(S[i].end, period.last, either(i)),
                    S[i].end_day,
                    period.end_day,
                )
            )
        self.has_episode = [
            _and(self.has_restricted_days[i], self.episode_first[i] <= self.episode_last[i])
            for i in range(n)
        ]


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
                _day(S[j].start_day, S[j].start_ordinal) < _day(S[i].start_day, S[i].start_ordinal)
            )
        return earlier(S[j].start, S[i].start, True)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        n = len(self._suspensions)
        return ((j, i) for i in range(n) for j in range(n) if i != j)

    def __len__(self) -> int:
        n = len(self._suspensions)
        return n * (n - 1)


def _constants_of(term: z3.ArithRef) -> tuple[int, ...]:
    """The values a day term may take when it is a constant or an If over constants (the
    Registration Period's end under the two leap-day readings); empty otherwise."""
    if z3.is_int_value(term):
        return (term.as_long(),)
    if z3.is_app_of(term, z3.Z3_OP_ITE):
        branches = [_constants_of(term.arg(1)), _constants_of(term.arg(2))]
        if all(branches):
            return tuple(v for branch in branches for v in branch)
    return ()


def _outside_by_constants(
    s: SuspensionTerms, period: PeriodTerms, last_days: tuple[int, ...]
) -> z3.BoolRef:
    """``earlier(period.last, s.start)`` for a fixed suspension: a constant where every
    possible last day of the period agrees on it, else the term."""
    start = _day(s.start_day, s.start_ordinal)
    if all(last < start for last in last_days):
        return z3.BoolVal(True)
    if all(last >= start for last in last_days):
        return z3.BoolVal(False)
    return earlier(period.last, s.start, False)


# Combinators that fold constants, for the terms of fixed suspensions (z3's Python API builds
# And(False, x) as a term; the solver would fold it, but building it is what costs).


# Z3 shares terms, so true and false are one node each: a constant is recognised by its
# address, without a call into Z3 (z3.is_true makes several, and the folding asks often).
_TRUE, _FALSE = z3.BoolVal(True), z3.BoolVal(False)


def _is_true(term: z3.BoolRef) -> bool:
    return bool(term.ast.value == _TRUE.ast.value)


def _is_false(term: z3.BoolRef) -> bool:
    return bool(term.ast.value == _FALSE.ast.value)


def _folded(definition: z3.BoolRef, variable: z3.BoolRef) -> z3.BoolRef:
    """``variable == value``'s value when it is a constant, else the variable."""
    value = definition.arg(1)
    return value if _is_true(value) or _is_false(value) else variable


def _not(a: z3.BoolRef) -> z3.BoolRef:
    if _is_true(a):
        return _FALSE
    if _is_false(a):
        return _TRUE
    return z3.Not(a)


def _and(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(_is_false(t) for t in terms):
        return _FALSE
    kept = [t for t in terms if not _is_true(t)]
    if not kept:
        return _TRUE
    return kept[0] if len(kept) == 1 else z3.And(kept)


def _or(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(_is_true(t) for t in terms):
        return _TRUE
    kept = [t for t in terms if not _is_false(t)]
    if not kept:
        return _FALSE
    return kept[0] if len(kept) == 1 else z3.Or(kept)


def _if(condition: z3.BoolRef, then: z3.ArithRef, otherwise: z3.ArithRef) -> z3.ArithRef:
    if _is_true(condition):
        return then
    if _is_false(condition):
        return otherwise
    return z3.If(condition, then, otherwise)


def _day(term: z3.ArithRef, known: int | None) -> int:
    return known if known is not None else _constant(term)


def _constant(term: z3.ArithRef) -> int:
    """A fixed suspension's day, which is a constant of the model."""
    value = term.as_long() if z3.is_int_value(term) else _as_int(term)
    if not isinstance(value, int):
        raise TypeError(f"expected a constant day, got {term}")
    return value


def _sixteenth_index(s: SuspensionTerms, encoding: BusinessDayEncoding) -> z3.ArithRef | int:
    """The index of a suspension's 16th business day, read only when it is over-long.

    A fixed suspension that starts within 15 business days of the calendar's last one has no
    16th business day in the calendar; it ends inside the calendar, so it is not over-long and
    the day is never read: the last business day stands in for it, where looking it up would
    stop the check of a compliant schedule at the end of the calendar's coverage."""
    index = _as_int(s.start_before + PERMITTED_LENGTH)
    if isinstance(index, int):
        return min(index, encoding.index_bounds()[1])
    return index


def _as_int(term: z3.ArithRef) -> z3.ArithRef | int:
    """Fold a constant index so the encoding can look it up instead of building arithmetic."""
    simplified = z3.simplify(term)
    return simplified.as_long() if z3.is_int_value(simplified) else term
