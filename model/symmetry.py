"""Interchangeable planned suspensions, taken in file order, for the optimiser.

Two planned suspensions with the same bounds (start and end windows, length, covered days,
advance notice, whether notice is lawful) differ only in their ids. Swapping their placements
gives a schedule that breaks the same rules, in the same places, with the same restricted
days and so the same payments: the suspensions are taken in order of start (READING.md
section 4), never by id. The solver, not knowing this, would search every ordering of them:
with four planned suspensions sharing one window, 24 copies of each placement, and the proof
that no placement pays more must refute each (measured: docs/performance.md).

So ``worst-case`` asks for the interchangeable suspensions in file order (``start`` of each
before the ``start`` of the next). This changes neither the optimum nor the answer:

- every placement has a copy in file order (sort the interchangeable suspensions by start;
  their starts differ, since suspensions never overlap), with the same payments, so the
  optimum over ordered placements is the optimum over all;
- the tie-breaks take the earliest start of each planned suspension in file order, then the
  earliest ends. Among the optimal placements, the one they choose has its interchangeable
  suspensions in file order already: were an earlier one to start after a later one, swapping
  the two would give an optimal placement with an earlier start at the first position that
  differs. So the chosen placement is the same with the ordering as without.

Not for ``find``: there the suspension asked about is singled out by its id.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import z3

from model.scenario import PlannedSuspension
from model.schedule import ScenarioModel


def interchangeable_groups(planned: Sequence[PlannedSuspension]) -> list[list[str]]:
    """Ids of planned suspensions that differ only in their ids, in file order; groups of two
    or more."""
    groups: dict[PlannedSuspension, list[str]] = {}
    for p in planned:
        groups.setdefault(attrs.evolve(p, id="planned"), []).append(p.id)
    return [ids for ids in groups.values() if len(ids) > 1]


def file_order_constraints(model: ScenarioModel) -> list[z3.BoolRef]:
    """Each interchangeable planned suspension starts before the next of its group."""
    constraints: list[z3.BoolRef] = []
    for ids in interchangeable_groups(model.context.scenario.planned_suspensions):
        for earlier, later in itertools.pairwise(ids):
            constraints.append(
                model.planned[earlier].start_index < model.planned[later].start_index
            )
    return constraints
