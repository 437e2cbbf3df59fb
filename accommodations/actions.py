"""Writes on supports and their checks. Keyword-only, atomic, validated, with history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from accommodations import review_requests
from accommodations.classroom import classes_for
from accommodations.models import (
    Acknowledgement,
    Assessment,
    CheckChange,
    ImplementationCheck,
    Support,
    SupportReview,
)
from schedules import rotation
from schedules.queries import schedules_for
from students.lateness import Lateness, lateness, still_changeable
from students.models import IEP, Enrollment, Section, Student
from students.school_days import school_days_for

if TYPE_CHECKING:
    from iep_portal.models import User

SUPPORT_FIELDS = ("kind", "category", "text", "how_to", "scope", "subjects", "frequency", "start_date")
# Set once, when the support is added: where it was written (Support.Source).
ADD_FIELDS = (*SUPPORT_FIELDS, "source")


def _day(day: dt.date) -> str:
    return date_format(day, "l, F j")


def _require_school_day(section: Section, day: dt.date) -> None:
    """A check needs a day the class met: a school day on the calendar, and one of the
    class's days on its bell schedule (an A-day class has no meeting on a B day). One read
    answers both: the class's schedule carries its school's calendar (schedules.queries)."""
    if day > timezone.localdate():
        raise ValidationError(f"{_day(day)} has not happened yet; check supports on the day.")
    schedule = schedules_for([section.pk])[section.pk]
    if not schedule.rotation.is_instructional(day):
        raise ValidationError(
            f"{_day(day)} is not a school day on the calendar, so there is nothing to check."
        )
    if not rotation.meets(schedule, day):
        letter = schedule.rotation.letter_of(day)
        raise ValidationError(
            f"{section} does not meet on {_day(day)}{f' (a {letter} day)' if letter else ''}, "
            "so there is nothing to check."
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
                      **{k: v for k, v in fields.items() if k in ADD_FIELDS})
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


def check_lateness(section: Section, day: dt.date, today: dt.date | None = None) -> Lateness:
    """How late a check-off of `day` in `section`, recorded today, is (its school's days).

    Queries: calendars and closures (2); none for today.
    """
    today = today or timezone.localdate()
    if day >= today:
        return Lateness(school_days_after=0, days_after=0, late=False, needs_approval=False)
    days = school_days_for({section.school_id})[section.school_id]
    return lateness(happened=day, recorded=today, days=days)


def _require_late_reason(day: dt.date, late: Lateness, reason: str) -> None:
    if late.late and not reason:
        raise ValidationError(
            f"{_day(day)} was {late.school_days_after} school days ago, so this check-off is "
            "recorded late: say why (for example “was out sick, catching up from my notes”)."
        )


def _require_changeable(day: dt.date, today: dt.date) -> None:
    if not still_changeable(happened=day, today=today):
        raise ValidationError(
            f"The check-off for {_day(day)} can no longer be changed: outcomes can be changed up "
            f"to {settings.EVIDENCE_APPROVAL_AFTER_DAYS} days after the class day."
        )


@transaction.atomic
def check_record(
    *, support: Support, student: Student, section: Section, day: dt.date, outcome: str,
    by: User, note: str = "", late_reason: str = "",
) -> ImplementationCheck:
    """Record whether `support` was provided to `student` in `section` on `day`.

    One record per support, section, day and student. Recording it again with the same outcome
    and note changes nothing; with another outcome (or note) it is a change: allowed only
    inside the change window (students.lateness.still_changeable), and the earlier outcome is
    kept as a CheckChange (who had recorded what, when). Recorded more than
    EVIDENCE_LATE_AFTER_SCHOOL_DAYS school days after `day` it is late and needs
    `late_reason`; past EVIDENCE_APPROVAL_AFTER_DAYS a new check waits for an administrator.
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
    note = note.strip()[:300]
    if outcome in {ImplementationCheck.Outcome.PROVIDED, ImplementationCheck.Outcome.ABSENT}:
        note = ""
    reason = late_reason.strip()[:300]
    now = timezone.now()
    today = timezone.localdate(now)
    key = {"support": support, "section": section, "date": day, "student": student}
    existing = ImplementationCheck.objects.select_for_update().filter(**key).first()
    if existing is not None and (existing.outcome, existing.note) == (outcome, note):
        return existing  # the same answer again (a retry, a second tab): nothing changes
    if existing is not None:
        _require_changeable(day, today)
    late = check_lateness(section, day, today)
    _require_late_reason(day, late, reason)
    fields = {
        "teacher": by, "outcome": outcome, "note": note, "recorded_at": now, "late": late.late,
        "late_reason": reason if late.late else "",
        "approval": ImplementationCheck.Approval.WAITING if late.needs_approval else "",
        "approved_by": None, "approved_at": None, "rejection_reason": "",
    }
    with pghistory.context(user=by.pk, reason="support checked"):
        if existing is None:
            try:
                with transaction.atomic():
                    check = ImplementationCheck(**key, **fields)
                    check.full_clean(validate_unique=False)
                    check.save()
                    return check
            except IntegrityError:
                # Another tap saved this check a moment ago: this one is a change to it.
                existing = ImplementationCheck.objects.select_for_update().get(**key)
                if (existing.outcome, existing.note) == (outcome, note):
                    return existing
        CheckChange.objects.create(
            check_off=existing, outcome=existing.outcome, note=existing.note,
            recorded_by_id=existing.teacher_id, recorded_at=existing.recorded_at,
            changed_by=by, changed_at=now,
        )
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.full_clean(validate_unique=False)
        existing.save(update_fields=[*fields, "updated_at"])
    return existing


@dataclass(frozen=True)
class Marked:
    """What "All provided" did: how many checks it made, and who it left as absent."""

    made: int
    absent: list[Student]
    first: ImplementationCheck | None = None

    def message(self) -> str:
        text = f"Marked {self.made} provided"
        if self.absent:
            text += f"; {len(self.absent)} absent left as absent"
        return text + "."


@transaction.atomic
def checks_mark_provided(
    *, section: Section, day: dt.date, by: User, student_ids: set[int] | None = None,
    late_reason: str = "",
) -> Marked:
    """"All provided": every expected, not yet checked support in `section` on `day`.

    For the whole class, or for `student_ids`. Outcomes already recorded (for example "not
    provided" with a note) are kept, and a student marked absent from the class that day is
    never marked provided. A fixed number of queries: whether the class meets that day (its
    schedule with its calendar, seven), the class's day (twelve, fourteen for an earlier day), one
    insert and one read of what it made.
    """
    _require_school_day(section, day)
    [section_day] = classes_for(section.teacher, day, section=section)  # type: ignore[arg-type]
    late = section_day.lateness
    reason = late_reason.strip()[:300]
    rows = [row for row in section_day.students if student_ids is None or row.student.pk in student_ids]
    if any(item.unchecked for row in rows if not row.absent for item in row.items):
        _require_late_reason(day, late, reason)
    now = timezone.now()
    new = [
        ImplementationCheck(
            support=item.support, student=row.student, section=section, date=day, teacher=by,
            outcome=ImplementationCheck.Outcome.PROVIDED, recorded_at=now, late=late.late,
            late_reason=reason if late.late else "",
            approval=ImplementationCheck.Approval.WAITING if late.needs_approval else "",
        )
        for row in rows if not row.absent
        for item in row.items if item.unchecked
    ]
    with pghistory.context(user=by.pk, reason="all provided"):
        # A check made at the same moment by another tap wins; never two rows.
        ImplementationCheck.objects.bulk_create(new, ignore_conflicts=True)
    made = list(ImplementationCheck.objects.filter(section=section, date=day, teacher=by,
                                                   recorded_at=now).order_by("pk")) if new else []
    return Marked(len(made), [row.student for row in rows if row.absent], made[0] if made else None)


@transaction.atomic
def student_mark_absent(
    *, section: Section, day: dt.date, student: Student, by: User, late_reason: str = "",
) -> list[ImplementationCheck]:
    """Mark `student` absent from `section` on `day`: every support listed for the student in
    that class meeting is checked "student absent" (earlier answers are changed, with their
    history kept), so the meeting leaves every figure."""
    [section_day] = classes_for(section.teacher, day, section=section)  # type: ignore[arg-type]
    row = next((r for r in section_day.students if r.student.pk == student.pk), None)
    if row is None or not section_day.instructional:
        raise ValidationError(f"{student} has no supports to check in {section} on {_day(day)}.")
    return [
        check_record(support=item.support, student=student, section=section, day=day,
                     outcome=ImplementationCheck.Outcome.ABSENT, by=by, late_reason=late_reason)
        for item in row.items
    ]


# --- approval of check-offs entered past the approval window ---------------------------------

def checks_waiting(user: User) -> list[ImplementationCheck]:
    """Check-offs waiting for `user`'s approval (their schools; district: all), oldest first.

    Queries: one.
    """
    if not user.is_admin_role:
        return []
    return list(
        ImplementationCheck.objects.waiting_approval()
        .filter(student__in=Student.objects.visible_to(user))
        .select_related("student", "support", "section", "teacher")
        .order_by("date", "pk")
    )


def _waiting_check(pk: int, by: User) -> ImplementationCheck:
    check = (
        ImplementationCheck.objects.select_for_update()
        .filter(pk=pk, student__in=Student.objects.visible_to(by)).first()
        if by.is_admin_role else None
    )
    if check is None:
        raise Http404("No such check-off.")
    if check.approval != ImplementationCheck.Approval.WAITING:
        raise ValidationError("This check-off is not waiting for approval.")
    return check


@transaction.atomic
def check_approve(*, pk: int, by: User) -> ImplementationCheck:
    """An administrator approves a check-off entered past the window: it counts from now on."""
    check = _waiting_check(pk, by)
    check.approval = ImplementationCheck.Approval.APPROVED
    check.approved_by, check.approved_at = by, timezone.now()
    with pghistory.context(user=by.pk, reason="check-off approved"):
        check.save(update_fields=["approval", "approved_by", "approved_at", "updated_at"])
    return check


@transaction.atomic
def check_reject(*, pk: int, by: User, reason: str) -> ImplementationCheck:
    """An administrator refuses a late check-off: it is kept, and never counts."""
    check = _waiting_check(pk, by)
    if not reason.strip():
        raise ValidationError("Say why this check-off is not approved.")
    check.approval = ImplementationCheck.Approval.REJECTED
    check.approved_by, check.approved_at = by, timezone.now()
    check.rejection_reason = reason.strip()[:300]
    with pghistory.context(user=by.pk, reason="check-off not approved"):
        check.save(update_fields=["approval", "approved_by", "approved_at", "rejection_reason",
                                  "updated_at"])
    return check


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
def support_review_add(
    *, support: Support, reviewer: User, used: str, prompting: str, adjustment: str, comment: str = "",
) -> SupportReview:
    """One adult's review of a support: how often the student used it when offered, how much
    adult help they needed, and what the reviewer proposes. Rarely used, or a proposal to
    change or drop it, flags the case manager (SupportReview.is_flag)."""
    if support.end_date is not None and support.end_date < timezone.localdate():
        raise ValidationError("This support has ended; review a current one.")
    review = SupportReview(support=support, reviewer=reviewer, used=used, prompting=prompting,
                           adjustment=adjustment, comment=comment.strip())
    review.full_clean()
    review.save()
    review_requests.review_recorded(review)  # closes a request for it (progress's data requests)
    return review


@transaction.atomic
def support_review_resolve(*, review: SupportReview, by: User) -> SupportReview:
    if review.resolved_at is not None:
        raise ValidationError("This review was already addressed.")
    review.resolved_at = timezone.now()
    review.resolved_by = by
    review.save(update_fields=["resolved_at", "resolved_by"])
    return review
