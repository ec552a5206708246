"""Business calendars and business-day arithmetic (READING.md sections 1 and 2).

Holiday data comes from the maintained ``holidays`` package, never from a hand-typed table.
A calendar is built for the span of years a scenario needs; a date outside the years the
named calendar covers is an input error (:class:`CalendarCoverageError`), never a guess.

The library's holidays of a named calendar over every year it covers are asked of the library
once and kept on disk, per version of the installed library (:func:`covered_holidays`), so a
command that finds them there imports no part of ``holidays``; tests/model/test_calendars.py
checks that the kept table is the library's answer for every covered year.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from model.kept_files import CACHE_ENVIRONMENT as CACHE_ENVIRONMENT  # the tests set it
from model.kept_files import cache_directory, write_whole

if TYPE_CHECKING:  # the library itself is imported only to ask it (covered_holidays)
    import holidays

Date = dt.date


@attrs.frozen
class CalendarDefinition:
    """A named business calendar: what its business days are and which years it covers."""

    name: str
    description: str
    first_year: int
    last_year: int


# Coverage is deliberately narrower than what the library can compute where later years would
# be a guess: the NYSE calendar is checked session by session against exchange_calendars for
# 2003-2027 only, and an exchange can close without notice (2012-10-29).
CALENDARS: dict[str, CalendarDefinition] = {
    "us-federal": CalendarDefinition(
        "us-federal",
        "Monday to Friday, less US federal legal public holidays as observed",
        1986,
        2050,
    ),
    "us-banking": CalendarDefinition(
        "us-banking",
        "Monday to Friday, less Federal Reserve holidays (a Saturday holiday is not moved)",
        1999,
        2050,
    ),
    "nyse": CalendarDefinition("nyse", "NYSE trading sessions, with special closures", 2003, 2027),
    "weekdays": CalendarDefinition("weekdays", "Monday to Friday", 1900, 2100),
}


class CalendarCoverageError(ValueError):
    """A date falls outside the years a business calendar covers."""


# The library's class for each calendar, by the module of the installed ``holidays`` package that
# defines it. ``holidays.country_holidays("US")`` imports every one of the library's 250
# country modules (its ``holidays.countries`` package imports them all), which was a quarter of
# a one-file ``validate``; the module alone is the same code and gives the same answer
# (tests/model/test_calendars.py compares the two for every covered year).
LIBRARY_CLASSES: dict[str, tuple[str, str]] = {
    "us-federal": ("countries/united_states.py", "UnitedStates"),
    "us-banking": ("financial/federal_reserve.py", "FederalReserve"),
    "nyse": ("financial/ny_stock_exchange.py", "NewYorkStockExchange"),
}


def holiday_names(name: str, years: range) -> dict[Date, str]:
    """The library holidays of calendar ``name`` in ``years``, with their names (from the table
    of every covered year, :func:`covered_holidays`)."""
    if name not in LIBRARY_CLASSES:  # "weekdays"
        return {}
    if cache_directory() is None:  # none kept (RRCHECK_CACHE_DIR=): the years asked, alone
        return library_names(name, years)
    return {d: n for d, n in covered_holidays(name).items() if d.year in years}


def library_names(name: str, years: range) -> dict[Date, str]:
    """The library holidays of calendar ``name`` in ``years``, asked of the library's class."""
    if name not in LIBRARY_CLASSES:  # "weekdays"
        return {}
    if name == "us-federal":
        table = library_class(name)(years=years, categories=("public",))
    else:
        table = library_class(name)(years=years)
    return {d: str(n) for d, n in table.items() if d.year in years}


def library_holidays(name: str, years: range) -> dict[Date, str]:
    """The same table asked of the library's own entry points (the reference for the test)."""
    import holidays

    if name == "us-federal":
        table = holidays.country_holidays("US", years=years, categories=("public",))
    elif name == "us-banking":
        table = holidays.financial_holidays("XFED", years=years)
    elif name == "nyse":
        table = holidays.financial_holidays("NYSE", years=years)
    else:
        return {}
    return {d: str(n) for d, n in table.items() if d.year in years}


@cache
def library_class(name: str) -> Callable[..., holidays.HolidayBase]:
    """The ``holidays`` class of calendar ``name``, from its own module file; the library's entry
    point when a later version has moved the module (the answer is the same either way)."""
    import holidays

    module_path, class_name = LIBRARY_CLASSES[name]
    path = Path(holidays.__file__).parent / module_path
    spec = importlib.util.spec_from_file_location(f"rrcheck_holidays_{class_name}", path)
    if spec is not None and spec.loader is not None and path.is_file():
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found = getattr(module, class_name, None)
        if isinstance(found, type) and issubclass(found, holidays.HolidayBase):
            return found
    return _library_entry_point(name)


