"""READING.md sections 1 and 2: business days and their arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
import z3

from model.calendars import CalendarCoverageError, build_calendar, holiday_names
from model.solver import BusinessDayEncoding, from_ordinal

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def federal():
    return build_calendar("us-federal", 2003, 2006)


def test_bd_after_never_counts_the_day_itself(federal):
    # Thu 2003-08-14: Fri 15, Mon 18, Tue 19, Wed 20, Thu 21.
    assert federal.bd_after(D("2003-08-14"), 5) == D("2003-08-21")


def test_bd_after_from_a_saturday_starts_on_monday(federal):
    assert federal.bd_after(D("2004-01-10"), 1) == D("2004-01-12")


def test_bd_after_skips_martin_luther_king_day(federal):
    # Fri 2004-01-16 -> Mon 19 is a federal holiday -> Tue 20.
    assert federal.bd_after(D("2004-01-16"), 1) == D("2004-01-20")


def test_bd_before_skips_weekend(federal):
    assert federal.bd_before(D("2004-01-12"), 1) == D("2004-01-09")


def test_bd_count_includes_both_ends_and_skips_holidays(federal):
    # Jan 7, 8, 9, 12, 13, 14, 15, 16, (19 holiday), 20
    assert federal.bd_count(D("2004-01-07"), D("2004-01-20")) == 9


def test_bd_count_of_a_weekend_is_zero(federal):
    assert federal.bd_count(D("2004-01-10"), D("2004-01-11")) == 0


def test_saturday_federal_holiday_is_observed_on_friday(federal):
    # Christmas 2004 is a Saturday: federal offices close Friday 2004-12-24.
    assert not federal.is_business_day(D("2004-12-24"))


def test_saturday_holiday_is_not_moved_for_banks():
    banking = build_calendar("us-banking", 2003, 2006)
    assert banking.is_business_day(D("2004-12-24"))


def test_nyse_special_closure_for_president_reagan():
    nyse = build_calendar("nyse", 2003, 2006)
    assert not nyse.is_business_day(D("2004-06-11"))
    federal = build_calendar("us-federal", 2003, 2006)
    assert federal.is_business_day(D("2004-06-11"))


def test_juneteenth_only_from_2021():
    federal = build_calendar("us-federal", 2020, 2022)
    assert federal.is_business_day(D("2020-06-19"))
    assert not federal.is_business_day(D("2021-06-18"))  # Saturday 19th observed Friday


def test_extra_closures_and_business_days():
    cal = build_calendar(
        "us-federal",
        2003,
        2006,
        extra_closures=[D("2003-12-26")],
        extra_business_days=[D("2004-01-10")],
    )
    assert not cal.is_business_day(D("2003-12-26"))
    assert cal.is_business_day(D("2004-01-10"))
    assert cal.bd_after(D("2004-01-09"), 1) == D("2004-01-10")


def test_extra_business_day_removes_a_holiday():
    cal = build_calendar("us-federal", 2003, 2006, extra_business_days=[D("2004-01-19")])
    assert cal.bd_after(D("2004-01-16"), 1) == D("2004-01-19")


def test_date_outside_coverage_is_an_error():
    with pytest.raises(CalendarCoverageError):
        build_calendar("nyse", 2026, 2028)
    cal = build_calendar("us-federal", 2003, 2004)
    with pytest.raises(CalendarCoverageError):
        cal.is_business_day(D("2005-01-03"))


def test_a_count_that_runs_off_the_span_names_its_dates():
    # The message a user reads (exit 2) says which count ran off and where the span ends,
    # not an index. The span's last business day counts; one more does not.
    cal = build_calendar("nyse", 2026, 2027)
    assert cal.bd_after(D("2027-12-28"), 3) == D("2027-12-31")
    with pytest.raises(CalendarCoverageError) as after:
        cal.bd_after(D("2027-12-30"), 3)
    assert str(after.value) == (
        "3 business day(s) after 2027-12-30 falls outside the years the nyse calendar covers "
        "here (2026-01-01 to 2027-12-31)"
    )
    assert cal.bd_before(D("2026-01-06"), 2) == D("2026-01-02")  # Jan 1 closed, Jan 5 one
    with pytest.raises(CalendarCoverageError) as before:
        cal.bd_before(D("2026-01-06"), 3)
    assert "3 business day(s) before 2026-01-06" in str(before.value)


# -- the library's classes loaded from their own modules ------------------------------------------


@pytest.mark.parametrize("name", ["us-federal", "us-banking", "nyse"])
def test_holidays_from_the_module_alone_are_the_librarys_for_every_covered_year(name):
    from model.calendars import CALENDARS, library_holidays, library_names

    years = range(CALENDARS[name].first_year, CALENDARS[name].last_year + 1)
    mine = library_names(name, years)
    assert mine == library_holidays(name, years)
    assert {d.year for d in mine} == set(years)  # every covered year has holidays


def test_a_moved_library_module_falls_back_to_the_librarys_entry_point(monkeypatch):
    from model import calendars

    monkeypatch.setitem(calendars.LIBRARY_CLASSES, "nyse", ("financial/gone.py", "Gone"))
    calendars.library_class.cache_clear()
    try:
        years = range(2003, 2028)
        assert calendars.library_names("nyse", years) == calendars.library_holidays("nyse", years)
        assert D("2004-06-11") in calendars.library_names("nyse", years)  # President Reagan
    finally:
        calendars.library_class.cache_clear()


# -- the table of every covered year, kept on disk per library version ----------------------------


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A directory of kept tables of this test's own, and no table remembered in the process."""
    from model import calendars

    monkeypatch.setenv(calendars.CACHE_ENVIRONMENT, str(tmp_path))
    calendars.covered_holidays.cache_clear()
    yield tmp_path
    calendars.covered_holidays.cache_clear()


