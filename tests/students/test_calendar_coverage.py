"""Which weeks a school's calendars cover, and the one cut-off every figure counts through."""

from __future__ import annotations

import datetime as dt

from students.calendar import (
    InstructionalCalendar,
    SchoolDays,
    describe_through,
    figures_through,
    school_year_label,
    school_year_of,
)

D = dt.date
YEAR_2026 = InstructionalCalendar(start=D(2026, 8, 17), end=D(2027, 6, 4))
YEAR_2025 = InstructionalCalendar(start=D(2025, 8, 18), end=D(2026, 6, 5))


def test_the_figures_stop_at_the_end_of_yesterday_and_say_so() -> None:
    assert figures_through(D(2026, 12, 2)) == D(2026, 12, 1)
    assert describe_through(figures_through(D(2026, 12, 2))) == "Figures through Tue, Dec 1"
    assert figures_through(D(2026, 11, 1)) == D(2026, 10, 31)  # across a month


def test_a_school_year_runs_from_july_to_june_and_is_named_as_imports_name_it() -> None:
    assert school_year_of(D(2027, 6, 30)) == 2026
    assert school_year_of(D(2027, 7, 1)) == 2027
    assert school_year_label(2027) == "2027-28"
    assert school_year_label(2099) == "2099-00"


def test_a_calendar_covers_its_whole_school_year_including_the_summer_after_it() -> None:
    days = SchoolDays([YEAR_2026])
    assert days.covers(D(2026, 7, 1)) and days.covers(D(2027, 6, 30))
    assert days.uncovered(D(2026, 7, 1), D(2027, 6, 30)) == []
    assert not days.covers(D(2027, 7, 1)) and not days.covers(D(2026, 6, 30))


def test_uncovered_days_are_the_weekdays_of_a_school_year_without_a_calendar() -> None:
    days = SchoolDays([YEAR_2026])
    # Thu Jul 1 to Fri Jul 9 2027: Jul 1, 2, 5, 6, 7, 8, 9 (weekends left out) = 7 weekdays.
    assert days.uncovered(D(2027, 6, 28), D(2027, 7, 9)) == [
        D(2027, 7, 1),
        D(2027, 7, 2),
        D(2027, 7, 5),
        D(2027, 7, 6),
        D(2027, 7, 7),
        D(2027, 7, 8),
        D(2027, 7, 9),
    ]
    # Spring 2026 belongs to 2025-26: Mon Jun 1 to Tue Jun 30 2026 = 22 weekdays uncovered.
    assert len(days.uncovered(D(2026, 6, 1), D(2026, 6, 30))) == 22


def test_two_imported_years_leave_no_gap_between_them() -> None:
    days = SchoolDays([YEAR_2025, YEAR_2026])
    assert days.uncovered(D(2025, 9, 1), D(2027, 6, 30)) == []


def test_a_school_with_no_calendar_covers_nothing() -> None:
    days = SchoolDays([])
    assert len(days.uncovered(D(2026, 11, 2), D(2026, 11, 13))) == 10
