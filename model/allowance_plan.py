"""The Z3 model of a term profile's allowance with planned suspensions PLACED BY THE SOLVER
(CONTRACT.md "Term profiles"): what ``find`` (and ``worst-case``, ``prove``) ask under a profile.

:mod:`model.allowance` judges a fixed schedule; here a planned suspension's start and end are
variables, and the same reading (CONTRACT.md, in the words of the module docstring there) is
stated over them. The interface, stable for the questions built on it:

- :func:`build_plan` ``(profile, suspensions, facts, calendars) -> PlanModel``: ``suspensions``
  the scenario's fixed and planned suspensions in file order, which is taken as their order of
  start (as the 2003 planner takes planned ones, :mod:`model.symmetry`) and stated as a
  constraint: each ends before the next begins. :func:`plan_of_scenario` builds it from a
  :class:`~model.scenario.ProfileScenario`.
- :class:`PlanModel` (frozen): ``reading`` (the hard constraints: the reading, the order, the
  variables' domains), ``planned`` (per planned id, in file order, a :class:`PlannedPlacement`:
  its first and last day ``start``/``end`` as :class:`Day` terms (``.term`` is the solver's
  calendar ordinal), ``span`` (the most days it may cover) and its labelled ``bounds``:
  ``start-window``, ``end-window``, ``length``, ``covers.DATE``), ``judged`` (per
  suspension with a day in the Registration Period, in order: a :class:`PlanJudged` with
  ``first``/``last`` (its days inside the period), ``inside``, ``past``, ``restricted`` (its
  first restricted day, or ``last + 1``: a planned suspension may be partly restricted),
  ``violated`` (rule id -> the fixed model reports that breach) and ``allowed`` (its allowed days
  per unit)); ``constraints()`` (reading plus bounds), ``requirements(already)`` (what ``find``
  asks, one tracked term per rule instance), ``placements(m)`` and ``schedule(m)`` (a solved
  model read back into a fixed :class:`~model.profile_days.ProfileFacts`, planned suspensions
  given the notice their start needs, for :func:`model.allowance.evaluate` and the reference),
  ``verdict(m)`` (each judged suspension's first restricted day and the breaches reported).
  With ``settle`` (as ``find`` builds it) a fixed suspension before every planned one is
  judged in Python: its ``past`` and ``restricted`` are ints, its breaches constants
  (``PlanJudged.settled``).

Under a term profile a planned suspension starts and ends on any calendar day, as a fixed one
does (the profile's limits count their own units; docs/reading-notes.md), with ``length`` in
business days (CONTRACT.md). Without ``advance_notice`` it is given the latest notice its start
allows (``notice_by``), so no notice limit breaks it.

Encoding (no arrays, no function tables; :mod:`model.allowance_plan_days` for the arithmetic):

- Every day a limit reads of a symbolic day (its ordinal, the unit days before it, the start
  ``w(d)`` of the widest window holding it) is a step-wise linear function over the range the
  day may take, written exactly as a balanced If-tree over its runs.
- The day-by-day reading of :mod:`model.allowance` (``past`` is the first day of the
  suspension that breaks a length or aggregate limit, judged with the days before it) is stated
  for each CONSTANT day ``k`` of the range a suspension may cover: ``first <= k < past`` implies
  ``k`` breaks no limit, and ``past`` is ``last + 1`` or a day ``k`` that breaks one. For a
  constant ``k`` the window that dominates every window holding ``k`` starts at the constant
  ``w(k)`` (model/allowance.py's argument, which does not depend on where the suspensions are),
  and the counted days of each suspension in ``[w(k), k]`` are differences of unit-day counts at
  its symbolic ends, clipped at ``w(k)`` by one If. This is the fixed model's formula with each
  suspension's constant ends replaced by terms and each day guarded by ``first <= k``: exact,
  because for any placement the guarded days are exactly the suspension's days, and each day's
  constraint is the fixed model's for that placement. Days of the range that no placement can
  make the first day past a limit are left out: a day not of the limit's unit (as the fixed
  model leaves it out), and a day that too few units can reach (the suspension's ``span`` and
  the earlier ones' bound what any placement counts up to it). After a day that every placement
  reaching it breaks, no later day can be the first past the limit, and none is stated.
- ``count`` and ``gap`` read the earlier suspensions' symbolic first and last days; ``gap``'s
  preceding suspension is the nearest earlier one with a day in the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import z3

from model.allowance_plan_days import (
    Day,
    DayCounts,
    PlanJudged,
    PlannedPlacement,
    Term,
    maximum,
    minimum,
    notice_by,
    planned_placement,
)
from model.allowance_plan_rules import PlanContext, PlanRule, as_bool, is_true, plan_rule
from model.profile_days import Calendars, ProfileFacts, registration_period
from model.profiles import TermProfile
from model.scenario import PlannedSuspension, Suspension

Date = dt.date
ONE_DAY = dt.timedelta(days=1)
TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


# -- the model's parts ----------------------------------------------------------------------------


@attrs.frozen(eq=False)
class PlanModel:
    profile: TermProfile
    facts: ProfileFacts  # the fixed facts (planned suspensions are not in them)
    calendars: Calendars
    period: tuple[Date, Date]
    order: tuple[Suspension | PlannedSuspension, ...]  # the order of start
    planned: dict[str, PlannedPlacement]
    judged: tuple[PlanJudged, ...]
    outside: tuple[Suspension, ...]  # fixed suspensions with no day in the period
    reading: tuple[z3.BoolRef, ...]

    def constraints(self, planned_bounds: bool = True) -> list[z3.BoolRef]:
        found = list(self.reading)
        if planned_bounds:
            found += [b for p in self.planned.values() for _, b in p.bounds]
        return found

    def requirements(self, already: frozenset[str]) -> dict[str, z3.BoolRef]:
        """What ``find`` asks (READING.md section 8 under a profile), one term per rule
        instance (``rule:subject``) so an unsat core names what stands in the way: a planned
        suspension breaks no limit (so has no restricted day) and lies wholly inside the
        Registration Period; a fixed one breaks no limit outside ``already``, what the file
        without its planned suspensions breaks."""
        found: dict[str, z3.BoolRef] = {}
        for j in self.judged:
            for rule, broken in j.violated.items():
                key = f"{rule}:{j.id}"
                if j.planned or key not in already:
                    found[key] = z3.Not(broken)
        p0, p1 = (d.toordinal() for d in self.period)
        for pid, p in self.planned.items():
            found[f"registration-period:{pid}"] = z3.And(p.start.term >= p0, p.end.term <= p1)
        return found

    def placements(self, m: z3.ModelRef) -> tuple[tuple[str, Date, Date], ...]:
        """(id, start, end) of each planned suspension, in file order."""

        def at(day: Day) -> Date:
            value = m.eval(day.term, model_completion=True).as_long()  # type: ignore[union-attr]
            return Date.fromordinal(value)

        return tuple((p.id, at(p.start), at(p.end)) for p in self.planned.values())

    def verdict(self, m: z3.ModelRef) -> tuple[dict[str, Date | None], frozenset[str]]:
        """What a solved model says: each judged suspension's first restricted day (None: none,
        or no day in the period) and the breaches the verdict reports (``rule:subject``)."""

        def value(term: Term) -> int:
            if isinstance(term, int):
                return term
            return m.eval(term, model_completion=True).as_long()  # type: ignore[attr-defined]

        restricted: dict[str, Date | None] = {}
        broken: set[str] = set()
        for j in self.judged:
            inside = z3.is_true(m.eval(j.inside, model_completion=True))
            day = value(j.restricted)
            last = value(j.last.term)
            restricted[j.id] = Date.fromordinal(day) if inside and day <= last else None
            broken |= {
                f"{rule}:{j.id}"
                for rule, v in j.violated.items()
                if z3.is_true(m.eval(v, model_completion=True))
            }
        return restricted, frozenset(broken)

    def schedule(self, m: z3.ModelRef) -> ProfileFacts:
        """The fixed schedule of a solved model: each planned suspension at its placement,
        given its own notice or the latest its start allows."""
        placed = []
        for pid, start, end in self.placements(m):
            p = self.planned[pid].suspension
            notice = p.advance_notice or notice_by(self.profile, self.facts, self.calendars, start)
            placed.append(Suspension(pid, start, end, notice, p.notice_lawful))
        suspensions = sorted((*self.facts.suspensions, *placed), key=lambda s: (s.start, s.end))
        return attrs.evolve(self.facts, suspensions=tuple(suspensions))


# -- building -----------------------------------------------------------------------------------


class PlanBuildError(ValueError):
    """The suspensions cannot be read in order of start: ``field`` names the one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def build_plan(
    profile: TermProfile,
    suspensions: Sequence[Suspension | PlannedSuspension],
    facts: ProfileFacts,
    calendars: Calendars,
    counts: DayCounts | None = None,
    settle: bool = False,
) -> PlanModel:
    """The model of ``suspensions`` (fixed and planned, in order of start) under ``profile``;
    ``facts`` gives the rest (its own suspensions are replaced by the fixed ones of
    ``suspensions``); ``counts`` how unit days are counted (by default as find asks). With
    ``settle`` the fixed suspensions before every planned one are judged here, in Python
    (:func:`_settled`: no limit looks at a later suspension, so no placement changes them),
    and the later ones read their verdicts as constants.
    Raises :class:`PlanBuildError` when two fixed suspensions are out of order, and
    CalendarCoverageError when a planned one reaches past the calendar."""
    if profile.agreement.mechanics is not None:
        raise ValueError(f"{profile.id} has mechanics of its own ({profile.agreement.mechanics})")
    fixed = tuple(s for s in suspensions if isinstance(s, Suspension))
    facts = attrs.evolve(facts, suspensions=fixed)
    period = registration_period(profile, facts, calendars)
    p0, p1 = period[0].toordinal(), period[1].toordinal()
    counts = counts if counts is not None else DayCounts(calendars)
    limits = profile.allowance.limits
    units = sorted({limit.days_unit for limit in limits if limit.kind == "aggregate"})
    reading: list[z3.BoolRef] = []
    planned: dict[str, PlannedPlacement] = {}
    judged: list[PlanJudged] = []
    outside: list[Suspension] = []
    previous_end: Day | None = None
    previous_fixed: Suspension | None = None
    for position, s in enumerate(suspensions):
        field = f"suspensions[{position}]"
        if isinstance(s, PlannedSuspension):
            placement, domain = planned_placement(s, calendars, counts)
            planned[s.id] = placement
            reading += domain
            start, end = placement.start, placement.end
        else:
            if previous_fixed is not None and s.start <= previous_fixed.end:
                raise PlanBuildError(
                    f"{field}.start",
                    f"{s.id!r} begins {s.start}, before {previous_fixed.id!r} ends "
                    f"({previous_fixed.end}): with planned suspensions under a term profile, "
                    "list the suspensions in order of start (their places are read from it)",
                )
            previous_fixed = s
            start, end = Day.constant(s.start.toordinal()), Day.constant(s.end.toordinal())
        if previous_end is not None and not (previous_end.fixed and start.fixed):
            reading.append(previous_end.term < start.term)  # the order of start, no overlap
        previous_end = end
        first = Day(maximum(start.term, p0), max(start.lo, p0), max(start.hi, p0), None)
        if start.lo >= p0:
            first = start
        last = Day(minimum(end.term, p1), min(end.lo, p1), min(end.hi, p1), None)
        if end.hi <= p1:
            last = end
        if first.lo > last.hi:
            if isinstance(s, Suspension):
                outside.append(s)
            continue  # never a day in the period: no rule, no count, never the preceding one
        inside = as_bool(first.term <= last.term) if not (first.hi <= last.lo) else TRUE
        inside = z3.simplify(inside) if isinstance(inside, z3.BoolRef) else inside
        c = PlanContext(
            profile,
            facts,
            calendars,
            period,
            counts,
            tuple(judged),
            first,
            inside,
            s.advance_notice,
            isinstance(s, PlannedSuspension) and s.advance_notice is None,
            s.notice_lawful,
            planned[s.id].span if isinstance(s, PlannedSuspension) else last.hi - first.lo + 1,
        )
        settled = None
        if settle and not planned and first.fixed and last.fixed:
            settled = _settled(s.id, c, last, units)
        if settled is None:
            settled = _judge(s.id, isinstance(s, PlannedSuspension), c, last, units, reading)
        judged.append(settled)
    return PlanModel(
        profile,
        facts,
        calendars,
        period,
        tuple(suspensions),
        planned,
        tuple(judged),
        tuple(outside),
        tuple(reading),
    )


