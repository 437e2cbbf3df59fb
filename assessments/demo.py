"""Demo testing days: the spring state tests at the demo school, and a unit test in one of
Gina Patel's math classes on the next school day (today when school meets), so her My
classes says which students' assessment accommodations are expected that day. The demo test
coordinator sees both windows' testing rosters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from assessments.actions import SessionSpec, window_create
from assessments.district_seed import STATE_SESSIONS, state_window_start
from assessments.models import AssessmentWindow
from students.school_days import school_days_for

if TYPE_CHECKING:
    from students.demo import DemoWorld

UNIT_TEST = "Math 7 unit 3 test: ratios and proportional relationships"


def next_school_day(world: DemoWorld, day: dt.date) -> dt.date:
    days = school_days_for([world.school.pk])[world.school.pk]
    found = days.days(day, day + dt.timedelta(days=30))
    return found[0] if found else day


def load(world: DemoWorld) -> None:
    monday = state_window_start(world.today)
    window_create(
        by=world.users["school_admin"], name="State English and math tests (grades 6-8)",
        kind=AssessmentWindow.Kind.STATE, scope=AssessmentWindow.Scope.SCHOOL, school=world.school,
        first_day=monday, last_day=monday + dt.timedelta(days=11),
        sessions=[SessionSpec(day=monday + dt.timedelta(days=offset), starts_at=dt.time(8, 30),
                              ends_at=dt.time(10, 30), label=label)
                  for offset, label in STATE_SESSIONS],
    )
    math_7 = next(s for s in world.sections if s.name == "Math 7")
    day = next_school_day(world, world.today)
    window_create(
        by=world.users["gen_ed_teacher"], name=UNIT_TEST, kind=AssessmentWindow.Kind.UNIT,
        scope=AssessmentWindow.Scope.SECTION, section=math_7, first_day=day, last_day=day,
    )
