"""Section 2(b) in plain Python: restricted episodes and the Periodic Amounts, in fractions rounded
once to the cent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from model.findings import Episode, Note, Payment, SuspensionStatus
from model.reference.days import WalkingCalendar
from model.registration import RegistrationTimeline
from model.scenario import (
    ClosingBid,
    Investor,
    Restriction,
    Scenario,
)
from model.terms import AgreementTerms, focus_2003

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


# -- restricted episodes (2(b), 1(i)) -----------------------------------------------------------


def restricted_episodes(
    statuses: Iterable[SuspensionStatus],
    restrictions: Iterable[Restriction],
    timeline: RegistrationTimeline,
    penalty_window: str,
    terms: AgreementTerms = focus_2003(),
) -> list[Episode]:
    """1(i): "Restricted Sale Date" means "the first date, other than a date during a Permitted
    Suspension Period (as defined below), on which the Investor is restricted from making sales
    of Registrable Securities covered by any previously effective Registration Statement".

    Each run of restricted days, clipped to the Registration Period, in order of its Restricted
    Sale Date. Which give rise to payments: 2(b)(ii) "if there is a Restricted Sale Date within
    ninety (90) days after the Initial Required Effective Date", and 3(h) "the applicable
    provisions of Section 2(b) shall apply with respect to any such suspension other than during
    a Permitted Suspension Period" (interpretation ``penalty-window``).
    """
    period = timeline.registration_period
    window_end = timeline.initial_required_effective_date + terms.penalty_window.n * ONE_DAY
    runs: list[tuple[str, str, Date, Date]] = [
        ("suspension", s.id, s.restricted_from, s.end)
        for s in statuses
        if s.restricted_from is not None
    ]
    runs += [("restriction", r.id, r.start, r.end) for r in restrictions]
    episodes: list[Episode] = []
    for kind, subject, first, last in runs:
        restricted_sale_date = max(first, period.start)
        last_restricted = min(last, period.end)
        if last_restricted < restricted_sale_date:
            continue  # no day left in the Registration Period
        within_window = restricted_sale_date <= window_end
        if penalty_window == "cross-reference" and kind == "suspension":
            gives_payments = True
        else:
            gives_payments = within_window
        episodes.append(
            Episode(
                subject=subject,
                kind=kind,
                restricted_sale_date=restricted_sale_date,
                cure_date=last_restricted + ONE_DAY,
                gives_payments=gives_payments,
            )
        )
    episodes.sort(key=lambda e: (e.restricted_sale_date, e.subject))
    return episodes


# -- Periodic Amounts (2(b)(iii), (iv), (vii)) --------------------------------------------------


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimal places, half up (values here are never negative)."""
    scale = 10**places
    scaled = value * scale
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def held_shares_value(investor: Investor, restricted_sale_date: Date) -> Decimal:
    """1(b): "Held Shares Value" means "the Purchase Price for shares of Common Stock acquired by
    the Investor and not yet sold": sales strictly before the Restricted Sale Date reduce it."""
    sold = sum(
        (sale.purchase_price for sale in investor.sales if sale.date < restricted_sale_date),
        Decimal(0),
    )
    return investor.purchase_price - sold


def computation_dates(first: Date, cure: Date, terms: AgreementTerms = focus_2003()) -> list[Date]:
    """2(b)(vii): "Computation Date" means "the date which is the earlier of thirty (30) days
    after the Required Filing Date or a Restricted Sale Date ... and ... each date which is the
    earlier of (1) thirty (30) days after the previous Computation Date or (2) the date after the
    previous Computation Date on which the Registration Statement is declared effective or has
    its restrictions removed"."""
    dates: list[Date] = []
    previous = first
    while previous < cure:
        previous = min(previous + terms.computation_period.n * ONE_DAY, cure)
        dates.append(previous)
    return dates


def periodic_amounts(
    investor: str,
    trigger: str,
    subject: str,
    first: Date,
    cure: Date,
    percentage: Fraction,
    base: Decimal,
    days: WalkingCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Payment]:
    """2(b)(iii): "such amount shall be equal to the Periodic Amount Percentage ... of the
    Purchase Price for the Common Stock for the period from the date following the Required
    Filing Date or a Restricted Sale Date, as the case may be, to the first relevant
    Computation Date, and thereafter to each subsequent Computation Date"; 2(b)(iv): payable
    "(1) thirty (30) days after the Required Filing Date or a Restricted Sale Date ... and (2) on
    the earlier of (A) each thirtieth day thereafter, (B) the third business day after the date
    the Registration Statement is filed or is declared effective, or (C) the third business day
    after the Registration Statement has its restrictions removed".

    Amount ``i`` = percentage x base x (c_i - c_(i-1)) / 30, rounded to the cent half up; due on
    ``first + 30 i days``, the last on the earlier of that and ``bd_after(cure, 3)``.
    """
    payments: list[Payment] = []
    previous = first
    period = terms.computation_period.n
    for i, computation_date in enumerate(computation_dates(first, cure, terms), start=1):
        period_days = (computation_date - previous).days
        amount = round_half_up(percentage * Fraction(base) * period_days / period, 2)
        due = first + period * i * ONE_DAY
        if computation_date == cure:
            due = min(due, days.bd_after(cure, terms.payment_due.n))
        payments.append(
            Payment(
                investor=investor,
                trigger=trigger,
                subject=subject,
                restricted_sale_date=first,
                computation_date=computation_date,
                days=period_days,
                amount=amount,
                due=due,
                held_shares_value=base,
            )
        )
        previous = computation_date
    return payments


