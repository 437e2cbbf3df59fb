"""Check-offs entered past the approval window, as the approvals page lists them.

Registered from AccommodationsConfig.ready() as the "checkoff" kind of
iep_portal.approvals; the writes are accommodations.actions.check_approve / check_reject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from accommodations import actions
from iep_portal.approvals import ApprovalKind, Waiting

if TYPE_CHECKING:
    from iep_portal.models import User

NAME = "checkoff"


def waiting(user: User) -> list[Waiting]:
    """Queries: one."""
    return [
        Waiting(
            kind=NAME,
            pk=c.pk,
            student=str(c.student),
            what=f"“{c.support.text}” {c.get_outcome_display().lower()} in {c.section}",
            happened=c.date,
            recorded=c.recorded_at,
            recorded_by=str(c.teacher),
            reason=c.late_reason,
            url=f"{reverse('accommodations:student', args=[c.student_id])}",
        )
        for c in actions.checks_waiting(user)
    ]


def approve(*, pk: int, by: User) -> Any:
    return actions.check_approve(pk=pk, by=by)


def reject(*, pk: int, by: User, reason: str) -> Any:
    return actions.check_reject(pk=pk, by=by, reason=reason)


KIND = ApprovalKind(
    name=NAME, label="Accommodation check-offs", waiting=waiting, approve=approve, reject=reject
)
