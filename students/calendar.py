"""Instructional-day arithmetic on a school calendar, as a pure value (no queries).

A day is instructional when it is a regular school weekday (Monday to Friday), inside the
school year, and not a closure. The minute ledger, expected check-offs and reminders all
count days through this one class.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

REGULAR_WEEKDAYS = frozenset({0, 1, 2, 3, 4})  # Monday .. Friday


@dataclass(frozen=True)
class InstructionalCalendar:
    start: dt.date
    end: dt.date
    closures: frozenset[dt.date] = field(default_factory=frozenset)
    # The weekdays school meets: Monday to Friday in the school year; a summer session
    # (extended school year) may meet fewer, e.g. Monday to Thursday.
    weekdays: frozenset[int] = REGULAR_WEEKDAYS

    def is_regular_day(self, day: dt.date) -> bool:
        """A meeting weekday inside the calendar's dates, whether or not school met."""
        return self.start <= day <= self.end and day.weekday() in self.weekdays

    def is_instructional(self, day: dt.date) -> bool:
        return self.is_regular_day(day) and day not in self.closures

    def days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Instructional days from start to end, both included."""
        day = max(start, self.start)
        last = min(end, self.end)
        while day <= last:
            if day.weekday() in self.weekdays and day not in self.closures:
                yield day
            day += dt.timedelta(days=1)

    def count(self, start: dt.date, end: dt.date) -> int:
        return sum(1 for _ in self.days(start, end))

    def previous_days(self, before: dt.date, n: int) -> list[dt.date]:
        """The n instructional days before `before` (not included), most recent first."""
        found: list[dt.date] = []
        day = min(before - dt.timedelta(days=1), self.end)
        while len(found) < n and day >= self.start:
            if self.is_instructional(day):
                found.append(day)
            day -= dt.timedelta(days=1)
        return found


def week_start(day: dt.date) -> dt.date:
    """The Monday of day's week."""
    return day - dt.timedelta(days=day.weekday())


def figures_through(today: dt.date) -> dt.date:
    """The last day every compliance figure counts: the end of yesterday.

    Today is in progress (a session at 2 PM, a check-off after the last class), so no
    figure counts it: minutes, check-offs, pace and what is owed all stop at this day, on
    every page, reminder and export, and the page says so (`describe_through`).
    """
    return today - dt.timedelta(days=1)


def describe_through(day: dt.date) -> str:
    """How a page states the cut-off: "Figures through Tue, Dec 1"."""
    return f"Figures through {day:%a}, {day:%b} {day.day}"


def school_year_of(day: dt.date) -> int:
    """The year a school year starts in: 1 July to 30 June (calendars start mid-August)."""
    return day.year if day.month >= 7 else day.year - 1


def school_year_label(start_year: int) -> str:
    """ "2027-28", the name a calendar import uses."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


class SchoolDays:
    """The instructional days of one school across one or more calendars (school years)."""

    def __init__(self, calendars: Iterable[InstructionalCalendar]) -> None:
        days: set[dt.date] = set()
        years: set[int] = set()
        for cal in calendars:
            days.update(cal.days(cal.start, cal.end))
            years.update(range(school_year_of(cal.start), school_year_of(cal.end) + 1))
        self._days = sorted(days)
        self._per_month = Counter((d.year, d.month) for d in self._days)
        self._years = frozenset(years)

    def covers(self, day: dt.date) -> bool:
        """Whether a calendar of this school covers day's school year (1 July to 30 June).

        A summer between two imported years is covered (the break is known: nothing is
        owed); a week of a school year with no calendar is not, and counting it as 0 would
        hide a missing import.
        """
        return school_year_of(day) in self._years

    def uncovered(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The regular weekdays from start to end that no calendar covers, oldest first."""
        found: list[dt.date] = []
        day = start
        while day <= end:
            if not self.covers(day):
                if day.weekday() in REGULAR_WEEKDAYS:
                    found.append(day)
                day += dt.timedelta(days=1)
            else:  # jump to the next school year's first day
                day = max(day + dt.timedelta(days=1), dt.date(school_year_of(day) + 1, 7, 1))
        return found

    def count(self, start: dt.date, end: dt.date) -> int:
        """Instructional days from start to end, both included."""
        if end < start:
            return 0
        return bisect.bisect_right(self._days, end) - bisect.bisect_left(self._days, start)

    def days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return self._days[bisect.bisect_left(self._days, start):bisect.bisect_right(self._days, end)]

    def in_month(self, year: int, month: int) -> int:
        return self._per_month[(year, month)]

    def is_instructional(self, day: dt.date) -> bool:
        i = bisect.bisect_left(self._days, day)
        return i < len(self._days) and self._days[i] == day
