"""The student page's family panel: who the guardians are and how to reach them."""

from __future__ import annotations

from typing import Any

from families.models import Guardian
from students.access import StudentAccess


def student(request: Any, access: StudentAccess) -> dict[str, Any] | None:
    """One query: the student's current guardians."""
    if not (access.can("view_full") or access.can("contact_family")):
        return None
    rows = list(Guardian.objects.current().filter(student=access.student))
    return {"student": access.student, "guardians": rows, "manages": access.can("manage_guardians"),
            "contacts": access.can("contact_family")}
