"""The values of a scenario file that are not plain: a date or a range of dates, a length or a
range of lengths, the readings of [interpretation], a suspension fixed or planned, a restricted
day or "none". :mod:`model.converter` registers them on the one converter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from model.input_words import Date, describe, quoted, structure_date, structure_int, structure_str
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.scenario import DateRange, FieldError, LengthRange


def _ends(value: Mapping[str, Any], low: str, high: str, what: str) -> tuple[Any, Any]:
    """The two ends of a range table (``{ earliest = ..., latest = ... }``), both required and
    nothing else."""
    unknown = set(value) - {low, high}
    if unknown:
        raise ValueError(f"unknown key {quoted(sorted(unknown)[0])}; use {low} and {high}")
    if low not in value or high not in value:
        raise ValueError(f"{what} needs both {low} and {high}")
    return value[low], value[high]


def structure_date_range(value: Any, _: type) -> DateRange:
    if isinstance(value, Mapping):
        first, last = _ends(value, "earliest", "latest", "a range")
        earliest, latest = structure_date(first, Date), structure_date(last, Date)
        if latest < earliest:
            raise ValueError(f"latest {latest} is before earliest {earliest}")
        return DateRange(earliest, latest)
    day = structure_date(value, Date)
    return DateRange(day, day)


def structure_length_range(value: Any, _: type) -> LengthRange:
    if isinstance(value, Mapping):
        shortest, longest = _ends(value, "min", "max", "a length range")
        low, high = structure_int(shortest, int), structure_int(longest, int)
    else:
        low = high = structure_int(value, int)
    if low < 1:
        raise ValueError(f"a suspension lasts at least 1 business day (got {low})")
    if high < low:
        raise ValueError(f"max {high} is less than min {low}")
    return LengthRange(low, high)


def structure_interpretation(value: Any, _: type) -> Interpretation:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of NAME = READING, got {describe(value)}")
    interpretation = Interpretation()
    for name, reading in value.items():
        if name not in TERMS_BY_NAME:
            raise FieldError(
                name, f"unknown interpretation; choose one of: {', '.join(TERMS_BY_NAME)}"
            )
        try:
            interpretation = interpretation.with_reading(name, structure_str(reading, str))
        except ValueError as error:
            raise FieldError(name, str(error)) from None
    return interpretation


def is_planned(value: Mapping[str, Any]) -> bool:
    """Whether a [[suspensions]] table is a planned suspension (a range, a length, a day to
    cover, or no end) rather than a fixed one."""
    return (
        isinstance(value.get("start"), Mapping)
        or isinstance(value.get("end"), Mapping)
        or "end" not in value
        or "length" in value
        or "covers" in value
    )


def restricted_from_value(value: Any, _: type) -> Date | str:
    if value == "none":
        return "none"
    return structure_date(value, Date)
