"""Section 2(b) in the solver, and ``worst-case``'s search: where the planned suspensions cost
the most (or least).

Money stays out of the solver: it sees restricted days, weighted by Held Shares Value in cents
(:func:`exposure_objective`), whose Periodic Amounts are 1.5% / 30 of that before rounding;
the amounts themselves are computed in Decimal (:mod:`model.payments`). ``worst-case``
(:mod:`checks.worst_case`) asks :class:`WorstCaseSearch` and gets domain answers
(:class:`~model.planning.PlanOptimum`); the Z3 objects stay here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs
import z3

from model.calendar_optimum import CalendarOptimum, calendar_optimum, optima_by_reading
from model.context import ScenarioContext
from model.interpretations import Interpretation
from model.planning import (
    Placement,
    PlanOptimum,
    bounds_core,
    placements_of,
    plan_optimum,
    tie_breaks,
)
from model.scenario import PlannedSuspension
from model.schedule import EpisodeTerms, ScenarioModel
from model.solver import (
    Objective,
    Proved,
    SolverSettings,
    confirmed,
    lexicographic_optimum,
    new_solver,
)
from model.span_bounds import longest_spans, span_bound_constraints
from model.symmetry import file_order_constraints
from model.terms import focus_2003

_TERMS = focus_2003()
COMPUTATION_PERIOD = _TERMS.computation_period.n  # days, 2(b)(vii)
# A Periodic Amount of one cent is this many cent-days of Held Shares Value: 1.5% / 30 days is
# 1 / 2,000 a day (2(b)(iii)). Late filing enters an exposure in these units.
CENT_DAYS_PER_CENT = int(COMPUTATION_PERIOD / _TERMS.restricted_sale_rate.share)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def period_days(days: z3.ArithRef, k: int) -> z3.ArithRef:
    """Days in the (k+1)-th period of an episode of ``days`` days, 2(b)(vii): ``c_k - c_(k-1)``
    for Computation Dates every 30 days."""
    rest = days - COMPUTATION_PERIOD * k
    return z3.If(rest >= COMPUTATION_PERIOD, COMPUTATION_PERIOD, z3.If(rest <= 0, 0, rest))


def periodic_amount_cents(held_cents: z3.ArithRef, days: z3.ArithRef) -> z3.ArithRef:
    """One Periodic Amount in cents as model/payments.py computes it: 1.5% x Held Shares Value
    x days / 30, rounded half up to the cent, i.e. ``floor((H * d + 1000) / 2000)``."""
    return (held_cents * days + CENT_DAYS_PER_CENT // 2) / CENT_DAYS_PER_CENT


def exposure_objective(model: ScenarioModel, investor: str | None = None) -> Objective:
    """Restricted days weighted by each Investor's Held Shares Value in cents: the Periodic
    Amounts before rounding are 1.5% / 30 of this (late filing is fixed by the dates and does
    not depend on the placement). Linear: the Held Shares Value is a step in the Restricted Sale
    Date, so each sale contributes ``price * If(sale before RSD, days, 0)``. Every value is a
    multiple of the gcd of the prices in cents: the objective's unit. With ``investor``, only
    that Investor's (each Investor's agreement is separate)."""
    investors = [
        i for i in model.context.scenario.investors if investor is None or i.name == investor
    ]
    total: z3.ArithRef = z3.IntVal(0)
    weights: list[int] = []
    episodes: list[EpisodeTerms] = model.suspension_episodes + model.restriction_episodes
    for episode in episodes:
        days = z3.If(episode.gives_payments, episode.last_day - episode.first_day + 1, 0)
        for each in investors:
            weights.append(cents(each.purchase_price))
            total = total + weights[-1] * days
            for sale in each.sales:
                weights.append(cents(sale.purchase_price))
                total = total - weights[-1] * z3.If(
                    sale.date.toordinal() < episode.first_day, days, 0
                )
    unit = math.gcd(*weights) or 1
    return Objective(total, maximise=True, unit=unit, gallop=True)


class Switches:
    """The readings as the model's switches: for each reading the values it gives them (its
    key: two readings of the money alone, which have no switch, share one) and the literals
    that pin them, built once per key (Z3 calls are slow enough to matter 512 times over)."""

    def __init__(self, model: ScenarioModel, readings: Sequence[Interpretation]) -> None:
        self.key: dict[Interpretation, tuple[tuple[str, bool], ...]] = {}
        self.switch: dict[str, z3.BoolRef] = {}
        self._literals: dict[tuple[tuple[str, bool], ...], list[z3.BoolRef]] = {}
        names: dict[int, str] = {}  # printing a term is slow: once a switch, not once a reading
        for reading in readings:
            pairs = []
            for pin in model.readings.fixed_to(reading):
                switch, value = pin.arg(0), pin.arg(1)
                if not (z3.is_eq(pin) and (z3.is_true(value) or z3.is_false(value))):
                    raise TypeError(f"a reading pinned otherwise than switch == value: {pin}")
                if switch.get_id() not in names:
                    names[switch.get_id()] = str(switch)
                name = names[switch.get_id()]
                self.switch[name] = switch
                pairs.append((name, z3.is_true(value)))
            key = tuple(sorted(pairs))
            self.key[reading] = key
            if key not in self._literals:
                self._literals[key] = [
                    self.switch[n] if v else z3.Not(self.switch[n]) for n, v in key
                ]

    def literals(self, reading: Interpretation) -> list[z3.BoolRef]:
        return self._literals[self.key[reading]]

    def condition(self, key: tuple[tuple[str, bool], ...]) -> z3.BoolRef:
        return z3.And(self._literals[key])

    def in_model(self, m: z3.ModelRef) -> tuple[tuple[str, bool], ...]:
        """The key of the readings a model chose."""
        return tuple(
            sorted(
                (name, z3.is_true(m.eval(switch, model_completion=True)))
                for name, switch in self.switch.items()
            )
        )


def most_restricted_days(model: ScenarioModel) -> tuple[int, int]:
    """A relaxation: the calendar days every episode could have at most (a fixed suspension's
    or restriction's own days; a planned one's window of days in the Registration Period), and
    how many payment rows of 30 days (and a last part) they could make, per Investor."""
    scenario = model.context.scenario
    calendar = model.context.calendar
    spans: list[int] = []
    for s in scenario.suspensions:
        if isinstance(s, PlannedSuspension):
            # The longest calendar span of as many business days as it may last, from any
            # start its window allows (the span bounds' table, model/span_bounds.py).
            terms = model.planned[s.id]
            last_end = len(calendar.business_days) - 1
            if s.end is not None:
                last_end = min(last_end, calendar.count_through(s.end.latest) - 1)
            lengths = last_end - terms.first_start + 1
            if s.length is not None:
                lengths = min(lengths, s.length.max)
            longest = longest_spans(calendar, terms.first_start, terms.last_start, lengths)
            spans.append(max(longest, default=0))
        else:
            spans.append((s.end - s.start).days + 1)
    spans += [(r.end - r.start).days + 1 for r in scenario.restrictions]
    return sum(spans), sum(span // COMPUTATION_PERIOD + 1 for span in spans)


def worst_case_solver(model: ScenarioModel, least: bool, settings: SolverSettings) -> z3.Solver:
    solver = new_solver(settings)
    solver.add(model.constraints())
    # Interchangeable planned suspensions in file order: the same optimum and the same answer,
    # without searching every ordering of them (model/symmetry.py has the argument).
    solver.add(file_order_constraints(model))
    if not least:
        # Implied by the bounds, so they change no answer; they speed the search for the most
        # payments 2- to 3-fold and slow the search for the least 2-fold (docs/performance.md).
        solver.add(span_bound_constraints(model))
    return solver


class Attained:
    """A placement the solver found (:meth:`WorstCaseSearch.attains`), read only when asked:
    reading it builds Z3 terms, and which of several equal placements the solver finds next
    depends on the terms there are, so the answers repeat only if it is read as before."""

    def __init__(self, model: ScenarioModel, found: z3.ModelRef) -> None:
        self._model = model
        self._found = found

    def placements(self) -> tuple[Placement, ...]:
        return placements_of(self._model, self._found)


class WorstCaseSearch:
    """``worst-case`` in the model: the placement of the planned suspensions within their
    bounds that maximises (or, with ``least``, minimises) the exposure, to one Investor with
    ``investor``. ``interpretation`` pins the readings; None leaves them free, for the search
    over every reading (``--robust``): :meth:`over_every_reading`, :meth:`attains`,
    :meth:`pinned`. Exposures are in cent-days."""

    def __init__(
        self,
        context: ScenarioContext,
        interpretation: Interpretation | None,
        least: bool,
        investor: str | None,
        settings: SolverSettings,
    ) -> None:
        self.context = context
        self.interpretation = interpretation
        self.investor = investor
        self.model = ScenarioModel(context, interpretation)
        self.least = least
        self.sign = -1 if least else 1
        self.exposure = attrs.evolve(exposure_objective(self.model, investor), maximise=not least)
        self.settings = settings
        # Probing the windows' first days halves the tie-breaks of the least payments (the
        # cheapest placements sit early) and slows those of the most (docs/performance.md).
        self.tie_breaks = tie_breaks(self.model, skip=None, probe=least)
        self._solver: z3.Solver | None = None
        self._switches: Switches | None = None
        self._free: z3.ModelRef | None = None

    @property
    def solver(self) -> z3.Solver:
        if self._solver is None:
            self._solver = worst_case_solver(self.model, self.least, self.settings)
        return self._solver

    def optimum(self) -> PlanOptimum:
        """The optimal exposure under the pinned reading, ties broken by earliest starts, then
        ends. Where the calendar's table describes the scenario (model/calendar_optimum.py),
        the solver is asked for the placement the table says is the answer, and the table is
        the proof of what it attains; else (or if the model disagrees) by the ascent alone."""
        objectives = [self.exposure, *self.tie_breaks]
        proved = self.proved()
        if proved is None:
            optimum = lexicographic_optimum(self.solver, objectives, self.settings)
        else:
            optimum = lexicographic_optimum(self.solver, objectives, self.settings, proved)
        return plan_optimum(self.model, optimum)

    def proved(self) -> Proved | None:
        """The table's answer (exposure, then each tie-break's value) and the pins of its
        placement, the planned suspensions taken in file order (model/symmetry.py)."""
        if self.interpretation is None:
            return None
        found = calendar_optimum(self.context, self.interpretation, self.least, self.investor)
        if found is None or found.placement is None:
            return None
        return self._proved_by(found)

    def _proved_by(self, found: CalendarOptimum) -> Proved:
        assert found.placement is not None, "a table with a placement"
        terms = list(self.model.planned.values())
        starts = [s for s, _ in found.placement]
        ends = [e for _, e in found.placement]
        pins = [t.start_index == s for t, s in zip(terms, starts, strict=True)]
        pins += [t.end_index == e for t, e in zip(terms, ends, strict=True)]
        return Proved((found.exposure, *starts, *ends), tuple(pins))

    def bounds_core(self) -> list[str] | str | None:
        """:func:`model.planning.bounds_core`: the planned suspensions whose bounds stand in
        the way (``bounds:ID``)."""
        return bounds_core(self.model, self.settings)

    def most_restricted_days(self) -> tuple[int, int]:
        """:func:`most_restricted_days`: the relaxation of the bounds."""
        return most_restricted_days(self.model)

    # -- over every reading (--robust) ------------------------------------------------------------
    def tables(
        self, readings: Sequence[Interpretation]
    ) -> dict[Interpretation, CalendarOptimum] | None:
        """The calendar's table under each reading (model/calendar_optimum.py
        :func:`~model.calendar_optimum.optima_by_reading`), None where it does not describe the
        scenario; with them, the readings' switches for :meth:`confirmed` and
        :meth:`reading_key` (without, the model is left as the search without tables found it:
        which of several equal placements the solver finds depends on the terms built)."""
        found = optima_by_reading(self.context, readings, self.least, self.investor)
        if found is not None:
            self._switches = Switches(self.model, readings)
        return found

    def confirmed(self, reading: Interpretation, found: CalendarOptimum) -> PlanOptimum | None:
        """The table's placement under ``reading`` in the model, the answer when the model's
        exposure and each tie-break there are what the table says (the table is then the proof,
        as for :meth:`optimum`); None when they are not; ``unknown`` out of time."""
        assert self._switches is not None, "after tables"
        solver = self.solver
        solver.push()
        solver.add(self._switches.literals(reading))
        optimum = confirmed(
            solver, [self.exposure, *self.tie_breaks], self.settings, self._proved_by(found)
        )
        solver.pop()
        return None if optimum is None else plan_optimum(self.model, optimum)

    def over_every_reading(
        self, readings: Sequence[Interpretation], late: Mapping[Interpretation, int]
    ) -> PlanOptimum:
        """One search with the readings free: the optimum of the exposure plus each reading's
        late filing ``late`` (a constant per reading: each set of readings the solver cannot
        tell apart counts the worst, or least, of theirs)."""
        sign = self.sign
        switches = self._switches = Switches(self.model, readings)
        extreme: dict[tuple[tuple[str, bool], ...], int] = {}
        for reading in readings:
            key = switches.key[reading]
            if key not in extreme or sign * late[reading] > sign * extreme[key]:
                extreme[key] = late[reading]
        base = min(extreme.values())
        late_term: z3.ArithRef = z3.IntVal(base)
        for value in sorted(set(extreme.values()) - {base}):
            chosen_keys = [k for k, v in extreme.items() if v == value]
            late_term = late_term + z3.If(
                z3.Or([switches.condition(k) for k in chosen_keys]), value - base, 0
            )
        unit = math.gcd(self.exposure.unit, *late.values())
        goal = Objective(
            self.exposure.term + late_term, maximise=not self.least, unit=unit, gallop=True
        )
        overall = lexicographic_optimum(self.solver, [goal], self.settings)
        self._free = overall.model
        # Its placement is never the answer (that is searched again under one reading): not
        # read, see Attained.
        return PlanOptimum(overall.status, None, overall.values, overall.limit)

    def readings_of_the_free_optimum(
        self, readings: Sequence[Interpretation]
    ) -> list[Interpretation]:
        """The readings the free optimum's model chose: those the solver cannot tell apart
        from its switches' values."""
        switches = self._switches
        assert switches is not None and self._free is not None, "after over_every_reading"
        picked = switches.in_model(self._free)
        return [r for r in readings if switches.key[r] == picked]

    def reading_key(self, reading: Interpretation) -> tuple[tuple[str, bool], ...]:
        """The values ``reading`` gives the model's switches: readings with the same key (two
        readings of the money alone, which have no switch) are the same to the solver."""
        assert self._switches is not None, "after over_every_reading"
        return self._switches.key[reading]

    def attains(self, reading: Interpretation, exposure: int) -> Attained | None | str:
        """A placement under ``reading`` whose exposure is at least as bad (good) as
        ``exposure``; None when there is none; "unknown" when the solver gave up."""
        assert self._switches is not None, "after over_every_reading"
        solver = self.solver
        solver.push()
        solver.add(self.sign * self.exposure.term >= self.sign * exposure)
        outcome = solver.check(*self._switches.literals(reading))
        found = solver.model() if outcome == z3.sat else None
        solver.pop()
        if outcome == z3.unknown:
            return "unknown"
        return None if found is None else Attained(self.model, found)

    def pinned(self, reading: Interpretation, answer: bool = False) -> PlanOptimum:
        """The optimal exposure under one reading; with ``answer``, with the tie-breaks, so
        that it is the placement plain ``worst-case`` gives under that reading."""
        assert self._switches is not None, "after over_every_reading"
        solver = self.solver
        solver.push()
        solver.add(self._switches.literals(reading))
        optimum = lexicographic_optimum(
            solver, [self.exposure, *(self.tie_breaks if answer else [])], self.settings
        )
        solver.pop()
        return plan_optimum(self.model, optimum)
