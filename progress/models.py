"""Progress monitoring: IEP goals, the data collected on them, requests for data, and the
progress reports families receive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accommodations.models import Support, SupportReview
from iep_portal.history import tracked
from iep_portal.languages import family_languages
from progress import phases, trend
from students.models import IEP, Enrollment, ParaAssignment, TeamMember

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from iep_portal.models import User


class DataDueFields(TypedDict):
    """What `GoalQuerySet.with_data_due()` adds to each goal."""

    last_data_on: dt.date | None
    data_due_on: dt.date


def default_interval() -> int:
    return settings.PROGRESS_COLLECTION_INTERVAL_DAYS


def default_reports_per_year() -> int:
    return settings.PROGRESS_REPORTS_PER_YEAR


class GoalQuerySet(models.QuerySet["Goal"]):
    def active(self) -> GoalQuerySet:
        """Goals still being worked on, on an IEP in effect."""
        return self.filter(active=True, iep__status=IEP.Status.ACTIVE)

    def collected_by(self, user: User) -> GoalQuerySet:
        return self.filter(Exists(GoalCollector.objects.filter(goal=OuterRef("pk"), user=user)))

    def with_data_due(self) -> models.QuerySet[WithAnnotations[Goal, DataDueFields]]:
        """Annotate `last_data_on` (latest data point, or None) and `data_due_on`.

        The collection clock starts at the latest data point that counts
        (`DataPointQuerySet.counting`), or when there is none at the
        later of the IEP's start and the goal's creation; data are due `collection_interval_days`
        after that. One query, however many goals (the annotation is a correlated subquery).
        """
        last = Subquery(
            DataPoint.objects.counting().filter(goal=OuterRef("pk")).order_by("-date").values("date")[:1],
            output_field=models.DateField(),
        )
        since = Coalesce(last, Greatest(F("iep__start_date"), TruncDate("created_at")))
        # The cast names the annotations for type checking; the plugin sees only Any.
        return cast(
            "models.QuerySet[WithAnnotations[Goal, DataDueFields]]",
            self.annotate(
                last_data_on=last,
                data_due_on=models.ExpressionWrapper(
                    since + F("collection_interval_days"), output_field=models.DateField()
                ),
            ),
        )


@tracked()
class Goal(models.Model):
    class Measure(models.TextChoices):
        PERCENT = "percent", _("Percent correct")
        COUNT = "count", _("Count or frequency")
        DURATION = "duration", _("Duration (minutes)")
        RUBRIC = "rubric", _("Rubric level")
        TRIALS = "trials", _("Trials correct out of N")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="goals")
    area = models.CharField(_("area"), max_length=80, help_text=_("e.g. Reading fluency, Behavior"))
    annual_goal = models.TextField(_("annual goal"))
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    unit = models.CharField(
        _("unit"),
        max_length=40,
        blank=True,
        help_text=_("What a count or duration counts, e.g. words per minute, outbursts per day."),
    )
    rubric_max = models.PositiveSmallIntegerField(
        _("highest rubric level"), null=True, blank=True, help_text=_("For rubric goals only.")
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=8, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    target_date = models.DateField(_("target date"))
    collectors: models.ManyToManyField[User, GoalCollector] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GoalCollector",
        related_name="collected_goals",
    )
    collection_interval_days = models.PositiveSmallIntegerField(
        _("collect data every (days)"),
        default=default_interval,
    )
    short_term_objectives = models.TextField(
        _("short-term objectives"), blank=True, help_text=_("Optional; one per line.")
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["iep", "area", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="goal_target_after_baseline",
                violation_error_message=_("The target date must be after the baseline date."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__gte=0) & Q(target_value__gte=0),
                name="goal_values_not_negative",
                violation_error_message=_("Baseline and target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(collection_interval_days__gte=1),
                name="goal_interval_positive",
                violation_error_message=_("Collect data at least every day or more."),
            ),
            models.CheckConstraint(
                condition=~Q(measure="rubric") | Q(rubric_max__gte=1),
                name="goal_rubric_has_max",
                violation_error_message=_("A rubric goal needs its highest rubric level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.annual_goal[:60]}"

    @property
    def is_trials(self) -> bool:
        return self.measure == self.Measure.TRIALS

    @property
    def increasing(self) -> bool:
        return self.target_value >= self.baseline_value

    @property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.short_term_objectives.splitlines() if line.strip()]

    @property
    def value_label(self) -> str:
        """The y-axis label: what a value means."""
        if self.measure in (self.Measure.PERCENT, self.Measure.TRIALS):
            return str(_("Percent correct"))
        if self.measure == self.Measure.RUBRIC:
            return str(_("Rubric level (0 to %(max)s)") % {"max": self.rubric_max})
        if self.unit:
            return self.unit
        return str(self.get_measure_display())

    def value_error(self, value: Decimal | float) -> str | None:
        """A plain-language reason this value does not fit the measure, or None."""
        if value < 0:
            return str(_("A value cannot be negative."))
        if self.measure in (self.Measure.PERCENT, self.Measure.TRIALS) and value > 100:
            return str(_("A percent must be between 0 and 100."))
        if self.measure == self.Measure.RUBRIC and self.rubric_max and value > self.rubric_max:
            return str(_("A rubric level must be between 0 and %(max)s.") % {"max": self.rubric_max})
        return None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.measure == self.Measure.RUBRIC and not self.rubric_max:
            errors["rubric_max"] = str(_("A rubric goal needs its highest rubric level."))
        for field in ("baseline_value", "target_value"):
            value = getattr(self, field)
            if value is not None and self.measure and (problem := self.value_error(value)):
                errors[field] = problem
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            errors["target_date"] = str(_("The target date must be after the baseline date."))
        if errors:
            raise ValidationError(errors)

    def analyse(
        self, points: list[DataPoint], decisions: list[GoalDecision], until: dt.date | None = None,
    ) -> trend.Analysis:
        """The graph's lines and the rule's decision from these points and this goal's
        decisions (already fetched, in any order), as of `until`: the trend and the rule read
        the current phase only (progress.decisions.current_phase)."""
        from progress.decisions import current_phase

        phase = current_phase(points, decisions, until)
        return trend.analyse(
            baseline=float(self.baseline_value),
            baseline_date=self.baseline_date,
            target=float(self.target_value),
            target_date=self.target_date,
            points=[trend.Point(p.date, float(p.value)) for p in phase.points],
            run=settings.PROGRESS_DECISION_RUN,
            phase_start=phase.start,
        )

    def aim(self) -> trend.Line:
        return trend.aimline(float(self.baseline_value), self.baseline_date, float(self.target_value),
                             self.target_date)


@tracked()
class GoalCollector(models.Model):
    """A named person who collects data on a goal (the matrix's "collect data", made concrete)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="collector_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["goal", "user"], name="goal_collector_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} collects for {self.goal_id}"


def eligible_collectors(iep: IEP, day: dt.date) -> models.QuerySet[User]:
    """People who may collect data on this IEP's goals: the case manager, team members who
    are not view-only, teachers of classes the student is enrolled in on `day`, and the
    paraprofessionals assigned to the student (by name or through a class) on `day`."""
    from iep_portal.models import User

    on_team = TeamMember.objects.filter(iep=iep, user=OuterRef("pk")).exclude(role=TeamMember.Role.OBSERVER)
    teaches = Enrollment.objects.current(day).filter(student=iep.student_id, section__teacher=OuterRef("pk"))
    paras = ParaAssignment.objects.on(day).filter(para=OuterRef("pk")).filter(
        Q(student=iep.student_id)
        | Q(section__in=Enrollment.objects.current(day).filter(student=iep.student_id).values("section")))
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk=iep.case_manager_id) | Q(Exists(on_team)) | Q(Exists(teaches)) | Q(Exists(paras)))
        .order_by("last_name", "first_name")
    )


