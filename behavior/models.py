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


@tracked()
class PatternDetermination(models.Model):
    """Whether a short removal that takes the school year past 10 school days forms a pattern
    (34 CFR 300.536(a)(2)): the school decides, case by case, from whether the behavior is
    substantially similar to the earlier removals' and from the length of each removal, the
    total and how close together they are. A pattern is a change of placement.

    It answers for the removal that starts on `removal_day`, as recorded when the determination
    was: a removal day recorded after it (a new removal, or one added to it) asks again."""

    class Outcome(models.TextChoices):
        PATTERN = "pattern", _("A pattern: a change of placement")
        NO_PATTERN = "no_pattern", _("Not a pattern")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="pattern_determinations")
    removal_day = models.DateField(help_text=_("The first school day of the removal it answers for."))
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    basis = models.TextField(help_text=_(
        "Why: how similar the behavior is to the earlier removals', how long each removal was, the "
        "total, and how close together they are."))
    determined_on = models.DateField(help_text=_("The day the determination was made."))
    determined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["removal_day", "recorded_at", "pk"]
        indexes = [models.Index(fields=["student", "removal_day"])]

    def __str__(self) -> str:
        return f"{self.student} {self.removal_day}: {self.get_outcome_display()}"
