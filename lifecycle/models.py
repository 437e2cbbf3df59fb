"""The IEP's life cycle: changes to who serves a student, kept as a record of their own.

A team member's row says who is on the team now; a TeamChange says who joined, who left and
who handed case management to whom, when it took effect, why, who did it and when it was
recorded. Rows are only ever added.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from students.models import IEP, TeamMember


class TeamChange(models.Model):
    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined the team")
        LEFT = "left", _("Left the team")
        CASE_MANAGER = "case_manager", _("Took over case management")
        PROVIDER = "provider", _("Named provider of a service line")
        COLLECTORS = "collectors", _("Collectors of a goal changed")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="team_changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        help_text=_("Who joined or left; for a hand-over, the new case manager."),
    )
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text=_("For a hand-over, the case manager who handed over."),
    )
    role = models.CharField(max_length=20, blank=True)
    detail = models.CharField(max_length=200, blank=True, help_text=_("The line or goal, when it names one."))
    effective_on = models.DateField(_("effective"))
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["case_manager", "provider"]) | Q(previous__isnull=False),
                name="team_change_hand_over_names_previous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()} ({self.effective_on})"

    @property
    def role_label(self) -> str:
        return str(TeamMember.Role(self.role).label) if self.role in TeamMember.Role.values else self.role


class IEPExit(models.Model):
    """An IEP ended before its term: why, from when, who recorded it and when. Its services,
    supports and reminders end on the exit date; everything recorded before stays."""

    class Reason(models.TextChoices):
        GRADUATED = "graduated", _("Graduated with a regular diploma")
        MOVED = "moved", _("Moved out of the district")
        NOT_ELIGIBLE = "not_eligible", _("No longer eligible (after an evaluation)")
        REVOKED = "revoked", _("Parent revoked consent for services (34 CFR 300.300(b)(4))")
        AGED_OUT = "aged_out", _("Reached the maximum age for services")
        DROPPED_OUT = "dropped_out", _("Dropped out")
        DECEASED = "deceased", _("Deceased")

    iep = models.OneToOneField(IEP, on_delete=models.PROTECT, related_name="exit")
    exit_date = models.DateField(_("exit date"))
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, help_text=_(
        "What documents it: e.g. the date prior written notice was given, the new district."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "IEP exit"

    def __str__(self) -> str:
        return f"{self.iep}: {self.get_reason_display()} on {self.exit_date}"


class ScheduledHandOverQuerySet(models.QuerySet["ScheduledHandOver"]):
    def pending(self) -> ScheduledHandOverQuerySet:
        """Hand-overs not yet taken effect and not cancelled, soonest first."""
        return self.filter(status=ScheduledHandOver.Status.PENDING).order_by("effective_on", "pk")

    def due(self, today: dt.date) -> ScheduledHandOverQuerySet:
        """Pending hand-overs whose day has come (or passed, if the daily run missed a day)."""
        return self.pending().filter(effective_on__lte=today)


class ScheduledHandOver(models.Model):
    """A case-management hand-over recorded ahead of its day. Until then nothing changes: the
    case manager, their lines and goals stay. On the day the daily run hands over (the same
    write as an immediate hand-over, recorded as a TeamChange) or, when it no longer can
    (the IEP ended, the new case manager's account closed), says why on `outcome`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Taken effect")
        CANCELLED = "cancelled", _("Cancelled")
        NOT_APPLIED = "not_applied", _("Could not take effect")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="scheduled_hand_overs")
    to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           help_text=_("The new case manager."))
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        help_text=_("The case manager when it was recorded."))
    effective_on = models.DateField(_("effective"))
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text=_("Who cancelled it (empty when the daily run settled it)."))
    outcome = models.CharField(max_length=300, blank=True)
    change = models.OneToOneField(TeamChange, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="scheduled")

    objects = ScheduledHandOverQuerySet.as_manager()

    class Meta:
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["iep"], condition=Q(status="pending"),
                                    name="scheduled_hand_over_one_pending_per_iep",
                                    violation_error_message=_("A hand-over is already pending.")),
            models.CheckConstraint(condition=Q(status="pending") | Q(settled_at__isnull=False),
                                   name="scheduled_hand_over_settled_when"),
        ]

    def __str__(self) -> str:
        return f"{self.iep}: to {self.to} on {self.effective_on} ({self.get_status_display()})"
