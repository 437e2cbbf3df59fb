"""Reminders for IEP meetings (see notifications.sweeps); the sweeps register on import.

- Follow-ups past their due date remind their owner, once; done ones are resolved by the
  next sweep.
- An annual-review meeting whose family notice is not recorded reminds the case manager
  IEP_MEETING_NOTICE_WARN_DAYS before the notice is due (the meeting date less
  IEP_MEETING_NOTICE_LEAD_DAYS), and again, urgent, once it is late. Per meeting and
  sequence, so a moved meeting asks afresh; recording the notice resolves it.
- `invitation_notices` puts a "meeting" notification in each invitee's centre when a meeting
  is scheduled, moved or called off (meetings.actions calls it in the same
  transaction as the change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from iep_portal.timefmt import format_time
from meetings.models import FollowUp, Meeting, notice_lead_days
from notifications.models import Notification
from notifications.notify import Reminder, remind_many, resolve_settled
from notifications.sweeps import register_sweep
from students.models import IEP

FOLLOW_UP_PREFIX = "follow-up"
NOTICE_PREFIX = "meeting-notice"
INVITE_PREFIX = "meeting"



def _detail(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:meeting_detail", args=[meeting.iep.student_id, meeting.pk]) + anchor


def follow_up_sweep(today: dt.date) -> list[Reminder]:
    """Queries (2): open follow-ups past due with their meetings and students (1), resolving
    what is settled (1)."""
    reminders = [
        Reminder(
            item.owner_id, Notification.Kind.FOLLOW_UP, f"{FOLLOW_UP_PREFIX}:{item.pk}:{item.owner_id}",
            f"{item.meeting.iep.student}: meeting follow-up was due {item.due_on:%b %-d} — "
            f"{item.description}",
            _detail(item.meeting, "#followups-heading"), student_id=item.meeting.iep.student_id,
        )
        for item in FollowUp.objects.open()
        .filter(due_on__lt=today, meeting__iep__status=IEP.Status.ACTIVE)
        .select_related("meeting", "meeting__iep", "meeting__iep__student")
    ]
    resolve_settled(Notification.Kind.FOLLOW_UP, FOLLOW_UP_PREFIX, reminders)
    return reminders


def notice_sweep(today: dt.date) -> list[Reminder]:
    """Queries (2): scheduled annual-review meetings without a recorded notice whose notice
    is due soon or late (1), resolving what is settled (1)."""
    lead = notice_lead_days()
    latest = today + dt.timedelta(days=lead + settings.IEP_MEETING_NOTICE_WARN_DAYS)
    reminders = []
    for meeting in (
        Meeting.objects.filter(kind=Meeting.Kind.ANNUAL_REVIEW, status=Meeting.Status.SCHEDULED,
                               notice_sent_on__isnull=True, date__gte=today, date__lte=latest,
                               iep__status=IEP.Status.ACTIVE)
        .select_related("iep", "iep__student")
    ):
        student, due = meeting.iep.student, meeting.notice_due_by
        late = today > due
        title = (f"{student}: the family notice for the annual review on {meeting.date:%b %-d} is "
                 f"late (due {due:%b %-d}) — send it now or move the meeting" if late
                 else f"{student}: send the family notice for the annual review on "
                      f"{meeting.date:%b %-d} by {due:%b %-d}")
        reminders.append(Reminder(
            meeting.iep.case_manager_id, Notification.Kind.DEADLINE,
            f"{NOTICE_PREFIX}:{meeting.pk}:{meeting.sequence}:{'late' if late else 'due'}",
            title, reverse("meetings:meeting_notice", args=[student.pk, meeting.pk]), urgent=late,
            student_id=student.pk,
        ))
    resolve_settled(Notification.Kind.DEADLINE, NOTICE_PREFIX, reminders)
    return reminders


def invitation_notices(*, meeting: Meeting, user_pks: Sequence[int], cancelled: bool = False) -> int:
    """A notification for each of `user_pks` about this meeting as it now stands; their older
    notices of it are resolved. Idempotent per meeting, sequence and person. Returns how many
    are new. Queries: the old notices (1), then remind_many (3)."""
    if not user_pks:
        return 0
    student = meeting.iep.student
    label = meeting.get_kind_display().lower()
    when = f"{meeting.date:%a %b %-d} at {format_time(meeting.start_time)}"
    if cancelled:
        title, suffix = f"{student}: the IEP meeting ({label}) on {when} is off for you", ":cancel"
    elif meeting.sequence:
        title, suffix = f"{student}: IEP meeting ({label}) moved to {when}", ""
    else:
        title, suffix = f"{student}: you are invited to an IEP meeting ({label}) on {when}", ""
    reminders = [
        Reminder(user_pk, Notification.Kind.MEETING,
                 f"{INVITE_PREFIX}:{meeting.pk}:{meeting.sequence}:{user_pk}{suffix}", title,
                 _detail(meeting), student_id=student.pk)
        for user_pk in user_pks
    ]
    Notification.objects.filter(
        kind=Notification.Kind.MEETING, user_id__in=list(user_pks),
        dedupe_key__startswith=f"{INVITE_PREFIX}:{meeting.pk}:", resolved_at__isnull=True,
    ).exclude(dedupe_key__in=[r.key for r in reminders]).update(resolved_at=timezone.now())
    return remind_many(reminders)


def register() -> None:
    register_sweep("meeting_follow_ups", follow_up_sweep)
    register_sweep("meeting_notices", notice_sweep)
