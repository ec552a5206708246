"""The agreement's ambiguous terms and the readings rrcheck knows (READING.md section 7).

One table: the scenario loader, ``--interpretation``, the robust check and the reports all
read it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import attrs


@attrs.frozen
class Term:
    """An ambiguous term: its name, the default reading first, the alternatives after."""

    name: str
    readings: tuple[str, ...]
    words: str
    section: str
    meaning: Mapping[str, str]

    @property
    def default(self) -> str:
        return self.readings[0]


TERMS: tuple[Term, ...] = (
    Term(
        "spacing",
        ("tenth-business-day", "ten-clear-business-days"),
        "begin less than ten (10) business days after the last day of the preceding suspension",
        "3(h)(ii)",
        {
            "tenth-business-day": "a suspension may begin on the 10th business day after the "
            "last day of the preceding one",
            "ten-clear-business-days": "a suspension may begin only on the 11th business day "
            "after the last day of the preceding one",
        },
    ),
    Term(
        "count",
        ("permitted-only", "every-suspension"),
        "up to two such suspension periods",
        "3(h)",
        {
            "permitted-only": "only earlier suspensions that were at least partly a Permitted "
            "Suspension Period use up one of the two",
            "every-suspension": "every earlier suspension in the Registration Period uses up one "
            "of the two",
        },
    ),
    Term(
        "overlength",
        ("first-fifteen", "whole"),
        "shall not ... be for more than fifteen (15) business days",
        "3(h)(i)",
        {
            "first-fifteen": "the first 15 business days of an over-long suspension are a "
            "Permitted Suspension Period",
            "whole": "an over-long suspension is not a Permitted Suspension Period at all",
        },
    ),
    Term(
        "notice",
        ("condition", "covenant"),
        "provided further that the Company shall, if lawful to do so, provide the Investor with "
        "at least two (2) business days' notice of the existence (but not the substance of) a "
        "Potential Material Event",
        "3(h)",
        {
            "condition": "without the advance notice the suspension is not a Permitted "
            "Suspension Period",
            "covenant": "a missing advance notice is a broken covenant, but the suspension can "
            "still be a Permitted Suspension Period",
        },
    ),
    Term(
        "penalty-window",
        ("cross-reference", "literal-90-days"),
        "if there is a Restricted Sale Date within ninety (90) days after the Initial Required "
        "Effective Date",
        "2(b)(ii), 3(h)",
        {
            "cross-reference": "a restricted day of a suspension anywhere in the Registration "
            "Period gives rise to payments (3(h) applies Section 2(b) to it)",
            "literal-90-days": "only Restricted Sale Dates no later than 90 days after the "
            "Initial Required Effective Date give rise to payments",
        },
    ),
    Term(
        "leap-day",
        ("feb-28", "mar-1"),
        "two (2) years after the Effective Date",
        "3(a)",
        {
            "feb-28": "two years after 29 February is 28 February",
            "mar-1": "two years after 29 February is 1 March",
        },
    ),
)

TERMS_BY_NAME: dict[str, Term] = {t.name: t for t in TERMS}


def _reading(term: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:  # type: ignore[type-arg]
        readings = TERMS_BY_NAME[term].readings
        if value not in readings:
            raise ValueError(f"unknown reading {value!r}; choose one of: {', '.join(readings)}")

    return attrs.field(default=TERMS_BY_NAME[term].default, validator=check)


@attrs.frozen
class Interpretation:
    """One reading of each ambiguous term; the defaults are READING.md's."""

    spacing: str = _reading("spacing")
    count: str = _reading("count")
    overlength: str = _reading("overlength")
    notice: str = _reading("notice")
    penalty_window: str = _reading("penalty-window")
    leap_day: str = _reading("leap-day")

    def as_dict(self) -> dict[str, str]:
        """Term name (as READING.md spells it) -> reading."""
        return {t.name: getattr(self, _attribute(t.name)) for t in TERMS}

    def with_reading(self, term: str, reading: str) -> Interpretation:
        if term not in TERMS_BY_NAME:
            raise ValueError(
                f"unknown interpretation {term!r}; choose one of: " + ", ".join(TERMS_BY_NAME)
            )
        return attrs.evolve(self, **{_attribute(term): reading})


def _attribute(term: str) -> str:
    return term.replace("-", "_")


def every_interpretation() -> Iterator[Interpretation]:
    """All 64 combinations of readings, the all-default one first."""
    for combination in itertools.product(*(t.readings for t in TERMS)):
        yield Interpretation(
            **{_attribute(t.name): r for t, r in zip(TERMS, combination, strict=True)}
        )
