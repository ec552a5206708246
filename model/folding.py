"""Z3 combinators that fold constants, for the terms of fixed suspensions.

z3's Python API builds ``And(False, x)`` as a term; the solver would fold it, but building it is
what costs when a history holds a thousand fixed suspensions (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import z3

# Z3 shares terms, so true and false are one node each: a constant is recognised by its
# address, without a call into Z3 (z3.is_true makes several, and the folding asks often).
TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


# z3.And, Or, Not and If check and coerce every argument, a dozen calls into Z3 and about 80
# microseconds a term; of terms already of the right sorts the same node is made by the one
# call they end in (creating no other term first, so Z3 numbers the terms as before). Building
# the model of a planned suspension was mostly these (docs/performance.md).
def conjunction(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """``z3.And(terms)``."""
    return _n_ary(terms, z3.BoolRef, z3.Z3_mk_and, z3.And)


def disjunction(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """``z3.Or(terms)``."""
    return _n_ary(terms, z3.BoolRef, z3.Z3_mk_or, z3.Or)


def total(terms: Sequence[z3.ArithRef]) -> z3.ArithRef:
    """``z3.Sum(terms)`` of integer terms."""
    return _n_ary(terms, z3.ArithRef, z3.Z3_mk_add, z3.Sum)


def _n_ary(terms: Sequence[Any], kind: type[Any], make: Any, api: Any) -> Any:
    """The term ``make`` (Z3's C call) builds of ``terms``, each a ``kind``; ``api`` (the
    checking Python function) when fewer than two or any other kind."""
    if len(terms) < 2 or not all(isinstance(t, kind) for t in terms):
        return api(terms)
    context = terms[0].ctx
    array = (z3.Ast * len(terms))(*(t.as_ast() for t in terms))
    return kind(make(context.ref(), len(terms), array), context)


def substituted(term: z3.ArithRef, placeholder: z3.ArithRef, value: z3.ArithRef) -> z3.ArithRef:
    """``z3.substitute(term, (placeholder, value))`` of integer terms (the Python API compares
    the pair's sorts first, in four calls)."""
    context = term.ctx
    sources = (z3.Ast * 1)(placeholder.as_ast())
    targets = (z3.Ast * 1)(value.as_ast())
    made = z3.Z3_substitute(context.ref(), term.as_ast(), 1, sources, targets)
    return z3.ArithRef(made, context)


def numeral(term: z3.ExprRef) -> int:
    """The value of an integer numeral (``as_long``, without the API's check of its sort)."""
    return int(z3.Z3_get_numeral_string(term.ctx_ref(), term.as_ast()))


def negation(a: z3.BoolRef) -> z3.BoolRef:
    """``z3.Not(a)``."""
    if not isinstance(a, z3.BoolRef):
        return z3.Not(a)
    return z3.BoolRef(z3.Z3_mk_not(a.ctx.ref(), a.as_ast()), a.ctx)


def ite(condition: z3.BoolRef, then: z3.ArithRef, otherwise: z3.ArithRef) -> z3.ArithRef:
    """``z3.If(condition, then, otherwise)`` of two integer terms (numbers go to z3.If, which
    makes their numerals first)."""
    if not (
        isinstance(condition, z3.BoolRef)
        and isinstance(then, z3.ArithRef)
        and isinstance(otherwise, z3.ArithRef)
    ):
        return z3.If(condition, then, otherwise)  # type: ignore[return-value]
    context = condition.ctx
    made = z3.Z3_mk_ite(context.ref(), condition.as_ast(), then.as_ast(), otherwise.as_ast())
    return z3.ArithRef(made, context)


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
    return negation(a)


def and_(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(is_false(t) for t in terms):
        return FALSE
    kept = [t for t in terms if not is_true(t)]
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else conjunction(kept)


def or_(*terms: z3.BoolRef) -> z3.BoolRef:
    if any(is_true(t) for t in terms):
        return TRUE
    kept = [t for t in terms if not is_false(t)]
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else disjunction(kept)


def if_(condition: z3.BoolRef, then: z3.ArithRef, otherwise: z3.ArithRef) -> z3.ArithRef:
    if is_true(condition):
        return then
    if is_false(condition):
        return otherwise
    return ite(condition, then, otherwise)


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
