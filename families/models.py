"""A student's family: parents, guardians and surrogate parents (34 CFR 300.519), which of
them hold educational rights, how each wants to be reached, and, for those invited, their
family-portal account.

A guardian is a row per student: a parent of two children has two rows (sharing one portal
account, `user`). The contact log (students.ParentContact) knows nothing of guardians; the
guardian a contact was with is linked from here (`GuardianContact`), since families sits
above the core and the core never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from students.models import ParentContact, Student

if TYPE_CHECKING:
    from iep_portal.models import User


class GuardianQuerySet(models.QuerySet["Guardian"]):
    def current(self) -> GuardianQuerySet:
        """Guardians still on the student's record (a roster import ends, never deletes)."""
        return self.filter(active=True)

    def with_rights(self) -> GuardianQuerySet:
        """Current guardians who hold the student's educational rights: the ones the school
        must inform, and the only ones who may have a family-portal account."""
        return self.current().filter(educational_rights=True)

    def portal_of(self, user: User) -> GuardianQuerySet:
        """The rows through which `user` reaches the family portal: current, with educational
        rights, linked to this account. THE rule for what a guardian may see."""
        return self.with_rights().filter(user=user)


@tracked()
class Guardian(models.Model):
    """One adult in a student's family, as the school knows them."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Legal guardian")
        FOSTER_PARENT = "foster_parent", _("Foster parent")
        SURROGATE = "surrogate", _("Surrogate parent")
        RELATIVE = "relative", _("Relative or other caregiver")

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Español"

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        LETTER = "letter", _("Letter home")
        PORTAL = "portal", _("Family portal")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="guardians")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("mailing address"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.ENGLISH,
        help_text=_("The language of the family portal and of what the school sends."),
    )
    language_other = models.CharField(
        _("other language"), max_length=60, blank=True,
        help_text=_("If the family reads another language (an interpreter is needed)."),
    )
    channel = models.CharField(
        _("preferred way to reach them"), max_length=10, choices=Channel.choices, default=Channel.EMAIL,
    )
    educational_rights = models.BooleanField(
        _("holds educational rights"), default=True,
        help_text=_("Makes educational decisions for the student and receives notices."),
    )
    surrogate_appointed_on = models.DateField(
        _("surrogate appointed on"), null=True, blank=True,
        help_text=_("For a surrogate parent (34 CFR 300.519): the date of the appointment."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="guardianships", help_text=_("The family-portal account, once invited."),
    )
    sourced_id = models.CharField(max_length=255, blank=True, help_text=_("From the roster import."))
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Who entered them; empty for the roster import."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuardianQuerySet.as_manager()

    class Meta:
        ordering = ["-educational_rights", "last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(relationship="surrogate") | Q(surrogate_appointed_on__isnull=False),
                name="guardian_surrogate_has_appointment",
            ),
            models.UniqueConstraint(
                fields=["student", "user"], condition=Q(user__isnull=False),
                name="guardian_one_account_per_student",
            ),
            models.UniqueConstraint(
                fields=["student", "sourced_id"], condition=~Q(sourced_id=""),
                name="guardian_unique_sourced_id_per_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_surrogate(self) -> bool:
        return self.relationship == self.Relationship.SURROGATE

    def clean(self) -> None:
        if self.is_surrogate and self.surrogate_appointed_on is None:
            raise ValidationError({"surrogate_appointed_on": _(
                "A surrogate parent needs the date they were appointed.")})
        if not self.is_surrogate:
            self.surrogate_appointed_on = None
        if self.user_id is not None and not self.educational_rights:
            raise ValidationError({"educational_rights": _(
                "This guardian has a family-portal account, which only a guardian with "
                "educational rights may have.")})


class GuardianContact(models.Model):
    """Which guardian a logged family contact was with (the log keeps its free-text name)."""

    contact = models.OneToOneField(ParentContact, on_delete=models.PROTECT, related_name="guardian_link")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="contacts")

    def __str__(self) -> str:
        return f"{self.contact} ({self.guardian})"


class PortalMessage(models.Model):
    """A message a guardian sent the case manager from the family portal. It lands in the
    contact log (`contact`) and in the case manager's notifications."""

    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="messages")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=120)
    body = models.TextField(_("message"), max_length=4000)
    contact = models.OneToOneField(ParentContact, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.guardian}, {self.sent_at:%Y-%m-%d})"
