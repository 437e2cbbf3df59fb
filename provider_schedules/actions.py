"""Writes on session plans and the one-tap log of a scheduled session. Keyword-only, atomic,
validated in words a provider understands.

Only who delivers a line (its provider or a current co-provider) plans it: the plan is their
timetable, and logging it certifies delivery. A group's lines are all of that provider.
Logging a scheduled session writes through services.actions.service_sessions_log, one row
per student with that student's own status and note, so every rule of the session log
(school days, late entries, certification, the same session twice) holds here too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iep_portal.models import User
from provider_schedules.models import PlannedLine, SessionPlan
from schedules.models import DayPattern
from services.actions import AlreadyLogged, service_sessions_log
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from students.models import IEP


def _check_lines(requirements: Sequence[ServiceRequirement], by: User) -> None:
    if not requirements:
        raise ValidationError({"requirements": "Choose at least one student's service."})
    co = set(ServiceCoProvider.objects.current().filter(requirement__in=[r.pk for r in requirements], user=by)
             .values_list("requirement_id", flat=True))
    for r in requirements:
        if r.provider_id != by.pk and r.pk not in co:
            raise ValidationError({"requirements": f"You do not deliver {r.iep.student}'s {r.area}; "
                                                   f"only {r.provider} can schedule it."})
        if r.iep.status != IEP.Status.ACTIVE:
            raise ValidationError({"requirements": f"{r.iep.student}'s IEP is not active."})
    if len({r.iep.student_id for r in requirements}) != len(requirements):
        raise ValidationError({"requirements": "Choose each student once per session."})


def _check_letters(plan: SessionPlan, requirements: Sequence[ServiceRequirement]) -> None:
    """Day letters must be letters of every school the group's students attend."""
    if not plan.day_letters:
        return
    schools = {r.iep.student.school_id for r in requirements}
    patterns = {p.school_id: p for p in DayPattern.objects.filter(school__in=schools)}
    for school in schools:
        pattern = patterns.get(school)
        known = set(pattern.letters) if pattern else set()
        missing = [x for x in plan.day_letters if x not in known]
        if missing:
            raise ValidationError({"day_letters": (
                f"{', '.join(missing)} is not a day letter of the school's schedule"
                + (f" (its letters: {', '.join(pattern.letters)})." if pattern and pattern.letters
                   else "; this school's days are all alike, so choose weekdays."))})


@dataclass(frozen=True)
class PlanFields:
    """What a provider chooses for a plan (the form's cleaned data)."""

    label: str
    weekdays: Sequence[int]
    day_letters: Sequence[str]
    frequency: str
    week_of_month: int | None
    start_time: dt.time
    minutes: int
    start_date: dt.date
    end_date: dt.date | None


def _apply(plan: SessionPlan, fields: PlanFields) -> None:
    plan.label = fields.label.strip()
    plan.weekdays = sorted(set(fields.weekdays))
    plan.day_letters = [x.strip() for x in fields.day_letters if x.strip()]
    plan.frequency = fields.frequency
    plan.week_of_month = fields.week_of_month if fields.frequency == SessionPlan.Frequency.MONTHLY else None
    plan.start_time = fields.start_time
    plan.minutes = fields.minutes
    plan.start_date = fields.start_date
    plan.end_date = fields.end_date


def _validate(plan: SessionPlan, requirements: Sequence[ServiceRequirement]) -> None:
    if plan.frequency == SessionPlan.Frequency.MONTHLY and not plan.week_of_month:
        raise ValidationError({"week_of_month": "Say which one of the month (e.g. the first Tuesday)."})
    if plan.frequency == SessionPlan.Frequency.MONTHLY and not plan.weekdays:
        raise ValidationError({"weekdays": "Choose the weekday of the monthly session."})
    longest = max(r.iep.end_date for r in requirements)
    if plan.start_date > longest:
        raise ValidationError({"start_date": f"The services end by {longest:%b %-d, %Y}; start before then."})
    _check_letters(plan, requirements)
    plan.full_clean(exclude=["provider", "created_by", "ended_by"])


