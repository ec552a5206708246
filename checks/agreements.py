"""The term profiles as a lawyer reads them: ``rrcheck agreements`` and ``rrcheck agreement
show | new | check`` (CONTRACT.md "Term profiles").

Each term is printed with its section and words, and in plain words from the profile's own
numbers, so what rrcheck will check can be read against the clause it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from model.loading import InputError, load_profile, structure_profile
from model.profiles import DEFAULT_PROFILE, Span, TermProfile, bundled_profile_files


def bundled_profiles() -> list[TermProfile]:
    """Every bundled profile, the default (the 2003 agreement) first, then by id."""
    import tomllib

    profiles = []
    for stem, resource in bundled_profile_files().items():
        document = tomllib.loads(resource.read_text(encoding="utf-8"))
        profiles.append(structure_profile(document, f"bundled profile {stem}"))
    return sorted(profiles, key=lambda p: (p.id != DEFAULT_PROFILE, p.id))


def resolve_profile(name: str) -> TermProfile:
    """A bundled profile by id, or a profile file by path."""
    for profile in bundled_profiles():
        if profile.id == name:
            return profile
    path = Path(name)
    if path.suffix.lower() in (".toml", ".json") or path.exists():
        return load_profile(path)
    known = ", ".join(p.id for p in bundled_profiles())
    raise InputError(name, "", f"no bundled profile or file of that name; bundled: {known}")


# -- words --------------------------------------------------------------------------------------


def _cited(section: str, words: str) -> str:
    parts = [f"({section})" if section else "", f'"{words}"' if words else ""]
    return " ".join(p for p in parts if p)


def _span_line(label: str, span: Span) -> str:
    cited = _cited(span.section, span.words)
    return f"  {label}: {span.describe()}" + (f"  {cited}" if cited else "")


def profile_text(profile: TermProfile) -> str:
    """The profile in words, each term with its section and the agreement's (or our) words."""
    header = profile.agreement
    lines = [f"{header.name}", f"  id: {header.id}"]
    if header.source:
        lines.append(f"  source: {header.source}")
    lines.append(
        f"  business days: {header.business_calendar}; trading days: {header.trading_calendar}"
    )
    if header.words:
        lines.append(f"  in short: {header.words}")
    lines.append("")
    lines.append("Deadlines")
    if profile.deadlines.filing is None and profile.deadlines.effectiveness is None:
        lines.append("  none")
    if profile.deadlines.filing is not None:
        lines.append(_span_line("filing", profile.deadlines.filing))
    if profile.deadlines.effectiveness is not None:
        lines.append(_span_line("effectiveness", profile.deadlines.effectiveness))
    period = profile.registration_period
    lines += [
        "",
        "Registration Period",
        f"  from the Effective Date until {period.ends.describe()}, or earlier on the "
        "Rule 144(k) date or when the Investors no longer own Registrable Securities"
        + (f"  {_cited(period.section, period.words)}" if period.section or period.words else ""),
        "",
    ]
    allowance = profile.allowance
    lines.append(f"{allowance.term}s" + (f" ({allowance.section})" if allowance.section else ""))
    if allowance.words:
        lines.append(f"  {_cited('', allowance.words)}")
    if not allowance.limits:
        lines.append("  no suspension is allowed: every suspended day is restricted")
    for limit in allowance.limits:
        lines.append(f"  {limit.kind}: {limit.describe()}")
        cited = _cited(limit.section, limit.words)
        if cited:
            lines.append(f"      {cited}")
    excess = {
        "days-beyond": "the days past a length or aggregate limit are restricted; the days "
        "before them stay allowed",
        "whole": "a suspension that passes a length or aggregate limit is restricted on every day",
    }[allowance.excess]
    lines += [
        f"  beyond the limits: {excess}; a suspension breaking a count, gap or notice limit is "
        "restricted on every day",
        "",
        "Damages",
    ]
    if not profile.damages:
        lines.append("  none")
    for damages in profile.damages:
        lines.append(f"  {damages.event}: {damages.describe()}")
        cited = _cited(damages.section, damages.words)
        if cited:
            lines.append(f"      {cited}")
    if profile.damages_cap is not None:
        cap = profile.damages_cap
        lines.append(f"  cap: {cap.describe()}")
        cited = _cited(cap.section, cap.words)
        if cited:
            lines.append(f"      {cited}")
    if header.mechanics:
        lines += [
            "",
            f"Mechanics: {header.mechanics} (Computation Dates, due dates, the readings of "
            "READING.md section 7 and the agreement's own rule ids)",
        ]
    return "\n".join(lines)


