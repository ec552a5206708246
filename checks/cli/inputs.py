"""Reading the scenario a command names, and turning the input errors a check can still meet
into one line naming the file and the field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from checks.cli.status import BadInput

if TYPE_CHECKING:
    from model.scenario import PlannedSuspension, Scenario


def _load(path: str, interpretations: Sequence[str]) -> Scenario:
    from model.loading import InputError, load_scenario, with_interpretations

    try:
        return with_interpretations(load_scenario(path), interpretations)
    except InputError as error:
        raise BadInput(str(error)) from None


def _refuse_planned(scenario: Scenario, command: str = "validate") -> None:
    """``validate`` (or ``compare``) checks fixed schedules: say which suspension is planned,
    and where."""
    from model.scenario import PlannedSuspension

    for i, suspension in enumerate(scenario.suspensions):
        if isinstance(suspension, PlannedSuspension):
            raise BadInput(
                f"{scenario.source}: suspensions[{i}]: planned suspension {suspension.id!r} "
                f"({_planned_by(suspension)}): {command} checks fixed schedules; "
                "use find or worst-case"
            )


def _refuse_planned_dates(scenario: Scenario, path: str, command: str) -> None:
    """``calendar`` and ``timeline`` show the days of a fixed schedule: a planned suspension's
    window edges are no days to act on (its earliest start may break the spacing rule), so the
    user fixes it first at an answer of ``find``."""
    from model.scenario import PlannedSuspension

    for i, suspension in enumerate(scenario.suspensions):
        if isinstance(suspension, PlannedSuspension):
            raise BadInput(
                f"{scenario.source}: suspensions[{i}]: planned suspension {suspension.id!r} "
                f"({_planned_by(suspension)}): {command} shows the days of a fixed schedule; "
                f"fix it at an answer first: rrcheck find {path} --earliest-start "
                f"{suspension.id} --write FIXED.toml (or --latest-start, --longest), then "
                f"rrcheck {command} FIXED.toml"
            )


def _planned_by(s: PlannedSuspension) -> str:
    reasons: list[str] = []
    if s.start.earliest != s.start.latest:
        reasons.append("start is a range")
    if s.end is not None and s.end.earliest != s.end.latest:
        reasons.append("end is a range")
    if s.length is not None:
        reasons.append("length is given")
    if s.covers:
        reasons.append("covers is given")
    return ", ".join(reasons) or "a range or length"


def _guard(path: str, action: Callable[[], Any], planning: tuple[type[Exception], ...] = ()) -> Any:
    """Run a check, turning the input errors it can still meet into one line. ``planning``:
    checks.answers' PlanningError, for the commands that plan (validate never loads planning)."""
    from checks.validate import PlannedSuspensionError
    from model.calendars import CalendarCoverageError
    from model.loading import InputError

    try:
        return action()
    except InputError as error:
        raise BadInput(str(error)) from None
    except CalendarCoverageError as error:
        raise BadInput(f"{path}: calendar: {error}") from None
    except PlannedSuspensionError as error:
        raise BadInput(f"{path}: suspensions: {error}") from None
    except planning as error:
        raise BadInput(f"{path}: {error}") from None
