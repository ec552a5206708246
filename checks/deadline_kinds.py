"""What :mod:`checks.deadlines` answers, as data: the kinds of deadline, in the order a day's
events are listed, and the frozen classes of the answer (each :class:`Deadline`, the spacing
gaps, the planned suspensions' windows, and :class:`ScheduleDates` holding them all)."""

from __future__ import annotations

import datetime as dt

import attrs

from model.calendars import BusinessCalendar
from model.findings import Verdict
from model.scenario import Scenario

Date = dt.date

# The kinds of Deadline, in the order a day's events are listed.
ADVANCE_NOTICE = "advance-notice"
ADVANCE_NOTICE_EARLIEST_START = "advance-notice-for-earliest-start"
ADVANCE_NOTICE_LATEST_START = "advance-notice-for-latest-start"
SUSPENSION_START = "suspension-start"
SUSPENSION_END = "suspension-end"
EARLIEST_NEXT_SUSPENSION = "earliest-next-suspension"
REQUIRED_FILING_DATE = "required-filing-date"
INITIAL_REQUIRED_EFFECTIVE_DATE = "initial-required-effective-date"
# Under a term profile (checks/profile_dates.py): its own deadlines, a suspension's first
# restricted day, and what a count or aggregate limit leaves after a suspension.
FILING_DEADLINE = "filing-deadline"
EFFECTIVENESS_DEADLINE = "effectiveness-deadline"
RESTRICTED_FROM = "restricted-from"
ALLOWANCE_LEFT = "allowance-left"
TRANSFER_AGENT = "transfer-agent"
COUNSEL_COPY = "counsel-copy"
INVESTOR_NOTICE = "investor-notice"
NOTICE_CONFIRMATION = "notice-confirmation"
SEC_RESPONSE_COPY = "sec-response-copy"
PAYMENT_DUE = "payment-due"
REGISTRATION_PERIOD_END = "registration-period-end"

KINDS: tuple[str, ...] = (
    ADVANCE_NOTICE,
    ADVANCE_NOTICE_EARLIEST_START,
    ADVANCE_NOTICE_LATEST_START,
    SUSPENSION_START,
    RESTRICTED_FROM,
    SUSPENSION_END,
    EARLIEST_NEXT_SUSPENSION,
    ALLOWANCE_LEFT,
    REQUIRED_FILING_DATE,
    INITIAL_REQUIRED_EFFECTIVE_DATE,
    FILING_DEADLINE,
    EFFECTIVENESS_DEADLINE,
    TRANSFER_AGENT,
    COUNSEL_COPY,
    INVESTOR_NOTICE,
    NOTICE_CONFIRMATION,
    SEC_RESPONSE_COPY,
    PAYMENT_DUE,
    REGISTRATION_PERIOD_END,
)


@attrs.frozen
class Deadline:
    """One dated event: what to do (or watch for) on ``date``, about ``subject``, under which
    clause. ``kind`` and ``subject`` identify it within a scenario (the calendar's UID)."""

    date: Date
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    subject: str  # a suspension or filing id, "registration", or a payment's row
    section: str
    words: str  # the agreement's words, from the rule table or the computing function
    summary: str  # one line naming the act and the subject
    detail: str = ""  # how the date was reached, and what the schedule does about it


@attrs.frozen
class SpacingGap:
    """3(h)(ii) after one suspension: the days after its last day on which no suspension may
    begin, up to ``earliest_next_start``, ``bd_after(end, n)``."""

    subject: str
    end: Date
    earliest_next_start: Date


@attrs.frozen
class PlannedWindow:
    """A planned suspension's bounds, on business days (it starts and ends on one): where it
    may start, where it may end, and the latest advance-notice day each end of the start window
    allows (``None`` when notice would be unlawful)."""

    id: str
    first_start: Date
    last_start: Date
    first_end: Date
    last_end: Date
    notice_by_first_start: Date | None
    notice_by_last_start: Date | None
    advance_notice: Date | None = None  # given in the file


@attrs.frozen
class ScheduleDates:
    """Everything the calendar and the timeline show for one scenario.

    ``verdict`` is ``validate``'s, of the fixed suspensions only when some are planned
    (``planned`` then holds their windows)."""

    scenario: Scenario
    verdict: Verdict
    calendar: BusinessCalendar
    deadlines: tuple[Deadline, ...]
    spacing: tuple[SpacingGap, ...]
    planned: tuple[PlannedWindow, ...]

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def readings(self) -> dict[str, str]:
        """The readings in force, as the calendar's events name them."""
        return self.verdict.interpretation.as_dict()
