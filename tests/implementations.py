"""The two implementations of the reading: the Z3 model (validate) and the reference evaluator.
Boundary tests run against both, so each boundary is pinned in each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checks.validate import validate
from model.findings import Verdict
from model.reference import evaluate
from model.scenario import Scenario

IMPLEMENTATIONS: dict[str, Callable[[Scenario], Verdict]] = {
    "z3-model": validate,
    "reference": evaluate,
}

each_implementation = pytest.mark.parametrize(
    "check", list(IMPLEMENTATIONS.values()), ids=list(IMPLEMENTATIONS)
)