def _library_entry_point(name: str) -> Callable[..., holidays.HolidayBase]:
    import holidays

    if name == "us-federal":
        return lambda **kw: holidays.country_holidays("US", **kw)
    code = "XFED" if name == "us-banking" else "NYSE"
    return lambda **kw: holidays.financial_holidays(code, **kw)


# -- the table of every covered year, kept on disk per library version ---------------------------

TABLE_FORMAT = 1  # the kept file's layout, and what is asked of the library (library_names)


@cache
def covered_holidays(name: str) -> Mapping[Date, str]:
    """The library holidays of calendar ``name`` in every year it covers, with their names: read
    from the file kept for the installed library's version, else asked of the library (about
    20 ms, and the import of the library) and kept for the next command. A kept file that is
    unreadable or not of this version, calendar, coverage and format is asked again."""
    definition = CALENDARS[name]
    years = range(definition.first_year, definition.last_year + 1)
    version = library_version()
    path = _table_path(name, version)
    if path is not None:
        kept = _read_table(path, name, version, years)
        if kept is not None:
            return kept
    table = library_names(name, years)
    if path is not None:
        _write_table(path, name, version, table)
    return table


def library_version() -> str:
    """The installed ``holidays`` version, read off the name of its distribution's metadata
    beside the package (what ``importlib.metadata`` finds) so as not to import the library;
    the library's own ``__version__`` when that is not one plain directory."""
    spec = importlib.util.find_spec("holidays")
    if spec is not None and spec.origin is not None:
        found = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("holidays-").removesuffix(".dist-info")
    import holidays

    return str(holidays.__version__)


def _table_path(name: str, version: str) -> Path | None:
    directory = cache_directory()
    if directory is None:
        return None
    return directory / f"holidays-{version}-{name}-{TABLE_FORMAT}.json"


def _table_header(name: str, version: str, years: range) -> dict[str, Any]:
    return {
        "format": TABLE_FORMAT,
        "library": f"holidays {version}",
        "calendar": name,
        "years": [years[0], years[-1]],
    }


