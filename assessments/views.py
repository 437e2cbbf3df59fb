"""Assessment windows: the list, the form to enter one (keyed: Back, a retry or a second tab
save it once) and the form to change one. Every fetch goes through assessments.access."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments import actions
from assessments.access import (
    get_window_for_user,
    may_add,
    may_change,
    plans_for_schools,
    schools_for,
    sections_for,
    windows_visible_to,
)
from assessments.forms import SessionFormSet, WindowForm, session_specs
from assessments.models import AssessmentWindow
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once

# How far back the list reaches: this term's windows, not last year's.
LIST_PAST_DAYS = 60


def index(request: HttpRequest) -> HttpResponse:
    """Windows the signed-in person sees, from two months back: coming and current first."""
    user = cast(User, request.user)
    today = timezone.localdate()
    windows = list(
        windows_visible_to(user).filter(last_day__gte=today - dt.timedelta(days=LIST_PAST_DAYS))
        .prefetch_related("sessions")
    )
    rows = [(w, may_change(user, w)) for w in windows]
    return render(request, "assessments/index.html", {
        "current": [r for r in rows if r[0].last_day >= today],
        "past": [r for r in rows if r[0].last_day < today],
        "may_add": may_add(user), "plans": plans_for_schools(user), "today": today,
        "roster": user.is_test_coordinator or user.is_admin_role,
    })


def _forms(request: HttpRequest, user: User, window: AssessmentWindow | None) -> tuple[WindowForm, Any]:
    data = request.POST if request.method == "POST" else None
    form = WindowForm(data, instance=window, schools=schools_for(user), sections=sections_for(user),
                      district=user.is_district_admin)
    initial = [
        {"day": s.day, "starts_at": s.starts_at, "ends_at": s.ends_at, "label": s.label}
        for s in window.sessions.all()
    ] if window is not None else []
    sessions = SessionFormSet(data, initial=initial, prefix="sessions")
    return form, sessions


def _save_args(form: WindowForm, sessions: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"], "kind": data["kind"], "scope": data["scope"],
        "school": data.get("school"), "section": data.get("section"), "subject": data.get("subject", ""),
        "first_day": data["first_day"], "last_day": data["last_day"], "sessions": session_specs(sessions),
    }


@keyed_form
def window_add(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not may_add(user):
        raise Http404("Not found.")
    form, sessions = _forms(request, user, None)
    if request.method == "POST" and form.is_valid() and sessions.is_valid():
        try:
            with once(request) as claim:
                window = actions.window_create(by=user, **_save_args(form, sessions))
                claim.saved(window, url=reverse("assessments:index"),
                            summary=f"{window.name}, {window.first_day:%b %-d} to {window.last_day:%b %-d}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved “{window.name}”: assessment accommodations are expected "
                                      "on its days.")
            return redirect("assessments:index")
    return render(request, "assessments/window_form.html",
                  {"form": form, "sessions": sessions, "window": None},
                  status=400 if request.method == "POST" else 200)


def window_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    window = get_window_for_user(user, pk, change=True)
    form, sessions = _forms(request, user, window)
    if request.method == "POST" and form.is_valid() and sessions.is_valid():
        try:
            actions.window_update(window=window, by=user, **_save_args(form, sessions))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved “{window.name}”.")
            return redirect("assessments:index")
    return render(request, "assessments/window_form.html",
                  {"form": form, "sessions": sessions, "window": window},
                  status=400 if request.method == "POST" else 200)


def window_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks before deleting; a window that has begun is kept, and the page says why."""
    user = cast(User, request.user)
    window = get_window_for_user(user, pk, change=True)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            actions.window_delete(window=window, by=user, today=today)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("assessments:window_delete", pk=window.pk)
        messages.success(request, f"Deleted “{window.name}”: nothing is expected on its days.")
        return redirect("assessments:index")
    return render(request, "assessments/window_delete.html", {
        "window": window, "may_delete": actions.may_delete(window, today),
        "sessions": list(window.sessions.all()),
    })
