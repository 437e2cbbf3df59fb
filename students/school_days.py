"""Each school's instructional days, read from its calendars and closures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from students.calendar import InstructionalCalendar, SchoolDays
from students.models import Closure, SchoolCalendar


def school_days_for(school_ids: Iterable[int]) -> dict[int, SchoolDays]:
    """Instructional days per school, across all its calendars. Queries: calendars (1),
    closures (1)."""
    school_ids = set(school_ids)
    calendars = list(SchoolCalendar.objects.filter(school__in=school_ids))
    closures: dict[int, set[dt.date]] = defaultdict(set)
    for calendar_id, day in Closure.objects.filter(calendar__in=[c.pk for c in calendars]).values_list(
        "calendar_id", "date"
    ):
        closures[calendar_id].add(day)
    per_school: dict[int, list[InstructionalCalendar]] = defaultdict(list)
    for cal in calendars:
        per_school[cal.school_id].append(
            InstructionalCalendar(start=cal.start_date, end=cal.end_date,
                                  closures=frozenset(closures[cal.pk]))
        )
    return {school_id: SchoolDays(per_school.get(school_id, [])) for school_id in school_ids}