def _read_table(path: Path, name: str, version: str, years: range) -> dict[Date, str] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        header = {k: v for k, v in document.items() if k != "holidays"}
        if header != _table_header(name, version, years):
            return None  # another version, calendar, coverage or layout
        table = {Date.fromisoformat(d): n for d, n in document["holidays"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # no file yet, or not one this version wrote: ask the library
    if not all(isinstance(n, str) and d.year in years for d, n in table.items()):
        return None
    return table


def _write_table(path: Path, name: str, version: str, table: Mapping[Date, str]) -> None:
    """Keep the table whole or not at all (a file written aside, then renamed over it): two
    commands at once write the same bytes; a directory that cannot be written keeps nothing."""
    definition = CALENDARS[name]
    years = range(definition.first_year, definition.last_year + 1)
    document = _table_header(name, version, years)
    document["holidays"] = [[d.isoformat(), n] for d, n in sorted(table.items())]
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    write_whole(path, data)  # if it cannot be kept, the table is still this command's


@attrs.frozen
class BusinessCalendar:
    """The business days of one named calendar over a span of years, with a scenario's edits.

    ``closures`` are weekdays that are not business days (library holidays plus
    ``extra_closures``); ``weekend_business_days`` are Saturdays and Sundays made business
    days by ``extra_business_days``. ``business_days`` is every business day of the span, in
    order; a business day's position in it is its *business-day index*, which is what the Z3
    model's variables are.
    """

    name: str
    first_day: Date
    last_day: Date
    closures: frozenset[Date]
    weekend_business_days: frozenset[Date]
    business_days: tuple[Date, ...] = attrs.field(repr=False)

    # -- membership -------------------------------------------------------------------------
    def covers(self, d: Date) -> bool:
        return self.first_day <= d <= self.last_day

    def require_covered(self, d: Date) -> None:
        if not self.covers(d):
            raise CalendarCoverageError(
                f"{d.isoformat()} is outside the years the {self.name} calendar covers here "
                f"({self.first_day.isoformat()} to {self.last_day.isoformat()})"
            )

    def is_business_day(self, d: Date) -> bool:
        self.require_covered(d)
        if d.weekday() >= 5:
            return d in self.weekend_business_days
        return d not in self.closures

    # -- counting (READING.md section 1) ----------------------------------------------------
    def count_before(self, d: Date) -> int:
        """Business days of the span strictly before ``d`` (the index of the first on/after)."""
        self.require_covered(d)
        return bisect.bisect_left(self.business_days, d)

    def count_through(self, d: Date) -> int:
        """Business days of the span on or before ``d``."""
        self.require_covered(d)
        return bisect.bisect_right(self.business_days, d)

    def day_at(self, index: int) -> Date:
        """The business day with this business-day index."""
        if not 0 <= index < len(self.business_days):
            raise CalendarCoverageError(
                f"business day number {index} is outside the {self.name} calendar's span "
                f"({self.first_day.isoformat()} to {self.last_day.isoformat()})"
            )
        return self.business_days[index]

    def bd_after(self, d: Date, n: int) -> Date:
        """The n-th business day strictly after ``d``; ``d`` itself never counts."""
        if n < 1:
            raise ValueError("bd_after counts from 1")
        return self._counted_day(self.count_through(d) + n - 1, d, n, "after")

    def bd_before(self, d: Date, n: int) -> Date:
        """The n-th business day strictly before ``d``."""
        if n < 1:
            raise ValueError("bd_before counts from 1")
        return self._counted_day(self.count_before(d) - n, d, n, "before")

    def _counted_day(self, index: int, d: Date, n: int, direction: str) -> Date:
        # A count that runs off the span: say so in dates, not in an index nobody can read.
        if not 0 <= index < len(self.business_days):
            raise CalendarCoverageError(
                f"{n} business day(s) {direction} {d.isoformat()} falls outside the years the "
                f"{self.name} calendar covers here "
                f"({self.first_day.isoformat()} to {self.last_day.isoformat()})"
            )
        return self.business_days[index]

    def latest_notice_day(self, d: Date, n: int) -> Date:
        """The last business day ``g`` with ``d >= bd_after(g, n)``: the latest day notice may be
        given that is at least ``n`` business days before ``d``.

        ``bd_before(d, n)`` when ``d`` is a business day. When it is not (a suspension starting
        on a Saturday), ``d`` counts as the business day before it, as the model's
        ``through(d) >= through(g) + n`` does, so the answer is one business day earlier."""
        if n < 1:
            raise ValueError("latest_notice_day counts from 1")
        return self.day_at(self.count_through(d) - n - 1)

    def bd_count(self, first: Date, last: Date) -> int:
        """Business days in ``[first, last]``, both ends included (0 when last < first)."""
        if last < first:
            return 0
        return self.count_through(last) - self.count_before(first)

    def next_business_day_on_or_after(self, d: Date) -> Date:
        return self.day_at(self.count_before(d))

    # -- what the Z3 encoding needs ---------------------------------------------------------
    @property
    def epoch(self) -> Date:
        """The Monday on or before the first day: weekday index 0."""
        return self.first_day - dt.timedelta(days=self.first_day.weekday())

    def weekday_index(self, d: Date) -> int:
        """Mon-Fri days since the epoch Monday, before ``d`` (a weekend day maps to Monday's)."""
        days = (d - self.epoch).days
        return 5 * (days // 7) + min(days % 7, 5)

    def holidays_between(self, first: Date, last: Date) -> list[Date]:
        return sorted(d for d in self.closures if first <= d <= last)


def calendar_coverage(name: str) -> tuple[int, int]:
    definition = CALENDARS[name]
    return definition.first_year, definition.last_year


def build_calendar(
    name: str,
    first_year: int,
    last_year: int,
    extra_closures: Iterable[Date] = (),
    extra_business_days: Iterable[Date] = (),
) -> BusinessCalendar:
    """The calendar ``name`` over ``first_year``..``last_year`` with a scenario's edits.

    Raises :class:`CalendarCoverageError` when the span leaves the calendar's coverage.
    """
    definition = CALENDARS[name]
    if first_year < definition.first_year or last_year > definition.last_year:
        raise CalendarCoverageError(
            f"the {name} calendar covers {definition.first_year} to {definition.last_year}; "
            f"this scenario needs {first_year} to {last_year}"
        )
    return _build_calendar(
        name,
        first_year,
        last_year,
        frozenset(extra_closures),
        frozenset(extra_business_days),
    )


# Building a calendar asks the holidays package for every year of the span; validating a
# thousand files on one calendar should do that once. The cache holds immutable values only.
@lru_cache(maxsize=64)
def _build_calendar(
    name: str,
    first_year: int,
    last_year: int,
    extra_closures: frozenset[Date],
    extra_business_days: frozenset[Date],
) -> BusinessCalendar:
    first_day = dt.date(first_year, 1, 1)
    last_day = dt.date(last_year, 12, 31)
    for d in sorted(extra_closures | extra_business_days):
        if not first_day <= d <= last_day:
            raise CalendarCoverageError(
                f"{d.isoformat()} is outside the span of this scenario's calendar"
            )
    library = frozenset(holiday_names(name, range(first_year, last_year + 1)))
    closures = frozenset(
        d for d in (library | extra_closures) if d.weekday() < 5 and d not in extra_business_days
    )
    weekend_business_days = frozenset(
        d for d in extra_business_days if d.weekday() >= 5 and d not in extra_closures
    )
    days: list[Date] = []
    d = first_day
    one = dt.timedelta(days=1)
    while d <= last_day:
        if (d.weekday() < 5 and d not in closures) or d in weekend_business_days:
            days.append(d)
        d += one
    return BusinessCalendar(
        name=name,
        first_day=first_day,
        last_day=last_day,
        closures=closures,
        weekend_business_days=weekend_business_days,
        business_days=tuple(days),
    )
