"""The answers of ``rrcheck find`` and ``rrcheck worst-case``: planned suspensions placed,
what stands in the way, what bounds a better answer, and the optimum under each reading.

The questions are :mod:`checks.find` and :mod:`checks.worst_case`; the reports
(:mod:`checks.reports`) read these classes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from model.findings import Payment, Verdict, Violation
from model.interpretations import Interpretation

Date = dt.date

OBJECTIVES = ("latest-start", "earliest-start", "longest")


@attrs.frozen
class PlacedSuspension:
    id: str
    start: Date
    end: Date
    business_days: int
    notice_by: Date  # the latest day the advance notice may be given for this start


@attrs.frozen
class Obstacle:
    """A rule (or bound) that stands in the way of every compliant placement."""

    key: str
    rule: str
    subject: str
    explanation: str


@attrs.frozen
class Bound:
    """What stops a better answer to ``find``: a rule of READING.md applied to one subject, or
    one of a planned suspension's own bounds (``plan.*``, docs/scenario-format.md).

    ``subject`` and ``date`` are the item and its day the bound counts from (s1 and its last
    day, for "the 10th business day after s1's last day"); ``limit`` is where that puts the
    planned suspension (a day, or a number of business days)."""

    rule: str
    subject: str
    section: str | None
    date: Date | None
    limit: Date | int | None
    explanation: str
    key: str = ""  # the member of the core it says: ``suspension.min-gap:p``, ``plan.length.max:p``


@attrs.frozen
class FindResult:
    status: str  # optimal | infeasible | unknown
    objective: str
    suspension_id: str
    suspension: PlacedSuspension | None = None
    schedule: tuple[PlacedSuspension, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    best_bound: Date | int | None = None
    message: str = ""
    # unknown: what is proved of the optimum (one side is best_bound, when found)
    lower_bound: Date | int | None = None
    upper_bound: Date | int | None = None
    # READING.md section 8: what the file breaks without its planned suspensions (it stands,
    # and never makes the question infeasible), and the bounds that stop a better answer.
    already_broken: tuple[Violation, ...] = ()
    bound_by: tuple[Bound, ...] = ()


@attrs.frozen
class ReadingOptimum:
    """The optimum of ``worst-case`` under one reading: its payments (to the Investor asked
    about, with ``--investor``, else in total) and the placement that gives them."""

    interpretation: Interpretation
    payments: Decimal
    schedule: tuple[PlacedSuspension, ...]


@attrs.frozen
class WorstCaseResult:
    status: str  # optimal | infeasible | unknown
    objective: str  # max-payments | min-payments
    total_payments: Decimal | None = None
    schedule: tuple[PlacedSuspension, ...] = ()
    payments: tuple[Payment, ...] = ()
    verdict: Verdict | None = None
    best_bound: Decimal | None = None
    message: str = ""
    obstacles: tuple[Obstacle, ...] = ()  # infeasible: the bounds in the way
    # --investor: the one Investor whose payments were optimised, and their total.
    investor: str | None = None
    investor_payments: Decimal | None = None
    # --robust: the reading the answer is under (every reading was searched), how many readings
    # there are, and the smallest and largest per-reading optimum (None when not robust).
    interpretation: Interpretation | None = None
    readings: int = 0
    spread: tuple[ReadingOptimum, ReadingOptimum] | None = None
    # unknown: what is proved of the optimum's total (one side is best_bound, when found)
    lower_bound: Decimal | None = None
    upper_bound: Decimal | None = None


class PlanningError(ValueError):
    """A question the file cannot answer (e.g. ``find`` for an id that is not planned)."""
