"""Bell schedules: a school's day pattern (rotation letters), its anchors and overrides, its
periods, and the periods and days each class meets.

A class with no meeting rows meets every instructional day. `schedules/rotation.py` turns
these rows into answers; `schedules/queries.py` reads them for many classes at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from iep_portal.history import tracked
from iep_portal.timefmt import format_time
from schedules import rotation
from students.calendar import REGULAR_WEEKDAYS
from students.models import School, SchoolCalendar, Section

# The longest early release: a school day's worth (6 hours).
MAX_EARLY_RELEASE_MINUTES = 360


@tracked()
class DayPattern(models.Model):
    """How one school's days differ: all alike, a rotation of day letters, or a letter per
    weekday. Whether a class was due to meet on a day is read from this in a hearing, so its
    history is kept."""

    class Kind(models.TextChoices):
        EVERY_DAY = rotation.EVERY_DAY, _("Every day alike")
        ROTATION = rotation.ROTATION, _("A rotation of day letters (A/B days, days 1 to 6)")
        WEEKLY = rotation.WEEKLY, _("A letter for each weekday (block days)")

    class Closures(models.TextChoices):
        SKIP = "skip", _("A closure consumes no letter (the rotation follows instructional days)")
        CONSUME = "consume", _("A closure consumes its letter (the rotation follows calendar days)")

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="day_pattern")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EVERY_DAY)
    letters = ArrayField(
        models.CharField(max_length=12), blank=True, default=list,
        help_text=_("The day letters in order (A, B or 1 to 6); per weekday: Monday's to Friday's."),
    )
    closures = models.CharField(max_length=10, choices=Closures.choices, default=Closures.SKIP)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[rotation.EVERY_DAY, rotation.ROTATION, rotation.WEEKLY]),
                name="day_pattern_known_kind",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=rotation.EVERY_DAY, letters=[])
                    | Q(kind=rotation.ROTATION, letters__len__gte=2)
                    | Q(kind=rotation.WEEKLY, letters__len=5)
                ),
                name="day_pattern_letters_fit_kind",
                violation_error_message=_(
                    "Every day alike has no letters; a rotation needs two or more; a letter per "
                    "weekday needs five (Monday to Friday)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closures__in=["skip", "consume"]), name="day_pattern_known_closures"
            ),
        ]

    def __str__(self) -> str:
        letters = f" ({', '.join(self.letters)})" if self.letters else ""
        return f"{self.school}: {self.get_kind_display()}{letters}"

    def clean(self) -> None:
        letters = [x.strip() for x in self.letters]
        if any(not x for x in letters):
            raise ValidationError({"letters": _("A day letter cannot be blank.")})
        if self.kind == self.Kind.ROTATION and len(set(letters)) != len(letters):
            raise ValidationError({"letters": _("Each day letter of a rotation appears once.")})
        self.letters = letters

    def value(self) -> rotation.Pattern:
        return rotation.Pattern(
            kind=self.kind, letters=tuple(self.letters),
            closures_consume_letters=self.closures == self.Closures.CONSUME,
        )


def _check_letter(school: School, letter: str) -> None:
    pattern = DayPattern.objects.filter(school=school).first()
    if pattern is None or letter not in pattern.letters:
        known = ", ".join(pattern.letters) if pattern and pattern.letters else _("none")
        raise ValidationError({"letter": _("%(letter)s is not one of this school's day letters (%(known)s).")
                               % {"letter": letter, "known": known}})


def _check_in_year(calendar: SchoolCalendar, day: object) -> None:
    if day and not (calendar.start_date <= day <= calendar.end_date):  # type: ignore[operator]
        raise ValidationError({"day": _("The day must fall inside the school year (%(start)s to %(end)s).")
                               % {"start": calendar.start_date, "end": calendar.end_date}})


class _LetteredDay(models.Model):
    """One day of a school year and its letter: what an anchor and an override share."""

    calendar: models.ForeignKey[SchoolCalendar, SchoolCalendar]
    day = models.DateField()
    letter = models.CharField(max_length=12)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day}: {self.letter} day"

    def clean(self) -> None:
        if self.calendar_id is None:  # type: ignore[attr-defined]
            return
        _check_in_year(self.calendar, self.day)
        _check_letter(self.calendar.school, self.letter)


@tracked()
class RotationAnchor(_LetteredDay):
    """The letter of one day of a school year; the rotation counts on (and back) from it,
    until the next anchor. A year without one starts on its first day with the first letter."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="rotation_anchors")

    class Meta:
        ordering = ["calendar", "day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="rotation_anchor_unique_day"),
            models.CheckConstraint(condition=~Q(letter=""), name="rotation_anchor_has_letter"),
        ]


