"""The permission-scoped getters of billing's pages (students.access underneath)."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest

from billing.billability import renderer_id
from billing.models import BillingConsent, ProviderCredential
from iep_portal.models import User
from services.models import ServiceRequirement, ServiceSession
from students.access import StudentAccess, get_student_for_user_rw
from students.models import Student


def get_requirement_for_biller(request: HttpRequest, pk: int) -> tuple[ServiceRequirement, StudentAccess]:
    """A service line whose codes this user may set: 404 without a relationship to the
    student, 403 when it does not allow recording billing."""
    requirement = ServiceRequirement.objects.select_related("iep").filter(pk=pk).first()
    if requirement is None:
        raise Http404("No such service.")
    access = get_student_for_user_rw(request, requirement.iep.student_id, capability="record_billing")
    return requirement, access


def get_consent_for_biller(request: HttpRequest, pk: int) -> tuple[BillingConsent, StudentAccess]:
    consent = BillingConsent.objects.filter(pk=pk).first()
    if consent is None:
        raise Http404("No such consent.")
    return consent, get_student_for_user_rw(request, consent.student_id, capability="record_billing")


def get_session_to_cosign(request: HttpRequest, pk: int) -> ServiceSession:
    """An assistant's session this user supervises (anyone else: 404, as for no session)."""
    user = cast(User, request.user)
    session = (ServiceSession.objects.effective().filter(student__in=Student.objects.visible_to(user))
               .select_related("requirement", "student").filter(pk=pk).first())
    if session is None:
        raise Http404("No such session.")
    credential = ProviderCredential.objects.filter(user_id=renderer_id(session)).first()
    if credential is None or credential.supervisor_id != user.pk:
        raise Http404("No such session to co-sign.")
    return session
