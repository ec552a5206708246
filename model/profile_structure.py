"""The values of a term profile that are not plain: a rate or a fraction, the window a limit
counts in, the period of a limit or of the damages. :mod:`model.converter` registers them on
the one converter.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from model.input_words import structure_int
from model.profiles import NAMED_WINDOWS, Period, Window
from model.scenario import FieldError

_RATE_DIGITS = frozenset("0123456789")


def structure_share(value: Any, _: type) -> Decimal:
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


def structure_window(value: Any, _: type) -> Window:
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
        n = structure_int(value[kind], int)
        if n < 1:
            raise FieldError(kind, f"must be at least 1 (got {n})")
        return Window(kind, n)
    raise ValueError(
        "expected 'registration-period', 'calendar-year', { days = N } or { months = N }, "
        f"got {value!r}"
    )


def structure_period(value: Any, _: type) -> Period:
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
    n = structure_int(value[kind], int)
    if n < 1:
        raise FieldError(kind, f"must be at least 1 (got {n})")
    return Period(**{kind: n})
