"""The one table of rules: id, section, and the function that builds its constraint
(STYLE.md point 2).

A rule's words are the agreement's, quoted at the top of its function's docstring; the table
reads them from there, so reports and docs quote the same text the code sits under.
Reports, docs, the robust check and the tests that remove a rule all iterate :data:`RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from model import notices, suspensions


@attrs.frozen
class Rule:
    id: str
    section: str
    constraint: Callable[..., object]  # builds the condition under which the rule is broken
    summary: str  # the reading READING.md fixes, in one line

    @property
    def words(self) -> str:
        """The agreement's words: the quoted text that opens the function's docstring."""
        return quoted_words(self.constraint.__doc__ or "")

    def cite(self) -> str:
        return f'Section {self.section}: "{self.words}"'


def quoted_words(docstring: str) -> str:
    """The quotations of a docstring's first paragraph, joined by "...", whitespace folded."""
    first_paragraph = docstring.strip().split("\n\n")[0]
    flat = " ".join(first_paragraph.split())
    quotes = re.findall(r'"(.+?)"(?= \(\d| \.\.\.|$)', flat)
    return " ... ".join(q.strip() for q in quotes)


RULES: tuple[Rule, ...] = (
    Rule(
        "suspension.before-effective",
        "3(h)",
        suspensions.starts_before_effectiveness,
        "a suspension may not start before the Effective Date",
    ),
    Rule(
        "suspension.max-length",
        "3(h)(i)",
        suspensions.longer_than_fifteen_business_days,
        "a suspension lasts at most 15 business days",
    ),
    Rule(
        "suspension.min-gap",
        "3(h)(ii)",
        suspensions.begins_too_soon_after,
        "a suspension begins no earlier than the 10th business day after the last day of the "
        "preceding one",
    ),
    Rule(
        "suspension.max-count",
        "3(h)",
        suspensions.beyond_two_suspensions,
        "at most two suspensions in the Registration Period count toward the limit of two",
    ),
    Rule(
        "suspension.notice",
        "3(h)",
        suspensions.without_advance_notice,
        "the advance notice comes at least 2 business days before the suspension starts",
    ),
    Rule(
        "filing.deadline",
        "2(a)(i), 3(a)",
        notices.filed_after_required_filing_date,
        "the Registration Statement is filed no later than the Required Filing Date",
    ),
    Rule(
        "effectiveness.deadline",
        "2(a)(i), 3(a)",
        notices.effective_after_initial_required_effective_date,
        "declared effective no later than the Initial Required Effective Date (best efforts: "
        "reported, no payment of its own)",
    ),
    Rule(
        "counsel-review.lead-time",
        "3(c)",
        notices.counsel_review_too_short,
        "each Registration Statement, amendment and supplement reaches Investor's Counsel at "
        "least 3 business days before it is filed",
    ),
    Rule(
        "filing-notice.lead-time",
        "3(d)(i)(A)",
        notices.filing_notice_too_short,
        "the Investors are notified at least 3 business days before a prospectus, prospectus "
        "supplement or post-effective amendment is filed",
    ),
    Rule(
        "notice-confirmation.deadline",
        "3(d)",
        notices.confirmation_late,
        "a notice whose written confirmation was requested is confirmed no later than 1 "
        "business day after the notice",
    ),
    Rule(
        "sec-response.lead-time",
        "3(d)",
        notices.sec_response_too_late,
        "a written response to SEC comments reaches Investor's Counsel at least 1 business day "
        "before it is filed",
    ),
    Rule(
        "transfer-agent.deadline",
        "3(k)",
        notices.transfer_agent_late,
        "the instruction and opinion reach the transfer agent within 5 business days after "
        "effectiveness",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

SUSPENSION_RULES: tuple[str, ...] = tuple(r.id for r in RULES if r.id.startswith("suspension."))
REGISTRATION_RULES: tuple[str, ...] = (
    "filing.deadline",
    "effectiveness.deadline",
    "transfer-agent.deadline",
)
FILING_RULES: tuple[str, ...] = tuple(
    r.id for r in RULES if r.id not in SUSPENSION_RULES and r.id not in REGISTRATION_RULES
)

# A suspension breaking none of these is eligible to be a Permitted Suspension Period
# (READING.md section 4); max-length only decides how much of it is.
ELIGIBILITY_RULES: tuple[str, ...] = (
    "suspension.before-effective",
    "suspension.min-gap",
    "suspension.max-count",
    "suspension.notice",
)
