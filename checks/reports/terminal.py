"""The text of ``validate``: a verdict's tables and plain lines for a lawyer, the robustness
under every reading, and the ``--quiet`` verdicts. Presentation only; the CONTRACT.md JSON is in
:mod:`checks.reports.report`, the page a report is written on (blocks, colour, width, the
progress bar) in :mod:`checks.reports.terminal_page`, the other commands' text in
:mod:`checks.reports.terminal_answers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from checks.reports.page_blocks import Table, Text
from checks.reports.report import payment_basis
from checks.reports.terminal_page import (
    BAD,
    BLANK,
    GOOD,
    STRONG,
    WARN,
    Fit,
    Grid,
    Line,
    Report,
    _amount,
    _column,
    _heading,
    _line,
    _sentence,
    _table,
    _verdict,
    _whole,
)
from model.acts import DeemedAct
from model.explain import counted, required_filing_date_note
from model.findings import Episode, Payment, SuspensionStatus, Verdict
from model.interpretations import TERMS_BY_NAME
from model.payments import LATE_FILING
from model.rules import RULES_BY_ID, blocks_eligibility
from model.terms import focus_2003

if TYPE_CHECKING:  # validate without --robust never loads the robustness check
    from checks.robust import RobustResult

ONE_DAY = dt.timedelta(days=1)


# -- validate -------------------------------------------------------------------------------------


def verdict_report(v: Verdict) -> Report:
    """The report of one verdict for a lawyer: the verdict, the derived dates with their
    sections, the reading in force, each finding with the clause's words, the suspensions, the
    notes and the payments per Investor."""
    t = v.timeline
    period = t.registration_period
    rfd_note = required_filing_date_note(t)
    dates = _table("term", "section", "date(s)")
    for act in (d for d in v.deemed if d.subject == "registration"):
        dates.add_row(_ACT_NAMES.get(act.field, act.field), "11(b)", _deemed_cell(act))
    dates.add_row("Required Filing Date", "1(h), 2(a)(i)", str(t.required_filing_date))
    dates.add_row(
        "Initial Required Effective Date", "2(a)(i)", str(t.initial_required_effective_date)
    )
    if penalty_window_matters(v):
        dates.add_row(
            f"{focus_2003().penalty_window.in_words()} after the Initial Required Effective "
            "Date (the cut-off)",
            "2(b)(ii)",
            str(t.penalty_window_end),
        )
    dates.add_row("Effective Date", "1(a)", str(t.effective_date))
    dates.add_row("Registration Period", "3(a), 2(c)", f"{period.start} to {period.end}")
    report: Report = [
        _line("Scenario: ", (v.scenario, STRONG)),
        headline(v),
        BLANK,
        _heading("Dates (READING.md section 3)"),
        Grid(dates),
        _line(_sentence(rfd_note.message), indent=2),
        _line(f"The Registration Period ended by: {period.ended_by}", indent=2),
        BLANK,
        _heading("Interpretation in force (READING.md section 7)"),
        Grid(_interpretation_table(v)),
        BLANK,
        _heading("Findings"),
    ]
    report += _findings(v)
    if v.suspensions:
        report += [BLANK, _heading("Suspensions (3(h))")] + _suspensions(v)
    notes = [n for n in v.notes if n != rfd_note]
    if notes:
        report += [BLANK, _heading("Notes")]
        report += [_line(f"- {n.subject}: {n.message}", indent=2) for n in notes]
    return report + [BLANK, _heading("Payments (2(b))")] + _payments(v.payments, v.total_payments)


# The registration's acts in words, for the dates table.
_ACT_NAMES = {
    "quarterly_report_filed": "10-Q filed (deemed filed)",
    "registration_filed": "Registration Statement filed (deemed filed)",
    "transfer_agent_opinion": "Opinion to the transfer agent (deemed delivered)",
}
HEADLINE_SUBJECTS = 6  # subjects named in the headline before it counts the rest


def _deemed_cell(act: DeemedAct) -> str:
    return f"{act.given} ({act.given.strftime('%A')}), deemed {act.deemed}"


def headline(v: Verdict) -> Line:
    """``Verdict: NOT COMPLIANT: registration (filing.deadline); s1 compliant``: the verdict, then
    each subject that breaks a rule with the rules it breaks, then the subjects that break none.
    Past :data:`HEADLINE_SUBJECTS` of either, the rest are counted, not named."""
    subjects = v.subjects
    broken = [s for s in subjects if not s.compliant]
    fine = [s for s in subjects if s.compliant]
    parts = [f"{s.id} ({', '.join(s.broken)})" for s in broken[:HEADLINE_SUBJECTS]]
    if len(broken) > HEADLINE_SUBJECTS:
        parts.append(f"{len(broken) - HEADLINE_SUBJECTS} more not compliant (see Findings)")
    if fine and len(fine) <= HEADLINE_SUBJECTS:
        parts.append(", ".join(s.id for s in fine) + " compliant")
    elif fine:
        kinds = ", ".join(
            counted(n, kind) if kind != "registration" else kind
            for kind in ("registration", "suspension", "filing")
            if (n := sum(s.kind == kind for s in fine))
        )
        every = "the other" if broken else "all"
        parts.append(f"{every} {len(fine)} subjects compliant ({kinds})")
    return _line("Verdict: ", _verdict(v.compliant), ": " + "; ".join(parts))


def penalty_window_matters(v: Verdict) -> bool:
    """Whether the 90-day cut-off of 2(b)(ii) decides a payment here, or would under the other
    reading of penalty-window: a restricted episode other than a suspension's (always judged by
    the cut-off), or a suspension's restricted episode after the cut-off or under
    literal-90-days."""
    cut_off = v.timeline.penalty_window_end
    literal = v.interpretation.penalty_window == "literal-90-days"
    return any(
        e.kind != "suspension" or literal or e.restricted_sale_date > cut_off for e in v.episodes
    )


def _interpretation_table(v: Verdict) -> Table:
    table = _table("term")
    _column(table, "reading", "date")  # a reading's name is never split; the meaning wraps
    _column(table, "meaning")
    for name, reading in v.interpretation.as_dict().items():
        term = TERMS_BY_NAME[name]
        shown = Text(reading) if reading == term.default else Text(f"{reading}\n(not the default)")
        if reading != term.default:
            shown.stylize(WARN)
        table.add_row(name, shown, term.meaning.get(reading, ""))
    return table


def _findings(v: Verdict) -> Report:
    """The findings as a table (what was compared, by how much it missed), then each one's
    clause, in the agreement's words, and what happened."""
    if not v.violations:
        return [_line("none: every rule checked is met", indent=2)]
    table = _table("rule", "subject", "section", "dates compared", "missed by")
    for x in v.violations:
        compared = "\n".join(f"{k.replace('_', ' ')} {d}" for k, d in x.dates.items())
        missed = x.missed_by_business_days
        table.add_row(
            Text(x.rule, style=BAD),
            x.subject,
            x.section,
            compared,
            "" if missed is None else counted(missed, "business day"),
        )
    report: Report = [Grid(table)]
    for x in v.violations:
        words = RULES_BY_ID[x.rule].words if x.rule in RULES_BY_ID else ""
        heading = _line((f"[{x.rule}]", STRONG), f" {x.subject} - Section {x.section}", indent=2)
        report += [BLANK, heading]
        if words:
            report.append(_line(f'The agreement: "{words}"', indent=4))
        report.append(_line(x.message, indent=4))
    return report


