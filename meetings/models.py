"""IEP meetings, the family notice, attendance, follow-ups, and the records the
documentation checklist reads (parent consent, transition plan).

The tables keep the names they had under the students app.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.languages import family_languages

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from iep_portal.models import User

__all__ = [
    "ConsentRecord",
    "FollowUp",
    "Meeting",
    "MeetingAttendance",
    "MeetingFamilyMember",
    "TransitionPlan",
    "notice_lead_days",
]


def notice_lead_days() -> int:
    """The district's minimum number of days between the family notice and the meeting."""
    return int(getattr(settings, "IEP_MEETING_NOTICE_LEAD_DAYS", 10))


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def current(self) -> MeetingQuerySet:
        """Meetings that are scheduled or were held (not cancelled)."""
        return self.exclude(status=Meeting.Status.CANCELLED)

    def upcoming(self, today: dt.date) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.SCHEDULED, date__gte=today)

    def for_user(self, user: User) -> MeetingQuerySet:
        """Meetings this person is invited to or runs as case manager (active IEPs only)."""
        return self.filter(Q(invitees=user) | Q(iep__case_manager=user), iep__status="active").distinct()


@tracked(event_table="students_meetingevent")
class Meeting(models.Model):
    """An IEP team meeting: who is invited, when and where, the notice, and what came of it.

    `uid` and `sequence` are the calendar event's identity: a reschedule keeps the uid and
    raises the sequence, so calendars update the event instead of adding a second one.
    """

    class Kind(models.TextChoices):
        ANNUAL_REVIEW = "annual_review", _("Annual review")
        AMENDMENT = "amendment", _("Amendment")
        REEVALUATION = "reevaluation", _("Reevaluation / eligibility")
        TRANSITION = "transition", _("Transition planning")
        # Within 10 school days of a disciplinary change of placement (34 CFR 300.530(e)).
        MANIFESTATION = "manifestation", _("Manifestation determination")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class NoticeMethod(models.TextChoices):
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")

    class Outcome(models.TextChoices):
        NEW_IEP = "new_iep", _("New IEP")
        AMENDMENT = "amendment", _("Amendment to the IEP")
        NO_CHANGE = "no_change", _("No change")

    iep = models.ForeignKey("students.IEP", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    purpose = models.TextField()
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meeting_invitations",
        help_text=_("Staff invited to the meeting."),
    )
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    notice_method = models.CharField(max_length=10, choices=NoticeMethod.choices, blank=True)
    notice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        db_table = "students_meeting"  # the table it had before moving to this app
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["iep", "-date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_sent_on__isnull=True) | ~Q(notice_method=""),
                name="meeting_notice_has_method",
                violation_error_message=_("Say how the notice was sent."),
            ),
            models.CheckConstraint(
                condition=Q(notice_sent_on__isnull=True) | Q(notice_sent_on__lte=models.F("date")),
                name="meeting_notice_before_meeting",
                violation_error_message=_("The notice must go out on or before the meeting day."),
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | ~Q(outcome=""),
                name="meeting_held_has_outcome",
                violation_error_message=_("A held meeting needs an outcome."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="meeting_duration_sane",
                violation_error_message=_("A meeting lasts between 5 minutes and 8 hours."),
            ),
            # A second tab or a retried save must not put the same meeting on the calendar twice.
            models.UniqueConstraint(
                fields=["iep", "kind", "date"],
                condition=~Q(status="cancelled"),
                name="meeting_once_per_kind_and_day",
                violation_error_message=_("A meeting of this kind is already scheduled on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not self.location.strip() and not self.video_link.strip():
            errors["location"] = _("Give a place or a video link so the family knows where to go.")
        if self.interpreter_needed and not self.interpreter_language.strip():
            errors["interpreter_language"] = _("Which language does the interpreter need?")
        if self.notice_sent_on and self.date and self.notice_sent_on > self.date:
            errors["notice_sent_on"] = _("The notice must go out on or before the meeting day.")
        if self.notice_sent_on and self.notice_sent_on > timezone.localdate():
            errors["notice_sent_on"] = _("A notice cannot be recorded as sent in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time, tzinfo=timezone.get_current_timezone())

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def notice_due_by(self) -> dt.date:
        """The last day the family notice can go out and still meet the district's lead time."""
        return self.date - dt.timedelta(days=notice_lead_days())

    def warnings(self, today: dt.date) -> list[str]:
        """Plain-language problems with this meeting's timing (shown, never blocking)."""
        found: list[str] = []
        if self.status == self.Status.CANCELLED:
            return found
        lead = notice_lead_days()
        if (
            self.kind == self.Kind.ANNUAL_REVIEW
            and self.iep.annual_review_due
            and self.date > self.iep.annual_review_due
        ):
            found.append(
                _("This date is after the annual review deadline (%(due)s). Hold the review by then.")
                % {"due": self.iep.annual_review_due.strftime("%b %-d, %Y")}
            )
        if self.notice_sent_on is not None:
            given = (self.date - self.notice_sent_on).days
            if given < lead:
                found.append(
                    _(
                        "The family notice went out %(given)s days before the meeting; the district "
                        "asks for at least %(lead)s."
                    )
                    % {"given": given, "lead": lead}
                )
        elif self.status == self.Status.SCHEDULED and today > self.notice_due_by:
            found.append(
                _(
                    "The family notice is late: it should have gone out by %(day)s (%(lead)s days "
                    "before the meeting). Send it now or move the meeting."
                )
                % {"day": self.notice_due_by.strftime("%b %-d, %Y"), "lead": lead}
            )
        return found


@tracked(event_table="students_meetingfamilymemberevent")
class MeetingFamilyMember(models.Model):
    """A family member invited to a meeting (families are not users)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=60, help_text=_("e.g. Mother, Grandfather, Guardian"))
    preferred_language = models.CharField(
        max_length=5,
        choices=family_languages,
        default="en",
    )
    contact = models.CharField(max_length=200, blank=True, help_text=_("Phone or email."))

    class Meta:
        db_table = "students_meetingfamilymember"  # the table it had before moving to this app
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


@tracked(event_table="students_meetingattendanceevent")
class MeetingAttendance(models.Model):
    """Who came to a held meeting, in what role, and who was excused."""

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        EXCUSED = "excused", _("Excused (agreed in writing)")
        ABSENT = "absent", _("Did not attend")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family_member = models.ForeignKey(
        MeetingFamilyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=160)
    role = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "students_meetingattendance"  # the table it had before moving to this app
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_user_once"),
            models.UniqueConstraint(fields=["meeting", "family_member"], name="attendance_family_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_at__isnull=True)


@tracked(event_table="students_followupevent")
class FollowUp(models.Model):
    """Something a named person agreed to do after a meeting, by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_follow_ups"
    )
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        db_table = "students_followup"  # the table it had before moving to this app
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["owner", "due_on"], condition=Q(done_at__isnull=True), name="follow_up_open_by_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


@tracked(event_table="students_consentrecordevent")
class ConsentRecord(models.Model):
    """A parent's written consent, as received by the school."""

    class Kind(models.TextChoices):
        SERVICES = "services", _("Consent for special-education services")
        EVALUATION = "evaluation", _("Consent for evaluation")

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SERVICES)
    received_on = models.DateField()
    given_by = models.CharField(max_length=120, help_text=_("The parent or guardian who signed."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "students_consentrecord"  # the table it had before moving to this app
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on})"

    def clean(self) -> None:
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError({"received_on": _("Consent cannot be received in the future.")})


@tracked(event_table="students_transitionplanevent")
class TransitionPlan(models.Model):
    """The IEP's postsecondary transition plan is on file (required from age 16)."""

    iep = models.OneToOneField("students.IEP", on_delete=models.CASCADE, related_name="transition_plan")
    completed_on = models.DateField()
    summary = models.TextField(blank=True, help_text=_("Postsecondary goals, in a sentence or two."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "students_transitionplan"  # the table it had before moving to this app

    def __str__(self) -> str:
        return f"Transition plan ({self.completed_on})"

    def clean(self) -> None:
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("The plan cannot be completed in the future.")})


class MeetingInvitationSent(models.Model):
    """The ledger of invitation emails: one row per meeting, invitee, calendar sequence and
    method (REQUEST or CANCEL), claimed before the email leaves, so a retried send, a
    second save or a second worker never invites anyone twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations_sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    method = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "sequence", "method"], name="meeting_invitation_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} of meeting {self.meeting_id} (#{self.sequence}) to {self.user_id}"
