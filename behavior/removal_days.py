"""How many school days a student has been removed for discipline this school year.

This is the one function every page, reminder and export asks (34 CFR 300.530). The rule:

- The school year is the one `as_of` falls in (1 July to 30 June, `school_year_of`): a new
  school year starts again at 0. Removals after `as_of` are not counted yet.
- Only instructional days of the student's school calendar count: a removal row dated on a
  closure, a weekend or outside the calendar counts 0 (school did not meet, so nothing was
  lost).
- An out-of-school removal counts its portion of the day: a full day is 1, half a day 0.5.
  (Some states count any portion of a day as a whole day; this product counts the portion,
  which is what the federal rule measures, and shows it to a tenth.)
- An in-school removal counts the same way, unless the student kept receiving IEP services,
  progressing in the general curriculum and taking part with peers as in the current
  placement (71 Fed. Reg. 46715): then it is not a removal and counts 0.
- Several rows on one day count at most one day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from behavior.models import Removal
from students.calendar import SchoolDays, school_year_of
from students.models import Student
from students.school_days import school_days_for

WARN_AT = (Decimal(5), Decimal(10))
"""The case manager and the school administrators are told when the count reaches these."""


def school_year_bounds(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days (1 July, 30 June) of the school year `as_of` falls in."""
    start_year = school_year_of(as_of)
    return dt.date(start_year, 7, 1), dt.date(start_year + 1, 6, 30)


RemovalRow = tuple[dt.date, str, Decimal, bool]
"""A removal as the rule reads it: (date, setting, portion, services_continued)."""


def counted_days(removals: list[RemovalRow], days: SchoolDays, as_of: dt.date) -> dict[dt.date, Decimal]:
    """The rule above, day by day: what each school day of removal counts (more than 0),
    from the school year's first day to `as_of`."""
    first, _last = school_year_bounds(as_of)
    per_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for day, setting, portion, services_continued in removals:
        if not (first <= day <= as_of) or not days.is_instructional(day):
            continue
        if setting == Removal.Setting.IN_SCHOOL and services_continued:
            continue
        per_day[day] = min(Decimal(1), per_day[day] + portion)
    return dict(sorted(per_day.items()))


def count_removal_days(removals: list[RemovalRow], days: SchoolDays, as_of: dt.date) -> Decimal:
    """The rule above on plain values: (date, setting, portion, services_continued) rows."""
    return sum(counted_days(removals, days, as_of).values(), Decimal(0))


def removal_days_for(students: list[Student], as_of: dt.date) -> dict[int, Decimal]:
    """Each student's school days of removal this school year. Queries: removals (1),
    calendars (1), closures (1), whatever the number of students."""
    first, _last = school_year_bounds(as_of)
    rows: dict[int, list[RemovalRow]] = defaultdict(list)
    for student_id, day, setting, portion, continued in Removal.objects.filter(
        student__in=[s.pk for s in students], date__gte=first, date__lte=as_of
    ).values_list("student_id", "date", "setting", "portion", "services_continued"):
        rows[student_id].append((day, setting, portion, continued))
    days = school_days_for({s.school_id for s in students}) if rows else {}
    return {
        s.pk: count_removal_days(rows[s.pk], days[s.school_id], as_of) if rows[s.pk] else Decimal(0)
        for s in students
    }


def removal_days(student: Student, as_of: dt.date) -> Decimal:
    """One student's school days of removal this school year (see the module's rule)."""
    return removal_days_for([student], as_of)[student.pk]


def more_than_ten(days: Decimal) -> bool:
    """More than 10 school days of removal: in a school year, a change of placement when a
    removal is that long or the removals form a pattern (34 CFR 300.536, which
    `behavior.manifestation` decides); below it, none."""
    return days > 10
