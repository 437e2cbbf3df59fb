"""Reminder sweep for transfers in (see notifications.sweeps): the clock is the row's `due_on`.

REMIND_DAYS_BEFORE days before it, the interim IEP's case manager is reminded once; once it
has passed, the case manager and the school's administrators are reminded (urgent), once each.
Keys name the transfer, its due date and the person, so a second run or a retry sends nothing
new. A closed transfer is settled when it closes and by the next sweep.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from students.models import IEP
from students.reminders import school_admins_by_school
from transfers.actions import REMINDER_PREFIX
from transfers.models import TransferIn

REMIND_DAYS_BEFORE = 7


def days_left(transfer: TransferIn, today: dt.date) -> int:
    return (transfer.due_on - today).days


def transfer_sweep(today: dt.date) -> list[Reminder]:
    """Queries (3, however many transfers): open transfers due within the week, with student and
    interim IEP (1); the administrators by school (1), only when one is overdue; resolving (1)."""
    rows = list(
        TransferIn.objects.open()
        .filter(due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
                interim_iep__status=IEP.Status.ACTIVE, student__active=True)
        .select_related("student", "interim_iep")
    )
    admins = school_admins_by_school() if any(t.due_on < today for t in rows) else {}
    reminders: list[Reminder] = []
    for t in rows:
        url = reverse("transfers:detail", args=[t.student_id])
        left = days_left(t, today)
        what = "adopt the sending IEP or write a new one" if t.in_state else "write a new IEP"
        if left >= 0:
            reminders.append(Reminder(
                t.interim_iep.case_manager_id, Notification.Kind.DEADLINE,
                f"{REMINDER_PREFIX}:{t.pk}:{t.due_on.isoformat()}:soon:{t.interim_iep.case_manager_id}",
                f"{t.student}'s interim services end {t.due_on:%b %-d} ({left} days): {what}",
                url, student_id=t.student_id,
            ))
            continue
        for user_id in dict.fromkeys([t.interim_iep.case_manager_id, *admins.get(t.student.school_id, [])]):
            reminders.append(Reminder(
                user_id, Notification.Kind.DEADLINE,
                f"{REMINDER_PREFIX}:{t.pk}:{t.due_on.isoformat()}:overdue:{user_id}",
                f"{t.student} transferred in {t.enrolled_on:%b %-d}: the IEP was due {t.due_on:%b %-d} "
                f"and is {-left} days late — {what}",
                url, urgent=True, student_id=t.student_id,
            ))
    resolve_settled(Notification.Kind.DEADLINE, REMINDER_PREFIX, reminders)
    return reminders
