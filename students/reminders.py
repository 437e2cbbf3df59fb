"""Reminder sweeps for IEP deadlines and family contact (see notifications.sweeps).

Deadlines — annual review and reevaluation, dated by students.checklist.iep_deadlines — remind
the case manager at each threshold in IEP_DEADLINE_WARN_DAYS (30, 14, 7 days) and when
overdue (urgent). Administrators hear of overdue deadlines as counts per school and kind,
in their own words (fidelity.reminders), not as one reminder per student.
Family contact: no logged contact within the IEP's contact interval reminds the case manager.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from iep_portal.models import User
from notifications.models import Notification
from notifications.notify import Reminder
from students.checklist import iep_deadlines
from students.models import IEP, ParentContact


def threshold_for(days_left: int, warn_days: list[int]) -> str | None:
    """The threshold crossed: 'overdue', or the smallest warning day count >= days_left."""
    if days_left < 0:
        return "overdue"
    crossed = [d for d in sorted(warn_days) if days_left <= d]
    return str(crossed[0]) if crossed else None


def school_admins_by_school() -> dict[int, list[int]]:
    """School id -> ids of its active administrators (one query)."""
    through = User.schools.through
    admins: dict[int, list[int]] = defaultdict(list)
    for school_id, user_id in through.objects.filter(
        user__role=User.Role.SCHOOL_ADMIN, user__is_active=True
    ).values_list("school_id", "user_id"):
        admins[school_id].append(user_id)
    return admins


def deadline_sweep(today: dt.date) -> list[Reminder]:
    """Queries: the IEPs with a deadline inside the window (1)."""
    warn = settings.IEP_DEADLINE_WARN_DAYS
    horizon = today + dt.timedelta(days=max(warn))
    rows = list(
        IEP.objects.active()
        .filter(student__active=True)
        .select_related("student")
        .only("pk", "case_manager_id", "annual_review_due", "reevaluation_due", "last_evaluation_date",
              "student__first_name", "student__last_name", "student__preferred_name",
              "student__school_id")
    )
    reminders: list[Reminder] = []
    for iep in rows:
        url = reverse("students:detail", args=[iep.student_id])
        for deadline in iep_deadlines(iep):  # the same dates the checklist and deadlines list show
            kind, label, due = deadline.key, deadline.label, deadline.due
            if due > horizon:
                continue
            threshold = threshold_for((due - today).days, warn)
            if threshold is None:
                continue
            overdue = threshold == "overdue"
            title = (f"{label} for {iep.student} was due {due:%b %-d}" if overdue
                     else f"{label} for {iep.student} is due {due:%b %-d} ({(due - today).days} days)")
            key = f"deadline:{kind}:{iep.pk}:{due.isoformat()}:{threshold}"
            reminders.append(Reminder(iep.case_manager_id, Notification.Kind.DEADLINE, key,
                                      title, url, urgent=overdue, student_id=iep.student_id))
    return reminders


def family_contact_sweep(today: dt.date) -> list[Reminder]:
    """Queries: active IEPs with their last family contact date (1)."""
    last_contact = (
        ParentContact.objects.filter(student=OuterRef("student_id"))
        .values("student_id").annotate(last=Max("contacted_on")).values("last")
    )
    reminders = []
    for iep in IEP.objects.active().filter(student__active=True).select_related("student").annotate(
        last_contact=Subquery(last_contact)
    ):
        since = iep.last_contact or iep.start_date  # type: ignore[attr-defined]
        if (today - since).days <= iep.family_contact_interval_days:
            continue
        reminders.append(Reminder(
            iep.case_manager_id, Notification.Kind.FAMILY_CONTACT,
            f"family-contact:{iep.student_id}:{since.isoformat()}",
            f"No family contact for {iep.student} since {since:%b %-d}",
            reverse("students:detail", args=[iep.student_id]) + "#contacts-heading",
            student_id=iep.student_id,
        ))
    return reminders
