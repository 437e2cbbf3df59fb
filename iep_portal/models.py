"""Accounts and the access log.

Every account is a member of staff whose role decides the default page and, with their
relationships to students, what they may see; or a guardian, who reaches only the family
portal of their own children (families.access) and no staff page at all.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pgtrigger
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
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
        # Sees the testing roster of their schools (user.schools) and nothing else of students.
        TEST_COORDINATOR = "test_coordinator", _("Test coordinator")
        # A parent, guardian or surrogate parent with educational rights: the family portal of
        # their own children (families.Guardian.user), never a staff page.
        GUARDIAN = "guardian", _("Parent or guardian (family portal)")

    ADMIN_ROLES: ClassVar[set[str]] = {Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN}
    # Roles that see many students' records at once sign in with a second factor.
    MFA_ROLES: ClassVar[set[str]] = {*ADMIN_ROLES, Role.TEST_COORDINATOR}

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
    def is_test_coordinator(self) -> bool:
        return self.role == self.Role.TEST_COORDINATOR

    @property
    def is_guardian(self) -> bool:
        return self.role == self.Role.GUARDIAN

    @property
    def is_admin_role(self) -> bool:
        return self.role in self.ADMIN_ROLES

    @property
    def role_requires_mfa(self) -> bool:
        return self.role in self.MFA_ROLES


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


class Submission(models.Model):
    """One filled-in form, saved once: its key, who saved it, when, and what it created.

    `iep_portal.submissions` claims the key in the same transaction as the record, so a
    repeat of the same form (Back then Save, a retried request, a duplicated tab) finds this
    row and shows what was saved instead of saving it again.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, related_name="+")
    object_id = models.CharField(max_length=40, blank=True)
    url = models.CharField(max_length=500, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.summary or self.key} ({format_datetime(self.saved_at)})"

    def record_exists(self) -> bool:
        model = self.content_type.model_class() if self.content_type else None
        return model is not None and model._default_manager.filter(pk=self.object_id).exists()
