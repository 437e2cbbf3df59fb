"""Functional behavioral assessments (FBA) and behavior intervention plans (BIP), and the
behavior data every adult around the student records (34 CFR 300.324(a)(2)(i), 300.530(f)).

An FBA names the target behaviors, each with an operational definition a second observer
would count the same way, and the function the team hypothesizes. A BIP, written from it and
attached to the student's plan (an IEP or a 504 plan), says what replaces the behavior, and its
prevention, teaching and response strategies are supports (accommodations.Support, source
"behavior_plan"): teachers check them off like any other, and rates and fidelity count them
unchanged. Crisis steps are not checked off; they are read when needed.

Behavior data are rows: a frequency tally (one row per "+1", with the time), a duration or an
interval recording, and ABC incident notes (antecedent, behavior, consequence). Every row says
who recorded it, the day (and time) it happened and when it was recorded; corrections are kept
by the tracked history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accommodations.models import Support
from iep_portal.history import tracked
from progress.models import DataPoint
from students.models import IEP


class Function(models.TextChoices):
    """What the behavior gets the student: the hypothesis the strategies are built on."""

    ATTENTION = "attention", _("Attention (from adults or peers)")
    ESCAPE = "escape", _("Escape or avoidance (of a task, demand or setting)")
    TANGIBLE = "tangible", _("Access to a tangible (an item or activity)")
    SENSORY = "sensory", _("Sensory (automatic reinforcement)")


@tracked()
class FunctionalAssessment(models.Model):
    """An FBA: when it was done, by whom, and the hypothesized function."""

    plan = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="behavior_assessments")
    conducted_on = models.DateField(_("completed on"))
    conducted_by = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    function = models.CharField(_("hypothesized function"), max_length=20, choices=Function.choices)
    function_note = models.TextField(
        _("what the data show"),
        help_text=_("The pattern behind the hypothesis, e.g. when and where the behavior happens "
                    "and what follows it."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-conducted_on", "-pk"]
        verbose_name = "functional behavioral assessment"

    def __str__(self) -> str:
        return f"FBA for {self.plan.student} ({self.conducted_on})"

    def clean(self) -> None:
        if self.conducted_on and self.conducted_on > timezone.localdate():
            raise ValidationError({"conducted_on": _("An FBA is recorded once it is done, not ahead.")})


@tracked()
class TargetBehavior(models.Model):
    """One behavior the FBA targets, defined so that any adult counts it the same way, with
    how it is measured, its baseline (from the FBA's observations) and the BIP's goal for it."""

    class Measure(models.TextChoices):
        FREQUENCY = "frequency", _("Frequency (times a day)")
        DURATION = "duration", _("Duration (minutes a day)")
        INTERVAL = "interval", _("Interval (% of intervals)")

    assessment = models.ForeignKey(FunctionalAssessment, on_delete=models.PROTECT,
                                   related_name="target_behaviors")
    name = models.CharField(max_length=120, help_text=_("e.g. Calling out"))
    definition = models.TextField(
        _("operational definition"),
        help_text=_("What it looks and sounds like, observable and countable, with what is not it."),
    )
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.FREQUENCY)
    baseline = models.DecimalField(max_digits=7, decimal_places=1,
                                   help_text=_("The FBA's observed level, in the measure's unit."))
    goal = models.DecimalField(max_digits=7, decimal_places=1,
                               help_text=_("The level the BIP aims for by its review date."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__lt=models.F("baseline")) & Q(goal__gte=0),
                name="target_behavior_goal_reduces",
                violation_error_message=_("A target behavior is one to reduce: its goal is below "
                                          "the baseline (and not negative)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> str:
        """The y-axis of its graph: what a day's value means."""
        return {
            self.Measure.FREQUENCY: str(_("Times a day")),
            self.Measure.DURATION: str(_("Minutes a day")),
            self.Measure.INTERVAL: str(_("% of intervals")),
        }[self.Measure(self.measure)]


class LateEntry(models.Model):
    """The evidence rule for behavior data (students.lateness), as data points keep it: a row
    entered more than EVIDENCE_LATE_AFTER_SCHOOL_DAYS school days after it happened is late and
    says why; more than EVIDENCE_APPROVAL_AFTER_DAYS days after, it waits for an administrator
    and is left out of the graphs until approved. `recorded_at` is when the server received it;
    `made_on` the day it was written down (on a device that was offline, that day, not the sync)."""

    Approval = DataPoint.Approval
    COUNTING = DataPoint.COUNTING

    made_on = models.DateField(_("written down on"), null=True, blank=True)
    late = models.BooleanField(_("entered late"), default=False)
    late_reason = models.CharField(_("why it was entered late"), max_length=300, blank=True)
    approval = models.CharField(_("approval"), max_length=12, choices=DataPoint.Approval.choices,
                                default=DataPoint.Approval.NOT_NEEDED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("administrator's note"), max_length=300, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_reason=""),
                name="%(class)s_late_has_reason",
                violation_error_message=_("Say why this is entered late."),
            ),
            models.CheckConstraint(
                condition=Q(approval="not_needed") | Q(late=True),
                name="%(class)s_approval_only_when_late",
            ),
            models.CheckConstraint(
                condition=(Q(approval__in=["not_needed", "waiting"]) & Q(decided_at__isnull=True)
                           & Q(decided_by__isnull=True))
                | (Q(approval__in=["approved", "rejected"]) & Q(decided_at__isnull=False)
                   & Q(decided_by__isnull=False)),
                name="%(class)s_decision_complete",
            ),
        ]

    @property
    def counts(self) -> bool:
        return self.approval in DataPoint.COUNTING


