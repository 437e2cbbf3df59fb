"""Which sessions a provider has on a day: the one question every page asks of a schedule.

`sessions_between` reads a provider's open plans with their lines, the schools' calendars
and closures (and, when a plan follows day letters, the schools' rotations) in a fixed
number of queries however many plans, students or days, and returns each day's sessions in
time order. A session lists only the lines in service that day (an IEP still active, the
line begun and not ended, the provider still delivering it); a plan whose lines have all
ended has no session. It is None for a provider with no open plan: they keep no schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.urls import reverse

from provider_schedules import recurrence
from provider_schedules.models import PlannedLine, SessionPlan
from schedules.queries import rotations_for
from services.models import ServiceCoProvider, ServiceRequirement
from services.scheduled import ScheduledSession
from students.calendar import SchoolDays
from students.models import IEP
from students.school_days import calendars_for

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass(frozen=True)
class Session:
    """One plan's session on one day, with the lines it serves that day (a group: several)."""

    plan: SessionPlan
    day: dt.date
    requirements: tuple[ServiceRequirement, ...]

    @property
    def end_time(self) -> dt.time:
        return (dt.datetime.combine(self.day, self.plan.start_time)
                + dt.timedelta(minutes=self.plan.minutes)).time()

    @property
    def is_group(self) -> bool:
        return len(self.requirements) > 1

    @property
    def label(self) -> str:
        """"Articulation group, 3 students" or "Maya Lopez — Speech-language"."""
        if self.plan.label:
            n = len(self.requirements)
            return f"{self.plan.label}, {n} student{'' if n == 1 else 's'}" if n > 1 else (
                f"{self.plan.label}: {self.requirements[0].iep.student}")
        if len(self.requirements) == 1:
            r = self.requirements[0]
            return f"{r.iep.student} — {r.area}"
        return ", ".join(str(r.iep.student) for r in self.requirements)

    @property
    def log_url(self) -> str:
        return reverse("provider_schedules:log", args=[self.plan.pk, self.day.isoformat()])

    def as_scheduled(self) -> ScheduledSession:
        return ScheduledSession(
            label=self.label, start=self.plan.start_time, minutes=self.plan.minutes,
            requirement_pks=tuple(r.pk for r in self.requirements), log_url=self.log_url,
        )


def open_lines(user: User) -> list[PlannedLine]:
    """The lines of the user's open plans, with their plan, requirement, IEP and student,
    each annotated `co_provides` (1 query)."""
    co = ServiceCoProvider.objects.current().filter(requirement=OuterRef("requirement"), user=user)
    return list(
        PlannedLine.objects.filter(plan__provider=user, plan__ended_at__isnull=True)
        .select_related("plan", "requirement", "requirement__iep", "requirement__iep__student")
        .annotate(co_provides=Exists(co))
        .order_by("plan__start_time", "plan_id", "requirement__iep__student__last_name",
                  "requirement__iep__student__first_name", "pk")
    )


def as_recurrence(plan: SessionPlan) -> recurrence.Recurrence:
    return recurrence.Recurrence(
        weekdays=frozenset(plan.weekdays), letters=frozenset(plan.day_letters), frequency=plan.frequency,
        start=plan.start_date, end=plan.end_date, week_of_month=plan.week_of_month,
    )


def _dates(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    return (start + dt.timedelta(days=i) for i in range((end - start).days + 1))


def sessions_between(
    user: User, start: dt.date, end: dt.date, *, lines: list[PlannedLine] | None = None,
) -> dict[dt.date, list[Session]] | None:
    """Each day's sessions of `user` from start to end (both included), in time order; days
    without a session are left out. None when the user has no open plan.

    Queries: the open plans' lines (1), then calendars and closures (2), and the rotations
    (3) when a plan follows day letters: at most six, however many plans or students. A
    caller that has `open_lines(user)` passes it as `lines` (one query fewer).
    """
    if lines is None:
        lines = open_lines(user)
    if not lines:
        return None
    calendars = calendars_for({line.requirement.iep.student.school_id for line in lines})
    days = {school: SchoolDays(cals) for school, cals in calendars.items()}
    lettered = any(line.plan.day_letters for line in lines)
    rotations = rotations_for(calendars) if lettered else {}
    plans: dict[int, tuple[SessionPlan, list[PlannedLine]]] = {}
    for line in lines:
        plans.setdefault(line.plan_id, (line.plan, []))[1].append(line)
    found: dict[dt.date, list[Session]] = {}
    for day in _dates(start, end):
        for plan, plan_lines in plans.values():
            rule = as_recurrence(plan)
            serving = []
            for line in plan_lines:
                r = line.requirement
                school = r.iep.student.school_id
                lettered_day = plan.day_letters and school in rotations
                letter = rotations[school].letter_of(day) if lettered_day else None
                school_days = days.get(school)
                instructional = school_days is not None and school_days.is_instructional(day)
                if not recurrence.meets(rule, day, instructional=instructional, letter=letter):
                    continue
                service = r.as_service()
                delivers = r.provider_id == user.pk or line.co_provides  # type: ignore[attr-defined]
                if r.iep.status == IEP.Status.ACTIVE and service.start <= day <= service.end and delivers:
                    serving.append(r)
            if serving:
                found.setdefault(day, []).append(Session(plan=plan, day=day, requirements=tuple(serving)))
    return found


def sessions_on(user: User, day: dt.date) -> list[Session] | None:
    """The user's sessions on `day` in time order (none on a closure or a day without school);
    None when they keep no schedule. Queries: as sessions_between."""
    found = sessions_between(user, day, day)
    return None if found is None else found.get(day, [])


def scheduled_source(user: User, day: dt.date) -> list[ScheduledSession] | None:
    """The services registry's source (services.scheduled.register_schedule_source)."""
    found = sessions_on(user, day)
    return None if found is None else [s.as_scheduled() for s in found]
