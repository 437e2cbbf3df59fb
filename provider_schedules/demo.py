"""Demo schedules: the speech-language pathologist's groups and the occupational therapist's
sessions, as each would keep them.

Speech: groups of three on Tuesday and Thursday (the days the session history uses), the
first an articulation group at 10:00 for 30 minutes. OT: one student at a time on Monday
mornings, and a monthly classroom consult on the first Tuesday for one student's teacher.
Loaded after services.demo and makeups.demo, on the same world.
"""

from __future__ import annotations

import datetime as dt

from provider_schedules.district_seed import Planned, plans_for, save
from provider_schedules.models import SessionPlan
from services.models import ServiceRequirement
from students.demo import DemoWorld
from students.models import IEP


def load(world: DemoWorld) -> None:
    related = list(
        ServiceRequirement.objects.filter(iep__in=world.ieps, iep__status=IEP.Status.ACTIVE,
                                          kind=ServiceRequirement.Kind.RELATED)
        .select_related("iep")
    )
    speech = [r for r in related if r.area == "Speech-language"]
    ot = [r for r in related if r.area == "Occupational therapy"]
    school_of = {r.iep_id: world.school.pk for r in related}
    # Her mornings before 10:00 go to evaluations and IEP meetings.
    planned = plans_for(speech, school_of, day_start=dt.time(10, 0))
    planned += plans_for(ot, school_of, day_start=dt.time(8, 30))
    if ot:
        first = ot[0]
        planned.append(Planned(SessionPlan(
            provider_id=first.provider_id, label="Classroom consult", weekdays=[1],
            frequency=SessionPlan.Frequency.MONTHLY, week_of_month=1, start_time=dt.time(14, 0), minutes=30,
            start_date=first.start_date, created_by_id=first.provider_id,
        ), [first]))
    save(planned)
