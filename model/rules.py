"""The one table of rules: id, section, the agreement's words (STYLE.md point 2).

Reports, docs, the robust check and the tests that remove a rule all iterate :data:`RULES`.
The functions that build each rule's Z3 constraint live with their clause family
(:mod:`model.suspensions` for 3(h), :mod:`model.notices` for 2(a), 3(a), 3(c), 3(d), 3(k));
each registers itself here by rule id.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Rule:
    id: str
    section: str
    words: str  # the agreement's own words, quoted
    summary: str  # the reading READING.md fixes, in one line

    def cite(self) -> str:
        return f"Section {self.section}: \"{self.words}\""


RULES: tuple[Rule, ...] = (
    Rule(
        "suspension.before-effective",
        "3(h)",
        "if at any time or from time to time after the date of effectiveness of the "
        "Registration Statement, the Company notifies the Investors in writing of the existence "
        "of a Potential Material Event",
        "a suspension may not start before the Effective Date",
    ),
    Rule(
        "suspension.max-length",
        "3(h)(i)",
        "each of which suspension period shall not either (i) be for more than fifteen (15) "
        "business days",
        "a suspension lasts at most 15 business days",
    ),
    Rule(
        "suspension.min-gap",
        "3(h)(ii)",
        "or (ii) begin less than ten (10) business days after the last day of the preceding "
        "suspension (whether or not such last day was during or after a Permitted Suspension "
        "Period)",
        "a suspension may begin no earlier than the 10th business day after the last day of the "
        "preceding suspension",
    ),
    Rule(
        "suspension.max-count",
        "3(h)",
        "The term \"Permitted Suspension Period\" means up to two such suspension periods",
        "at most two suspensions in the Registration Period count toward the limit of two",
    ),
    Rule(
        "suspension.notice",
        "3(h)",
        "provided further that the Company shall, if lawful to do so, provide the Investor with "
        "at least two (2) business days' notice of the existence (but not the substance of) a "
        "Potential Material Event",
        "the advance notice comes at least 2 business days before the suspension starts",
    ),
    Rule(
        "filing.deadline",
        "2(a)(i), 3(a)",
        "The Company shall prepare and file with the SEC, no later than the Required Filing Date "
        "(or the next business day following the Required Filing Date should such date fall on "
        "a weekend), ... a new Registration Statement",
        "the Registration Statement is filed no later than the Required Filing Date",
    ),
    Rule(
        "effectiveness.deadline",
        "2(a)(i), 3(a)",
        "to cause such Registration Statement to be declared effective on a date (the \"Initial "
        "Required Effective Date\") which is no later than five (5) days after receipt by the "
        "Company of written notice by the SEC that the Registration Statement may be declared "
        "effective",
        "declared effective no later than the Initial Required Effective Date (a best-efforts "
        "covenant: reported, no payment of its own)",
    ),
    Rule(
        "counsel-review.lead-time",
        "3(c)",
        "to review the Registration Statement and all amendments and supplements thereto for a "
        "reasonable period of time (but not less than three (3) business days) prior to their "
        "filing with the SEC",
        "each Registration Statement, amendment and supplement reaches Investor's Counsel at "
        "least 3 business days before it is filed",
    ),
    Rule(
        "filing-notice.lead-time",
        "3(d)(i)(A)",
        "Notify the Investors ... (and, in the case of (i)(A) below, not less than three (3) "
        "business days prior to such filing) ... (i)(A) when a Prospectus or any Prospectus "
        "supplement or post-effective amendment to the Registration Statement is proposed to be "
        "filed",
        "the Investors are notified at least 3 business days before a prospectus, prospectus "
        "supplement or post-effective amendment is filed",
    ),
    Rule(
        "notice-confirmation.deadline",
        "3(d)",
        "and (if requested by any such person) confirm such notice in writing no later than one "
        "(1) business day following the day",
        "a notice whose written confirmation was requested is confirmed no later than 1 "
        "business day after the notice",
    ),
    Rule(
        "sec-response.lead-time",
        "3(d)",
        "the Company shall furnish the Investor's Counsel with copies of all intended written "
        "responses to the comments ... not later than one (1) business day in advance of the "
        "filing of such responses with the SEC",
        "a written response to SEC comments reaches Investor's Counsel at least 1 business day "
        "before it is filed",
    ),
    Rule(
        "transfer-agent.deadline",
        "3(k)",
        "within five (5) business days after a Registration Statement which includes Registrable "
        "Securities is ordered effective by the SEC, the Company shall deliver, and shall cause "
        "legal counsel selected by the Company to deliver, to the transfer agent ... an "
        "appropriate instruction and opinion of such counsel",
        "the instruction and opinion reach the transfer agent within 5 business days after "
        "effectiveness",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

SUSPENSION_RULES: tuple[str, ...] = tuple(r.id for r in RULES if r.id.startswith("suspension."))

# A suspension breaking none of these is eligible to be a Permitted Suspension Period
# (READING.md section 4); max-length only decides how much of it is.
ELIGIBILITY_RULES: tuple[str, ...] = (
    "suspension.before-effective",
    "suspension.min-gap",
    "suspension.max-count",
    "suspension.notice",
)
