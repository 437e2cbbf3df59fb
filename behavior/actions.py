"""Recording a disciplinary removal: one Removal row per school day it covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from behavior.manifestation import placement_of
from behavior.models import PatternDetermination, Removal
from iep_portal.models import User
from students.calendar import SchoolDays
from students.models import Student
from students.school_days import school_days_for

# A removal longer than a school year is a typing slip; an expulsion is not recorded day by day.
MAX_SCHOOL_DAYS = 180


def _day(day: dt.date) -> str:
    return f"{day:%a %b} {day.day}, {day.year}"


@dataclass(frozen=True)
class RemovalSpan:
    """The school days a removal covers, and the days in between school did not meet."""

    days: list[dt.date]
    weekends: list[dt.date]
    closed: list[dt.date]  # weekdays without school: closures


def removal_span(
    *, days: SchoolDays, start: dt.date, school_days: int | None = None, end: dt.date | None = None
) -> RemovalSpan:
    """The school days from `start`: `school_days` of them, or through `end`; when both are
    given they must agree. Raises ValidationError (on start_date, school_days or end_date)
    with what the calendar says."""
    if not days.covers(start):
        raise ValidationError({"start_date": _(
            "No school calendar covers %(day)s yet: the school year's calendar must be set up "
            "first.") % {"day": _day(start)}})
    if not days.is_instructional(start):
        raise ValidationError({"start_date": _(
            "%(day)s is not a school day (a weekend or a closure). Start on the first school day "
            "the student was removed.") % {"day": _day(start)}})
    counted: list[dt.date] = []
    if school_days is not None:
        counted = days.days(start, start + dt.timedelta(days=MAX_SCHOOL_DAYS * 2))[:school_days]
        if len(counted) < school_days:
            raise ValidationError({"school_days": _(
                "The school calendar has only %(n)s school days from %(day)s; record the rest when "
                "the next school year's calendar is set up.") % {"n": len(counted), "day": _day(start)}})
    if end is not None:
        if end < start:
            raise ValidationError({"end_date": _("The last day is before the first day.")})
        if not days.covers(end):
            raise ValidationError({"end_date": _(
                "No school calendar covers %(day)s yet.") % {"day": _day(end)}})
        through = days.days(start, end)
        if len(through) > MAX_SCHOOL_DAYS:
            raise ValidationError({"end_date": _(
                "That is %(n)s school days; a removal is recorded for at most %(max)s.")
                % {"n": len(through), "max": MAX_SCHOOL_DAYS}})
        if school_days is not None and through != counted:
            raise ValidationError({"end_date": _(
                "%(n)s school days from %(start)s end on %(last)s, not %(end)s. Give the number of "
                "days or the last day, or make them agree.") % {
                    "n": school_days, "start": _day(start), "last": _day(counted[-1]), "end": _day(end)}})
        counted = through
    if not counted:
        raise ValidationError({"school_days": _("Give the number of school days or the last day.")})
    between = [counted[0] + dt.timedelta(days=i) for i in range((counted[-1] - counted[0]).days + 1)]
    school = set(counted)
    skipped = [d for d in between if d not in school]
    return RemovalSpan(days=counted, weekends=[d for d in skipped if d.weekday() >= 5],
                       closed=[d for d in skipped if d.weekday() < 5])


@dataclass(frozen=True)
class Recorded:
    rows: list[Removal]
    span: RemovalSpan
    already: list[dt.date]  # days that had a removal recorded before (each day counts once)


def removals_record(
    *, student: Student, by: User, start_date: dt.date, school_days: int | None, end_date: dt.date | None,
    setting: str, portion: Decimal, services_continued: bool, reason: str,
) -> Recorded:
    """Record a removal: one row per school day of the student's calendar it covers (weekends
    and closures between are skipped). Queries: calendars and closures (2), earlier removals
    on those days (1), the constraint checks (2), the insert (1)."""
    days = school_days_for({student.school_id})[student.school_id]
    span = removal_span(days=days, start=start_date, school_days=school_days, end=end_date)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what happened: the reason for the removal.")})
    rows = [Removal(student=student, date=day, setting=setting, portion=portion,
                    services_continued=services_continued, reason=reason.strip(), recorded_by=by)
            for day in span.days]
    # The rows differ only in their date: checking the first checks them all.
    rows[0].full_clean(exclude=["student", "recorded_by"])
    with transaction.atomic():
        already = sorted(set(Removal.objects.filter(student=student, date__in=span.days)
                             .values_list("date", flat=True)))
        Removal.objects.bulk_create(rows)
    return Recorded(rows=rows, span=span, already=already)


def pattern_determine(
    *, student: Student, by: User, removal_day: dt.date, outcome: str, basis: str, determined_on: dt.date,
) -> PatternDetermination:
    """Record whether the removal starting on `removal_day` forms a pattern with the earlier
    ones (34 CFR 300.536(a)(2)). The removal must be one that asks (behavior.manifestation)."""
    if not basis.strip():
        raise ValidationError({"basis": _(
            "Say on what basis: how similar the behavior is, and the length, total and proximity "
            "of the removals.")})
    if determined_on > timezone.localdate():
        raise ValidationError({"determined_on": _("A determination is recorded once it is made, not ahead.")})
    standing = placement_of(student, timezone.localdate())
    # A removal waiting, or one answered before (a correction), up to the first change of placement.
    if not any(run.first == removal_day and not run.consecutive for run in standing.runs):
        raise ValidationError(_(
            "That removal no longer asks for a determination (it was corrected, or another "
            "determination or a change of placement came first). Reload the removals page."))
    row = PatternDetermination(student=student, removal_day=removal_day, outcome=outcome, basis=basis.strip(),
                               determined_on=determined_on, determined_by=by)
    row.full_clean(exclude=["student", "determined_by"])
    row.save()
    return row
