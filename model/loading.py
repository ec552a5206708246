"""Scenario files (TOML or JSON) into :class:`model.scenario.Scenario`: the one cattrs converter.

Strict on purpose: an unknown or misspelt field, a wrong type, a string where a date belongs,
a float where money belongs, ``end`` before ``start``, overlapping suspensions, duplicate ids,
a negative price, an unknown calendar or reading, a date the calendar does not cover. Every
problem becomes one :class:`InputError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from model.calendars import CALENDARS
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.profiles import (
    NAMED_WINDOWS,
    UNITS,
    AgreementHeader,
    Allowance,
    Damages,
    DamagesCap,
    Deadlines,
    Limit,
    Period,
    RegistrationPeriodTerm,
    Span,
    TermProfile,
    Window,
)
from model.scenario import (
    DateRange,
    Expectation,
    ExpectedFind,
    ExpectedWorstCase,
    FieldError,
    LengthRange,
    PlannedSuspension,
    Scenario,
    Suspension,
)

Date = dt.date


class InputError(Exception):
    """Bad input: one message naming the file and the field."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        self.message = message
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")


# -- the converter ------------------------------------------------------------------------------


def _structure_date(value: Any, _: type) -> Date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got a date and time {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}")


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, (bool, float)):
        raise ValueError(f'write money as a string, e.g. "1500000.00" (got {value!r})')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise ValueError(
                f'expected a decimal amount like "1500000.00", got {value!r}'
            ) from None
        if not amount.is_finite():
            raise ValueError(f"expected a decimal amount, got {value!r}")
        return amount
    raise ValueError(f'expected a decimal amount like "1500000.00", got {value!r}')


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _structure_date_range(value: Any, _: type) -> DateRange:
    if isinstance(value, Mapping):
        unknown = set(value) - {"earliest", "latest"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r}; use earliest and latest")
        if "earliest" not in value or "latest" not in value:
            raise ValueError("a range needs both earliest and latest")
        earliest = _structure_date(value["earliest"], Date)
        latest = _structure_date(value["latest"], Date)
        if latest < earliest:
            raise ValueError(f"latest {latest} is before earliest {earliest}")
        return DateRange(earliest, latest)
    day = _structure_date(value, Date)
    return DateRange(day, day)


def _structure_length_range(value: Any, _: type) -> LengthRange:
    if isinstance(value, Mapping):
        unknown = set(value) - {"min", "max"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r}; use min and max")
        if "min" not in value or "max" not in value:
            raise ValueError("a length range needs both min and max")
        low, high = _structure_int(value["min"], int), _structure_int(value["max"], int)
    else:
        low = high = _structure_int(value, int)
    if low < 1:
        raise ValueError(f"a suspension lasts at least 1 business day (got {low})")
    if high < low:
        raise ValueError(f"max {high} is less than min {low}")
    return LengthRange(low, high)


def _structure_interpretation(value: Any, _: type) -> Interpretation:
    if not isinstance(value, Mapping):
        raise ValueError("expected a table of NAME = READING")
    interpretation = Interpretation()
    for name, reading in value.items():
        if name not in TERMS_BY_NAME:
            raise FieldError(
                name, f"unknown interpretation; choose one of: {', '.join(TERMS_BY_NAME)}"
            )
        try:
            interpretation = interpretation.with_reading(name, _structure_str(reading, str))
        except ValueError as error:
            raise FieldError(name, str(error)) from None
    return interpretation


_FIXED_KEYS = {"id", "start", "end", "advance_notice", "notice_lawful"}


def _is_planned(value: Mapping[str, Any]) -> bool:
    return (
        isinstance(value.get("start"), Mapping)
        or isinstance(value.get("end"), Mapping)
        or "end" not in value
        or "length" in value
        or "covers" in value
    )


