"""The 2003 agreement's numbers, read from its term profile and the mechanics table
(model/terms.py): each is the agreement's, with its section and words."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from checks import deadlines
from checks.deadlines import schedule_dates
from checks.validate import validate
from model import payments, registration
from model.calendars import build_calendar
from model.findings import Episode
from model.interpretations import TERMS_BY_NAME, Interpretation
from model.loading import load_scenario
from model.reference import payments as reference_payments
from model.reference.days import WalkingCalendar
from model.scenario import Filing, Investor, RegistrationDates
from model.terms import AgreementTerms, focus_2003
from tests.builders import D, scenario


def test_the_suspension_allowance_is_the_profiles():
    terms = focus_2003()
    assert (terms.suspension_limit.n, terms.suspension_length.n) == (2, 15)
    assert (terms.suspension_gap.n, terms.suspension_notice.n) == (10, 2)
    assert terms.suspension_length.section == "3(h)(i)"
    assert "fifteen (15) business days" in terms.suspension_length.words


def test_the_damages_rates_and_their_words():
    terms = focus_2003()
    assert terms.late_filing_rate.share == Fraction(1, 100)
    assert terms.restricted_sale_rate.share == Fraction(3, 200)
    assert terms.restricted_sale_rate.in_words() == "1.5%"
    assert terms.share_price_discount.in_words() == "90%"
    assert terms.confirmation.in_words() == "1 business day"
    assert terms.suspension_length.in_words() == "15 business days"


def test_every_term_has_a_section_and_words():
    terms = focus_2003()
    for field in attrs.fields(type(terms)):
        term = getattr(terms, field.name)
        assert term.section and term.words, field.name


# -- every number is read from the terms ---------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]

# The modules whose numbers must come from model/terms.py (issue 14): the Z3 model's payments and
# registration, the readings, the reference's payments and day arithmetic, the calendar's
# deadlines, and every report.
READ_FROM_TERMS = (
    "model/payments.py",
    "model/registration.py",
    "model/interpretations.py",
    "model/acts.py",
    "model/reference/payments.py",
    "model/reference/days.py",
    "checks/deadlines.py",
    "checks/compare.py",
    "checks/agreements.py",
    "checks/reports/**/*.py",
)

# Literals that look like one of the agreement's numbers and are not: each with why.
NOT_THE_AGREEMENTS = {
    # 2(b)(iii)'s own illustration (45 days at 1% come to 1.5%), quoted as the agreement has it
    "if the Registration Statement is not filed forty-five (45) days after the Required ",
    # `rrcheck agreement new`: the skeleton of some other agreement's profile, with its own
    # example numbers
    "# A term profile for rrcheck: one agreement's suspension allowance, deadlines and damage",
    # the workbook's number format of a percentage, and the memo's style sheet
    "0.0%",
    "\n:root { color-scheme: light; }\nbody { font-family: Georgia, 'Times New Roman', serif; ",
}

# A count of days or years, a percentage, or "the two", in words or figures.
STATED = re.compile(
    r"(?i)\b(\d+(\.\d+)?%|(\d+|one|two|three|five|ten|fifteen|thirty|ninety|third|fifth)"
    r"(st|nd|rd|th)?( \(\d+\))? (business |trading |calendar )?(days?|years?)\b"
    r"|(the|of) (two|three)\b)"
)
DAY_COUNTS = {"bd_after", "bd_before", "latest_notice_day", "add_years", "timedelta"}
# The agreement's counts (2(b), 3(a), 3(c), 3(d), 3(h), 3(k)) and the 14 and 11 derived from them.
COUNTS = {2, 3, 5, 10, 11, 14, 15, 30, 90}
# Module-level names holding a count that is not the agreement's: places of a cent, and how
# many files a progress bar needs.
NOT_COUNTS = {"CENT", "PROGRESS_AFTER"}
FACTORS = COUNTS - {2}  # days x 2 and / 2 are halves and weekends, too common to be the terms


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _is_count(node: ast.AST, counts: set[int] = COUNTS) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value in counts


def agreement_literals(source: str) -> list[tuple[int, str]]:
    """Where code (not a docstring or comment) states a number the way the agreement's are
    used: a count of business or calendar days or years passed to the day arithmetic, days
    times ONE_DAY, a Fraction of literals (a rate), a division of days by a literal period,
    or a sentence stating a count of days, years or percent."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found: list[tuple[int, str]] = []
    for statement in tree.body:  # NAME = 30 at module level
        if isinstance(statement, ast.Assign) and _is_count(statement.value):
            names = {getattr(t, "id", "") for t in statement.targets}
            if not names <= NOT_COUNTS:
                found.append((statement.lineno, ast.unparse(statement)))
    days = {  # the lines that do day arithmetic
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.stmt) and re.search(r"ONE_DAY|timedelta", ast.unparse(node))
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            values = [*node.args, *(k.value for k in node.keywords)]
            if name in DAY_COUNTS and any(_is_count(v) for v in values):
                found.append((node.lineno, ast.unparse(node)))
            literal = [v for v in values if isinstance(v, ast.Constant)]
            if name == "Fraction" and len(literal) == len(values) == 2:
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
            day = node.lineno in days and isinstance(node.op, ast.Mult)
            left, right = _is_count(node.left, FACTORS), _is_count(node.right, FACTORS)
            if (day and left or right) and (day or isinstance(node.op, ast.Div)):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and STATED.search(node.value)
            and not any(node.value.startswith(allowed) for allowed in NOT_THE_AGREEMENTS)
        ):
            found.append((node.lineno, node.value))
    return found


