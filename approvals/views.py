"""Entries recorded too long after the fact, waiting for an administrator: one page for
every kind that apps register (iep_portal.approvals), with approve and reject.

School administrators see their schools' entries, district administrators all; anyone else
gets 404 (iep_portal.access.require_admin). Each kind's own write decides; this page never
touches another app's rows.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from iep_portal.access import require_admin
from iep_portal.approvals import ApprovalKind, approval_kind, approval_kinds


def index(request: HttpRequest) -> HttpResponse:
    """Every kind's waiting entries, oldest first. Queries: one per registered kind."""
    user = require_admin(request)
    groups = [(kind, list(kind.waiting(user))) for kind in approval_kinds()]
    return render(
        request,
        "approvals/index.html",
        {
            "groups": groups,
            "total": sum(len(rows) for _kind, rows in groups),
            "settings_days": settings.EVIDENCE_APPROVAL_AFTER_DAYS,
        },
    )


def _kind(name: str) -> ApprovalKind:
    kind = approval_kind(name)
    if kind is None:
        raise Http404("No such kind of entry.")
    return kind


@require_POST
def approve(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = require_admin(request)
    try:
        _kind(kind).approve(pk=pk, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Approved: the entry now counts.")
    return redirect("approvals:index")


@require_POST
def reject(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = require_admin(request)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, "Say why the entry is rejected; the person who entered it will see it.")
        return redirect("approvals:index")
    try:
        _kind(kind).reject(pk=pk, by=user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Rejected: the entry does not count, and the record keeps your reason.")
    return redirect("approvals:index")
