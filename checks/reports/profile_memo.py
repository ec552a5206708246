"""``rrcheck memo`` of a fixed schedule under a term profile: the 2003 memo's order and document
model (:mod:`checks.reports.memo_document`, laid out by :mod:`checks.reports.memo_docx` and
:mod:`checks.reports.memo_html`) with the profile's own terms: the question and the agreement
(its name, source and summary); the answer; the facts and the dates the profile derives; the
verdict per subject; each finding with the limit's or deadline's section and words; the
suspensions with their allowed and restricted days; the payments per Investor by period; the
readings the profile uses and those that would change the answer; the timeline; the dates to
watch.

It computes nothing of its own: every figure is the verdict's (:mod:`checks.allowance`), every
date :func:`checks.profile_dates.profile_dates`'s.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from checks.allowance import PROFILE_TERMS, ProfileRobust, ProfileVerdict, robust_profile
from checks.profile_dates import ProfileDates, days_of, profile_dates
from checks.reports.memo_document import (
    PROFILE_PAYMENT_HEADERS,
    Block,
    Heading,
    Memo,
    Paragraph,
    Picture,
    Section,
    Table,
    _sentence,
    _yes,
    amount,
)
from checks.reports.profile_timeline import profile_timeline_layout
from model.explain import counted
from model.interpretations import TERMS_BY_NAME
from model.scenario import ProfileScenario
from model.solver import SolverSettings

ONE_DAY = dt.timedelta(days=1)
QUESTION = (
    "Does the schedule comply with the timing terms of the agreement, and what damages does it "
    "give rise to?"
)


def memo_header(scenario: ProfileScenario) -> tuple[tuple[str, str], ...]:
    profile = scenario.profile
    return (
        ("Re", scenario.name),
        ("Agreement", f"{profile.agreement.name} ({profile.id})"),
        ("Scenario file", Path(scenario.source).name if scenario.source else "(not from a file)"),
        ("Prepared with", "rrcheck: the agreement's timing terms checked with the Z3 solver"),
    )


def profile_memo(scenario: ProfileScenario, settings: SolverSettings | None = None) -> Memo:
    """The memo of a fixed schedule under its profile, with the robust check's readings."""
    result = robust_profile(scenario, settings)
    sections = [
        question_section(scenario, QUESTION),
        _answer(result.verdict, result),
        *schedule_sections(scenario, result, settings),
    ]
    return Memo("Memorandum", memo_header(scenario), tuple(sections))


def schedule_sections(
    scenario: ProfileScenario, result: ProfileRobust, settings: SolverSettings | None
) -> list[Section]:
    """The sections after the answer, of a fixed schedule: the facts, the verdict per subject,
    the findings, the suspensions, the payments, the readings, the timeline, the dates."""
    verdict = result.verdict
    sections = [_facts(scenario, verdict), _subjects(verdict), _findings(verdict)]
    if verdict.evaluation.suspensions:
        sections.append(_suspensions(verdict))
    dates = profile_dates(scenario, settings)
    sections += [_payments(verdict), _readings(result), _timeline(dates), _dates_to_watch(dates)]
    return sections


def unsolved_sections(scenario: ProfileScenario, settings: SolverSettings | None) -> list[Section]:
    """With no placement: the facts, the readings in force, the timeline and the dates of the
    file without its planned suspensions."""
    fixed = attrs.evolve(scenario, suspensions=scenario.fixed_suspensions)
    result = robust_profile(fixed, settings)
    dates = profile_dates(fixed, settings)
    return [
        _facts(fixed, result.verdict),
        _readings(result),
        _timeline(dates),
        _dates_to_watch(dates),
    ]


def question_section(scenario: ProfileScenario, question: str) -> Section:
    agreement = scenario.profile.agreement
    blocks: list[Block] = [Paragraph(question)]
    if scenario.scenario.description:
        blocks.append(Paragraph(scenario.scenario.description))
    blocks.append(Heading("The agreement"))
    blocks.append(Paragraph(_sentence(agreement.name)))
    if agreement.source:
        blocks.append(Paragraph(_sentence(f"Source: {agreement.source}")))
    if agreement.words:
        blocks.append(Paragraph(f"In summary: {agreement.words}"))
    header = scenario.scenario
    blocks.append(
        Paragraph(
            f"Business days are counted on the {header.calendar} calendar and trading days on "
            f"the {header.trading_calendar} calendar; the terms are read as the profile states "
            "them (CONTRACT.md, \u201cTerm profiles\u201d), with the readings in force listed "
            "below."
        )
    )
    return Section("The question and the agreement", tuple(blocks))


def _findings_count(verdict: ProfileVerdict) -> int:
    return len(verdict.late) + len(verdict.evaluation.violations)


