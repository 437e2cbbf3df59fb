"""IEP amendments: one change set on an IEP, agreed at a meeting or in writing without one
(34 CFR 300.324(a)(4), (a)(6)), with the prior written notice the family receives (300.503).

An Amendment is a draft while the case manager writes it: its AmendmentChange rows say which
service line, support or goal is added, changed or ended, and what it becomes. Finalizing
applies every change at once, through the areas' own actions: a changed line is ended the
day before the amendment takes effect and a new line starts that day, so what was owed under
the old line stays owed. Final amendments, their changes and their notices are only read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accommodations.models import Support
from iep_portal.languages import family_languages
from progress.models import Goal
from services.models import ServiceRequirement
from students.models import IEP


class AmendmentQuerySet(models.QuerySet["Amendment"]):
    def final(self) -> AmendmentQuerySet:
        """Amendments in force: finalized, their changes applied."""
        return self.filter(status=Amendment.Status.FINAL)


class Amendment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    class AgreedHow(models.TextChoices):
        MEETING = "meeting", _("At an IEP team meeting")
        WRITTEN = "written", _("By written agreement, without a meeting")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="amendments")
    effective_on = models.DateField(_("takes effect on"))
    agreed_how = models.CharField(
        _("how it was agreed"), max_length=10, choices=AgreedHow.choices, blank=True
    )
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    agreement_on = models.DateField(
        _("date of the family's written agreement"),
        null=True,
        blank=True,
        help_text=_("34 CFR 300.324(a)(4): the parent and the district agree in writing not to meet."),
    )
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Who recorded the family's written agreement."),
    )
    agreement_recorded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    finalized_at = models.DateTimeField(null=True, blank=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        constraints = [
            # One draft at a time per IEP: "Amend this IEP" twice opens the same draft.
            models.UniqueConstraint(
                fields=["iep"], condition=Q(status="draft"), name="amendment_one_draft_per_iep"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(finalized_by__isnull=False) & Q(finalized_at__isnull=False) & ~Q(agreed_how="")),
                name="amendment_final_says_who_and_how",
            ),
            models.CheckConstraint(
                condition=~Q(status="final", agreed_how="meeting") | Q(meeting_on__isnull=False),
                name="amendment_meeting_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="final", agreed_how="written")
                | (Q(agreement_on__isnull=False) & Q(agreement_recorded_by__isnull=False)),
                name="amendment_written_agreement_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.iep}: amendment effective {self.effective_on}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def agreed_on(self) -> Any:
        return self.meeting_on if self.agreed_how == self.AgreedHow.MEETING else self.agreement_on


class AmendmentChange(models.Model):
    """One line of an amendment: a service line, support or goal added, changed or ended, and
    (for an add or a change) what it becomes, as the fields the area's action takes."""

    class Kind(models.TextChoices):
        ADD = "add", _("Add")
        CHANGE = "change", _("Change")
        END = "end", _("End")

    class Target(models.TextChoices):
        SERVICE = "service", _("Service")
        SUPPORT = "support", _("Support")
        GOAL = "goal", _("Goal")

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.CharField(max_length=10, choices=Target.choices)
    service_line = models.ForeignKey(
        ServiceRequirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    support = models.ForeignKey(Support, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    becomes = models.JSONField(default=dict, blank=True)
    # What finalizing made: the new line, support or goal.
    new_service_line = models.ForeignKey(
        ServiceRequirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_support = models.ForeignKey(
        Support, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_goal = models.ForeignKey(Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The add form's key: Back then Add again is one row, not two.
    form_key = models.UUIDField(null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="add", service_line__isnull=True, support__isnull=True, goal__isnull=True)
                    | (
                        ~Q(kind="add")
                        & (
                            Q(target="service", service_line__isnull=False)
                            | Q(target="support", support__isnull=False)
                            | Q(target="goal", goal__isnull=False)
                        )
                    )
                ),
                name="amendment_change_names_its_target",
            ),
            models.UniqueConstraint(fields=["amendment", "service_line"], name="amendment_change_line_once"),
            models.UniqueConstraint(fields=["amendment", "support"], name="amendment_change_support_once"),
            models.UniqueConstraint(fields=["amendment", "goal"], name="amendment_change_goal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_target_display()}"


class PriorWrittenNotice(models.Model):
    """The prior written notice of an amendment (34 CFR 300.503), as the team wrote it.

    The team's own words are kept as written; the printed notice translates everything
    around them into the family's language and marks them as the team's."""

    class Proposes(models.TextChoices):
        PROPOSES = "proposes", _("proposes")
        REFUSES = "refuses", _("refuses")

    amendment = models.OneToOneField(Amendment, on_delete=models.PROTECT, related_name="notice")
    language = models.CharField(max_length=5, choices=family_languages)
    proposes = models.CharField(max_length=10, choices=Proposes.choices, default=Proposes.PROPOSES)
    action = models.TextField(_("what the school proposes or refuses"))
    reasons = models.TextField(_("why"))
    options_considered = models.TextField(_("other options considered and why they were rejected"))
    data_used = models.TextField(_("evaluations, records and data used"))
    other_factors = models.TextField(_("other factors"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "prior written notice"

    def __str__(self) -> str:
        return f"Prior written notice: {self.amendment}"


class Reacknowledgement(models.Model):
    """One person asked to read and acknowledge the IEP again because an amendment changed
    their part in it (300.323(d)). The acknowledgement machinery reads these rows."""

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="asked")
    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    why = models.CharField(max_length=200)
    asked_at = models.DateTimeField()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["amendment", "user"], name="reack_once_per_amendment")]
        indexes = [models.Index(fields=["iep", "user", "-asked_at"])]

    def __str__(self) -> str:
        return f"{self.user} asked again ({self.why})"