def _judge(
    sid: str,
    is_planned: bool,
    c: PlanContext,
    last: Day,
    units: Sequence[str],
    reading: list[z3.BoolRef],
) -> PlanJudged:
    """One suspension's verdict: its whole-suspension breaches, its first day past a limit, its
    first restricted day, the breaches the verdict reports and its allowed days."""
    profile, first, inside = c.profile, c.first, c.inside
    limits = profile.allowance.limits
    name = f"plan.{sid}"
    whole: dict[int, z3.BoolRef] = {}
    day_limits: list[tuple[int, PlanRule]] = []
    rules: dict[int, PlanRule] = {}
    for index, limit in enumerate(limits):
        found = plan_rule(limit.kind)
        if found is None:
            continue  # a kind with no row in the table is not checked
        rule = rules[index] = found
        if rule.whole is not None:
            term = z3.simplify(z3.And(inside, rule.whole(limit, c)))
            if not z3.is_false(term):
                broken = z3.Bool(f"{name}.{index}.broken")
                reading.append(broken == term)
                whole[index] = broken
        else:
            day_limits.append((index, rule))
    past, restricted = z3.Int(f"{name}.past"), z3.Int(f"{name}.restricted")
    # per day k of the range: each day limit's breach there (None: cannot be the first)
    breach: dict[int, z3.BoolRef] = {}
    reported_at: dict[int, dict[str, z3.BoolRef]] = {}  # k -> rule id -> first limit breaking
    for k in range(first.lo, last.hi + 1):
        at_k: list[tuple[int, z3.BoolRef]] = []
        for index, rule in day_limits:
            assert rule.at is not None
            term = rule.at(limits[index], c, k)
            if term is None:
                continue
            term = z3.simplify(term)
            if not z3.is_false(term):
                at_k.append((index, term))
        if not at_k:
            continue
        b = at_k[0][1] if len(at_k) == 1 else z3.Or([t for _, t in at_k])  # no name: a term
        breach[k] = b
        kinds = {limits[i].kind for i, _ in at_k}
        if len(kinds) > 1:  # which limit the verdict names: the first in the profile's order
            first_of: dict[str, list[z3.BoolRef]] = {}
            for n, (i, t) in enumerate(at_k):
                earlier = [z3.Not(u) for _, u in at_k[:n]]
                first_of.setdefault(rules[i].id, []).append(z3.And(t, *earlier))
            reported_at[k] = {rule_id: z3.Or(terms) for rule_id, terms in first_of.items()}
        else:
            reported_at[k] = {rules[at_k[0][0]].id: b}
        if any(z3.is_true(t) for _, t in at_k) and first.fixed:
            break  # every placement breaks a limit here: no later day can be the first
        certain = [(limits[i], rules[i].certain_at) for i, _ in at_k]
        if any(at is not None and at(limit, c, k) for limit, at in certain):
            break  # as above, for every placement that reaches k
    last_plus = last.term + 1
    # past: no day before it breaks a limit; it breaks one, or it is last + 1
    reading.append(z3.Implies(inside, z3.And(past >= first.term, past <= last_plus)))
    # inside and first <= k and past > k imply no breach at k, as one clause: "first <= k" left
    # out where the domain makes it true, "inside" where it is
    outside = [] if is_true(inside) else [z3.Not(inside)]
    reading += [
        z3.Or(*outside, *([first.term > k] if k < first.hi else []), past <= k, z3.Not(b))
        for k, b in breach.items()
    ]
    reading.append(
        z3.Implies(
            inside, z3.Or(past == last_plus, *[z3.And(past == k, b) for k, b in breach.items()])
        )
    )
    any_whole = z3.Or(list(whole.values())) if whole else FALSE
    beyond = first.term if profile.allowance.excess == "whole" else past
    reading.append(
        restricted == z3.If(any_whole, first.term, z3.If(past <= last.term, beyond, last_plus))
    )
    violated: dict[str, z3.BoolRef] = {}
    for index in whole:
        rule_id = rules[index].id
        violated[rule_id] = z3.Or(violated.get(rule_id, FALSE), whole[index])
    over = z3.And(inside, z3.Not(any_whole), past <= last.term)
    day_rules = sorted({r for at in reported_at.values() for r in at})
    for r in day_rules:
        if all(list(at) == [r] for at in reported_at.values()):
            violated[r] = over
        else:
            violated[r] = z3.And(
                over,
                z3.Or([z3.And(past == k, at[r]) for k, at in reported_at.items() if r in at]),
            )
    judged = PlanJudged(sid, is_planned, first, last, inside, past, restricted, whole, violated, {})
    restricted_day = judged.restricted_day
    allowed: dict[str, Term] = {}
    for unit in units:
        counted = c.counts.before(unit, restricted_day) - c.counts.before(unit, first)
        allowed[unit] = counted if is_true(inside) else z3.If(inside, counted, 0)
    return attrs.evolve(judged, allowed=allowed, span=c.span)


