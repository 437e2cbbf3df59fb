"""Supports on an IEP (accommodations, modifications, SDI strategies) and proof they happen.

A Support says what a student receives, where it applies and how often it is expected. An
ImplementationCheck is one teacher's record that a support was (or was not) provided in one
class on one day; an Assessment is a teacher's note that a class had a test that day, which is
what makes assessment-only supports expected. Acknowledgements are append-only "I have read
the supports I am responsible for" rows; whether one is still current is computed from data
(see accommodations/acknowledgements.py). A SupportReview says whether the student uses a support, how
much help they still need and what should change (accommodations.support_trend follows them).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.timefmt import format_datetime
from students.models import IEP, Section, Student

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import StrOrPromise


class SupportQuerySet(models.QuerySet["Support"]):
    def current(self, day: dt.date | None = None) -> SupportQuerySet:
        """Supports in effect on `day` (today by default): started, not ended."""
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def on_active_ieps(self) -> SupportQuerySet:
        return self.filter(iep__status=IEP.Status.ACTIVE)


@tracked()
class Support(models.Model):
    """One line of an IEP's supports: an accommodation, a modification or an SDI strategy.

    All three share where they apply and how often a check is expected, so one table holds
    them and one check table refers to them. `Accommodation` and `Strategy` below are proxies
    for reading code and the admin.
    """

    class Kind(models.TextChoices):
        ACCOMMODATION = "accommodation", _("Accommodation")
        MODIFICATION = "modification", _("Modification")
        STRATEGY = "strategy", _("SDI strategy to reinforce")

    class Category(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        RESPONSE = "response", _("Response")
        SETTING = "setting", _("Setting")
        TIMING = "timing", _("Timing and scheduling")

    class Scope(models.TextChoices):
        ALL_CLASSES = "all", _("All classes")
        SUBJECTS = "subjects", _("Chosen subjects")
        ASSESSMENTS = "assessments", _("Assessments only")

    class Frequency(models.TextChoices):
        EVERY_CLASS = "every_class", _("Every class meeting")
        ASSESSMENTS = "assessments", _("On assessments")
        AS_NEEDED = "as_needed", _("As needed")

    class Source(models.TextChoices):
        PLAN = "", _("The plan")
        BEHAVIOR_PLAN = "behavior_plan", _("Behavior intervention plan")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="supports")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ACCOMMODATION)
    category = models.CharField(
        max_length=20, choices=Category.choices, blank=True,
        help_text=_("For accommodations and modifications."),
    )
    text = models.CharField(
        max_length=300, help_text=_("What the student gets, in words a teacher can act on.")
    )
    how_to = models.TextField(
        _("how to"), blank=True,
        help_text=_("For a strategy: a short how-to so every teacher does it the same way."),
    )
    scope = models.CharField(
        _("applies to"), max_length=20, choices=Scope.choices, default=Scope.ALL_CLASSES
    )
    subjects = ArrayField(
        models.CharField(max_length=80), default=list, blank=True,
        help_text=_("When it applies to chosen subjects: which ones."),
    )
    frequency = models.CharField(
        _("expected"), max_length=20, choices=Frequency.choices, default=Frequency.EVERY_CLASS
    )
    # Where the line was written: the IEP or 504 plan itself, or its behavior intervention plan
    # (a BIP's strategies are supports, checked off like any other; behavior_plans adds them).
    source = models.CharField(max_length=20, choices=Source.choices, blank=True, default="",
                              db_default="")
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(null=True, blank=True, help_text=_("Last day it applies."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Any change (add, edit, end) moves this; acknowledgements older than the IEP's latest
    # change are stale. Writes go through actions.py, which always save this field.
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="strategy", category="") | (~Q(kind="strategy") & ~Q(category="")),
                name="support_category_iff_not_strategy",
                violation_error_message=_(
                    "Accommodations and modifications need a category; strategies have none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(scope="subjects", subjects=[]),
                name="support_subjects_when_scoped",
                violation_error_message=_("Choose at least one subject, or apply it to all classes."),
            ),
            models.CheckConstraint(
                condition=~Q(scope="assessments", frequency="every_class"),
                name="support_assessment_scope_not_every_class",
                violation_error_message=_(
                    "A support for assessments only cannot be expected every class meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="support_end_after_start",
                violation_error_message=_("A support cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["iep", "end_date"])]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.kind == self.Kind.STRATEGY:
            self.category = ""
        elif not self.category:
            errors["category"] = _("Choose a category.")
        if self.scope == self.Scope.SUBJECTS and not self.subjects:
            errors["subjects"] = _("Choose at least one subject, or apply it to all classes.")
        if self.scope != self.Scope.SUBJECTS:
            self.subjects = []
        if self.scope == self.Scope.ASSESSMENTS and self.frequency == self.Frequency.EVERY_CLASS:
            errors["frequency"] = _(
                "A support for assessments only is expected on assessments or as needed."
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("A support cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def subjects_applying(cls, scope: str, subjects: Sequence[str]) -> frozenset[str] | None:
        """The subjects (casefolded) a support of this scope applies in; None: every subject."""
        if scope == cls.Scope.SUBJECTS:
            return frozenset(s.strip().casefold() for s in subjects)
        return None

    def applies_to(self, subject: str) -> bool:
        """Whether this support applies in a class of `subject` (at all, on any day)."""
        found = self.subjects_applying(self.scope, self.subjects)
        return found is None or subject.strip().casefold() in found

    @classmethod
    def assessment_only_for(cls, scope: str, frequency: str) -> bool:
        return scope == cls.Scope.ASSESSMENTS or frequency == cls.Frequency.ASSESSMENTS

    @property
    def assessment_only(self) -> bool:
        """Expected only on days the teacher records an assessment."""
        return self.assessment_only_for(self.scope, self.frequency)

    @classmethod
    def expects_checks_for(cls, frequency: str) -> bool:
        return frequency != cls.Frequency.AS_NEEDED

    @property
    def expects_checks(self) -> bool:
        return self.expects_checks_for(self.frequency)

    @staticmethod
    def current_between(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
        """Whether a support running from `start` to `end` (None: open) applies on `day`."""
        return start <= day and (end is None or end >= day)

    def is_current(self, day: dt.date) -> bool:
        return self.current_between(self.start_date, self.end_date, day)

    @property
    def label(self) -> str:
        if self.source == self.Source.BEHAVIOR_PLAN:
            return str(_("Behavior plan strategy"))
        if self.kind == self.Kind.STRATEGY:
            return str(_("Strategy"))
        return f"{self.get_kind_display()} · {self.get_category_display()}"


class AccommodationManager(models.Manager["Support"]):
    def get_queryset(self) -> models.QuerySet[Support]:
        return super().get_queryset().exclude(kind=Support.Kind.STRATEGY)


class StrategyManager(models.Manager["Support"]):
    def get_queryset(self) -> models.QuerySet[Support]:
        return super().get_queryset().filter(kind=Support.Kind.STRATEGY)


class Accommodation(Support):
    """Accommodations and modifications (supports that are not strategies)."""

    objects = AccommodationManager()  # type: ignore[assignment,misc]

    class Meta:
        proxy = True


class Strategy(Support):
    """SDI strategies the case manager hands off to gen-ed teachers to reinforce."""

    objects = StrategyManager()  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name_plural = "strategies"


class Assessment(models.Model):
    """A teacher's record that a class had an assessment on a day.

    This is what makes assessment-only supports expected for that class and day.
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField()
    title = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["section", "date"], name="assessment_once_per_section_day"),
        ]

    def __str__(self) -> str:
        return f"{self.title or 'Assessment'} in {self.section} on {self.date}"


