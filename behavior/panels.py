"""The student page's disciplinary removals: school days of removal this school year, and the
manifestation determination when the removals are a change of placement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from behavior.manifestation import placement_of
from behavior.removal_days import WARN_AT, more_than_ten, removal_days

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def standing(access: StudentAccess) -> dict[str, Any]:
    """Where the count stands and the manifestation determination, as the panel and the
    removals page show them. Queries: the count (1, or 3 with removals), the determination
    (1, or 5 past 10 days)."""
    today = timezone.localdate()
    days = removal_days(access.student, today)
    found = placement_of(access.student, today)
    determination = found.change
    return {
        "student": access.student, "days": days, "warn": days >= WARN_AT[0],
        "more_than_ten": more_than_ten(days), "change_of_placement": determination is not None,
        "determination": determination, "placement": found, "pattern_needed": found.determination_needed,
        "can_determine": access.can("determine_pattern"),
        "needs_scheduling": determination is not None and determination.needs_scheduling(today),
        "late": determination is not None and determination.late(today),
        "can_schedule": access.iep is not None and access.can("manage_iep"),
        "can_record": access.can("record_removal"),
    }


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Not in a gen-ed teacher's classroom view; before the first removal of the school year,
    only the administrators who record removals see it (with the link to record one)."""
    if access.limited:
        return None
    found = standing(access)
    if (not found["days"] and found["determination"] is None and found["pattern_needed"] is None
            and not found["can_record"]):
        return None
    return found
