"""Writes on makeup plans: plan, reschedule, cancel. Keyword-only, atomic, validated.

Nothing is deleted or rewritten silently: a reschedule or a cancellation adds a MakeupChange
row (who, when, why) beside the planned makeup, whose history the database also keeps.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iep_portal.models import User
from makeups import status
from makeups.models import MakeupChange, PlannedMakeup
from services import ledger
from services.access import may_log
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.models import IEP
from students.school_days import school_days_for


def _check_date(requirement: ServiceRequirement, target_date: dt.date, today: dt.date) -> None:
    student = requirement.iep.student
    service = requirement.as_service()
    days = school_days_for({student.school_id})[student.school_id]
    if target_date < today:
        message = f"{target_date:%b %-d, %Y} has passed; plan a makeup for today or a later school day."
    elif not service.start <= target_date <= service.end:
        message = (
            f"{target_date:%b %-d, %Y} is outside {student}'s {requirement.area} service "
            f"({service.start:%b %-d, %Y} to {service.end:%b %-d, %Y})."
        )
    elif not days.is_instructional(target_date):
        message = f"{target_date:%b %-d, %Y} is not a school day on {student.school}'s calendar."
    else:
        return
    raise ValidationError({"target_date": message})


def _check_planner(requirement: ServiceRequirement, by: User) -> None:
    if requirement.iep.status != IEP.Status.ACTIVE or not may_log(by.pk, requirement):
        raise ValidationError(
            f"Only the provider or the case manager of {requirement.iep.student}'s "
            f"{requirement.area} plans its makeups."
        )


@transaction.atomic
def planned_makeup_add(
    *,
    requirement: ServiceRequirement,
    by: User,
    target_date: dt.date,
    minutes: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> PlannedMakeup:
    """Plan one makeup session for a line that owes minutes, on a school day from today on,
    inside the service dates. Refused once every owed makeup session has one planned."""
    today = today or timezone.localdate()
    # One planner at a time per line, so two tabs cannot plan past what is owed.
    requirement = (
        ServiceRequirement.objects.select_for_update(of=("self",))
        .select_related("iep", "iep__student", "iep__student__school", "provider")
        .get(pk=requirement.pk)
    )
    _check_planner(requirement, by)
    _check_date(requirement, target_date, today)
    minutes = requirement.session_length if minutes is None else minutes
    if not 0 < minutes <= settings.SERVICES_SCHOOL_DAY_MINUTES:
        raise ValidationError(
            {
                "minutes": f"Minutes must be between 1 and the school day "
                f"({settings.SERVICES_SCHOOL_DAY_MINUTES})."
            }
        )
    owed = ledgers_for([requirement], today)[requirement.pk].ledger.owed
    backlog_sessions = ledger.backlog(owed, requirement.as_service()).sessions
    planned = status.open_counts([requirement.pk], today).get(requirement.pk, 0)
    if not backlog_sessions:
        raise ValidationError(
            f"{requirement.iep.student}'s {requirement.area} owes no minutes: there is nothing to make up."
        )
    if planned >= backlog_sessions:
        raise ValidationError(
            f"Every owed makeup session already has a makeup planned "
            f"({planned} planned). Reschedule one instead."
        )
    makeup = PlannedMakeup(
        requirement=requirement, target_date=target_date, minutes=minutes, note=note.strip(), planned_by=by
    )
    makeup.full_clean(exclude=["requirement", "planned_by"])
    with pghistory.context(user=by.pk, reason="makeup planned"):
        makeup.save()
    return makeup


def _open_or_refuse(makeup: PlannedMakeup, today: dt.date) -> None:
    if makeup.is_cancelled:
        raise ValidationError("This makeup was already cancelled.")
    lines = list(PlannedMakeup.objects.open().filter(requirement=makeup.requirement_id))
    if status.track(lines, today)[makeup.pk].state == status.DONE:
        raise ValidationError(
            "This makeup is done: its makeup session is logged. To undo it, correct or void that session."
        )


@transaction.atomic
def planned_makeup_reschedule(
    *,
    makeup: PlannedMakeup,
    by: User,
    target_date: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> MakeupChange:
    """Move a planned makeup to another school day; the earlier date stays in its changes."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": "Say why the makeup moves (for example: student on a field trip)."})
    makeup = (
        PlannedMakeup.objects.select_for_update()
        .select_related("requirement", "requirement__iep", "requirement__iep__student")
        .get(pk=makeup.pk)
    )
    _check_planner(makeup.requirement, by)
    _open_or_refuse(makeup, today)
    if target_date == makeup.target_date:
        raise ValidationError({"target_date": f"The makeup is already planned for {target_date:%b %-d}."})
    _check_date(makeup.requirement, target_date, today)
    change = MakeupChange(
        makeup=makeup,
        kind=MakeupChange.Kind.RESCHEDULED,
        from_date=makeup.target_date,
        to_date=target_date,
        reason=reason.strip(),
        by=by,
    )
    change.full_clean(exclude=["makeup", "by"])
    with pghistory.context(user=by.pk, reason=f"makeup rescheduled: {reason.strip()}"):
        change.save()
        makeup.target_date = target_date
        makeup.save(update_fields=["target_date"])
    return change


@transaction.atomic
def planned_makeup_cancel(
    *,
    makeup: PlannedMakeup,
    by: User,
    reason: str,
    today: dt.date | None = None,
) -> MakeupChange:
    """Cancel a planned makeup (the minutes stay owed); who, when and why are kept."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": "Say why the makeup is cancelled."})
    makeup = (
        PlannedMakeup.objects.select_for_update()
        .select_related("requirement", "requirement__iep", "requirement__iep__student")
        .get(pk=makeup.pk)
    )
    _check_planner(makeup.requirement, by)
    _open_or_refuse(makeup, today)
    now = timezone.now()
    change = MakeupChange(
        makeup=makeup,
        kind=MakeupChange.Kind.CANCELLED,
        from_date=makeup.target_date,
        reason=reason.strip(),
        by=by,
    )
    with pghistory.context(user=by.pk, reason=f"makeup cancelled: {reason.strip()}"):
        change.save()
        makeup.cancelled_at, makeup.cancelled_by, makeup.cancel_reason = now, by, reason.strip()[:300]
        makeup.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    return change
