"""The student page's disciplinary removals: school days of removal this school year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from behavior.removal_days import WARN_AT, is_change_of_placement, removal_days

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: 1 without removals this year, 3 with (behavior.removal_days). Not in a
    gen-ed teacher's classroom view; nothing shown before the first removal."""
    if access.limited:
        return None
    days = removal_days(access.student, timezone.localdate())
    if not days:
        return None
    return {
        "days": days,
        "warn": days >= WARN_AT[0],
        "change_of_placement": is_change_of_placement(days),
    }
