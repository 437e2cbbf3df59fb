"""Service requirements (what the IEP promises) and the session log (what happened).

A certified session is a legal record: the database refuses to UPDATE or DELETE it (a
trigger), so corrections are new rows that point at the row they correct (`amends`), and a
void is a row too. The effective log is the rows nobody has amended and that are not voids.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from services import ledger
from students.models import IEP, Student, TeamMember

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from iep_portal.models import User


class ServiceRequirementQuerySet(models.QuerySet["ServiceRequirement"]):
    def loggable_by(self, user: User) -> ServiceRequirementQuerySet:
        """Requirements of active IEPs this user may log sessions for: the ones they provide,
        and every one on an IEP they case-manage, of students they may see now (a provider
        removed from the team keeps no line, even one still naming them)."""
        # A union of keys rather than an OR across the IEP join, so each side uses its index
        # instead of PostgreSQL reading every requirement in the district.
        mine = ServiceRequirement.objects.filter(provider=user).values("pk").union(
            ServiceRequirement.objects.filter(iep__case_manager=user).values("pk"),
            ServiceCoProvider.objects.current().filter(user=user).values("requirement_id"),
        )
        return (self.filter(iep__status=IEP.Status.ACTIVE).filter(pk__in=mine)
                .filter(iep__student__in=Student.objects.visible_to(user)))

    def regular_year(self) -> ServiceRequirementQuerySet:
        """Lines delivered in the school year. THE filter of the school year's ledger, My day,
        reminders and figures: an extended-school-year line runs on its own summer calendar
        (the esy app's ledger), so it never enters them and counts none of their days."""
        return self.filter(season=ServiceRequirement.Season.REGULAR)

    def extended_year(self) -> ServiceRequirementQuerySet:
        """Extended-school-year lines (34 CFR 300.106), counted on the ESY calendar only."""
        return self.filter(season=ServiceRequirement.Season.ESY)


@tracked()
class ServiceRequirement(models.Model):
    """One service line of an IEP: who provides what, how much, how often, where, when."""

    class Kind(models.TextChoices):
        SDI = "sdi", _("Specially designed instruction")
        RELATED = "related", _("Related service")
        SUPPLEMENTARY = "supplementary", _("Supplementary aid or support")

    class Period(models.TextChoices):
        DAY = ledger.DAY, _("per day")
        WEEK = ledger.WEEK, _("per week")
        MONTH = ledger.MONTH, _("per month")

    class Setting(models.TextChoices):
        GEN_ED = "gen_ed", _("General-education classroom (push-in)")
        SPECIAL_ED = "special_ed", _("Special-education setting (pull-out)")

    class Season(models.TextChoices):
        REGULAR = "regular", _("School year")
        ESY = "esy", _("Extended school year")

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="service_requirements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    area = models.CharField(max_length=80, help_text=_("e.g. Reading, Math, Speech-language, OT"))
    minutes = models.PositiveIntegerField(help_text=_("Minutes per period."))
    sessions = models.PositiveSmallIntegerField(default=1, help_text=_("Sessions per period."))
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.WEEK)
    setting = models.CharField(max_length=20, choices=Setting.choices)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="services_provided"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    # Which calendar the line's minutes are counted on: the school year's, or the extended
    # school year's summer session (added only while the IEP's ESY decision is "needed").
    season = models.CharField(max_length=10, choices=Season.choices, default=Season.REGULAR)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["iep", "kind", "area"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="service_requirement_minutes_positive",
                violation_error_message=_("A service needs some minutes."),
            ),
            models.CheckConstraint(
                condition=Q(sessions__gt=0), name="service_requirement_sessions_positive",
                violation_error_message=_("A service needs at least one session per period."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="service_requirement_end_after_start",
                violation_error_message=_("The service cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.minutes} min {self.get_period_display()}"

    @property
    def summary(self) -> str:
        per = self.get_period_display()
        times = f"{self.sessions} session{'s' if self.sessions != 1 else ''}"
        return f"{self.minutes} min {per} ({times})"

    @property
    def session_length(self) -> int:
        return self.as_service().session_length

    @property
    def is_esy(self) -> bool:
        return self.season == self.Season.ESY

    def as_service(self, *, days_per_week: int = ledger.REGULAR_DAYS_PER_WEEK) -> ledger.Service:
        """The ledger's view: the dates clipped to the IEP's (a superseded IEP ends early);
        `days_per_week` is its calendar's (an ESY session's may be 4)."""
        return ledger.Service(
            period=self.period, minutes=self.minutes, sessions=self.sessions,
            start=max(self.start_date, self.iep.start_date), end=min(self.end_date, self.iep.end_date),
            days_per_week=days_per_week,
        )

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        iep = self.iep if self.iep_id else None
        if iep and self.start_date and not (iep.start_date <= self.start_date <= iep.end_date):
            errors["start_date"] = _("The service must start while the IEP is in effect "
                                     "(%(start)s to %(end)s).") % {"start": iep.start_date,
                                                                   "end": iep.end_date}
        if iep and self.end_date and not (iep.start_date <= self.end_date <= iep.end_date):
            errors["end_date"] = _("The service must end by the end of the IEP (%(end)s).") % {
                "end": iep.end_date}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The service cannot end before it starts.")
        if iep and iep.is_504 and self.kind == self.Kind.SDI:
            errors["kind"] = _("Specially designed instruction is special education: a 504 plan "
                               "carries related services and supplementary aids, not SDI.")
        if self.minutes is not None and self.sessions and self.minutes < self.sessions:
            errors["minutes"] = _("Each session needs at least one minute.")
        if (self.period == self.Period.DAY and self.minutes
                and self.minutes > settings.SERVICES_SCHOOL_DAY_MINUTES):
            errors["minutes"] = _("That is longer than the school day (%(n)s minutes).") % {
                "n": settings.SERVICES_SCHOOL_DAY_MINUTES}
        if iep and self.provider_id and self.provider_id != iep.case_manager_id:
            on_team = TeamMember.objects.filter(
                iep=iep, user_id=self.provider_id,
                role__in=[TeamMember.Role.PROVIDER, TeamMember.Role.CO_TEACHER],
            ).exists()
            if not on_team:
                errors["provider"] = _("The provider must be the case manager or a provider "
                                       "on this IEP's team. Add them to the team first.")
        if errors:
            raise ValidationError(errors)


class ServiceCoProviderQuerySet(models.QuerySet["ServiceCoProvider"]):
    def current(self) -> ServiceCoProviderQuerySet:
        """Co-providers named and not removed."""
        return self.filter(removed_at__isnull=True)


@tracked()
class ServiceCoProvider(models.Model):
    """A second person the case manager named to deliver (and so certify) a service line,
    with who named them and when; a removal keeps the row, with who removed them and when."""

    requirement = models.ForeignKey(ServiceRequirement, on_delete=models.PROTECT,
                                    related_name="co_providers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceCoProviderQuerySet.as_manager()

    class Meta:
        ordering = ["named_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "user"], condition=Q(removed_at__isnull=True),
                name="service_co_provider_once",
                violation_error_message=_("They are already a co-provider of this service."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} co-provides {self.requirement}"


def certifier_ids(requirement: ServiceRequirement) -> set[int]:
    """Who may certify this line's sessions: its provider and its current co-providers (1 query)."""
    return {requirement.provider_id, *ServiceCoProvider.objects.current()
            .filter(requirement=requirement).values_list("user_id", flat=True)}


class ServiceSessionQuerySet(models.QuerySet["ServiceSession"]):
    """The log's questions. `counted()` is THE question "does this entry count as delivered
    (or missed) minutes?": every page, reminder, figure and export asks it through this."""

    def effective(self) -> ServiceSessionQuerySet:
        """The log as it stands, pending entries included: not void rows, not rows an
        administrator rejected, and not rows replaced by a correction in force. A correction
        waiting for (or refused) an administrator's approval leaves the original in force."""
        in_force = ServiceSession.objects.filter(amends=OuterRef("pk")).filter(APPROVAL_OK)
        return (self.exclude(entry=ServiceSession.Entry.VOID)
                .exclude(needs_approval=True, approval__decision=SessionApproval.Decision.REJECTED)
                .exclude(Exists(in_force)))

    def counted(self) -> ServiceSessionQuerySet:
        """Entries that count in the ledger, My day, reminders, fidelity and exports:
        effective, certified by whoever delivered the service, and approved by an
        administrator when entered past EVIDENCE_APPROVAL_AFTER_DAYS."""
        return self.effective().filter(certified_at__isnull=False).filter(APPROVAL_OK)

    def awaiting_confirmation(self) -> ServiceSessionQuerySet:
        """Effective entries nobody who delivers the service has certified yet."""
        return self.effective().filter(certified_at__isnull=True)

    def awaiting_confirmation_by(self, user: User) -> ServiceSessionQuerySet:
        """Pending entries this user may confirm: lines they provide or co-provide, of
        students they may see now."""
        lines = ServiceRequirement.objects.filter(provider=user).values("pk").union(
            ServiceCoProvider.objects.current().filter(user=user).values("requirement_id"))
        return (self.awaiting_confirmation().filter(requirement__in=lines)
                .filter(student__in=Student.objects.visible_to(user)))

    def awaiting_approval(self) -> ServiceSessionQuerySet:
        """Effective entries past the approval window with no administrator's decision yet."""
        return self.effective().filter(needs_approval=True, approval__isnull=True)

    def visible_to(self, user: User) -> ServiceSessionQuerySet:
        """Rows a user may list or export: only of students they may see now
        (Student.objects.visible_to); of those, admins every row (their schools', district
        admins all), everyone else the sessions they logged or provide. A session someone
        logged while on the team leaves their lists when their relationship ends: the school
        keeps it, they no longer have the educational interest."""
        seen = self.filter(student__in=Student.objects.visible_to(user))
        if user.is_district_admin or user.is_school_admin:
            return seen
        return seen.filter(Q(logged_by=user) | Q(requirement__provider=user))


@tracked()
@pgtrigger.register(
    # A certified record is evidence: no code path, bulk update or admin action may rewrite or
    # remove it. Uncertified rows can still be certified (their OLD row is uncertified).
    pgtrigger.Protect(
        name="certified_session_is_immutable",
        operation=pgtrigger.Update | pgtrigger.Delete,
        condition=pgtrigger.Q(old__certified_at__isnull=False),
    ),
)
class ServiceSession(models.Model):
    """One student's session of one service on one day, as logged, amended or voided."""

    class Status(models.TextChoices):
        DELIVERED = ledger.DELIVERED, _("Delivered")
        MAKEUP = ledger.MAKEUP, _("Makeup for a missed session")
        STUDENT_ABSENT = ledger.STUDENT_ABSENT, _("Student absent")
        STUDENT_UNAVAILABLE = ledger.STUDENT_UNAVAILABLE, _("Student unavailable")
        PROVIDER_ABSENT = ledger.PROVIDER_ABSENT, _("Provider absent")
        SCHOOL_CANCELLED = ledger.SCHOOL_CANCELLED, _("Cancelled by the school")

    class Entry(models.TextChoices):
        LOG = "log", _("Logged")
        AMEND = "amend", _("Amendment")
        VOID = "void", _("Void")

    REASON_REQUIRED = frozenset({Status.STUDENT_UNAVAILABLE, Status.SCHOOL_CANCELLED})

    requirement = models.ForeignKey(ServiceRequirement, on_delete=models.PROTECT,
                                    related_name="logged_sessions")
    # The requirement's student, kept on the row so exports and scoping need no joins.
    student = models.ForeignKey("students.Student", on_delete=models.PROTECT,
                                related_name="service_sessions")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField()
    group_size = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DELIVERED)
    reason = models.CharField(max_length=200, blank=True,
                              help_text=_("Why the session was missed or cancelled."))
    note = models.TextField(blank=True)
    # Free text (what was worked on, in the provider's words) beside the IEP goals it served.
    goals_addressed = models.TextField(blank=True)
    # The student's own IEP goals this session worked on. Links live in their own table, so a
    # certified row is never updated to add them (the immutability trigger is untouched).
    goals = models.ManyToManyField("progress.Goal", blank=True, related_name="service_sessions")
    makes_up = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="made_up_by")

    entry = models.CharField(max_length=10, choices=Entry.choices, default=Entry.LOG)
    amends = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="amended_by")
    amendment_reason = models.CharField(max_length=300, blank=True)

    # One form submission: the same key twice (double-click, retried POST) is one record.
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the entry was recorded (the session's own day is `date`). Set by the database
    # clock's moment of saving; a default, not auto_now_add, so seeded history can say when
    # each entry was really recorded.
    logged_at = models.DateTimeField(default=timezone.now, editable=False)
    certified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)
    certified_at = models.DateTimeField(null=True, blank=True)
    # Logged by someone who does not deliver the service (the case manager for a speech
    # line): the provider it was logged for; it stays pending until they (or a
    # co-provider) certify it.
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)
    # Set when the row is recorded (students.lateness), never after: recorded more than
    # EVIDENCE_LATE_AFTER_SCHOOL_DAYS school days after the session (with the reason), and
    # more than EVIDENCE_APPROVAL_AFTER_DAYS days after it (counts once approved; the
    # decision lives in SessionApproval, so a certified row is never rewritten).
    late = models.BooleanField(default=False, db_default=False)
    late_reason = models.CharField(max_length=300, blank=True, default="", db_default="")
    needs_approval = models.BooleanField(default=False, db_default=False)

    objects = ServiceSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-logged_at"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "idempotency_key"],
                                    name="service_session_once_per_submission"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="service_session_minutes_positive",
                                   violation_error_message=_("Minutes must be more than zero.")),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="service_session_group_size",
                                   violation_error_message=_("A group has at least one student.")),
            models.CheckConstraint(
                condition=(Q(certified_at__isnull=True, certified_by__isnull=True)
                           | Q(certified_at__isnull=False, certified_by__isnull=False)),
                name="service_session_certified_by_whom",
            ),
            models.CheckConstraint(
                condition=Q(entry="log", amends__isnull=True)
                | (~Q(entry="log") & Q(amends__isnull=False) & ~Q(amendment_reason="")),
                name="service_session_amendment_has_original_and_reason",
            ),
            models.CheckConstraint(condition=Q(late=False) | ~Q(late_reason=""),
                                   name="service_session_late_has_reason",
                                   violation_error_message=_("Say why this entry is late.")),
            models.CheckConstraint(condition=Q(needs_approval=False) | Q(late=True),
                                   name="service_session_approval_only_when_late"),
        ]
        indexes = [models.Index(fields=["requirement", "date"]), models.Index(fields=["student", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.minutes} min {self.get_status_display()}"

    @property
    def is_certified(self) -> bool:
        return self.certified_at is not None

    @property
    def is_missed(self) -> bool:
        return self.status in ledger.MISSED_STATUSES

    @property
    def end_time(self) -> dt.time | None:
        if self.start_time is None:
            return None
        start = dt.datetime.combine(self.date, self.start_time)
        return (start + dt.timedelta(minutes=self.minutes)).time()

    def as_fact(self) -> ledger.SessionFact:
        return ledger.SessionFact(date=self.date, minutes=self.minutes, status=self.status)

    @property
    def is_pending(self) -> bool:
        return self.certified_at is None

    @property
    def approval_state(self) -> str:
        """'' (in time), 'awaiting', 'approved' or 'rejected' (select_related("approval"))."""
        if not self.needs_approval:
            return ""
        try:
            return self.approval.decision
        except SessionApproval.DoesNotExist:
            return "awaiting"


@pgtrigger.register(
    # A decision is final: it is part of the record it decides.
    pgtrigger.Protect(name="session_approval_is_final", operation=pgtrigger.Update | pgtrigger.Delete),
)
class SessionApproval(models.Model):
    """An administrator's decision on a session entered past the approval window."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    session = models.OneToOneField(ServiceSession, on_delete=models.PROTECT, primary_key=True,
                                   related_name="approval")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(decision="approved") | ~Q(reason=""),
                                   name="session_approval_rejection_has_reason",
                                   violation_error_message=_("Say why the entry is rejected.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} #{self.session_id}"


# An entry counts, approval-wise: entered in time, or approved.
APPROVAL_OK = Q(needs_approval=False) | Q(approval__decision=SessionApproval.Decision.APPROVED)
