"""Implied bounds on the calendar length of planned suspensions, for the optimiser.

A planned suspension's restricted days are a calendar span of business days: from its start
(or its 16th business day) to its end. How many calendar days ``k`` business days can span
depends on where the weekends and holidays fall, which the solver otherwise discovers one
placement at a time. Read off the calendar beforehand, the longest span of ``k``
business days starting anywhere in the suspension's window is a small table in ``k``; given to
the solver as an If-chain, it lets the optimiser bound the payments of a placement from its
length alone, and the final "nothing better" check (the proof of optimality) no longer has to
try every start. Measured in Z3's own work count (rlimit), which load hardly disturbs: the
most payments for 3 planned suspensions take 15.5 M without the bounds and about 3 M with them
(docs/performance.md has the wall-clock times).

The bounds change no answer: each is implied by the planned bounds and the calendar. The tables
are read by exhaustive enumeration of every start the bounds allow (a proof by cases, in plain
Python); the business-day encoding they rest on is tested against the calendar on every day,
and tests/model/test_span_bounds.py has Z3 prove a bound's negation unsat. Z3 proves each bound
itself in seconds, not milliseconds (it must try every start, the very search the bound
saves), so the proof is not repeated on every run.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import z3

from model.calendars import BusinessCalendar
from model.scenario import PlannedSuspension
from model.schedule import PlannedTerms, ScenarioModel
from model.solver import ordinal
from model.suspensions import PERMITTED_LENGTH

# Longer tables would cost more than they save: the bound is an If-tree over the length.
MAX_TABLE_LENGTH = 64


@attrs.frozen
class SpanBound:
    """Calendar days spanned by ``k`` business days ``<= longest[k-1]``, for a span that starts
    on a business-day index the planned bounds allow."""

    subject: str
    part: str  # "whole" (start to end) | "after-fifteen" (16th business day to end)
    constraint: z3.BoolRef


def longest_spans(
    calendar: BusinessCalendar, first_start: int, last_start: int, lengths: int
) -> tuple[int, ...]:
    """The longest calendar span (in days, both ends counted) of ``k`` = 1..``lengths``
    business days starting on an index in [first_start, last_start]: one entry per ``k``,
    fewer where spans would run past the calendar's last business day."""
    days = [ordinal(d) for d in calendar.business_days]
    longest: list[int] = []
    for k in range(1, lengths + 1):
        spans = [
            days[s + k - 1] - days[s] + 1
            for s in range(max(first_start, 0), last_start + 1)
            if s + k - 1 < len(days)
        ]
        if not spans:
            break
        longest.append(max(spans))
    return tuple(longest)


def table_by_length(k: z3.ArithRef, values: Sequence[int]) -> z3.ArithRef:
    """``values[k-1]`` as an If-chain on ``k`` (below 1 reads the first value, above the table
    the last: the caller bounds ``k``). A chain, not a balanced tree: measured 3-4 s against
    10-18 s for the tree with 4 planned suspensions, since the solver decides ``k <= 1``,
    ``k <= 2``, ... in the order it tightens its bound on the length."""
    table: z3.ArithRef = z3.IntVal(values[-1])
    for length in range(len(values) - 1, 0, -1):
        table = z3.If(k <= length, values[length - 1], table)
    return table


def _bound(
    model: ScenarioModel,
    subject: str,
    part: str,
    first: z3.ArithRef,
    last: z3.ArithRef,
    first_start: int,
    last_start: int,
    lengths: int,
) -> SpanBound | None:
    calendar = model.context.calendar
    longest = longest_spans(calendar, first_start, last_start, lengths)
    if not longest:
        return None
    k = last - first + 1
    span = model.encoding.day_of(last) - model.encoding.day_of(first) + 1
    applies = [k >= 1] if part != "whole" else []  # a whole suspension has k >= 1 already
    if len(longest) < lengths:  # spans past the calendar's end are impossible: say so
        applies.append(k <= len(longest))
    constraint = z3.Implies(z3.And(applies), span <= table_by_length(k, longest))
    return SpanBound(subject, part, constraint)


def _longest_length(p: PlannedSuspension, terms: PlannedTerms, model: ScenarioModel) -> int:
    """The most business days the planned suspension can last, from its first start."""
    calendar = model.context.calendar
    last_end = len(calendar.business_days) - 1
    if p.end is not None:
        last_end = min(last_end, calendar.count_through(p.end.latest) - 1)
    lengths = last_end - terms.first_start + 1
    if p.length is not None:
        lengths = min(lengths, p.length.max)
    return lengths


def span_bounds(model: ScenarioModel) -> list[SpanBound]:
    """The implied span bounds of every planned suspension short enough to tabulate: its whole
    span, and the span from its 16th business day (the restricted days of an over-long
    Permitted Suspension Period under ``overlength = first-fifteen``)."""
    bounds: list[SpanBound] = []
    for p in model.context.scenario.planned_suspensions:
        terms = model.planned[p.id]
        first_start, last_start = terms.first_start, terms.last_start
        lengths = _longest_length(p, terms, model)
        if lengths < 1 or lengths > MAX_TABLE_LENGTH:
            continue
        start, end = terms.start_index, terms.end_index
        whole = _bound(model, p.id, "whole", start, end, first_start, last_start, lengths)
        bounds += [whole] if whole else []
        if lengths > PERMITTED_LENGTH:
            tail = _bound(
                model,
                p.id,
                "after-fifteen",
                start + PERMITTED_LENGTH,
                end,
                first_start + PERMITTED_LENGTH,
                last_start + PERMITTED_LENGTH,
                lengths - PERMITTED_LENGTH,
            )
            bounds += [tail] if tail else []
    return bounds


def span_bound_constraints(model: ScenarioModel) -> list[z3.BoolRef]:
    """The constraints of :func:`span_bounds`, to add to a solver beside the model's."""
    return [bound.constraint for bound in span_bounds(model)]
