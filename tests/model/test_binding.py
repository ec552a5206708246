"""A model built once, a file's facts bound to it (model/binding.py): the value read back is the
term's value under the facts, exactly, however wide the packed integer; a term that reads an
input not bound is refused, never read as a value."""

from __future__ import annotations

import pytest
import z3

from model.binding import (
    DAY_BITS,
    Inputs,
    Numerals,
    evaluated,
    packed,
    probed,
    sources,
    unpacked_days,
)


def test_a_packed_verdict_of_many_days_reads_back_exactly() -> None:
    """Three bits and five days of 22 bits: a value far wider than 64 bits."""
    inputs = Inputs()
    flags = [inputs.bool(f"b{k}") for k in range(3)]
    days = [inputs.int(f"d{k}") for k in range(5)]
    term = packed(flags, [d + 1 for d in days])
    values: list[int | bool] = [True, False, True, 738_000, 0, 3, 2**DAY_BITS - 2, 1]
    numerals = Numerals()  # holds the numerals while Z3 reads the array
    word = evaluated(term, sources(inputs.variables), numerals.array(values))
    assert word.bit_length() > 64
    assert [word >> k & 1 for k in range(3)] == [1, 0, 1]
    assert unpacked_days(word, 3, 5) == [738_001, 1, 4, 2**DAY_BITS - 1, 2]


def test_a_term_reading_an_input_not_bound_is_refused() -> None:
    inputs = Inputs()
    numerals = Numerals()
    x = inputs.int("x")
    stray = z3.Int("fact.stray")
    with pytest.raises(RuntimeError, match="did not evaluate"):
        evaluated(x + stray, sources(inputs.variables), numerals.array([4]))
    with pytest.raises(RuntimeError, match="did not evaluate"):
        probed(x + stray, inputs.variables)
    probed(x * 2 + 1, inputs.variables)  # every input bound: it has a value


def test_a_boolean_term_is_not_read_as_a_number() -> None:
    inputs = Inputs()
    numerals = Numerals()
    x = inputs.int("x")
    with pytest.raises(RuntimeError, match="did not evaluate"):
        evaluated(x > 1, sources(inputs.variables), numerals.array([4]))  # type: ignore[arg-type]


def test_numerals_forgotten_past_the_bound_are_never_those_of_the_array_being_made() -> None:
    """A bound of 3 remembered numerals and arrays of 6 new ones: each array's numerals are all
    alive when Z3 reads them (forgetting in the middle of an array freed the first ones, and Z3
    then read freed terms), and the sums are right file after file."""
    inputs = Inputs()
    xs = [inputs.int(f"x{k}") for k in range(6)]
    term = z3.Sum(xs)
    numerals = Numerals(most=3)
    for start in (10, 100, 1000):
        values = list(range(start, start + 6))
        got = evaluated(term, sources(inputs.variables), numerals.array(values))
        assert got == sum(values)
