"""Which classes have an assessment on which days, read for many classes at once.

`windows_for` is the one question the areas ask ("is a test given in this class today",
"on which days of this month did it have one"): one query whatever the number of classes
or days, so a page, a reminder sweep or a figure calls it once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q

from assessments.models import AssessmentWindow, window_days
from students.models import Section


def windows_for(
    sections: Iterable[Section], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], list[str]]:
    """(section id, day) -> the names of the windows given in that class that day, for the
    days from start to end (both included).

    A day is listed whether or not the class meets: callers keep the days it meets
    (`schedules.queries.meetings_for`). Needs each section's `school_id` and `subject`
    (loaded Section rows). Queries: the windows with their session days (1), none when no
    section is given.
    """
    sections = list(sections)
    if not sections:
        return {}
    schools = {s.school_id for s in sections}
    windows = list(
        AssessmentWindow.objects.filter(first_day__lte=end, last_day__gte=start)
        .filter(
            Q(scope=AssessmentWindow.Scope.DISTRICT)
            | Q(scope=AssessmentWindow.Scope.SCHOOL, school__in=schools)
            | Q(scope=AssessmentWindow.Scope.SECTION, section__in=[s.pk for s in sections])
        )
        .annotate(session_days=ArrayAgg("sessions__day", distinct=True, default=[]))
        .order_by("first_day", "name", "pk")
    )
    found: dict[tuple[int, dt.date], list[str]] = defaultdict(list)
    for window in windows:
        days = window_days(window.first_day, window.last_day,
                           [d for d in window.session_days if d is not None],
                           start, end)
        if not days:
            continue
        for section in sections:
            if window.applies_to(section):
                for day in days:
                    names = found[(section.pk, day)]
                    if window.name not in names:
                        names.append(window.name)
    return dict(found)
