"""``rrcheck worst-case --robust``: the worst (or least) payments under every reading, and the
spread of the per-reading optima.

The readings are Boolean inputs of one model (:class:`model.exposure.WorstCaseSearch`): one
search with them free gives the optimum over every reading and a reading that attains it; the
other end of the spread follows from one satisfiability check per reading still unsettled, with
a full optimisation only for a reading that moves it. Late filing, which no placement changes,
enters as a constant per reading, computed by the reference evaluator. Interchangeable planned
suspensions are answered from the calendar's table under each reading, with the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs

from checks.answers import PlacedSuspension, ReadingOptimum, WorstCaseResult
from checks.placements import checked_verdict, fixed_scenario, noticed, placements
from checks.worst_case import optimal_worst_case, priced_exposure, worst_case_under
from model.calendar_optimum import CalendarOptimum
from model.context import scenario_context
from model.exposure import CENT_DAYS_PER_CENT, Attained, WorstCaseSearch, cents
from model.interpretations import Interpretation, every_interpretation
from model.planning import Placement, PlanOptimum
from model.reference import evaluate
from model.scenario import Scenario
from model.solver import SolverSettings, out_of_time

# The tables cost about the same for any number of planned suspensions (1.6 to 3 s CPU for the
# 512 readings), the search over every reading 3-4 times more a suspension: 1.1 s against the
# tables' 1.8 s for 2 planned sharing a window, 3.1 s against 2.4 s for 3 (docs/performance.md).
TABLES_FROM = 3


def _late_filing(scenario: Scenario, investor: str | None) -> dict[Interpretation, int]:
    """The late-filing amounts under each reading, in cent-days. They depend on the dates and
    the readings only, never on a placement (and some readings of them, such as where the
    late-filing run ends, live outside the Z3 model, with the money): the reference evaluator
    computes them on the file without suspensions."""
    bare = attrs.evolve(scenario, suspensions=(), restrictions=(), filings=())
    by_reading: dict[Interpretation, int] = {}
    for reading in every_interpretation():
        rows = evaluate(attrs.evolve(bare, interpretation=reading)).payments
        total_cents = sum(
            cents(p.amount)
            for p in rows
            if p.trigger == "late-filing" and (investor is None or p.investor == investor)
        )
        by_reading[reading] = total_cents * CENT_DAYS_PER_CENT
    return by_reading


def robust_worst_case(
    scenario: Scenario, least: bool, settings: SolverSettings, investor: str | None
) -> WorstCaseResult:
    """``worst-case --robust``; see :func:`worst_case`. Values are exposures in cent-days with
    late filing added (:data:`CENT_DAYS_PER_CENT`).

    1. One search with the readings free gives the optimum over every reading, and a reading
       that attains it (the file's own when it does, else one with as few changes as can be).
       Late filing enters as a constant per reading: for the free search, each set of readings
       the solver cannot tell apart counts the worst (least) of their late-filing amounts.
    2. The other end of the spread (the smallest per-reading maximum, or the largest
       per-reading minimum) starts at the file's own reading's optimum. A reading under which
       some placement is at least as bad (good) as that end cannot move it: a placement the
       solver finds for one reading is priced by the reference evaluator under every reading
       not yet settled, which settles most of them at once; only a reading with no such
       placement is optimised, and moves the end.
    Every optimum is searched under its reading pinned, in the one model, and its witness
    checked by both implementations to cost what the solver proved.

    Where the calendar's table describes the scenario (interchangeable planned suspensions
    only: model/calendar_optimum.py), each reading's optimum is read off its table instead
    and no search is made (:func:`_by_tables`); wherever the tables and the model or the
    reference evaluator disagree, the search above answers."""
    objective = "min-payments" if least else "max-payments"
    context = scenario_context(scenario)
    late = _late_filing(scenario, investor)
    readings = list(every_interpretation())
    sign = -1 if least else 1
    search = WorstCaseSearch(context, None, least, investor, settings)

    def attains(reading: Interpretation, value: int) -> Attained | None | str:
        """Some placement under ``reading`` at least as bad (good) as ``value``, late filing
        included; None when there is none; "unknown" when the solver gave up."""
        return search.attains(reading, value - late[reading])

    priced: dict[tuple[tuple[PlacedSuspension, ...], tuple[tuple[str, bool], ...]], int] = {}

    def value_of(placements: tuple[PlacedSuspension, ...], reading: Interpretation) -> int:
        """What a placement costs under a reading: its restricted days priced by the reference
        evaluator (once for the readings the model cannot tell apart: what the solver proves
        about them is the same, or the check of each pinned optimum fails), and the reading's
        late filing."""
        key = (placements, search.reading_key(reading))
        if key not in priced:
            under = attrs.evolve(scenario, interpretation=reading)
            given = noticed(context, placements, reading)
            priced[key] = int(priced_exposure(evaluate(fixed_scenario(under, given)), investor))
        return priced[key] + late[reading]

    def pinned(reading: Interpretation, answer: bool = False) -> tuple[WorstCaseResult, int]:
        """The optimum under one reading; for the answer with the tie-breaks, so that it is
        the placement plain ``worst-case`` gives under that reading (the spread's other end
        only needs its value, and a placement that attains it)."""
        return _witnessed(scenario, search, search.pinned(reading, answer), reading, late, settings)

    own = scenario.interpretation
    tables = search.tables(readings) if len(scenario.planned_suspensions) >= TABLES_FROM else None
    if tables is not None and all(t.placement is not None for t in tables.values()):
        try:
            by_table = _by_tables(scenario, search, tables, late, settings, value_of)
        except _OutOfTime:
            return _unknown(objective, investor, len(readings), settings)
        if by_table is not None:
            return by_table
    overall = search.over_every_reading(readings, late)
    if overall.status != "optimal":
        # Infeasible or out of time: the bounds are the same under every reading, so the
        # file's own reading says what stands in the way (or how far the search got).
        result, _ = worst_case_under(scenario, least, settings, investor)
        status = "infeasible" if overall.status == "infeasible" else "unknown"
        return attrs.evolve(result, status=status, readings=len(readings))
    best = overall.values[0]
    try:
        found = attains(own, best)
        if found == "unknown":
            raise _OutOfTime()
        chosen = own
        if found is None:
            candidates = search.readings_of_the_free_optimum(readings)
            chosen = max(candidates, key=lambda r: sign * late[r])
            chosen = _nearest_attaining(
                chosen, own, lambda r: isinstance(attains(r, best), Attained)
            )
        answer, value = pinned(chosen, answer=True)
        if value != best:
            raise RuntimeError(
                f"the optimum over every reading ({best}) is not the optimum under its own "
                f"reading ({value}, {chosen.as_dict()})"
            )
        other_reading, other_result, other_value = chosen, answer, value
        if own != chosen:
            other_result, other_value = pinned(own)
            other_reading = own
        unsettled = [r for r in readings if r not in (chosen, own)]
        known = list(dict.fromkeys([answer.schedule, other_result.schedule]))
        while unsettled:
            for each in known:  # settle every reading these placements reach
                unsettled = [r for r in unsettled if sign * value_of(each, r) < sign * other_value]
            known = []
            if not unsettled:
                break
            reading = unsettled.pop(0)
            found = attains(reading, other_value)
            if found == "unknown":
                raise _OutOfTime()
            if found is None:  # this reading's optimum is beyond the end: the end moves
                other_result, other_value = pinned(reading)
                other_reading = reading
                known = [other_result.schedule]
            else:
                assert not isinstance(found, str)
                known = [placements(context, found.placements(), reading)]
    except _OutOfTime:
        return _unknown(objective, investor, len(readings), settings)
    return _answer(answer, chosen, other_result, other_reading, len(readings))


def _by_tables(
    scenario: Scenario,
    search: WorstCaseSearch,
    tables: Mapping[Interpretation, CalendarOptimum],
    late: Mapping[Interpretation, int],
    settings: SolverSettings,
    value_of: Callable[[tuple[PlacedSuspension, ...], Interpretation], int],
) -> WorstCaseResult | None:
    """``worst-case --robust`` from the calendar's table under each reading
    (model/calendar_optimum.py), where it describes the scenario: the answer the search of
    :func:`robust_worst_case` gives, without the search. Each reading's optimum is its table's
    with that reading's late filing; the end of the spread that is the answer is the reading
    the search takes (the file's own when it attains it, else the first reading that does,
    set back term by term to the file's own while the optimum is still attained), and the
    other end the reading the search's settling ends on (the file's own when it is at that
    end, else the first in order that is). Every table's placement is priced by the
    reference evaluator under each reading with those facts, and both ends' placements are
    asked of the model pinned, with their tie-breaks, under their reading: the answer only if
    the model attains there what the table says. None when anything disagrees: the caller
    then searches as without the table."""
    context = search.context
    readings = list(tables)
    sign = -1 if search.least else 1
    calendar = context.calendar
    planned = [p.id for p in scenario.planned_suspensions]  # the table's order is file order
    value: dict[Interpretation, int] = {}
    for reading, table in tables.items():
        assert table.placement is not None, "the caller keeps infeasible bounds to the search"
        found = [
            Placement(pid, calendar.day_at(start), calendar.day_at(end))
            for pid, (start, end) in zip(planned, table.placement, strict=True)
        ]
        value[reading] = table.exposure + late[reading]
        if value_of(placements(context, found, reading), reading) != value[reading]:
            return None
    best = max(value.values(), key=lambda v: sign * v)

    def attains(reading: Interpretation) -> bool:
        return value[reading] == best

    own = scenario.interpretation
    chosen = own
    if not attains(own):
        first = next(r for r in readings if attains(r))
        key = search.reading_key(first)
        chosen = max(
            (r for r in readings if search.reading_key(r) == key), key=lambda r: sign * late[r]
        )
        chosen = _nearest_attaining(chosen, own, attains)
    other = chosen if own == chosen else own
    for reading in readings:
        if reading not in (chosen, own) and sign * value[reading] < sign * value[other]:
            other = reading
    witnessed = []
    for reading in dict.fromkeys([chosen, other]):
        optimum = search.confirmed(reading, tables[reading])
        if optimum is None:
            return None
        result, attained = _witnessed(scenario, search, optimum, reading, late, settings)
        if attained != value[reading]:
            return None
        witnessed.append(result)
    return _answer(witnessed[0], chosen, witnessed[-1], other, len(readings))


def _witnessed(
    scenario: Scenario,
    search: WorstCaseSearch,
    optimum: PlanOptimum,
    reading: Interpretation,
    late: Mapping[Interpretation, int],
    settings: SolverSettings,
) -> tuple[WorstCaseResult, int]:
    """An optimum under one reading as an answer, its witness checked by both implementations
    to cost what the solver (or the table) proved, and its value with late filing."""
    if optimum.status != "optimal" or optimum.placements is None:
        raise _OutOfTime()
    context, investor = search.context, search.investor
    objective = "min-payments" if search.least else "max-payments"
    placed = placements(context, optimum.placements, reading)
    under = attrs.evolve(scenario, interpretation=reading)
    verdict = checked_verdict(fixed_scenario(under, placed), settings)
    if optimum.values[0] != priced_exposure(verdict, investor):
        raise RuntimeError(
            f"the optimum under {reading.as_dict()} ({optimum.values[0]} cent-days) is not "
            "what its witness costs"
        )
    result = optimal_worst_case(objective, placed, verdict, investor)
    return result, optimum.values[0] + late[reading]


def _answer(
    answer: WorstCaseResult,
    chosen: Interpretation,
    other_result: WorstCaseResult,
    other_reading: Interpretation,
    readings: int,
) -> WorstCaseResult:
    """The answer under ``chosen`` with the spread of the per-reading optima."""
    ends = [
        ReadingOptimum(chosen, _objective_payments(answer), answer.schedule),
        ReadingOptimum(other_reading, _objective_payments(other_result), other_result.schedule),
    ]
    ends.sort(key=lambda e: e.payments)
    return attrs.evolve(answer, interpretation=chosen, readings=readings, spread=(ends[0], ends[1]))


def _unknown(
    objective: str, investor: str | None, readings: int, settings: SolverSettings | None
) -> WorstCaseResult:
    return WorstCaseResult(
        "unknown",
        objective,
        investor=investor,
        readings=readings,
        message=f"the solver ran {out_of_time(settings)} while searching every reading; no "
        "answer is proved",
    )


def _nearest_attaining(
    found: Interpretation,
    own: Interpretation,
    attains: Callable[[Interpretation], bool],
) -> Interpretation:
    """From a reading that attains the optimum, each term set back to the file's own reading
    while the optimum is still attained: the answer names as few changed readings as it can
    (one check per term that differs; a check out of time keeps the change)."""
    current = found.as_dict()
    for term, reading in own.as_dict().items():
        if current[term] == reading:
            continue
        trial = found
        for name, value in {**current, term: reading}.items():
            trial = trial.with_reading(name, value)
        if attains(trial):
            current[term] = reading
            found = trial
    return found


def _objective_payments(result: WorstCaseResult) -> Decimal:
    if result.investor_payments is not None:
        return result.investor_payments
    assert result.total_payments is not None
    return result.total_payments


class _OutOfTime(Exception):
    """A solver call of ``worst-case --robust`` ran out of time: no answer is proved."""
