"""Section 2(b): the Periodic Amounts, in exact decimal arithmetic, outside the solver.

The Z3 model decides which days are restricted and hands over :class:`~model.findings.Episode`
objects, already clipped to the Registration Period; this module turns them, and a late
filing, into Periodic Amounts per Investor (READING.md section 5).

2(b)(ii): "If the Registration Statement covering the Registrable Securities is not filed with
the SEC by the relevant Required Filing Date or if there is a Restricted Sale Date within
ninety (90) days after the Initial Required Effective Date, then the Company will make payments
to the Investor in such amounts and at such times as shall be determined pursuant to this
Section 2(b)."

Arithmetic is done on exact fractions and rounded once, half up: each Periodic Amount to the
cent, each number of Periodic Amount Shares to four places. A total is the sum of the rounded
amounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from model.calendars import BusinessCalendar
from model.findings import Episode, Note, Payment
from model.registration import RegistrationTimeline
from model.scenario import ClosingBid, Investor, RegistrationDates
from model.terms import AgreementTerms, focus_2003

Date = dt.date

# The 2003 agreement's Computation Period of 2(b), by the name tests import; the functions below
# take the terms as a parameter and read them from there (model/terms.py).
COMPUTATION_PERIOD = focus_2003().computation_period.n

LATE_FILING = "late-filing"
RESTRICTED_SALE_DATE = "restricted-sale-date"
REGISTRATION = "registration"  # the subject of late-filing rows

CENT = 2  # places
SHARE_PLACES = 4


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half up (away from zero) to ``places`` decimal places, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def total(payments: Iterable[Payment]) -> Decimal:
    """The sum of the rounded Periodic Amounts, to the cent (READING.md section 5: "a total is
    the sum of the rounded amounts")."""
    return sum((p.amount for p in payments), Decimal("0.00")).quantize(Decimal("0.01"))


def held_shares_value(investor: Investor, restricted_sale_date: Date) -> Decimal:
    """1(b): ""Held Shares Value" means the Purchase Price for shares of Common Stock acquired
    by the Investor and not yet sold."

    2(b)(iii): the percentage applies to "the Purchase Price of the Common Stock not previously
    sold by the Investor". A sale counts when it is dated strictly before the Restricted Sale
    Date: on that day the Investor is already restricted, so a sale dated that day was not
    "previously" made (docs/reading-notes.md).
    """
    sold = sum(
        (s.purchase_price for s in investor.sales if s.date < restricted_sale_date), Decimal(0)
    )
    return investor.purchase_price - sold


def computation_dates(
    restricted_sale_date: Date, cure_date: Date, terms: AgreementTerms = focus_2003()
) -> list[Date]:
    """The Computation Dates ``c_1 .. c_n`` of an episode from ``r`` to its cure ``c``.

    2(b)(vii): ""Computation Date" means (A) the date which is the earlier of thirty (30) days
    after the Required Filing Date or a Restricted Sale Date, or when the shares of Common Stock
    are listed on the Principal Trading Market ..., and (B) each date which is the earlier of
    (1) thirty (30) days after the previous Computation Date or (2) the date after the previous
    Computation Date on which the Registration Statement is declared effective or has its
    restrictions removed ..."

    So ``c_0 = r`` and ``c_i = min(c_(i-1) + 30 days, c)`` until ``c`` is reached; calendar
    days throughout, so a Computation Date may fall on a weekend or a holiday. Empty when
    ``c <= r`` (nothing was restricted).
    """
    step = dt.timedelta(days=terms.computation_period.n)
    dates: list[Date] = []
    previous = restricted_sale_date
    while previous < cure_date:
        previous = min(previous + step, cure_date)
        dates.append(previous)
    return dates


def _schedule(
    investor: Investor,
    trigger: str,
    subject: str,
    start: Date,
    cure: Date,
    percentage: Fraction,
    base: Decimal,
    calendar: BusinessCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Payment]:
    """The Periodic Amounts of one run from ``start`` (the Required Filing Date or a Restricted
    Sale Date) to ``cure`` (the filing date, or the day restrictions are removed).

    2(b)(iii): the Periodic Amount is the Periodic Amount Percentage of ``base`` "for the period
    from the date following the Required Filing Date or a Restricted Sale Date, as the case may
    be, to the first relevant Computation Date, and thereafter to each subsequent Computation
    Date", prorated by the days of each period over thirty.

    2(b)(iv): payable "(1) thirty (30) days after the Required Filing Date or a Restricted Sale
    Date, as the case may be, and (2) on the earlier of (A) each thirtieth day thereafter,
    (B) the third business day after the date the Registration Statement is filed or is
    declared effective, or (C) the third business day after the Registration Statement has its
    restrictions removed": each amount on ``start + 30 x i`` days, the last on the earlier of
    that and ``bd_after(cure, 3)``.
    """
    dates = computation_dates(start, cure, terms)
    period = terms.computation_period.n
    last_due = calendar.bd_after(cure, terms.payment_due.n) if dates else None
    rows: list[Payment] = []
    previous = start
    for i, computation_date in enumerate(dates, start=1):
        days = (computation_date - previous).days
        exact = percentage * Fraction(base) * days / period
        due = start + dt.timedelta(days=period * i)
        if i == len(dates) and last_due is not None:
            due = min(due, last_due)
        rows.append(
            Payment(
                investor=investor.name,
                trigger=trigger,
                subject=subject,
                restricted_sale_date=start,
                computation_date=computation_date,
                days=days,
                amount=_round_half_up(exact, CENT),
                due=due,
                held_shares_value=base,
            )
        )
        previous = computation_date
    return rows


def late_filing_amounts(
    investor: Investor,
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Payment]:
    """Periodic Amounts for a Registration Statement filed after the Required Filing Date.

    2(b)(iii): "The "Periodic Amount Percentage" means (A) with respect to the Required Filing
    Date, one percent (1%) of the Purchase Price of the Common Stock each Computation Date ...
    By way of illustration and not in limitation of the foregoing, if the Registration
    Statement is not filed forty-five (45) days after the Required Filing Date, the Periodic
    Amount (assuming no Periodic Amounts were previously paid) will aggregate one and one-half
    (1-1/2%) percent of the Purchase Price."

    The run is from ``r`` = the Required Filing Date to ``c`` = the day the Registration
    Statement is deemed filed (or, under late-filing-cure = effectiveness, the Effective Date:
    ``timeline.late_filing_cure_date``), at 1% of the Investor's whole Purchase Price: sales do
    not reduce it, since the Held Shares Value replaces the Purchase Price only "after the
    relevant Filing Date". The last amount is due by "the third business day after the date
    the Registration Statement is filed or is declared effective" (2(b)(iv)). Empty when the
    statement was filed on or before the Required Filing Date.
    """
    cure = timeline.late_filing_cure_date
    if cure is None:
        return []
    return _schedule(
        investor,
        LATE_FILING,
        REGISTRATION,
        timeline.required_filing_date,
        cure,
        terms.late_filing_rate.share,
        investor.purchase_price,
        calendar,
        terms,
    )


def restricted_sale_amounts(
    episode: Episode,
    investor: Investor,
    calendar: BusinessCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Payment]:
    """Periodic Amounts for one restricted episode, for one Investor.

    2(b)(iii): "(b) with respect to a Restricted Sale Date, one and one-half (1 1/2%) percent
    of the Purchase Price of the Common Stock not previously sold by the Investor after the
    Restricted Sale Date to each Computation Date thereafter. Anything in the preceding
    provisions of this paragraph (iii) to the contrary notwithstanding, after the relevant
    Filing Date the Purchase Price shall be deemed to refer to the sum of the Held Shares
    Value."

    Empty when the episode does not give rise to payments (interpretation ``penalty-window``,
    decided by the model).
    """
    if not episode.gives_payments:
        return []
    return _schedule(
        investor,
        RESTRICTED_SALE_DATE,
        episode.subject,
        episode.restricted_sale_date,
        episode.cure_date,
        terms.restricted_sale_rate.share,
        held_shares_value(investor, episode.restricted_sale_date),
        calendar,
        terms,
    )


def price_days(
    computation_date: Date,
    trading_calendar: BusinessCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Date]:
    """2(b)(iv): "the last five (5) trading days prior to the Computation Date", oldest first:
    trading days strictly before it."""
    last = terms.price_days.n
    return [trading_calendar.bd_before(computation_date, n) for n in range(last, 0, -1)]


def periodic_amount_shares(
    amount: Decimal,
    computation_date: Date,
    trading_calendar: BusinessCalendar,
    closing_bids: dict[Date, Decimal],
    terms: AgreementTerms = focus_2003(),
) -> tuple[Decimal | None, list[Date]]:
    """The Periodic Amount Shares for one Periodic Amount, and the trading days with no price.

    2(b)(iv): "all or a portion of the Periodic Amount can be paid by the issuance of
    additional shares of Common Stock to the Investor ("Periodic Amount Shares") in an amount
    equal to the Periodic Amount being paid thereby divided by 90% of the average Closing Bid
    Price for the last five (5) trading days prior to the Computation Date."

    Rounded half up to four places. When a closing bid of those five days is missing the shares
    are ``None`` and the missing days are returned: a price is never guessed.
    """
    days = price_days(computation_date, trading_calendar, terms)
    missing = [d for d in days if d not in closing_bids]
    if missing:
        return None, missing
    average = sum((Fraction(closing_bids[d]) for d in days), Fraction(0)) / len(days)
    price = terms.share_price_discount.share * average
    return _round_half_up(Fraction(amount) / price, SHARE_PLACES), []


def _shares_words(terms: AgreementTerms) -> str:
    """``2(b)(iv): 90% of the average Closing Bid Price for the last five (5) trading days prior
    to the Computation Date``, from the terms."""
    discount, days = terms.share_price_discount, terms.price_days
    return (
        f"{discount.section}: {discount.in_words()} of the average Closing Bid Price for "
        f"{days.words}"
    )


def periodic_amounts(
    episodes: Sequence[Episode],
    investors: Sequence[Investor],
    dates: RegistrationDates,
    timeline: RegistrationTimeline,
    calendar: BusinessCalendar,
    trading_calendar: BusinessCalendar,
    prices: Sequence[ClosingBid],
    terms: AgreementTerms = focus_2003(),
) -> tuple[tuple[Payment, ...], tuple[Note, ...]]:
    """Every Periodic Amount of a scenario, and the notes the report must add.

    Each Investor's agreement is separate, so the amounts are per Investor, in file order:
    late filing first, then the episodes by Restricted Sale Date, each by Computation Date.
    Where closing bids are given, each row carries its Periodic Amount Shares (2(b)(iv)); a
    Computation Date with a missing closing bid among its five trading days gets a note
    instead (one per subject and Computation Date, however many Investors).
    """
    closing_bids = {p.date: p.closing_bid for p in prices}
    ordered = sorted(episodes, key=lambda e: (e.restricted_sale_date, e.subject))
    rows: list[Payment] = []
    for investor in investors:
        rows.extend(late_filing_amounts(investor, dates, timeline, calendar, terms))
        for episode in ordered:
            rows.extend(restricted_sale_amounts(episode, investor, calendar, terms))
    if not closing_bids:
        return tuple(rows), ()

    priced: list[Payment] = []
    notes: dict[tuple[str, Date], Note] = {}
    for row in rows:
        shares, missing = periodic_amount_shares(
            row.amount, row.computation_date, trading_calendar, closing_bids, terms
        )
        priced.append(attrs.evolve(row, periodic_amount_shares=shares))
        if missing and (row.subject, row.computation_date) not in notes:
            notes[(row.subject, row.computation_date)] = Note(
                row.subject,
                f"no closing bid price for {', '.join(d.isoformat() for d in missing)}: the "
                f"Periodic Amount Shares for the Computation Date "
                f"{row.computation_date.isoformat()} ({_shares_words(terms)}) were not computed",
            )
    return tuple(priced), tuple(notes.values())
