"""Staff accounts and the access log.

Families are not users in this release; every account is a member of staff whose role
decides the default page and, with their relationships to students, what they may see.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pgtrigger
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from iep_portal.timefmt import format_datetime


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Every account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            # Invited and rostered accounts have no password until the person sets one.
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.DISTRICT_ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A member of staff. Signs in with an email address."""

    class Role(models.TextChoices):
        DISTRICT_ADMIN = "district_admin", _("District administrator")
        SCHOOL_ADMIN = "school_admin", _("School administrator")
        CASE_MANAGER = "case_manager", _("Case manager (special education)")
        GEN_ED_TEACHER = "gen_ed_teacher", _("General-education teacher")
        PROVIDER = "provider", _("Related-service provider")

    ADMIN_ROLES: ClassVar[set[str]] = {Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN}

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.GEN_ED_TEACHER)
    title = models.CharField(
        max_length=80, blank=True, help_text=_("Job title, e.g. Speech-language pathologist.")
    )
    phone = models.CharField(max_length=40, blank=True)
    schools = models.ManyToManyField(
        "students.School",
        blank=True,
        related_name="staff",
        help_text=_("Schools this person works at. A school administrator administers these."),
    )
    sourced_id = models.CharField(
        max_length=255, blank=True, help_text=_("Identifier from the roster import.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # stubs expect auth.UserManager

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="user_unique_sourced_id",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_district_admin(self) -> bool:
        return self.role == self.Role.DISTRICT_ADMIN

    @property
    def is_school_admin(self) -> bool:
        return self.role == self.Role.SCHOOL_ADMIN

    @property
    def is_admin_role(self) -> bool:
        return self.role in self.ADMIN_ROLES


@pgtrigger.register(
    pgtrigger.Protect(name="access_log_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class AccessLog(models.Model):
    """One read (or export) of a student's record: who, when, what, from where.

    Append-only: the database refuses UPDATE and DELETE, so no code path can rewrite it.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="access_log"
    )
    action = models.CharField(max_length=20, default="view")
    path = models.CharField(max_length=500)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["student", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.student} at {format_datetime(self.at)}"


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

    # Kinds a person may mute: everything except what the law requires of them.
    MUTABLE_KINDS: ClassVar[set[str]] = {Kind.FAMILY_CONTACT, Kind.MEETING}

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    dedupe_key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text=_("Where the work is done."))
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

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="notification_settings")
    digest = models.CharField(max_length=10, choices=DigestPreference.choices, default=DigestPreference.DAILY)
    muted_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.digest}"


class Digest(models.Model):
    """One email per person per period. Created (claimed) before sending: a crash loses one
    digest, never sends two."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40, help_text=_("e.g. 2026-11-18 or 2026-W47"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
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
        indexes = [
            models.Index(fields=["created_at"], name="outbox_pending",
                         condition=models.Q(published_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
from iep_portal.fidelity_models import FidelitySnapshot  # noqa: E402, F401 (computed fidelity figures)
