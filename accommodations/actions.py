"""Writes on supports and their checks. Keyword-only, atomic, validated, with history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accommodations.classroom import classes_for
from accommodations.models import (
    Acknowledgement,
    Assessment,
    ImplementationCheck,
    Support,
    SupportReview,
)
from accommodations.rates import calendar_value
from students.models import IEP, Enrollment, Section, Student

if TYPE_CHECKING:
    from iep_portal.models import User

SUPPORT_FIELDS = ("kind", "category", "text", "how_to", "scope", "subjects", "frequency", "start_date")


def _day(day: dt.date) -> str:
    return date_format(day, "l, F j")


def _require_school_day(section: Section, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"{_day(day)} has not happened yet; check supports on the day.")
    calendar = section.school.calendar_on(day)
    if calendar is None or not calendar_value(calendar).is_instructional(day):
        raise ValidationError(
            f"{_day(day)} is not a school day on the calendar, so there is nothing to check."
        )


@transaction.atomic
def support_add(*, iep: IEP, by: User, **fields: Any) -> Support:
    """Add an accommodation, modification or strategy to an active IEP.

    Moves the IEP's latest support change, so every responsible adult is asked to
    acknowledge again.
    """
    if iep.status != IEP.Status.ACTIVE:
        raise ValidationError("Supports can be added only to the active IEP.")
    support = Support(iep=iep, created_by=by, changed_at=timezone.now(),
                      **{k: v for k, v in fields.items() if k in SUPPORT_FIELDS})
    if support.start_date is None:
        support.start_date = max(iep.start_date, timezone.localdate())
    support.full_clean()
    with pghistory.context(user=by.pk, reason="support added"):
        support.save()
    return support


@transaction.atomic
def support_update(*, support: Support, by: User, **fields: Any) -> Support:
    for name, value in fields.items():
        if name in SUPPORT_FIELDS:
            setattr(support, name, value)
    support.changed_at = timezone.now()
    support.full_clean()
    with pghistory.context(user=by.pk, reason="support changed"):
        support.save(update_fields=[*SUPPORT_FIELDS, "changed_at"])
    return support


@transaction.atomic
def support_end(*, support: Support, by: User, end_date: dt.date) -> Support:
    """End a support: it no longer applies after `end_date`. Its checks stay."""
    if support.end_date is not None and support.end_date < timezone.localdate():
        raise ValidationError("This support has already ended.")
    if end_date < support.start_date:
        raise ValidationError(
            {"end_date": "A support cannot end before it starts; edit it instead if it was a mistake."}
        )
    support.end_date = end_date
    support.changed_at = timezone.now()
    support.full_clean()
    with pghistory.context(user=by.pk, reason="support ended"):
        support.save(update_fields=["end_date", "changed_at"])
    return support


@transaction.atomic
def check_record(
    *, support: Support, student: Student, section: Section, day: dt.date, outcome: str,
    by: User, note: str = "",
) -> ImplementationCheck:
    """Record whether `support` was provided to `student` in `section` on `day`.

    Checking again for the same support, section, day and student updates that one record.
    Refused: a student not enrolled in the class that day, a day that is not a school day (or
    in the future), a support not in effect or not for this subject.
    """
    if outcome not in ImplementationCheck.Outcome.values:
        raise ValidationError("Choose what happened with this support.")
    if support.iep.student_id != student.pk:
        raise ValidationError("This support belongs to another student.")
    if not Enrollment.objects.current(day).filter(student=student, section=section).exists():
        raise ValidationError(
            f"{student} is not enrolled in {section} on {_day(day)}; "
            "supports are checked only in the classes a student is in."
        )
    _require_school_day(section, day)
    iep = support.iep
    if iep.status != IEP.Status.ACTIVE or not (iep.start_date <= day <= iep.end_date):
        raise ValidationError(f"{student}'s IEP is not in effect on {_day(day)}.")
    if not support.is_current(day):
        raise ValidationError(f"“{support}” is not in effect on {_day(day)}.")
    if not support.applies_to(section.subject):
        raise ValidationError(
            f"“{support}” applies only in {', '.join(support.subjects)}, not in {section.subject}."
        )
    note = note.strip()
    if outcome == ImplementationCheck.Outcome.PROVIDED:
        note = ""
    with pghistory.context(user=by.pk, reason="support checked"):
        check, _created = ImplementationCheck.objects.update_or_create(
            support=support, section=section, date=day, student=student,
            defaults={"teacher": by, "outcome": outcome, "note": note[:300]},
        )
    return check


@transaction.atomic
def checks_mark_provided(
    *, section: Section, day: dt.date, by: User, student_ids: set[int] | None = None
) -> int:
    """"All provided": every expected, not yet checked support in `section` on `day`.

    For the whole class, or for `student_ids`. Outcomes already recorded (for example "not
    provided" with a note) are kept. Returns how many checks were made. A fixed number of
    queries: the class's day (seven) and one insert.
    """
    _require_school_day(section, day)
    [section_day] = classes_for(section.teacher, day, section=section)  # type: ignore[arg-type]
    new = [
        ImplementationCheck(
            support=item.support, student=row.student, section=section, date=day, teacher=by,
            outcome=ImplementationCheck.Outcome.PROVIDED,
        )
        for row in section_day.students if student_ids is None or row.student.pk in student_ids
        for item in row.items if item.unchecked
    ]
    with pghistory.context(user=by.pk, reason="all provided"):
        # A check made at the same moment by another tap wins; never two rows.
        created = ImplementationCheck.objects.bulk_create(new, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def assessment_record(*, section: Section, day: dt.date, by: User, title: str = "") -> Assessment:
    """Note that `section` has an assessment on `day`: assessment-only supports become due."""
    _require_school_day(section, day)
    assessment, _created = Assessment.objects.get_or_create(
        section=section, date=day, defaults={"recorded_by": by, "title": title.strip()[:120]}
    )
    return assessment


@transaction.atomic
def acknowledgement_record(*, iep: IEP, user: User) -> Acknowledgement:
    """`user` confirms they have read the supports they are responsible for on `iep`."""
    if iep.status != IEP.Status.ACTIVE:
        raise ValidationError("Only the active IEP can be acknowledged.")
    return Acknowledgement.objects.create(iep=iep, user=user, acknowledged_at=timezone.now())


@transaction.atomic
def support_review_add(*, support: Support, reviewer: User, rating: str, comment: str = "") -> SupportReview:
    """"Is this support working?" A not-working or not-used answer flags the case manager."""
    review = SupportReview(support=support, reviewer=reviewer, rating=rating, comment=comment.strip())
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def support_review_resolve(*, review: SupportReview, by: User) -> SupportReview:
    if review.resolved_at is not None:
        raise ValidationError("This review was already addressed.")
    review.resolved_at = timezone.now()
    review.resolved_by = by
    review.save(update_fields=["resolved_at", "resolved_by"])
    return review
