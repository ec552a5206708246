"""``rrcheck memo --find OBJECTIVE:ID`` and ``memo --worst-case`` under a term profile: as the
2003 memo of an answer (:mod:`checks.reports.memo`), the question, the answer (the placement
found and when to give notice, what binds it, or what stands in the way; the most or least the
Company can owe), then the memo of the schedule with the placement fixed, validated again with
its readings (:func:`checks.reports.profile_memo.schedule_sections`); with nothing placed, what
the file says without its planned suspensions.

It computes nothing of its own: the answers are ``find``'s and ``worst-case``'s JSON answers
(:mod:`checks.allowance_find`, :mod:`checks.allowance_worst_case`), the rest the verdict's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from checks.allowance import robust_profile
from checks.allowance_find import find_profile
from checks.allowance_worst_case import solved
from checks.reports.memo_document import Block, Memo, Paragraph, Section, Table, _sentence, amount
from checks.reports.profile_memo import (
    memo_header,
    profile_memo,
    question_section,
    schedule_sections,
    unsolved_sections,
)
from model.explain import counted
from model.loading import InputError
from model.scenario import PlannedSuspension, ProfileScenario, Suspension
from model.solver import SolverSettings

FIND_QUESTIONS = {
    "latest-start": "What is the latest day the planned suspension {id} can begin so that it is "
    "wholly allowed and the schedule breaks no limit it does not break already?",
    "earliest-start": "What is the earliest day the planned suspension {id} can begin so that "
    "it is wholly allowed and the schedule breaks no limit it does not break already?",
    "longest": "What is the longest the planned suspension {id} can last so that it is wholly "
    "allowed and the schedule breaks no limit it does not break already?",
}


def build_profile_memo(
    scenario: ProfileScenario,
    settings: SolverSettings | None,
    find_goal: tuple[str, str] | None,
    worst: bool,
    least: bool = False,
) -> Memo:
    """The memo ``rrcheck memo`` writes of a term profile's scenario: of a fixed schedule
    (:func:`checks.reports.profile_memo.profile_memo`), of a ``find`` answer (objective, id) or
    of a ``worst-case`` answer."""
    if find_goal is not None:
        return find_memo(scenario, *find_goal, settings)
    if worst:
        return worst_case_memo(scenario, least, settings)
    for i, s in enumerate(scenario.suspensions):
        if isinstance(s, PlannedSuspension):
            raise InputError(
                scenario.source,
                f"suspensions[{i}]",
                f"planned suspension {s.id!r}: the memo of a fixed schedule checks fixed dates; "
                "give --find OBJECTIVE:ID or --worst-case",
            )
    return profile_memo(scenario, settings)


def find_memo(
    scenario: ProfileScenario, objective: str, target: str, settings: SolverSettings | None
) -> Memo:
    """The memo of a ``find`` answer under the scenario's profile."""
    try:
        answer = find_profile(scenario, objective, target, settings)
    except InputError as error:  # the suspension named: say which option named it
        if error.field != f"--{objective}":
            raise
        raise InputError(scenario.source, "--find", error.message) from None
    question = FIND_QUESTIONS[objective].format(id=target)
    blocks: list[Block] = [Paragraph(f"Status: {answer['status']}.", "answer")]
    term = scenario.profile.allowance.term
    if answer["status"] == "optimal":
        s = answer["suspension"]
        if objective == "longest":
            found = (
                f"{target} can last {counted(s['days'], 'day')} "
                f"({counted(s['business_days'], 'business day')}), "
                f"from {s['start']} to {s['end']}"
            )
        else:
            found = f"{target} can begin on {s['start']} (ending {s['end']})"
        blocks.append(Paragraph(_sentence(found), "answer"))
        notice = (
            f"Give the advance notice by {s['notice_by']}. "
            if s["notice_by"]
            else "The agreement asks for no advance notice of it. "
        )
        blocks.append(
            Paragraph(
                notice + f"Every day of it is allowed ({term}); the solver proved that no better "
                "placement keeps it so."
            )
        )
        others = [row for row in answer["schedule"] if row["id"] != target]
        blocks.append(_placements([s, *others]))
        for b in answer["bound_by"]:
            where = f", Section {b['section']}" if b.get("section") else ""
            blocks.append(
                Paragraph(
                    _sentence(f"Bound by {b['rule']} ({b['subject']}{where}): {b['explanation']}")
                )
            )
    elif answer["status"] == "infeasible":
        blocks.append(Paragraph(f"No placement of {target} is wholly allowed ({term})."))
        blocks += [
            Paragraph(_sentence(f"In the way: {o['rule']} {o['subject']}: {o['explanation']}"))
            for o in answer["obstacles"]
        ]
    else:
        blocks.append(Paragraph(_sentence(answer["message"])))
        unit = " business days" if objective == "longest" else ""  # else a start's date
        blocks += _bounds(answer, lambda v: f"{v}{unit}")
    blocks += [
        Paragraph(
            _sentence(
                f"Already broken without the planned suspensions: {v['rule']} "
                f"{v['subject']}: {v['message']}"
            )
        )
        for v in answer["already_broken"]
    ]
    placed = answer["schedule"] if answer["status"] == "optimal" else None
    return _answer_memo(scenario, question, blocks, placed, settings)


