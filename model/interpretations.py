"""The agreement's ambiguous terms and the readings rrcheck knows (READING.md section 7).

One table: the scenario loader, ``--interpretation``, the robust check and the reports all
read it. A text that states one of the agreement's numbers is a function of the terms
(model/terms.py), read when the text is: the loader of those terms reads this table, so the
table cannot read them when it is built.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from model.terms import AgreementTerms, focus_2003, ordinal
from model.terms import Term as AgreementTerm

Text = str | Callable[[AgreementTerms], str]


def _text(text: Text, terms: AgreementTerms) -> str:
    return text if isinstance(text, str) else text(terms)


@attrs.frozen
class Term:
    """An ambiguous term: its name, the default reading first, the alternatives after."""

    name: str
    readings: tuple[str, ...]
    _words: Text = attrs.field(alias="words")
    section: str
    _meaning: Mapping[str, Text] = attrs.field(alias="meaning")

    @property
    def default(self) -> str:
        return self.readings[0]

    # Read when the text is: focus_2003() loads the profile with the loader that reads TERMS.
    @property
    def words(self) -> str:
        """The agreement's words of the term."""
        return self.words_under(focus_2003())

    @property
    def meaning(self) -> Mapping[str, str]:
        """Reading -> what it means, in a sentence."""
        return self.meaning_under(focus_2003())

    def words_under(self, terms: AgreementTerms) -> str:
        return _text(self._words, terms)

    def meaning_under(self, terms: AgreementTerms) -> Mapping[str, str]:
        return {reading: _text(text, terms) for reading, text in self._meaning.items()}


TERMS: tuple[Term, ...] = (
    Term(
        "spacing",
        ("tenth-business-day", "ten-clear-business-days"),
        lambda t: t.suspension_gap.words,
        "3(h)(ii)",
        {
            "tenth-business-day": lambda t: "a suspension may begin on the "
            f"{ordinal(t.suspension_gap.n)} business day after the last day of the preceding one",
            "ten-clear-business-days": lambda t: "a suspension may begin only on the "
            f"{ordinal(t.suspension_gap.n + 1)} business day after the last day of the "
            "preceding one",
        },
    ),
    Term(
        "count",
        ("permitted-only", "every-suspension"),
        lambda t: t.suspension_limit.words,
        "3(h)",
        {
            "permitted-only": lambda t: "only earlier suspensions that were at least partly a "
            f"Permitted Suspension Period use up one of the {t.suspension_limit.spelled()}",
            "every-suspension": lambda t: "every earlier suspension in the Registration Period "
            f"uses up one of the {t.suspension_limit.spelled()}",
        },
    ),
    Term(
        "overlength",
        ("first-fifteen", "whole"),
        lambda t: t.suspension_length.words,
        "3(h)(i)",
        {
            "first-fifteen": lambda t: f"the first {t.suspension_length.in_words()} of an "
            "over-long suspension are a Permitted Suspension Period",
            "whole": "an over-long suspension is not a Permitted Suspension Period at all",
        },
    ),
    Term(
        "notice",
        ("condition", "covenant"),
        lambda t: f"provided further that {t.suspension_notice.words} of the existence (but not "
        "the substance of) a Potential Material Event",
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
        lambda t: f"if there is a Restricted Sale Date {t.penalty_window.words}",
        "2(b)(ii), 3(h)",
        {
            "cross-reference": "a restricted day of a suspension anywhere in the Registration "
            "Period gives rise to payments (3(h) applies Section 2(b) to it)",
            "literal-90-days": lambda t: "only Restricted Sale Dates no later than "
            f"{t.penalty_window.in_words()} after the Initial Required Effective Date give rise "
            "to payments",
        },
    ),
    Term(
        "leap-day",
        ("feb-28", "mar-1"),
        lambda t: f"{_agreement_count(t.registration_years)} years after the Effective Date",
        "3(a)",
        {
            "feb-28": lambda t: f"{t.registration_years.spelled()} years after 29 February is "
            "28 February",
            "mar-1": lambda t: f"{t.registration_years.spelled()} years after 29 February is "
            "1 March",
        },
    ),
    Term(
        "notice-day",
        ("next-business-day", "as-given"),
        "Notices required or permitted to be given hereunder shall be given in the manner "
        "contemplated by the Purchase Agreement",
        "11(b)",
        {
            "next-business-day": "a notice, copy, confirmation, delivery or filing dated on a day "
            "that is not a business day is deemed made on the next business day",
            "as-given": "every act counts on the day given, business day or not",
        },
    ),
    Term(
        "lead-time",
        ("nth-business-day", "clear-business-days"),
        lambda t: f"at least {_agreement_count(t.suspension_notice)} business days' notice ... "
        f"{t.filing_notice.words} to such filing",
        "3(h), 3(c), 3(d)",
        {
            "nth-business-day": "what needs N business days' notice may fall on the N-th "
            "business day after the notice",
            "clear-business-days": "N whole business days lie between the notice and what it "
            "announces: not before the (N + 1)-th business day after the notice",
        },
    ),
    Term(
        "late-filing-cure",
        ("filing", "effectiveness"),
        "if the Registration Statement is not filed forty-five (45) days after the Required "
        "Filing Date, the Periodic Amount ... will aggregate one and one-half (1-1/2%) percent "
        "of the Purchase Price ... if the Registration Statement has not been declared effective",
        "2(b)(iii), (v), (vii)",
        {
            "filing": "the late-filing Periodic Amounts run from the Required Filing Date until "
            "the Registration Statement is filed",
            "effectiveness": "the late-filing Periodic Amounts run from the Required Filing Date "
            "until the Registration Statement is declared effective",
        },
    ),
)

TERMS_BY_NAME: dict[str, Term] = {t.name: t for t in TERMS}


def _agreement_count(term: AgreementTerm) -> str:
    """``two (2)``: a count as the agreement writes it."""
    return f"{term.spelled()} ({term.n})"


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
    notice_day: str = _reading("notice-day")
    lead_time: str = _reading("lead-time")
    late_filing_cure: str = _reading("late-filing-cure")

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


CLEAR_BUSINESS_DAYS = "clear-business-days"  # the alternative reading of ``lead-time``


def lead_business_days(n: int, lead_time: str) -> int:
    """ "At least ``n`` business days before X" under the reading ``lead-time``: X may fall on
    ``bd_after(notice, n)``, or only on ``bd_after(notice, n + 1)`` under clear-business-days."""
    return n + 1 if lead_time == CLEAR_BUSINESS_DAYS else n


def every_interpretation() -> Iterator[Interpretation]:
    """All 512 combinations of readings, the all-default one first."""
    for combination in itertools.product(*(t.readings for t in TERMS)):
        yield Interpretation(
            **{_attribute(t.name): r for t, r in zip(TERMS, combination, strict=True)}
        )