def _answer(verdict: ProfileVerdict, result: ProfileRobust) -> Section:
    if verdict.compliant:
        text = "The schedule is compliant: every limit and deadline checked is met."
    else:
        n = _findings_count(verdict)
        text = f"The schedule is not compliant: {counted(n, 'finding')}."
    total = verdict.evaluation.total_payments
    blocks: list[Block] = [
        Paragraph(text, "answer"),
        Paragraph(f"Total payments: {amount(total)}.", "answer"),
        Paragraph(
            "The verdict is the same under every reading the profile uses."
            if result.robust
            else "The verdict depends on how the agreement is read (see Readings)."
        ),
    ]
    return Section("The answer", tuple(blocks))


def _facts(scenario: ProfileScenario, verdict: ProfileVerdict) -> Section:
    events: list[tuple[dt.date, str, str]] = [
        (day, name.replace("_", " "), f"dates.{name}")
        for name, day in scenario.dates.named().items()
        if day is not None
    ]
    for s in scenario.fixed_suspensions:
        if s.advance_notice is not None:
            events.append((s.advance_notice, f"{s.id}: advance notice given", "suspensions"))
        events.append((s.start, f"{s.id}: first suspended day", "suspensions.start"))
        events.append((s.end, f"{s.id}: last suspended day", "suspensions.end"))
    for r in scenario.restrictions:
        reason = f" ({r.reason})" if r.reason else ""
        events.append((r.start, f"{r.id}: restriction{reason} begins", "restrictions.start"))
        events.append((r.end, f"{r.id}: last restricted day", "restrictions.end"))
    events.sort(key=lambda e: e[0])
    facts = Table(
        "facts", ("Date", "Event", "From the file"), tuple((str(d), e, f) for d, e, f in events)
    )
    e, profile = verdict.evaluation, verdict.profile
    derived: list[tuple[str, str, str]] = []
    if profile.deadlines.filing is not None and e.filing_deadline is not None:
        derived.append(
            ("Filing deadline", profile.deadlines.filing.section, str(e.filing_deadline))
        )
    effectiveness = profile.deadlines.effectiveness
    if effectiveness is not None and e.effectiveness_deadline is not None:
        derived.append(
            ("Effectiveness deadline", effectiveness.section, str(e.effectiveness_deadline))
        )
    section = profile.registration_period.section
    derived.append(("Registration Period begins", section, str(e.registration_period_start)))
    derived.append(("Registration Period ends", section, str(e.registration_period_end)))
    blocks: list[Block] = [
        facts,
        Heading("Dates the agreement derives from them"),
        Table("dates", ("Term", "Section", "Date"), tuple(derived)),
    ]
    return Section("The facts", tuple(blocks))


def _subjects(verdict: ProfileVerdict) -> Section:
    broken: dict[str, list[str]] = {}
    for late in verdict.late:
        broken.setdefault(late.subject, []).append(late.rule)
    for v in verdict.evaluation.violations:
        broken.setdefault(v.subject, []).append(v.rule)
    subjects = [("registration", "registration")]
    subjects += [(o.id, "suspension") for o in verdict.evaluation.suspensions]
    subjects += [(r.id, "restriction") for r in verdict.scenario.restrictions]
    rows = tuple(
        (
            sid,
            kind,
            "not compliant" if sid in broken else "compliant",
            ", ".join(broken.get(sid, ())) or "none",
        )
        for sid, kind in subjects
    )
    table = Table("subjects", ("Subject", "Kind", "Verdict", "Rules broken"), rows)
    return Section("Verdict per subject", (table,))


def _findings(verdict: ProfileVerdict) -> Section:
    if not _findings_count(verdict):
        return Section("Findings", (Paragraph("None: every limit and deadline checked is met."),))
    blocks: list[Block] = []
    for late in verdict.late:
        blocks.append(Heading(f"{late.rule}: {late.subject}, Section {late.section}"))
        if late.words:
            blocks.append(Paragraph(f"\u201c{late.words}\u201d", "quote"))
        blocks.append(Paragraph(_sentence(f"The deadline: {late.describe}")))
        blocks.append(Paragraph(_sentence(late.message)))
        rows: tuple[tuple[str, str], ...] = (
            ("deadline", str(late.deadline)),
            (late.done_as, str(late.given or late.done)),
        )
        if late.given is not None:  # notice-day moved the filing: the day given, then deemed
            rows += ((f"{late.done_as} (deemed)", str(late.done)),)
        blocks.append(Table("finding", ("Date compared", "Date"), rows, about=late.rule))
    limits = verdict.profile.allowance.limits
    for v in verdict.evaluation.violations:
        limit = limits[v.limit]
        blocks.append(Heading(f"{v.rule}: {v.subject}, Section {v.section}"))
        if limit.words:
            blocks.append(Paragraph(f"\u201c{limit.words}\u201d", "quote"))
        blocks.append(Paragraph(_sentence(f"The limit: {limit.describe()}")))
        blocks.append(Paragraph(_sentence(v.message)))
    return Section("Findings", tuple(blocks))


