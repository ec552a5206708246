"""``rrcheck memo``: the answer as a memo a lawyer sends, in the order a memo reads.

The question and the agreement; the answer; the facts (the dated events); the verdict per
subject; each finding with the clause's words, the dates compared and the business days
missed; the suspensions with their Permitted Suspension Periods; the payments per Investor;
the readings in force and those that would change the answer; the timeline; the deadlines.

This module builds a :class:`Memo`, a plain document model of headings, paragraphs, tables and
one picture, from the domain results the JSON reports are built from (:class:`Verdict`,
:class:`RobustResult`, :class:`FindResult`, :class:`WorstCaseResult`, :class:`ScheduleDates`):
it computes nothing of its own. :mod:`checks.reports.memo_docx` and
:mod:`checks.reports.memo_html` only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import attrs

from checks.answers import FindResult, PlacedSuspension, WorstCaseResult
from checks.deadlines import ScheduleDates, schedule_dates
from checks.find import find
from checks.placements import fixed_scenario
from checks.reports import timeline
from checks.reports.template import DATES_BY_NAME, FILING_EVENTS, SUSPENSION_EVENTS
from checks.robust import RobustResult, robust
from checks.worst_case import worst_case as plan_worst_case
from model.explain import required_filing_date_note
from model.findings import Payment, Verdict
from model.interpretations import TERMS_BY_NAME
from model.payments import LATE_FILING, LATE_FILING_PERCENTAGE, RESTRICTED_SALE_PERCENTAGE
from model.rules import ELIGIBILITY_RULES, RULES_BY_ID
from model.scenario import PlannedSuspension, Scenario
from model.solver import SolverSettings

Date = dt.date
CENT = Decimal("0.01")
ONE_DAY = dt.timedelta(days=1)
FORMATS = ("docx", "html")

AGREEMENT = (
    "Registration Rights Agreement dated as of July 1, 2003, between Focus Enhancements, Inc., "
    'a Delaware corporation (the "Company"), and each Investor named on its signature pages; '
    "each agreement with an Investor is a separate and independent agreement."
)


# -- the document model ---------------------------------------------------------------------------


@attrs.frozen
class Paragraph:
    text: str
    style: str = "body"  # body | quote (the agreement's words) | answer (the short answer)


@attrs.frozen
class Table:
    """A table of text cells. ``kind`` names what it holds (``payments``, ``facts``...), for
    the writers' styles and for readers of the HTML; ``about`` the Investor or finding."""

    kind: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...] = ()  # columns aligned right
    footer: tuple[str, ...] = ()
    about: str = ""


@attrs.frozen
class Picture:
    """The timeline (:mod:`checks.reports.timeline`): the writers render the layout, PNG or SVG."""

    layout: timeline.Layout
    caption: str


@attrs.frozen
class Heading:
    text: str
    level: int = 2


Block = Paragraph | Table | Picture | Heading


@attrs.frozen
class Section:
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Memo:
    title: str
    header: tuple[tuple[str, str], ...]  # "Re:", "Agreement:", ...
    sections: tuple[Section, ...]


# -- figures as a reader sees them ----------------------------------------------------------------


