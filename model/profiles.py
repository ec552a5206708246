"""Term profiles: one agreement's suspension allowance, deadlines and damages as data
(CONTRACT.md "Term profiles", TERM-PROFILES.md).

A profile is composed of named parts, as an exchange calendar is composed of named holiday
rules: deadlines, the Registration Period, the allowance's limits (count, length, aggregate,
gap, notice) and the events that give rise to damages, with an optional cap. These classes hold
the terms only; :mod:`model.loading` turns profile files into them with the one converter, and
the bundled library lives in ``model/agreements/``.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from model.calendars import CALENDARS
from model.scenario import FieldError

UNITS = ("business-days", "trading-days", "calendar-days")
SPAN_UNITS = ("years", "months", "calendar-days", "business-days", "trading-days")
LIMIT_KINDS = ("count", "length", "aggregate", "gap", "notice")
EXCESS = ("days-beyond", "whole")
EVENTS = ("late-filing", "late-effectiveness", "restricted-days")
BASES = ("purchase-price", "held-shares-value")
ROLLS = ("none", "next-business-day")
# The dates of a scenario's [dates] that a deadline may count from.
ANCHORS = (
    "closing",
    "quarterly_report_filed",
    "registration_filed",
    "sec_clearance_notice",
    "effective",
)
# The named windows; rolling ones are {days = N} or {months = N}.
NAMED_WINDOWS = ("registration-period", "calendar-year")
# Profiles whose own mechanics (Computation Dates, due dates, readings) rrcheck knows by name.
MECHANICS = ("focus-enhancements-2003",)


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute, value: str | None) -> None:  # type: ignore[type-arg]
        if value is not None and value not in choices:
            raise FieldError(
                attribute.name, f"unknown value {value!r}; choose one of: {', '.join(choices)}"
            )

    return check


def _at_least_one(instance: object, attribute: attrs.Attribute, value: int) -> None:  # type: ignore[type-arg]
    if value < 1:
        raise FieldError(attribute.name, f"must be at least 1 (got {value})")


def _share(instance: object, attribute: attrs.Attribute, value: Decimal) -> None:  # type: ignore[type-arg]
    if not 0 < value <= 1:
        raise FieldError(
            attribute.name, f'must be more than 0 and at most 1, e.g. "0.015" (got {value})'
        )


def _not_blank(instance: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def _calendar(instance: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
    if value not in CALENDARS:
        raise FieldError(
            attribute.name, f"unknown calendar {value!r}; choose one of: {', '.join(CALENDARS)}"
        )


@attrs.frozen
class Window:
    """Where a count or aggregate limit is measured: ``registration-period``,
    ``calendar-year``, or rolling ``days``/``months`` of length ``n``."""

    kind: str
    n: int | None = None

    def words(self) -> str:
        if self.kind == "registration-period":
            return "in the Registration Period"
        if self.kind == "calendar-year":
            return "in any calendar year"
        if self.kind == "days":
            return f"in any {self.n} consecutive days"
        return f"in any {self.n} month{'s' if self.n != 1 else ''}"


REGISTRATION_PERIOD_WINDOW = Window("registration-period")


@attrs.frozen
class Span:
    """``n`` units after a date of the scenario: a deadline, or the end of the period."""

    n: int = attrs.field(validator=_at_least_one)
    unit: str = attrs.field(validator=_one_of(SPAN_UNITS))
    after: str = attrs.field(default="effective", validator=_one_of(ANCHORS))
    roll: str = attrs.field(default="none", validator=_one_of(ROLLS))
    section: str = ""
    words: str = ""

    def describe(self) -> str:
        unit = self.unit.replace("-", " ")
        if self.n == 1:
            unit = unit.removesuffix("s")
        text = f"{self.n} {unit} after {self.after.replace('_', ' ')}"
        if self.roll == "next-business-day":
            text += ", moved to the next business day if it is not one"
        return text


@attrs.frozen
class Deadlines:
    filing: Span | None = None
    effectiveness: Span | None = None


@attrs.frozen
class RegistrationPeriodTerm:
    """From ``effective`` through the earliest of ``ends`` and the scenario's rule_144k and
    no_longer_own dates."""

    ends: Span = Span(2, "years")
    section: str = ""
    words: str = ""


@attrs.frozen
class Limit:
    """One limit of the allowance; a suspension meeting every limit is allowed."""

    kind: str = attrs.field(validator=_one_of(LIMIT_KINDS))
    n: int = attrs.field(validator=_at_least_one)
    unit: str | None = attrs.field(default=None, validator=_one_of(UNITS))
    window: Window | None = None
    section: str = ""
    words: str = ""
    unless_unlawful: bool | None = None

    @property
    def days_unit(self) -> str:
        """The unit days are counted in (count limits count suspensions, not days)."""
        return self.unit or "business-days"

    @property
    def measured_in(self) -> Window:
        return self.window or REGISTRATION_PERIOD_WINDOW

    def describe(self) -> str:
        """The limit in plain words, as a lawyer would read it."""
        unit = self.days_unit.replace("-", " ")
        if self.n == 1:
            unit = unit.removesuffix("s")
        if self.kind == "count":
            noun = "suspension" if self.n == 1 else "suspensions"
            return f"at most {self.n} {noun} {self.measured_in.words()}"
        if self.kind == "length":
            return f"no suspension longer than {self.n} {unit}"
        if self.kind == "aggregate":
            window = self.measured_in.words()
            return f"at most {self.n} suspended {unit} {window}, all suspensions together"
        if self.kind == "gap":
            return (
                f"a suspension begins at least {self.n} {unit} after the last day of the "
                "preceding one"
            )
        text = f"notice at least {self.n} {unit} before a suspension begins"
        if self.unless_unlawful:
            text += ", unless giving it would be unlawful"
        return text


@attrs.frozen
class Allowance:
    term: str = "Permitted Suspension Period"
    section: str = ""
    excess: str = attrs.field(default="days-beyond", validator=_one_of(EXCESS))
    words: str = ""
    limits: tuple[Limit, ...] = ()


@attrs.frozen
class Period:
    """How an episode is cut into periods: ``days`` (pro rata by day) or ``months`` (monthly
    anniversaries, the last part pro rata)."""

    days: int | None = None
    months: int | None = None

    def describe(self) -> str:
        if self.days == 1:
            return "per day"
        if self.days is not None:
            return f"per {self.days} days, pro rata by day"
        months = "month" if self.months == 1 else f"{self.months} months"
        return f"per {months} from the Event Date's monthly anniversaries, the last part pro rata"


@attrs.frozen
class Damages:
    """One event that gives rise to payments."""

    event: str = attrs.field(validator=_one_of(EVENTS))
    rate: Decimal = attrs.field(validator=_share)
    period: Period
    base: str = attrs.field(default="purchase-price", validator=_one_of(BASES))
    section: str = ""
    words: str = ""

    def describe(self) -> str:
        base = self.base.replace("-", " ")
        return f"{_percent(self.rate)} of the {base} {self.period.describe()}"


@attrs.frozen
class DamagesCap:
    fraction: Decimal = attrs.field(validator=_share)
    base: str = attrs.field(default="purchase-price", validator=_one_of(("purchase-price",)))
    section: str = ""
    words: str = ""

    def describe(self) -> str:
        share = _percent(self.fraction)
        return f"all payments to one Investor together at most {share} of its purchase price"


@attrs.frozen
class AgreementHeader:
    id: str = attrs.field(validator=_not_blank)
    name: str = attrs.field(validator=_not_blank)
    source: str = ""
    business_calendar: str = attrs.field(default="us-federal", validator=_calendar)
    trading_calendar: str = attrs.field(default="nyse", validator=_calendar)
    words: str = ""
    mechanics: str | None = attrs.field(default=None, validator=_one_of(MECHANICS))


@attrs.frozen
class TermProfile:
    """One agreement's timing terms."""

    agreement: AgreementHeader
    deadlines: Deadlines = Deadlines()
    registration_period: RegistrationPeriodTerm = RegistrationPeriodTerm()
    allowance: Allowance = Allowance()
    damages: tuple[Damages, ...] = ()
    damages_cap: DamagesCap | None = None
    source: str = ""  # the file it came from, for messages

    @property
    def id(self) -> str:
        return self.agreement.id

    def limits(self, kind: str) -> tuple[Limit, ...]:
        return tuple(limit for limit in self.allowance.limits if limit.kind == kind)

    def damages_for(self, event: str) -> tuple[Damages, ...]:
        return tuple(d for d in self.damages if d.event == event)


def _percent(share: Decimal) -> str:
    text = format((share * 100).normalize(), "f")
    return f"{text}%"


# -- the bundled library ------------------------------------------------------------------------

DEFAULT_PROFILE = "focus-enhancements-2003"


def bundled_profile_files() -> dict[str, Any]:
    """Bundled profile id (the file's stem) -> its resource in ``model/agreements``."""
    folder = resources.files("model") / "agreements"
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }
