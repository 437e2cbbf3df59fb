"""Writes for IEP meetings and the records the documentation checklist reads.

Keyword-only, atomic, validated. Invitations leave only after the transaction commits, so a
rolled-back change never reaches anyone's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from iep_portal.models import User
from iep_portal.timefmt import format_time
from meetings.models import (
    ConsentRecord,
    FollowUp,
    Meeting,
    MeetingAttendance,
    MeetingFamilyMember,
    MeetingInvitationSent,
    TransitionPlan,
    notice_lead_days,
)
from meetings.reminders import invitation_notices
from students.models import IEP, Enrollment, Student

# Changing any of these moves the event in people's calendars: a new SEQUENCE and an update.
CALENDAR_FIELDS = ("date", "start_time", "duration_minutes", "location", "video_link")


def eligible_invitees(iep: IEP) -> QuerySet[User]:
    """Staff who may be invited: the case manager, the team, the student's current teachers."""
    teaches = Enrollment.objects.current().filter(student=iep.student_id).values("section__teacher")
    return (
        User.objects.filter(
            Q(pk=iep.case_manager_id) | Q(team_memberships__iep=iep) | Q(pk__in=teaches),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def propose_annual_review_date(*, iep: IEP, today: dt.date) -> dt.date:
    """A school day comfortably before the annual review deadline, leaving time for the notice.

    Aims IEP_ANNUAL_REVIEW_PROPOSE_DAYS_BEFORE days before the deadline, never earlier than the
    notice lead time allows, and steps back over weekends and school closures.
    """
    due = iep.annual_review_due
    earliest = today + dt.timedelta(days=notice_lead_days())
    target = due - dt.timedelta(days=settings.IEP_ANNUAL_REVIEW_PROPOSE_DAYS_BEFORE)
    target = max(target, min(earliest, due))
    calendar = iep.student.school.calendar_on(target)
    instructional = calendar.instructional() if calendar else None

    def school_day(day: dt.date) -> bool:
        if instructional is not None and instructional.start <= day <= instructional.end:
            return instructional.is_instructional(day)
        return day.weekday() < 5

    day = target
    while not school_day(day) and day > earliest:
        day -= dt.timedelta(days=1)
    if not school_day(day):  # stepped back to the earliest day: look forward instead
        day = target
        while not school_day(day) and day < due:
            day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class FamilyInvite:
    name: str
    relationship: str
    preferred_language: str = "en"
    contact: str = ""


def _check_invitees(iep: IEP, invitees: Iterable[User]) -> list[User]:
    users = list(invitees)
    allowed = set(eligible_invitees(iep).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    strangers = [str(u) for u in users if u.pk not in allowed]
    if strangers:
        raise ValidationError(
            {"invitees": f"Only the student's team and teachers can be invited; not {', '.join(strangers)}."}
        )
    return users


def _replace_family(meeting: Meeting, family: Sequence[FamilyInvite]) -> None:
    meeting.family_members.all().delete()
    for invite in family:
        member = MeetingFamilyMember(
            meeting=meeting,
            name=invite.name.strip(),
            relationship=invite.relationship.strip(),
            preferred_language=invite.preferred_language,
            contact=invite.contact.strip(),
        )
        member.full_clean()
        member.save()


class AlreadyScheduled(ValidationError):
    """The same meeting (IEP, kind, day) is already on the calendar: `meeting` is it."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__(
            {
                "date": (
                    f"A {meeting.get_kind_display().lower()} meeting is already scheduled for "
                    f"{meeting.date:%A, %B %-d, %Y} at {format_time(meeting.start_time)}."
                )
            }
        )
        self.meeting = meeting


def same_meeting(*, iep: IEP, kind: str, date: dt.date, exclude_pk: int | None = None) -> Meeting | None:
    """The meeting of this kind already on this IEP's calendar that day (not cancelled)."""
    found = Meeting.objects.filter(iep=iep, kind=kind, date=date).exclude(status=Meeting.Status.CANCELLED)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


@transaction.atomic
def meeting_schedule(
    *,
    iep: IEP,
    by: User,
    kind: str,
    date: dt.date,
    start_time: dt.time,
    purpose: str,
    location: str = "",
    video_link: str = "",
    duration_minutes: int = 60,
    invitees: Iterable[User] = (),
    family: Sequence[FamilyInvite] = (),
    interpreter_needed: bool = False,
    interpreter_language: str = "",
) -> Meeting:
    """Put a meeting on the IEP's calendar and invite the staff (email with a calendar file)."""
    if not iep.is_active():
        raise ValidationError("Meetings can be scheduled only on the active IEP.")
    if date < timezone.localdate():
        raise ValidationError({"date": "A new meeting cannot be in the past."})
    users = _check_invitees(iep, invitees)
    if (earlier := same_meeting(iep=iep, kind=kind, date=date)) is not None:
        raise AlreadyScheduled(earlier)
    meeting = Meeting(
        iep=iep,
        kind=kind,
        date=date,
        start_time=start_time,
        purpose=purpose.strip(),
        location=location.strip(),
        video_link=video_link.strip(),
        duration_minutes=duration_minutes,
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language.strip(),
        created_by=by,
    )
    meeting.full_clean()
    with pghistory.context(user=by.pk, reason="meeting scheduled"):
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:  # saved at the same moment from another tab
            earlier = same_meeting(iep=iep, kind=kind, date=date)
            if earlier is None:
                raise
            raise AlreadyScheduled(earlier) from None
        meeting.invitees.set(users)
        _replace_family(meeting, family)
    invitation_notices(meeting=meeting, user_pks=[u.pk for u in users])
    pk = meeting.pk
    transaction.on_commit(lambda: meeting_invitations_send(meeting_pk=pk))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    invitees: Iterable[User] | None = None,
    family: Sequence[FamilyInvite] | None = None,
    **fields: object,
) -> Meeting:
    """Change a scheduled meeting. Moving it (date, time, place) keeps its calendar identity,
    raises its sequence and sends everyone the update; dropped invitees get a cancellation.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be changed.")
    before = {name: getattr(meeting, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        if name not in {"kind", "purpose", "interpreter_needed", "interpreter_language", *CALENDAR_FIELDS}:
            raise TypeError(f"meeting_update() cannot change {name!r}")
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    moved = any(getattr(meeting, name) != before[name] for name in CALENDAR_FIELDS)
    if (
        earlier := same_meeting(iep=meeting.iep, kind=meeting.kind, date=meeting.date, exclude_pk=meeting.pk)
    ) is not None:
        raise AlreadyScheduled(earlier)
    if moved and meeting.date < timezone.localdate():
        raise ValidationError({"date": "A meeting cannot be moved into the past."})
    if moved:
        meeting.sequence += 1
        if meeting.date != before["date"] and meeting.notice_sent_on:
            # The family was told the old date; the checklist asks for a notice of the new one.
            meeting.notice_sent_on, meeting.notice_method = None, ""
            meeting.notice_recorded_by = None
    meeting.full_clean()
    old_users = set(meeting.invitees.values_list("pk", flat=True))
    with pghistory.context(user=by.pk, reason="meeting rescheduled" if moved else "meeting changed"):
        meeting.save()
        if invitees is not None:
            users = _check_invitees(meeting.iep, invitees)
            meeting.invitees.set(users)
        if family is not None:
            _replace_family(meeting, family)
    new_users = set(meeting.invitees.values_list("pk", flat=True))
    pk = meeting.pk
    dropped = sorted(old_users - new_users)
    added = sorted(new_users - old_users)
    invitation_notices(meeting=meeting, user_pks=sorted(new_users) if moved else added)
    invitation_notices(meeting=meeting, user_pks=dropped, cancelled=True)
    if moved:
        transaction.on_commit(lambda: meeting_invitations_send(meeting_pk=pk))
    elif added:
        transaction.on_commit(lambda: meeting_invitations_send(meeting_pk=pk, user_pks=added))
    if dropped:
        transaction.on_commit(
            lambda: meeting_invitations_send(meeting_pk=pk, user_pks=dropped, method="CANCEL")
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    """Call off a scheduled meeting; invitees' calendars drop the event."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    with pghistory.context(user=by.pk, reason="meeting cancelled"):
        meeting.save(update_fields=["status", "sequence"])
    invitation_notices(
        meeting=meeting, user_pks=list(meeting.invitees.values_list("pk", flat=True)), cancelled=True
    )
    pk = meeting.pk
    transaction.on_commit(lambda: meeting_invitations_send(meeting_pk=pk, method="CANCEL"))
    return meeting


@transaction.atomic
def meeting_notice_record(*, meeting: Meeting, by: User, sent_on: dt.date, method: str) -> Meeting:
    """Record that the family was sent the meeting notice, when and how."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    meeting.notice_sent_on, meeting.notice_method, meeting.notice_recorded_by = sent_on, method, by
    meeting.full_clean()
    with pghistory.context(user=by.pk, reason="family notice recorded"):
        meeting.save(update_fields=["notice_sent_on", "notice_method", "notice_recorded_by"])
    return meeting


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    role: str
    status: str
    user: User | None = None
    family_member: MeetingFamilyMember | None = None
    note: str = ""


@transaction.atomic
def meeting_attendance_record(
    *,
    meeting: Meeting,
    by: User,
    rows: Sequence[AttendanceRow],
    outcome: str,
) -> Meeting:
    """Record who came (and who was excused) and what the meeting decided. Replaces any
    earlier record of the same meeting; the history keeps the earlier one.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    if meeting.date > timezone.localdate():
        raise ValidationError("Attendance can be recorded once the meeting has taken place.")
    if not outcome:
        raise ValidationError({"outcome": "Choose what the meeting decided."})
    if not any(row.status == MeetingAttendance.Status.ATTENDED for row in rows):
        raise ValidationError("Mark at least one person as attending.")
    for row in rows:
        if row.status == MeetingAttendance.Status.EXCUSED and row.user is None:
            raise ValidationError("Only staff members can be excused.")
    with pghistory.context(user=by.pk, reason="meeting attendance recorded"):
        meeting.attendance.all().delete()
        for row in rows:
            record = MeetingAttendance(
                meeting=meeting,
                user=row.user,
                family_member=row.family_member,
                name=row.name,
                role=row.role,
                status=row.status,
                note=row.note.strip(),
            )
            record.full_clean()
            record.save()
        meeting.status = Meeting.Status.HELD
        meeting.outcome = outcome
        meeting.attendance_recorded_at = timezone.now()
        meeting.attendance_recorded_by = by
        meeting.full_clean()
        meeting.save(
            update_fields=[
                "status",
                "outcome",
                "attendance_recorded_at",
                "attendance_recorded_by",
            ]
        )
    return meeting


@transaction.atomic
def follow_up_add(
    *,
    meeting: Meeting,
    by: User,
    owner: User,
    description: str,
    due_on: dt.date,
) -> FollowUp:
    """Give a named person something to do after the meeting; it shows on their My day."""
    if not eligible_invitees(meeting.iep).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": f"{owner} is not on this student's team."})
    follow_up = FollowUp(meeting=meeting, owner=owner, description=description.strip(), due_on=due_on)
    follow_up.full_clean()
    if due_on < meeting.date:
        raise ValidationError({"due_on": "A follow-up is due after the meeting."})
    with pghistory.context(user=by.pk, reason="follow-up added"):
        follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, by: User) -> FollowUp:
    """Mark a follow-up done. Marking it twice changes nothing (the first stays on record)."""
    with pghistory.context(user=by.pk, reason="follow-up done"):
        FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=by
        )
    follow_up.refresh_from_db()
    return follow_up


