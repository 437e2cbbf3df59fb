"""What a change to a school's calendar does to the service minutes its IEPs expect.

Registered with students.calendar_effects from ServicesConfig.ready(), so the calendar
pages preview a closure's cost before it is written. One figure per school: the expected
minutes of its active IEPs' service lines from start to end, before and after, with how
many lines the change touches. Early releases are not closures and change nothing here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from services import ledger
from services.models import ServiceRequirement
from students.calendar import SchoolDays
from students.calendar_effects import CalendarEffect
from students.models import IEP

LABEL = "Expected service minutes"


def expected_minutes_effect(
    school_ids: set[int], before: Mapping[int, SchoolDays], after: Mapping[int, SchoolDays],
    start: dt.date, end: dt.date,
) -> list[CalendarEffect]:
    """Per school, the minutes its active service lines expect from start to end under each
    calendar. Queries: 1 (the lines with their IEPs), whatever the number of lines."""
    lines = (ServiceRequirement.objects.regular_year().filter(
        iep__status=IEP.Status.ACTIVE, iep__student__school__in=school_ids,
        start_date__lte=end, end_date__gte=start,
    ).values_list("period", "minutes", "sessions", "start_date", "end_date",
                  "iep__start_date", "iep__end_date", "iep__student__school_id"))
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # before, after, lines, touched
    for period, minutes, sessions, s_start, s_end, iep_start, iep_end, school in lines:
        service = ledger.Service(period=period, minutes=minutes, sessions=sessions,
                                 start=max(s_start, iep_start), end=min(s_end, iep_end))
        empty = SchoolDays([])
        old = ledger.whole(ledger.expected_between(service, before.get(school, empty), start, end))
        new = ledger.whole(ledger.expected_between(service, after.get(school, empty), start, end))
        row = totals[school]
        row[0], row[1], row[2], row[3] = row[0] + old, row[1] + new, row[2] + 1, row[3] + (old != new)
    found = []
    for school in sorted(school_ids):
        old, new, count, touched = totals.get(school, [0, 0, 0, 0])
        found.append(CalendarEffect(
            school, LABEL, old, new,
            detail=(f"{touched} of {count} active service line{'s' if count != 1 else ''} change"
                    if count else "no active service lines"),
        ))
    return found
