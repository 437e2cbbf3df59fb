"""Benchmark district: a BIP for about one student in twenty, each from an FBA with one target
behavior, with two or three strategies (supports of the plan) and four weeks of daily tallies
falling toward the goal. Everything is bulk-created: a fixed number of queries for any N.

The strategies start today, so the check-off history accommodations.district_seed made stays
complete (a strategy added today is first checked in the next class).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accommodations.models import Support
from behavior_plans.demo import CALLING_OUT, FUNCTION_NOTE, REPLACEMENT, STRATEGIES
from behavior_plans.models import (
    BehaviorPlan,
    BehaviorRecord,
    Function,
    FunctionalAssessment,
    PlanStrategy,
    TargetBehavior,
)
from students.district_seed import District

SHARE = 0.05
DATA_DAYS = 28
OUT_OF_SEAT = (
    "Out of seat",
    "Leaving the assigned seat without permission during class, with the whole body away from the "
    "chair for 5 seconds or more. Not out of seat: going to the pencil sharpener or the bin when the "
    "teacher has said students may, or standing at the desk while still working.",
)


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()
    chosen = [row for row in d.ieps if rng.random() < SHARE and row[3] <= d.today - dt.timedelta(days=45)]
    if not chosen:
        return
    assessments = FunctionalAssessment.objects.bulk_create([
        FunctionalAssessment(plan_id=iep_id, conducted_on=d.today - dt.timedelta(days=DATA_DAYS + 10),
                             function=rng.choice(Function.values), function_note=FUNCTION_NOTE,
                             recorded_by_id=cm, recorded_at=now)
        for iep_id, _, cm, _, _ in chosen])
    through = FunctionalAssessment.conducted_by.through
    through.objects.bulk_create([through(functionalassessment_id=a.pk, user_id=row[2])
                                 for a, row in zip(assessments, chosen, strict=True)])
    targets = TargetBehavior.objects.bulk_create([
        TargetBehavior(assessment=a, measure=TargetBehavior.Measure.FREQUENCY, recorded_by_id=row[2],
                       recorded_at=now, baseline=Decimal(10 + n % 6), goal=Decimal(3),
                       **({"name": CALLING_OUT.name, "definition": CALLING_OUT.definition} if n % 2 == 0
                          else {"name": OUT_OF_SEAT[0], "definition": OUT_OF_SEAT[1]}))
        for n, (a, row) in enumerate(zip(assessments, chosen, strict=True))])
    start = d.today - dt.timedelta(days=DATA_DAYS)
    plans = BehaviorPlan.objects.bulk_create([
        BehaviorPlan(plan_id=row[0], assessment=a, replacement_behavior=REPLACEMENT, start_date=start,
                     review_date=min(start + dt.timedelta(days=90), row[4]), written_by_id=row[2],
                     recorded_at=now)
        for a, row in zip(assessments, chosen, strict=True)])
    supports, parts = [], []
    for n, (bip, row) in enumerate(zip(plans, chosen, strict=True)):
        for part, text, how_to in STRATEGIES[: 2 + n % 2]:
            supports.append(Support(iep_id=row[0], kind=Support.Kind.STRATEGY,
                                    source=Support.Source.BEHAVIOR_PLAN, text=text, how_to=how_to,
                                    start_date=d.today, created_by_id=row[2], changed_at=now))
            parts.append((bip, part, row[2]))
    supports = Support.objects.bulk_create(supports, batch_size=5000)
    PlanStrategy.objects.bulk_create([
        PlanStrategy(behavior_plan=bip, part=part, support=s, recorded_by_id=by, recorded_at=now)
        for s, (bip, part, by) in zip(supports, parts, strict=True)], batch_size=5000)
    records = []
    for target, row in zip(targets, chosen, strict=True):
        for k in range(DATA_DAYS):
            day = start + dt.timedelta(days=k)
            if day.weekday() >= 5 or day >= d.today:
                continue
            level = float(target.baseline) - (float(target.baseline) - 3) * k / DATA_DAYS
            records.append(BehaviorRecord(
                target=target, date=day, count=max(1, round(level + rng.uniform(-2, 2))),
                recorded_by_id=row[2], recorded_at=now))
    BehaviorRecord.objects.bulk_create(records, batch_size=5000)
    d.count("behavior intervention plans", len(plans))
    d.count("behavior data records", len(records))
    d.progress(f"{len(plans)} BIPs, {len(supports)} BIP strategies, {len(records)} behavior records")
