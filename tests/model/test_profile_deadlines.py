"""Late filing and late effectiveness under a term profile as findings
(model/profile_deadlines.py): its deadlines, read from model/profile_days.py's arithmetic, are
compared by hypothesis with the reference's, walked day by day
(model/reference/profile_deadlines.py), over random deadlines of every unit, roll and anchor;
the boundaries are worked by hand (on the deadline and a day after, a deadline on a weekend
rolled or not, a filing on a Saturday deemed on Monday or not, a month past the 31st in a leap
year); and a late filing is a finding of validate in text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import cli
from model.calendars import build_calendar
from model.profile_days import Calendars, ProfileFacts
from model.profile_deadlines import late_registration
from model.profiles import AgreementHeader, Deadlines, Span, TermProfile
from model.reference import profile_deadlines as reference

D = dt.date
# The cases reach an effective date in 2026 and a deadline 24 months after it: us-federal to
# 2029 (nyse, which stops at 2027, counts only trading-day spans, none of which reaches 2027).
CALENDARS = Calendars(
    business=build_calendar("us-federal", 2022, 2029), trading=build_calendar("nyse", 2022, 2027)
)
PROFILES = Path(__file__).resolve().parents[2] / "scenarios" / "profiles"

spans = st.builds(
    Span,
    n=st.one_of(st.integers(1, 10), st.integers(1, 120)),
    unit=st.sampled_from(("years", "months", "calendar-days", "business-days", "trading-days")),
    after=st.sampled_from(("closing", "effective")),
    roll=st.sampled_from(("none", "next-business-day")),
    section=st.just("2(a)"),
)


def _profile(filing: Span | None, effectiveness: Span | None) -> TermProfile:
    return TermProfile(
        agreement=AgreementHeader("random", "A random profile"),
        deadlines=Deadlines(filing=filing, effectiveness=effectiveness),
    )


def _inside(span: Span | None) -> Span | None:
    """A deadline that stays inside the calendars: at most 2 years or 24 months on."""
    if span is not None and span.unit in ("years", "months"):
        most = 2 if span.unit == "years" else 24
        return Span(min(span.n, most), span.unit, span.after, span.roll, span.section)
    return span


@st.composite
def cases(draw: st.DrawFn) -> tuple[TermProfile, ProfileFacts]:
    filing = draw(st.one_of(st.none(), spans))
    effectiveness = draw(st.one_of(st.none(), spans))
    filing, effectiveness = _inside(filing), _inside(effectiveness)
    closing = D(2023, 1, 1) + dt.timedelta(days=draw(st.integers(0, 800)))
    filed = closing + dt.timedelta(days=draw(st.integers(0, 200)))
    effective = filed + dt.timedelta(days=draw(st.integers(0, 200)))
    facts = ProfileFacts(
        dates={"closing": closing, "registration_filed": filed, "effective": effective},
        notice_day=draw(st.sampled_from(("next-business-day", "as-given"))),
    )
    return _profile(filing, effectiveness), facts


def _found(profile: TermProfile, facts: ProfileFacts) -> list[tuple[str, D, D, int]]:
    return [
        (x.rule, x.deadline, x.done, x.days_late)
        for x in late_registration(profile, facts, CALENDARS)
    ]


@settings(
    max_examples=1500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases())
def test_the_findings_agree_with_the_day_by_day_reference(
    case: tuple[TermProfile, ProfileFacts],
) -> None:
    profile, facts = case
    assert _found(profile, facts) == list(reference.late_registration(profile, facts, CALENDARS))


THIRTY_DAYS = Span(30, "calendar-days", "closing", "next-business-day", "2(a)")
NINETY_DAYS = Span(90, "calendar-days", "closing", section="2(a)")


def _facts(
    closing: D, filed: D, effective: D, notice_day: str = "next-business-day"
) -> ProfileFacts:
    return ProfileFacts(
        dates={"closing": closing, "registration_filed": filed, "effective": effective},
        notice_day=notice_day,
    )


def test_filed_on_the_deadline_is_no_finding_and_a_day_later_is_one_day_late() -> None:
    # closing Tue 2024-01-02 + 30 = Thu 2024-02-01; effectiveness + 90 = Mon 2024-04-01
    profile = _profile(THIRTY_DAYS, NINETY_DAYS)
    assert _found(profile, _facts(D(2024, 1, 2), D(2024, 2, 1), D(2024, 4, 1))) == []
    assert _found(profile, _facts(D(2024, 1, 2), D(2024, 2, 2), D(2024, 4, 2))) == [
        ("filing.deadline", D(2024, 2, 1), D(2024, 2, 2), 1),
        ("effectiveness.deadline", D(2024, 4, 1), D(2024, 4, 2), 1),
    ]


def test_a_deadline_on_a_saturday_rolls_to_monday_only_when_the_profile_says_so() -> None:
    # closing Thu 2024-01-04 + 30 = Sat 2024-02-03: rolled, Mon 2024-02-05; filed that Monday
    # keeps it. Without the roll the deadline stays Saturday and Monday is 2 days late.
    facts = _facts(D(2024, 1, 4), D(2024, 2, 5), D(2024, 2, 5))
    assert _found(_profile(THIRTY_DAYS, None), facts) == []
    plain = Span(30, "calendar-days", "closing", section="2(a)")
    assert _found(_profile(plain, None), facts) == [
        ("filing.deadline", D(2024, 2, 3), D(2024, 2, 5), 2)
    ]


def test_a_filing_on_a_saturday_is_deemed_made_on_monday_unless_read_as_given() -> None:
    # deadline Fri 2024-02-02 (closing Wed 2024-01-03 + 30); filed Sat 02-03: deemed Mon 02-05,
    # 3 days late; as given, Saturday, 1 day late.
    profile = _profile(THIRTY_DAYS, None)
    late = _found(profile, _facts(D(2024, 1, 3), D(2024, 2, 3), D(2024, 3, 1)))
    assert late == [("filing.deadline", D(2024, 2, 2), D(2024, 2, 5), 3)]
    as_given = _found(profile, _facts(D(2024, 1, 3), D(2024, 2, 3), D(2024, 3, 1), "as-given"))
    assert as_given == [("filing.deadline", D(2024, 2, 2), D(2024, 2, 3), 1)]


def test_a_month_after_the_31st_is_the_last_of_february_in_a_leap_year() -> None:
    # closing Wed 2024-01-31 + 1 month = Thu 2024-02-29; effective 2024-03-01 is 1 day late
    month = Span(1, "months", "closing", section="2(a)")
    profile = _profile(None, month)
    assert _found(profile, _facts(D(2024, 1, 31), D(2024, 2, 1), D(2024, 2, 29))) == []
    assert _found(profile, _facts(D(2024, 1, 31), D(2024, 2, 1), D(2024, 3, 1))) == [
        ("effectiveness.deadline", D(2024, 2, 29), D(2024, 3, 1), 1)
    ]


def test_validate_reports_late_filing_as_a_finding_in_text_and_json(capsys) -> None:
    path = PROFILES / "pipe-cap-not-reached-late-filing.toml"
    assert cli.main(["validate", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["compliant"] is False
    late = [v for v in report["violations"] if v["subject"] == "registration"]
    assert [(v["rule"], v["section"], v["dates"], v["days_late"]) for v in late] == [
        ("filing.deadline", "2(a)", {"deadline": "2024-02-01", "filed": "2024-10-31"}, 273),
        (
            "effectiveness.deadline",
            "2(a)",
            {"deadline": "2024-04-01", "effective": "2024-11-15"},
            228,
        ),
    ]
    assert {"id": "registration", "kind": "registration", "compliant": False} in report["subjects"]
    assert report["total_payments"] == "96000.00"  # the money is unchanged
    assert cli.main(["validate", str(path)]) == 1
    text = capsys.readouterr().out
    assert (
        "filing.deadline registration (section 2(a)): filed 2024-10-31, 273 calendar days after"
        in text
    )