def _suspensions(v: Verdict) -> Report:
    """One row per suspension (its Permitted Suspension Period and restricted days), then what
    each row cannot say: why one is not eligible, its Restricted Sale Date, if it is outside."""
    episodes = {e.subject: e for e in v.episodes}
    table = _table("suspension")
    _column(table, "dates")
    _column(table, "business\ndays", "number")
    _column(table, "Permitted\nSuspension Period")
    _column(table, "restricted days")
    _column(table, f"counts\ntoward\nthe {focus_2003().suspension_limit.spelled()}")
    remarks: Report = []
    for s in v.suspensions:
        permitted, restricted, more = _suspension_cells(v, s, episodes.get(s.id))
        notice = v.deemed_day(s.id, "advance_notice")
        if notice is not None and s.advance_notice is not None:
            more.insert(
                0,
                f"advance notice given on {s.advance_notice} ({s.advance_notice.strftime('%A')}), "
                f"deemed given on {notice}, the next business day (notice-day)",
            )
        table.add_row(
            s.id,
            f"{s.start} to {s.end}",
            str(s.business_days),
            permitted,
            restricted,
            "yes" if s.counts else "no",
        )
        remarks += [_line(f"{s.id}: {remark}", indent=2) for remark in more]
    return [Grid(table), *remarks]


