"""A model built once for its shape, a file's facts bound to it: what the 2003 model of a fixed
schedule (:mod:`model.bound_model`) and a term profile's (:mod:`model.allowance_bound`) share.

The model is one integer term over variables for a file's facts; what the verdict reads (its
bits, then its days as ordinals of ``DAY_BITS`` bits each) is packed into it. A file is two
calls into Z3: its facts substituted for the variables, and the result simplified to its value,
read back in one pass (docs/performance.md, "Validation from one built model").
"""

from __future__ import annotations

from collections.abc import Sequence

import z3

from model.folding import FALSE, TRUE

# Bits of each day (an ordinal) in the packed integer: every date ``datetime`` can hold.
DAY_BITS = 22


class Inputs:
    """The model's variables for a file's facts, in the order their values are given."""

    def __init__(self) -> None:
        self.variables: list[z3.ExprRef] = []

    def int(self, name: str) -> z3.ArithRef:
        variable = z3.Int(f"fact.{name}")
        self.variables.append(variable)
        return variable

    def bool(self, name: str) -> z3.BoolRef:
        variable = z3.Bool(f"fact.{name}")
        self.variables.append(variable)
        return variable


def packed(bits: Sequence[z3.BoolRef], days: Sequence[z3.ArithRef]) -> z3.ArithRef:
    """One integer holding ``bits`` (bit k the k-th) and, above them, ``days``."""
    terms = [z3.If(b, 2**k, 0) for k, b in enumerate(bits)] + [
        d * 2 ** (len(bits) + DAY_BITS * j) for j, d in enumerate(days)
    ]
    return z3.Sum(terms) if terms else z3.IntVal(0)


def unpacked_days(word: int, bits: int, days: int) -> list[int]:
    """The days of a packed value with ``bits`` bits below them."""
    mask = (1 << DAY_BITS) - 1
    return [word >> (bits + DAY_BITS * j) & mask for j in range(days)]


class Numerals:
    """Numerals remembered (many files share dates; a look-up costs less than a call into Z3),
    at most a bounded number, so that memory stays flat over many files. An array's numerals
    are held here until the next array is made: Z3 frees a term nothing holds, and the array
    holds only pointers."""

    def __init__(self, most: int = 100_000) -> None:
        self._most = most
        self._terms: dict[int, z3.ExprRef] = {}

    def __call__(self, value: int | bool) -> z3.ExprRef:
        if value is True or value is False:
            return TRUE if value else FALSE
        term = self._terms.get(value)
        if term is None:
            term = self._terms[value] = z3.IntVal(value)
        return term

    def array(self, values: Sequence[int | bool]) -> object:
        """The numerals of ``values`` as the array :func:`evaluated` substitutes. Forgetting
        the remembered ones happens before the array is made, never while it is."""
        if len(self._terms) + len(values) > self._most:
            self._terms.clear()
        return (z3.Ast * len(values))(*(self(v).as_ast() for v in values))


def sources(variables: Sequence[z3.ExprRef]) -> object:
    """The variables as the array :func:`evaluated` substitutes for."""
    return (z3.Ast * len(variables))(*(v.as_ast() for v in variables))


def evaluated(term: z3.ExprRef, sources: object, targets: object) -> int:
    """``term`` with the inputs ``sources`` replaced by the numerals ``targets``, simplified to
    its value: two calls into Z3, where the Python API checks every pair first."""
    context = term.ctx
    ref = context.ref()
    n = len(targets)  # type: ignore[arg-type]
    # Each result is held by an ExprRef (which keeps Z3's count of it) while it is used.
    bound = z3.ExprRef(z3.Z3_substitute(ref, term.as_ast(), n, sources, targets), context)
    value = z3.ExprRef(z3.Z3_simplify(ref, bound.as_ast()), context)
    if (
        z3.Z3_get_ast_kind(ref, value.as_ast()) != z3.Z3_NUMERAL_AST
        or z3.Z3_get_sort_kind(ref, z3.Z3_get_sort(ref, value.as_ast())) != z3.Z3_INT_SORT
    ):
        # an input left unbound: a modelling error
        raise RuntimeError(f"the model of a fixed schedule did not evaluate: {value}")
    return int(z3.Z3_get_numeral_string(ref, value.as_ast()))


def probed(term: z3.ExprRef, variables: Sequence[z3.ExprRef]) -> None:
    """Check that every variable ``term`` reads is one of ``variables``: with all of them bound
    (to anything) it has a value, which evaluating a file's facts relies on."""
    probe = [FALSE if z3.is_bool(v) else z3.IntVal(0) for v in variables]
    evaluated(term, sources(variables), (z3.Ast * len(probe))(*(p.as_ast() for p in probe)))


def bit(word: int, k: int) -> bool:
    return bool(word >> k & 1)
