"""Z3 combinators that fold constants, for the terms of fixed suspensions.

z3's Python API builds ``And(False, x)`` as a term; the solver would fold it, but building it is
what costs when a history holds a thousand fixed suspensions (docs/performance.md).
"""

from __future__ import annotations

import z3

# Z3 shares terms, so true and false are one node each: a constant is recognised by its
# address, without a call into Z3 (z3.is_true makes several, and the folding asks often).
TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


def is_true(term: z3.BoolRef) -> bool:
    return bool(term.ast.value == TRUE.ast.value)


def is_false(term: z3.BoolRef) -> bool:
    return bool(term.ast.value == FALSE.ast.value)


def folded(definition: z3.BoolRef, variable: z3.BoolRef) -> z3.BoolRef:
    """``variable == value``'s value when it is a constant, else the variable."""
    value = definition.arg(1)
    return value if is_true(value) or is_false(value) else variable


def not_(a: z3.BoolRef) -> z3.BoolRef:
    if is_true(a):
        return FALSE
    if is_false(a):
        return TRUE
    return z3.Not(a)


def and_(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(is_false(t) for t in terms):
        return FALSE
    kept = [t for t in terms if not is_true(t)]
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else z3.And(kept)


def or_(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(is_true(t) for t in terms):
        return TRUE
    kept = [t for t in terms if not is_false(t)]
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else z3.Or(kept)


def if_(condition: z3.BoolRef, then: z3.ArithRef, otherwise: z3.ArithRef) -> z3.ArithRef:
    if is_true(condition):
        return then
    if is_false(condition):
        return otherwise
    return z3.If(condition, then, otherwise)


def constants_of(term: z3.ArithRef) -> tuple[int, ...]:
    """The values a day term may take when it is a constant or an If over constants (the
    Registration Period's end under the two leap-day readings); empty otherwise."""
    if z3.is_int_value(term):
        return (term.as_long(),)
    if z3.is_app_of(term, z3.Z3_OP_ITE):
        branches = [constants_of(term.arg(1)), constants_of(term.arg(2))]
        if all(branches):
            return tuple(v for branch in branches for v in branch)
    return ()


def day(term: z3.ArithRef, known: int | None) -> int:
    """A fixed suspension's day: its ordinal where known, else the constant the term is."""
    return known if known is not None else constant(term)


def constant(term: z3.ArithRef) -> int:
    """A fixed suspension's day, which is a constant of the model."""
    value = term.as_long() if z3.is_int_value(term) else as_int(term)
    if not isinstance(value, int):
        raise TypeError(f"expected a constant day, got {term}")
    return value


def as_int(term: z3.ArithRef) -> z3.ArithRef | int:
    """Fold a constant index so the encoding can look it up instead of building arithmetic."""
    simplified = z3.simplify(term)
    return simplified.as_long() if z3.is_int_value(simplified) else term
