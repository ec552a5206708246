"""``rrcheck memo``: the answer as a memo a lawyer sends, in the order a memo reads.

The question and the agreement; the answer; the facts (the dated events); the verdict per
subject; each finding with the clause's words, the dates compared and the business days
missed; the suspensions with their Permitted Suspension Periods; the payments per Investor;
the readings in force and those that would change the answer; the timeline; the deadlines.

This module builds a :class:`Memo` (:mod:`checks.reports.memo_document`), a plain document
model of headings, paragraphs, tables and one picture, section by section
(:mod:`checks.reports.memo_sections`), from the domain results the JSON reports are built from
(:class:`Verdict`, :class:`RobustResult`, :class:`FindResult`, :class:`WorstCaseResult`,
:class:`ScheduleDates`): it computes nothing of its own. :mod:`checks.reports.memo_docx` and
:mod:`checks.reports.memo_html` only lay it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from checks.answers import FindResult, PlacedSuspension, WorstCaseResult
from checks.deadlines import ScheduleDates, schedule_dates
from checks.find import find
from checks.placements import fixed_scenario
from checks.reports.memo_document import (
    Block,
    Heading,
    Memo,
    Paragraph,
    Section,
    Table,
    _sentence,
    amount,
)
from checks.reports.memo_sections import (
    _deadlines_section,
    _facts_section,
    _findings_section,
    _notes_section,
    _payments_section,
    _readings_section,
    _subjects_section,
    _suspensions_section,
    _timeline_section,
)
from checks.robust import RobustResult, robust
from checks.worst_case import worst_case as plan_worst_case
from model.explain import business_days, counted
from model.findings import Verdict
from model.scenario import Scenario
from model.solver import SolverSettings

FORMATS = ("docx", "html")

AGREEMENT = (
    "Registration Rights Agreement dated as of July 1, 2003, between Focus Enhancements, Inc., "
    'a Delaware corporation (the "Company"), and each Investor named on its signature pages; '
    "each agreement with an Investor is a separate and independent agreement."
)


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
        text = f"The schedule is not compliant: {counted(n, 'rule')} broken."
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
            found = f"{s.id} can last {business_days(s.business_days)}, from {s.start} to {s.end}"
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