def amount(value: Decimal) -> str:
    """Money: thousands separated, two places, half up (READING.md section 5)."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def percent(value: Fraction) -> str:
    """A Periodic Amount Percentage: ``1%``, ``1.5%``."""
    return f"{(Decimal(value.numerator) * 100 / Decimal(value.denominator)).normalize():f}%"


def payment_rate(p: Payment) -> Fraction:
    """2(b)(iii): one percent for a late filing, one and one-half percent for a Restricted
    Sale Date, of the Held Shares Value, per thirty days."""
    return LATE_FILING_PERCENTAGE if p.trigger == LATE_FILING else RESTRICTED_SALE_PERCENTAGE


def _days(n: int) -> str:
    return f"{n} business day" + ("" if n == 1 else "s")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _sentence(text: str) -> str:
    """``text`` ending with a full stop; not capitalised (it may begin with an id, ``s2``)."""
    return text + ("" if text.endswith(".") else ".")


# -- verdict per subject --------------------------------------------------------------------------


@attrs.frozen
class SubjectVerdict:
    id: str
    kind: str  # registration | suspension | filing
    compliant: bool
    rules: tuple[str, ...]  # the rules broken about it


def subject_verdicts(scenario: Scenario, verdict: Verdict) -> tuple[SubjectVerdict, ...]:
    """The verdict per subject, read off the violations' ``subject``: the registration, each
    fixed suspension and each filing, compliant when no rule about it is broken."""
    kinds = {"registration": "registration"}
    kinds.update({s.id: "suspension" for s in verdict.suspensions})
    kinds.update({f.id: "filing" for f in scenario.filings})
    for x in verdict.violations:
        kinds.setdefault(x.subject, "other")
    broken: dict[str, list[str]] = {}
    for x in verdict.violations:
        broken.setdefault(x.subject, []).append(x.rule)
    return tuple(
        SubjectVerdict(sid, kind, sid not in broken, tuple(broken.get(sid, ())))
        for sid, kind in kinds.items()
    )


# -- the memo's sections --------------------------------------------------------------------------


@attrs.frozen
class Fact:
    date: Date
    event: str
    field: str  # where in the file it comes from


def facts(scenario: Scenario) -> tuple[Fact, ...]:
    """Every dated event of the file, in date order, with the field it comes from."""
    events: list[tuple[Date, str, str]] = []
    dates = scenario.dates
    for name, field in DATES_BY_NAME.items():
        day = getattr(dates, name)
        if day is not None:
            events.append((day, field.event, f"dates.{name} ({field.section})"))
    for investor in scenario.investors:
        for sale in investor.sales:
            events.append(
                (
                    sale.date,
                    f"{investor.name} sold stock of Purchase Price {amount(sale.purchase_price)}",
                    "investors.sales (1(b))",
                )
            )
    for s in scenario.suspensions:
        if isinstance(s, PlannedSuspension):
            events.append(
                (
                    s.start.earliest,
                    f"{s.id}: planned suspension, to begin from {s.start.earliest} "
                    f"to {s.start.latest}",
                    "suspensions (planned)",
                )
            )
            continue
        for name in ("advance_notice", "start", "end"):
            day = getattr(s, name)
            if day is not None:
                events.append((day, f"{s.id}: {SUSPENSION_EVENTS[name]}", f"suspensions.{name}"))
    for r in scenario.restrictions:
        reason = f" ({r.reason})" if r.reason else ""
        events.append((r.start, f"{r.id}: restriction{reason} begins", "restrictions.start"))
        events.append((r.end, f"{r.id}: last restricted day", "restrictions.end"))
    for f in scenario.filings:
        for name, event in FILING_EVENTS.items():
            day = getattr(f, name)
            if day is not None:
                events.append((day, f"{f.id} ({f.kind}): {event}", f"filings.{name}"))
    events.sort(key=lambda e: e[0])
    return tuple(Fact(*event) for event in events)


def _facts(scenario: Scenario) -> Table:
    rows = tuple((str(f.date), f.event, f.field) for f in facts(scenario))
    return Table("facts", ("Date", "Event", "From the file"), rows)


def derived_dates(verdict: Verdict) -> tuple[tuple[str, str, Date], ...]:
    """The dates the agreement derives (READING.md section 3): term, section, date."""
    t = verdict.timeline
    period = t.registration_period
    return (
        ("Required Filing Date", "1(h), 2(a)(i)", t.required_filing_date),
        ("Initial Required Effective Date", "2(a)(i)", t.initial_required_effective_date),
        ("Effective Date", "1(a)", t.effective_date),
        ("Registration Period begins", "3(a)", period.start),
        ("Registration Period ends", "3(a), 2(c)", period.end),
    )


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
            blocks.append(Paragraph(f"Missed by {_days(x.missed_by_business_days)}."))
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
                if x.subject == s.id and x.rule in ELIGIBILITY_RULES
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
        "Counts toward the two",
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


PAYMENT_HEADERS = (
    "Trigger",
    "Subject",
    "Restricted Sale Date",
    "Computation Date",
    "Days",
    "Base (Held Shares Value)",
    "Rate",
    "Amount",
    "Due",
)


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
            "Each Periodic Amount is the rate of the Held Shares Value for each thirty days from "
            "the day after the Required Filing Date or Restricted Sale Date to each Computation "
            "Date, prorated, rounded half up to the cent (2(b)(iii), READING.md section 5)."
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
    layout = timeline.timeline_layout(dates)
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


def _placements(placed: Iterable[PlacedSuspension]) -> Table:
    rows = tuple(
        (p.id, str(p.start), str(p.end), str(p.business_days), str(p.notice_by)) for p in placed
    )
    headers = ("Suspension", "Start", "End", "Business days", "Advance notice by")
    return Table("placements", headers, rows, numbers=(3,))


# -- whole memos ----------------------------------------------------------------------------------


def _header(scenario: Scenario, question: str) -> tuple[tuple[str, str], ...]:
    return (
        ("Re", scenario.name),
        ("Agreement", "Registration Rights Agreement, Focus Enhancements, Inc., July 1, 2003"),
        ("Scenario file", Path(scenario.source).name if scenario.source else "(not from a file)"),
        ("Prepared with", "rrcheck: the agreement's timing terms checked with the Z3 solver"),
    )


def _question(scenario: Scenario, question: str) -> Section:
    blocks: list[Block] = [Paragraph(question)]
    if scenario.scenario.description:
        blocks.append(Paragraph(scenario.scenario.description))
    blocks.append(Heading("The agreement"))
    blocks.append(Paragraph(AGREEMENT))
    calendar = scenario.scenario.calendar
    blocks.append(
        Paragraph(
            f"Business days are counted on the {calendar} calendar; the terms are read as "
            "READING.md sets out, with the readings in force listed below."
        )
    )
    return Section("The question and the agreement", tuple(blocks))


def _verdict_answer(verdict: Verdict, result: RobustResult | None) -> list[Block]:
    if verdict.compliant:
        text = "The schedule is compliant: every rule checked is met."
    else:
        n = len(verdict.violations)
        text = f"The schedule is not compliant: {n} rule{'' if n == 1 else 's'} broken."
    blocks: list[Block] = [Paragraph(text, "answer")]
    blocks.append(Paragraph(f"Total payments: {amount(verdict.total_payments)}.", "answer"))
    if result is not None:
        blocks.append(
            Paragraph(
                "The verdict is the same under every reading of READING.md section 7."
                if result.robust
                else "The verdict depends on how the agreement is read (see Readings)."
            )
        )
    return blocks


def _verdict_sections(
    scenario: Scenario, dates: ScheduleDates, verdict: Verdict, result: RobustResult | None
) -> list[Section]:
    sections = [
        _facts_section(scenario, verdict),
        _subjects_section(scenario, verdict),
        _findings_section(verdict),
    ]
    suspensions = _suspensions_section(verdict)
    if suspensions is not None:
        sections.append(suspensions)
    sections.append(_payments_section(verdict.payments, verdict.total_payments))
    sections.append(_readings_section(verdict, result))
    sections += [_timeline_section(dates), _deadlines_section(dates)]
    notes = _notes_section(verdict)
    return sections + ([notes] if notes is not None else [])


def verdict_memo(scenario: Scenario, dates: ScheduleDates, result: RobustResult) -> Memo:
    """The memo of a fixed schedule: ``dates`` from :func:`schedule_dates`, ``result`` from
    :func:`robust` (whose verdict is ``validate``'s)."""
    question = (
        "Does the schedule comply with the timing terms of the Registration Rights Agreement, "
        "and what Periodic Amounts does it give rise to?"
    )
    answer = Section("The answer", tuple(_verdict_answer(result.verdict, result)))
    sections = [_question(scenario, question), answer]
    sections += _verdict_sections(scenario, dates, result.verdict, result)
    return Memo("Memorandum", _header(scenario, question), tuple(sections))


def validate_memo(scenario: Scenario, settings: SolverSettings | None = None) -> Memo:
    return verdict_memo(scenario, schedule_dates(scenario, settings), robust(scenario, settings))


FIND_QUESTIONS = {
    "latest-start": "What is the latest day the planned suspension {id} can begin while the "
    "schedule stays compliant?",
    "earliest-start": "What is the earliest day the planned suspension {id} can begin while the "
    "schedule stays compliant?",
    "longest": "What is the longest the planned suspension {id} can last while the schedule "
    "stays compliant?",
}


def _unsolved(scenario: Scenario, settings: SolverSettings | None) -> list[Section]:
    """With no placement: the facts, the fixed schedule's dates and the readings in force."""
    dates = schedule_dates(scenario, settings)
    return [
        _facts_section(scenario, dates.verdict),
        _readings_section(dates.verdict, None),
        _timeline_section(dates),
        _deadlines_section(dates),
    ]


def find_memo(
    scenario: Scenario, result: FindResult, settings: SolverSettings | None = None
) -> Memo:
    """The memo of a ``find`` answer: the placement found, then the memo of the schedule with
    it fixed (validated again, with its readings); or what stands in the way."""
    question = FIND_QUESTIONS[result.objective].format(id=result.suspension_id)
    answer: list[Block] = [Paragraph(f"Status: {result.status}.", "answer")]
    if result.suspension is not None:
        s = result.suspension
        if result.objective == "longest":
            found = f"{s.id} can last {_days(s.business_days)}, from {s.start} to {s.end}"
        else:
            found = f"{s.id} can begin on {s.start} (ending {s.end})"
        answer.append(Paragraph(_sentence(found), "answer"))
        answer.append(
            Paragraph(
                f"Give the advance notice by {s.notice_by}. The solver proved that no better "
                "placement keeps the schedule compliant."
            )
        )
        others = [p for p in result.schedule if p.id != s.id]
        answer.append(_placements([s, *others]))
    answer += [Paragraph(f"In the way: {o.explanation}.") for o in result.obstacles]
    if result.status == "unknown":
        answer.append(Paragraph(f"{result.message}; best bound found: {result.best_bound}."))
    placed = result.schedule if result.suspension is not None else None
    return _answer_memo(scenario, question, answer, placed, settings)


def worst_case_memo(
    scenario: Scenario, result: WorstCaseResult, settings: SolverSettings | None = None
) -> Memo:
    """The memo of a ``worst-case`` answer: the total, the placement, then the memo of that
    schedule (the witness, validated again)."""
    most = result.objective == "max-payments"
    question = (
        f"Where can the planned suspensions fall so that the Company owes the "
        f"{'most' if most else 'least'} in Periodic Amounts, and how much is that?"
    )
    answer: list[Block] = [Paragraph(f"Status: {result.status}.", "answer")]
    if result.status == "optimal" and result.total_payments is not None:
        answer.append(
            Paragraph(
                f"The {'most' if most else 'least'} the Company can owe: "
                f"{amount(result.total_payments)}.",
                "answer",
            )
        )
        answer.append(_placements(result.schedule))
    else:
        answer.append(Paragraph(_sentence(result.message)))
        if result.best_bound is not None:
            answer.append(
                Paragraph(f"Best total found so far: {amount(result.best_bound)} (not proved).")
            )
    answer += [Paragraph(f"In the way: {o.explanation}.") for o in result.obstacles]
    placed = result.schedule if result.status == "optimal" and result.schedule else None
    return _answer_memo(scenario, question, answer, placed, settings)


def _answer_memo(
    scenario: Scenario,
    question: str,
    answer: list[Block],
    placed: Sequence[PlacedSuspension] | None,
    settings: SolverSettings | None,
) -> Memo:
    """The question, the answer, then the memo of the schedule with the placement fixed (the
    witness, validated again), or, with nothing placed, what the file says without it."""
    sections = [_question(scenario, question), Section("The answer", tuple(answer))]
    if placed is not None:
        fixed = fixed_scenario(scenario, placed)
        dates = schedule_dates(fixed, settings)
        checked = robust(fixed, settings)
        sections += _verdict_sections(fixed, dates, checked.verdict, checked)
    else:
        sections += _unsolved(scenario, settings)
    return Memo("Memorandum", _header(scenario, question), tuple(sections))


def build(
    scenario: Scenario,
    settings: SolverSettings | None = None,
    find_goal: tuple[str, str] | None = None,
    worst: bool = False,
    least: bool = False,
) -> Memo:
    """The memo ``rrcheck memo`` writes: of ``validate``, a ``find`` (objective, id) or a
    ``worst-case``."""
    if find_goal is not None:
        objective, target = find_goal
        return find_memo(scenario, find(scenario, objective, target, settings), settings)
    if worst:
        return worst_case_memo(scenario, plan_worst_case(scenario, least, settings), settings)
    return validate_memo(scenario, settings)


def summary_json(memo: Memo, output: str) -> dict[str, object]:
    """What ``rrcheck memo --format json`` prints: the file written and its sections."""
    return {
        "scenario": dict(memo.header)["Re"],
        "output": output,
        "format": "docx" if output.lower().endswith(".docx") else "html",
        "sections": [s.title for s in memo.sections],
    }


def summary_text(memo: Memo, output: str) -> str:
    lines = [f"Memo of {dict(memo.header)['Re']} written to {output}:"]
    lines += [f"  {i}. {s.title}" for i, s in enumerate(memo.sections, start=1)]
    return "\n".join(lines)
