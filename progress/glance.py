"""The "goals you collect data for" panel on the IEP-at-a-glance page (accommodations.glance)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from progress.models import Goal
from students.access import StudentAccess


def goals_panel(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """The IEP's goals still being worked on that this person collects data for, with when
    data are next due. Everyone sees only their own: the page is their part of the IEP.
    Queries: the goals with their latest data date (1)."""
    if access.iep is None:
        return None
    goals = list(
        Goal.objects.filter(iep=access.iep, active=True).collected_by(request.user)  # type: ignore[arg-type]
        .with_data_due().order_by("area", "pk")
    )
    return {"student": access.student, "goals": goals, "can_record": access.can("record_data"),
            "today": timezone.localdate()}


def register() -> None:
    from accommodations.glance import register_glance_panel

    register_glance_panel("goals", "progress/_glance.html", goals_panel)
