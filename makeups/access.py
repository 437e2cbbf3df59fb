"""Permission-scoped getters for makeup plans.

Reading a line's plan needs the full view of the student (the IEP team and administrators,
as for the services page); planning, rescheduling and cancelling need what logging the line
needs (services.access: its provider or the IEP's case manager). A missing object and one the
user has no relationship to both answer 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from makeups.models import PlannedMakeup
from services.access import LOG_CAPABILITY, get_requirement_for_user_rw, may_log
from services.models import ServiceRequirement
from students.access import StudentAccess, get_student_for_user


def get_line_for_user(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess, bool]:
    """A service line whose plan the user may read, its student access, and whether the
    user may plan its makeups. 404 when missing or unrelated, 403 for the classroom view."""
    requirement = (
        ServiceRequirement.objects.select_related("iep", "iep__student", "provider").filter(pk=pk).first()
    )
    if requirement is None:
        raise Http404("No such service.")
    access = get_student_for_user(request, requirement.iep.student_id)
    if access.limited:
        raise PermissionDenied("Makeup plans are for the student's IEP team and administrators.")
    can_plan = access.can(LOG_CAPABILITY) and may_log(request.user.pk, requirement)  # type: ignore[arg-type]
    return requirement, access, can_plan


def get_line_for_planner(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess]:
    """A line the user may plan makeups for (its provider or case manager)."""
    return get_requirement_for_user_rw(request, pk)


def get_makeup_for_planner(request: HttpRequest, pk: int) -> tuple[PlannedMakeup, StudentAccess]:
    """A planned makeup the user may reschedule or cancel (the line's planners)."""
    makeup = PlannedMakeup.objects.filter(pk=pk).only("pk", "requirement_id").first()
    if makeup is None:
        raise Http404("No such makeup.")
    requirement, access = get_requirement_for_user_rw(request, makeup.requirement_id)
    found = PlannedMakeup.objects.select_related("planned_by", "cancelled_by").get(pk=pk)
    found.requirement = requirement
    return found, access
