"""Administrators' pages: invite staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from iep_portal.access import require_admin
from iep_portal.form_errors import add_errors
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from staff.actions import user_invite
from staff.forms import InviteForm


@keyed_form
def invite(request: HttpRequest) -> HttpResponse:
    user = require_admin(request, district=True)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                invited = user_invite(request=request, invited_by=user, **form.cleaned_data)
                claim.saved(
                    invited,
                    url=reverse("admin:iep_portal_user_change", args=[invited.pk]),
                    summary=f"Invitation to {invited.get_full_name() or invited.email} ({invited.email})",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {invited.email}.")
            return redirect("staff:invite")
    return render(request, "staff/invite.html", {"form": form})
