"""Providers' recurring sessions: a plan of when one provider meets one student or a group.

A plan names its service lines (one student's line, or several students' lines of the same
provider: a group), the days it meets (weekdays, day letters of the school's rotation, or
both), its start time and minutes, how often (every week, every other week, or once a month
such as "first Tuesday") and the dates it runs. A plan is never deleted: ending it records
who ended it and when, and its history (who changed the time, who added a student) is kept.
Which days a plan meets is computed in `provider_schedules/recurrence.py` (no queries) and
read for a provider in `provider_schedules/queries.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.timefmt import format_time
from services.models import ServiceRequirement

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "last"}


class SessionPlanQuerySet(models.QuerySet["SessionPlan"]):
    def open(self) -> SessionPlanQuerySet:
        """Plans nobody has ended (a plan may still start later or have run out)."""
        return self.filter(ended_at__isnull=True)


@tracked()
class SessionPlan(models.Model):
    """One recurring session of one provider, for one or more of their service lines."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        EVERY_OTHER_WEEK = "every_other_week", _("Every other week")
        MONTHLY = "monthly", _("Once a month")

    provider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="session_plans")
    label = models.CharField(max_length=80, blank=True,
                             help_text=_("e.g. Articulation group; blank: the students' names."))
    requirements: models.ManyToManyField[ServiceRequirement, PlannedLine] = models.ManyToManyField(
        ServiceRequirement, through="PlannedLine",
                                          related_name="session_plans")
    # 0 = Monday ... 4 = Friday; empty when the plan follows day letters only.
    weekdays = ArrayField(models.PositiveSmallIntegerField(), blank=True, default=list)
    # Letters of the school's rotation (A, B or 1 to 6); empty: every day letter.
    day_letters = ArrayField(models.CharField(max_length=12), blank=True, default=list)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    # Monthly plans: which of the month's weekdays (1 = first ... 4 = fourth, 5 = last).
    week_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    start_time = models.TimeField()
    minutes = models.PositiveIntegerField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text=_("Blank: until its lines end."))

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = SessionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["start_time", "pk"]
        indexes = [models.Index(fields=["provider"], condition=Q(ended_at__isnull=True),
                                name="session_plan_open_by_provider")]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="session_plan_minutes_positive",
                                   violation_error_message=_("A session needs some minutes.")),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="session_plan_end_after_start",
                violation_error_message=_("The schedule cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(weekdays=[]) | ~Q(day_letters=[]), name="session_plan_has_days",
                violation_error_message=_("Choose the weekdays or day letters it meets."),
            ),
            models.CheckConstraint(
                condition=Q(weekdays__contained_by=[0, 1, 2, 3, 4]), name="session_plan_school_weekdays",
                violation_error_message=_("Sessions meet Monday to Friday."),
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["weekly", "every_other_week", "monthly"]),
                name="session_plan_known_frequency",
            ),
            models.CheckConstraint(
                condition=(Q(frequency="monthly", week_of_month__isnull=False, week_of_month__gte=1,
                             week_of_month__lte=5)
                           & ~Q(weekdays=[]))
                | (~Q(frequency="monthly") & Q(week_of_month__isnull=True)),
                name="session_plan_monthly_names_its_week",
                violation_error_message=_("A monthly session names its weekday and which one of "
                                          "the month (e.g. the first Tuesday)."),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended_by__isnull=True)
                | Q(ended_at__isnull=False, ended_by__isnull=False),
                name="session_plan_ended_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.describe_days()} {format_time(self.start_time)}, {self.minutes} min"

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None

    def describe_days(self) -> str:
        """"Tue, Thu", "A days", "every other Mon", "first Tue of the month"."""
        days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        letters = "/".join(self.day_letters)
        if self.frequency == self.Frequency.MONTHLY and self.week_of_month:
            return f"{ORDINALS.get(self.week_of_month, '')} {days} of the month"
        text = " ".join(x for x in (days, f"{letters} days" if letters else "") if x)
        if self.frequency == self.Frequency.EVERY_OTHER_WEEK:
            return f"every other week: {text}"
        return text


@tracked()
class PlannedLine(models.Model):
    """One student's service line in a plan (a group has several, all of its provider)."""

    plan = models.ForeignKey(SessionPlan, on_delete=models.PROTECT, related_name="lines")
    requirement = models.ForeignKey(ServiceRequirement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "requirement"], name="planned_line_once_per_plan",
                                    violation_error_message=_("That student is already in this session.")),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} in {self.plan}"