def with_periodic_amount_shares(
    payments: list[Payment],
    prices: tuple[ClosingBid, ...],
    trading_days: WalkingCalendar,
    terms: AgreementTerms = focus_2003(),
) -> tuple[list[Payment], list[Note]]:
    """2(b)(iv): "Periodic Amount Shares" "in an amount equal to the Periodic Amount being paid
    thereby divided by 90% of the average Closing Bid Price for the last five (5) trading days
    prior to the Computation Date".

    Rounded to four decimal places, half up. A trading day without a price leaves the shares
    out (no guess) with one note per Computation Date; with no prices at all, no note.
    """
    if not prices:
        return payments, []
    bids = {price.date: price.closing_bid for price in prices}
    notes: list[Note] = []
    noted: set[tuple[str, Date]] = set()
    priced: list[Payment] = []
    last = terms.price_days
    for payment in payments:
        window = [trading_days.bd_before(payment.computation_date, n) for n in range(last.n, 0, -1)]
        missing = [d for d in window if d not in bids]
        if missing:
            if (payment.subject, payment.computation_date) not in noted:
                noted.add((payment.subject, payment.computation_date))
                notes.append(
                    Note(
                        payment.subject,
                        "Periodic Amount Shares not computed for the Computation Date "
                        f"{payment.computation_date}: no closing bid for "
                        + ", ".join(d.isoformat() for d in missing)
                        + f" (of the {last.spelled()} trading days "
                        + ", ".join(d.isoformat() for d in window)
                        + ")",
                    )
                )
            priced.append(payment)
            continue
        average = sum((Fraction(bids[d]) for d in window), Fraction(0)) / last.n
        price = terms.share_price_discount.share * average
        shares = round_half_up(Fraction(payment.amount) / price, 4)
        priced.append(
            Payment(
                investor=payment.investor,
                trigger=payment.trigger,
                subject=payment.subject,
                restricted_sale_date=payment.restricted_sale_date,
                computation_date=payment.computation_date,
                days=payment.days,
                amount=payment.amount,
                due=payment.due,
                held_shares_value=payment.held_shares_value,
                periodic_amount_shares=shares,
            )
        )
    return priced, notes


def payments_of(
    scenario: Scenario,
    timeline: RegistrationTimeline,
    episodes: list[Episode],
    days: WalkingCalendar,
    terms: AgreementTerms = focus_2003(),
) -> list[Payment]:
    """2(b)(ii): "If the Registration Statement covering the Registrable Securities is not filed
    with the SEC by the relevant Required Filing Date or if there is a Restricted Sale Date
    within ninety (90) days after the Initial Required Effective Date, then the Company will
    make payments to the Investor".

    Per Investor (each agreement is "a separate and independent agreement"), in file order:
    late filing first (1% of the Purchase Price, from the Required Filing Date to the filing
    date as deemed made, or to the Effective Date under ``late-filing-cure = effectiveness``),
    then each paying episode by Restricted Sale Date (1.5% of the Held Shares Value).
    """
    cure = timeline.late_filing_cure_date  # None when filed in time
    rfd = timeline.required_filing_date
    payments: list[Payment] = []
    for investor in scenario.investors:
        if cure is not None:
            payments += periodic_amounts(
                investor.name,
                "late-filing",
                "registration",
                rfd,
                cure,
                terms.late_filing_rate.share,
                investor.purchase_price,
                days,
                terms,
            )
        for episode in sorted(episodes, key=lambda e: (e.restricted_sale_date, e.subject)):
            if not episode.gives_payments:
                continue
            payments += periodic_amounts(
                investor.name,
                "restricted-sale-date",
                episode.subject,
                episode.restricted_sale_date,
                episode.cure_date,
                terms.restricted_sale_rate.share,
                held_shares_value(investor, episode.restricted_sale_date),
                days,
                terms,
            )
    return payments