def _restricted_from_value(value: Any, _: type) -> Date | str:
    if value == "none":
        return "none"
    return _structure_date(value, Date)


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Date, _structure_date)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(DateRange, _structure_date_range)
    converter.register_structure_hook(LengthRange, _structure_length_range)
    converter.register_structure_hook(Interpretation, _structure_interpretation)
    converter.register_structure_hook(Date | str, _restricted_from_value)

    structure_fixed = make_dict_structure_fn(Suspension, converter, _cattrs_forbid_extra_keys=True)
    structure_planned = make_dict_structure_fn(
        PlannedSuspension, converter, _cattrs_forbid_extra_keys=True
    )

    def structure_suspension(value: Any, _: type) -> Suspension | PlannedSuspension:
        if not isinstance(value, Mapping):
            raise ValueError("expected a table")
        if _is_planned(value):
            return structure_planned(value, PlannedSuspension)
        return structure_fixed(value, Suspension)

    converter.register_structure_hook(Suspension | PlannedSuspension, structure_suspension)
    converter.register_structure_hook(
        Expectation,
        make_dict_structure_fn(
            Expectation,
            converter,
            _cattrs_forbid_extra_keys=True,
            worst_case=override(rename="worst-case"),
        ),
    )
    for cls in (ExpectedFind, ExpectedWorstCase):
        converter.register_structure_hook(
            cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        )
    converter.register_structure_hook(
        Scenario,
        make_dict_structure_fn(
            Scenario, converter, _cattrs_forbid_extra_keys=True, source=override(omit=True)
        ),
    )
    return converter


CONVERTER = make_converter()


# -- reading files ------------------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """The file's TOML or JSON as a dict (by extension; .json is JSON, anything else TOML)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(source, "", f"cannot read the file: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(source, "", "the file is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                source,
                "",
                f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            ) from None
    else:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InputError(source, "", f"not valid TOML ({error})") from None
    if not isinstance(document, dict):
        raise InputError(source, "", "expected a table at the top of the file")
    return document


def load_scenario(path: Path | str) -> Scenario:
    path = Path(path)
    return structure_scenario(read_document(path), str(path))


def structure_scenario(document: Mapping[str, Any], source: str) -> Scenario:
    try:
        scenario = CONVERTER.structure(document, Scenario)
    except Exception as error:  # cattrs groups every failure; report the first, by field
        field, message = _first_error(error)
        raise InputError(source, field, message) from None
    scenario = attrs.evolve(scenario, source=source)
    check_consistency(scenario)
    return scenario


