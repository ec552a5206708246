"""The payments of a term profile's scenario as an exact integer of cents over symbolic
restricted runs (CONTRACT.md "Term profiles", Events and Cap), for ``worst-case`` under a
profile.

The money is CONTRACT.md's and :func:`model.profile_days.profile_payments`' (Decimal): each
restricted run from its Event Date ``E`` (its first restricted day) through its last day ``L``
is cut into periods from ``E``; each period is priced at ``rate x base x days / full days``,
rounded to the cent half up; the cap cuts each Investor's total at ``fraction x`` purchase
price (rounded down). The solver never sees a Decimal. What it sees, per run and Investor, is
an integer of cents that is *equal* to the Decimal amount for every ``(E, L)`` the run can
take, so maximising it is maximising the payments themselves, to the cent:

- **the values are Decimal's own**: every amount the solver can meet is computed here, before
  solving, by the very periods and rounding of ``profile_payments`` (:func:`episode_cents`), and
  written as an If-tree over the integer it depends on (:func:`model.allowance_plan_days.
  piecewise`, a balanced tree of the runs on which it is linear). No rational formula stands in
  for Decimal's 28-digit ``days / full days`` (at a tie of half a cent the two differ: 1% of
  3.75 for 4 of 30 days is 0.00, not 0.01).
- **``{days = N}``**: the periods run from ``E`` and depend on the run's days
  ``D = L - E + 1`` only: one tree over ``D``.
- **``{months = N}``**: the periods run from ``E`` to each ``k x N``-month anniversary
  ``a(k)`` of ``E`` (a missing day becoming the month's last), so their lengths depend on the
  calendar day ``E``. Over the range ``E`` can take, ``a(k)`` is step-linear in ``E`` (slope 1
  within a month, a jump where a month is shorter), a tree over ``E``; period k is priced
  ``F`` (a whole period) when ``L >= a(k+1) - 1``, nothing when ``L < a(k)``, and otherwise by
  its ``r = L - a(k) + 1`` of ``M = a(k+1) - a(k)`` days: a tree over ``M`` (28 to 31 days a
  month) and ``r``. Nothing here is monotone in the days, and nothing needs to be.
- **held-shares-value**: the base is the purchase price less sales strictly before ``E``, a
  step function of ``E`` with a step after each sale's day; each step has its own trees,
  selected by ``E`` against the sale days.
- **the cap**: cutting rows in order never makes one negative, so each Investor's total is
  ``min(cap, its uncapped total)`` whatever the order; the order only says which rows are cut.
- **no day priced twice**: suspensions do not overlap one another or the other restrictions,
  and the episodes of late filing and late effectiveness (constants: no placement moves them)
  reach into the Registration Period, if at all, as the run ``[effective, C]`` ending on their
  last day ``C``; a restricted run is priced from ``max(E, C + 1)``, which is what is left of it.

The constants (late filing, late effectiveness, other restrictions) are priced by
:func:`model.profile_days.profile_payments` itself, uncapped, and enter per Investor as cents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs
import z3

from model.allowance_plan_days import Term, piecewise
from model.profile_days import (
    ONE_DAY,
    Calendars,
    ProfileFacts,
    _periods,
    add_months,
    deemed,
    profile_deadlines,
    profile_payments,
    registration_period,
)
from model.profiles import Damages, TermProfile
from model.scenario import Investor

Date = dt.date
CENT = Decimal("0.01")


@attrs.frozen
class SymbolicRun:
    """A suspension's restricted run as the solver sees it: ``restricted`` its first
    restricted day (ordinal; ``last + 1`` when it has none), ``last`` its last day inside the
    Registration Period, and ``event_dates`` the range (ordinals) its first restricted day can
    take when it has one."""

    subject: str
    restricted: z3.ArithRef
    last: z3.ArithRef
    event_dates: tuple[int, int]


def decimal_amount(rate: Decimal, base: Decimal, days: int, full_days: int) -> Decimal:
    """One period's amount exactly as :func:`model.profile_days.profile_payments` prices it."""
    share = Decimal(days) / Decimal(full_days)
    return (rate * base * share).quantize(CENT, rounding=ROUND_HALF_UP)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def episode_cents(damages: Damages, base: Decimal, first: Date, last: Date) -> int:
    """The cents of one run from ``first`` through ``last`` at ``base``, by the very periods and
    rounding :func:`model.profile_days.profile_payments` uses."""
    return sum(
        _cents((damages.rate * base * share).quantize(CENT, rounding=ROUND_HALF_UP))
        for _, _, share in _periods(first, last, damages.period)
    )