def test_the_scan_finds_each_way_a_number_was_baked_in():
    source = '''
"""Docstrings quote the agreement: "fifteen (15) business days"."""
a = calendar.bd_after(filed, 5)
b = dates.sec_clearance_notice + dt.timedelta(days=5)
c = first + 30 * i * ONE_DAY
d = Fraction(3, 200)
e = percentage * base * days / 30
f = f"at most 15 business days, {x}"
g = "counts toward the two"
h = "1.5%"
ok = calendar.bd_after(day, 1) + width / 2
'''
    lines = [line for line, _ in agreement_literals(source)]
    assert sorted(set(lines)) == [3, 4, 5, 6, 7, 8, 9, 10]


def test_no_module_that_states_the_agreements_numbers_holds_a_copy():
    paths = sorted({p for pattern in READ_FROM_TERMS for p in ROOT.glob(pattern)})
    assert len(paths) >= 15  # the globs still find the modules
    found = {
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in paths
        for line, text in agreement_literals(path.read_text())
    }
    assert not found, "read these from model.terms.focus_2003():\n" + "\n".join(sorted(found))


def test_the_scan_would_have_found_the_copies_there_were():
    # What model/payments.py and checks/deadlines.py held before the numbers were read from the
    # terms (commit 8d20d42), one line of each kind.
    before = """
COMPUTATION_PERIOD = 30
step = dt.timedelta(days=COMPUTATION_PERIOD)
due = calendar.bd_after(cure, 3)
detail = f"SEC notice {dates.sec_clearance_notice} + 5 days; effective {dates.effective}"
limit = f"; {' and '.join(counted)} already count toward the limit of two, so a further "
window_end = timeline.initial_required_effective_date + 90 * ONE_DAY
"""
    assert sorted({line for line, _ in agreement_literals(before)}) == [2, 4, 5, 6, 7]


# -- a changed term changes the figure ------------------------------------------------------------


def evolved(**changes: int | Fraction) -> AgreementTerms:
    """The 2003 terms with some values changed (section and words kept)."""
    terms = focus_2003()
    return attrs.evolve(
        terms,
        **{name: attrs.evolve(getattr(terms, name), value=v) for name, v in changes.items()},
    )


FEDERAL = build_calendar("us-federal", 2003, 2006)
NYSE = build_calendar("nyse", 2003, 2006)


