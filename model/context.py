"""What the model derives from a scenario before any rule: its calendars and its timeline."""

from __future__ import annotations

import attrs

from model.calendars import CALENDARS, BusinessCalendar, CalendarCoverageError, build_calendar
from model.loading import dated_fields
from model.registration import RegistrationTimeline, registration_timeline
from model.scenario import Scenario


@attrs.frozen
class ScenarioContext:
    scenario: Scenario
    calendar: BusinessCalendar  # business days ([scenario] calendar)
    trading_calendar: BusinessCalendar  # trading days of 2(b)(iv) ([scenario] trading_calendar)
    timeline: RegistrationTimeline


def calendar_span(scenario: Scenario, name: str) -> tuple[int, int]:
    """The years a scenario needs of calendar ``name``: every date it gives, three years after
    the Effective Date (the longest Registration Period), and a year of margin either side for
    counts that run past them, kept within the calendar's coverage."""
    years = [day.year for _, day in dated_fields(scenario)]
    years.append(scenario.dates.effective.year + 3)
    definition = CALENDARS[name]
    return (
        max(min(years) - 1, definition.first_year),
        min(max(years) + 1, definition.last_year),
    )


def scenario_context(scenario: Scenario) -> ScenarioContext:
    header = scenario.scenario
    first, last = calendar_span(scenario, header.calendar)
    calendar = build_calendar(
        header.calendar, first, last, header.extra_closures, header.extra_business_days
    )
    first, last = calendar_span(scenario, header.trading_calendar)
    trading = build_calendar(header.trading_calendar, first, last)
    timeline = registration_timeline(scenario.dates, calendar, scenario.interpretation)
    period = timeline.registration_period
    if not calendar.covers(period.end):
        # Every rule counts business days up to the period's last day; said here in the
        # file's terms, not as a date the file never gave.
        raise CalendarCoverageError(
            f"the Registration Period runs to {period.end} ({period.ended_by}), past "
            f"{calendar.last_day}, the last day the {header.calendar} calendar covers; a "
            "rule_144k or no_longer_own date that ends it sooner, or another calendar, "
            "would let the file be checked"
        )
    return ScenarioContext(
        scenario=scenario, calendar=calendar, trading_calendar=trading, timeline=timeline
    )
