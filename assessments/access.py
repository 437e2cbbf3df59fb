"""Who may see, enter and change which assessment windows.

District administrators: every window. School administrators and test coordinators: the
district's windows and those of their schools (`user.schools`); they enter and change their
schools' windows (the district's, district administrators). A teacher: the windows given in
their classes, and a unit test for a class they teach. A window someone may not see answers
404, like one that does not exist; one they see but may not change answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from assessments.models import AssessmentWindow
from students.models import School, Section

if TYPE_CHECKING:
    from iep_portal.models import User

Scope = AssessmentWindow.Scope


def plans_for_schools(user: User) -> bool:
    """Enters windows for whole schools (or the district): administrators, test coordinators."""
    return user.is_admin_role or user.is_test_coordinator


def schools_for(user: User) -> QuerySet[School]:
    """The schools whose windows `user` enters."""
    if user.is_district_admin:
        return School.objects.all()
    if plans_for_schools(user):
        return user.schools.all()
    return School.objects.none()


def sections_for(user: User) -> QuerySet[Section]:
    """The active classes `user` may enter a class's test for: a teacher's own; for those
    who plan for schools, every class of those schools."""
    qs = Section.objects.filter(active=True).select_related("school", "teacher")
    if plans_for_schools(user):
        return qs.filter(school__in=schools_for(user))
    return qs.filter(teacher=user)


def may_add(user: User) -> bool:
    return plans_for_schools(user) or Section.objects.filter(teacher=user, active=True).exists()


def windows_visible_to(user: User) -> QuerySet[AssessmentWindow]:
    qs = AssessmentWindow.objects.select_related("school", "section", "section__teacher", "created_by")
    if user.is_district_admin:
        return qs
    if plans_for_schools(user):
        return qs.filter(Q(scope=Scope.DISTRICT) | Q(school__in=user.schools.all()))
    taught = Section.objects.filter(teacher=user, active=True)
    return qs.filter(
        Q(section__in=taught) | Q(scope=Scope.SCHOOL, school__in=taught.values("school"))
        | (Q(scope=Scope.DISTRICT) & Q(Exists(taught)))
    )


def may_change(user: User, window: AssessmentWindow) -> bool:
    if user.is_district_admin:
        return True
    if window.scope == Scope.DISTRICT:
        return False
    if plans_for_schools(user):
        return window.school_id is not None and user.schools.filter(pk=window.school_id).exists()
    return (window.scope == Scope.SECTION and window.section is not None
            and window.section.teacher_id == user.pk)


def get_window_for_user(user: User, pk: int, *, change: bool = False) -> AssessmentWindow:
    """The window if `user` sees it (else 404); with `change`, only if they may change it
    (else 403)."""
    window = windows_visible_to(user).filter(pk=pk).first()
    if window is None:
        raise Http404("No such assessment window.")
    if change and not may_change(user, window):
        raise PermissionDenied("Only the school's administrators and test coordinators change this window.")
    return window
