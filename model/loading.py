"""Scenario files (TOML or JSON) into :class:`model.scenario.Scenario`, and term profile files
into :class:`model.profiles.TermProfile`, by the one cattrs converter (:mod:`model.converter`).

Strict on purpose: an unknown or misspelt field, a wrong type, a string where a date belongs,
a float where money belongs, ``end`` before ``start``, overlapping suspensions, duplicate ids,
a negative price, an unknown calendar or reading, a date the calendar does not cover. Every
problem becomes one :class:`InputError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from model.calendars import CALENDARS
from model.converter import InputError, structure_file
from model.documents import read_document
from model.profiles import ANCHORS, UNITS, TermProfile
from model.scenario import (
    Investor,
    PlannedSuspension,
    ProfileDates,
    ProfileScenario,
    Restriction,
    Scenario,
    Suspension,
)

Date = dt.date


def load_scenario(path: Path | str) -> Scenario:
    path = Path(path)
    return structure_scenario(read_document(path), str(path))


def structure_scenario(document: Mapping[str, Any], source: str) -> Scenario:
    if _names_agreement(document) and _named_profile(document, source):  # load_any_scenario's
        raise InputError(
            source,
            "scenario.agreement",
            "names a term profile, and this reads a 2003 agreement scenario only: read it with "
            "load_any_scenario (every command of rrcheck does)",
        )
    if is_profile_document(document):  # else "agreement: unknown field", which misleads
        raise InputError(
            source,
            "agreement",
            "a term profile, not a scenario: `rrcheck agreement check FILE` checks it, and a "
            "scenario names it with [scenario] agreement_file",
        )
    scenario = structure_file(document, Scenario, source)
    check_consistency(scenario)
    return scenario


def is_profile_document(document: Mapping[str, Any]) -> bool:
    """Whether a file read as a scenario is a term profile (its [agreement], no [scenario])."""
    return "agreement" in document and "scenario" not in document


def _names_agreement(document: Mapping[str, Any]) -> bool:
    """Whether ``[scenario]`` names an agreement at all: without ``agreement`` or
    ``agreement_file`` the file is a 2003 scenario, and the term-profile machinery is not
    loaded."""
    header = document.get("scenario")
    return isinstance(header, Mapping) and ("agreement" in header or "agreement_file" in header)


def _named_profile(document: Mapping[str, Any], source: str) -> bool:
    from model.profile_scenarios import named_profile

    return named_profile(document, source) is not None


def load_any_scenario(path: Path | str) -> Scenario | ProfileScenario:
    """A scenario of the 2003 agreement, or of the term profile it names."""
    path = Path(path)
    return _structure_any(read_document(path), str(path))


@attrs.frozen
class ProfileDocument:
    """A term profile's file (TOML or JSON) read as a scenario: `rrcheck test` passes over it."""

    source: str


def load_scenario_or_profile(path: Path | str) -> Scenario | ProfileScenario | ProfileDocument:
    """:func:`load_any_scenario`, or a term profile's file marked as one: read once."""
    path = Path(path)
    document = read_document(path)
    if is_profile_document(document):
        return ProfileDocument(str(path))
    return _structure_any(document, str(path))


def _structure_any(document: Mapping[str, Any], source: str) -> Scenario | ProfileScenario:
    if _names_agreement(document):  # else a 2003 scenario: the profile machinery stays unloaded
        from model.profile_scenarios import named_profile, structure_profile_scenario

        profile = named_profile(document, source)
        if profile is not None:
            return structure_profile_scenario(document, source, profile)
    return structure_scenario(document, source)


# -- checks across fields -----------------------------------------------------------------------


def check_investors(investors: Sequence[Investor], source: str) -> None:
    """Each Investor named once, none selling more than it bought (a scenario of the 2003
    agreement or of a term profile)."""
    names: set[str] = set()
    for i, investor in enumerate(investors):
        if investor.name in names:
            raise InputError(
                source, f"investors[{i}].name", f"duplicate investor {investor.name!r}"
            )
        names.add(investor.name)
        sold = sum((sale.purchase_price for sale in investor.sales), Decimal(0))
        if sold > investor.purchase_price:
            raise InputError(
                source,
                f"investors[{i}].sales",
                f"sales of {sold} exceed the purchase_price {investor.purchase_price}",
            )


