"""What a check finds: frozen facts shared by the Z3 model's checks, the reference evaluator
and the reports. Plain data, no logic beyond formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from model.acts import DeemedAct
from model.interpretations import Interpretation
from model.registration import RegistrationTimeline
from model.scenario import Filing

Date = dt.date


@attrs.frozen
class Violation:
    """A broken rule: which clause, which dates, by how many business days it missed."""

    rule: str
    subject: str  # the suspension or filing id, or "registration"
    section: str
    message: str
    dates: dict[str, Date] = attrs.field(factory=dict)  # the dates compared, by role
    missed_by_business_days: int | None = None

    @property
    def key(self) -> str:
        """``rule:subject``, as ``[expect] violations`` lists them."""
        return f"{self.rule}:{self.subject}"


@attrs.frozen
class SuspensionStatus:
    """One suspension under 3(h): how long, which days are a Permitted Suspension Period."""

    id: str
    start: Date
    end: Date
    business_days: int
    eligible: bool  # breaks none of before-effective, min-gap, max-count, notice
    permitted: bool  # some day of it is a Permitted Suspension Period
    restricted_from: Date | None  # first restricted day, or None
    outside: bool  # starts after the Registration Period ends
    counts: bool  # uses up one of the "up to two"
    permitted_until: Date | None = None  # last Permitted Suspension Period day, or None
    advance_notice: Date | None = None  # as given in the file (Verdict.deemed: as deemed)


@attrs.frozen
class Episode:
    """A run of restricted days (2(b)): the Restricted Sale Date and the cure date."""

    subject: str  # suspension or restriction id
    kind: str  # "suspension" | "restriction"
    restricted_sale_date: Date
    cure_date: Date  # the day after the last restricted day
    gives_payments: bool  # within the penalty window (interpretation penalty-window)

    @property
    def restricted_days(self) -> int:
        return (self.cure_date - self.restricted_sale_date).days


@attrs.frozen
class Payment:
    """One Periodic Amount (2(b)(iii), (iv), (vii))."""

    investor: str
    trigger: str  # "late-filing" | "restricted-sale-date"
    subject: str  # suspension or restriction id, or "registration" for late filing
    restricted_sale_date: Date  # the Required Filing Date for late filing
    computation_date: Date
    days: int
    amount: Decimal
    due: Date
    held_shares_value: Decimal | None = None
    periodic_amount_shares: Decimal | None = None  # where closing bids are given


@attrs.frozen
class Note:
    """Something the report must say that is not a broken rule (e.g. a rule not checked)."""

    subject: str
    message: str


@attrs.frozen
class Subject:
    """The verdict on one subject: the registration, a suspension or a filing."""

    id: str
    kind: str  # "registration" | "suspension" | "filing"
    broken: tuple[str, ...]  # the rule ids it breaks, in the order found

    @property
    def compliant(self) -> bool:
        return not self.broken


@attrs.frozen
class Verdict:
    """Everything ``validate`` reports for one scenario under one interpretation."""

    scenario: str
    interpretation: Interpretation
    timeline: RegistrationTimeline
    suspensions: tuple[SuspensionStatus, ...]
    violations: tuple[Violation, ...]
    episodes: tuple[Episode, ...] = ()
    payments: tuple[Payment, ...] = ()
    notes: tuple[Note, ...] = ()
    filings: tuple[Filing, ...] = ()  # the filings checked, in file order
    deemed: tuple[DeemedAct, ...] = ()  # acts deemed made on another day (notice-day)

    @property
    def compliant(self) -> bool:
        return not self.violations

    @property
    def subjects(self) -> tuple[Subject, ...]:
        """A verdict per subject (CONTRACT.md): the registration, then each suspension in order
        of start, then each filing in file order."""
        kinds = [("registration", "registration")]
        kinds += [(s.id, "suspension") for s in self.suspensions]
        kinds += [(f.id, "filing") for f in self.filings]
        return tuple(
            Subject(
                id,
                kind,
                tuple(dict.fromkeys(v.rule for v in self.violations if v.subject == id)),
            )
            for id, kind in kinds
        )

    def deemed_day(self, subject: str, field: str) -> Date | None:
        """The day an act of ``subject`` is deemed made, where it differs from the day given."""
        for d in self.deemed:
            if d.subject == subject and d.field == field:
                return d.deemed
        return None

    @property
    def total_payments(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00")).quantize(Decimal("0.01"))

    @property
    def violation_keys(self) -> frozenset[str]:
        return frozenset(v.key for v in self.violations)
