"""Benchmark district: testing days.

Each school gives the state English and math tests in a spring window (two weeks from the
Monday after April 19, four morning sessions, entered by the school's administrator), and
about one class in forty has a unit test on a day it meets near today (some past, some
today, some ahead), entered by its teacher. Bulk inserts: a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt

from assessments.models import AssessmentSession, AssessmentWindow
from iep_portal.models import User
from schedules.queries import meetings_for
from students.demo import school_year_bounds
from students.district_seed import District
from students.models import Section

UNIT_TEST_EVERY = 40
# (days after the window's Monday, label): Tuesdays and Wednesdays of both weeks.
STATE_SESSIONS = [(1, "English language arts, session 1"), (2, "English language arts, session 2"),
                  (8, "Mathematics, session 1"), (9, "Mathematics, session 2")]


def state_window_start(today: dt.date) -> dt.date:
    """The Monday after April 19 of this school year's spring."""
    _, end = school_year_bounds(today)
    day = dt.date(end.year, 4, 20)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def generate(d: District) -> None:
    admins = {d.staff_school[u]: u for u in d.staff.get(User.Role.SCHOOL_ADMIN, [])}
    monday = state_window_start(d.today)
    windows = [
        AssessmentWindow(name="State English and math tests", kind=AssessmentWindow.Kind.STATE,
                         scope=AssessmentWindow.Scope.SCHOOL, school_id=school.pk, first_day=monday,
                         last_day=monday + dt.timedelta(days=11), created_by_id=admins[school.pk])
        for school in d.schools
    ]
    chosen = [(section_id, teacher_id) for sections in d.sections.values()
              for k, (section_id, teacher_id) in enumerate(sections) if k % UNIT_TEST_EVERY == 0]
    days = meetings_for([s for s, _ in chosen], d.today - dt.timedelta(days=7),
                        d.today + dt.timedelta(days=21))
    subject_of = dict(Section.objects.filter(pk__in=[s for s, _ in chosen]).values_list("pk", "subject"))
    school_of = {s: school for school, sections in d.sections.items() for s, _ in sections}
    for k, (section_id, teacher_id) in enumerate(chosen):
        target = d.today + dt.timedelta(days=k % 7 - 2)
        meets = days.get(section_id) or []
        if not meets:
            continue
        day = min(meets, key=lambda x: (abs((x - target).days), x))
        windows.append(AssessmentWindow(
            name=f"{subject_of[section_id]} unit test", kind=AssessmentWindow.Kind.UNIT,
            scope=AssessmentWindow.Scope.SECTION, school_id=school_of[section_id], section_id=section_id,
            first_day=day, last_day=day, created_by_id=teacher_id,
        ))
    AssessmentWindow.objects.bulk_create(windows, batch_size=5000)
    sessions = [
        AssessmentSession(window=w, day=w.first_day + dt.timedelta(days=offset), starts_at=dt.time(8, 30),
                          ends_at=dt.time(10, 30), label=label)
        for w in windows if w.kind == AssessmentWindow.Kind.STATE
        for offset, label in STATE_SESSIONS
    ]
    AssessmentSession.objects.bulk_create(sessions, batch_size=5000)
    d.count("assessment windows", len(windows))
    d.count("assessment sessions", len(sessions))
    d.progress(f"{len(windows)} assessment windows, {len(sessions)} sessions")
