"""The terms of an agreement as data: each number once, with its section and the agreement's words.

The 2003 agreement's suspension allowance, deadlines, Registration Period and damages are read
from its term profile (model/agreements/focus-enhancements-2003.toml), loaded as any term profile
is; the mechanics that the profile format names only as ``mechanics = "focus-enhancements-2003"``
(Computation Dates, due dates, the 90-day window, Periodic Amount Shares, the lead times of 3(c),
3(d) and 3(k)) are the table below. Every rule, reference reading and sentence that states one of
these numbers reads it from :data:`FOCUS_2003`; no module keeps a copy.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache

import attrs


@attrs.frozen
class Term:
    """One number of an agreement: its value, unit, section and the agreement's words."""

    value: int | Fraction
    unit: str  # "business days", "trading days", "days", "years", "share", "suspensions"
    section: str
    words: str

    def __int__(self) -> int:
        if not isinstance(self.value, int):
            raise TypeError(f"{self.words!r} is a share, not a count")
        return self.value

    @property
    def n(self) -> int:
        return int(self)

    @property
    def share(self) -> Fraction:
        return Fraction(self.value)

    def in_words(self) -> str:
        """``15 business days``, ``1.5%``: the number as the reports state it."""
        if isinstance(self.value, Fraction):
            return percent(self.value)
        return f"{self.value} {self.unit if self.value != 1 else self.unit.rstrip('s')}"

    def spelled(self) -> str:
        """``two``, ``thirty``: the count in words, as some sentences state it."""
        return spelled(self.n)


# fmt: off
_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def spelled(n: int) -> str:
    """A count below a hundred in words, as the agreement writes it: ``2`` as ``two``, ``45`` as
    ``forty-five``; digits from a hundred on."""
    if not 0 <= n < 100:
        return str(n)
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


# fmt: off
_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)
# fmt: on


def spelled_ordinal(n: int) -> str:
    """``5`` as ``fifth``: the n-th day in words, to the twentieth; ``21st`` and on in digits."""
    return _ORDINALS[n] if 0 <= n < len(_ORDINALS) else ordinal(n)


def ordinal(n: int) -> str:
    """``10th``, ``11th``, ``21st``: the n-th day, as the readings state it."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def percent(share: Fraction) -> str:
    """``Fraction(3, 200)`` as ``1.5%``."""
    value = Decimal(share.numerator) / Decimal(share.denominator) * 100
    return f"{value.normalize():f}%"


@attrs.frozen
class AgreementTerms:
    """The numbers of the 2003 agreement's timing and damages terms, each a :class:`Term`."""

    # 3(h): the suspension allowance (from the term profile's limits)
    suspension_limit: Term
    suspension_length: Term
    suspension_gap: Term
    suspension_notice: Term
    # 1(h), 2(a)(i), 3(a): deadlines and the Registration Period (from the profile)
    filing_deadline: Term
    effectiveness_deadline: Term
    registration_years: Term
    warrant_extension_years: Term
    # 2(b): damages (rates from the profile) and their mechanics
    late_filing_rate: Term
    restricted_sale_rate: Term
    computation_period: Term
    penalty_window: Term
    payment_due: Term
    price_days: Term
    share_price_discount: Term
    # 3(c), 3(d), 3(k): lead times and deadlines of notices and filings
    counsel_review: Term
    filing_notice: Term
    confirmation: Term
    sec_response: Term
    transfer_agent: Term


@cache
def focus_2003() -> AgreementTerms:
    """The 2003 agreement's terms: the profile's numbers, and the mechanics' table."""
    from model.loading import load_bundled_profile  # the one converter reads the profile

    profile = load_bundled_profile("focus-enhancements-2003")
    limits = {limit.kind: limit for limit in profile.allowance.limits}
    damages = {d.event: d for d in profile.damages}

    def limit(kind: str, unit: str) -> Term:
        found = limits[kind]
        return Term(found.n, unit, found.section, found.words)

    def rate(event: str) -> Term:
        found = damages[event]
        return Term(Fraction(found.rate), "share", found.section, found.words)

    filing, effectiveness = profile.deadlines.filing, profile.deadlines.effectiveness
    assert filing is not None and effectiveness is not None  # the 2003 profile names both
    period = profile.registration_period
    return AgreementTerms(
        suspension_limit=limit("count", "suspensions"),
        suspension_length=limit("length", "business days"),
        suspension_gap=limit("gap", "business days"),
        suspension_notice=limit("notice", "business days"),
        filing_deadline=Term(filing.n, "business days", filing.section, filing.words),
        effectiveness_deadline=Term(
            effectiveness.n, "days", effectiveness.section, effectiveness.words
        ),
        registration_years=Term(period.ends.n, "years", period.section, period.words),
        warrant_extension_years=Term(
            3,
            "years",
            "2(c)",
            "the Registration Period shall be extended to three (3) years after the Effective "
            "Date",
        ),
        late_filing_rate=rate("late-filing"),
        restricted_sale_rate=rate("restricted-days"),
        computation_period=Term(
            30, "days", "2(b)(vii)", "thirty (30) days after the previous Computation Date"
        ),
        penalty_window=Term(
            90,
            "days",
            "2(b)(ii)",
            "within ninety (90) days after the Initial Required Effective Date",
        ),
        payment_due=Term(3, "business days", "2(b)(iv)", "the third business day after"),
        price_days=Term(
            5,
            "trading days",
            "2(b)(iv)",
            "the last five (5) trading days prior to the Computation Date",
        ),
        share_price_discount=Term(
            Fraction(9, 10),
            "share",
            "2(b)(iv)",
            "divided by 90% of the average Closing Bid Price",
        ),
        counsel_review=Term(
            3, "business days", "3(c)", "not less than three (3) business days"
        ),
        filing_notice=Term(
            3, "business days", "3(d)(i)(A)", "not less than three (3) business days prior"
        ),
        confirmation=Term(
            1, "business days", "3(d)", "no later than one (1) business day following"
        ),
        sec_response=Term(
            1, "business days", "3(d)", "not later than one (1) business day in advance"
        ),
        transfer_agent=Term(5, "business days", "3(k)", "within five (5) business days after"),
    )
