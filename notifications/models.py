"""Notifications: one reminder per person and purpose, digests, sweep runs and the outbox.

Reminders live here as rows; Celery only carries work (see notifications/sweeps.py and
notifications/outbox.py). The tables keep the names they had under iep_portal.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iep_portal.timefmt import format_datetime


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True, resolved_at__isnull=True)

    def unsent(self) -> NotificationQuerySet:
        """Waiting for email: not yet in a digest, not muted, not resolved meanwhile."""
        return self.filter(emailed_at__isnull=True, muted=False, resolved_at__isnull=True)


class Notification(models.Model):
    """One reminder for one person, in the app and (gathered into a digest) by email.

    `dedupe_key` names the reminder's purpose — kind, subject and period, e.g.
    `minutes-behind:<requirement>:<week>` — and is unique, so a retried sweep, a second
    beat tick or two workers never create it twice.
    """

    class Kind(models.TextChoices):
        MINUTES_BEHIND = "minutes_behind", _("Service minutes behind")
        MINUTES_OWED = "minutes_owed", _("Minutes owed not made up")
        DATA_STALE = "data_stale", _("Goal data due")
        DATA_REQUEST = "data_request", _("Data request")
        CHECKS_MISSING = "checks_missing", _("Accommodation check-offs missing")
        UNACKNOWLEDGED = "unacknowledged", _("IEP changes not acknowledged")
        DEADLINE = "deadline", _("IEP deadline")
        FAMILY_CONTACT = "family_contact", _("Family contact due")
        MEETING = "meeting", _("IEP meeting")
        FOLLOW_UP = "follow_up", _("Meeting follow-up")
        DECISION_DUE = "decision_due", _("Goal decision due")
        FAMILY_MESSAGE = "family_message", _("Message from a family")

    # Kinds a person may mute: everything except what the law requires of them.
    MUTABLE_KINDS: ClassVar[set[str]] = {Kind.FAMILY_CONTACT, Kind.MEETING}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    dedupe_key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text=_("Where the work is done."))
    # The student the reminder is about, if any: the centre and the digest show it only while
    # the recipient may still see that student (notifications.access.register_student_scope).
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    urgent = models.BooleanField(default=False)
    muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when the work was done before anyone read it.")
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "iep_portal_notification"  # the table it had before moving to this app
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "created_at"], name="notification_unread",
                condition=models.Q(read_at__isnull=True, resolved_at__isnull=True),
            ),
            models.Index(
                fields=["user"], name="notification_unsent",
                condition=models.Q(emailed_at__isnull=True, muted=False, resolved_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DigestPreference(models.TextChoices):
    DAILY = "daily", _("Every school day")
    WEEKLY = "weekly", _("Once a week (Monday)")


class NotificationSettings(models.Model):
    """A person's choices: how often the email digest comes, which optional kinds are muted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest = models.CharField(max_length=10, choices=DigestPreference.choices, default=DigestPreference.DAILY)
    muted_kinds = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "iep_portal_notificationsettings"  # the table it had before moving to this app

    def __str__(self) -> str:
        return f"{self.user}: {self.digest}"


class Digest(models.Model):
    """One email per person per period. Created (claimed) before sending: a crash loses one
    digest, never sends two."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40, help_text=_("e.g. 2026-11-18 or 2026-W47"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "iep_portal_digest"  # the table it had before moving to this app
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"Digest {self.period} for {self.user}"


class SweepRun(models.Model):
    """When a reminder sweep ran and what it found, for administrators."""

    name = models.CharField(max_length=60)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        db_table = "iep_portal_sweeprun"  # the table it had before moving to this app
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["name", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.name} at {format_datetime(self.started_at)}"


class OutboxMessage(models.Model):
    """A task to publish, written in the same transaction as the change that caused it.

    The web request never talks to the broker: the relay (a beat task) publishes these rows
    and marks them; while the broker is down they wait, and nothing is lost.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, help_text=_("Primary keys only, never student data."))
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "iep_portal_outboxmessage"  # the table it had before moving to this app
        indexes = [
            models.Index(fields=["created_at"], name="outbox_pending",
                         condition=models.Q(published_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
