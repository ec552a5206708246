"""The Z3 model against the reference evaluator on thousands of random schedules: random
calendars and closures, holidays at the ends of counts, every interpretation, investors with
sales, restrictions and filings. Every finding (its rule, subject, business days missed and
the dates it names), every suspension's status, every restricted episode and every payment row
must agree. The messages are each implementation's own words and are not compared."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from checks.validate import validate
from model.findings import Verdict
from model.reference import evaluate
from tests.strategies import scenarios

EXAMPLES = 2500


def comparable(verdict: Verdict) -> dict[str, object]:
    return {
        "timeline": verdict.timeline,
        "violations": sorted(
            (v.rule, v.subject, v.missed_by_business_days, sorted(v.dates.items()))
            for v in verdict.violations
        ),
        "suspensions": verdict.suspensions,
        "episodes": sorted(verdict.episodes, key=lambda e: (e.restricted_sale_date, e.subject)),
        "payments": verdict.payments,
        "total": verdict.total_payments,
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_z3_model_agrees_with_reference_evaluator(scenario):
    assert comparable(validate(scenario)) == comparable(evaluate(scenario))
