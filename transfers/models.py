"""Students who arrive with an IEP from another district (34 CFR 300.323(e), (f)).

A TransferIn records where the student came from and the IEP that came with them, and the
interim IEP this district runs meanwhile: comparable services, as service lines of their own
on an IEP of this district. Its clock (`due_on`, the enrollment day plus the district's
TRANSFER_INTERIM_DAYS) runs until the sending IEP is adopted or a new IEP is written; a
transfer from another state also needs a decision on whether to evaluate. Rows are closed,
never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from students.models import IEP, Student


class TransferInQuerySet(models.QuerySet["TransferIn"]):
    def open(self) -> TransferInQuerySet:
        """Transfers whose interim services still run: neither adopted nor replaced yet."""
        return self.filter(outcome="")


class TransferIn(models.Model):
    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted the sending district's IEP")
        NEW_IEP = "new_iep", _("New IEP written")

    class Evaluation(models.TextChoices):
        EVALUATE = "evaluate", _("Evaluate: the team needs new information")
        NOT_NEEDED = "not_needed", _("No evaluation needed")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="transfers_in")
    sending_district = models.CharField(_("sending district"), max_length=200)
    sending_state = models.CharField(_("sending state"), max_length=2, help_text=_("Postal code, e.g. IL."))
    in_state = models.BooleanField(_("from a district in this state"))
    enrolled_on = models.DateField(_("enrolled"))
    iep_received_on = models.DateField(_("IEP received"))
    received_meeting_date = models.DateField(_("meeting that wrote the sending IEP"))
    received_annual_review_due = models.DateField(_("sending IEP's annual review due"))
    received_last_evaluation = models.DateField(_("sending district's last evaluation"), null=True,
                                                blank=True)
    received_reevaluation_due = models.DateField(_("sending IEP's reevaluation due"), null=True, blank=True)
    received_note = models.TextField(_("about the IEP received"), blank=True, help_text=_(
        "Eligibility, the services and supports it lists, what records came with it."))
    interim_iep = models.OneToOneField(IEP, on_delete=models.PROTECT, related_name="transfer_in")
    due_on = models.DateField(_("adopt or write a new IEP by"))

    evaluation = models.CharField(max_length=20, choices=Evaluation.choices, blank=True)
    evaluation_decided_on = models.DateField(null=True, blank=True)
    evaluation_basis = models.CharField(max_length=500, blank=True)
    evaluation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    evaluation_recorded_at = models.DateTimeField(null=True, blank=True)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_note = models.CharField(max_length=500, blank=True)
    new_iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TransferInQuerySet.as_manager()

    class Meta:
        verbose_name = "transfer in"
        verbose_name_plural = "transfers in"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student"], condition=Q(outcome=""),
                                    name="transfer_in_one_open_per_student"),
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True, closed_by__isnull=True,
                            closed_at__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False, closed_by__isnull=False,
                                      closed_at__isnull=False)),
                name="transfer_in_closed_says_how_who_when",
            ),
            models.CheckConstraint(
                condition=Q(evaluation="", evaluation_decided_on__isnull=True, evaluation_by__isnull=True)
                | (~Q(evaluation="") & Q(evaluation_decided_on__isnull=False, evaluation_by__isnull=False)
                   & ~Q(evaluation_basis="")),
                name="transfer_in_evaluation_says_when_why_who",
            ),
            # 34 CFR 300.323(f): from another state, an evaluation decision and a new IEP.
            models.CheckConstraint(
                condition=Q(in_state=True) | Q(outcome="") | (Q(outcome="new_iep") & ~Q(evaluation="")),
                name="transfer_in_out_of_state_closes_with_evaluation_decision",
            ),
            models.CheckConstraint(condition=Q(outcome="") | ~Q(outcome="new_iep") | Q(new_iep__isnull=False),
                                   name="transfer_in_new_iep_named"),
            models.CheckConstraint(condition=Q(due_on__gt=models.F("enrolled_on")),
                                   name="transfer_in_due_after_enrolled"),
        ]

    def __str__(self) -> str:
        return f"{self.student}: from {self.sending_district} ({self.sending_state})"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def needs_evaluation_decision(self) -> bool:
        return not self.in_state and not self.evaluation