def profile_json(profile: TermProfile) -> dict[str, Any]:
    """The profile as its file gives it, with each limit and event also in words."""
    import attrs

    def plain(value: Any) -> Any:
        if attrs.has(type(value)):
            return {
                f.name: plain(getattr(value, f.name))
                for f in attrs.fields(type(value))
                if f.name != "source" and getattr(value, f.name) is not None
            }
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if hasattr(value, "as_tuple"):  # Decimal
            return str(value)
        return value

    document = plain(profile)
    for limit, described in zip(
        document["allowance"]["limits"], profile.allowance.limits, strict=True
    ):
        limit["in_words"] = described.describe()
    for priced, event in zip(document["damages"], profile.damages, strict=True):
        priced["in_words"] = event.describe()
    return document


def listing_text(profiles: list[TermProfile]) -> str:
    # The id, then its name indented below: side by side, the longest ids leave the names
    # too little of the 100 columns and they wrap back to the first column.
    return "\n".join(f"{p.id}\n    {p.agreement.name}" for p in profiles)


def listing_json(profiles: list[TermProfile]) -> list[dict[str, str]]:
    return [{"id": p.id, "name": p.agreement.name, "source": p.agreement.source} for p in profiles]


# -- the template -------------------------------------------------------------------------------

TEMPLATE = """\
# A term profile for rrcheck: one agreement's suspension allowance, deadlines and damages.
# Fill in each value from the clause it names; `rrcheck agreement check FILE` validates it and
# prints it back in words. docs/term-profiles.md explains every key with a worked example.

[agreement]
id = "my-agreement"                 # a short name, used by scenarios: agreement = "my-agreement"
name = "Registration Rights Agreement, Company, Inc., YYYY-MM-DD"
source = "Exhibit 10.x to Form 8-K filed YYYY-MM-DD"   # where the terms come from
business_calendar = "us-federal"    # us-federal | us-banking | nyse | weekdays
trading_calendar = "nyse"           # the calendar of "trading days"

[deadlines]
# By when must the Registration Statement be filed, and declared effective? `after` names a
# date of the scenario's [dates]: closing | registration_filed | effective | ...
# roll = "next-business-day" moves a deadline that falls on a non-business day.
filing = { n = 30, unit = "calendar-days", after = "closing", roll = "next-business-day" }
effectiveness = { n = 90, unit = "calendar-days", after = "closing", section = "2(a)" }

[registration_period]
# How long must the Company keep the registration effective? (years | months | calendar-days)
ends = { n = 2, unit = "years", after = "effective" }
section = "2(b)"

[allowance]
term = "Grace Period"               # the agreement's own name for a permitted suspension
section = "3(n)"
excess = "days-beyond"              # past a length or aggregate limit: only the days beyond
                                    # are restricted ("days-beyond") or all of them ("whole")

# One table per limit. Delete the ones the clause does not have.

[[allowance.limits]]
kind = "count"                      # how many suspensions in any window?
n = 2
# window: "registration-period" | "calendar-year" | { days = N } | { months = N }
window = { months = 12 }
section = "3(n)"
words = "no more than two Grace Periods in any 12-month period"

[[allowance.limits]]
kind = "length"                     # how long may one suspension be?
n = 20
unit = "calendar-days"              # business-days | trading-days | calendar-days
section = "3(n)"
words = "no Grace Period shall exceed 20 consecutive days"

[[allowance.limits]]
kind = "aggregate"                  # how many suspended days in all, in any window?
n = 60
unit = "calendar-days"
window = { days = 365 }
section = "3(n)"
words = "Grace Periods shall not exceed 60 days in the aggregate in any 365-day period"

[[allowance.limits]]
kind = "gap"                        # how long after the last one ended may the next begin?
n = 10
unit = "business-days"
section = "3(n)"
words = "no Grace Period may begin less than 10 business days after the prior one ended"

[[allowance.limits]]
kind = "notice"                     # how much advance notice before a suspension begins?
n = 2
unit = "business-days"
unless_unlawful = true              # no notice is owed where giving it would be unlawful
section = "3(n)"
words = "at least two business days' written notice"

# One table per event that gives rise to payments.

[[damages]]
event = "late-filing"               # late-filing | late-effectiveness | restricted-days
rate = "0.01"                       # of the base, per period
period = { days = 30 }              # { days = N }: pro rata by day; { months = 1 }: monthly
base = "purchase-price"             # purchase-price | held-shares-value
section = "2(d)"

[[damages]]
event = "late-effectiveness"
rate = "0.01"
period = { days = 30 }
base = "purchase-price"
section = "2(d)"

[[damages]]
event = "restricted-days"
rate = "0.01"
period = { days = 30 }
base = "purchase-price"
section = "2(d)"

[damages_cap]                       # delete this table if the payments are not capped
fraction = "0.10"                   # of each Investor's purchase price, all payments together
base = "purchase-price"
section = "2(d)"
"""
