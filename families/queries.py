"""Permission-scoped getters for the staff's guardian pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from families.models import Guardian
from students.access import StudentAccess, get_student_for_user_rw


@dataclass(frozen=True)
class GuardianAccess:
    guardian: Guardian
    access: StudentAccess


def get_guardian_for_user(request: HttpRequest, pk: int, *, capability: str) -> GuardianAccess:
    """The guardian, if the user may `capability` on their student: 404 for a guardian of a
    student they do not see, 403 for a read-only relationship. Logs the read."""
    student_id = Guardian.objects.filter(pk=pk).values_list("student_id", flat=True).first()
    if student_id is None:
        raise Http404("No such guardian.")
    access = get_student_for_user_rw(request, student_id, capability=capability)
    return GuardianAccess(guardian=Guardian.objects.select_related("user").get(pk=pk), access=access)
