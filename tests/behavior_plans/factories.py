"""A BIP on an IEP (or 504 plan), made through the actions as the product makes one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from behavior_plans.actions import Target, bip_strategy_add, bip_write, fba_record
from behavior_plans.models import BehaviorPlan, Function, PlanStrategy, TargetBehavior
from iep_portal.models import User
from students.models import IEP

CALLING_OUT = Target(
    name="Calling out",
    definition="Speaking without raising a hand and being called on, heard three desks away.",
    measure=TargetBehavior.Measure.FREQUENCY, baseline=Decimal(12), goal=Decimal(3),
)


def make_bip(plan: IEP, by: User, *, targets: list[Target] | None = None,
             strategies: int = 0) -> BehaviorPlan:
    """FBA on Oct 1 2026, BIP from Oct 12 to a review on Jan 15 2027 (the suite's today is
    Nov 18 2026); `strategies` of them added, prevention first."""
    assessment = fba_record(plan=plan, by=by, conducted_on=dt.date(2026, 10, 1), conducted_by=[by],
                            function=Function.ATTENTION, function_note="Teacher attention follows.",
                            targets=targets or [CALLING_OUT])
    bip = bip_write(assessment=assessment, by=by, replacement_behavior="Raise a hand and wait.",
                    crisis_steps="Call the office.", start_date=dt.date(2026, 10, 12),
                    review_date=dt.date(2027, 1, 15))
    parts = PlanStrategy.Part.values
    for n in range(strategies):
        bip_strategy_add(behavior_plan=bip, part=parts[n % 3], text=f"Strategy {n + 1}", by=by)
    return bip
