"""Makeup plans: the sessions a provider schedules to make up minutes a service line owes.

A planned makeup names its line, a target school day and its minutes. It is never deleted:
a reschedule or a cancellation is a `MakeupChange` row (who, when, why, from and to), and the
planned row keeps its current target and, once cancelled, who cancelled it and why. Whether it
is done is read from the session log (makeups.status): it is done when a certified makeup
session of its line is logged on or after the day it was planned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from services.models import ServiceRequirement


class PlannedMakeupQuerySet(models.QuerySet["PlannedMakeup"]):
    def open(self) -> PlannedMakeupQuerySet:
        """Not cancelled (whether done is read from the log: see makeups.status)."""
        return self.filter(cancelled_at__isnull=True)


@tracked()
class PlannedMakeup(models.Model):
    """One makeup session planned for a service line that owes minutes."""

    requirement = models.ForeignKey(
        ServiceRequirement, on_delete=models.PROTECT, related_name="planned_makeups"
    )
    target_date = models.DateField()
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    objects = PlannedMakeupQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]
        indexes = [models.Index(fields=["requirement", "target_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0),
                name="planned_makeup_minutes_positive",
                violation_error_message=_("A makeup needs some minutes."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(cancelled_at__isnull=True, cancelled_by__isnull=True, cancel_reason="")
                    | (Q(cancelled_at__isnull=False, cancelled_by__isnull=False) & ~Q(cancel_reason=""))
                ),
                name="planned_makeup_cancelled_by_whom_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.area} makeup on {self.target_date}: {self.minutes} min"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class MakeupChange(models.Model):
    """A reschedule or a cancellation of a planned makeup: who, when, why, from and to."""

    class Kind(models.TextChoices):
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")

    makeup = models.ForeignKey(PlannedMakeup, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="makeup_change_has_reason"),
            models.CheckConstraint(
                condition=Q(kind="rescheduled", to_date__isnull=False)
                | Q(kind="cancelled", to_date__isnull=True),
                name="makeup_change_reschedule_has_new_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_date}" + (f" to {self.to_date}" if self.to_date else "")
