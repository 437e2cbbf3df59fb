"""The student page's link to the student's billing record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """No queries: the link only, for those who read the full record."""
    if access.limited or access.iep is None:
        return None
    return {"student": access.student}
