"""The student page's environment: the share of the week inside the regular class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from lre.measure import placement

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: 2 (lre.measure.placement). Not in a gen-ed teacher's classroom view, nor for a
    504 plan (the federal environments count students under IDEA)."""
    if access.limited or access.iep is None or access.iep.is_504:
        return None
    return {"placement": placement(access.iep, timezone.localdate()), "iep": access.iep}
