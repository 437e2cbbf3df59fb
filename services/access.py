"""Permission-scoped getters for service requirements and sessions.

Each resolves the object, then goes through students.access for its student, so a missing
object and one the user has no relationship to both answer 404 (and the read is logged).
Logging, amending and voiding need the `log_service` capability and, on top of it, to be
the requirement's provider or the IEP's case manager: a provider never logs another
provider's service.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession, certifier_ids
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw

LOG_CAPABILITY = "log_service"


def may_log(user_pk: int, requirement: ServiceRequirement) -> bool:
    """The provider, the IEP's case manager and the line's co-providers may log it (a
    co-provider costs one query, asked only when the first two do not answer)."""
    if user_pk in (requirement.provider_id, requirement.iep.case_manager_id):
        return True
    return ServiceCoProvider.objects.current().filter(requirement=requirement, user_id=user_pk).exists()


def may_certify(user_pk: int, requirement: ServiceRequirement) -> bool:
    """Only who delivers a service certifies it: its provider or a named co-provider."""
    return user_pk in certifier_ids(requirement)


def get_session_for_user(request: HttpRequest, pk: int) -> tuple[ServiceSession, StudentAccess]:
    """A session the signed-in user may read (the student's team and administrators);
    404 when missing or unrelated, 403 for a teacher who sees only the student's supports."""
    session = (
        ServiceSession.objects.select_related("requirement", "requirement__iep", "requirement__provider",
                                              "student", "logged_by", "certified_by", "on_behalf_of",
                                              "approval", "approval__decided_by")
        .filter(pk=pk).first()
    )
    if session is None:
        raise Http404("No such session.")
    access = get_student_for_user(request, session.student_id)
    if access.limited:
        raise PermissionDenied("Service logs are for the student's IEP team and administrators.")
    return session, access


def get_requirement_for_user_rw(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess]:
    """A requirement the signed-in user may log for; 404 when missing or unrelated, 403
    when the user sees the student but is not its provider or case manager."""
    requirement = (
        ServiceRequirement.objects.select_related("iep", "iep__student", "provider").filter(pk=pk).first()
    )
    if requirement is None:
        raise Http404("No such service.")
    access = get_student_for_user_rw(request, requirement.iep.student_id, capability=LOG_CAPABILITY,
                                     action="log_service")
    if not may_log(request.user.pk, requirement):  # type: ignore[arg-type]
        raise PermissionDenied("Only this service's provider or the case manager can log it.")
    return requirement, access


def get_requirement_for_manager(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess]:
    """A requirement whose IEP the signed-in user manages (to end it); 404 when missing or
    unrelated, 403 when the user sees the student but does not manage the IEP."""
    requirement = ServiceRequirement.objects.select_related("iep").filter(pk=pk).first()
    if requirement is None:
        raise Http404("No such service.")
    access = get_student_for_user_rw(request, requirement.iep.student_id, capability="manage_iep",
                                     action="manage_services")
    return requirement, access


def get_session_for_user_rw(request: HttpRequest, pk: int) -> tuple[ServiceSession, StudentAccess]:
    """A session the signed-in user may amend, void or certify (rules as above)."""
    session = (
        ServiceSession.objects.select_related("requirement", "requirement__iep", "requirement__provider",
                                              "student", "logged_by")
        .filter(pk=pk).first()
    )
    if session is None:
        raise Http404("No such session.")
    access = get_student_for_user_rw(request, session.student_id, capability=LOG_CAPABILITY,
                                     action="amend_service")
    if not may_log(request.user.pk, session.requirement):  # type: ignore[arg-type]
        raise PermissionDenied("Only this service's provider or the case manager can change its log.")
    return session, access
