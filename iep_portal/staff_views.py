"""Administrators' pages: invite staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iep_portal.actions import user_invite
from iep_portal.forms import InviteForm
from iep_portal.models import User


def _require_admin(request: HttpRequest, *, district: bool = False) -> User:
    user: User = request.user  # type: ignore[assignment]
    allowed = user.is_district_admin if district else user.is_admin_role
    if not allowed:
        raise Http404("Not found.")
    return user


def invite(request: HttpRequest) -> HttpResponse:
    user = _require_admin(request, district=True)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = user_invite(request=request, invited_by=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"Invitation sent to {invited.email}.")
            return redirect("staff:invite")
    return render(request, "staff/invite.html", {"form": form})
