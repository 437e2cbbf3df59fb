"""Schools, calendars, students, classes, IEPs, teams and the family contact log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.languages import family_languages
from students.calendar import InstructionalCalendar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from iep_portal.models import User


class School(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40, unique=True, help_text=_("Short local code."))
    sourced_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~Q(sourced_id=""), name="school_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def calendar_on(self, day: dt.date) -> SchoolCalendar | None:
        return self.calendars.filter(start_date__lte=day, end_date__gte=day).first()


class SchoolCalendar(models.Model):
    """A school year: its first and last days, and the days school does not meet.

    Instructional days are the weekdays between start and end that are not closures.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendars")
    name = models.CharField(max_length=60, help_text=_("e.g. 2026-27"))
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["school", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="calendar_end_after_start",
                violation_error_message=_("The last day of school must be after the first day."),
            ),
            models.UniqueConstraint(fields=["school", "start_date"], name="calendar_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.name}"

    def instructional(self) -> InstructionalCalendar:
        """This calendar as a pure value for day arithmetic (one query for closures)."""
        return InstructionalCalendar(
            start=self.start_date,
            end=self.end_date,
            closures=frozenset(self.closures.values_list("date", flat=True)),
        )


class Closure(models.Model):
    """A day inside the school year when school does not meet: holiday, break, closure."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday or break")
        CLOSURE = "closure", _("Unplanned closure (weather, emergency)")
        NON_STUDENT = "non_student", _("No students (staff day)")

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="closure_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason or self.get_kind_display()}"

    def clean(self) -> None:
        cal = self.calendar
        if self.date and cal and not (cal.start_date <= self.date <= cal.end_date):
            raise ValidationError(
                {"date": _("A closure must fall inside the school year (%(start)s to %(end)s).")
                 % {"start": cal.start_date, "end": cal.end_date}}
            )


class StudentQuerySet(models.QuerySet["Student"]):
    def visible_to(self, user: User) -> StudentQuerySet:
        """Students this user has a legitimate educational interest in (FERPA).

        The only place that decides who may see which student: district admins see all;
        school admins their schools; the case manager and team members of a student's
        active IEP; teachers of a section the student is enrolled in today; a test
        coordinator nobody (they read only the testing roster).

        Always the relationship as it stands today. Every page, export, reminder list and
        My day panel that lists students' records filters through it (`student__in=`), so
        an ended relationship shows nothing: a page for an earlier day shows what was true
        that day among these students only (My classes: enrolled then AND seen now), and
        records the person made while it held leave their lists with it.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_district_admin:
            return self.all()
        if user.is_school_admin:
            return self.filter(school__in=user.schools.all())
        if user.is_guardian:
            # A guardian reaches their own children through the family portal only
            # (families.access), never a staff page's student list.
            return self.none()
        if user.is_test_coordinator:
            # No student record at all: the testing roster of their schools is theirs
            # (students.access.testing_roster_students), never IEPs, goals or services.
            return self.none()
        return self.filter(relationship_q(user))

    def active(self) -> StudentQuerySet:
        return self.filter(active=True)


def relationship_q(user: User, prefix: str = "") -> Q:
    """A Q on Student (or on a model with a `student` FK, given prefix="student__")."""
    pk = OuterRef(f"{prefix}pk")
    on_team = IEP.objects.filter(student=pk, status=IEP.Status.ACTIVE).filter(
        Q(case_manager=user) | Q(team_members__user=user)
    )
    teaches = Enrollment.objects.current().filter(student=pk, section__teacher=user)
    return Q(Exists(on_team)) | Q(Exists(teaches))


class Student(models.Model):
    class Language(models.TextChoices):
        # Named members for code that means one language; the choices are
        # iep_portal.languages.family_languages (every language the product has).
        ENGLISH = "en", "English"
        SPANISH = "es", "Español"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    student_number = models.CharField(_("student ID"), max_length=40, unique=True)
    sourced_id = models.CharField(max_length=255, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    # Optional: many districts leave demographics out of their roster exports. Without it the
    # age rules (transition planning at 16, developmental delay to 9) say the date is needed.
    date_of_birth = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=10, help_text=_("e.g. K, 1 ... 12"))
    family_language = models.CharField(
        max_length=5, choices=family_languages, default=Language.ENGLISH,
        help_text=_("Language the family reads; reports and notices use it."),
    )
    active = models.BooleanField(default=True)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~Q(sourced_id=""), name="student_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on `day`; None when the birth date is not on file."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Section(models.Model):
    """A class: one teacher, one subject, a period, the students enrolled."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="sections")
    name = models.CharField(max_length=200)
    subject = models.CharField(max_length=80, help_text=_("e.g. Math, English, Science"))
    period = models.CharField(max_length=20, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sections",
        null=True, blank=True,
    )
    sourced_id = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["period", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~Q(sourced_id=""), name="section_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})" if self.period else self.name


class EnrollmentQuerySet(models.QuerySet["Enrollment"]):
    def current(self, day: dt.date | None = None) -> EnrollmentQuerySet:
        """Enrollments in effect on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class Enrollment(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrollments")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True)
    # When the portal learned of the enrollment: a schedule change imported with a back-dated
    # start still asks the teacher to read the student's supports.
    created_at = models.DateTimeField(db_default=Now(), default=timezone.now, editable=False)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section", "student"], condition=Q(end_date__isnull=True),
                name="enrollment_one_open_per_section",
                violation_error_message=_("The student is already enrolled in this class."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enrollment_end_after_start",
                violation_error_message=_("An enrollment cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["student", "section"])]

    def __str__(self) -> str:
        return f"{self.student} in {self.section}"

    def clean(self) -> None:
        if self.student_id and self.section_id and self.student.school_id != self.section.school_id:
            raise ValidationError(_("A student can only join classes at their own school."))


class IEPQuerySet(models.QuerySet["IEP"]):
    def active(self) -> IEPQuerySet:
        return self.filter(status=IEP.Status.ACTIVE)

    def for_staff(self, user: User) -> IEPQuerySet:
        """Active IEPs on which this user is case manager or a team member."""
        return self.active().filter(
            Q(case_manager=user) | Q(team_members__user=user)
        ).distinct()


class Disability(models.TextChoices):
    """The disability categories of IDEA (34 CFR 300.8(c)), and developmental delay for
    children aged 3 through 9 (34 CFR 300.8(b)): the categories a state's child count uses."""

    AUTISM = "autism", _("Autism")
    DEAF_BLINDNESS = "deaf_blindness", _("Deaf-blindness")
    DEAFNESS = "deafness", _("Deafness")
    EMOTIONAL_DISTURBANCE = "emotional_disturbance", _("Emotional disturbance")
    HEARING_IMPAIRMENT = "hearing_impairment", _("Hearing impairment")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Intellectual disability")
    MULTIPLE_DISABILITIES = "multiple_disabilities", _("Multiple disabilities")
    ORTHOPEDIC_IMPAIRMENT = "orthopedic_impairment", _("Orthopedic impairment")
    OTHER_HEALTH_IMPAIRMENT = "other_health_impairment", _("Other health impairment")
    SPECIFIC_LEARNING_DISABILITY = "specific_learning_disability", _("Specific learning disability")
    SPEECH_LANGUAGE_IMPAIRMENT = "speech_language_impairment", _("Speech or language impairment")
    TRAUMATIC_BRAIN_INJURY = "traumatic_brain_injury", _("Traumatic brain injury")
    VISUAL_IMPAIRMENT = "visual_impairment", _("Visual impairment, including blindness")
    DEVELOPMENTAL_DELAY = "developmental_delay", _("Developmental delay (ages 3 through 9)")


class Environment(models.TextChoices):
    """The federal educational environments for students aged 5 (in kindergarten) to 21:
    where the student is taught, as the state reports it."""

    REGULAR_80 = "regular_80", _("Regular class 80% or more of the day")
    REGULAR_40_79 = "regular_40_79", _("Regular class 40% to 79% of the day")
    REGULAR_UNDER_40 = "regular_under_40", _("Regular class less than 40% of the day")
    SEPARATE_SCHOOL = "separate_school", _("Separate school")
    RESIDENTIAL_FACILITY = "residential_facility", _("Residential facility")
    HOMEBOUND_HOSPITAL = "homebound_hospital", _("Homebound or hospital")
    CORRECTIONAL_FACILITY = "correctional_facility", _("Correctional facility")
    PARENTALLY_PLACED = "parentally_placed", _("Parentally placed in a private school")


# Developmental delay may be used through age 9 (34 CFR 300.8(b)).
DEVELOPMENTAL_DELAY_MAX_AGE = 9


@tracked()
class IEP(models.Model):
    """A student's plan: an IEP (IDEA) or a Section 504 plan (34 CFR 104.33-104.36).

    A 504 plan carries accommodations the way an IEP does, so it is the same row with its kind:
    supports, check-offs, acknowledgements, reminders, rates, fidelity and the evidence packet
    read it unchanged, and its coordinator is in `case_manager`. What is IDEA's alone (specially
    designed instruction, annual goals and their progress reports, the disability categories and
    educational environment, the transition plan, consent for special education) is not part of
    a 504 plan. A student has one active plan at a time: an IEP covers the 504 duties too.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class Kind(models.TextChoices):
        IEP = "iep", _("IEP")
        SECTION_504 = "section_504", _("504 plan")

    Disability = Disability
    Environment = Environment

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="ieps")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.IEP)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_ieps"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField()
    end_date = models.DateField()
    meeting_date = models.DateField(help_text=_("Date of the IEP meeting that wrote this IEP."))
    annual_review_due = models.DateField()
    last_evaluation_date = models.DateField(null=True, blank=True)
    reevaluation_due = models.DateField(null=True, blank=True)
    family_contact_interval_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("How often the family should hear from the team, in days.")
    )
    # What state reporting needs: blank on IEPs written before the portal kept them.
    primary_disability = models.CharField(max_length=40, choices=Disability.choices, blank=True)
    secondary_disability = models.CharField(max_length=40, choices=Disability.choices, blank=True)
    eligibility_date = models.DateField(
        null=True, blank=True, help_text=_("When the student was found eligible for special education."))
    educational_environment = models.CharField(max_length=30, choices=Environment.choices, blank=True)
    # A 504 plan's eligibility: the impairment and the major life activity it substantially limits.
    impairment = models.CharField(max_length=200, blank=True, help_text=_(
        "504 plans: the physical or mental impairment (e.g. ADHD, type 1 diabetes)."))
    major_life_activity = models.CharField(max_length=200, blank=True, help_text=_(
        "504 plans: the major life activity it substantially limits (e.g. concentrating, reading)."))
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IEPQuerySet.as_manager()

    class Meta:
        verbose_name = "IEP"
        verbose_name_plural = "IEPs"
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="active"), name="iep_one_active_per_student",
                violation_error_message=_("This student already has an active IEP."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="iep_end_after_start",
                violation_error_message=_("The IEP must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_label} for {self.student} ({self.start_date} to {self.end_date})"

    @property
    def is_504(self) -> bool:
        return self.kind == self.Kind.SECTION_504

    @property
    def plan_label(self) -> str:
        """"IEP" or "504 plan": how every page names the plan a support comes from."""
        return str(self.Kind(self.kind).label)

    @property
    def manager_title(self) -> str:
        """The plan's manager as pages name them: the case manager, or the 504 coordinator."""
        return str(_("504 coordinator") if self.is_504 else _("Case manager"))

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The IEP must end after it starts.")
        if self.start_date and self.end_date and (self.end_date - self.start_date).days > 366:
            errors["end_date"] = _("An IEP lasts at most one year; schedule an annual review.")
        if self.meeting_date and self.annual_review_due:
            if self.annual_review_due > self.meeting_date + dt.timedelta(days=365):
                errors["annual_review_due"] = _(
                    "The annual review must be within 365 days of the IEP meeting (by %(day)s)."
                ) % {"day": self.meeting_date + dt.timedelta(days=365)}
            if self.annual_review_due <= self.meeting_date:
                errors["annual_review_due"] = _("The annual review must come after the meeting.")
        if self.last_evaluation_date and self.reevaluation_due:
            limit = add_years(self.last_evaluation_date, 3)
            if self.reevaluation_due > limit:
                errors["reevaluation_due"] = _(
                    "A reevaluation is due at most three years after the last evaluation "
                    "(by %(day)s)."
                ) % {"day": limit}
        if self.meeting_date and self.start_date and self.meeting_date > self.start_date:
            errors["meeting_date"] = _("The IEP cannot start before the meeting that wrote it.")
        errors.update(self._disability_errors())
        errors.update(self._kind_errors())
        if self.eligibility_date and self.start_date and self.eligibility_date > self.start_date:
            errors["eligibility_date"] = _(
                "Eligibility is determined before the IEP starts (on or before %(day)s)."
            ) % {"day": self.start_date}
        if errors:
            raise ValidationError(errors)

    def _kind_errors(self) -> dict[str, StrOrPromise]:
        """A 504 plan names its impairment and carries none of IDEA's reporting fields."""
        errors: dict[str, StrOrPromise] = {}
        if self.is_504:
            if not self.impairment.strip():
                errors["impairment"] = _("Name the impairment the 504 plan addresses.")
            if not self.major_life_activity.strip():
                errors["major_life_activity"] = _("Name the major life activity the impairment limits.")
            for name in ("primary_disability", "secondary_disability", "educational_environment"):
                if getattr(self, name):
                    errors[name] = _("A 504 plan has no IDEA disability category or educational "
                                     "environment; leave it blank.")
        elif self.impairment or self.major_life_activity:
            errors["impairment"] = _("The impairment and major life activity belong to a 504 plan; "
                                     "an IEP names its disability category instead.")
        return errors

    def _disability_errors(self) -> dict[str, StrOrPromise]:
        errors: dict[str, StrOrPromise] = {}
        if self.secondary_disability and not self.primary_disability:
            errors["secondary_disability"] = _("Name the primary disability before a secondary one.")
        elif self.secondary_disability and self.secondary_disability == self.primary_disability:
            errors["secondary_disability"] = _("The secondary disability must differ from the primary.")
        delayed = [f for f in ("primary_disability", "secondary_disability")
                   if getattr(self, f) == Disability.DEVELOPMENTAL_DELAY]
        if delayed and self.student_id and self.start_date:
            age = self.student.age_on(self.start_date)
            if age is not None and age > DEVELOPMENTAL_DELAY_MAX_AGE:
                for name in delayed:
                    errors[name] = _(
                        "Developmental delay applies to children aged 3 through 9; the student is "
                        "%(age)s when this IEP starts. Choose the disability category that fits."
                    ) % {"age": age}
        return errors

    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def has_lapsed(self, today: dt.date) -> bool:
        """Active past its end date: the annual IEP was not renewed in time."""
        return self.status == self.Status.ACTIVE and self.end_date < today


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@tracked()
class TeamMember(models.Model):
    """A named adult on an IEP's team. The case manager is on the IEP itself."""

    class Role(models.TextChoices):
        GEN_ED_TEACHER = "gen_ed_teacher", _("General-education teacher")
        PROVIDER = "provider", _("Related-service provider")
        CO_TEACHER = "co_teacher", _("Special-education co-teacher")
        OBSERVER = "observer", _("Other team member (view only)")

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["iep", "user"], name="team_member_once_per_iep"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


@tracked()
class ResponsibilityOverride(models.Model):
    """A change to the default responsibility matrix for one IEP (see students/matrix.py)."""

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="responsibility_overrides")
    responsibility = models.CharField(max_length=40)
    role = models.CharField(max_length=20)
    level = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["iep", "responsibility", "role"], name="responsibility_override_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.responsibility}/{self.role}: {self.level}"


class ParentContactQuerySet(models.QuerySet["ParentContact"]):
    def visible_to(self, user: User) -> ParentContactQuerySet:
        return self.filter(student__in=Student.objects.visible_to(user))


@tracked()
class ParentContact(models.Model):
    """The family communication log: who talked to whom, when, how, about what."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")
        LETTER = "letter", _("Letter or note home")
        TEXT = "text", _("Text message")
        VIDEO = "video", _("Video call")
        PORTAL = "portal", _("Message through the family portal")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="family_contacts")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contacted_on = models.DateField(default=timezone.localdate)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    family_member = models.CharField(max_length=120, help_text=_("Who you spoke with."))
    summary = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParentContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["student", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.family_member} on {self.contacted_on}"

    def clean(self) -> None:
        if self.contacted_on and self.contacted_on > timezone.localdate():
            raise ValidationError({"contacted_on": _("A contact cannot be logged in the future.")})


_Assignment = TypeVar("_Assignment", bound=models.Model)


class AssignmentQuerySet(models.QuerySet[_Assignment]):
    def on(self, day: dt.date | None = None) -> AssignmentQuerySet[_Assignment]:
        """Assignments in effect on `day` (today by default): started, not past their last
        day. Access is bounded here, in the query: nothing has to run for it to end."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class ParaAssignment(models.Model):
    """A paraprofessional assigned to one student, or to a class (every student in it), for
    a span of days, by a case manager or an administrator.

    It lives in the core beside the team because students.access reads it to decide what a
    paraprofessional may do (check off supports, record data on the goals they collect for);
    the pages that make and list assignments are the coverage app's.
    """

    para = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="para_assignments", verbose_name=_("paraprofessional"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="para_assignments")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="para_assignments", verbose_name=_("class"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now, db_default=Now())

    objects = AssignmentQuerySet["ParaAssignment"].as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=True) ^ Q(section__isnull=True),
                name="para_assignment_student_xor_section",
                violation_error_message=_("Assign the paraprofessional to a student or to a class."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="para_assignment_ends_after_start",
                violation_error_message=_("The last day cannot come before the first."),
            ),
        ]
        indexes = [models.Index(fields=["para", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.para} with {self.student or self.section}"


class Coverage(models.Model):
    """A substitute covering a teacher's classes from `starts_on` to `ends_on`, granted by
    the teacher or an administrator. The substitute sees the class packets and checks off
    supports on those days only (students.access reads it, bounded by date in the query)."""

    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="coverages")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="covered_by", verbose_name=_("teacher covered"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now, db_default=Now())

    objects = AssignmentQuerySet["Coverage"].as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="coverage_ends_after_start",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=~Q(substitute=models.F("teacher")), name="coverage_not_self",
                violation_error_message=_("A teacher cannot cover their own classes."),
            ),
        ]
        indexes = [models.Index(fields=["substitute", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.substitute} covers {self.teacher} {self.starts_on}–{self.ends_on}"
