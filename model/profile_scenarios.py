"""Scenarios under a term profile other than the 2003 agreement (CONTRACT.md "Term profiles"):
which profile a scenario names, the file read into :class:`model.scenario.ProfileScenario` by
the one converter, the checks across its fields, and the facts and calendars the profile's
model and reference read.

A scenario names its agreement with ``[scenario] agreement = "ID"`` (a bundled profile) or
``agreement_file = "PATH"`` (relative to the scenario file). Without either, or naming the 2003
agreement (a profile with ``mechanics``), the file is a 2003 scenario, read as it always was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from model.calendars import CALENDARS, build_calendar
from model.loading import (
    InputError,
    _dates_of,
    check_investors,
    load_bundled_profile,
    load_profile,
    structure_file,
)
from model.profile_days import Calendars, ProfileFacts, add_months
from model.profiles import TermProfile, bundled_profile_files
from model.scenario import (
    PlannedSuspension,
    ProfileDates,
    ProfileScenario,
    RegistrationDates,
    Scenario,
    Suspension,
)

Date = dt.date


def named_profile(document: Mapping[str, Any], source: str) -> TermProfile | None:
    """The profile a scenario document names, or None when it is the 2003 agreement's."""
    header = document.get("scenario")
    if not isinstance(header, Mapping):
        return None  # the converter names what is wrong with [scenario]
    agreement, agreement_file = header.get("agreement"), header.get("agreement_file")
    if agreement is not None and agreement_file is not None:
        raise InputError(
            source, "scenario.agreement_file", "give agreement or agreement_file, not both"
        )
    if isinstance(agreement_file, str):
        path = Path(source).parent / agreement_file
        if not path.is_file():
            raise InputError(
                source,
                "scenario.agreement_file",
                f"no profile file {str(path)!r} (relative to the scenario file)",
            )
        profile = load_profile(path)
    elif isinstance(agreement, str):
        bundled = bundled_profile_files()
        if agreement not in bundled:
            raise InputError(
                source,
                "scenario.agreement",
                f"no bundled profile {agreement!r}; bundled: {', '.join(bundled)} "
                "(or give agreement_file)",
            )
        profile = load_bundled_profile(agreement)
    else:
        return None  # absent, or of the wrong type: the converter says so
    return None if profile.agreement.mechanics is not None else profile


def structure_profile_scenario(
    document: Mapping[str, Any], source: str, profile: TermProfile
) -> ProfileScenario:
    refuse_2003_fields(document, source, profile)
    scenario = structure_file(document, ProfileScenario, source)
    header = scenario.scenario
    given = document.get("scenario", {})
    # The scenario's calendars override the profile's; a calendar it leaves out is the profile's.
    header = attrs.evolve(
        header,
        calendar=header.calendar if "calendar" in given else profile.agreement.business_calendar,
        trading_calendar=(
            header.trading_calendar
            if "trading_calendar" in given
            else profile.agreement.trading_calendar
        ),
    )
    scenario = attrs.evolve(scenario, scenario=header, profile=profile)
    check_profile_scenario(scenario)
    return scenario


def refuse_2003_fields(document: Mapping[str, Any], source: str, profile: TermProfile) -> None:
    """The 2003 agreement's own tables and dates, named as such (else "unknown field")."""
    own = {field.name for field in attrs.fields(Scenario)} - {
        field.name for field in attrs.fields(ProfileScenario)
    }
    for key in document:
        if key in own:
            raise InputError(
                source, key, f"a table of the 2003 agreement's scenarios; {profile.id} has none"
            )
    dates = document.get("dates")
    if isinstance(dates, Mapping):
        allowed = [field.name for field in attrs.fields(ProfileDates)]
        for key in dates:
            if key in {field.name for field in attrs.fields(RegistrationDates)} - set(allowed):
                raise InputError(
                    source,
                    f"dates.{key}",
                    f"a date of the 2003 agreement; under {profile.id} [dates] takes "
                    f"{', '.join(allowed)}",
                )


def dated_fields(scenario: ProfileScenario) -> Iterator[tuple[str, Date]]:
    """Every date in the scenario with the path of its field."""
    yield from _dates_of(scenario.scenario, "scenario")
    yield from _dates_of(scenario.dates, "dates")
    for kind in ("investors", "suspensions", "restrictions"):
        for i, item in enumerate(getattr(scenario, kind)):
            yield from _dates_of(item, f"{kind}[{i}]")


