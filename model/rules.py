"""The one table of rules (STYLE.md point 2): each rule is one row, and the code iterates the
rows.

A row holds the rule's id, section, kind, whether breaking it keeps a suspension from being a
Permitted Suspension Period, a one-line summary, and the three functions that read it:

- ``build``, its Z3 breach condition, in the Z3 clause module (:mod:`model.suspensions`,
  :mod:`model.notices`), with one signature per kind: ``build(context, i)`` for a suspension
  rule (:class:`model.suspensions.RuleContext`), ``build(context)`` for a registration rule and
  ``build(context, filing)`` for a filing rule (:class:`model.notices.NoticeContext`);
- ``evaluate``, its breach test in plain Python, in the matching module of the reference
  evaluator: ``evaluate(facts)`` for a suspension rule
  (:class:`model.reference.suspensions.SuspensionFacts`), ``evaluate(facts)`` and
  ``evaluate(facts, filing)`` for the others (:class:`model.reference.registration.Facts`);
- ``explain``, the words of a finding (:mod:`model.explain`): ``explain(words)`` for a
  suspension rule (:class:`model.explain.SuspensionWords`), ``explain(dates, timeline,
  calendar, interpretation)``, ``explain(filing, calendar, interpretation)``.

A term profile's limits (CONTRACT.md "Term profiles") are rows of their own kind, ``allowance``,
one per kind of limit (``allowance.count``, ``.length``, ``.aggregate``, ``.gap``,
``.notice``). Their section and words are the profile's, per limit (``Limit.section``,
``Limit.words``), so the row's are empty; ``blocks`` says what a breach restricts:
``Blocks.ALWAYS``, the whole suspension (count, gap, notice: built once a suspension), or
``Blocks.NEVER``, its days from the first one past the limit (length, aggregate: built day by
day, as 3(h)(i)'s length decides how much of a 2003 suspension is permitted). Their functions:

- ``build`` in :mod:`model.allowance`: ``build(limit, context, suspension, first)``, or
  ``build(limit, context, first, day)`` day by day (:class:`model.allowance_days.AllowanceContext`),
  the breach judged with the calendar's counts: a bool, or a
  :class:`~model.allowance_days.Threshold` over the earlier suspensions' verdicts, which the Z3
  model of the schedule's shape binds (:mod:`model.allowance_bound`);
- ``evaluate`` in :mod:`model.reference.profiles`: ``evaluate(limit, judging)``, or
  ``evaluate(limit, judging, day)``, the reason of a breach or None;
- ``explain`` in :mod:`model.allowance_words`: ``explain(limit, reading)``, the finding's words;
- ``build_symbolic``, the same breach over planned (symbolic) starts and ends, for the
  planning questions (None while a kind has none);
- ``earliest_breach`` of a day-by-day row, ``earliest_breach(limit, context, first)``: the first
  day its breach may be other than False, where a fixed schedule's walk over the days starts.

A rule's words are the agreement's, quoted at the top of its ``build`` function's docstring; the
table reads them from there, so reports and docs quote the same text the code sits under. The
numbers of the summaries are the agreement's terms (:func:`model.terms.focus_2003`).

Adding a clause is a row here and its three functions, one in each of those modules; the Z3
schedule (:mod:`model.suspension_schedule`, :mod:`model.schedule`), the reference
(:func:`model.reference.evaluate`), the words of findings, the reports and the tests that remove
a rule read the table through :func:`of_kind` and :func:`by_id` when they run.
"""

from __future__ import annotations

import enum
import importlib
import re
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import z3

from model import explain, notices, suspensions
from model.interpretations import Interpretation
from model.scenario import Filing
from model.terms import focus_2003, ordinal, spelled

# The kinds of rule: what a rule is about, and so the signature of its functions.
SUSPENSION = "suspension"
REGISTRATION = "registration"
FILING = "filing"
ALLOWANCE = "allowance"  # a term profile's limits
KINDS: tuple[str, ...] = (SUSPENSION, REGISTRATION, FILING, ALLOWANCE)


