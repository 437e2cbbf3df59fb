"""What a guardian may see: their own children, through the family portal, and nothing else.

Every portal view fetches the child through `get_child_for_guardian`: a student the signed-in
account is not a guardian with educational rights of answers 404 (the same answer as for a
student that does not exist), and every read is written to the access log, as
students.access does for staff. A guardian's account reaches no staff URL at all
(iep_portal.middleware.GuardianPortalOnlyMiddleware).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.http import Http404, HttpRequest

from families.models import Guardian
from iep_portal.models import AccessLog
from students.access import client_ip, logged_action
from students.models import IEP, Student

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass(frozen=True)
class ChildAccess:
    """A child as their guardian sees them in the portal."""

    guardian: Guardian
    student: Student
    iep: IEP | None


def portal_user(request: HttpRequest) -> User:
    """The signed-in guardian; 404 for any other account (staff use the staff pages)."""
    user = cast("User", request.user)
    if not user.is_authenticated or not user.is_guardian:
        raise Http404("No such page.")
    return user


def children_for(user: User) -> list[Guardian]:
    """The guardian rows through which `user` sees a child, with the child: one query."""
    return list(Guardian.objects.portal_of(user).select_related("student", "student__school")
                .order_by("student__first_name", "student__pk"))


def get_child_for_guardian(request: HttpRequest, student_pk: int, *, action: str = "view") -> ChildAccess:
    """The child, if the signed-in account is their guardian with educational rights; else 404.
    Logs the read (or the change: a message sent).

    Queries: the guardian row with the student (1), the active IEP (1), the log row (1).
    """
    user = portal_user(request)
    guardian = (Guardian.objects.portal_of(user).filter(student_id=student_pk)
                .select_related("student", "student__school").first())
    if guardian is None:
        raise Http404("No such student.")
    student = guardian.student
    iep = (IEP.objects.filter(student=student, status=IEP.Status.ACTIVE)
           .select_related("case_manager").first())
    AccessLog.objects.create(
        user=user, student=student, action=logged_action(request, action),
        path=request.get_full_path()[:500], ip_address=client_ip(request),
    )
    return ChildAccess(guardian=guardian, student=student, iep=iep)
