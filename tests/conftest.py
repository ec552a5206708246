"""Hypothesis settings for the mutation run (docs/testing.md, "Mutation testing").

With RRCHECK_HYPOTHESIS_PROFILE=mutation every property test runs RRCHECK_MUTATION_SCALE
(default 0.08) of its own examples, at least 2, and does not shrink: each mutant runs the tests
again and the first failing example is enough to kill it. The differential test then runs 200
of its 2,500 examples, the planning brute-force tests 2 of their 25. Without the variable
nothing changes: CI runs each test's own settings.
"""

from __future__ import annotations

import atexit
import math
import os
import shutil
import tempfile

import pytest
from hypothesis import Phase, settings

# The calendars' tables kept on disk (model/calendars.py) are this run's own, not the user's.
if "RRCHECK_CACHE_DIR" not in os.environ:
    os.environ["RRCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="rrcheck-tables-")
    atexit.register(shutil.rmtree, os.environ["RRCHECK_CACHE_DIR"], True)

MUTATION = os.environ.get("RRCHECK_HYPOTHESIS_PROFILE") == "mutation"
SCALE = float(os.environ.get("RRCHECK_MUTATION_SCALE", "0.08"))
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)

settings.register_profile("mutation", max_examples=8, phases=NO_SHRINK, deadline=None)
if MUTATION:
    settings.load_profile("mutation")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test's own @settings(max_examples=...) outranks any profile, so scale it here.
    if not MUTATION:
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None:
            examples = max(2, math.ceil(own.max_examples * SCALE))
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=examples, phases=NO_SHRINK
            )
