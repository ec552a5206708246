"""The Z3 model of a term profile's allowance over a fixed schedule, built once for its shape,
each file's facts bound to it (as :mod:`model.bound_model` does for the 2003 agreement).

:func:`model.allowance.judge` judges each suspension's limits with the calendar's counts: a
breach they decide is a bool, one that turns on the earlier suspensions' verdicts a
:class:`~model.allowance_days.Threshold`, and the days that may be a suspension's first past a
length or aggregate limit are listed. What the model's terms depend on beside those facts is
the *shape* (:class:`Shape`): how many suspensions are judged, the role of each limit of the
profile (judged once a suspension, or day by day) and what its Thresholds read of the earlier
suspensions, whether ``excess`` restricts the whole suspension, and room for the listed days.
The model reads every fact as a variable: a suspension's first and last days, each breach
(a bool, or a Threshold's ``most`` and ``before``), each listed day and the allowed days of each
unit if the suspension were restricted from it. Room not used by a file is bound to days no
limit breaks at, a bool decided by the calendar to a Threshold that does (``most`` -1) or does
not (``most`` and every ``before`` past any count) break.

A fixed schedule's verdicts are each a function of the facts and of the earlier suspensions'
verdicts, so each is built as a term over the earlier ones' terms (no definitions to solve):

- ``past_i``: an If-chain over the listed days, the first whose breach holds, else ``certain``
  (the first day that breaks a limit whatever the verdicts, or ``last + 1``);
- ``restricted_i``: ``first`` when a limit judged once a suspension is broken, else ``past_i``
  (``first`` if ``excess`` is ``whole``) when it is a day of the suspension, else ``last + 1``;
- the allowed days of each unit: 0 when restricted from ``first``, else the same If-chain over
  the facts (the counts of ``[first, restricted - 1]`` for each listed day and for ``certain``);
- which limits are broken: each judged once a suspension, and each day by day at ``past_i``.

Every verdict is packed into one integer term (:mod:`model.binding`); a file is its facts
substituted and the term simplified, read back in one pass. No solver is asked, so nothing here
can time out. tests/model/test_allowance_bound.py compares it with the reference evaluator over
random profiles and schedules, files of one shape bound one after another included.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import z3

from model.allowance_days import Breach, Judged, Threshold, UnitDays
from model.binding import (
    Inputs,
    Numerals,
    bit,
    evaluated,
    packed,
    probed,
    sources,
    unpacked_days,
)
from model.folding import FALSE
from model.rules import limit_rule

if TYPE_CHECKING:
    from model.allowance import AllowanceModel

# Past any count of days or suspensions: a ``most`` or ``before`` that no sum reaches.
BEYOND = 1 << 40
PERMITTED = "permitted"  # what a count limit's Threshold reads of an earlier suspension


@attrs.frozen
class LimitShape:
    """One limit of the profile in the model: judged once a suspension (``whole``) or day by
    day, and what its Thresholds read (None: the calendar decides every breach of it)."""

    whole: bool
    reads: str | None


@attrs.frozen
class Shape:
    """What the terms of the model depend on, beside the facts bound to it."""

    limits: tuple[LimitShape | None, ...]  # per limit index; None: a kind with no row
    excess_whole: bool
    judged: int  # suspensions with a day in the Registration Period
    room: int  # listed days per suspension: the most a file lists, up to a power of two

    @property
    def whole(self) -> tuple[int, ...]:
        return tuple(i for i, s in enumerate(self.limits) if s is not None and s.whole)

    @property
    def by_day(self) -> tuple[int, ...]:
        return tuple(i for i, s in enumerate(self.limits) if s is not None and not s.whole)

    @property
    def units(self) -> tuple[str, ...]:
        """The units whose allowed days a Threshold reads."""
        reads = {s.reads for s in self.limits if s is not None and s.reads is not None}
        return tuple(sorted(reads - {PERMITTED}))


def _breaches(j: Judged) -> list[tuple[int, Breach]]:
    days = [b for _, breaches in j.days for b in breaches.items()]
    return [*j.whole.items(), *days, *j.at_certain.items()]


def shape_of(model: AllowanceModel) -> Shape:
    """The shape of a judged schedule."""
    reads: dict[int, set[str]] = {}
    for j in model.judged:
        for index, breach in _breaches(j):
            if isinstance(breach, Threshold):
                reads.setdefault(index, set()).add(breach.reads)
    limits: list[LimitShape | None] = []
    for index, limit in enumerate(model.profile.allowance.limits):
        rule = limit_rule(limit.kind)
        read = reads.get(index, set())
        assert len(read) <= 1, f"limit {index} reads {read}: one quantity a limit"
        shape = None if rule is None else LimitShape(rule.restricts_whole, min(read, default=None))
        limits.append(shape)
    most = max((len(j.days) for j in model.judged), default=0)
    return Shape(
        tuple(limits),
        model.profile.allowance.excess == "whole",
        len(model.judged),
        0 if most == 0 else 1 << (most - 1).bit_length(),
    )


@attrs.frozen
class Verdict:
    """What the model says of one judged suspension (ordinals): its first restricted day, its
    first day past a length or aggregate limit, the limits judged once a suspension that it
    breaks and those judged day by day that break at ``past`` (by index, in order)."""

    restricted: int
    past: int
    whole: tuple[int, ...]
    at_past: tuple[int, ...]


class BoundAllowance:
    """The model of one shape as one integer term over the facts, and :meth:`solve`, which binds
    a judged schedule's facts and reads every verdict."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        inputs = Inputs()
        first_of: list[z3.ArithRef] = []
        restricted: list[z3.ArithRef] = []
        allowed: list[dict[str, z3.ArithRef]] = []
        bits: list[z3.BoolRef] = []
        days: list[z3.ArithRef] = []
        for i in range(shape.judged):
            name = f"p{i}"
            first, last, certain = (inputs.int(f"{name}.{n}") for n in ("first", "last", "certain"))

            def breach(index: int, where: str, i: int = i) -> z3.BoolRef:
                reads = shape.limits[index].reads  # type: ignore[union-attr]
                if reads is None:
                    return inputs.bool(f"{where}.{index}")
                most = inputs.int(f"{where}.{index}.most")
                parts: list[z3.ArithRef] = [z3.IntVal(0)]
                for j in range(i):
                    before = inputs.int(f"{where}.{index}.before{j}")
                    x = (
                        z3.If(restricted[j] > first_of[j], 1, 0)
                        if reads == PERMITTED
                        else allowed[j][reads]
                    )
                    parts.append(z3.If(x > before, x - before, 0))
                return z3.Sum(parts) > most

            whole = [breach(index, f"{name}.whole") for index in shape.whole]
            listed = []
            for e in range(shape.room):
                where = f"{name}.day{e}"
                day = inputs.int(where)
                at = [breach(index, where) for index in shape.by_day]
                units = {u: inputs.int(f"{where}.allowed.{u}") for u in shape.units}
                listed.append((day, z3.Or(at) if at else FALSE, at, units))
            at_certain = [breach(index, f"{name}.certain") for index in shape.by_day]
            allowed_certain = {u: inputs.int(f"{name}.certain.allowed.{u}") for u in shape.units}

            def chain(
                values: Sequence[z3.ExprRef], otherwise: z3.ExprRef, listed: list = listed
            ) -> z3.ExprRef:
                term = otherwise
                for (_, breaks, _, _), value in reversed(list(zip(listed, values, strict=True))):
                    term = z3.If(breaks, value, term)
                return term

            past = chain([d for d, _, _, _ in listed], certain)
            broken_whole = z3.Or(whole) if whole else FALSE
            beyond = first if shape.excess_whole else past
            first_of.append(first)
            restricted.append(
                z3.If(broken_whole, first, z3.If(past <= last, beyond, last + 1))  # type: ignore[arg-type]
            )
            allowed.append(
                {
                    u: z3.If(broken_whole, 0, chain([a[u] for *_, a in listed], allowed_certain[u]))
                    for u in shape.units
                }
            )
            bits += whole
            bits += [
                chain([at[n] for _, _, at, _ in listed], at_certain[n])
                for n in range(len(shape.by_day))
            ]
            days += [restricted[-1], past]  # type: ignore[list-item]
        self._bits, self._days = len(bits), len(days)
        self.packed = packed(bits, days)
        self._inputs = inputs.variables
        self._sources = sources(self._inputs)
        probed(self.packed, self._inputs)
        self._numerals = Numerals()

    def solve(self, model: AllowanceModel) -> tuple[Verdict, ...]:
        """Bind the facts of ``model`` (a judged schedule of this shape) and read every verdict
        in one evaluation."""
        values = _fact_values(model, self.shape)
        if len(values) != len(self._inputs):
            raise RuntimeError("the facts do not fit the model's shape: a modelling error")
        word = evaluated(self.packed, self._sources, self._numerals.array(values))
        position = iter(range(self._bits))
        day = iter(unpacked_days(word, self._bits, self._days))
        verdicts = []
        for _ in model.judged:
            whole = tuple(i for i in self.shape.whole if bit(word, next(position)))
            at_past = tuple(i for i in self.shape.by_day if bit(word, next(position)))
            verdicts.append(Verdict(next(day), next(day), whole, at_past))
        return tuple(verdicts)