@transaction.atomic
def session_plan_add(
    *, by: User, requirements: Sequence[ServiceRequirement], fields: PlanFields,
) -> SessionPlan:
    """A provider plans a recurring session for their lines (one student, or a group)."""
    _check_lines(requirements, by)
    plan = SessionPlan(provider=by, created_by=by)
    _apply(plan, fields)
    _validate(plan, requirements)
    with pghistory.context(user=by.pk, reason="session planned"):
        plan.save()
        PlannedLine.objects.bulk_create([PlannedLine(plan=plan, requirement=r) for r in requirements])
    return plan


@transaction.atomic
def session_plan_change(*, plan: SessionPlan, by: User, requirements: Sequence[ServiceRequirement],
                        fields: PlanFields) -> SessionPlan:
    """Change a plan's days, time, length or students; its history keeps the earlier version.
    Sessions already logged stay as they were."""
    if plan.is_ended:
        raise ValidationError("This schedule was ended; plan a new one instead.")
    if plan.provider_id != by.pk:
        raise ValidationError("Only the provider whose schedule this is can change it.")
    _check_lines(requirements, by)
    _apply(plan, fields)
    _validate(plan, requirements)
    wanted = {r.pk for r in requirements}
    with pghistory.context(user=by.pk, reason="session plan changed"):
        plan.save()
        PlannedLine.objects.filter(plan=plan).exclude(requirement__in=wanted).delete()
        have = set(PlannedLine.objects.filter(plan=plan).values_list("requirement_id", flat=True))
        PlannedLine.objects.bulk_create([PlannedLine(plan=plan, requirement=r) for r in requirements
                                         if r.pk not in have])
    return plan


def session_plan_end(*, plan: SessionPlan, by: User) -> bool:
    """End a plan from now on (the row stays, with who ended it and when). Compare-and-set:
    ending twice changes nothing. True if this call ended it."""
    if plan.provider_id != by.pk:
        raise ValidationError("Only the provider whose schedule this is can end it.")
    with transaction.atomic(), pghistory.context(user=by.pk, reason="session plan ended"):
        changed = SessionPlan.objects.filter(pk=plan.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by)
    return bool(changed)


@dataclass(frozen=True)
class StudentOutcome:
    """One student's part of a scheduled session: what happened, why (when missed), a note."""

    requirement: ServiceRequirement
    status: str
    reason: str = ""
    note: str = ""


def scheduled_session_log(
    *, by: User, day: dt.date, start_time: dt.time, minutes: int, outcomes: Sequence[StudentOutcome],
    idempotency_key: uuid.UUID, certify: bool = True, late_reason: str = "", group_size: int | None = None,
) -> list[ServiceSession]:
    """Log a scheduled session in one step: one row per student, each with its own status
    and note, all or nothing. The group's size is everyone scheduled (`group_size`, by default
    the students logged here), present or not.

    Each student's row has its own key derived from `idempotency_key`, so the same
    submission twice (a double click, Back and Save again) returns the rows the first made.
    """
    if not outcomes:
        raise ValidationError({"requirements": "Nobody is scheduled in this session."})
    rows: list[ServiceSession] = []
    with transaction.atomic():
        for outcome in outcomes:
            try:
                rows += service_sessions_log(
                    requirements=[outcome.requirement], by=by, date=day, minutes=minutes,
                    status=outcome.status, reason=outcome.reason, note=outcome.note,
                    idempotency_key=uuid.uuid5(idempotency_key, f"line-{outcome.requirement.pk}"),
                    certify=certify, start_time=start_time, group_size=group_size or len(outcomes),
                    late_reason=late_reason,
                )
            except AlreadyLogged:
                raise
            except ValidationError as exc:
                raise _for_student(exc, outcome.requirement) from None
    return rows


def _for_student(exc: ValidationError, requirement: ServiceRequirement) -> ValidationError:
    """The session log's message, naming whose row it is about (the reason field is theirs)."""
    student = requirement.iep.student
    if not hasattr(exc, "error_dict"):
        return ValidationError([f"{student}: {m}" for m in exc.messages])
    fields = {"reason": f"reason_{requirement.pk}", "status": f"status_{requirement.pk}",
              "note": f"note_{requirement.pk}"}
    return ValidationError({fields.get(name, name): [f"{student}: {m}" for m in messages]
                            for name, messages in exc.message_dict.items()})
