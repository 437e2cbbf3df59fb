"""Overdue legal deadlines, told to administrators in their own terms (see notifications.sweeps).

The case manager hears of each student's deadline (students.reminders, progress.reminders);
an administrator hears of the count: one reminder per school and kind for the school's
administrators ("3 progress reports at Lincoln Middle School are overdue"), one per kind
for the district administrator ("29 annual reviews are overdue in 6 schools"), each opening
the compliance deadlines list filtered to exactly those items. The dates are
`students.checklist.deadlines_for`'s (through fidelity.deadlines), the one function every page
calls. One reminder per recipient, school and kind a week while anything stays overdue; the
week's reminder is resolved once nothing of that kind is overdue there any more.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fidelity.deadlines import OverdueGroup, overdue_by_kind, overdue_for_ieps
from iep_portal.models import User
from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from students.models import IEP
from students.reminders import school_admins_by_school

PREFIX = "admin-deadlines"


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _reminder(user_id: int, group: OverdueGroup, where: str, week: str) -> Reminder:
    return Reminder(
        user_id, Notification.Kind.DEADLINE, f"{PREFIX}:{where}:{group.kind}:{week}:{user_id}",
        group.title, f"{reverse('fidelity:deadlines')}?{group.query}",
        body=f"{group.title[0].upper()}{group.title[1:]}; {group.detail}.", urgent=True,
    )


def admin_deadline_sweep(today: dt.date) -> list[Reminder]:
    """Queries: the active IEPs (1), deadlines_for's, school and district administrators (2),
    resolving what is settled (2)."""
    groups = overdue_for_ieps(IEP.objects.active().filter(student__active=True), today)
    admins = school_admins_by_school()
    directors = list(User.objects.filter(role=User.Role.DISTRICT_ADMIN, is_active=True)
                     .values_list("pk", flat=True))
    week = _week(today)
    reminders = [_reminder(admin_id, group, str(group.school_id), week)
                 for group in groups for admin_id in admins.get(group.school_id or 0, [])]
    reminders += [_reminder(director, group, "all", week)
                  for group in overdue_by_kind(groups) for director in directors]
    resolve_settled(Notification.Kind.DEADLINE, PREFIX, reminders)
    # Administrators once had a copy of each student's reminder; these counts replace them.
    Notification.objects.filter(kind=Notification.Kind.DEADLINE, dedupe_key__contains=":admin:",
                                resolved_at__isnull=True).update(resolved_at=timezone.now())
    return reminders
