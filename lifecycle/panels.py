"""The team on the student page: who serves the student, a link to the team page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from students.models import TeamMember

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: the team members (1)."""
    if access.limited or access.iep is None:
        return None
    members = list(
        TeamMember.objects.filter(iep=access.iep).select_related("user").order_by("role", "user__last_name"))
    return {"student": access.student, "iep": access.iep, "members": members,
            "manage": access.can("manage_team")}
