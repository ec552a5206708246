"""The one cattrs converter of the input files (scenarios and term profiles), and the shape
errors: every problem a field can show becomes one :class:`InputError` naming the file and the
field, in the file's own words. The hooks it registers read the plain values
(:mod:`model.input_words`), a scenario's other values (:mod:`model.scenario_structure`) and a
profile's (:mod:`model.profile_structure`); :mod:`model.loading` reads the files with it and
checks what one field cannot see.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from model.input_words import (
    Date,
    InputError,
    describe,
    first_error,
    join,
    structure_bool,
    structure_date,
    structure_decimal,
    structure_int,
    structure_str,
)
from model.interpretations import Interpretation
from model.profile_structure import structure_period, structure_share, structure_window
from model.profiles import (
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
    LengthRange,
    PlannedSuspension,
    ProfileScenario,
    Scenario,
    Suspension,
)
from model.scenario_structure import (
    is_planned,
    restricted_from_value,
    structure_date_range,
    structure_interpretation,
    structure_length_range,
)

# -- the converter ------------------------------------------------------------------------------

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
    converter.register_structure_hook(Date, structure_date)
    converter.register_structure_hook(Decimal, structure_decimal)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(DateRange, structure_date_range)
    converter.register_structure_hook(LengthRange, structure_length_range)
    converter.register_structure_hook(Interpretation, structure_interpretation)
    converter.register_structure_hook(Date | str, restricted_from_value)

    structure_fixed = _generated(Suspension, converter)
    structure_planned = _generated(PlannedSuspension, converter)

    def structure_suspension(value: Any, _: type) -> Suspension | PlannedSuspension:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a table, got {describe(value)}")
        if is_planned(value):
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
    _register_profile_hooks(converter)
    return converter


def _register_profile_hooks(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(Window, structure_window)
    converter.register_structure_hook(Period, structure_period)
    share = override(struct_hook=structure_share)
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
        field, message = first_error(error)
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
            planned = is_planned(value)
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
            found = shape_error(each, item, join(path, str(name)))
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
                found = shape_error(value[name], hints[field.name], join(path, name))
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