@tracked()
class DayOverride(_LetteredDay):
    """An administrator names one day's letter ("Tuesday Dec 8 is a B day"); every other
    day keeps the letter the rotation gives it."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="day_overrides")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["calendar", "day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="day_override_unique_day"),
            models.CheckConstraint(condition=~Q(letter=""), name="day_override_has_letter"),
        ]


@tracked()
class Period(models.Model):
    """One period of a school's bell schedule. A period the roster import named before the
    school entered its bell times has no times (both empty) until someone adds them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=40, help_text=_("As the roster names it: 1, 2, Advisory."))
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["school", "order", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="period_unique_name"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="period_ends_after_it_starts",
                violation_error_message=_(
                    "A period must end after it starts (or have neither time yet)."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.start_time is None or self.end_time is None:
            return f"{self.name} ({_('times not set')})"
        return f"{self.name} ({format_time(self.start_time)} to {format_time(self.end_time)})"


@tracked()
class SectionMeeting(models.Model):
    """A class meets in a period on the days with the given letters (every day when none).

    A class with no rows meets every instructional day. Which days a class was due to meet
    sets how many check-offs were owed, so the history is kept."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="meetings")
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="meetings", null=True, blank=True
    )
    letters = ArrayField(
        models.CharField(max_length=12), blank=True, default=list,
        help_text=_("The day letters it meets on; empty for every day."),
    )

    class Meta:
        ordering = ["section", "period__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "period"], nulls_distinct=False, name="section_meeting_unique_period"
            ),
        ]

    def __str__(self) -> str:
        days = ", ".join(self.letters) if self.letters else _("every day")
        return f"{self.section}: {self.period.name if self.period else _('no period')}, {days}"

    def clean(self) -> None:
        if self.section_id is None:
            return
        school = self.section.school
        if self.period is not None and self.period.school_id != school.pk:
            raise ValidationError({"period": _("The period must be one of the class's school's periods.")})
        if self.letters:
            pattern = DayPattern.objects.filter(school=school).first()
            known = set(pattern.letters) if pattern else set()
            unknown = [x for x in self.letters if x not in known]
            if unknown:
                raise ValidationError({"letters": _("Not day letters of this school: %(unknown)s.")
                                       % {"unknown": ", ".join(unknown)}})

    def value(self) -> rotation.Meeting:
        period = self.period.name if self.period else None
        return rotation.Meeting(period=period, letters=frozenset(self.letters))


@tracked()
class EarlyRelease(models.Model):
    """A day school meets but lets out early (a conference day, the day before a break).

    It stays an instructional day: a rotation counts it and an IEP's services are owed on it
    in full, so it changes no expected minutes (a provider fits the session into the shorter
    day, or it is missed and accounted for like any other). The calendar shows it so the
    people who schedule services plan around it."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="early_releases")
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField(
        help_text=_("How many minutes earlier than usual students leave."),
    )
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="early_release_unique_day"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_EARLY_RELEASE_MINUTES),
                name="early_release_minutes_in_range",
                violation_error_message=_("An early release lets students out 1 to 360 minutes early."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: out {self.minutes} min early"

    def clean(self) -> None:
        if self.calendar_id is None or self.date is None:
            return
        cal = self.calendar
        if not (cal.start_date <= self.date <= cal.end_date):
            raise ValidationError({"date": _("An early release must fall inside the school year "
                                             "(%(start)s to %(end)s).")
                                   % {"start": cal.start_date, "end": cal.end_date}})
        if self.date.weekday() not in REGULAR_WEEKDAYS:
            raise ValidationError({"date": _("%(day)s is a weekend: school does not meet.")
                                   % {"day": f"{self.date:%a %b} {self.date.day}"}})


class CalendarEdit(models.Model):
    """Who changed a school's calendar, when, and what: one row per save from the calendar
    pages or a confirmed import. Closures and the year's dates live in `students`, which
    keeps no author, so this is where a hearing reads who closed a day."""

    class Kind(models.TextChoices):
        DATES = "dates", _("First and last day")
        CREATED = "created", _("Calendar created")
        CLOSURE = "closure", _("Closure")
        EARLY_RELEASE = "early_release", _("Early release")
        OVERRIDE = "override", _("Day letter")
        IMPORT = "import", _("Import")
        GRADING_PERIOD = "grading_period", _("Grading period")

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="edits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["calendar", "-changed_at"]

    def __str__(self) -> str:
        return f"{self.calendar}: {self.summary}"


@tracked()
class GradingPeriod(models.Model):
    """A marking period of the school's report-card calendar (a quarter, a trimester).

    IDEA asks for progress reports "concurrent with the issuance of report cards"
    (34 CFR 300.320(a)(3)(ii)): when a school year has grading periods, an IEP that reports as
    many times a year as there are periods reports at the end of each (`progress.periods`).
    """

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="grading_periods")
    name = models.CharField(max_length=60, help_text=_("e.g. Quarter 1"))
    start_date = models.DateField()
    end_date = models.DateField(
        help_text=_("The period's last day: report cards and progress reports follow it."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["calendar_id", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "start_date"], name="grading_period_unique_start"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="grading_period_end_after_start",
                violation_error_message=_("A grading period's last day cannot come before its first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date} to {self.end_date})"

    def clean(self) -> None:
        if self.calendar_id is None or self.start_date is None or self.end_date is None:
            return
        cal = self.calendar
        if self.start_date < cal.start_date or self.end_date > cal.end_date:
            raise ValidationError(_("A grading period must fall inside the school year "
                                    "(%(start)s to %(end)s).")
                                  % {"start": cal.start_date, "end": cal.end_date})
        overlap = (GradingPeriod.objects.filter(calendar=cal, start_date__lte=self.end_date,
                                                end_date__gte=self.start_date).exclude(pk=self.pk).first())
        if overlap is not None:
            raise ValidationError(_("It overlaps %(other)s: grading periods follow one another.")
                                  % {"other": overlap})