class BehaviorPlanQuerySet(models.QuerySet["BehaviorPlan"]):
    def current(self) -> BehaviorPlanQuerySet:
        """BIPs on the students' active plans."""
        return self.filter(plan__status=IEP.Status.ACTIVE)


@tracked()
class BehaviorPlan(models.Model):
    """A BIP, attached to the student's IEP or 504 plan and written from one FBA."""

    plan = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="behavior_plans")
    assessment = models.OneToOneField(FunctionalAssessment, on_delete=models.PROTECT,
                                      related_name="behavior_plan", verbose_name=_("FBA"))
    replacement_behavior = models.TextField(
        help_text=_("What the student does instead, that gets the same result (the function)."),
    )
    crisis_steps = models.TextField(
        blank=True,
        help_text=_("If the behavior puts the student or others at risk: who does what, in order."),
    )
    start_date = models.DateField()
    review_date = models.DateField(help_text=_("When the team reviews the plan and its data."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = BehaviorPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = "behavior intervention plan"
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], name="behavior_plan_one_per_plan",
                violation_error_message=_("This plan already has a BIP; revise it instead."),
            ),
            models.CheckConstraint(condition=Q(review_date__gt=models.F("start_date")),
                                   name="behavior_plan_review_after_start",
                                   violation_error_message=_("The review comes after the BIP starts.")),
        ]

    def __str__(self) -> str:
        return f"BIP for {self.plan.student} (from {self.start_date})"

    def clean(self) -> None:
        if self.assessment_id and self.plan_id and self.assessment.plan_id != self.plan_id:
            raise ValidationError(_("The BIP is written from an FBA of the same plan."))
        if self.assessment_id and self.start_date and self.start_date < self.assessment.conducted_on:
            raise ValidationError({"start_date": _("A BIP starts on or after its FBA (%(day)s).") % {
                "day": self.assessment.conducted_on}})


