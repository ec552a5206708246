"""The sections of a memo (:mod:`checks.reports.memo`), each from the domain results the JSON
reports are built from: the facts, the verdict per subject, the findings with the clause's
words, the suspensions, the payments per Investor, the readings, the timeline, the deadlines
and the notes. It computes nothing of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from checks.deadlines import ScheduleDates
from checks.reports import timeline_layout
from checks.reports.memo_document import (
    PAYMENT_HEADERS,
    Block,
    Heading,
    Paragraph,
    Picture,
    Section,
    Table,
    _sentence,
    _yes,
    amount,
    derived_dates,
    facts,
    payment_rate,
    subject_verdicts,
)
from checks.robust import RobustResult
from model.explain import business_days, required_filing_date_note
from model.findings import Payment, Verdict
from model.interpretations import TERMS_BY_NAME
from model.rules import RULES_BY_ID, blocks_eligibility
from model.scenario import Scenario
from model.terms import focus_2003, percent

ONE_DAY = dt.timedelta(days=1)


# -- the memo's sections --------------------------------------------------------------------------


def _facts(scenario: Scenario) -> Table:
    rows = tuple((str(f.date), f.event, f.field) for f in facts(scenario))
    return Table("facts", ("Date", "Event", "From the file"), rows)


def _derived(verdict: Verdict) -> Table:
    rows = tuple((term, section, str(day)) for term, section, day in derived_dates(verdict))
    return Table("dates", ("Term", "Section", "Date"), rows)


def _facts_section(scenario: Scenario, verdict: Verdict) -> Section:
    blocks: list[Block] = [_facts(scenario), Heading("Dates the agreement derives from them")]
    blocks.append(_derived(verdict))
    note = required_filing_date_note(verdict.timeline).message
    blocks.append(Paragraph(_sentence(note[:1].upper() + note[1:])))
    period = verdict.timeline.registration_period
    blocks.append(Paragraph(f"The Registration Period ended by: {period.ended_by}."))
    return Section("The facts", tuple(blocks))


def _subjects_section(scenario: Scenario, verdict: Verdict) -> Section:
    rows = tuple(
        (
            s.id,
            s.kind,
            "compliant" if s.compliant else "not compliant",
            ", ".join(s.rules) or "none",
        )
        for s in subject_verdicts(scenario, verdict)
    )
    table = Table("subjects", ("Subject", "Kind", "Verdict", "Rules broken"), rows)
    return Section("Verdict per subject", (table,))


def _findings_section(verdict: Verdict) -> Section:
    if not verdict.violations:
        return Section("Findings", (Paragraph("None: every rule checked is met."),))
    blocks: list[Block] = []
    for x in verdict.violations:
        blocks.append(Heading(f"{x.rule}: {x.subject}, Section {x.section}"))
        words = RULES_BY_ID[x.rule].words if x.rule in RULES_BY_ID else ""
        if words:
            blocks.append(Paragraph(f"\u201c{words}\u201d", "quote"))
        blocks.append(Paragraph(_sentence(x.message)))
        rows = tuple((role.replace("_", " "), str(day)) for role, day in x.dates.items())
        blocks.append(Table("finding", ("Date compared", "Date"), rows, about=x.key))
        if x.missed_by_business_days is not None:
            blocks.append(Paragraph(f"Missed by {business_days(x.missed_by_business_days)}."))
    return Section("Findings", tuple(blocks))


def _suspensions_section(verdict: Verdict) -> Section | None:
    if not verdict.suspensions and not verdict.episodes:
        return None
    episodes = {e.subject: e for e in verdict.episodes}
    rows = []
    remarks: list[Block] = []
    for s in verdict.suspensions:
        episode = episodes.get(s.id)
        permitted = f"{s.start} to {s.permitted_until}" if s.permitted else "none"
        if s.restricted_from is not None:
            last = episode.cure_date - ONE_DAY if episode is not None else s.end
            restricted = f"{s.restricted_from} to {last}"
        else:
            restricted = "none"
        rows.append(
            (
                s.id,
                str(s.start),
                str(s.end),
                str(s.business_days),
                _yes(s.eligible),
                permitted,
                restricted,
                _yes(s.counts),
            )
        )
        if s.outside:
            remarks.append(
                Paragraph(
                    f"{s.id}: outside the Registration Period (it ended on "
                    f"{verdict.timeline.registration_period.end}): it breaks no rule, does not "
                    "count and gives no payment."
                )
            )
        elif not s.eligible:
            blocking = [
                x.rule
                for x in verdict.violations
                if x.subject == s.id and blocks_eligibility(x.rule, verdict.interpretation)
            ]
            because = f" (it breaks {', '.join(blocking)})" if blocking else ""
            remarks.append(
                Paragraph(f"{s.id}: not eligible to be a Permitted Suspension Period{because}.")
            )
    headers = (
        "Suspension",
        "Start",
        "End",
        "Business days",
        "Eligible",
        "Permitted Suspension Period",
        "Restricted days",
        f"Counts toward the {focus_2003().suspension_limit.spelled()}",
    )
    blocks: list[Block] = []
    if rows:
        blocks += [Table("suspensions", headers, tuple(rows), numbers=(3,)), *remarks]
    if verdict.episodes:
        blocks.append(Heading("Restricted days (2(b))"))
        episode_rows = tuple(
            (
                e.subject,
                e.kind,
                str(e.restricted_sale_date),
                str(e.cure_date),
                str(e.restricted_days),
                _yes(e.gives_payments),
            )
            for e in verdict.episodes
        )
        episode_headers = (
            "Subject",
            "Kind",
            "Restricted Sale Date",
            "Cured on",
            "Days",
            "Gives rise to payments",
        )
        blocks.append(Table("episodes", episode_headers, episode_rows, numbers=(4,)))
    return Section("Suspensions and Permitted Suspension Periods (3(h))", tuple(blocks))


def _payments_section(payments: Sequence[Payment], total: Decimal) -> Section:
    if not payments:
        none = Paragraph("None: no Periodic Amount is payable.")
        return Section(
            "Payments (2(b))", (none, Paragraph(f"Total payments: {amount(total)}.", "answer"))
        )
    blocks: list[Block] = []
    for investor in dict.fromkeys(p.investor for p in payments):
        own = [p for p in payments if p.investor == investor]
        shares = any(p.periodic_amount_shares is not None for p in own)
        headers = PAYMENT_HEADERS + (("Periodic Amount Shares",) if shares else ())
        rows = []
        for p in own:
            row: tuple[str, ...] = (
                p.trigger,
                p.subject,
                str(p.restricted_sale_date),
                str(p.computation_date),
                str(p.days),
                "" if p.held_shares_value is None else amount(p.held_shares_value),
                percent(payment_rate(p)),
                amount(p.amount),
                str(p.due),
            )
            if shares:
                row += ("" if p.periodic_amount_shares is None else str(p.periodic_amount_shares),)
            rows.append(row)
        subtotal = sum((p.amount for p in own), Decimal("0"))
        footer = ("Subtotal", "", "", "", "", "", "", amount(subtotal), "") + (
            ("",) if shares else ()
        )
        blocks.append(Heading(investor))
        blocks.append(
            Table("payments", headers, tuple(rows), (4, 5, 6, 7, 9), footer, about=investor)
        )
    blocks.append(Paragraph(f"Total payments: {amount(total)}.", "answer"))
    blocks.append(
        Paragraph(
            "Each Periodic Amount is the rate of the Held Shares Value for each "
            f"{focus_2003().computation_period.spelled()} days from the day after the Required "
            "Filing Date or Restricted Sale Date to each Computation Date, prorated, rounded half "
            "up to the cent (2(b)(iii), READING.md section 5)."
        )
    )
    return Section("Payments (2(b))", tuple(blocks))


def _readings_section(verdict: Verdict, result: RobustResult | None) -> Section:
    rows = []
    for name, reading in verdict.interpretation.as_dict().items():
        term = TERMS_BY_NAME[name]
        shown = reading if reading == term.default else f"{reading} (not the default)"
        rows.append((name, term.section, shown, term.meaning.get(reading, "")))
    blocks: list[Block] = [
        Table("readings", ("Term", "Section", "Reading in force", "Meaning"), tuple(rows))
    ]
    if result is None:
        blocks.append(Paragraph("The other readings were not checked: no schedule was found."))
        return Section("Readings of the agreement (READING.md section 7)", tuple(blocks))
    compliant = sum(v.compliant for v in result.verdicts)
    n = len(result.verdicts)
    if result.robust:
        verdict_word = "compliant" if result.verdicts[0].compliant else "not compliant"
        text = (
            f"Robust: all {n} combinations of readings agree that the schedule is {verdict_word}."
        )
    else:
        text = (
            f"Not robust: {compliant} of {n} combinations of readings find the schedule "
            "compliant; the verdict depends on how the agreement is read."
        )
    blocks.append(Paragraph(text, "answer"))
    if not result.flips:
        blocks.append(
            Paragraph("No single reading changed alone changes the verdict or the payments.")
        )
    else:
        blocks.append(Heading("Readings that would change the answer"))
        flip_rows = []
        for f in result.flips:
            for reading, outcome in (
                (f.own.interpretation.as_dict()[f.term], f.own),
                (f.other.interpretation.as_dict()[f.term], f.other),
            ):
                flip_rows.append(
                    (
                        f.term,
                        f.section,
                        reading,
                        "compliant" if outcome.compliant else "not compliant",
                        amount(outcome.total_payments),
                    )
                )
        headers = ("Term", "Section", "Reading", "Verdict", "Total payments")
        blocks.append(Table("flips", headers, tuple(flip_rows), numbers=(4,)))
        for f in result.flips:
            blocks.append(
                Paragraph(f"{f.term}, Section {f.section}: \u201c{f.words}\u201d", "quote")
            )
    return Section("Readings of the agreement (READING.md section 7)", tuple(blocks))


def _timeline_section(dates: ScheduleDates) -> Section:
    layout = timeline_layout.timeline_layout(dates)
    caption = f"The schedule from {layout.first} to {layout.last}."
    # The layout's notes (dates off the plotted days, the readings) are printed under it.
    return Section("Timeline", (Picture(layout, caption),))


def _deadlines_section(dates: ScheduleDates) -> Section:
    rows = tuple((str(d.date), d.section, d.summary, d.detail) for d in dates.deadlines)
    table = Table("deadlines", ("Date", "Section", "What", "How it was reached"), rows)
    return Section("Notice deadlines and dates to watch", (table,))


def _notes_section(verdict: Verdict) -> Section | None:
    rfd = required_filing_date_note(verdict.timeline)
    notes = [n for n in verdict.notes if n != rfd]
    if not notes:
        return None
    return Section("Notes", tuple(Paragraph(f"{n.subject}: {n.message}.") for n in notes))
