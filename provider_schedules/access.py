"""Permission-scoped getters for session plans.

A plan is its provider's own timetable: anyone else gets 404 for it, as for a plan that
does not exist. Scheduling a line needs what logging it needs (services.access: the
`log_service` capability on the student, 404 for strangers) and, on top of it, to deliver
the line (its provider or a current co-provider): a case manager who may log a speech line
still does not put it in the speech-language pathologist's timetable (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from provider_schedules.models import SessionPlan
from services.access import get_requirement_for_user_rw, may_certify
from services.models import ServiceRequirement
from students.access import StudentAccess


def get_plan_for_provider(request: HttpRequest, pk: int) -> SessionPlan:
    """The signed-in provider's own plan; 404 when missing or someone else's."""
    plan = SessionPlan.objects.filter(pk=pk, provider_id=request.user.pk).first()
    if plan is None:
        raise Http404("No such schedule.")
    return plan


def get_line_for_scheduler(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess]:
    """A line the signed-in user delivers and so may schedule and log as delivered; 404 when
    missing or unrelated, 403 when they may see the student but do not deliver the line."""
    requirement, access = get_requirement_for_user_rw(request, pk)
    if not may_certify(request.user.pk, requirement):  # type: ignore[arg-type]
        raise PermissionDenied("Only who delivers this service can put it in their schedule.")
    return requirement, access