class Blocks(enum.Enum):
    """Whether a suspension that breaks the rule may still be eligible to be a Permitted
    Suspension Period (READING.md section 4): the notice of the 3(h) proviso blocks it only
    under the reading ``notice = condition``."""

    ALWAYS = "always"
    NEVER = "never"
    UNLESS_NOTICE_COVENANT = "unless notice = covenant"

    @property
    def can_block(self) -> bool:
        """Under some reading."""
        return self is not Blocks.NEVER

    def under(self, interpretation: Interpretation) -> bool:
        """Whether a breach blocks eligibility under ``interpretation``."""
        if self is Blocks.UNLESS_NOTICE_COVENANT:
            return interpretation.notice != "covenant"
        return self is Blocks.ALWAYS

    def exempt(self, readings: suspensions.Readings) -> z3.BoolRef:
        """The Z3 condition under which a breach does *not* block eligibility (the readings are
        inputs of the model)."""
        if self is Blocks.UNLESS_NOTICE_COVENANT:
            return readings.notice_covenant
        return z3.BoolVal(self is Blocks.NEVER)


def always(subject: object) -> bool:
    return True


def later(module: str, name: str) -> Callable[..., Any]:
    """``model.<module>.<name>``, imported when first called: the table names the functions of
    modules that read the table (or that ``validate`` of the 2003 agreement never needs)
    without importing them."""
    path = f"model.{module}"

    def call(*args: Any) -> Any:
        loaded = sys.modules.get(path) or importlib.import_module(path)
        return getattr(loaded, name)(*args)

    call.__qualname__ = call.__name__ = f"{module}.{name}"
    return call


def reference(module: str, name: str) -> Callable[..., Any]:
    """The reference evaluator's ``model.reference.<module>.<name>``, imported when first
    called: ``validate`` and the other questions of the Z3 model never load the reference
    (start-up, tests/test_startup_and_jobs.py)."""
    return later(f"reference.{module}", name)


@attrs.frozen
class Rule:
    id: str
    section: str
    kind: str  # one of KINDS
    summary: str  # the reading READING.md fixes, in one line
    build: Callable[..., Any]  # its Z3 breach condition (the Z3 clause module)
    evaluate: Callable[..., Any]  # its breach in plain Python (model/reference/)
    explain: Callable[..., Any]  # the words of a finding (model/explain.py)
    blocks: Blocks = Blocks.NEVER
    # Whether the rule reaches a subject: a filing (by its kind and dates) or the
    # registration's dates. Suspension rules reach every suspension.
    applies: Callable[[Any], bool] = always
    # An allowance row's breach over planned (symbolic) starts and ends, beside ``build``'s over
    # a fixed schedule (model/allowance_plan.py); None while its kind has none.
    build_symbolic: Callable[..., Any] | None = None
    # A day-by-day allowance row's first day that may break it, ``(limit, context, first)``: no
    # day of the suspension before it breaks the limit under any verdicts (``build`` gives
    # False), so a fixed schedule's walk over its days starts there. None: its first day.
    earliest_breach: Callable[..., Any] | None = None

    @property
    def words(self) -> str:
        """The agreement's words: the quoted text that opens ``build``'s docstring (none for an
        allowance row, whose words are each limit's)."""
        return quoted_words(self.build.__doc__ or "")

    @property
    def restricts_whole(self) -> bool:
        """An allowance row: a breach restricts every day of the suspension (built once a
        suspension), rather than its days from the first one past the limit (day by day)."""
        return self.blocks is Blocks.ALWAYS

    def cite(self) -> str:
        return f'Section {self.section}: "{self.words}"'

    def blocks_eligibility(self, interpretation: Interpretation) -> bool:
        return self.blocks.under(interpretation)


def quoted_words(docstring: str) -> str:
    """The quotations of a docstring's first paragraph, joined by "...", whitespace folded."""
    first_paragraph = docstring.strip().split("\n\n")[0]
    flat = " ".join(first_paragraph.split())
    quotes = re.findall(r'"(.+?)"(?= \(\d| \.\.\.|$)', flat)
    return " ... ".join(q.strip() for q in quotes)


_terms = focus_2003()

