"""The range tables of a scenario file (model/scenario_structure.py): a start window
``{ earliest, latest }`` and a length ``{ min, max }`` take both ends and nothing else, and
say which key is wrong in the file's own words."""

from __future__ import annotations

import datetime as dt

import pytest

from model.scenario import DateRange, LengthRange
from model.scenario_structure import structure_date_range, structure_length_range


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"earliest": dt.date(2024, 3, 1)}, "a range needs both earliest and latest"),
        (
            {"earliest": dt.date(2024, 3, 1), "latest": dt.date(2024, 3, 8), "last": 1},
            'unknown key "last"; use earliest and latest',
        ),
        (
            {"earliest": dt.date(2024, 3, 8), "latest": dt.date(2024, 3, 1)},
            "latest 2024-03-01 is before earliest 2024-03-08",
        ),
    ],
)
def test_a_start_window_names_what_is_wrong(value: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        structure_date_range(value, DateRange)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"max": 5}, "a length range needs both min and max"),
        ({"min": 1, "max": 5, "most": 6}, 'unknown key "most"; use min and max'),
        ({"min": 5, "max": 3}, "max 3 is less than min 5"),
        ({"min": 0, "max": 3}, "a suspension lasts at least 1 business day (got 0)"),
    ],
)
def test_a_length_range_names_what_is_wrong(value: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        structure_length_range(value, LengthRange)
    assert str(raised.value) == message


def test_both_ends_given_are_the_range() -> None:
    window = {"earliest": dt.date(2024, 3, 1), "latest": dt.date(2024, 3, 8)}
    assert structure_date_range(window, DateRange) == DateRange(
        dt.date(2024, 3, 1), dt.date(2024, 3, 8)
    )
    assert structure_date_range(dt.date(2024, 3, 1), DateRange) == DateRange(
        dt.date(2024, 3, 1), dt.date(2024, 3, 1)
    )
    assert structure_length_range({"min": 2, "max": 5}, LengthRange) == LengthRange(2, 5)
    assert structure_length_range(4, LengthRange) == LengthRange(4, 4)