def _fact_values(model: AllowanceModel, shape: Shape) -> list[int | bool]:
    """The facts of a judged schedule, in the order of the model's variables."""
    unit_days = UnitDays(model.calendars)
    values: list[int | bool] = []
    for i, j in enumerate(model.judged):

        def breach(index: int, found: Breach, i: int = i) -> list[int | bool]:
            reads = shape.limits[index].reads  # type: ignore[union-attr]
            if reads is None:
                assert isinstance(found, bool), "a Threshold where the shape has none"
                return [found]
            if isinstance(found, bool):  # decided by the calendar: a sum that does (not) pass
                return [-1 if found else BEYOND, *[BEYOND] * i]
            assert found.reads == reads and len(found.before) == i
            return [found.most, *(BEYOND if b is None else b for b in found.before)]

        def allowed(restricted: int, j: Judged = j) -> list[int | bool]:
            return [unit_days.count(u, j.first, restricted - 1) for u in shape.units]

        def beyond(day: int, j: Judged = j) -> int:
            return j.first if shape.excess_whole else day

        values += [j.first, j.last, j.certain]
        for index in shape.whole:
            values += breach(index, j.whole[index])
        for e in range(shape.room):
            if e < len(j.days):
                day, breaches = j.days[e]
                values.append(day)
                for index in shape.by_day:
                    values += breach(index, breaches[index])
                values += allowed(beyond(day))
            else:  # room this file does not use: a day no limit breaks at
                values.append(0)
                for index in shape.by_day:
                    values += breach(index, False)
                values += [0] * len(shape.units)
        for index in shape.by_day:
            values += breach(index, j.at_certain.get(index, False))
        values += allowed(beyond(j.certain) if j.certain <= j.last else j.last + 1)
    return values


@functools.lru_cache(maxsize=64)
def bound_allowance(shape: Shape) -> BoundAllowance:
    """The model of a shape, built on first use. A cache of built models, which hold no file's
    facts: every evaluation binds all of them."""
    return BoundAllowance(shape)
