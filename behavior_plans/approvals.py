"""Behavior data and ABC notes entered past the approval window (students.lateness), as two
kinds of entry on the administrators' approvals page (iep_portal.approvals)."""

from __future__ import annotations

from django.urls import reverse

from behavior_plans import actions
from behavior_plans.models import BehaviorRecord, Incident
from iep_portal.approvals import ApprovalKind, Waiting, register_approval_kind
from iep_portal.models import User

RECORD = "behavior data"
INCIDENT = "ABC note"


def records_waiting(user: User) -> list[Waiting]:
    """Behavior records this administrator may approve, oldest first. Queries: 1."""
    rows = (actions.behavior_for_admin(BehaviorRecord, user).filter(approval=BehaviorRecord.Approval.WAITING)
            .select_related("target__assessment__plan__student", "recorded_by").order_by("date", "pk"))
    return [
        Waiting(kind=RECORD, pk=r.pk, student=str(r.target.assessment.plan.student),
                what=f"{r.target.name}: {r.display_value}", happened=r.date, recorded=r.recorded_at,
                recorded_by=str(r.recorded_by), reason=r.late_reason,
                url=reverse("behavior_plans:plan", args=[r.target.assessment.plan.student_id]))
        for r in rows
    ]


def incidents_waiting(user: User) -> list[Waiting]:
    """ABC notes this administrator may approve, oldest first. Queries: 1."""
    rows = (actions.behavior_for_admin(Incident, user).filter(approval=Incident.Approval.WAITING)
            .select_related("behavior_plan__plan__student", "recorded_by").order_by("date", "pk"))
    return [
        Waiting(kind=INCIDENT, pk=i.pk, student=str(i.behavior_plan.plan.student),
                what=f"ABC: {i.behavior[:80]}", happened=i.date, recorded=i.recorded_at,
                recorded_by=str(i.recorded_by), reason=i.late_reason,
                url=reverse("behavior_plans:plan", args=[i.behavior_plan.plan.student_id]) + "#incidents")
        for i in rows
    ]


def register() -> None:
    register_approval_kind(ApprovalKind(
        name=RECORD, label="Behavior data entered late", waiting=records_waiting,
        approve=lambda *, pk, by: actions.late_entry_decide(model=BehaviorRecord, pk=pk, by=by, approve=True),
        reject=lambda *, pk, by, reason: actions.late_entry_decide(
            model=BehaviorRecord, pk=pk, by=by, approve=False, reason=reason),
    ))
    register_approval_kind(ApprovalKind(
        name=INCIDENT, label="ABC notes entered late", waiting=incidents_waiting,
        approve=lambda *, pk, by: actions.late_entry_decide(model=Incident, pk=pk, by=by, approve=True),
        reject=lambda *, pk, by, reason: actions.late_entry_decide(
            model=Incident, pk=pk, by=by, approve=False, reason=reason),
    ))