class ImplementationCheckQuerySet(models.QuerySet["ImplementationCheck"]):
    def counted(self) -> ImplementationCheckQuerySet:
        """Checks that count in every figure: all but those entered past the approval window
        and not (or not yet) approved by an administrator."""
        return self.filter(approval__in=[ImplementationCheck.Approval.NOT_NEEDED,
                                         ImplementationCheck.Approval.APPROVED])

    def waiting_approval(self) -> ImplementationCheckQuerySet:
        return self.filter(approval=ImplementationCheck.Approval.WAITING)


@tracked()
class ImplementationCheck(models.Model):
    """One support, for one student, in one class, on one day: was it provided?

    One row per support, section, day and student (a database constraint). `date` is the
    class day (when it happened); `recorded_at` and `teacher` say when and by whom the current
    outcome was recorded. Changing an outcome (accommodations.actions.check_record) writes the
    earlier one to CheckChange first. A check recorded late carries `late` and its reason; one
    recorded past the approval window waits for an administrator before it counts.
    """

    class Outcome(models.TextChoices):
        PROVIDED = "provided", _("Provided")
        NOT_NEEDED = "not_needed", _("Not needed today")
        DECLINED = "declined", _("Student declined")
        NOT_PROVIDED = "not_provided", _("Not provided")
        ABSENT = "absent", _("Student absent")

    class Approval(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        WAITING = "waiting", _("Waiting for an administrator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    support = models.ForeignKey(Support, on_delete=models.PROTECT, related_name="checks")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("class day"))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True)
    # Defaults in the database too, so bulk loads (COPY) and raw inserts get them.
    recorded_at = models.DateTimeField(default=timezone.now, db_default=Now())
    late = models.BooleanField(default=False, db_default=False)
    late_reason = models.CharField(max_length=300, blank=True, default="", db_default="")
    approval = models.CharField(max_length=10, choices=Approval.choices, blank=True, default="",
                                db_default="")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImplementationCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["support", "section", "date", "student"], name="check_once_per_support_day",
                violation_error_message=_("This support is already checked for this class today."),
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_reason=""), name="check_late_has_reason",
                violation_error_message=_("A check-off recorded late needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(approval="") | Q(late=True), name="check_approval_only_when_late",
                violation_error_message=_("Only a late check-off waits for approval."),
            ),
            models.CheckConstraint(
                condition=Q(approval__in=["", "waiting"]) | Q(approved_by__isnull=False),
                name="check_decided_by_someone",
                violation_error_message=_("An approval or refusal names the administrator."),
            ),
        ]
        indexes = [
            models.Index(fields=["student", "date"]), models.Index(fields=["section", "date"]),
            models.Index(fields=["approval"], condition=Q(approval="waiting"), name="check_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.support} · {self.section} · {self.date}: {self.get_outcome_display()}"

    @property
    def counts(self) -> bool:
        return self.approval in {self.Approval.NOT_NEEDED, self.Approval.APPROVED}


class CheckChange(models.Model):
    """An earlier outcome of a check-off, kept when it was changed (append-only).

    `outcome`, `note`, `recorded_by` and `recorded_at` are what the check said before the
    change and who had recorded it when; `changed_by` and `changed_at` are the change.
    """

    check_off = models.ForeignKey(ImplementationCheck, on_delete=models.CASCADE, related_name="changes")
    outcome = models.CharField(max_length=20, choices=ImplementationCheck.Outcome.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["check_off", "changed_at", "pk"]

    def __str__(self) -> str:
        when = format_datetime(self.recorded_at)
        return f"was {self.get_outcome_display()} (by {self.recorded_by}, {when})"


class Acknowledgement(models.Model):
    """"I have read the supports I am responsible for", by one adult, for one IEP.

    Append-only: each acknowledgement is a new row. Whether a person's latest one still
    covers the IEP is computed (accommodations/acknowledgements.py), never stored.
    """

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        indexes = [models.Index(fields=["iep", "user", "-acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.iep} at {format_datetime(self.acknowledged_at)}"


class SupportReviewQuerySet(models.QuerySet["SupportReview"]):
    def flagged(self) -> SupportReviewQuerySet:
        """Reviews that need the case manager, not yet addressed: not working or not used (the
        old single rating), used rarely, or asking to change or drop the support."""
        return self.filter(
            Q(rating__in=[SupportReview.Rating.NOT_WORKING, SupportReview.Rating.NOT_USING])
            | Q(used=SupportReview.Use.RARELY)
            | Q(adjustment__in=[SupportReview.Adjustment.CHANGE, SupportReview.Adjustment.DROP]),
            resolved_at__isnull=True,
        )

    def followed(self) -> SupportReviewQuerySet:
        """Reviews that say how the student used the support and how much help they needed
        (those written before these questions existed say only whether it worked)."""
        return self.exclude(used="").exclude(prompting="")


class SupportReview(models.Model):
    """One adult's review of a support: whether the student used it when offered, how much
    adult help the student needed, and what adjustment the reviewer proposes. Reviews written
    before those questions carry only `rating` ("is this working?"); they stay valid. The
    trend across reviews and reviewers is accommodations.support_trend."""

    class Rating(models.TextChoices):
        WORKING = "working", _("Working")
        NOT_WORKING = "not_working", _("Not working")
        NOT_USING = "not_using", _("Student not using it")
        NOT_SURE = "not_sure", _("Not sure")

    class Use(models.TextChoices):
        ALWAYS = "always", _("Always")
        MOSTLY = "mostly", _("Mostly")
        SOMETIMES = "sometimes", _("Sometimes")
        RARELY = "rarely", _("Rarely")

    class Prompting(models.TextChoices):
        # A prompt hierarchy, most help first.
        FULL = "full", _("Full help (an adult does it with the student)")
        PARTIAL = "partial", _("Partial help (an adult starts it or models it)")
        GESTURAL = "gestural", _("A gesture or reminder")
        INDEPENDENT = "independent", _("Independent")

    class Adjustment(models.TextChoices):
        KEEP = "keep", _("Keep as it is")
        FADE = "fade", _("Fade it (less help)")
        CHANGE = "change", _("Change it")
        ADD = "add", _("Add a support")
        DROP = "drop", _("Drop it")

    support = models.ForeignKey(Support, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    used = models.CharField(_("used when offered"), max_length=10, choices=Use.choices, blank=True)
    prompting = models.CharField(_("adult help needed"), max_length=12, choices=Prompting.choices, blank=True)
    adjustment = models.CharField(_("proposed adjustment"), max_length=10, choices=Adjustment.choices,
                                  blank=True)
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = SupportReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["support", "created_at"], name="support_review_by_support")]
        constraints = [
            # A review answers the old question or all three new ones.
            models.CheckConstraint(
                condition=~Q(rating="") | (~Q(used="") & ~Q(prompting="") & ~Q(adjustment="")),
                name="support_review_answers_something",
                violation_error_message=_("Say how the student used the support, how much help they "
                                          "needed and what you propose."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.support}: {self.summary} ({self.reviewer})"

    @property
    def summary(self) -> str:
        """The answer in a few words: "Used mostly · gestural · fade" or the old rating."""
        if not self.used:
            return str(self.get_rating_display())
        return " · ".join([
            str(_("Used %(how)s") % {"how": str(self.get_used_display()).lower()}),
            str(self.get_prompting_display()),
            str(self.get_adjustment_display()),
        ])

    @property
    def help_short(self) -> str:
        """The adult help in a word or two, for the trend table."""
        return str({"full": _("full help"), "partial": _("partial help"), "gestural": _("a gesture"),
                    "independent": _("independent")}.get(self.prompting, ""))

    @property
    def flag_words(self) -> str:
        """Why the review needs the case manager, in a few words ("" when it does not)."""
        if self.rating in {self.Rating.NOT_WORKING, self.Rating.NOT_USING}:
            return str(self.get_rating_display()).lower()
        if self.adjustment in {self.Adjustment.CHANGE, self.Adjustment.DROP}:
            changing = self.adjustment == self.Adjustment.CHANGE
            return str(_("change proposed") if changing else _("drop proposed"))
        if self.used == self.Use.RARELY:
            return str(_("used rarely"))
        return ""

    @property
    def is_flag(self) -> bool:
        """The Python twin of SupportReviewQuerySet.flagged (before `resolved_at`)."""
        return bool(self.flag_words)
