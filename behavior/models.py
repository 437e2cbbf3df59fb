"""Disciplinary removals (34 CFR 300.530), one row per school day a student was removed.

A suspension of three days is three rows, so a closure in the middle or a partial day is
plain on the row it concerns. Rows are never rewritten (tracked history): a correction is an
edit that the history keeps with who made it. How many days count is `behavior.removal_days`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from students.models import Student


@tracked()
class Removal(models.Model):
    """One school day (or a portion of one) a student was removed for discipline."""

    class Setting(models.TextChoices):
        OUT_OF_SCHOOL = "out_of_school", _("Out-of-school suspension")
        IN_SCHOOL = "in_school", _("In-school suspension")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="removals")
    date = models.DateField()
    setting = models.CharField(max_length=20, choices=Setting.choices)
    portion = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("1.00"),
        help_text=_("The share of the school day the student was removed: 1 for a full day, "
                    "0.5 for half a day."),
    )
    services_continued = models.BooleanField(
        default=False,
        help_text=_("In-school only: the student kept receiving IEP services, progressing in the "
                    "general curriculum and taking part with peers as in the current placement."),
    )
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["student", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(portion__gt=0) & Q(portion__lte=1),
                name="removal_portion_of_a_day",
                violation_error_message=_("A removal is a part of a school day: more than 0, at most 1."),
            ),
            models.CheckConstraint(
                condition=Q(setting="in_school") | Q(services_continued=False),
                name="removal_services_continued_in_school_only",
                violation_error_message=_("Only an in-school removal can continue the student's services."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.date} {self.get_setting_display()}"