def check_profile_scenario(scenario: ProfileScenario) -> None:
    """What the field validators cannot see, as for a 2003 scenario: ids, order, overlaps,
    sales, the dates the profile needs, the calendars' coverage."""
    source = scenario.source
    profile: TermProfile = scenario.profile
    seen: dict[str, str] = {}
    for kind in ("suspensions", "restrictions"):
        for i, item in enumerate(getattr(scenario, kind)):
            field = f"{kind}[{i}]"
            if item.id == "registration":
                raise InputError(source, f"{field}.id", "'registration' is reserved")
            if item.id in seen:
                raise InputError(
                    source, f"{field}.id", f"duplicate id {item.id!r} (also {seen[item.id]})"
                )
            seen[item.id] = field
            if isinstance(item, PlannedSuspension):
                if item.end is None and item.length is None:
                    raise InputError(source, f"{field}.end", "give end, length or both")
            elif item.end < item.start:
                raise InputError(source, f"{field}.end", f"{item.end} is before start {item.start}")
    ranges: list[tuple[str, Any]] = [
        (f"suspensions[{i}]", s)
        for i, s in enumerate(scenario.suspensions)
        if isinstance(s, Suspension)
    ] + [(f"restrictions[{i}]", r) for i, r in enumerate(scenario.restrictions)]
    ranges.sort(key=lambda item: (item[1].start, item[1].end))
    for (_, earlier), (field, later) in zip(ranges, ranges[1:], strict=False):
        if later.start <= earlier.end:
            raise InputError(
                source,
                f"{field}.start",
                f"{later.id!r} ({later.start} to {later.end}) overlaps {earlier.id!r} "
                f"({earlier.start} to {earlier.end}); give each restricted day once",
            )
    check_investors(scenario.investors, source)
    dates = scenario.dates.named()
    for name, span in (
        ("filing", profile.deadlines.filing),
        ("effectiveness", profile.deadlines.effectiveness),
    ):
        if span is not None and span.after not in dates:
            raise InputError(
                source,
                f"dates.{span.after}",
                f"required by {profile.id}: its {name} deadline counts from it",
            )
    if profile.deadlines.filing is not None and "registration_filed" not in dates:
        raise InputError(
            source,
            "dates.registration_filed",
            f"required by {profile.id}: it has a filing deadline",
        )
    header = scenario.scenario
    for name in (header.calendar, header.trading_calendar):
        first_year, last_year = CALENDARS[name].first_year, CALENDARS[name].last_year
        for field, day in dated_fields(scenario):
            if not first_year <= day.year <= last_year:
                raise InputError(
                    source,
                    field,
                    f"{day} is outside the years the {name} calendar covers "
                    f"({first_year} to {last_year})",
                )


def profile_facts(scenario: ProfileScenario) -> tuple[ProfileFacts, Calendars]:
    """The facts and calendars the profile's model and reference read."""
    header = scenario.scenario
    profile: TermProfile = scenario.profile
    years = [day.year for _, day in dated_fields(scenario)]
    effective = scenario.dates.effective
    ends = profile.registration_period.ends
    months = {"years": 12 * ends.n, "months": ends.n}.get(ends.unit)
    period_end = add_months(effective, months) if months else effective + dt.timedelta(days=ends.n)
    years.append(period_end.year)

    def span(name: str) -> tuple[int, int]:
        definition = CALENDARS[name]
        return max(min(years) - 1, definition.first_year), min(max(years) + 1, definition.last_year)

    business = build_calendar(
        header.calendar, *span(header.calendar), header.extra_closures, header.extra_business_days
    )
    trading = build_calendar(header.trading_calendar, *span(header.trading_calendar))
    interpretation = scenario.interpretation
    facts = ProfileFacts(
        dates=scenario.dates.named(),
        suspensions=scenario.fixed_suspensions,
        restrictions=scenario.restrictions,
        investors=scenario.investors,
        notice_day=interpretation.notice_day,
        lead_time=interpretation.lead_time,
    )
    return facts, Calendars(business, trading)
