"""Assessment windows: the days a state, district or classroom test is given.

An AssessmentWindow covers a run of days (first to last) for the whole district, one school
or one class. A window may be narrowed to classes of one subject ("State math test": math
classes only) and may list its sessions (day and times); a window with sessions is given on
its session days only, one without on every day from first to last. The areas read windows
through `assessments.queries` to expect assessment-only accommodations on those days.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.timefmt import format_time
from students.models import School, Section

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The longest window accepted: a state window runs a few weeks, never a school year.
MAX_WINDOW_DAYS = 92


@tracked()
class AssessmentWindow(models.Model):
    """A run of testing days. Its history (who changed or deleted it, when) is kept."""

    class Kind(models.TextChoices):
        STATE = "state", _("State test")
        DISTRICT = "district", _("District test")
        UNIT = "unit", _("Classroom unit test")

    class Scope(models.TextChoices):
        DISTRICT = "district", _("The whole district")
        SCHOOL = "school", _("One school")
        SECTION = "section", _("One class")

    name = models.CharField(max_length=120, help_text=_("e.g. State math test"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATE)
    scope = models.CharField(_("given in"), max_length=20, choices=Scope.choices, default=Scope.SCHOOL)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="assessment_windows",
        help_text=_("For one school or one class: the school."),
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="assessment_windows",
        verbose_name=_("class"),
    )
    subject = models.CharField(
        max_length=80, blank=True,
        help_text=_("Only classes of this subject (e.g. Math); leave blank for every class."),
    )
    first_day = models.DateField()
    last_day = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_day", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="assessment_window_last_after_first",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="district", school__isnull=True, section__isnull=True)
                    | Q(scope="school", school__isnull=False, section__isnull=True)
                    | Q(scope="section", school__isnull=False, section__isnull=False)
                ),
                name="assessment_window_scope_matches",
                violation_error_message=_(
                    "A district window names no school; a school window names its school; "
                    "a class window names its class."
                ),
            ),
        ]
        indexes = [models.Index(fields=["first_day", "last_day"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                errors["last_day"] = _("The last day cannot be before the first day.")
            elif (self.last_day - self.first_day).days >= MAX_WINDOW_DAYS:
                errors["last_day"] = _("A window is at most %(n)s days long.") % {"n": MAX_WINDOW_DAYS}
        if self.scope == self.Scope.DISTRICT:
            self.school = None
            self.section = None
        elif self.scope == self.Scope.SCHOOL:
            self.section = None
            if self.school_id is None:
                errors["school"] = _("Choose the school.")
        elif self.scope == self.Scope.SECTION:
            if self.section is None:
                errors["section"] = _("Choose the class.")
            else:
                self.school_id = self.section.school_id
        if errors:
            raise ValidationError(errors)

    def applies_to(self, section: Section) -> bool:
        """Whether this window is given in `section` (on some day), by scope and subject."""
        if self.scope == self.Scope.SECTION and self.section_id != section.pk:
            return False
        if self.scope == self.Scope.SCHOOL and self.school_id != section.school_id:
            return False
        return not self.subject or self.subject.strip().casefold() == section.subject.strip().casefold()

    @property
    def where(self) -> str:
        if self.scope == self.Scope.DISTRICT:
            return str(_("Whole district"))
        if self.scope == self.Scope.SECTION and self.section is not None:
            return f"{self.section} · {self.school}"
        return str(self.school)


class AssessmentSession(models.Model):
    """One sitting of a window: a day, and its times when known."""

    window = models.ForeignKey(AssessmentWindow, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)
    label = models.CharField(max_length=80, blank=True, help_text=_("e.g. Session 1: no calculator"))

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="assessment_session_ends_after_start",
                violation_error_message=_("A session ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        when = self.day.strftime("%a %b %-d")
        if self.starts_at:
            when += f", {format_time(self.starts_at)}"
            if self.ends_at:
                when += f"–{format_time(self.ends_at)}"
        return f"{self.label} ({when})" if self.label else when


def window_days(first: dt.date, last: dt.date, session_days: list[dt.date] | None,
                start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from start to end on which a window is given: its session days, or with no
    sessions every day from first to last (callers keep those on which a class meets)."""
    lo, hi = max(first, start), min(last, end)
    if lo > hi:
        return []
    if session_days:
        return sorted({d for d in session_days if lo <= d <= hi})
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