def _first_error(error: BaseException) -> tuple[str, str]:
    """The error to show from a cattrs exception group: (field path, message).

    A misspelt key explains the required field that seems missing, so unknown keys win.
    """
    leaves = list(_error_leaves(error, ""))
    for path, leaf in leaves:
        if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
            extra = sorted(leaf.extra_fields)[0]
            return _join(path, extra), "unknown field (misspelt?)"
    path, leaf = leaves[0]
    if isinstance(leaf, KeyError):
        return path, "required field is missing"
    if isinstance(leaf, FieldError):
        return _join(path, leaf.key), str(leaf)
    return path or "(top)", str(leaf) or type(leaf).__name__


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _error_leaves(error: BaseException, path: str) -> Iterator[tuple[str, BaseException]]:
    if isinstance(error, cattrs.ClassValidationError | cattrs.IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                # Show the file's own spelling of renamed keys.
                yield from _error_leaves(
                    inner, _join(path, "worst-case" if name == "worst_case" else str(name))
                )
            elif index is not None:
                yield from _error_leaves(inner, f"{path}[{index}]")
            else:
                yield from _error_leaves(inner, path)
        for inner in without:
            yield from _error_leaves(inner, path)
    elif isinstance(error, ExceptionGroup):
        for inner in error.exceptions:
            yield from _error_leaves(inner, path)
    else:
        yield path, error


# -- checks across fields -----------------------------------------------------------------------


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
        ("suspensions", scenario.fixed_suspensions),
        ("restrictions", scenario.restrictions),
    ):
        for item in items:
            i = _index(scenario, kind, item.id)
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
    ranges = [("suspensions", s) for s in scenario.fixed_suspensions] + [
        ("restrictions", r) for r in scenario.restrictions
    ]
    for n, (kind, item) in enumerate(ranges):
        for other_kind, other in ranges[:n]:
            if kind == other_kind == "suspensions":
                continue  # reported above
            if item.start <= other.end and other.start <= item.end:
                raise InputError(
                    source,
                    f"{kind}[{_index(scenario, kind, item.id)}].start",
                    f"{item.id!r} ({item.start} to {item.end}) overlaps {other.id!r} "
                    f"({other.start} to {other.end}); give each restricted day once",
                )

    for planned in scenario.planned_suspensions:
        i = _index(scenario, "suspensions", planned.id)
        if planned.end is None and planned.length is None:
            raise InputError(source, f"suspensions[{i}].end", "give end, length or both")

    names: set[str] = set()
    for i, investor in enumerate(scenario.investors):
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

    dates = scenario.dates
    if dates.effective < dates.registration_filed:
        raise InputError(
            source,
            "dates.effective",
            f"{dates.effective} is before the Registration Statement was filed "
            f"({dates.registration_filed})",
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

_RATE_DIGITS = frozenset("0123456789")


def _structure_share(value: Any, _: type) -> Decimal:
    """A rate or a fraction: a decimal string such as "0.015" (ASCII digits, one point)."""
    if not isinstance(value, str):
        raise ValueError(f'write a rate as a decimal string, e.g. "0.015" (got {value!r})')
    whole, point, fraction = value.partition(".")
    if (
        not whole
        or not set(whole) <= _RATE_DIGITS
        or (point and (not fraction or not set(fraction) <= _RATE_DIGITS))
    ):
        raise ValueError(f'expected a decimal such as "0.015", got {value!r}')
    return Decimal(value)


def _structure_window(value: Any, _: type) -> Window:
    if isinstance(value, str):
        if value not in NAMED_WINDOWS:
            raise ValueError(
                f"unknown window {value!r}; use {' or '.join(repr(w) for w in NAMED_WINDOWS)}, "
                "or { days = N } or { months = N } for a rolling window"
            )
        return Window(value)
    if isinstance(value, Mapping):
        if len(value) != 1 or next(iter(value)) not in ("days", "months"):
            raise ValueError("a rolling window is { days = N } or { months = N }")
        kind = next(iter(value))
        n = _structure_int(value[kind], int)
        if n < 1:
            raise FieldError(kind, f"must be at least 1 (got {n})")
        return Window(kind, n)
    raise ValueError(
        "expected 'registration-period', 'calendar-year', { days = N } or { months = N }, "
        f"got {value!r}"
    )


def _structure_period(value: Any, _: type) -> Period:
    if (
        not isinstance(value, Mapping)
        or len(value) != 1
        or next(iter(value))
        not in (
            "days",
            "months",
        )
    ):
        raise ValueError(f"expected {{ days = N }} or {{ months = N }}, got {value!r}")
    kind = next(iter(value))
    n = _structure_int(value[kind], int)
    if n < 1:
        raise FieldError(kind, f"must be at least 1 (got {n})")
    return Period(**{kind: n})


def _register_profile_hooks(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(Window, _structure_window)
    converter.register_structure_hook(Period, _structure_period)
    share = override(struct_hook=_structure_share)
    converter.register_structure_hook(
        Damages,
        make_dict_structure_fn(Damages, converter, _cattrs_forbid_extra_keys=True, rate=share),
    )
    converter.register_structure_hook(
        DamagesCap,
        make_dict_structure_fn(
            DamagesCap, converter, _cattrs_forbid_extra_keys=True, fraction=share
        ),
    )
    for cls in (
        AgreementHeader,
        Span,
        Deadlines,
        RegistrationPeriodTerm,
        Limit,
        Allowance,
    ):
        converter.register_structure_hook(
            cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        )
    converter.register_structure_hook(
        TermProfile,
        make_dict_structure_fn(
            TermProfile, converter, _cattrs_forbid_extra_keys=True, source=override(omit=True)
        ),
    )


_register_profile_hooks(CONVERTER)


def load_profile(path: Path | str) -> TermProfile:
    """A term profile file (TOML, or JSON by extension)."""
    path = Path(path)
    return structure_profile(read_document(path), str(path))


def structure_profile(document: Mapping[str, Any], source: str) -> TermProfile:
    try:
        profile = CONVERTER.structure(document, TermProfile)
    except Exception as error:  # cattrs groups every failure; report the first, by field
        field, message = _first_error(error)
        raise InputError(source, field, message) from None
    profile = attrs.evolve(profile, source=source)
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
    ends = profile.registration_period.ends
    if ends.unit not in ("years", "months", "calendar-days"):
        raise InputError(
            source, "registration_period.ends.unit", "use years, months or calendar-days"
        )
    if ends.after != "effective":
        raise InputError(
            source, "registration_period.ends.after", "the Registration Period runs from effective"
        )