def test_computation_dates_and_due_dates_follow_the_computation_period_and_due_date():
    # 2004-01-01 to 2004-03-01 (60 days): every 30 days -> 01-31, 03-01; every 20 -> 01-21,
    # 02-10, 03-01.
    start, cure = D("2004-01-01"), D("2004-03-01")
    assert payments.computation_dates(start, cure) == [D("2004-01-31"), D("2004-03-01")]
    twenty = evolved(computation_period=20)
    assert payments.computation_dates(start, cure, twenty) == [
        D("2004-01-21"),
        D("2004-02-10"),
        D("2004-03-01"),
    ]
    assert reference_payments.computation_dates(start, cure, twenty) == [
        D("2004-01-21"),
        D("2004-02-10"),
        D("2004-03-01"),
    ]
    # Restricted 2004-01-01 .. 2004-01-10 (cure Sun 01-11), 1,000,000 held: one Computation
    # Date 01-11, 10 days; due the earlier of 01-31 and bd_after(01-11, 3) = Jan 12, 13, 14.
    # 1.5% x 1,000,000 x 10 / 30 = 5,000.00; at 3% = 10,000.00; due bd_after 1 -> Mon 01-12.
    episode = Episode("s1", "suspension", start, D("2004-01-11"), True)
    investor = Investor("I", Decimal("1000000"))
    (row,) = payments.restricted_sale_amounts(episode, investor, FEDERAL)
    assert (row.amount, row.due) == (Decimal("5000.00"), D("2004-01-14"))
    changed = evolved(restricted_sale_rate=Fraction(3, 100), payment_due=1)
    (row,) = payments.restricted_sale_amounts(episode, investor, FEDERAL, changed)
    assert (row.amount, row.due) == (Decimal("10000.00"), D("2004-01-12"))
    days = WalkingCalendar(FEDERAL.is_business_day)
    (ref,) = reference_payments.periodic_amounts(
        "I", "restricted-sale-date", "s1", start, D("2004-01-11"),
        changed.restricted_sale_rate.share, Decimal("1000000"), days, changed,
    )  # fmt: skip
    assert (ref.amount, ref.due) == (Decimal("10000.00"), D("2004-01-12"))


def test_periodic_amount_shares_follow_the_discount_and_the_price_days():
    # Computation Date Mon 2004-02-02: the five trading days before are Jan 26 .. 30, bids
    # 9, 9, 10, 10, 10 (average 9.60): 900.00 / (90% x 9.60) = 104.1667; at 100%, 93.7500.
    # With three price days, Jan 28, 29, 30: 900 / (90% x 10.00) = 100.0000.
    bids = {D(f"2004-01-{d}"): Decimal("9.00") for d in (26, 27)}
    bids |= {D(f"2004-01-{d}"): Decimal("10.00") for d in (28, 29, 30)}
    amount, day = Decimal("900.00"), D("2004-02-02")
    shares, _ = payments.periodic_amount_shares(amount, day, NYSE, bids)
    assert shares == Decimal("104.1667")
    whole, _ = payments.periodic_amount_shares(
        amount, day, NYSE, bids, evolved(share_price_discount=Fraction(1))
    )
    assert whole == Decimal("93.7500")
    three, _ = payments.periodic_amount_shares(amount, day, NYSE, bids, evolved(price_days=3))
    assert three == Decimal("100.0000")


def test_the_registration_dates_follow_their_deadlines_and_the_registration_period():
    # 10-Q Thu 2003-08-14: bd_after 5 -> Thu 08-21; bd_after 6 -> Fri 08-22. SEC notice
    # 2003-10-01 + 5 days -> 10-06; + 7 days -> 10-08. Effective 2003-10-03: + 2 years ->
    # 2005-10-03; + 4 years -> 2007-10-03, "four years after the Effective Date (3(a)(iii))".
    dates = RegistrationDates(
        quarterly_report_filed=D("2003-08-14"),
        registration_filed=D("2003-08-21"),
        sec_clearance_notice=D("2003-10-01"),
        effective=D("2003-10-03"),
    )
    reading = Interpretation()
    timeline = registration.registration_timeline(dates, FEDERAL, reading)
    assert timeline.required_filing_date == D("2003-08-21")
    assert timeline.initial_required_effective_date == D("2003-10-06")
    assert timeline.registration_period.end == D("2005-10-03")
    assert timeline.registration_period.ended_by == "two years after the Effective Date (3(a)(iii))"
    changed = evolved(filing_deadline=6, effectiveness_deadline=7, registration_years=4)
    timeline = registration.registration_timeline(dates, FEDERAL, reading, changed)
    assert timeline.required_filing_date == D("2003-08-22")
    assert timeline.initial_required_effective_date == D("2003-10-08")
    assert timeline.registration_period.end == D("2007-10-03")
    assert (
        timeline.registration_period.ended_by == "four years after the Effective Date (3(a)(iii))"
    )


def test_the_restricted_episodes_of_the_reference_follow_the_penalty_window():
    # A restriction from 2004-01-10: IRED 2003-10-06 + 90 days = 2004-01-04, so it gives no
    # payments; with a 100-day window (to 2004-01-14) it does.
    s = scenario(restrictions=[{"id": "r1", "start": "2004-01-10", "end": "2004-01-20"}])
    timeline = registration.registration_timeline(s.dates, FEDERAL, s.interpretation)
    episodes = reference_payments.restricted_episodes
    (episode,) = episodes([], s.restrictions, timeline, "cross-reference")
    assert not episode.gives_payments
    longer = evolved(penalty_window=100)
    (episode,) = episodes([], s.restrictions, timeline, "cross-reference", longer)
    assert episode.gives_payments