@pytest.mark.parametrize("name", ["us-federal", "us-banking", "nyse"])
def test_the_kept_table_is_the_librarys_answer_for_every_covered_year(name, kept):
    from model import calendars

    first, last = calendars.CALENDARS[name].first_year, calendars.CALENDARS[name].last_year
    calendars.holiday_names(name, range(2003, 2004))  # asks the library and keeps the table
    [file] = kept.iterdir()
    assert file.name == f"holidays-{calendars.library_version()}-{name}-1.json"
    calendars.covered_holidays.cache_clear()  # what follows is read from the file
    for year in range(first, last + 1):
        one = range(year, year + 1)
        assert calendars.holiday_names(name, one) == calendars.library_holidays(name, one), year
    every = range(first, last + 1)
    assert calendars.holiday_names(name, every) == calendars.library_holidays(name, every)
    assert calendars.holiday_names(name, range(first - 1, first)) == {}  # not covered


def test_the_library_version_is_the_librarys_own():
    import holidays

    from model.calendars import library_version

    assert library_version() == holidays.__version__


def test_a_kept_table_of_another_version_or_a_damaged_one_is_asked_again(kept):
    from model import calendars

    years = range(2003, 2005)
    expected = calendars.library_holidays("us-federal", years)
    calendars.holiday_names("us-federal", years)
    [file] = kept.iterdir()
    good = file.read_text()
    damaged = [
        "not json",
        good.replace('"format": 1', '"format": 0'),
        good.replace(f'"holidays {calendars.library_version()}"', '"holidays 0.1"'),
        good.replace('"years": [1986, 2050]', '"years": [2003, 2004]'),
        good.replace('"2004-01-01"', '"2004-01-32"'),
        good.replace('"2004-01-01", "New Year\'s Day"', '"2004-01-01", 7'),
        '{"holidays": []}',
    ]
    assert all(text != good for text in damaged)
    for text in damaged:
        file.write_text(text)
        calendars.covered_holidays.cache_clear()
        assert calendars.holiday_names("us-federal", years) == expected
        assert file.read_text() == good  # asked again and kept whole
    file.write_text(good.replace("Independence Day", "Independence Day!"))  # a kept file is read
    calendars.covered_holidays.cache_clear()
    assert calendars.holiday_names("us-federal", years)[D("2003-07-04")] == "Independence Day!"


