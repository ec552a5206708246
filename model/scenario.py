"""The facts of a scenario, as frozen attrs classes (CONTRACT.md "Scenario files").

Field names are the file's. Validators here check one field at a time; checks that compare
fields (``end`` before ``start``, overlaps, duplicate ids) are in :mod:`model.loading`, which
turns files into these classes and reports errors by file and field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from model.calendars import CALENDARS
from model.interpretations import Interpretation

Date = dt.date


class FieldError(ValueError):
    """A problem with one named field (or key) of the value being built."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


def _known_calendar(instance: Any, attribute: attrs.Attribute, value: str | None) -> None:  # type: ignore[type-arg]
    if value is not None and value not in CALENDARS:
        raise FieldError(
            attribute.name, f"unknown calendar {value!r}; choose one of: {', '.join(CALENDARS)}"
        )


def _not_negative(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:  # type: ignore[type-arg]
    if value < 0:
        raise FieldError(attribute.name, f"must not be negative (got {value})")


def _positive(instance: Any, attribute: attrs.Attribute, value: Decimal) -> None:  # type: ignore[type-arg]
    if value <= 0:
        raise FieldError(attribute.name, f"must be more than zero (got {value})")


def _id(instance: Any, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if not value or not value.strip():
        raise FieldError(attribute.name, "must not be empty")


@attrs.frozen
class ScenarioHeader:
    name: str = attrs.field(validator=_id)
    description: str = ""
    calendar: str = attrs.field(default="us-federal", validator=_known_calendar)
    trading_calendar: str = attrs.field(default="nyse", validator=_known_calendar)
    extra_closures: tuple[Date, ...] = ()
    extra_business_days: tuple[Date, ...] = ()
    # The agreement whose terms apply (CONTRACT.md "Term profiles"): a bundled profile's id,
    # or a profile file relative to the scenario file; neither is the 2003 agreement.
    agreement: str | None = None
    agreement_file: str | None = None


@attrs.frozen
class RegistrationDates:
    """[dates]: the registration's history."""

    quarterly_report_filed: Date
    registration_filed: Date
    sec_clearance_notice: Date
    effective: Date
    rule_144k: Date | None = None
    no_longer_own: Date | None = None
    warrant_extension: bool = False
    transfer_agent_opinion: Date | None = None


@attrs.frozen
class Sale:
    """A sale by an Investor: the Purchase Price of the Common Stock it sold."""

    date: Date
    purchase_price: Decimal = attrs.field(validator=_positive)


@attrs.frozen
class Investor:
    name: str = attrs.field(validator=_id)
    purchase_price: Decimal = attrs.field(validator=_not_negative)
    sales: tuple[Sale, ...] = ()


@attrs.frozen
class Suspension:
    """A suspension under 3(h) with fixed dates.

    ``start`` is the day the Company gives notice of a Potential Material Event (the first day
    the Investors may not sell); ``end`` the last day they may not sell.
    """

    id: str = attrs.field(validator=_id)
    start: Date
    end: Date
    advance_notice: Date | None = None
    notice_lawful: bool = True


@attrs.frozen
class DateRange:
    earliest: Date
    latest: Date


@attrs.frozen
class LengthRange:
    min: int
    max: int


@attrs.frozen
class PlannedSuspension:
    """A suspension not yet fixed: bounds on its start, end and length in business days."""

    id: str = attrs.field(validator=_id)
    start: DateRange
    end: DateRange | None = None
    length: LengthRange | None = None
    covers: tuple[Date, ...] = ()
    advance_notice: Date | None = None
    notice_lawful: bool = True


@attrs.frozen
class Restriction:
    """Another restricted episode (a stop order, a lapse of effectiveness): 2(b)."""

    id: str = attrs.field(validator=_id)
    start: Date
    end: Date
    reason: str = ""


FILING_KINDS = (
    "registration-statement",
    "amendment",
    "post-effective-amendment",
    "prospectus",
    "prospectus-supplement",
    "sec-response",
)


def _filing_kind(instance: Any, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if value not in FILING_KINDS:
        raise FieldError(
            attribute.name, f"unknown kind {value!r}; choose one of: {', '.join(FILING_KINDS)}"
        )


@attrs.frozen
class Filing:
    """A filing with the SEC and the notices around it: 3(c), 3(d)."""

    id: str = attrs.field(validator=_id)
    kind: str = attrs.field(validator=_filing_kind)
    filed: Date
    counsel_copy: Date | None = None
    investor_notice: Date | None = None
    confirmation_requested: Date | None = None
    confirmed: Date | None = None


@attrs.frozen
class ClosingBid:
    date: Date
    closing_bid: Decimal = attrs.field(validator=_positive)


@attrs.frozen
class ExpectedFind:
    objective: str
    suspension: str
    status: str = "optimal"
    start: Date | None = None
    end: Date | None = None
    # ``rule:subject`` of each, the exact set (READING.md section 8; docs/scenario-format.md)
    already_broken: tuple[str, ...] | None = None
    bound_by: tuple[str, ...] | None = None


@attrs.frozen
class ExpectedWorstCase:
    objective: str = "max-payments"
    status: str = "optimal"
    total_payments: Decimal | None = None
    robust: bool = False  # the answer of worst-case --robust: over every reading


@attrs.frozen
class Expectation:
    """[expect]: what a regression run checks. Only the keys given are compared."""

    compliant: bool | None = None
    violations: tuple[str, ...] | None = None
    total_payments: Decimal | None = None
    dates: dict[str, Date] | None = None
    restricted_from: dict[str, Date | str] | None = None
    permitted: dict[str, bool] | None = None
    robust: bool | None = None
    find: ExpectedFind | None = None
    worst_case: ExpectedWorstCase | None = None


@attrs.frozen
class Scenario:
    """A whole scenario file, structured."""

    scenario: ScenarioHeader
    dates: RegistrationDates
    interpretation: Interpretation = Interpretation()
    investors: tuple[Investor, ...] = ()
    suspensions: tuple[Suspension | PlannedSuspension, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    filings: tuple[Filing, ...] = ()
    prices: tuple[ClosingBid, ...] = ()
    expect: Expectation | None = None
    source: str = ""  # the file it came from, for messages

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def fixed_suspensions(self) -> tuple[Suspension, ...]:
        return tuple(s for s in self.suspensions if isinstance(s, Suspension))

    @property
    def planned_suspensions(self) -> tuple[PlannedSuspension, ...]:
        return tuple(s for s in self.suspensions if isinstance(s, PlannedSuspension))


@attrs.frozen
class ProfileDates:
    """[dates] of a scenario under a term profile other than the 2003 agreement: ``effective``,
    the dates its deadlines count from, ``registration_filed`` where a filing deadline
    applies, and the dates that end the Registration Period early."""

    effective: Date
    closing: Date | None = None
    registration_filed: Date | None = None
    rule_144k: Date | None = None
    no_longer_own: Date | None = None

    def named(self) -> dict[str, Date]:
        """The dates given, by name (what a profile's ``after`` names)."""
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(ProfileDates)
            if getattr(self, field.name) is not None
        }


@attrs.frozen
class ProfileScenario:
    """A scenario file that names a term profile other than the 2003 agreement: the same
    tables, less the 2003 agreement's own (filings, closing bids, its dates)."""

    scenario: ScenarioHeader
    dates: ProfileDates
    interpretation: Interpretation = Interpretation()
    investors: tuple[Investor, ...] = ()
    suspensions: tuple[Suspension | PlannedSuspension, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    expect: Expectation | None = None
    source: str = ""  # the file it came from, for messages
    profile: Any = None  # the model.profiles.TermProfile it names, set by the loader

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def fixed_suspensions(self) -> tuple[Suspension, ...]:
        return tuple(s for s in self.suspensions if isinstance(s, Suspension))

    @property
    def planned_suspensions(self) -> tuple[PlannedSuspension, ...]:
        return tuple(s for s in self.suspensions if isinstance(s, PlannedSuspension))
