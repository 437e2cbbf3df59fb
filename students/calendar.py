"""Instructional-day arithmetic on a school calendar, as a pure value (no queries).

A day is instructional when it is a regular school weekday (Monday to Friday), inside the
school year, and not a closure. The minute ledger, expected check-offs and reminders all
count days through this one class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

REGULAR_WEEKDAYS = frozenset({0, 1, 2, 3, 4})  # Monday .. Friday


@dataclass(frozen=True)
class InstructionalCalendar:
    start: dt.date
    end: dt.date
    closures: frozenset[dt.date] = field(default_factory=frozenset)

    def is_regular_day(self, day: dt.date) -> bool:
        """A weekday inside the school year, whether or not school met."""
        return self.start <= day <= self.end and day.weekday() in REGULAR_WEEKDAYS

    def is_instructional(self, day: dt.date) -> bool:
        return self.is_regular_day(day) and day not in self.closures

    def days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Instructional days from start to end, both included."""
        day = max(start, self.start)
        last = min(end, self.end)
        while day <= last:
            if day.weekday() in REGULAR_WEEKDAYS and day not in self.closures:
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