@transaction.atomic
def consent_record(
    *,
    student: Student,
    by: User,
    received_on: dt.date,
    given_by: str,
    kind: str = ConsentRecord.Kind.SERVICES,
) -> ConsentRecord:
    """Record that the school received a parent's signed consent."""
    consent = ConsentRecord(
        student=student, kind=kind, received_on=received_on, given_by=given_by.strip(), recorded_by=by
    )
    consent.full_clean()
    with pghistory.context(user=by.pk, reason="parent consent recorded"):
        consent.save()
    return consent


@transaction.atomic
def transition_plan_record(
    *,
    iep: IEP,
    by: User,
    completed_on: dt.date,
    summary: str = "",
) -> TransitionPlan:
    """Record (or update) the IEP's transition plan."""
    plan = TransitionPlan.objects.filter(iep=iep).first() or TransitionPlan(iep=iep, recorded_by=by)
    plan.completed_on, plan.summary, plan.recorded_by = completed_on, summary.strip(), by
    plan.full_clean()
    with pghistory.context(user=by.pk, reason="transition plan recorded"):
        plan.save()
    return plan


def _claim_invitation(meeting: Meeting, user: User, method: str) -> bool:
    """True if this invitee's email for this version of the meeting is ours to send. Sending
    the opposite (an invitation after a cancellation, or the reverse) frees that one again."""
    with transaction.atomic():
        _row, created = MeetingInvitationSent.objects.get_or_create(
            meeting=meeting, user=user, sequence=meeting.sequence, method=method
        )
        if created:
            MeetingInvitationSent.objects.filter(
                meeting=meeting, user=user, sequence=meeting.sequence
            ).exclude(method=method).delete()
    return created


