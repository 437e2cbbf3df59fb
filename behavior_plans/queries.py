"""What a BIP's pages show, read in a fixed number of queries however much data it has."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from behavior_plans.graph import DayPoint, day_points, target_graph
from behavior_plans.models import BehaviorPlan, BehaviorRecord, Incident, PlanStrategy, TargetBehavior

if TYPE_CHECKING:
    from iep_portal.models import User
    from progress.graph import Graph

RECENT_INCIDENTS = 20


@dataclass
class TargetView:
    target: TargetBehavior
    points: list[DayPoint]
    today: int | None = None  # today's tally (frequency), for the entry page
    graph: Graph | None = None


@dataclass
class PlanView:
    bip: BehaviorPlan
    conducted_by: list[User]
    targets: list[TargetView]
    strategies: list[tuple[str, list[PlanStrategy]]] = field(default_factory=list)  # (part, rows)
    incidents: list[Incident] = field(default_factory=list)


def strategies_of(bip: BehaviorPlan) -> list[tuple[str, list[PlanStrategy]]]:
    """The BIP's strategies still in effect, by part (prevention, teaching, response), each
    part with its label. Queries: 1."""
    parts: dict[str, list[PlanStrategy]] = {p: [] for p in PlanStrategy.Part.values}
    for s in (PlanStrategy.objects.filter(behavior_plan=bip, support__end_date__isnull=True)
              .select_related("support").order_by("pk")):
        parts[s.part].append(s)
    return [(str(PlanStrategy.Part(p).label), rows) for p, rows in parts.items()]


def targets_of(bip: BehaviorPlan, *, graphs: bool, today: dt.date | None = None) -> list[TargetView]:
    """The FBA's target behaviors with their data by day (and graphs). Queries: targets (1),
    records (1)."""
    today = today or timezone.localdate()
    targets = list(TargetBehavior.objects.filter(assessment=bip.assessment_id))
    records: dict[int, list[BehaviorRecord]] = defaultdict(list)
    # Rows waiting for (or refused) an administrator's approval are on record, not on the graph.
    for r in (BehaviorRecord.objects.filter(target__in=[t.pk for t in targets],
                                            approval__in=BehaviorRecord.COUNTING)
              .order_by("date", "time", "pk")):
        records[r.target_id].append(r)
    views = []
    for t in targets:
        points = day_points(t, records[t.pk])
        tally = (sum(r.count or 0 for r in records[t.pk] if r.date == today)
                 if t.measure == TargetBehavior.Measure.FREQUENCY else None)
        views.append(TargetView(t, points, tally, target_graph(t, bip, points) if graphs else None))
    return views


def plan_view(bip: BehaviorPlan) -> PlanView:
    """The BIP page. Queries: who conducted the FBA (1), targets and records (2), strategies (1),
    recent incidents (1)."""
    conducted_by = list(bip.assessment.conducted_by.order_by("last_name", "first_name"))
    incidents = list(Incident.objects.filter(behavior_plan=bip).select_related("recorded_by", "target")
                     [:RECENT_INCIDENTS])
    return PlanView(bip=bip, conducted_by=conducted_by, targets=targets_of(bip, graphs=True),
                    strategies=strategies_of(bip), incidents=incidents)
