"""The "service session" kind on the approvals page (iep_portal.approvals).

An entry recorded more than EVIDENCE_APPROVAL_AFTER_DAYS after the session (a log, a
correction or a void) counts only once an administrator of the student's school approves it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404
from django.urls import reverse

from iep_portal.approvals import ApprovalKind, Waiting
from iep_portal.models import User
from services.actions import service_session_decide
from services.models import ServiceSession, ServiceSessionQuerySet

NAME = "service_session"
SHOWN = 300


def _scoped(user: User, *, decided: bool = False) -> ServiceSessionQuerySet:
    # Deciding finds decided entries too, so a second decision is told "already decided".
    rows = (
        ServiceSession.objects.filter(needs_approval=True)
        if decided
        else (ServiceSession.objects.awaiting_approval())
    )
    if user.is_district_admin:
        return rows
    if user.is_school_admin:
        return rows.filter(student__school__in=user.schools.all())
    return rows.none()


def waiting(user: User) -> Sequence[Waiting]:
    """This administrator's waiting sessions, oldest first (one query)."""
    rows = (
        _scoped(user)
        .select_related("student", "requirement", "logged_by", "amends")
        .order_by("logged_at", "pk")[:SHOWN]
    )
    return [
        Waiting(
            kind=NAME,
            pk=s.pk,
            student=str(s.student),
            what=_what(s),
            happened=s.date,
            recorded=s.logged_at,
            recorded_by=str(s.logged_by),
            reason=s.late_reason,
            url=reverse("services:session", args=[s.pk]),
        )
        for s in rows
    ]


def _what(s: ServiceSession) -> str:
    text = f"{s.requirement.area}: {s.minutes} min, {s.get_status_display().lower()}"
    if s.entry == ServiceSession.Entry.AMEND:
        return f"Correction of a session ({text})"
    if s.entry == ServiceSession.Entry.VOID:
        return f"Void of a session ({text})"
    return text


def _get(pk: int, by: User) -> ServiceSession:
    session = _scoped(by, decided=True).select_related("student", "requirement").filter(pk=pk).first()
    if session is None:
        raise Http404("No such entry waiting for your approval.")
    return session


def approve(*, pk: int, by: User) -> object:
    return service_session_decide(session=_get(pk, by), by=by, approve=True)


def reject(*, pk: int, by: User, reason: str) -> object:
    return service_session_decide(session=_get(pk, by), by=by, approve=False, reason=reason)


KIND = ApprovalKind(name=NAME, label="Service sessions", waiting=waiting, approve=approve, reject=reject)
