"""``rrcheck new``: a scenario file to fill in, each field with the question it answers.

The questions and the short names of the dated events are kept here once: the template asks
them, and the memo's table of facts (:mod:`checks.reports.memo`) names each date by the same event.
Placeholders (``YYYY-MM-DD``, ``AMOUNT``) are not values: ``validate`` refuses the file, naming
the field, until each is replaced (CONTRACT.md "Scenario files").
"""

from __future__ import annotations

import attrs

from model.terms import focus_2003, spelled_ordinal

_TERMS = focus_2003()  # the 2003 agreement's numbers, for the questions below

DATE_PLACEHOLDER = "YYYY-MM-DD"
AMOUNT_PLACEHOLDER = "AMOUNT"


@attrs.frozen
class Field:
    """A field of the scenario file: the event its date records and the question it answers."""

    name: str
    event: str  # what happened on the date, for the memo's facts
    question: str  # what the template asks
    section: str


DATES: tuple[Field, ...] = (
    Field(
        "quarterly_report_filed",
        "Form 10-Q for the quarter ended 30 June 2003 filed",
        "the day the Company filed its Form 10-Q for the quarter ended 30 June 2003 "
        f"(the Required Filing Date is the {spelled_ordinal(_TERMS.filing_deadline.n)} business "
        "day after it)",
        "1(h)",
    ),
    Field(
        "registration_filed",
        "Registration Statement filed with the SEC",
        "the day the Registration Statement was filed with the SEC",
        "2(a)(i)",
    ),
    Field(
        "sec_clearance_notice",
        "SEC's notice that the Registration Statement may be declared effective",
        "the day the SEC gave written notice that the Registration Statement will not be "
        "reviewed or that it may be declared effective (the Initial Required Effective Date "
        f"is {_TERMS.effectiveness_deadline.spelled()} days after it)",
        "2(a)(i)",
    ),
    Field(
        "effective",
        "Registration Statement declared effective (the Effective Date)",
        "the day the SEC declared the Registration Statement effective",
        "1(a)",
    ),
    Field(
        "rule_144k",
        "The Investors may sell all their shares under Rule 144(k)",
        "optional: the first day the Investors may sell all their Registrable Securities under "
        "Rule 144(k) (it ends the Registration Period)",
        "3(a)",
    ),
    Field(
        "no_longer_own",
        "The Investors no longer own Registrable Securities",
        "optional: the day the Investors no longer own any Registrable Securities (it ends the "
        "Registration Period)",
        "3(a)",
    ),
    Field(
        "transfer_agent_opinion",
        "Instruction and opinion delivered to the transfer agent",
        "optional: the day the instruction and the opinion of counsel were delivered to the "
        "transfer agent (without it 3(k) is not checked)",
        "3(k)",
    ),
)
DATES_BY_NAME = {f.name: f for f in DATES}

SUSPENSION_EVENTS = {
    "advance_notice": "advance notice of the suspension given to the Investors",
    "start": "notice that sales must stop (a Potential Material Event): the first day the "
    "Investors may not sell",
    "end": "the last day the Investors may not sell",
}
SUSPENSION_QUESTIONS = {
    "advance_notice": "the day you gave the Investors advance notice of the suspension (3(h): "
    f"at least {_TERMS.suspension_notice.spelled()} business days before it begins)",
    "start": "the day you gave notice that sales must stop (a Potential Material Event): the "
    "first day the Investors may not sell",
    "end": "the last day the Investors may not sell",
}
FILING_EVENTS = {
    "filed": "filed with the SEC",
    "counsel_copy": "copy sent to the Investors' counsel",
    "investor_notice": "notice given to the Investors",
    "confirmation_requested": "confirmation of the notice requested",
    "confirmed": "confirmation of the notice given",
}
FILING_QUESTIONS = {
    "filed": "the day it was filed with the SEC",
    "counsel_copy": "3(c): the day a copy went to the Investors' counsel",
    "investor_notice": "3(d): the day the Investors were notified of it",
    "confirmation_requested": "3(d): the day an Investor asked for confirmation of that notice",
    "confirmed": "3(d): the day the Company confirmed it in writing",
}


def _comment(text: str, width: int = 96) -> list[str]:
    """``text`` as ``# `` lines of at most ``width`` columns."""
    lines: list[str] = []
    line = "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "#"
        line += " " + word
    return lines + [line]


def scenario_template() -> str:
    """The commented scenario file ``rrcheck new`` writes."""
    out = _comment(
        "A scenario for the Registration Rights Agreement of Focus Enhancements, Inc. dated as "
        'of 1 July 2003. Replace every YYYY-MM-DD with a date ("2004-01-07") and every AMOUNT '
        'with a sum of money in quotes ("1500000.00"), delete what does not apply, then run: '
        "rrcheck validate THIS-FILE. The format: docs/scenario-format.md."
    )
    out += [
        "",
        "[scenario]",
        "# the name shown in every report",
        'name = "Name of the matter"',
        "# what the schedule is about (optional)",
        'description = ""',
        "# business days: us-federal (the default), us-banking, nyse or weekdays",
        'calendar = "us-federal"',
        "",
        "[dates]",
    ]
    for field in DATES:
        out += _comment(f"{field.section}: {field.question}")
        line = f'{field.name} = "{DATE_PLACEHOLDER}"'
        out.append(("# " if field.question.startswith("optional") else "") + line)
    years = f"{_TERMS.warrant_extension_years.spelled()} years"
    out += _comment(
        f"2(c): true when the warrant extension applies ({years}, not "
        f"{_TERMS.registration_years.spelled()})"
    )
    out += ["warrant_extension = false", ""]
    out += _comment(
        "One [[investors]] table for each Investor; each agreement is separate and the "
        "Periodic Amounts are per Investor (2(b))."
    )
    out += [
        "[[investors]]",
        "# the Investor's name as on its signature page",
        'name = "Investor name"',
        "# the Purchase Price the Investor paid for its Common Stock (1(b), Held Shares Value)",
        f'purchase_price = "{AMOUNT_PLACEHOLDER}"',
        "# each sale of its Common Stock: the day and the Purchase Price of the stock sold",
        f'# sales = [{{ date = "{DATE_PLACEHOLDER}", purchase_price = "{AMOUNT_PLACEHOLDER}" }}]',
        "",
    ]
    out += _comment(
        "One [[suspensions]] table for each suspension under 3(h): take the # off the "
        "lines below to use them, or delete them when there is none."
    )
    out += ["# [[suspensions]]", "# a short name for it, used in the findings", '# id = "s1"']
    for name, question in SUSPENSION_QUESTIONS.items():
        out += _comment(question)
        out.append(f'# {name} = "{DATE_PLACEHOLDER}"')
    out += [""]
    out += _comment(
        "A filing with the SEC and the notices around it (3(c), 3(d)); kind is one of "
        "registration-statement, amendment, post-effective-amendment, prospectus, "
        "prospectus-supplement, sec-response. Take the # off to use it."
    )
    out += ["# [[filings]]", '# id = "amendment-1"', '# kind = "amendment"']
    for name, question in FILING_QUESTIONS.items():
        out.append(f"# {question}")
        out.append(f'# {name} = "{DATE_PLACEHOLDER}"')
    return "\n".join(out) + "\n"