def _suspension_cells(
    v: Verdict, s: SuspensionStatus, episode: Episode | None
) -> tuple[Text, Text, list[str]]:
    """A suspension's Permitted Suspension Period, its restricted days, and remarks on it."""
    if s.outside:
        end = v.timeline.registration_period.end
        remark = (
            f"outside the Registration Period (it ended on {end}): breaks no rule, does not "
            "count, gives no payment"
        )
        return Text("none"), Text("none (outside)"), [remark]
    remarks = []
    blocking = [
        x.rule
        for x in v.violations
        if x.subject == s.id and blocks_eligibility(x.rule, v.interpretation)
    ]
    if not s.eligible:
        because = f" (breaks {', '.join(blocking)})" if blocking else ""
        remarks.append(f"not eligible to be a Permitted Suspension Period{because}")
    permitted = Text(f"{s.start} to {s.permitted_until}" if s.permitted else "none")
    if s.restricted_from is not None:
        last = episode.cure_date - ONE_DAY if episode is not None else s.end
        restricted = Text(f"{s.restricted_from} to {last}", style=BAD)
        if episode is not None:
            cut_off = v.timeline.penalty_window_end
            if not episode.gives_payments:
                gives = f"gives no payment (penalty-window: after the 2(b)(ii) cut-off {cut_off})"
            elif episode.restricted_sale_date > cut_off:
                gives = (
                    f"gives rise to payments (after the 2(b)(ii) cut-off {cut_off}: under "
                    "penalty-window = cross-reference, not under literal-90-days)"
                )
            else:
                gives = "gives rise to payments"
            remarks.append(
                f"Restricted Sale Date {episode.restricted_sale_date}, cured "
                f"{episode.cure_date}; {gives}"
            )
    elif not s.permitted:
        restricted = Text("none inside the Registration Period")
    else:
        restricted = Text("none")
    return permitted, restricted, remarks


def _payments(payments: Sequence[Payment], total: Decimal) -> Report:
    """Per Investor, a table for late filing (from the Required Filing Date) and one for the
    Restricted Sale Dates, each row with its base and rate so a lawyer can check the amount by
    hand; the Investor's subtotal, then the total."""
    if not payments:
        return [_line("none", indent=2)]
    report: Report = []
    for investor in dict.fromkeys(p.investor for p in payments):
        own = [p for p in payments if p.investor == investor]
        subtotal = sum((p.amount for p in own), Decimal("0"))
        report.append(_line((investor, STRONG), indent=2))
        for first_date, rows in (
            ("Required\nFiling Date", [p for p in own if p.trigger == LATE_FILING]),
            ("Restricted\nSale Date", [p for p in own if p.trigger != LATE_FILING]),
        ):
            if rows:
                # Indented as the Investor's name: 100 columns leave no room for more.
                report.append(Grid(_payment_table(first_date, rows), indent=2))
        report.append(_line(f"Subtotal: {_amount(subtotal)}", indent=4))
    return report + [_line(("Total: " + _amount(total), STRONG), indent=2)]


def _payment_table(first_date: str, rows: Sequence[Payment]) -> Fit:
    """Amount = rate x base x days / 30 (2(b)(iii)), rounded to the cent, half up. The rows
    share one trigger, which the first date's header names in the agreement's words, and so
    one base, which the base's header names (Purchase Price, Held Shares Value): each cell is
    a date or an amount, never cut. A page too narrow for the base and rate columns gets them
    under the table instead."""
    return Fit((_payment_grid(first_date, rows, True), _payment_grid(first_date, rows, False)))


