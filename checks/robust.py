"""``rrcheck validate --robust``: the verdict and the payments under every combination of the
readings of READING.md section 7 (512), from one model whose readings are Boolean inputs.

A verdict is *robust* when all 512 combinations agree on compliance. A *flip* is a term whose
change alone, from the scenario's own reading, changes the verdict or the total payments.

Solving the model 512 times would be slow (about 5 s for three suspensions), so the check is
smarter, and stays exact:

- A term that *cannot matter* to this file (:func:`terms_that_can_matter`: e.g. leap-day when the
  Effective Date is not 29 February, notice-day when every act is dated on a business day) is
  held at the scenario's own reading: every combination differing only there has the same
  outcome, by the argument given with each test.
- ``penalty-window`` enters the model only in whether an episode gives rise to payments (not in
  any rule or definition), and ``late-filing-cure`` not at all (money stays out of the solver):
  one solution serves all four of their combinations, the episodes' ``gives_payments`` read
  under each penalty-window reading by substitution, the money computed for each.

tests/test_robust.py compares every one of the 512 outcomes with ``validate`` under that
reading alone, on files where every term can matter.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs

from checks.validate import PlannedSuspensionError
from model.acts import NEXT_BUSINESS_DAY, deemed_acts
from model.context import ScenarioContext, scenario_context
from model.findings import Episode, Verdict
from model.interpretations import TERMS, TERMS_BY_NAME, Interpretation, every_interpretation
from model.notices import (
    COUNSEL_REVIEW_BUSINESS_DAYS,
    COUNSEL_REVIEW_KINDS,
    FILING_NOTICE_BUSINESS_DAYS,
    FILING_NOTICE_KINDS,
    SEC_RESPONSE_BUSINESS_DAYS,
)
from model.payments import periodic_amounts, total
from model.registration import (
    RegistrationTimeline,
    registration_period,
    registration_timeline,
)
from model.scenario import Scenario
from model.solver import SolverSettings
from model.suspensions import NOTICE, PERMITTED_LENGTH, SPACING
from model.verdicts import EveryReading, ReadingSolution

# Terms that move money only, solved once for all their readings (see the module docstring).
PAYMENT_TERMS = ("penalty-window", "late-filing-cure")


@attrs.frozen
class ReadingVerdict:
    interpretation: Interpretation
    compliant: bool
    total_payments: Decimal
    violations: frozenset[str]


@attrs.frozen
class Flip:
    """A term whose other reading alone changes the outcome."""

    term: str
    words: str
    section: str
    own: ReadingVerdict  # under the scenario's own reading
    other: ReadingVerdict  # with this term switched


@attrs.frozen
class RobustResult:
    verdict: Verdict  # under the scenario's own reading
    verdicts: tuple[ReadingVerdict, ...]
    flips: tuple[Flip, ...]
    solved: int = 0  # how many readings were solved (the rest follow exactly, see above)

    @property
    def robust(self) -> bool:
        return len({v.compliant for v in self.verdicts}) == 1

    def subject_counts(self) -> dict[str, int]:
        """Per subject of the verdict, in how many combinations it is compliant: in how many
        no broken rule's key (``rule:subject``) ends in ``:`` and the subject's id."""
        # The combinations share a few sets of broken rules: each set is read once, into the
        # ids some key ends with (every part after a colon), so a subject is one look-up.
        # Testing every subject against every key of every combination was quadratic: 210 s
        # of a 1,000-suspension file's 225 s under the profiler.
        named: dict[frozenset[str], set[str]] = {}
        combinations: dict[frozenset[str], int] = {}
        for v in self.verdicts:
            combinations[v.violations] = combinations.get(v.violations, 0) + 1
        for violations in combinations:
            named[violations] = {
                key[i + 1 :] for key in violations for i, c in enumerate(key) if c == ":"
            }
        return {
            s.id: sum(n for v, n in combinations.items() if s.id not in named[v])
            for s in self.verdict.subjects
        }


def terms_that_can_matter(scenario: Scenario, context: ScenarioContext) -> frozenset[str]:
    """The terms whose reading can change this file's outcome. Each test below is exact: a term
    left out enters the model and the money only where the test shows nothing changes."""
    calendar = context.calendar
    dates = scenario.dates
    suspensions = sorted(scenario.fixed_suspensions, key=lambda s: s.start)
    # penalty-window and late-filing-cure move money only: nothing without an Investor.
    matter = set(PAYMENT_TERMS) if scenario.investors else set()
    # notice-day: with every act on a business day, deemed and given days are the same.
    if deemed_acts(scenario, calendar, NEXT_BUSINESS_DAY):
        matter.add("notice-day")
    readings = [NEXT_BUSINESS_DAY, "as-given"] if "notice-day" in matter else ["as-given"]

    def through(day: dt.date, notice_day: str) -> int:
        deemed = day
        if notice_day == NEXT_BUSINESS_DAY:
            deemed = calendar.next_business_day_on_or_after(day)
        return calendar.count_through(deemed)

    # leap-day changes only the Registration Period's end.
    ends = {registration_period(dates, Interpretation(leap_day=r)).end for r in ("feb-28", "mar-1")}
    if len(ends) > 1:
        matter.add("leap-day")
    # spacing: start < bd_after(previous end, 10 or 11) differ only at a gap of exactly 10.
    if any(
        calendar.count_through(s.start) - calendar.count_through(p.end) == SPACING
        for p, s in itertools.pairwise(suspensions)
    ):
        matter.add("spacing")
    # count: max-count needs two earlier suspensions that count.
    if len(suspensions) > 2:
        matter.add("count")
    # overlength: only an over-long suspension is read by it.
    if any(calendar.bd_count(s.start, s.end) > PERMITTED_LENGTH for s in suspensions):
        matter.add("overlength")
    # lead-time: "at least N" and "N clear" differ only at a gap of exactly N business days.
    # (notice, what it announces, N, whether that is an act: a suspension's start never moves)
    gaps: list[tuple[dt.date, dt.date, int, bool]] = [
        (s.advance_notice, s.start, NOTICE, False)
        for s in suspensions
        if s.advance_notice is not None and s.notice_lawful
    ]
    for f in scenario.filings:
        if f.kind in COUNSEL_REVIEW_KINDS and f.counsel_copy is not None:
            gaps.append((f.counsel_copy, f.filed, COUNSEL_REVIEW_BUSINESS_DAYS, True))
        if f.kind in FILING_NOTICE_KINDS and f.investor_notice is not None:
            gaps.append((f.investor_notice, f.filed, FILING_NOTICE_BUSINESS_DAYS, True))
        if f.kind == "sec-response" and f.counsel_copy is not None:
            gaps.append((f.counsel_copy, f.filed, SEC_RESPONSE_BUSINESS_DAYS, True))
    if any(
        through(then, notice_day if is_act else "as-given") - through(given, notice_day) == n
        for notice_day in readings
        for given, then, n, is_act in gaps
    ):
        matter.add("lead-time")
    # notice (condition or covenant) reads only a suspension that breaks the notice rule: one
    # whose lawful notice is missing or less than 3 business days (the most either lead-time
    # reading asks) before its start.
    if any(
        s.notice_lawful
        and (
            s.advance_notice is None
            or any(
                calendar.count_through(s.start) - through(s.advance_notice, r) < NOTICE + 1
                for r in readings
            )
        )
        for s in suspensions
    ):
        matter.add("notice")
    return frozenset(matter)


def robust(scenario: Scenario, settings: SolverSettings | None = None) -> RobustResult:
    if scenario.planned_suspensions:
        raise PlannedSuspensionError(
            f"planned suspension {scenario.planned_suspensions[0].id!r}: validate checks fixed "
            "schedules; use find or worst-case"
        )
    settings = settings or SolverSettings()
    context = scenario_context(scenario)
    model = EveryReading(context, settings)  # the readings left as inputs of one model
    own_reading = scenario.interpretation
    own_verdict = model.verdict(_context(scenario, context, own_reading))
    matter = terms_that_can_matter(scenario, context)
    solved: dict[Interpretation, ReadingSolution] = {}
    totals: dict[tuple[tuple[Episode, ...], RegistrationTimeline], Decimal] = {}
    timelines: dict[tuple[str, str, str], RegistrationTimeline] = {}
    own_readings = own_reading.as_dict()
    defaults = {name: TERMS_BY_NAME[name].default for name in PAYMENT_TERMS}

    def summary(interpretation: Interpretation) -> ReadingVerdict:
        readings = interpretation.as_dict()
        # The terms that cannot matter held at the file's own reading (same outcome, as
        # shown by terms_that_can_matter); the payment terms solved at the default (one
        # solution serves all their readings) and read afterwards.
        chosen = {n: readings[n] if n in matter else own_readings[n] for n in readings}
        key = Interpretation(**{n.replace("-", "_"): defaults.get(n, r) for n, r in chosen.items()})
        if key not in solved:
            solved[key] = model.solve(key)
        solution = solved[key]
        episodes = solution.episodes[chosen["penalty-window"]]
        dated = (chosen["notice-day"], chosen["leap-day"], chosen["late-filing-cure"])
        if dated not in timelines:
            timelines[dated] = registration_timeline(
                scenario.dates,
                context.calendar,
                Interpretation(notice_day=dated[0], leap_day=dated[1], late_filing_cure=dated[2]),
            )
        money_key = (episodes, timelines[dated])
        if money_key not in totals:
            totals[money_key] = _total(scenario, context, *money_key)
        return ReadingVerdict(
            interpretation, not solution.broken, totals[money_key], solution.broken
        )

    cache: dict[Interpretation, ReadingVerdict] = {}

    def outcome(interpretation: Interpretation) -> ReadingVerdict:
        if interpretation not in cache:
            cache[interpretation] = summary(interpretation)
        return cache[interpretation]

    verdicts = tuple(outcome(i) for i in every_interpretation())
    own = outcome(own_reading)
    flips = []
    for term in TERMS:
        current = own_reading.as_dict()[term.name]
        for reading in term.readings:
            if reading == current:
                continue
            other = outcome(own_reading.with_reading(term.name, reading))
            if (other.compliant, other.total_payments) != (own.compliant, own.total_payments):
                flips.append(Flip(term.name, term.words, term.section, own, other))
    return RobustResult(own_verdict, verdicts, tuple(flips), solved=len(solved))


def _context(
    scenario: Scenario, context: ScenarioContext, interpretation: Interpretation
) -> ScenarioContext:
    """The scenario's context under ``interpretation``: only the timeline depends on it."""
    timeline = registration_timeline(scenario.dates, context.calendar, interpretation)
    return attrs.evolve(
        context,
        scenario=attrs.evolve(scenario, interpretation=interpretation),
        timeline=timeline,
    )


def _total(
    scenario: Scenario,
    context: ScenarioContext,
    episodes: tuple[Episode, ...],
    timeline: RegistrationTimeline,
) -> Decimal:
    if not scenario.investors:
        return Decimal("0.00")
    payments, _ = periodic_amounts(
        episodes,
        scenario.investors,
        scenario.dates,
        timeline,
        context.calendar,
        context.trading_calendar,
        (),  # Periodic Amount Shares do not change the total
    )
    return total(payments)