def check_consistency(scenario: Scenario) -> None:
    """What the field validators cannot see: order, overlaps, duplicates, coverage."""
    source = scenario.source
    seen: dict[str, str] = {}
    for kind, items in (
        ("suspensions", scenario.suspensions),
        ("restrictions", scenario.restrictions),
        ("filings", scenario.filings),
    ):
        for i, item in enumerate(items):
            if item.id == "registration":
                raise InputError(source, f"{kind}[{i}].id", "'registration' is reserved")
            if item.id in seen:
                raise InputError(
                    source, f"{kind}[{i}].id", f"duplicate id {item.id!r} (also {seen[item.id]})"
                )
            seen[item.id] = f"{kind}[{i}]"

    for kind, items in (
        ("suspensions", scenario.suspensions),
        ("restrictions", scenario.restrictions),
    ):
        for i, item in enumerate(items):
            if isinstance(item, PlannedSuspension):
                continue
            if item.end < item.start:
                raise InputError(
                    source, f"{kind}[{i}].end", f"{item.end} is before start {item.start}"
                )

    fixed = sorted(scenario.fixed_suspensions, key=lambda s: (s.start, s.end))
    for earlier, later in zip(fixed, fixed[1:], strict=False):
        if later.start <= earlier.end:
            raise InputError(
                source,
                f"suspensions[{_index(scenario, 'suspensions', later.id)}].start",
                f"suspension {later.id!r} ({later.start} to {later.end}) overlaps "
                f"{earlier.id!r} ({earlier.start} to {earlier.end})",
            )

    # An Investor is restricted once on a day: the file must say which event restricted it.
    # (Suspensions against each other are reported above; each restriction is compared with
    # every fixed suspension and the restrictions before it.)
    ranges: tuple[Suspension | Restriction, ...] = scenario.fixed_suspensions
    for n, item in enumerate(scenario.restrictions):
        for other in (*ranges, *scenario.restrictions[:n]):
            if item.start <= other.end and other.start <= item.end:
                raise InputError(
                    source,
                    f"restrictions[{n}].start",
                    f"{item.id!r} ({item.start} to {item.end}) overlaps {other.id!r} "
                    f"({other.start} to {other.end}); give each restricted day once",
                )

    for planned in scenario.planned_suspensions:
        i = _index(scenario, "suspensions", planned.id)
        if planned.end is None and planned.length is None:
            raise InputError(source, f"suspensions[{i}].end", "give end, length or both")

    check_investors(scenario.investors, source)

    dates = scenario.dates
    if dates.effective < dates.registration_filed:
        raise InputError(
            source,
            "dates.effective",
            f"{dates.effective} is before the Registration Statement was filed "
            f"({dates.registration_filed})",
        )

    header = scenario.scenario
    # The trading calendar counts only the trading days before a Computation Date, for the
    # Periodic Amount Shares of closing bids given in [[prices]]: without them it counts
    # nothing, and its coverage is not the file's concern.
    needed = (header.calendar, header.trading_calendar) if scenario.prices else (header.calendar,)
    for name in needed:
        first_year, last_year = CALENDARS[name].first_year, CALENDARS[name].last_year
        for field, day in dated_fields(scenario):
            if not first_year <= day.year <= last_year:
                raise InputError(
                    source,
                    field,
                    f"{day} is outside the years the {name} calendar covers "
                    f"({first_year} to {last_year})",
                )


def _index(scenario: Scenario, kind: str, item_id: str) -> int:
    items: Iterable[Any] = getattr(scenario, kind)
    return next(i for i, item in enumerate(items) if item.id == item_id)


def dated_fields(scenario: Scenario) -> Iterator[tuple[str, Date]]:
    """Every date in the scenario with the path of its field."""
    yield from _dates_of(scenario.scenario, "scenario")
    yield from _dates_of(scenario.dates, "dates")
    for kind in ("investors", "suspensions", "restrictions", "filings", "prices"):
        for i, item in enumerate(getattr(scenario, kind)):
            yield from _dates_of(item, f"{kind}[{i}]")