RULES: tuple[Rule, ...] = (
    Rule(
        "suspension.before-effective",
        "3(h)",
        SUSPENSION,
        "a suspension may not start before the Effective Date",
        suspensions.starts_before_effectiveness,
        reference("suspensions", "starts_before_effectiveness"),
        explain.starts_before_effectiveness,
        Blocks.ALWAYS,
    ),
    Rule(
        "suspension.max-length",
        "3(h)(i)",
        SUSPENSION,
        f"a suspension lasts at most {_terms.suspension_length.in_words()}",
        suspensions.longer_than_fifteen_business_days,
        reference("suspensions", "longer_than_fifteen_business_days"),
        explain.longer_than_fifteen_business_days,
        Blocks.NEVER,  # it decides how much of a suspension is permitted (overlength)
    ),
    Rule(
        "suspension.min-gap",
        "3(h)(ii)",
        SUSPENSION,
        f"a suspension begins no earlier than the {ordinal(_terms.suspension_gap.n)} business day "
        "after the last day of the preceding one",
        suspensions.begins_too_soon_after,
        reference("suspensions", "begins_too_soon_after"),
        explain.begins_too_soon_after,
        Blocks.ALWAYS,
    ),
    Rule(
        "suspension.max-count",
        "3(h)",
        SUSPENSION,
        f"at most {spelled(_terms.suspension_limit.n)} suspensions in the Registration Period "
        f"count toward the limit of {spelled(_terms.suspension_limit.n)}",
        suspensions.beyond_two_suspensions,
        reference("suspensions", "beyond_two_suspensions"),
        explain.beyond_two_suspensions,
        Blocks.ALWAYS,
    ),
    Rule(
        "suspension.notice",
        "3(h)",
        SUSPENSION,
        f"the advance notice comes at least {_terms.suspension_notice.in_words()} before the "
        "suspension starts",
        suspensions.without_advance_notice,
        reference("suspensions", "without_advance_notice"),
        explain.without_advance_notice,
        Blocks.UNLESS_NOTICE_COVENANT,
    ),
    Rule(
        "filing.deadline",
        "2(a)(i), 3(a)",
        REGISTRATION,
        "the Registration Statement is filed no later than the Required Filing Date",
        notices.filed_after_required_filing_date,
        reference("registration", "filed_after_required_filing_date"),
        explain.filed_after_required_filing_date,
    ),
    Rule(
        "effectiveness.deadline",
        "2(a)(i), 3(a)",
        REGISTRATION,
        "declared effective no later than the Initial Required Effective Date (best efforts: "
        "reported, no payment of its own)",
        notices.effective_after_initial_required_effective_date,
        reference("registration", "effective_after_initial_required_effective_date"),
        explain.effective_after_initial_required_effective_date,
    ),
    Rule(
        "counsel-review.lead-time",
        "3(c)",
        FILING,
        "each Registration Statement, amendment and supplement reaches Investor's Counsel at "
        f"least {_terms.counsel_review.in_words()} before it is filed",
        notices.counsel_review_too_short,
        reference("notices", "counsel_review_too_short"),
        explain.counsel_review_too_short,
        applies=notices.reviewed_by_counsel,
    ),
    Rule(
        "filing-notice.lead-time",
        "3(d)(i)(A)",
        FILING,
        f"the Investors are notified at least {_terms.filing_notice.in_words()} before a "
        "prospectus, prospectus supplement or post-effective amendment is filed",
        notices.filing_notice_too_short,
        reference("notices", "filing_notice_too_short"),
        explain.filing_notice_too_short,
        applies=notices.notified_to_investors,
    ),
    Rule(
        "notice-confirmation.deadline",
        "3(d)",
        FILING,
        "a notice whose written confirmation was requested is confirmed no later than "
        f"{_terms.confirmation.in_words()} after the notice",
        notices.confirmation_late,
        reference("notices", "confirmation_late"),
        explain.confirmation_late,
        applies=notices.confirmation_requested,
    ),
    Rule(
        "sec-response.lead-time",
        "3(d)",
        FILING,
        "a written response to SEC comments reaches Investor's Counsel at least "
        f"{_terms.sec_response.in_words()} before it is filed",
        notices.sec_response_too_late,
        reference("notices", "sec_response_too_late"),
        explain.sec_response_too_late,
        applies=notices.responds_to_sec_comments,
    ),
    Rule(
        "transfer-agent.deadline",
        "3(k)",
        REGISTRATION,
        "the instruction and opinion reach the transfer agent within "
        f"{_terms.transfer_agent.in_words()} after effectiveness",
        notices.transfer_agent_late,
        reference("registration", "transfer_agent_late"),
        explain.transfer_agent_late,
        applies=notices.transfer_agent_opinion_given,
    ),
    # -- a term profile's limits: section and words per limit, the profile's -----------------
    Rule(
        "allowance.count",
        "",
        ALLOWANCE,
        "at most n suspensions begin in any window",
        later("allowance", "count_broken"),
        reference("profiles", "count_breach"),
        later("allowance_words", "explain_count"),
        Blocks.ALWAYS,
        build_symbolic=later("allowance_plan_rules", "count_whole"),
    ),
    Rule(
        "allowance.length",
        "",
        ALLOWANCE,
        "no suspension longer than n units",
        later("allowance", "length_breaks_at"),
        reference("profiles", "length_past"),
        later("allowance_words", "explain_length"),
        Blocks.NEVER,
        build_symbolic=later("allowance_plan_rules", "length_at"),
        earliest_breach=later("allowance", "length_earliest_breach"),
    ),
    Rule(
        "allowance.aggregate",
        "",
        ALLOWANCE,
        "at most n suspended units in any window, all suspensions together",
        later("allowance", "aggregate_breaks_at"),
        reference("profiles", "aggregate_past"),
        later("allowance_words", "explain_aggregate"),
        Blocks.NEVER,
        build_symbolic=later("allowance_plan_rules", "aggregate_at"),
        earliest_breach=later("allowance", "aggregate_earliest_breach"),
    ),
    Rule(
        "allowance.gap",
        "",
        ALLOWANCE,
        "a suspension begins at least n units after the preceding one ended",
        later("allowance", "gap_broken"),
        reference("profiles", "gap_breach"),
        later("allowance_words", "explain_gap"),
        Blocks.ALWAYS,
        build_symbolic=later("allowance_plan_rules", "gap_whole"),
    ),
    Rule(
        "allowance.notice",
        "",
        ALLOWANCE,
        "advance notice at least n units before a suspension begins",
        later("allowance", "notice_broken"),
        reference("profiles", "notice_breach"),
        later("allowance_words", "explain_notice"),
        Blocks.ALWAYS,
        build_symbolic=later("allowance_plan_rules", "notice_whole"),
    ),
)


