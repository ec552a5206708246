"""``rrcheck prove --agreement ID|FILE``: the properties a term profile's limits state, each
proved by Z3 over every schedule of K suspensions in a Registration Period (its negation unsat)
and shown attained by a witness (sat). The Z3 side is :mod:`model.allowance_properties`; here
the profile is named and the results take :mod:`checks.prove`'s shape, so the reports print
them as they print the 2003 agreement's."""

from __future__ import annotations

from checks.agreements import resolve_profile
from checks.prove import ProofResult
from model.allowance_properties import limit_properties, prove_profile
from model.loading import InputError
from model.solver import SolverSettings


def prove_agreement(name: str, settings: SolverSettings) -> list[ProofResult]:
    """The properties of the profile ``name`` (a bundled id or a profile file)."""
    profile = resolve_profile(name)
    if profile.agreement.mechanics is not None:
        raise InputError(
            name,
            "--agreement",
            f"{profile.id} is the 2003 agreement, whose properties are `rrcheck prove` without "
            "--agreement",
        )
    if not limit_properties(profile):
        raise InputError(name, "--agreement", f"{profile.id} states no limit to prove")
    return [
        ProofResult(r.name, r.statement, r.status, r.detail)
        for r in prove_profile(profile, settings)
    ]