def _dates_of(value: Any, path: str) -> Iterator[tuple[str, Date]]:
    if isinstance(value, Date):
        yield path, value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _dates_of(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _dates_of(item, f"{path}[{i}]")


def with_interpretations(scenario: Scenario, settings: Iterable[str]) -> Scenario:
    """Apply ``--interpretation NAME=VALUE`` settings over the scenario's own."""
    interpretation = scenario.interpretation
    for setting in settings:
        name, sep, reading = setting.partition("=")
        if not sep:
            raise InputError("--interpretation", setting, "expected NAME=VALUE")
        try:
            interpretation = interpretation.with_reading(name.strip(), reading.strip())
        except ValueError as error:
            raise InputError("--interpretation", name.strip(), str(error)) from None
    return attrs.evolve(scenario, interpretation=interpretation)


# -- term profiles ------------------------------------------------------------------------------


def load_profile(path: Path | str) -> TermProfile:
    """A term profile file (TOML, or JSON by extension). Its id may be a bundled profile's only
    if its terms are that profile's too: a scenario naming the id gets the bundled one, and
    every report names the agreement by its id, so two sets of terms under one id would read
    as one agreement."""
    from model.profiles import bundled_profile_files

    path = Path(path)
    profile = structure_profile(read_document(path), str(path))
    if profile.id in bundled_profile_files():
        bundled = load_bundled_profile(profile.id)
        if attrs.evolve(profile, source="") != attrs.evolve(bundled, source=""):
            raise InputError(
                str(path),
                "agreement.id",
                f"{profile.id!r} is a bundled profile's id, and these terms are not that "
                "profile's: reports name an agreement by its id, so give this one an id of "
                "its own",
            )
    return profile


def load_bundled_profile(stem: str) -> TermProfile:
    """A bundled profile (``model/agreements/STEM.toml``), read as any profile file is."""
    import tomllib

    from model.profiles import bundled_profile_files

    resource = bundled_profile_files()[stem]
    document = tomllib.loads(resource.read_text(encoding="utf-8"))
    return structure_profile(document, f"bundled profile {stem}")


def structure_profile(document: Mapping[str, Any], source: str) -> TermProfile:
    profile = structure_file(document, TermProfile, source)
    check_profile_consistency(profile)
    return profile


# Which limits take a unit, a window, unless_unlawful.
_TAKES_UNIT = {"length", "aggregate", "gap", "notice"}
_TAKES_WINDOW = {"count", "aggregate"}


def check_profile_consistency(profile: TermProfile) -> None:
    """What one field cannot see: which keys a limit's kind takes, events without deadlines."""
    source = profile.source
    for i, limit in enumerate(profile.allowance.limits):
        field = f"allowance.limits[{i}]"
        if limit.unit is not None and limit.kind not in _TAKES_UNIT:
            raise InputError(
                source,
                f"{field}.unit",
                f"a {limit.kind} limit counts suspensions, not days: leave unit out",
            )
        if limit.window is not None and limit.kind not in _TAKES_WINDOW:
            raise InputError(
                source,
                f"{field}.window",
                f"a {limit.kind} limit has no window (only count and aggregate limits do)",
            )
        if limit.unless_unlawful is not None and limit.kind != "notice":
            raise InputError(
                source, f"{field}.unless_unlawful", "only a notice limit takes unless_unlawful"
            )
        if limit.kind in _TAKES_UNIT and limit.unit is None:
            raise InputError(
                source,
                f"{field}.unit",
                f"required field is missing (a {limit.kind} limit counts {' | '.join(UNITS)})",
            )
    seen: dict[str, int] = {}
    for i, damages in enumerate(profile.damages):
        if damages.event in seen:
            raise InputError(
                source,
                f"damages[{i}].event",
                f"{damages.event!r} is priced already by damages[{seen[damages.event]}]",
            )
        seen[damages.event] = i
        needs = {"late-filing": "filing", "late-effectiveness": "effectiveness"}.get(damages.event)
        if needs and getattr(profile.deadlines, needs) is None:
            raise InputError(
                source,
                f"damages[{i}].event",
                f"{damages.event} needs a deadline: add deadlines.{needs}",
            )
    if profile.damages_cap is not None and not profile.damages:
        raise InputError(source, "damages_cap", "caps nothing: add the [[damages]] it caps")
    if profile.agreement.mechanics is None:  # the 2003 agreement's own dates are its own
        given = tuple(
            anchor
            for anchor in ANCHORS
            if anchor in {field.name for field in attrs.fields(ProfileDates)}
        )
        for name in ("filing", "effectiveness"):
            span = getattr(profile.deadlines, name)
            if span is not None and span.after not in given:
                raise InputError(
                    source,
                    f"deadlines.{name}.after",
                    f"{span.after} is a date of the 2003 agreement's scenarios; a deadline of "
                    f"this profile counts from one of: {', '.join(given)}",
                )
    ends = profile.registration_period.ends
    if ends.unit not in ("years", "months", "calendar-days"):
        raise InputError(
            source, "registration_period.ends.unit", "use years, months or calendar-days"
        )
    if ends.after != "effective":
        raise InputError(
            source, "registration_period.ends.after", "the Registration Period runs from effective"
        )