# -- reading the table (when the code runs, so that a table a test extends is the one read) -----

# The rows by id, built once from the table (a tuple of frozen rows) and read-only.
RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in RULES})
_INDEXED = RULES  # the table RULES_BY_ID was built from


def _index() -> Mapping[str, Rule]:
    """The rows by id of the table as it is now: RULES_BY_ID, unless a test has rebound RULES."""
    return RULES_BY_ID if RULES is _INDEXED else {rule.id: rule for rule in RULES}


def table() -> tuple[Rule, ...]:
    """Every row, in table order."""
    return RULES


def by_id(rule_id: str) -> Rule:
    return _index()[rule_id]


def of_kind(kind: str) -> tuple[Rule, ...]:
    """The rows of one kind, in table order (the order findings are listed in)."""
    return tuple(rule for rule in RULES if rule.kind == kind)


def limit_rule(kind: str) -> Rule | None:
    """The row of a term profile's limit of ``kind`` (None if the table has no such row: a
    kind with no row is not checked, as a 2003 rule taken out of the table is not)."""
    return _index().get(f"{ALLOWANCE}.{kind}")


def filing_rules(filing: Filing) -> tuple[str, ...]:
    """The rule ids that apply to a filing, by its kind and the dates it gives."""
    return tuple(rule.id for rule in of_kind(FILING) if rule.applies(filing))


def blocks_eligibility(rule_id: str, interpretation: Interpretation) -> bool:
    """Whether a breach of ``rule_id`` keeps a suspension from being eligible to be a
    Permitted Suspension Period under ``interpretation`` (READING.md section 4)."""
    return by_id(rule_id).blocks_eligibility(interpretation)


# The rules a suspension must not break to be eligible to be a Permitted Suspension Period
# under some reading (READING.md section 4); which of them block under a given reading is
# :func:`blocks_eligibility`.
ELIGIBILITY_RULES: tuple[str, ...] = tuple(r.id for r in of_kind(SUSPENSION) if r.blocks.can_block)
