"""Each school's instructional days, read from its calendars and closures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from students.calendar import InstructionalCalendar, SchoolDays
from students.models import Closure, SchoolCalendar


def calendars_for(school_ids: Iterable[int]) -> dict[int, list[InstructionalCalendar]]:
    """Each school's calendars with their closures; a school without one is left out.
    Queries: calendars (1), closures (1)."""
    calendars = list(SchoolCalendar.objects.filter(school__in=set(school_ids))
                     .values_list("pk", "school_id", "start_date", "end_date"))
    closures: dict[int, set[dt.date]] = defaultdict(set)
    for calendar_id, day in Closure.objects.filter(calendar__in=[c[0] for c in calendars]).values_list(
        "calendar_id", "date"
    ):
        closures[calendar_id].add(day)
    per_school: dict[int, list[InstructionalCalendar]] = defaultdict(list)
    for pk, school, start, end in calendars:
        per_school[school].append(
            InstructionalCalendar(start=start, end=end, closures=frozenset(closures[pk])))
    return dict(per_school)


def school_days_for(school_ids: Iterable[int]) -> dict[int, SchoolDays]:
    """Instructional days per school, across all its calendars. Queries: calendars (1),
    closures (1)."""
    school_ids = set(school_ids)
    per_school = calendars_for(school_ids)
    return {school_id: SchoolDays(per_school.get(school_id, [])) for school_id in school_ids}
