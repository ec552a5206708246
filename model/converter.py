"""The one cattrs converter of the input files (scenarios and term profiles), and the shape
errors: every problem a field can show becomes one :class:`InputError` naming the file and the
field, in the file's own words. :mod:`model.loading` reads the files with it and checks what
one field cannot see.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from model.interpretations import TERMS_BY_NAME, Interpretation
from model.profiles import (
    NAMED_WINDOWS,
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
    ProfileScenario,
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

# CONTRACT.md: money is a string of ASCII digits with at most two places: no sign, exponent,
# underscore, separator, other digits or third place ([0-9] is ASCII only; \d is not).
_MONEY = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")


def describe(value: Any) -> str:
    """A value of the file in the file's own words (never Python's: no 'list', 'datetime')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time of day {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return "a value of another kind"


def _structure_date(value: Any, _: type) -> Date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got {describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) != 10 or not value.isascii():
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {describe(value)}") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {describe(value)}")


def _structure_decimal(value: Any, _: type) -> Decimal:
    example = 'write money as a string of digits with at most two places, like "1500000.00"'
    if isinstance(value, str) and _MONEY.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{example}, in quotes (got {describe(value)})")
    raise ValueError(f"{example} (got {describe(value)})")


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {describe(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {describe(value)}")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {describe(value)}")
    return value


def _structure_date_range(value: Any, _: type) -> DateRange:
    if isinstance(value, Mapping):
        unknown = set(value) - {"earliest", "latest"}
        if unknown:
            raise ValueError(f"unknown key {_key(sorted(unknown)[0])}; use earliest and latest")
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
            raise ValueError(f"unknown key {_key(sorted(unknown)[0])}; use min and max")
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


def _key(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def _structure_interpretation(value: Any, _: type) -> Interpretation:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of NAME = READING, got {describe(value)}")
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


Hook = Callable[[Any, type], Any]


def _at_first_use(make: Callable[[], Hook]) -> Hook:
    """A structure hook that cattrs generates (and compiles) the first time a file needs it:
    a 2003 scenario without expectations or planned suspensions never needs most of them, and
    each costs a compilation at start-up. What it does is the generated function's, unchanged."""
    made: list[Hook] = []  # a cache of generated code, not of any input

    def hook(value: Any, cls: type) -> Any:
        if not made:
            made.append(make())
        return made[0](value, cls)

    return hook


def _generated(cls: type, converter: cattrs.Converter, **overrides: Any) -> Hook:
    """cattrs' own structure function for the attrs class ``cls`` (unknown keys refused),
    generated at its first use."""
    return _at_first_use(
        lambda: make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, **overrides
        )
    )


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

    structure_fixed = _generated(Suspension, converter)
    structure_planned = _generated(PlannedSuspension, converter)

    def structure_suspension(value: Any, _: type) -> Suspension | PlannedSuspension:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a table, got {describe(value)}")
        if _is_planned(value):
            return structure_planned(value, PlannedSuspension)
        return structure_fixed(value, Suspension)

    converter.register_structure_hook(Suspension | PlannedSuspension, structure_suspension)
    converter.register_structure_hook(
        Expectation,
        _generated(Expectation, converter, worst_case=override(rename="worst-case")),
    )
    for cls in (ExpectedFind, ExpectedWorstCase):
        converter.register_structure_hook(cls, _generated(cls, converter))
    converter.register_structure_hook(
        Scenario, _generated(Scenario, converter, source=override(omit=True))
    )
    return converter


CONVERTER = make_converter()


# -- a file's document as a class, the first error by field -------------------------------------


T = typing.TypeVar("T")


def structure_file(document: Mapping[str, Any], cls: type[T], source: str) -> T:
    """A file's document as ``cls`` (a scenario or a term profile) by the one converter, its
    ``source`` set; every problem one :class:`InputError` naming the file and the field."""
    wrong = shape_error(document, cls, "")
    if wrong is not None:
        raise InputError(source, *wrong)
    try:
        value = CONVERTER.structure(document, cls)
    except Exception as error:  # cattrs groups every failure; report the first, by field
        field, message = _first_error(error)
        raise InputError(source, field, message) from None
    return attrs.evolve(value, source=source)  # type: ignore[misc]  # cls is an attrs class


# Classes read from a value that need not be a table (a date for a range, a number for a
# length) or that check their own table.
_OWN_SHAPE = (DateRange, LengthRange, Interpretation, Window, Period)


def shape_error(value: Any, annotation: Any, path: str) -> tuple[str, str] | None:
    """The first place where the file gives a list for a table, a table or a date for a list
    and so on, as (field, what was expected and what was given); None when every table and
    list is where the classes want one. Values inside are left to the converter's hooks.

    cattrs would take a string for a list (of its characters) and fail on a list where a
    table belongs in Python's words; this says it in the file's."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if value is None and len(options) < len(typing.get_args(annotation)):
            return None
        if set(options) == {Suspension, PlannedSuspension}:
            if not isinstance(value, Mapping):
                return path, f"expected a table, got {describe(value)}"
            planned = _is_planned(value)
            return shape_error(value, PlannedSuspension if planned else Suspension, path)
        return shape_error(value, options[0], path) if len(options) == 1 else None
    if origin is tuple:
        if not isinstance(value, list | tuple):
            return path, f"expected a list, got {describe(value)}"
        (item, _) = typing.get_args(annotation)
        for i, each in enumerate(value):
            found = shape_error(each, item, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if origin is dict:
        if not isinstance(value, Mapping):
            return path, f"expected a table, got {describe(value)}"
        item = typing.get_args(annotation)[1]
        for name, each in value.items():
            found = shape_error(each, item, _join(path, str(name)))
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and attrs.has(annotation) and annotation not in _OWN_SHAPE:
        if not isinstance(value, Mapping):
            return path or "(top)", f"expected a table, got {describe(value)}"
        hints = _hints(annotation)
        for field in attrs.fields(annotation):
            name = "worst-case" if field.name == "worst_case" else field.name
            if name in value:
                found = shape_error(value[name], hints[field.name], _join(path, name))
                if found is not None:
                    return found
    return None


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:  # a cache of what the classes say, not of any input
        # The fields' types as cattrs reads them: attrs resolves a class's annotations once
        # (typing.get_type_hints) and cattrs, generating its hook, finds them resolved.
        _HINTS[cls] = {field.name: field.type for field in attrs.fields(attrs.resolve_types(cls))}
    return _HINTS[cls]


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


# -- term profiles ------------------------------------------------------------------------------

_RATE_DIGITS = frozenset("0123456789")


def _structure_share(value: Any, _: type) -> Decimal:
    """A rate or a fraction: a decimal string such as "0.015" (ASCII digits, one point)."""
    if not isinstance(value, str):
        raise ValueError(f'write a rate as a decimal string, e.g. "0.015" (got {value!r})')
    if value.startswith("-") or value.endswith("%"):  # a plausible slip, named as such
        raise ValueError(f'more than 0 and at most 1: "10%" is "0.10" (got {value!r})')
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
    converter.register_structure_hook(Damages, _generated(Damages, converter, rate=share))
    converter.register_structure_hook(
        DamagesCap, _generated(DamagesCap, converter, fraction=share)
    )
    for cls in (
        AgreementHeader,
        Span,
        Deadlines,
        RegistrationPeriodTerm,
        Limit,
        Allowance,
    ):
        converter.register_structure_hook(cls, _generated(cls, converter))
    converter.register_structure_hook(
        TermProfile, _generated(TermProfile, converter, source=override(omit=True))
    )
    omit = override(omit=True)
    converter.register_structure_hook(
        ProfileScenario, _generated(ProfileScenario, converter, source=omit, profile=omit)
    )


_register_profile_hooks(CONVERTER)
