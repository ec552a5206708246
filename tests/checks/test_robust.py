"""`validate --robust`: all 512 readings from one shared model, robustness and flips."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.robust import robust
from checks.validate import validate
from tests.builders import scenario, suspension
from tests.strategies import scenarios


def tenth_day_schedule(**kwargs):
    # s1 ends Tue 2004-01-20; s2 starts on bd_after(Jan 20, 10) = Tue 2004-02-03. Each notice
    # comes three business days ahead, so lead-time cannot flip it: bd_after(Fri Jan 2, 3) =
    # Jan 7, bd_after(Thu Jan 29, 3) = Feb 3.
    return scenario(
        suspension("s1", "2004-01-07", "2004-01-20", "2004-01-02"),
        suspension("s2", "2004-02-03", "2004-02-10", "2004-01-29"),
        investors=[{"name": "I", "purchase_price": "1500000.00"}],
        **kwargs,
    )


def test_second_suspension_on_tenth_day_is_not_robust_and_spacing_flips_it():
    result = robust(tenth_day_schedule())
    assert len(result.verdicts) == 512
    assert not result.robust
    assert [f.term for f in result.flips] == ["spacing"]
    flip = result.flips[0]
    assert flip.own.compliant and not flip.other.compliant
    # Under ten-clear-business-days s2 is restricted Feb 3..10: 8 days x 1,500,000 x 1.5% / 30.
    assert str(flip.other.total_payments) == "6000.00"


def test_a_schedule_with_wide_gaps_is_robust():
    result = robust(
        scenario(
            suspension("s1", "2004-01-07", "2004-01-09", "2004-01-02"),
            suspension("s2", "2004-06-07", "2004-06-09", "2004-06-02"),
        )
    )
    assert result.robust and not result.flips


def test_every_combination_matches_validate_under_that_reading():
    base = tenth_day_schedule()
    result = robust(base)
    for verdict in result.verdicts:
        alone = validate(attrs.evolve(base, interpretation=verdict.interpretation))
        assert (alone.compliant, alone.total_payments, alone.violation_keys) == (
            verdict.compliant,
            verdict.total_payments,
            verdict.violations,
        )


def test_every_combination_matches_validate_where_every_reading_can_matter():
    # The benchmark's file: every one of the nine terms can matter to it, so the robust check
    # may hold none of them fixed; each of the 512 outcomes must be validate's under it alone.
    from checks.robust import terms_that_can_matter
    from model.context import scenario_context
    from model.interpretations import TERMS
    from tests.benchmark import every_reading_scenario

    base = every_reading_scenario()
    assert terms_that_can_matter(base, scenario_context(base)) == {t.name for t in TERMS}
    result = robust(base)
    assert len(result.verdicts) == 512
    assert result.solved == 128  # penalty-window and late-filing-cure read off each solution
    for verdict in result.verdicts:
        alone = validate(attrs.evolve(base, interpretation=verdict.interpretation))
        assert (alone.compliant, alone.total_payments, alone.violation_keys) == (
            verdict.compliant,
            verdict.total_payments,
            verdict.violations,
        )


def test_terms_that_cannot_matter_are_solved_once():
    # All acts on business days, two suspensions, nothing over-long, notices three business
    # days ahead, no Investor: only spacing (the tenth-day gap) can matter.
    from checks.robust import terms_that_can_matter
    from model.context import scenario_context

    base = scenario(
        suspension("s1", "2004-01-07", "2004-01-20", "2004-01-02"),
        suspension("s2", "2004-02-03", "2004-02-10", "2004-01-29"),
    )
    assert terms_that_can_matter(base, scenario_context(base)) == {"spacing"}
    result = robust(base)
    assert result.solved == 2
    assert [f.term for f in result.flips] == ["spacing"]


def _counted_naively(result):
    # The definition: a subject is compliant in a combination when no broken rule's key
    # (rule:subject) ends in ":" and its id.
    return {
        s.id: sum(
            not any(k.endswith(f":{s.id}") for k in v.violations) for v in result.verdicts
        )
        for s in result.verdict.subjects
    }


def test_subject_counts_on_a_schedule_that_is_not_robust():
    result = robust(tenth_day_schedule())
    counts = result.subject_counts()
    assert counts == _counted_naively(result)
    # spacing breaks s2 under ten-clear-business-days (half of the 512), never s1
    assert counts["s1"] == 512 and counts["s2"] == 256


ids = st.text(alphabet="ab:1", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    subjects=st.lists(ids, max_size=6, unique=True),
    violations=st.lists(
        st.frozensets(st.builds(lambda r, s: f"{r}:{s}", ids, ids), max_size=5), max_size=6
    ),
)
def test_subject_counts_equal_the_definition_for_any_ids(subjects, violations):
    # ids with colons in them too, where a key's subject is not simply the part after its
    # first or last colon
    from types import SimpleNamespace

    from checks.robust import ReadingVerdict, RobustResult
    from model.interpretations import Interpretation

    result = RobustResult(
        SimpleNamespace(subjects=[SimpleNamespace(id=i) for i in subjects]),
        tuple(ReadingVerdict(Interpretation(), not v, Decimal(0), v) for v in violations),
        (),
    )
    assert result.subject_counts() == _counted_naively(result)


@settings(max_examples=40, deadline=None)
@given(base=scenarios(max_suspensions=3), picks=st.lists(st.integers(0, 511), max_size=4))
def test_random_schedules_match_validate_under_the_readings_held_fixed(base, picks):
    # The robust check holds the terms that cannot matter (terms_that_can_matter) at the
    # file's own reading and reads the payment terms off one solution: each reading one term
    # away from the file's own (where a pruned term is the one moved), and a few others drawn
    # from the 512, must still be what validate says under that reading alone.
    from model.interpretations import TERMS, every_interpretation

    result = robust(base)
    assert len(result.verdicts) == 512
    by_reading = {v.interpretation: v for v in result.verdicts}
    own = base.interpretation
    chosen = {own} | {
        own.with_reading(t.name, r) for t in TERMS for r in t.readings
    } | {list(every_interpretation())[k] for k in picks}
    for interpretation in chosen:
        alone = validate(attrs.evolve(base, interpretation=interpretation))
        verdict = by_reading[interpretation]
        assert (alone.compliant, alone.total_payments, alone.violation_keys) == (
            verdict.compliant,
            verdict.total_payments,
            verdict.violations,
        ), interpretation