def _settled(sid: str, c: PlanContext, last: Day, units: Sequence[str]) -> PlanJudged | None:
    """The verdict of a fixed suspension whose earlier suspensions are all settled: the same
    builders as :func:`_judge` (every term a constant then), read here rather than stated; its
    days in order up to the first past a limit, as the fixed model walks them. None when a
    term is not a constant (then :func:`_judge` states it)."""
    first, end = c.first.term, last.term
    assert isinstance(first, int) and isinstance(end, int)
    limits = c.profile.allowance.limits
    rules: dict[int, PlanRule] = {}
    whole: dict[int, z3.BoolRef] = {}
    day_limits: list[int] = []
    for index, limit in enumerate(limits):
        found = plan_rule(limit.kind)
        if found is None:
            continue
        rules[index] = found
        if found.whole is None:
            day_limits.append(index)
            continue
        term = z3.simplify(z3.And(c.inside, found.whole(limit, c)))
        if not (z3.is_true(term) or z3.is_false(term)):
            return None
        if z3.is_true(term):
            whole[index] = TRUE
    past, named, reported = end + 1, None, []
    for k in range(first, end + 1):
        breaking = []
        for index in day_limits:
            at = rules[index].at
            assert at is not None
            term = at(limits[index], c, k)
            if term is None:
                continue
            term = z3.simplify(term)
            if not (z3.is_true(term) or z3.is_false(term)):
                return None
            if z3.is_true(term):
                breaking.append(index)
        if breaking:  # the first day past a limit: the first limit in the profile's order names it
            past, named = k, rules[breaking[0]].id
            reported = sorted({rules[i].id for i in breaking})
            break
    beyond = first if c.profile.allowance.excess == "whole" else past
    restricted = first if whole else (beyond if past <= end else end + 1)
    violated: dict[str, z3.BoolRef] = {rules[index].id: TRUE for index in whole}
    for rule_id in reported:
        violated[rule_id] = z3.BoolVal(not whole and rule_id == named)
    allowed: dict[str, Term] = {
        unit: c.counts.before_ordinal(unit, restricted) - c.counts.before_ordinal(unit, first)
        for unit in units
    }
    return PlanJudged(
        sid, False, c.first, last, c.inside, past, restricted, whole, violated, allowed, c.span
    )


def plan_of_scenario(scenario: object) -> PlanModel:
    """:func:`build_plan` of a :class:`~model.scenario.ProfileScenario`."""
    from model.profile_scenarios import profile_facts

    facts, calendars = profile_facts(scenario)  # type: ignore[arg-type]
    return build_plan(scenario.profile, scenario.suspensions, facts, calendars)  # type: ignore[attr-defined]


Placements = Mapping[str, tuple[Date, Date]]
