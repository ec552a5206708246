"""The words of the input files' errors, shared by scenarios and term profiles: the one
:class:`InputError` naming the file and the field, a value described in the file's own words,
the plain values (dates, money, whole numbers, true or false, strings) read with those words,
and the first error of a failed conversion, by field. :mod:`model.converter` puts them together.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import cattrs

from model.scenario import FieldError

Date = dt.date


class InputError(Exception):
    """Bad input: one message naming the file and the field."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        self.message = message
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")


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


def quoted(name: str) -> str:
    """A key of the file as the file spells it, in quotes."""
    return json.dumps(name, ensure_ascii=False)


def join(path: str, key: str) -> str:
    """The field ``key`` inside the field ``path`` (``path`` empty at the top)."""
    return f"{path}.{key}" if path else key


# -- the plain values ---------------------------------------------------------------------------


def structure_date(value: Any, _: type) -> Date:
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


def structure_decimal(value: Any, _: type) -> Decimal:
    example = 'write money as a string of digits with at most two places, like "1500000.00"'
    if isinstance(value, str) and _MONEY.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{example}, in quotes (got {describe(value)})")
    raise ValueError(f"{example} (got {describe(value)})")


def structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {describe(value)}")
    return value


def structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {describe(value)}")
    return value


def structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {describe(value)}")
    return value


# -- the first error of a failed conversion -----------------------------------------------------


def first_error(error: BaseException) -> tuple[str, str]:
    """The error to show from a cattrs exception group: (field path, message).

    A misspelt key explains the required field that seems missing, so unknown keys win.
    """
    leaves = list(_error_leaves(error, ""))
    for path, leaf in leaves:
        if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
            extra = sorted(leaf.extra_fields)[0]
            return join(path, extra), "unknown field (misspelt?)"
    path, leaf = leaves[0]
    if isinstance(leaf, KeyError):
        return path, "required field is missing"
    if isinstance(leaf, FieldError):
        return join(path, leaf.key), str(leaf)
    return path or "(top)", str(leaf) or type(leaf).__name__


def _error_leaves(error: BaseException, path: str) -> Iterator[tuple[str, BaseException]]:
    if isinstance(error, cattrs.ClassValidationError | cattrs.IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                # Show the file's own spelling of renamed keys.
                yield from _error_leaves(
                    inner, join(path, "worst-case" if name == "worst_case" else str(name))
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
