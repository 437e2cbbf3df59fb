"""Who may see and change what of extended school year.

Students' ESY pages go through students.access: the full record's readers see the decision
and the ESY ledger; the case manager and the administrators record a decision
("decide_esy"); who adds a school-year line adds an ESY line ("manage_iep"). ESY sessions
(the summer calendars) are the administrators': a district administrator keeps the
district's and every school's, a school administrator sees the district's and keeps their
schools'; anyone else gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from esy.models import EsySession
from iep_portal.models import User
from students.models import School


def session_schools(user: User) -> QuerySet[School]:
    """The schools whose ESY sessions `user` may define."""
    if user.is_district_admin:
        return School.objects.all()
    if user.is_admin_role:
        return user.schools.all()
    return School.objects.none()


def sessions_for(user: User) -> QuerySet[EsySession]:
    """The ESY sessions an administrator sees: the district's and their schools'."""
    if user.is_district_admin:
        return EsySession.objects.all()
    return EsySession.objects.filter(Q(school__isnull=True) | Q(school__in=session_schools(user)))