def test_no_table_is_kept_where_none_may_be(kept, monkeypatch):
    from model import calendars

    years = range(2003, 2005)
    expected = calendars.library_holidays("nyse", years)
    monkeypatch.setenv(calendars.CACHE_ENVIRONMENT, "")  # RRCHECK_CACHE_DIR= keeps nothing
    assert calendars.holiday_names("nyse", years) == expected
    unwritable = kept / "a-file"
    unwritable.write_text("")  # a directory that cannot be made: the table is still answered
    monkeypatch.setenv(calendars.CACHE_ENVIRONMENT, str(unwritable / "tables"))
    calendars.covered_holidays.cache_clear()
    assert calendars.holiday_names("nyse", years) == expected
    assert sorted(p.name for p in kept.iterdir()) == ["a-file"]


def test_the_users_cache_directory_by_default(monkeypatch, tmp_path):
    from model import calendars

    monkeypatch.delenv(calendars.CACHE_ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert calendars.cache_directory() == tmp_path / "rrcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert calendars.cache_directory() == tmp_path / ".cache" / "rrcheck"


# -- spans, coverage and banking holidays (found by mutation testing) -----------------------------


def test_first_and_last_day_of_a_calendar_span_are_covered():
    # A calendar built for 2003 covers 2003-01-01 through 2003-12-31, both included.
    calendar = build_calendar("us-federal", 2003, 2003)
    assert not calendar.is_business_day(D("2003-01-01"))  # New Year's Day, a Wednesday
    assert calendar.is_business_day(D("2003-12-31"))  # a Wednesday, no holiday


def test_counting_past_the_end_of_a_calendar_span_is_a_coverage_error():
    # bd_after(Wed 2003-12-31, 1) = Fri 2004-01-02, outside a 2003 calendar: an input error,
    # never a guess and never an IndexError.
    calendar = build_calendar("us-federal", 2003, 2003)
    with pytest.raises(CalendarCoverageError):
        calendar.bd_after(D("2003-12-31"), 1)


def test_business_days_in_an_empty_range_are_zero():
    # bd_count(a, b) counts [a, b]; with b before a the range is empty.
    calendar = build_calendar("us-federal", 2004, 2004)
    assert calendar.bd_count(D("2004-01-09"), D("2004-01-08")) == 0


def test_the_last_covered_year_of_a_calendar_may_be_used():
    # The NYSE calendar covers 2003 to 2027 (model/calendars.py): 2027 itself is covered.
    calendar = build_calendar("nyse", 2003, 2027)
    assert calendar.covers(D("2027-12-31"))


def test_first_business_day_of_a_span_starting_on_a_sunday_is_the_monday():
    # 2006-01-01 is a Sunday; on the weekdays calendar (no holidays) the first business day of
    # a 2006 span is Mon Jan 2, in the Z3 encoding as in the calendar.
    calendar = build_calendar("weekdays", 2006, 2006)
    assert calendar.business_days[0] == D("2006-01-02")
    value = z3.simplify(BusinessDayEncoding(calendar).day_of(z3.IntVal(0)))
    assert from_ordinal(value.as_long()) == D("2006-01-02")


def test_us_banking_holidays_are_the_federal_reserves_and_a_saturday_one_is_not_moved():
    # READING.md section 2: us-banking is Monday to Friday less Federal Reserve holidays, "a
    # Saturday holiday is not moved". Columbus Day Mon 2003-10-13 and Veterans Day Tue
    # 2003-11-11 are Fed holidays (the NYSE trades on both); Good Friday 2004-04-09 is an NYSE
    # closure, not a Fed holiday; Christmas Day 2004 is a Saturday, so Fri 2004-12-24 is a
    # banking day (us-federal observes it that Friday instead).
    names = holiday_names("us-banking", range(2003, 2005))
    assert {D("2003-10-13"), D("2003-11-11")} <= set(names)
    assert D("2004-04-09") not in names
    assert D("2004-12-24") not in names
    assert D("2004-12-24") in holiday_names("us-federal", range(2003, 2005))
    assert D("2004-04-09") in holiday_names("nyse", range(2003, 2005))


def test_a_table_interrupted_while_kept_leaves_no_file(kept, monkeypatch):
    from model import calendars, kept_files

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kept_files.os, "replace", interrupted)  # calendars keeps through it
    with pytest.raises(KeyboardInterrupt):
        calendars.holiday_names("us-banking", range(2003, 2005))
    assert list(kept.iterdir()) == []
