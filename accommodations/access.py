"""Permission-scoped getters for supports, reviews and classes.

Each resolves the object, then goes through students.access for its student, so a missing
object and one the user may not see both answer 404, and every read is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accommodations.models import Support, SupportReview
from students.access import (
    TEACHER,
    StudentAccess,
    get_student_for_user,
    get_student_for_user_rw,
    team,
)
from students.models import Section, TeamMember

if TYPE_CHECKING:
    from iep_portal.models import User

# Who is asked to acknowledge an IEP's supports (and may): the people who carry them out.
# The case manager writes them; admins and view-only members have nothing to acknowledge.
ACKNOWLEDGERS = frozenset({
    TEACHER, team(TeamMember.Role.GEN_ED_TEACHER), team(TeamMember.Role.CO_TEACHER),
    team(TeamMember.Role.PROVIDER),
})


def can_acknowledge(access: StudentAccess) -> bool:
    return access.iep is not None and bool(access.relations & ACKNOWLEDGERS)


def get_support_for_user(
    request: HttpRequest, pk: int, *, capability: str | None = None
) -> tuple[Support, StudentAccess]:
    """A support on the student's active IEP, if the user sees the student; else 404.

    With `capability`, 403 when the relationship does not grant it.
    Queries: the support (1), then those of get_student_for_user (3).
    """
    support = Support.objects.filter(pk=pk).select_related("iep").first()
    if support is None:
        raise Http404("No such support.")
    access = _student_access(request, support.iep.student_id, capability)
    if access.iep is None or access.iep.pk != support.iep_id:
        raise Http404("No such support.")  # supports of past IEPs are read on their own page
    support.iep = access.iep
    return support, access


def get_review_for_user(
    request: HttpRequest, pk: int, *, capability: str
) -> tuple[SupportReview, StudentAccess]:
    review = SupportReview.objects.filter(pk=pk).select_related("support__iep").first()
    if review is None:
        raise Http404("No such review.")
    access = _student_access(request, review.support.iep.student_id, capability)
    if access.iep is None or access.iep.pk != review.support.iep_id:
        raise Http404("No such review.")
    return review, access


def get_section_for_teacher(user: User, pk: int) -> Section:
    """A class the user teaches; 404 for anyone else's (or a missing) class.

    Checking off supports happens in the teacher's own classes: every student enrolled there
    today is theirs (the TEACHER relation, which grants check_support).
    """
    section = Section.objects.filter(pk=pk, teacher=user, active=True).first()
    if section is None:
        raise Http404("No such class.")
    return section


def _student_access(request: HttpRequest, student_pk: int, capability: str | None) -> StudentAccess:
    if capability is None:
        return get_student_for_user(request, student_pk)
    return get_student_for_user_rw(request, student_pk, capability=capability)


def require(access: StudentAccess, allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
