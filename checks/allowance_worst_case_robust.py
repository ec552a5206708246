"""``rrcheck worst-case --robust`` under a term profile: the most (``--least``: the least) the
Company can owe under every combination of the profile's own readings (the terms of READING.md
section 7 a profile's scenario reads: ``notice-day`` and ``lead-time``, as ``validate --robust``
under a profile iterates them, :func:`checks.allowance.robust_profile`).

Each reading is one ``worst-case`` of its own (:func:`checks.allowance_worst_case.solved`: the
optimum proved to the cent, the witness re-validated by the Z3 model of a fixed schedule and the
reference reading). The answer is the worst over the readings, under the reading that gives it
(the file's own when it does, else the one that changes the fewest terms from it, then the first
in the readings' order), with the spread (the smallest and the largest per-reading optimum) in
the 2003 JSON shape, and the answer under each reading (``by_reading``). A reading out of time
makes the answer ``unknown``, with the bounds its readings prove.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import attrs

from checks.allowance import PROFILE_TERMS, ProfileVerdict, _wrapped
from checks.allowance_worst_case import solved, worst_case_text
from model.interpretations import TERMS_BY_NAME
from model.scenario import ProfileScenario
from model.solver import SolverSettings, out_of_time

Readings = dict[str, str]


def robust_worst_case(
    scenario: ProfileScenario,
    least: bool = False,
    settings: SolverSettings | None = None,
    investor: str | None = None,
) -> tuple[dict[str, Any], ProfileVerdict | None]:
    """(the answer over every reading, the witness's verdict of the reading chosen)."""
    own = scenario.interpretation
    own_readings = {term: own.as_dict()[term] for term in PROFILE_TERMS}
    choices = [TERMS_BY_NAME[term].readings for term in PROFILE_TERMS]
    per: list[tuple[Readings, dict[str, Any], ProfileVerdict | None]] = []
    for combination in itertools.product(*choices):
        readings = dict(zip(PROFILE_TERMS, combination, strict=True))
        interpretation = own
        for term, reading in readings.items():
            interpretation = interpretation.with_reading(term, reading)
        under = attrs.evolve(scenario, interpretation=interpretation)
        answer, verdict = solved(under, least, settings, investor)
        per.append((readings, answer, verdict))
    by_reading = [_reading_row(readings, answer) for readings, answer, _ in per]
    optimal = [(r, a, v) for r, a, v in per if a["status"] == "optimal"]
    unknown = [r for r, a, _ in per if a["status"] == "unknown"]
    if unknown:
        return _unknown(per, unknown, least, own_readings, by_reading, settings), None
    if not optimal:  # the bounds are the same under every reading: the file's own says why
        answer = dict(next(a for r, a, _ in per if r == own_readings))
        answer.update(_robust_fields(len(per), own_readings, None, by_reading))
        return answer, None

    def value(answer: dict[str, Any]) -> Decimal:
        return Decimal(answer["investor_payments" if investor is not None else "total_payments"])

    best = (min if least else max)(value(a) for _, a, _ in optimal)
    attaining = [(r, a, v) for r, a, v in optimal if value(a) == best]

    def changes(readings: Readings) -> int:
        return sum(readings[t] != own_readings[t] for t in PROFILE_TERMS)

    chosen, answer, verdict = min(attaining, key=lambda rav: changes(rav[0]))  # stable: order
    ends = sorted(optimal, key=lambda rav: value(rav[1]))
    spread = {
        end: {
            "payments": f"{value(a):.2f}",
            "interpretation": r,
            "schedule": a["schedule"],
        }
        for end, (r, a, _) in (("smallest", ends[0]), ("largest", ends[-1]))
    }
    out = dict(answer)
    out.update(_robust_fields(len(per), chosen, spread, by_reading))
    return out, verdict


def _robust_fields(
    n: int, chosen: Readings, spread: dict[str, Any] | None, by_reading: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "robust": True,
        "readings": n,
        "interpretation": chosen,
        "spread": spread,
        "by_reading": by_reading,
    }


def _reading_row(readings: Readings, answer: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "interpretation": readings,
        "status": answer["status"],
        "total_payments": answer["total_payments"],
    }
    if "investor" in answer:
        row["investor_payments"] = answer["investor_payments"]
    row["schedule"] = answer["schedule"]
    for key in ("lower_bound", "upper_bound"):
        if key in answer:
            row[key] = answer[key]
    return row


def _unknown(
    per: list[tuple[Readings, dict[str, Any], ProfileVerdict | None]],
    unknown: list[Readings],
    least: bool,
    own: Readings,
    by_reading: list[dict[str, Any]],
    settings: SolverSettings | None,
) -> dict[str, Any]:
    """Out of time under some reading: no answer, and what the readings prove of the optimum
    over all of them (for the most: at least the largest proved lower end, at most the largest
    upper end when every reading has one; for the least, the mirror)."""
    key = "investor_payments" if "investor" in per[0][1] else "total_payments"
    lows: list[Decimal | None] = []
    highs: list[Decimal | None] = []
    for _, a, _ in per:
        if a["status"] == "optimal":
            lows.append(Decimal(a[key]))
            highs.append(Decimal(a[key]))
        elif a["status"] == "unknown":
            lows.append(_decimal(a.get("lower_bound")))
            highs.append(_decimal(a.get("upper_bound")))
    known_lows = [x for x in lows if x is not None]
    known_highs = [x for x in highs if x is not None]
    every_low = len(known_lows) == len(lows)
    every_high = len(known_highs) == len(highs)
    if least:
        lower = min(known_lows) if every_low and known_lows else None
        upper = min(known_highs) if known_highs else None
    else:
        lower = max(known_lows) if known_lows else None
        upper = max(known_highs) if every_high and known_highs else None
    named = "; ".join(", ".join(f"{k}={v}" for k, v in r.items()) for r in unknown)
    answer = dict(next(a for r, a, _ in per if r == own))
    answer.update(
        status="unknown",
        total_payments=None,
        schedule=[],
        payments=[],
        best_bound=None,
        lower_bound=None if lower is None else f"{lower:.2f}",
        upper_bound=None if upper is None else f"{upper:.2f}",
        message=f"the solver ran {out_of_time(settings)} under {named}; no answer over every "
        "reading is proved, and the bounds are what the readings prove of it",
    )
    for key in ("compliant", "violations", "suspensions", "obstacles"):
        answer.pop(key, None)
    if "investor" in answer:
        answer["investor_payments"] = None
    answer.update(_robust_fields(len(per), own, None, by_reading))
    return answer


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def robust_text(answer: dict[str, Any], verdict: ProfileVerdict | None, path: str) -> str:
    """The text of ``worst-case --robust`` under a profile: the reading chosen, the spread and
    the optimum under each reading, then the answer as plain ``worst-case`` words it."""
    most = answer["objective"] == "max-payments"
    terms = ", ".join(PROFILE_TERMS)
    lines = [f"  under every reading ({answer['readings']} combinations of {terms}):"]
    if answer["status"] == "optimal":
        chosen = ", ".join(f"{k}={v}" for k, v in answer["interpretation"].items())
        lines.append(f"    the {'most' if most else 'least'} is under {chosen}")
        spread = answer["spread"]
        low, high = spread["smallest"], spread["largest"]
        lines.append(
            f"    per-reading {'maximum' if most else 'minimum'}: from {low['payments']} "
            f"({_words(low['interpretation'])}) to {high['payments']} "
            f"({_words(high['interpretation'])})"
        )
    for row in answer["by_reading"]:
        placed = ", ".join(f"{p['id']} {p['start']} to {p['end']}" for p in row["schedule"])
        total = row["total_payments"] or "(none)"
        lines.append(
            f"    {_words(row['interpretation'])}: {row['status']}, total {total}"
            + (f"; {placed}" if placed else "")
        )
    return worst_case_text(answer, verdict, path) + "".join(_wrapped(x) + "\n" for x in lines)


def _words(readings: Readings) -> str:
    return ", ".join(f"{k}={v}" for k, v in readings.items())