def _bases(investor: Investor, damages: Damages) -> list[tuple[int | None, Decimal]]:
    """(the last Event Date ordinal the base holds for, or None for every later one; base)."""
    if damages.base != "held-shares-value" or not investor.sales:
        return [(None, investor.purchase_price)]
    steps: list[tuple[int | None, Decimal]] = []
    base = investor.purchase_price
    for day in sorted({s.date for s in investor.sales}):
        steps.append((day.toordinal(), base))  # Event Dates up to the sale's day: not yet less it
        base -= sum((s.purchase_price for s in investor.sales if s.date == day), Decimal(0))
    steps.append((None, base))
    return steps


def _base_on(investor: Investor, damages: Damages, event: int) -> Decimal:
    for through, base in _bases(investor, damages):
        if through is None or event <= through:
            return base
    raise AssertionError("the last step holds for every later day")


def _tree(x: z3.ArithRef, cells: Sequence[tuple[int, Term]]) -> Term:
    """A balanced If-tree: the term of the last cell whose first value is at most ``x``."""
    if len(cells) == 1:
        return cells[0][1]
    middle = len(cells) // 2
    return z3.If(x >= cells[middle][0], _tree(x, cells[middle:]), _tree(x, cells[:middle]))


def run_cents(
    damages: Damages, investor: Investor, event: z3.ArithRef, last: z3.ArithRef,
    event_dates: tuple[int, int],
) -> Term:  # fmt: skip
    """The cents of one restricted run from ``event`` through ``last``, for ``event`` in
    ``event_dates`` and ``event <= last <= event_dates[1]``: exact step functions of the
    run's days (``{days = N}``) or of its last day per Event Date (``{months = N}``), each an
    If-tree over the values :func:`episode_cents` gives."""
    low, high = event_dates
    if damages.period.days is not None:
        days = last - event + 1

        def at_base(base: Decimal) -> Term:
            start = Date.fromordinal(low)
            return piecewise(
                days,
                1,
                high - low + 1,
                lambda d: episode_cents(damages, base, start, start + dt.timedelta(days=d - 1)),
            )

        cells: list[tuple[int, Term]] = [
            (cell_low, at_base(base))
            for cell_low, _, base in _base_cells(investor, damages, low, high)
        ]
        return _tree(event, cells)
    return _tree(
        event,
        [
            (cell_low, _monthly_cents(damages, base, event, last, (cell_low, cell_high), high))
            for cell_low, cell_high, base in _base_cells(investor, damages, low, high)
        ],
    )


def _base_cells(
    investor: Investor, damages: Damages, low: int, high: int
) -> list[tuple[int, int, Decimal]]:
    """The Event Dates of ``[low, high]`` cut where the base changes: (first, last, base)."""
    cells: list[tuple[int, int, Decimal]] = []
    previous = low - 1
    for through, base in _bases(investor, damages):
        cell_high = high if through is None else min(high, through)
        if max(low, previous + 1) <= cell_high:
            cells.append((max(low, previous + 1), cell_high, base))
        if through is None:
            break
        previous = max(previous, through)
    return cells


def _monthly_cents(
    damages: Damages,
    base: Decimal,
    event: z3.ArithRef,
    last: z3.ArithRef,
    events: tuple[int, int],
    high: int,
) -> Term:
    """``{months = N}`` periods of a run from ``event`` (in ``events``) through ``last`` (at
    most ``high``). The k-th anniversary ``a(k)`` of the Event Date is a step-linear function
    of it (slope 1 within a month, a jump where a missing day becomes the month's last), so
    :func:`piecewise` states it exactly; period k, ``[a(k), a(k+1) - 1]``, of ``M = a(k+1) -
    a(k)`` days (28 to 31), is priced ``F`` when the run covers it, nothing when it ends
    before it, and otherwise by its ``r = last - a(k) + 1`` days: an If-tree over ``M`` and
    ``r`` of the amounts :func:`decimal_amount` gives, so every value is Decimal's own."""
    assert damages.period.months is not None
    months = damages.period.months
    e_low, e_high = events
    whole = _cents(decimal_amount(damages.rate, base, 1, 1))
    lengths = range(28 * months, 31 * months + 1)  # every length a period of N months has

    def priced_over(n: int) -> Callable[[int], int]:
        return lambda d: _cents(decimal_amount(damages.rate, base, d, n))

    def partial(r: z3.ArithRef, m: z3.ArithRef) -> Term:
        return _tree(m, [(n, piecewise(r, 0, n, priced_over(n))) for n in lengths])

    def anniversary(k: int) -> Term:
        return piecewise(
            event,
            e_low,
            e_high,
            lambda e: add_months(Date.fromordinal(e), k * months).toordinal(),
        )

    parts: list[z3.ArithRef] = []
    k = 0
    while add_months(Date.fromordinal(e_low), k * months).toordinal() <= high:
        start, following = anniversary(k), anniversary(k + 1)
        parts.append(
            z3.If(
                last >= following - 1,
                whole,
                z3.If(last >= start, partial(last - start + 1, following - start), 0),
            )
        )
        k += 1
    return z3.Sum(parts) if parts else z3.IntVal(0)


