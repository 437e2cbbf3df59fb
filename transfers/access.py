"""Who may record and follow transfers in.

Recording a transfer is for the case managers and administrators of the receiving school
(district administrators: any school): the student may be new to everyone, so no
relationship to them exists yet. Everything after that goes through students.access: the
transfer page for whoever sees the student's full record, its writes for those who may
manage the team (the case manager and the administrators).
"""

from __future__ import annotations

from django.db.models import QuerySet

from iep_portal.models import User
from students.models import School

# The capability (students.access.CAPABILITIES) a transfer's writes need.
MANAGE = "manage_team"


def may_record(user: User) -> bool:
    return user.is_active and (user.is_admin_role or user.role == User.Role.CASE_MANAGER)


def recording_schools(user: User) -> QuerySet[School]:
    """The schools `user` may record a transfer into."""
    if not may_record(user):
        return School.objects.none()
    if user.is_district_admin:
        return School.objects.all()
    return School.objects.filter(pk__in=user.schools.values("pk"))


def case_managers_at(school_ids: list[int]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role=User.Role.CASE_MANAGER, schools__in=school_ids,
    ).distinct().order_by("last_name", "first_name")
