"""The "data point" kind of entry awaiting an administrator's approval (iep_portal.approvals):
data points recorded more than EVIDENCE_APPROVAL_AFTER_DAYS days after the fact."""

from __future__ import annotations

from django.urls import reverse

from iep_portal.approvals import ApprovalKind, Waiting, register_approval_kind
from iep_portal.models import User
from progress import actions

NAME = "data point"


def waiting(user: User) -> list[Waiting]:
    """The data points this administrator may approve, oldest first. Queries: 1."""
    points = (
        actions.data_points_for_admin(user)
        .waiting_approval()
        .select_related("goal__iep__student", "recorded_by", "collected_by")
        .order_by("date", "pk")
    )
    return [
        Waiting(
            kind=NAME,
            pk=p.pk,
            student=str(p.goal.iep.student),
            what=f"{p.goal.area}: {p.display_value}"
            + (f" (collected by {p.collected_by})" if p.collected_by_id != p.recorded_by_id else ""),
            happened=p.date,
            recorded=p.recorded_at,
            recorded_by=str(p.recorded_by),
            reason=p.late_reason,
            url=reverse("progress:goal", args=[p.goal_id]) + f"#point-{p.pk}",
        )
        for p in points
    ]


def approve(*, pk: int, by: User) -> object:
    return actions.data_point_approve(pk=pk, by=by)


def reject(*, pk: int, by: User, reason: str) -> object:
    return actions.data_point_reject(pk=pk, by=by, reason=reason)


def register() -> None:
    register_approval_kind(
        ApprovalKind(
            name=NAME,
            label="Data points entered late",
            waiting=waiting,
            approve=approve,
            reject=reject,
        )
    )
