"""Demo disciplinary removals, recorded by the principal as the incidents happened: one of the
case manager's students has 3 school days of removal this school year (below the 5-day
warning) and another has 6 (the warning shows on the student page and in the reminders).
Students with a 504 plan are left out. Loaded before the demo reminders run their sweeps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from behavior.actions import removals_record
from behavior.models import Removal
from students.demo import DemoWorld
from students.models import IEP
from students.school_days import school_days_for

OSS, ISS = Removal.Setting.OUT_OF_SCHOOL, Removal.Setting.IN_SCHOOL

# (school days before today the incident's first day was, school days, setting, reason)
SIX_DAYS = [
    (48, 2, OSS, "Fighting with another student in the hallway between classes (code of conduct 4.2)."),
    (27, 1, ISS, "Repeatedly leaving class without permission after a warning; in the ISS room all day."),
    (9, 3, OSS, "Threatening a classmate on the bus ride home (code of conduct 5.1)."),
]
THREE_DAYS = [
    (33, 1, ISS, "Vaping in the boys' restroom (code of conduct 6.3); spent the day in the ISS room."),
    (12, 2, OSS, "Shoving a classmate into a locker during lunch; the classmate was not hurt."),
]


def load(world: DemoWorld) -> None:
    principal = world.users["school_admin"]
    manager = world.users["case_manager"]
    ieps = [iep for iep in world.ieps if iep.kind == IEP.Kind.IEP and iep.case_manager_id == manager.pk]
    if len(ieps) < 4:
        return
    days = school_days_for({world.school.pk})[world.school.pk]
    past = days.days(world.calendar.start_date, world.today - dt.timedelta(days=1))
    # The last of the case manager's students, away from the students other demos tell about.
    for iep, incidents in ((ieps[-1], SIX_DAYS), (ieps[-3], THREE_DAYS)):
        for before, length, setting, reason in incidents:
            if before > len(past):
                continue  # early in the school year: the older incidents had not happened yet
            start = past[-before]
            recorded = removals_record(
                student=iep.student, by=principal, start_date=start, school_days=length, end_date=None,
                setting=setting, portion=Decimal(1), services_continued=False, reason=reason)
            at = timezone.make_aware(dt.datetime.combine(start, dt.time(14, 20)))
            Removal.objects.filter(pk__in=[r.pk for r in recorded.rows]).update(recorded_at=at)