class DataPointQuerySet(models.QuerySet["DataPoint"]):
    def counting(self) -> DataPointQuerySet:
        """The data points that count: every reader of data (the graph, trend and decision
        rule, progress reports, data-due reminders, My day, the evidence packet's graphs)
        goes through this. A point entered past the approval window counts only once an
        administrator approves it; a rejected one never does (both stay on record)."""
        return self.filter(approval__in=DataPoint.COUNTING)

    def waiting_approval(self) -> DataPointQuerySet:
        return self.filter(approval=DataPoint.Approval.WAITING)


@tracked()
class DataPoint(models.Model):
    """One measurement on a goal: when it happened (`date`), when and by whom it was
    recorded, and, when it was recorded late, why (students/lateness.py has the rule)."""

    class Setting(models.TextChoices):
        SPECIAL_ED = "special_ed", _("Special education")
        GEN_ED = "gen_ed", _("General education")
        OTHER = "other", _("Other setting")

    class Approval(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        WAITING = "waiting", _("Waiting for an administrator's approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    COUNTING = (Approval.NOT_NEEDED, Approval.APPROVED)

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="data_points")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    correct = models.PositiveSmallIntegerField(_("trials correct"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("trials in all"), null=True, blank=True)
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Nullable only for the history table's sake (rows from before it was kept); the
    # constraint below requires it on every data point.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    late = models.BooleanField(_("entered late"), default=False)
    late_reason = models.CharField(_("why it was entered late"), max_length=300, blank=True)
    approval = models.CharField(
        _("approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("administrator's note"), max_length=300, blank=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["goal", "date"]),
            models.Index(fields=["approval"], condition=Q(approval="waiting"), name="data_point_waiting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="data_point_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(correct__isnull=True) & Q(total__isnull=True))
                | (Q(total__gte=1) & Q(correct__lte=F("total"))),
                name="data_point_trials_consistent",
                violation_error_message=_(
                    "Trials need both numbers, and correct cannot exceed the number of trials."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False),
                name="data_point_has_recorder",
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_reason=""),
                name="data_point_late_has_reason",
                violation_error_message=_("Say why this data point is entered late."),
            ),
            models.CheckConstraint(
                condition=Q(approval="not_needed") | Q(late=True),
                name="data_point_approval_only_when_late",
            ),
            models.CheckConstraint(
                condition=(
                    Q(approval__in=["not_needed", "waiting"])
                    & Q(decided_at__isnull=True)
                    & Q(decided_by__isnull=True)
                )
                | (
                    Q(approval__in=["approved", "rejected"])
                    & Q(decided_at__isnull=False)
                    & Q(decided_by__isnull=False)
                ),
                name="data_point_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.display_value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A row made outside data_point_record (admin, fixtures) was recorded by its collector.
        if self.recorded_by_id is None:
            self.recorded_by_id = self.collected_by_id
        super().save(*args, **kwargs)

    @property
    def counts(self) -> bool:
        return self.approval in self.COUNTING

    @property
    def display_value(self) -> str:
        if self.correct is not None and self.total is not None:
            return f"{self.correct}/{self.total} ({self.value.normalize():f}%)"
        return f"{self.value.normalize():f}"


class DataRequestQuerySet(models.QuerySet["DataRequest"]):
    def open(self) -> DataRequestQuerySet:
        return self.filter(status=DataRequest.Status.OPEN)

    def past_due(self, today: dt.date) -> DataRequestQuerySet:
        return self.open().filter(due_on__lt=today)

    def for_goals(self) -> DataRequestQuerySet:
        """Requests for goal data (not support reviews)."""
        return self.filter(goal__isnull=False)

    def for_supports(self) -> DataRequestQuerySet:
        """Requests for a support review (not goal data)."""
        return self.filter(support__isnull=False)

    def answerable(self, today: dt.date) -> DataRequestQuerySet:
        """Requests that can still be answered: on an active IEP, for a goal still worked on
        or a support not ended by `today`."""
        return self.filter(
            Q(goal__iep__status=IEP.Status.ACTIVE, goal__active=True)
            | (Q(support__iep__status=IEP.Status.ACTIVE)
               & (Q(support__end_date__isnull=True) | Q(support__end_date__gte=today)))
        )

    def of_students(self, students: Any) -> DataRequestQuerySet:
        """Requests about these students (pks, or a Student queryset), goal or support."""
        return self.filter(Q(goal__iep__student__in=students) | Q(support__iep__student__in=students))

    def with_subject(self) -> DataRequestQuerySet:
        """With what the request is about loaded: the goal or the support, its IEP and student."""
        return self.select_related("goal__iep__student", "support__iep__student")


@tracked()
class DataRequest(models.Model):
    """The case manager asks one named teacher, by a date, for data on a goal or for a review
    of a support (exactly one of `goal` and `support`).

    It closes itself (status answered) when that teacher records a data point on the goal
    (`answer`) or reviews the support (`review`, accommodations.SupportReview).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="data_requests", null=True,
                             blank=True)
    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="review_requests",
                                null=True, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("data needed by"))
    message = models.CharField(_("message"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answer = models.ForeignKey(DataPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    review = models.ForeignKey(SupportReview, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "teacher"],
                condition=Q(status="open"),
                name="data_request_one_open_per_teacher",
                violation_error_message=_("This teacher already has an open request for this goal."),
            ),
            models.UniqueConstraint(
                fields=["support", "teacher"],
                condition=Q(status="open"),
                name="review_request_one_open_per_teacher",
                violation_error_message=_("This teacher already has an open request to review this support."),
            ),
            models.CheckConstraint(
                condition=Q(goal__isnull=False, support__isnull=True)
                | Q(goal__isnull=True, support__isnull=False),
                name="data_request_goal_or_support",
                violation_error_message=_("A request is for a goal's data or a support's review."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="data_request_closed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["teacher", "status"])]

    def __str__(self) -> str:
        if self.support_id is not None:
            return f"Review of {self.support_id} from {self.teacher} by {self.due_on}"
        return f"Data on {self.goal_id} from {self.teacher} by {self.due_on}"

    @property
    def is_review(self) -> bool:
        return self.support_id is not None

    @property
    def iep(self) -> IEP:
        """The IEP the goal or the support belongs to (load them: `with_subject`)."""
        return self.support.iep if self.support is not None else cast("Goal", self.goal).iep

    @property
    def about(self) -> str:
        """What is asked for, in a few words: "Reading data" or "a review of “Extended time”"."""
        if self.support is not None:
            return str(_("a review of “%(support)s”") % {"support": self.support.text})
        return str(_("%(area)s data") % {"area": cast("Goal", self.goal).area})


@tracked()
class ReportingSchedule(models.Model):
    """How often this IEP promises families a progress report (default: the district's)."""

    iep = models.OneToOneField(IEP, on_delete=models.CASCADE, related_name="reporting_schedule")
    reports_per_year = models.PositiveSmallIntegerField(
        _("progress reports a year"),
        default=default_reports_per_year,
        choices=[
            (2, _("Twice a year (semesters)")),
            (3, _("Three times a year (trimesters)")),
            (4, _("Four times a year (quarters)")),
            (6, _("Six times a year")),
        ],
    )

    def __str__(self) -> str:
        return f"{self.reports_per_year} reports a year"


@tracked()
class ProgressReport(models.Model):
    """Progress on one goal for one reporting period, as told to the family."""

    class Code(models.TextChoices):
        MASTERED = trend.MASTERED, _("Mastered")
        SUFFICIENT = trend.SUFFICIENT, _("Sufficient progress to meet the goal")
        INSUFFICIENT = trend.INSUFFICIENT, _("Insufficient progress to meet the goal")
        NOT_INTRODUCED = trend.NOT_INTRODUCED, _("Not yet introduced")

    class SentHow(models.TextChoices):
        PAPER = "paper", _("Paper copy sent home")
        MAIL = "mail", _("Mailed")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Given at a meeting")

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="reports")
    period_number = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    code = models.CharField(_("progress"), max_length=16, choices=Code.choices)
    suggested_code = models.CharField(max_length=16, choices=Code.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    # Snapshot of the numbers at writing time (see progress.reports.data_summary): the report
    # as sent must not change when later data arrive.
    data_summary = models.JSONField(default=dict)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    sent_on = models.DateField(_("sent to family on"), null=True, blank=True)
    sent_how = models.CharField(_("how"), max_length=10, choices=SentHow.choices, blank=True)
    sent_language = models.CharField(_("language"), max_length=5, choices=family_languages, blank=True)
    # Staff texts the family copy printed in English when it was sent (the case manager
    # acknowledged them): a copy sent so never passes as translated.
    sent_untranslated = models.JSONField(_("sent untranslated"), default=list, blank=True)

    class Meta:
        ordering = ["period_start", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "period_start"], name="progress_report_once_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="progress_report_period_order"
            ),
            models.CheckConstraint(
                condition=(Q(sent_on__isnull=True) & Q(sent_how="") & Q(sent_language=""))
                | (Q(sent_on__isnull=False) & ~Q(sent_how="") & ~Q(sent_language="")),
                name="progress_report_sent_complete",
                violation_error_message=_("A sent report needs the date, how and the language."),
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.goal_id} for period {self.period_number}"


class GoalDecisionQuerySet(models.QuerySet["GoalDecision"]):
    def in_order(self) -> GoalDecisionQuerySet:
        return self.order_by("decided_on", "pk")


@tracked()
class GoalDecision(models.Model):
    """What the case manager decided about a goal, on a day, from the data then on it.

    An instructional change draws a phase line on the graph and starts a new phase: the
    trend and the decision rule read only the points after it (progress.phases). Raising or
    lowering the goal is an IEP change: it is recorded here and made through an amendment.
    Ending the goal as met stops data collection on it. Decisions are never edited: a
    different decision is a new row.
    """

    class Kind(models.TextChoices):
        CONTINUE = "continue", _("Continue the current instruction")
        CHANGE = phases.CHANGE, _("Change the instruction")
        RAISE = "raise", _("Raise the goal (IEP amendment)")
        LOWER = "lower", _("Lower the goal (IEP amendment)")
        MET = "met", _("End the goal: met")

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=10, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    # What changed, for an instructional change (at least one).
    changed_strategy = models.BooleanField(_("Strategy: a different way of teaching it"), default=False)
    changed_intensity = models.BooleanField(_("Intensity: more practice or feedback"), default=False)
    changed_group = models.BooleanField(_("Group size: a smaller group"), default=False)
    changed_minutes = models.BooleanField(_("Minutes: more time for it"), default=False)
    label = models.CharField(
        _("phase label"), max_length=60, blank=True,
        help_text=_("A few words drawn at the phase line, e.g. “Group of 3, repeated reading”."),
    )
    detail = models.TextField(_("what the team decided, in words"), blank=True)
    consulted = models.CharField(
        _("who was consulted"), max_length=300, blank=True,
        help_text=_("e.g. the reading specialist, Ms. Ortiz (gen-ed), the family by phone"),
    )
    # What the rule said and which data it read when the decision was recorded
    # (progress.decisions.basis): the decision as made must not move when later data arrive.
    based_on = models.JSONField(default=dict)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = GoalDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["goal", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="change")
                | Q(changed_strategy=True) | Q(changed_intensity=True) | Q(changed_group=True)
                | Q(changed_minutes=True),
                name="goal_decision_change_says_what",
                violation_error_message=_("Say what changed: strategy, intensity, group size or minutes."),
            ),
            models.CheckConstraint(
                condition=Q(kind="change") | (
                    Q(changed_strategy=False) & Q(changed_intensity=False) & Q(changed_group=False)
                    & Q(changed_minutes=False)
                ),
                name="goal_decision_only_change_has_changes",
            ),
            models.CheckConstraint(
                condition=~Q(kind="change") | ~Q(label=""),
                name="goal_decision_change_has_label",
                violation_error_message=_("Give the phase line a short label."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on}: {self.get_kind_display()}"

    CHANGE_FIELDS = ("changed_strategy", "changed_intensity", "changed_group", "changed_minutes")

    @property
    def changes(self) -> list[str]:
        """The labels of what changed."""
        return [self.change_label(name) for name in self.CHANGE_FIELDS if getattr(self, name)]

    @classmethod
    def change_label(cls, name: str) -> str:
        return str(cast("models.Field[Any, Any]", cls._meta.get_field(name)).verbose_name)

    @property
    def is_change(self) -> bool:
        return self.kind == self.Kind.CHANGE

    @property
    def changes_goal(self) -> bool:
        return self.kind in (self.Kind.RAISE, self.Kind.LOWER)

    @property
    def mark(self) -> phases.Mark:
        return phases.Mark(self.decided_on, self.kind, self.label, self.pk or 0)


class TranslationBase(models.Model):
    """A staff text in a family's language, as a member of the team entered it.

    `translated_from` is the English it was made from: when the team's English changes, the
    translation no longer counts and the family copy says that part is not translated
    (iep_portal.translations.staff_text). A new translation replaces the text in place; the
    history table keeps every earlier one, with who entered it."""

    language = models.CharField(_("language"), max_length=5, choices=family_languages)
    text = models.TextField(_("translation"))
    translated_from = models.TextField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        abstract = True


@tracked()
class GoalTranslation(TranslationBase):
    """The goal's area, statement or unit in a family's language, for the family copies."""

    class Part(models.TextChoices):
        AREA = "area", _("Area")
        ANNUAL_GOAL = "annual_goal", _("Annual goal")
        UNIT = "unit", _("Unit")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="translations")
    part = models.CharField(max_length=12, choices=Part.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["goal", "part", "language"], name="goal_translation_once"),
            models.CheckConstraint(condition=~Q(language="en"), name="goal_translation_not_english"),
            models.CheckConstraint(condition=~Q(text=""), name="goal_translation_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.part} in {self.language}"


@tracked()
class NarrativeTranslation(TranslationBase):
    """A progress report's narrative in a family's language."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "language"], name="narrative_translation_once"),
            models.CheckConstraint(condition=~Q(language="en"), name="narrative_translation_not_english"),
            models.CheckConstraint(condition=~Q(text=""), name="narrative_translation_has_text"),
        ]

    def __str__(self) -> str:
        return f"Narrative of report {self.report_id} in {self.language}"