@attrs.frozen
class PaymentObjective:
    """The total payments in cents (``total``) and each Investor's (``by_investor``), capped."""

    total: z3.ArithRef
    by_investor: dict[str, z3.ArithRef]
    constant_cents: dict[str, int]  # late filing, late effectiveness, other restrictions


def payment_objective(
    profile: TermProfile,
    facts: ProfileFacts,
    calendars: Calendars,
    runs: Sequence[SymbolicRun],
) -> PaymentObjective:
    """The scenario's total payments, in cents, over the symbolic restricted runs of its
    suspensions (``facts.suspensions`` are ignored: ``runs`` stand for all of them)."""
    bare = attrs.evolve(facts, suspensions=())
    uncapped = attrs.evolve(profile, damages_cap=None)
    deadlines = profile_deadlines(profile, facts, calendars)
    effective, period_end = registration_period(profile, facts, calendars)
    others = []
    for restriction in facts.restrictions:
        first, last = max(restriction.start, effective), min(restriction.end, period_end)
        if first <= last:
            others.append((restriction.id, first, last))
    constants = profile_payments(uncapped, bare, calendars, deadlines, others)
    constant_cents = {
        i.name: sum(_cents(p.amount) for p in constants if p.investor == i.name)
        for i in facts.investors
    }
    covered = _late_episodes_end(profile, facts, calendars, deadlines)
    restricted_days = [d for d in profile.damages if d.event == "restricted-days"]
    by_investor: dict[str, z3.ArithRef] = {}
    for investor in facts.investors:
        terms: list[z3.ArithRef] = [z3.IntVal(constant_cents[investor.name])]
        if restricted_days:
            damages = restricted_days[-1]  # profile_payments' order keeps the last per event
            for run in runs:
                event = run.restricted
                low, high = run.event_dates
                if covered is not None and covered >= low:
                    event = z3.If(event <= covered, covered + 1, event)
                    low = max(low, covered + 1)
                if low > high:
                    continue
                cents = run_cents(damages, investor, event, run.last, (low, high))
                terms.append(z3.If(event <= run.last, cents, 0))  # type: ignore[arg-type]
        total = z3.Sum(terms)
        if profile.damages_cap is not None:
            cap = (profile.damages_cap.fraction * investor.purchase_price).quantize(
                CENT, rounding=ROUND_DOWN
            )
            total = z3.If(total > _cents(cap), _cents(cap), total)
        by_investor[investor.name] = total
    grand = z3.Sum(list(by_investor.values())) if by_investor else z3.IntVal(0)
    return PaymentObjective(grand, by_investor, constant_cents)


def _late_episodes_end(
    profile: TermProfile,
    facts: ProfileFacts,
    calendars: Calendars,
    deadlines: tuple[Date | None, Date | None],
) -> int | None:
    """The last day (ordinal) of the late-filing and late-effectiveness episodes that are
    priced, or None: a restricted run loses the days up to it."""
    priced = {d.event for d in profile.damages}
    ends: list[Date] = []
    filing, effectiveness = deadlines
    if "late-filing" in priced and filing is not None and "registration_filed" in facts.dates:
        filed = deemed(facts.dates["registration_filed"], facts, calendars)
        if filed > filing:
            ends.append(filed)
    effective = facts.dates["effective"]
    if "late-effectiveness" in priced and effectiveness is not None and effective > effectiveness:
        ends.append(effective)
    return max(ends).toordinal() if ends else None


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


__all__ = [
    "ONE_DAY",
    "PaymentObjective",
    "SymbolicRun",
    "episode_cents",
    "cents_to_decimal",
    "decimal_amount",
    "payment_objective",
    "run_cents",
]
