"""Reminder sweeps for disciplinary removals (see notifications.sweeps).

- At 5 and at 10 school days of removal in the school year (behavior.removal_days, WARN_AT)
  the student's case manager (or 504 coordinator) and the school's administrators are told,
  once each per threshold and school year. When the count falls below it again (a removal
  corrected) or the school year ends, the reminder is resolved.
- When short removals take the school year past 10 school days and nobody has recorded whether
  they form a pattern (behavior.manifestation), the same people are asked to, once per removal;
  recording the determination resolves it.
- When a manifestation determination is due (behavior.manifestation) and no meeting is held
  or on the calendar by its due date, the same people are reminded, and again (urgent) once
  the due date has passed; scheduling the meeting in time or holding it resolves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from behavior.manifestation import placements_for
from behavior.models import Removal
from behavior.removal_days import WARN_AT, removal_days_for, school_year_bounds
from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from students.calendar import school_year_of
from students.models import IEP, Student
from students.reminders import school_admins_by_school

DAYS_PREFIX = "removal-days"
MDR_PREFIX = "manifestation"


def students_removed(today: dt.date, *, through_year_end: bool = False) -> list[Student]:
    """Active students with a removal this school year (up to today, or the whole year), with
    their plan's manager as `manager_id` (None without an active plan). Queries: 1."""
    first, last = school_year_bounds(today)
    removals = Removal.objects.filter(student=OuterRef("pk"), date__gte=first,
                                      date__lte=last if through_year_end else today)
    manager = (IEP.objects.filter(student=OuterRef("pk"), status=IEP.Status.ACTIVE)
               .values("case_manager_id")[:1])
    return list(Student.objects.filter(Exists(removals), active=True)
                .annotate(manager_id=Subquery(manager)).order_by("pk"))


def _recipients(student: Student, admins: dict[int, list[int]]) -> Iterator[int]:
    manager: int | None = student.manager_id  # type: ignore[attr-defined]
    yield from dict.fromkeys([*([manager] if manager else []), *admins.get(student.school_id, [])])


def removal_days_sweep(today: dt.date) -> list[Reminder]:
    """Queries (6, however many students): the students removed this year (1), their counts
    (3), the administrators by school (1) when one reached a threshold, resolving (1)."""
    students = students_removed(today)
    counts = removal_days_for(students, today) if students else {}
    reached = [s for s in students if counts[s.pk] >= WARN_AT[0]]
    admins = school_admins_by_school() if reached else {}
    year = school_year_of(today)
    reminders: list[Reminder] = []
    for s in reached:
        days = counts[s.pk]
        for threshold in (t for t in WARN_AT if days >= t):
            title = (f"{s}: {days.normalize():f} school days of removal this school year — "
                     + ("at more than 10 the removals are a change of placement" if threshold < WARN_AT[1]
                        else "one more day is a change of placement and needs a manifestation determination"))
            reminders.extend(
                Reminder(user_id, Notification.Kind.DEADLINE,
                         f"{DAYS_PREFIX}:{s.pk}:{year}:{threshold}:{user_id}", title,
                         reverse("behavior:removals", args=[s.pk]), urgent=threshold >= WARN_AT[1],
                         student_id=s.pk)
                for user_id in _recipients(s, admins))
    resolve_settled(Notification.Kind.DEADLINE, DAYS_PREFIX, reminders)
    return reminders


def manifestation_sweep(today: dt.date) -> list[Reminder]:
    """Queries (9, however many students): the students removed this year (1), their
    placements (5), the administrators by school (1) when one needs a meeting or a pattern
    determination, resolving (1)."""
    students = students_removed(today, through_year_end=True)
    found = placements_for(students, today) if students else {}
    due = [(s, md) for s in students if (md := found[s.pk].change) is not None and md.needs_scheduling(today)]
    asking = [(s, run) for s in students if (run := found[s.pk].determination_needed) is not None]
    admins = school_admins_by_school() if due or asking else {}
    reminders: list[Reminder] = []
    for s, run in asking:
        title = (f"{s}: {run.total.normalize():f} school days of removal this school year by short "
                 f"removals — record whether they form a pattern (a change of placement; its "
                 f"manifestation determination would be due {run.due_by:%b} {run.due_by.day})")
        reminders.extend(
            Reminder(user_id, Notification.Kind.DEADLINE,
                     f"{MDR_PREFIX}:{s.pk}:{run.first.isoformat()}:pattern:{user_id}", title,
                     f"{reverse('behavior:removals', args=[s.pk])}#pattern-needed",
                     urgent=today > run.due_by, student_id=s.pk)
            for user_id in _recipients(s, admins))
    for s, md in due:
        late = md.late(today)
        if late:
            title = (f"{s}: the manifestation determination was due {md.due_by:%b} {md.due_by.day} "
                     f"and is not held — hold it now")
        elif md.meeting is not None:
            title = (f"{s}: the manifestation determination is set for {md.meeting.date:%b} "
                     f"{md.meeting.date.day}, after its due date {md.due_by:%b} {md.due_by.day} — move it")
        else:
            title = (f"{s}: removals are a change of placement — schedule the manifestation "
                     f"determination by {md.due_by:%b} {md.due_by.day}")
        reminders.extend(
            Reminder(user_id, Notification.Kind.DEADLINE,
                     f"{MDR_PREFIX}:{s.pk}:{md.decided_on.isoformat()}:{'late' if late else 'due'}:{user_id}",
                     title, reverse("behavior:removals", args=[s.pk]), urgent=late, student_id=s.pk)
            for user_id in _recipients(s, admins))
    resolve_settled(Notification.Kind.DEADLINE, MDR_PREFIX, reminders)
    return reminders
