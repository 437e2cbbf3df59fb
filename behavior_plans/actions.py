"""Writes on FBAs, BIPs and behavior data. Keyword-only, atomic, validated, with history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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
from students.models import IEP

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


@transaction.atomic
def behavior_record(
    *, target: TargetBehavior, by: User, day: dt.date, setting: str, time: dt.time | None = None,
    count: int | None = None, seconds: int | None = None, intervals_observed: int | None = None,
    intervals_with: int | None = None,
) -> BehaviorRecord:
    """Record behavior data for a target behavior: a tally, a duration or intervals."""
    record = BehaviorRecord(target=target, date=day, time=time, setting=setting, count=count,
                            seconds=seconds, intervals_observed=intervals_observed,
                            intervals_with=intervals_with, recorded_by=by, recorded_at=timezone.now())
    record.full_clean()
    with pghistory.context(user=by.pk, reason="behavior data recorded"):
        record.save()
    return record


@transaction.atomic
def incident_record(
    *, behavior_plan: BehaviorPlan, by: User, day: dt.date, time: dt.time | None, setting: str,
    antecedent: str, behavior: str, consequence: str, target: TargetBehavior | None = None,
) -> Incident:
    """Note one incident as antecedent, behavior and consequence."""
    if target is not None and target.assessment_id != behavior_plan.assessment_id:
        raise ValidationError("That behavior is not one this plan targets.")
    incident = Incident(behavior_plan=behavior_plan, target=target, date=day, time=time, setting=setting,
                        antecedent=antecedent.strip(), behavior=behavior.strip(),
                        consequence=consequence.strip(), recorded_by=by, recorded_at=timezone.now())
    incident.full_clean()
    with pghistory.context(user=by.pk, reason="ABC incident noted"):
        incident.save()
    return incident