@tracked()
class PlanStrategy(models.Model):
    """A BIP strategy, which is a support of the plan (its text, how-to, who added it and when
    are the support's): `part` says which part of the BIP it carries out."""

    class Part(models.TextChoices):
        PREVENTION = "prevention", _("Prevention")
        TEACHING = "teaching", _("Teaching the replacement behavior")
        RESPONSE = "response", _("Response")

    behavior_plan = models.ForeignKey(BehaviorPlan, on_delete=models.PROTECT, related_name="strategies")
    part = models.CharField(max_length=20, choices=Part.choices)
    support = models.OneToOneField(Support, on_delete=models.PROTECT, related_name="bip_strategy")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["behavior_plan", "part", "pk"]
        verbose_name_plural = "plan strategies"

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.support}"


@tracked()
class BehaviorRecord(LateEntry):
    """Behavior data for one target behavior: a tally (count), a duration or an interval
    recording, in the measure of its target. `date` and `time` are when it happened."""

    Setting = DataPoint.Setting

    target = models.ForeignKey(TargetBehavior, on_delete=models.PROTECT, related_name="records")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    setting = models.CharField(max_length=20, choices=DataPoint.Setting.choices,
                               default=DataPoint.Setting.GEN_ED)
    count = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    intervals_observed = models.PositiveSmallIntegerField(null=True, blank=True)
    intervals_with = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Intervals in which the behavior happened."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "time", "pk"]
        indexes = [models.Index(fields=["target", "date"])]
        constraints = [
            *LateEntry.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    Q(count__gt=0, seconds__isnull=True, intervals_observed__isnull=True,
                      intervals_with__isnull=True)
                    | Q(count__isnull=True, seconds__gt=0, intervals_observed__isnull=True,
                        intervals_with__isnull=True)
                    | Q(count__isnull=True, seconds__isnull=True, intervals_observed__gt=0,
                        intervals_with__lte=models.F("intervals_observed"))
                ),
                name="behavior_record_one_measure",
                violation_error_message=_("A record is a count, a duration or intervals, one of them."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.date}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.count is not None:
            return str(_("%(n)s times") % {"n": self.count})
        if self.seconds is not None:
            return str(_("%(m)s min %(s)s s") % {"m": self.seconds // 60, "s": self.seconds % 60})
        return str(_("%(with)s of %(observed)s intervals") % {
            "with": self.intervals_with, "observed": self.intervals_observed})

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Behavior data are recorded for today or an earlier day.")})
        if not self.target_id:
            return
        wanted = {
            TargetBehavior.Measure.FREQUENCY: self.count is not None,
            TargetBehavior.Measure.DURATION: self.seconds is not None,
            TargetBehavior.Measure.INTERVAL: self.intervals_observed is not None,
        }[TargetBehavior.Measure(self.target.measure)]
        if not wanted:
            raise ValidationError(_("“%(name)s” is recorded as %(measure)s.") % {
                "name": self.target.name, "measure": self.target.get_measure_display().lower()})
        if (self.intervals_observed is not None and self.intervals_with is not None
                and self.intervals_with > self.intervals_observed):
            raise ValidationError({"intervals_with": _("More intervals with the behavior than observed.")})


@tracked()
class Incident(LateEntry):
    """An ABC note: what came before, the behavior, and what followed, for one occurrence."""

    behavior_plan = models.ForeignKey(BehaviorPlan, on_delete=models.PROTECT, related_name="incidents")
    target = models.ForeignKey(TargetBehavior, on_delete=models.PROTECT, related_name="incidents",
                               null=True, blank=True)
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    setting = models.CharField(max_length=20, choices=DataPoint.Setting.choices,
                               default=DataPoint.Setting.GEN_ED)
    antecedent = models.CharField(max_length=500, help_text=_("What happened just before."))
    behavior = models.CharField(max_length=500, help_text=_("What the student did, as observed."))
    consequence = models.CharField(max_length=500, help_text=_("What happened just after."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        indexes = [models.Index(fields=["behavior_plan", "-date"])]
        constraints = LateEntry.Meta.constraints

    def __str__(self) -> str:
        return f"ABC {self.date}: {self.behavior[:40]}"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("An incident is noted on or after the day it happened.")})

