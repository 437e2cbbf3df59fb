"""Whether a recurring plan meets on a day (no queries).

A plan meets only on the school's instructional days: never on a closure, a weekend or
outside the school year, whatever its weekdays say. On a school day it meets when the
day's weekday is one of its weekdays (or it names none) and the day's letter is one of its
letters (or it names none); every other week counts weeks from the week of its first day;
a monthly plan meets on the n-th (or last) of its weekday in the month, when school meets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from students.calendar import week_start

WEEKLY = "weekly"
EVERY_OTHER_WEEK = "every_other_week"
MONTHLY = "monthly"
LAST = 5


@dataclass(frozen=True)
class Recurrence:
    weekdays: frozenset[int]
    letters: frozenset[str]
    frequency: str
    start: dt.date
    end: dt.date | None
    week_of_month: int | None = None


def nth_of_month(day: dt.date) -> int:
    """1 for the month's first Tuesday (when `day` is a Tuesday), 2 for its second, ..."""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=7)).month != day.month


def meets(plan: Recurrence, day: dt.date, *, instructional: bool, letter: str | None) -> bool:
    """Whether the plan meets on `day`; `instructional` and `letter` are the school's for
    that day (students.calendar.SchoolDays, schedules.rotation.Rotation)."""
    if not instructional or day < plan.start or (plan.end is not None and day > plan.end):
        return False
    if plan.weekdays and day.weekday() not in plan.weekdays:
        return False
    if plan.letters and letter not in plan.letters:
        return False
    if plan.frequency == EVERY_OTHER_WEEK:
        return ((week_start(day) - week_start(plan.start)).days // 7) % 2 == 0
    if plan.frequency == MONTHLY:
        if plan.week_of_month == LAST:
            return is_last_of_month(day)
        return nth_of_month(day) == plan.week_of_month
    return True
