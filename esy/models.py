"""Extended school year (34 CFR 300.106): the IEP team's decision, and the summer sessions.

The decision is history: each decision is a new row (the database refuses to change or
delete one), and the latest recorded is the one in force (`EsyDecision.objects.current_for`).
An ESY session is a summer calendar for one school, or for every school of the district
(no school): its first and last days, the weekdays it meets and the days it does not.
ESY service lines (services.ServiceRequirement, season ESY) count their minutes on it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from students.calendar import InstructionalCalendar
from students.models import IEP, School

if TYPE_CHECKING:
    from collections.abc import Iterable

WEEKDAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"))


class EsyDecisionQuerySet(models.QuerySet["EsyDecision"]):
    def current_for(self, iep_ids: Iterable[int]) -> dict[int, EsyDecision]:
        """THE answer to "what is this IEP's ESY decision?": the latest recorded row per IEP
        (by when it was recorded; a decision corrected the same day is the later row). One
        query however many IEPs; an IEP with none is left out."""
        rows = (self.filter(iep__in=list(iep_ids)).select_related("recorded_by")
                .order_by("iep_id", "-recorded_at", "-pk").distinct("iep_id"))
        return {row.iep_id: row for row in rows}


@pgtrigger.register(
    # A decision is a record of what the team decided and why: it is never rewritten; a new
    # decision is a new row.
    pgtrigger.Protect(name="esy_decision_is_history", operation=pgtrigger.Update | pgtrigger.Delete),
)
class EsyDecision(models.Model):
    """The IEP team's decision on extended school year services, with its date and basis."""

    class Status(models.TextChoices):
        NEEDED = "needed", _("Needed")
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("To be decided")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="esy_decisions")
    status = models.CharField(max_length=20, choices=Status.choices)
    decided_on = models.DateField(
        _("date of the decision"),
        help_text=_("The day the team decided (for “to be decided”: the day it set the question aside)."))
    basis = models.TextField(
        help_text=_("The data the team used: regression and recoupment, emerging skills, "
                    "the nature or severity of the disability, progress on goals."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = EsyDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(basis=""), name="esy_decision_has_basis",
                violation_error_message=_("Write the basis for the decision."),
            ),
        ]
        indexes = [models.Index(fields=["iep", "-recorded_at"], name="esy_decision_latest")]

    def __str__(self) -> str:
        return f"ESY {self.get_status_display()} ({self.decided_on})"

    @property
    def is_needed(self) -> bool:
        return self.status == self.Status.NEEDED


class EsySession(models.Model):
    """A summer session of extended school year: one school's, or the district's (no school),
    which serves every school that has no session of its own that summer."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="esy_sessions",
                               null=True, blank=True)
    name = models.CharField(max_length=60, help_text=_("e.g. Summer 2027"))
    start_date = models.DateField()
    end_date = models.DateField()
    weekdays = ArrayField(models.PositiveSmallIntegerField(), help_text=_("Monday is 0."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "school__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="esy_session_end_after_start",
                violation_error_message=_("The last day of the session must be after the first day."),
            ),
            models.CheckConstraint(
                condition=Q(weekdays__contained_by=[0, 1, 2, 3, 4]) & Q(weekdays__len__gt=0),
                name="esy_session_weekdays",
                violation_error_message=_("Choose the weekdays the session meets."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school or _('district')})"

    @property
    def where(self) -> str:
        return str(self.school) if self.school_id else str(_("Every school (district session)"))

    @property
    def weekday_names(self) -> list[str]:
        return [str(WEEKDAY_NAMES[d]) for d in sorted(self.weekdays)]

    def instructional(self, closures: Iterable[dt.date] = ()) -> InstructionalCalendar:
        return InstructionalCalendar(start=self.start_date, end=self.end_date,
                                     closures=frozenset(closures), weekdays=frozenset(self.weekdays))


class EsyClosure(models.Model):
    """A day inside an ESY session with no session (a holiday)."""

    session = models.ForeignKey(EsySession, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="esy_closure_unique_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"

    def clean(self) -> None:
        s = self.session
        if self.date and not (s.start_date <= self.date <= s.end_date):
            raise ValidationError({"date": _("%(day)s is outside the session (%(start)s to %(end)s).")
                                   % {"day": self.date, "start": s.start_date, "end": s.end_date}})
