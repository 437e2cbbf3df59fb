"""Who reaches the fidelity pages: administrators for their schools; the evidence packet also
the student's case manager (students.access decides the relationship)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from iep_portal.models import User
from students import access as student_access
from students.models import School


def schools_for(user: User) -> QuerySet[School]:
    """The schools an administrator answers for: all of them for the district's."""
    schools = School.objects.all()
    return schools if user.is_district_admin else schools.filter(pk__in=user.schools.all())


PACKET_RELATIONS = frozenset({student_access.DISTRICT_ADMIN, student_access.SCHOOL_ADMIN,
                              student_access.CASE_MANAGER})


def get_packet_student_for_user(request: HttpRequest, pk: int, action: str) -> student_access.StudentAccess:
    """404 without a relationship; 403 for team members and teachers: only the student's
    school administrators, the district administrator and the case manager export."""
    found = student_access.get_student_for_user(request, pk, action=action)
    if not found.relations & PACKET_RELATIONS:
        raise PermissionDenied("Only administrators and the case manager can export the evidence packet.")
    return found
