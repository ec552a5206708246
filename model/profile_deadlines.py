"""A term profile's registration deadlines as findings: the registration statement filed after
its filing deadline, or declared effective after its effectiveness deadline (CONTRACT.md "Term
profiles": the Event Date of late filing is the day after the filing deadline and the episode
runs through the filing day; of late effectiveness, the day after the effectiveness deadline,
through the day declared effective).

The rule ids are the 2003 agreement's for the same breach, ``filing.deadline`` and
``effectiveness.deadline``, subject ``registration`` (CONTRACT.md "JSON output";
docs/reading-notes.md says why). No suspension limit reads them, so they are dates compared, not
constraints: the Z3 model of the allowance and its reference both leave them to this module,
which reads the deadlines :func:`model.profile_days.profile_deadlines` gives (the same dates the
payments price); :mod:`model.reference.profile_deadlines` works them out again, day by day, for
the differential test.
"""

from __future__ import annotations

import datetime as dt

import attrs

from model.explain import counted, on_day
from model.profile_days import Calendars, ProfileFacts, deemed, profile_deadlines
from model.profiles import Span, TermProfile

Date = dt.date
ONE_DAY = dt.timedelta(days=1)

FILING_DEADLINE = "filing.deadline"
EFFECTIVENESS_DEADLINE = "effectiveness.deadline"


@attrs.frozen
class LateRegistration:
    """A registration deadline missed: ``done`` (the day filed, as deemed under notice-day, or
    declared effective) is ``days_late`` calendar days after ``deadline``."""

    rule: str  # filing.deadline | effectiveness.deadline
    event: str  # the [[damages]] event it gives rise to: late-filing | late-effectiveness
    section: str
    words: str  # the clause's words, as the profile gives them ("" if it gives none)
    describe: str  # the deadline in plain words
    deadline: Date
    done: Date
    days_late: int
    subject: str = "registration"
    given: Date | None = None  # the day filed as the file gives it, where notice-day moved it

    @property
    def done_as(self) -> str:
        """The name of ``done`` in the JSON report's ``dates``."""
        return "filed" if self.rule == FILING_DEADLINE else "effective"

    @property
    def first(self) -> Date:
        """The Event Date: the day after the deadline."""
        return self.deadline + ONE_DAY

    @property
    def message(self) -> str:
        what = "filed" if self.rule == FILING_DEADLINE else "declared effective"
        noun = "filing" if self.rule == FILING_DEADLINE else "effectiveness"
        return (
            f"{what} {on_day(self.given or self.done, self.done)}, "
            f"{counted(self.days_late, 'calendar day')} after the {noun} deadline "
            f"{self.deadline}; late from {self.first} through {self.done}"
        )


def _describe(span: Span, what: str) -> str:
    return f"{what} no later than {span.describe()}"


def late_registration(
    profile: TermProfile, facts: ProfileFacts, calendars: Calendars
) -> tuple[LateRegistration, ...]:
    """The profile's registration deadlines the scenario misses, filing first."""
    filing_deadline, effectiveness_deadline = profile_deadlines(profile, facts, calendars)
    found: list[LateRegistration] = []
    filing = profile.deadlines.filing
    filed = facts.dates.get("registration_filed")
    if filing is not None and filing_deadline is not None and filed is not None:
        done = deemed(filed, facts, calendars)
        if done > filing_deadline:
            found.append(
                LateRegistration(
                    FILING_DEADLINE,
                    "late-filing",
                    filing.section,
                    filing.words,
                    _describe(filing, "the registration statement filed"),
                    filing_deadline,
                    done,
                    (done - filing_deadline).days,
                    given=filed if filed != done else None,
                )
            )
    effectiveness = profile.deadlines.effectiveness
    effective = facts.dates["effective"]
    if (
        effectiveness is not None
        and effectiveness_deadline is not None
        and effective > effectiveness_deadline
    ):
        found.append(
            LateRegistration(
                EFFECTIVENESS_DEADLINE,
                "late-effectiveness",
                effectiveness.section,
                effectiveness.words,
                _describe(effectiveness, "the registration statement declared effective"),
                effectiveness_deadline,
                effective,
                (effective - effectiveness_deadline).days,
            )
        )
    return tuple(found)