def _payment_grid(first_date: str, rows: Sequence[Payment], basis: bool) -> Table:
    shares = any(p.periodic_amount_shares is not None for p in rows)
    base, rate = payment_basis(rows[0])
    table = _table()
    _column(table, "subject")
    _column(table, first_date, "date")
    _column(table, "Computation\nDate", "date")
    _column(table, "days", "number")
    if basis:
        _column(table, "\n".join(base.rsplit(" ", 1)), "number")
        _column(table, f"rate per\n{focus_2003().computation_period.in_words()}", "number")
    _column(table, "amount", "number")
    _column(table, "due", "date")
    if shares:
        _column(table, "Periodic\nAmount\nShares", "number")
    for p in rows:
        value = "" if p.held_shares_value is None else _amount(p.held_shares_value)
        row = [p.subject, str(p.restricted_sale_date), str(p.computation_date), str(p.days)]
        row += [value, payment_basis(p)[1]] if basis else []
        row += [_amount(p.amount), str(p.due)]
        if shares:
            row.append("" if p.periodic_amount_shares is None else str(p.periodic_amount_shares))
        table.add_row(*row)
    if not basis:
        values = "; ".join(
            f"{p.subject} {_amount(p.held_shares_value)}"
            for p in rows
            if p.held_shares_value is not None
        )
        period = focus_2003().computation_period.n
        table.caption = f"amount = {rate} of the {base} x days / {period}: {values}"
        table.caption_justify = "left"
    return table


def robust_report(r: RobustResult) -> Report:
    """The verdict's report, then whether all 512 readings agree and which terms flip it."""
    compliant = sum(v.compliant for v in r.verdicts)
    if r.robust:
        paragraph = (
            f"Robust: all {len(r.verdicts)} combinations of readings agree that the schedule is "
            f"{'compliant' if r.verdicts[0].compliant else 'not compliant'}."
        )
    else:
        paragraph = (
            f"Not robust: {compliant} of {len(r.verdicts)} combinations of readings find the "
            "schedule compliant; the verdict depends on how the agreement is read."
        )
    report = verdict_report(r.verdict)
    report += [
        BLANK,
        _heading("Robustness (READING.md section 7)"),
        _line((paragraph, GOOD if r.robust else WARN), indent=2),
    ]
    # Per subject, so that a past breach does not hide the answer about a suspension.
    counts = r.subject_counts()
    subjects = _table("subject", "kind", "compliant under")
    for subject in r.verdict.subjects:
        n = counts[subject.id]
        subjects.add_row(
            subject.id,
            subject.kind,
            Text(f"{n} of {len(r.verdicts)}", GOOD if n == len(r.verdicts) else WARN),
        )
    report.append(Grid(subjects))
    for f in r.flips:
        term = TERMS_BY_NAME[f.term]
        table = _table("reading", "verdict")
        _column(table, "payments", "number")
        _column(table, "meaning")
        for reading, result in (
            (f.own.interpretation.as_dict()[f.term], f.own),
            (f.other.interpretation.as_dict()[f.term], f.other),
        ):
            table.add_row(
                reading,
                Text("compliant" if result.compliant else "not compliant"),
                _amount(result.total_payments),
                term.meaning[reading],
            )
        report += [
            _line(f'Flip: {f.term} - Section {f.section}: "{f.words}"', indent=2),
            Grid(table, indent=4),
        ]
    return report


def validate_report(
    checked: Sequence[tuple[str, Verdict | RobustResult]], quiet: bool = False
) -> Report:
    """``validate``'s text: each file's report, a blank line between; with ``quiet`` one line
    per file, the verdict and the file's name."""
    report: Report = []
    for path, result in checked:
        if quiet:
            report.append(_quiet_verdict(path, result))
            continue
        if report:
            report.append(BLANK)
        if isinstance(result, Verdict):
            report += verdict_report(result)
        else:
            report += robust_report(result)
    return report


def _quiet_verdict(path: str, result: Verdict | RobustResult) -> Line:
    if not isinstance(result, Verdict):
        robust = "" if result.robust else " (not robust)"
        return _whole(_line(_verdict(result.verdict.compliant), robust, f" {path}"))
    return _whole(_line(_verdict(result.compliant), f" {path}"))