def _suspensions(verdict: ProfileVerdict) -> Section:
    e, profile = verdict.evaluation, verdict.profile
    term = profile.allowance.term
    rows = []
    for o in e.suspensions:
        last = min(o.end, e.registration_period_end)
        if o.outside:
            allowed, restricted = "none (outside)", "none"
        else:
            allowed_last = last if o.restricted_from is None else o.restricted_from - ONE_DAY
            judged = o.judged_from or o.start
            allowed = f"{judged} to {allowed_last}" if o.permitted else "none"
            restricted = "none" if o.restricted_from is None else f"{o.restricted_from} to {last}"
        rows.append(
            (
                o.id,
                str(o.start),
                str(o.end),
                str((o.end - o.start).days + 1),
                allowed,
                restricted,
                _yes(o.outside),
            )
        )
    headers = ("Suspension", "Start", "End", "Days", f"Allowed ({term})", "Restricted", "Outside")
    blocks: list[Block] = [Table("suspensions", headers, tuple(rows), numbers=(3,))]
    blocks += [Paragraph(_sentence(f"{o.id}: {days_of(profile, o)}")) for o in e.suspensions]
    title = (
        f"Suspensions ({profile.allowance.section})" if profile.allowance.section else "Suspensions"
    )
    return Section(title, tuple(blocks))


def _payments(verdict: ProfileVerdict) -> Section:
    e, profile = verdict.evaluation, verdict.profile
    sections = dict.fromkeys(d.section for d in profile.damages if d.section)
    title = f"Payments ({', '.join(sections)})" if sections else "Payments"
    blocks: list[Block] = []
    if not e.payments:
        blocks.append(Paragraph("None: no damages are payable."))
    for investor in dict.fromkeys(p.investor for p in e.payments):
        own = [p for p in e.payments if p.investor == investor]
        rows = []
        for p in own:
            damages = profile.damages_for(p.trigger)
            rate = f"{(damages[0].rate * 100).normalize():f}%" if damages else ""
            rows.append(
                (
                    p.trigger,
                    p.subject,
                    str(p.restricted_sale_date),
                    str(p.period_end),
                    str(p.days),
                    amount(p.base),
                    rate,
                    amount(p.amount),
                )
            )
        subtotal = sum((p.amount for p in own), Decimal("0"))
        footer = ("Subtotal", "", "", "", "", "", "", amount(subtotal))
        blocks.append(Heading(investor))
        headers = PROFILE_PAYMENT_HEADERS
        blocks.append(Table("payments", headers, tuple(rows), (4, 5, 6, 7), footer, about=investor))
    blocks.append(Paragraph(f"Total payments: {amount(e.total_payments)}.", "answer"))
    for event_terms in profile.damages:
        where = f" ({event_terms.section})" if event_terms.section else ""
        blocks.append(Paragraph(_sentence(f"{event_terms.event}{where}: {event_terms.describe()}")))
    if profile.damages_cap is not None:
        cap = profile.damages_cap
        where = f" ({cap.section})" if cap.section else ""
        blocks.append(Paragraph(_sentence(f"Cap{where}: {cap.describe()}")))
    return Section(title, tuple(blocks))


def _readings(result: ProfileRobust) -> Section:
    own = result.verdict.scenario.interpretation.as_dict()
    rows = []
    for name in PROFILE_TERMS:
        term = TERMS_BY_NAME[name]
        reading = own[name]
        shown = reading if reading == term.default else f"{reading} (not the default)"
        rows.append((name, term.section, shown, term.meaning.get(reading, "")))
    blocks: list[Block] = [
        Table("readings", ("Term", "Section", "Reading in force", "Meaning"), tuple(rows))
    ]
    n = len(result.verdicts)
    compliant = sum(v.compliant for _, v in result.verdicts)
    if result.robust:
        word = "compliant" if result.verdict.compliant else "not compliant"
        text = f"Robust: all {n} combinations of readings agree that the schedule is {word}."
    else:
        text = (
            f"Not robust: {compliant} of {n} combinations of readings find the schedule "
            "compliant; the verdict depends on how the agreement is read."
        )
    blocks.append(Paragraph(text, "answer"))
    flip_rows = [
        (
            ", ".join(f"{k}={v}" for k, v in readings.items()),
            "compliant" if v.compliant else "not compliant",
            amount(v.evaluation.total_payments),
        )
        for readings, v in result.verdicts
    ]
    blocks.append(
        Table("verdicts", ("Readings", "Verdict", "Total payments"), tuple(flip_rows), numbers=(2,))
    )
    if result.flips:
        blocks.append(
            Paragraph(
                _sentence("Readings that alone change the answer: " + ", ".join(result.flips))
            )
        )
    else:
        blocks.append(
            Paragraph("No single reading changed alone changes the verdict or the payments.")
        )
    return Section("Readings of the agreement (READING.md section 7)", tuple(blocks))


def _timeline(dates: ProfileDates) -> Section:
    layout = profile_timeline_layout(dates)
    return Section(
        "Timeline", (Picture(layout, f"The schedule from {layout.first} to {layout.last}."),)
    )


def _dates_to_watch(dates: ProfileDates) -> Section:
    rows = tuple((str(d.date), d.section, d.summary, d.detail) for d in dates.deadlines)
    table = Table("deadlines", ("Date", "Section", "What", "How it was reached"), rows)
    return Section("Notice deadlines and dates to watch", (table,))
