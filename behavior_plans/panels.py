"""The student page's behavior intervention plan: the target behaviors and where they stand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from behavior_plans.graph import aim_of, analysis_of
from behavior_plans.models import BehaviorPlan
from behavior_plans.queries import targets_of

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Every adult who sees the student sees the BIP: each of them carries it out. Queries: the
    BIP (1); with one, its targets and their data (2). Without a BIP, only the plan's manager
    sees the panel: a link to write one."""
    if access.iep is None:
        return None
    bip = BehaviorPlan.objects.filter(plan=access.iep).select_related("assessment").first()
    if bip is None:
        # Whoever manages the plan may write one; nobody else is shown anything.
        return {"student": access.student, "bip": None} if access.can("manage_iep") else None
    targets = []
    for view in targets_of(bip, graphs=False):
        analysis = analysis_of(aim_of(view.target, bip), view.points)
        targets.append({
            "target": view.target, "days": len(view.points),
            "latest": view.points[-1] if view.points else None,
            "per_week": analysis.trend.per_week if analysis.trend else None,
            "decision": analysis.decision_text,
        })
    return {"student": access.student, "bip": bip, "targets": targets,
            "can_record": access.can("record_data")}
