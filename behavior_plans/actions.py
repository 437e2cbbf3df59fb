"""Writes on FBAs, BIPs and behavior data. Keyword-only, atomic, validated, with history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations.actions import support_add
from accommodations.models import Support
from behavior_plans.models import (
    BehaviorPlan,
    BehaviorRecord,
    FunctionalAssessment,
    Incident,
    PlanStrategy,
    TargetBehavior,
)
from students.lateness import Lateness, lateness
from students.models import IEP
from students.school_days import school_days_for

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass(frozen=True)
class Target:
    """A target behavior as the FBA names it."""

    name: str
    definition: str
    measure: str
    baseline: Decimal
    goal: Decimal


@transaction.atomic
def fba_record(
    *, plan: IEP, by: User, conducted_on: dt.date, conducted_by: Sequence[User], function: str,
    function_note: str, targets: Sequence[Target],
) -> FunctionalAssessment:
    """Record a completed FBA with its target behaviors, on the student's active plan."""
    if plan.status != IEP.Status.ACTIVE:
        raise ValidationError("An FBA is recorded on the student's active plan.")
    if not targets:
        raise ValidationError("Name at least one target behavior, with its operational definition.")
    if not conducted_by:
        raise ValidationError("Say who conducted the FBA.")
    assessment = FunctionalAssessment(plan=plan, conducted_on=conducted_on, function=function,
                                      function_note=function_note.strip(), recorded_by=by)
    assessment.full_clean()
    with pghistory.context(user=by.pk, reason="FBA recorded"):
        assessment.save()
        assessment.conducted_by.set(conducted_by)
        for t in targets:
            row = TargetBehavior(assessment=assessment, name=t.name.strip(), definition=t.definition.strip(),
                                 measure=t.measure, baseline=t.baseline, goal=t.goal, recorded_by=by)
            row.full_clean()
            row.save()
    return assessment


@transaction.atomic
def target_add(*, assessment: FunctionalAssessment, by: User, target: Target) -> TargetBehavior:
    """Add a target behavior to an FBA (a second behavior the team decides to work on): it is
    graphed and recorded beside the others from now on."""
    if assessment.plan.status != IEP.Status.ACTIVE:
        raise ValidationError("Target behaviors are added on the student's active plan.")
    name = target.name.strip()
    if TargetBehavior.objects.filter(assessment=assessment, name__iexact=name).exists():
        raise ValidationError({"name": _("This FBA already targets “%(name)s”.") % {"name": name}})
    row = TargetBehavior(assessment=assessment, name=name, definition=target.definition.strip(),
                         measure=target.measure, baseline=target.baseline, goal=target.goal, recorded_by=by)
    row.full_clean()
    with pghistory.context(user=by.pk, reason="target behavior added"):
        row.save()
    return row


@transaction.atomic
def bip_write(
    *, assessment: FunctionalAssessment, by: User, replacement_behavior: str, crisis_steps: str = "",
    start_date: dt.date, review_date: dt.date,
) -> BehaviorPlan:
    """Write the BIP from an FBA, on the FBA's plan (an IEP or a 504 plan)."""
    bip = BehaviorPlan(plan=assessment.plan, assessment=assessment,
                       replacement_behavior=replacement_behavior.strip(), crisis_steps=crisis_steps.strip(),
                       start_date=start_date, review_date=review_date, written_by=by)
    bip.full_clean()
    with pghistory.context(user=by.pk, reason="BIP written"):
        bip.save()
    return bip


@transaction.atomic
def bip_strategy_add(
    *, behavior_plan: BehaviorPlan, part: str, text: str, how_to: str = "", by: User,
    start_date: dt.date | None = None,
) -> PlanStrategy:
    """Add a prevention, teaching or response strategy to a BIP: a support of its plan (source
    "behavior_plan"), so every teacher checks it off and acknowledges it like any other, from
    the BIP's start (or `start_date`)."""
    if part not in PlanStrategy.Part.values:
        raise ValidationError("Choose the part of the plan: prevention, teaching or response.")
    plan = behavior_plan.plan
    start = start_date or max(behavior_plan.start_date, plan.start_date)
    support = support_add(iep=plan, by=by, kind=Support.Kind.STRATEGY, source=Support.Source.BEHAVIOR_PLAN,
                          text=text.strip(), how_to=how_to.strip(), start_date=start)
    strategy = PlanStrategy(behavior_plan=behavior_plan, part=part, support=support, recorded_by=by)
    with pghistory.context(user=by.pk, reason="BIP strategy added"):
        strategy.save()
    return strategy


def entry_lateness(*, plan: IEP, day: dt.date, made_on: dt.date) -> Lateness:
    """How late behavior data for `day`, written down on `made_on`, are: the one rule
    (students.lateness) on the student's school's days."""
    school_id = plan.student.school_id
    return lateness(happened=day, recorded=made_on, days=school_days_for([school_id])[school_id])