def meeting_invitations_send(
    *,
    meeting_pk: int,
    user_pks: Sequence[int] | None = None,
    method: str = "REQUEST",
) -> int:
    """Email the meeting's calendar file to its invitees (or to `user_pks`); returns how many.

    The notification centre calls this (or its own channel) for in-app notices; it reads the
    meeting afresh, so it is safe to call after commit, from a task, or twice: each invitee
    gets one email per version (SEQUENCE) and method of the meeting (MeetingInvitationSent).
    """
    from meetings.ics import meeting_calendar

    meeting = (
        Meeting.objects.select_related("iep__student", "iep__case_manager").filter(pk=meeting_pk).first()
    )
    if meeting is None:
        return 0
    if user_pks is None:
        recipients = list(meeting.invitees.all())
    else:
        recipients = list(User.objects.filter(pk__in=user_pks))
    recipients = [u for u in recipients if u.email and u.is_active]
    # Claim each (meeting, invitee, sequence, method) before sending: a retry, a second save
    # or a second worker finds it claimed and sends nothing. A crash after the claim loses one
    # email, never sends two.
    recipients = [u for u in recipients if _claim_invitation(meeting, u, method)]
    if not recipients:
        return 0
    ics = meeting_calendar(meeting, method=method)
    student = meeting.iep.student
    link = settings.SITE_URL + reverse("meetings:meeting_detail", args=[student.pk, meeting.pk])
    when = f"{meeting.date:%A, %B %-d, %Y} at {format_time(meeting.start_time)}"
    if method == "CANCEL":
        subject = f"Cancelled: IEP meeting ({meeting.get_kind_display()}) on {meeting.date:%b %-d}"
        body = f"The IEP meeting on {when} is cancelled or you are no longer invited.\n\n{link}\n"
    elif meeting.sequence:
        subject = f"Updated: IEP meeting ({meeting.get_kind_display()}) on {meeting.date:%b %-d}"
        body = f"The IEP meeting has changed. It is now on {when}.\n\nDetails: {link}\n"
    else:
        subject = f"IEP meeting ({meeting.get_kind_display()}) on {meeting.date:%b %-d}"
        body = f"You are invited to an IEP meeting on {when}.\n\nDetails: {link}\n"
    messages = []
    for user in recipients:
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        message.attach("meeting.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        messages.append(message)
    get_connection().send_messages(messages)
    return len(messages)