def worst_case_memo(
    scenario: ProfileScenario, least: bool, settings: SolverSettings | None
) -> Memo:
    """The memo of a ``worst-case`` answer (``least``: the least) under the scenario's
    profile: the total, the placement, then the memo of the witness."""
    answer, verdict = solved(scenario, least, settings)
    most = not least
    question = (
        f"Where can the planned suspensions fall, within their bounds, so that the Company owes "
        f"the {'most' if most else 'least'} in damages under the agreement, and how much is that?"
    )
    blocks: list[Block] = [Paragraph(f"Status: {answer['status']}.", "answer")]
    if answer["status"] == "optimal":
        total = Decimal(answer["total_payments"])
        blocks.append(
            Paragraph(
                f"The {'most' if most else 'least'} the Company can owe: {amount(total)}.",
                "answer",
            )
        )
        given = {s.id: s for s in verdict.scenario.suspensions} if verdict is not None else {}
        rows = [
            {
                **row,
                "days": (_day(row["end"]) - _day(row["start"])).days + 1,
                "notice_by": _iso(getattr(given.get(row["id"]), "advance_notice", None)),
            }
            for row in answer["schedule"]
        ]
        blocks.append(_placements(rows, business_days=False))
        compliant = "compliant" if answer["compliant"] else "not compliant"
        blocks.append(
            Paragraph(
                f"The placement is {compliant} (worst-case prices whatever placement the bounds "
                "allow); the solver proved that no placement costs "
                f"{'more' if most else 'less'}."
            )
        )
    else:
        blocks.append(Paragraph(_sentence(answer["message"])))
        blocks += [
            Paragraph(_sentence(f"In the way: {o['explanation']}"))
            for o in answer.get("obstacles", ())
        ]
        blocks += _bounds(answer, lambda v: amount(Decimal(v)))
    fixed = verdict.scenario if answer["status"] == "optimal" and verdict is not None else None
    return _memo(scenario, question, blocks, fixed, settings)


def _bounds(answer: dict[str, Any], shown: Any) -> list[Block]:
    names = (
        ("best_bound", "Best found so far (not proved)"),
        ("lower_bound", "Proved lower bound"),
        ("upper_bound", "Proved upper bound"),
    )
    return [
        Paragraph(f"{label}: {shown(answer[key])}.")
        for key, label in names
        if answer.get(key) is not None
    ]


def _placements(rows: list[dict[str, Any]], business_days: bool = True) -> Table:
    headers = ["Suspension", "Start", "End", "Days"]
    if business_days:
        headers.append("Business days")
    headers.append("Advance notice by")
    body = []
    for row in rows:
        cells = [row["id"], row["start"], row["end"], str(row["days"])]
        if business_days:
            cells.append(str(row["business_days"]))
        cells.append(row["notice_by"] or "none required")
        body.append(tuple(cells))
    numbers = (3, 4) if business_days else (3,)
    return Table("placements", tuple(headers), tuple(body), numbers=numbers)


def _answer_memo(
    scenario: ProfileScenario,
    question: str,
    answer: list[Block],
    placed: list[dict[str, Any]] | None,
    settings: SolverSettings | None,
) -> Memo:
    """A ``find`` answer's memo: the placement fixed as ``find --write`` fixes it (each planned
    suspension at its answer, with the notice its start needs), then validated again."""
    fixed = None
    if placed is not None:
        rows = {row["id"]: row for row in placed}
        suspensions = tuple(
            Suspension(
                s.id,
                _day(rows[s.id]["start"]),
                _day(rows[s.id]["end"]),
                _day(rows[s.id]["notice_by"]) if rows[s.id]["notice_by"] else None,
                s.notice_lawful,
            )
            if isinstance(s, PlannedSuspension)
            else s
            for s in scenario.suspensions
        )
        fixed = attrs.evolve(scenario, suspensions=suspensions)
    return _memo(scenario, question, answer, fixed, settings)


def _memo(
    scenario: ProfileScenario,
    question: str,
    answer: list[Block],
    fixed: ProfileScenario | None,
    settings: SolverSettings | None,
) -> Memo:
    sections = [question_section(scenario, question), Section("The answer", tuple(answer))]
    if fixed is not None:
        sections += schedule_sections(fixed, robust_profile(fixed, settings), settings)
    else:
        sections += unsolved_sections(scenario, settings)
    return Memo("Memorandum", memo_header(scenario), tuple(sections))


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