def test_the_readings_state_the_terms_numbers():
    spacing, count = TERMS_BY_NAME["spacing"], TERMS_BY_NAME["count"]
    assert spacing.meaning["ten-clear-business-days"] == (
        "a suspension may begin only on the 11th business day after the last day of the "
        "preceding one"
    )
    assert spacing.words == focus_2003().suspension_gap.words
    changed = evolved(suspension_gap=5, suspension_limit=3)
    assert spacing.meaning_under(changed)["ten-clear-business-days"].startswith(
        "a suspension may begin only on the 6th business day"
    )
    assert count.meaning_under(changed)["every-suspension"].endswith("uses up one of the three")
    assert TERMS_BY_NAME["lead-time"].words == (
        "at least two (2) business days' notice ... not less than three (3) business days "
        "prior to such filing"
    )


def test_the_calendars_lead_times_and_sentences_follow_the_terms():
    # supp-1 filed Thu 2004-02-19: counsel copy 3 business days before: Feb 18 (1), 17 (2),
    # [16 Presidents Day], 13 (3) -> 2004-02-13; with 4: Feb 12. Confirmation of a notice given
    # Fri 02-13: bd_after 1 -> Tue 02-17; with 2: Wed 02-18.
    filing = Filing(
        id="supp-1",
        kind="prospectus-supplement",
        filed=D("2004-02-19"),
        counsel_copy=D("2004-02-13"),
        investor_notice=D("2004-02-13"),
        confirmation_requested=D("2004-02-13"),
    )
    reading = Interpretation()

    def dates(terms: AgreementTerms) -> dict[str, tuple[dt.date, str]]:
        found = deadlines._filing_deadlines(filing, FEDERAL, reading, terms)
        return {d.kind: (d.date, d.detail) for d in found}

    before = dates(focus_2003())
    assert before[deadlines.COUNSEL_COPY][0] == D("2004-02-13")
    assert before[deadlines.NOTICE_CONFIRMATION][0] == D("2004-02-17")
    after = dates(evolved(counsel_review=4, confirmation=2))
    assert after[deadlines.COUNSEL_COPY] == (
        D("2004-02-12"),
        "4 business day(s) before it is filed on 2004-02-19; counsel_copy 2004-02-13",
    )
    assert after[deadlines.NOTICE_CONFIRMATION][0] == D("2004-02-18")
    assert "bd_after(investor notice 2004-02-13, 2)" in after[deadlines.NOTICE_CONFIRMATION][1]


def test_the_registration_deadlines_state_the_terms_numbers():
    s = scenario()
    verdict = validate(s)
    sentences = {
        d.kind: d.detail
        for d in deadlines._registration_deadlines(s, verdict, FEDERAL, evolved(
            filing_deadline=6, effectiveness_deadline=7, transfer_agent=4
        ))
    }  # fmt: skip
    assert sentences[deadlines.REQUIRED_FILING_DATE].startswith(
        "bd_after(quarterly report filed 2003-08-14, 6) (1(h))"
    )
    assert sentences[deadlines.INITIAL_REQUIRED_EFFECTIVE_DATE].startswith(
        "SEC notice 2003-10-01 + 7 days"
    )
    assert sentences[deadlines.TRANSFER_AGENT].startswith("bd_after(Effective Date 2003-10-03, 4)")


@pytest.mark.parametrize(
    ("lead_time", "lead", "notice_by"),
    [
        # p1's earliest start Mon 2004-01-05: Jan 2 (1), [Jan 1 New Year's Day], Dec 31 (2),
        # Dec 30 (3): 2 business days' notice under nth-business-day, 3 under
        # clear-business-days.
        ("nth-business-day", 2, "2003-12-31"),
        ("clear-business-days", 3, "2003-12-30"),
    ],
)
def test_a_planned_suspensions_notice_by_states_the_lead_its_reading_requires(
    lead_time: str, lead: int, notice_by: str
):
    path = ROOT / "scenarios" / "plan-find-latest-start-before-fixed-suspension.toml"
    s = load_scenario(path)
    s = attrs.evolve(s, interpretation=Interpretation(lead_time=lead_time))
    (earliest,) = [
        d for d in schedule_dates(s).deadlines if d.kind == deadlines.ADVANCE_NOTICE_EARLIEST_START
    ]
    assert earliest.date == D(notice_by)
    assert earliest.detail.startswith(f"notice_by: {lead} business days before 2004-01-05;")