def _late_fields(*, plan: IEP, day: dt.date, made_on: dt.date | None, late_reason: str,
                 what: str) -> dict[str, object]:
    """The evidence fields of a new behavior row, or a ValidationError asking for the reason."""
    today = timezone.localdate()
    written = min(made_on or today, today)
    if day > written:
        return {"made_on": written}  # the model's clean() refuses a future day
    late = entry_lateness(plan=plan, day=day, made_on=written)
    reason = late_reason.strip()
    if late.late and not reason:
        raise ValidationError({"late_reason": _(
            "This %(what)s is for %(day)s and is being entered %(n)s school days later (more than "
            "%(limit)s). Say why it is entered late.") % {
            "what": what, "day": f"{day:%b %-d}", "n": late.school_days_after,
            "limit": settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS}})
    return {
        "made_on": written, "late": late.late, "late_reason": reason[:300] if late.late else "",
        "approval": (BehaviorRecord.Approval.WAITING if late.needs_approval
                     else BehaviorRecord.Approval.NOT_NEEDED),
    }


@transaction.atomic
def behavior_record(
    *, target: TargetBehavior, by: User, day: dt.date, setting: str, time: dt.time | None = None,
    count: int | None = None, seconds: int | None = None, intervals_observed: int | None = None,
    intervals_with: int | None = None, late_reason: str = "", made_on: dt.date | None = None,
) -> BehaviorRecord:
    """Record behavior data for a target behavior: a tally, a duration or intervals.

    Entered late (students.lateness, counted from `made_on`, the day it was written down, by
    default today), it needs `late_reason`; very late, it waits for an administrator's approval
    and is left out of the graph until then."""
    plan = target.assessment.plan
    evidence = _late_fields(plan=plan, day=day, made_on=made_on, late_reason=late_reason,
                            what=str(_("behavior record")))
    record = BehaviorRecord(target=target, date=day, time=time, setting=setting, count=count,
                            seconds=seconds, intervals_observed=intervals_observed,
                            intervals_with=intervals_with, recorded_by=by, recorded_at=timezone.now(),
                            **evidence)
    record.full_clean()
    with pghistory.context(user=by.pk, reason="behavior data recorded late" if record.late
                           else "behavior data recorded"):
        record.save()
    return record


@transaction.atomic
def incident_record(
    *, behavior_plan: BehaviorPlan, by: User, day: dt.date, time: dt.time | None, setting: str,
    antecedent: str, behavior: str, consequence: str, target: TargetBehavior | None = None,
    late_reason: str = "", made_on: dt.date | None = None,
) -> Incident:
    """Note one incident as antecedent, behavior and consequence, under the same late-entry
    rule as behavior data."""
    if target is not None and target.assessment_id != behavior_plan.assessment_id:
        raise ValidationError("That behavior is not one this plan targets.")
    evidence = _late_fields(plan=behavior_plan.plan, day=day, made_on=made_on, late_reason=late_reason,
                            what=str(_("ABC note")))
    incident = Incident(behavior_plan=behavior_plan, target=target, date=day, time=time, setting=setting,
                        antecedent=antecedent.strip(), behavior=behavior.strip(),
                        consequence=consequence.strip(), recorded_by=by, recorded_at=timezone.now(),
                        **evidence)
    incident.full_clean()
    with pghistory.context(user=by.pk, reason="ABC incident noted late" if incident.late
                           else "ABC incident noted"):
        incident.save()
    return incident


def behavior_for_admin(model: type[BehaviorRecord] | type[Incident], user: User) -> models.QuerySet:
    """The rows of `model` this administrator decides on: every school's for a district
    administrator, their own schools' for a school administrator, none for anyone else."""
    student = ("target__assessment__plan__student" if model is BehaviorRecord
               else "behavior_plan__plan__student")
    rows = model.objects.all()
    if user.is_district_admin:
        return rows
    if user.is_school_admin:
        return rows.filter(**{f"{student}__school__in": user.schools.all()})
    return rows.none()


@transaction.atomic
def late_entry_decide(*, model: type[BehaviorRecord] | type[Incident], pk: int, by: User, approve: bool,
                      reason: str = "") -> BehaviorRecord | Incident:
    """An administrator approves (it counts from now on) or refuses (it stays on record and
    never counts) a very late behavior record or ABC note."""
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why this entry is not approved.")})
    row: BehaviorRecord | Incident | None = (
        behavior_for_admin(model, by).select_for_update(of=("self",)).filter(pk=pk).first())
    if row is None:
        raise Http404("No such entry.")
    if row.approval != BehaviorRecord.Approval.WAITING:
        raise ValidationError(_("This entry is not waiting for approval (it is %(state)s).") % {
            "state": row.get_approval_display().lower()})
    row.approval = BehaviorRecord.Approval.APPROVED if approve else BehaviorRecord.Approval.REJECTED
    row.decided_by, row.decided_at = by, timezone.now()
    row.decision_note = reason.strip()[:300]
    with pghistory.context(user=by.pk, reason="late behavior data approved" if approve
                           else "late behavior data not approved"):
        row.save(update_fields=["approval", "decided_by", "decided_at", "decision_note"])
    return row
