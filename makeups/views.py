"""Makeup plan pages: a line's plan, planning a makeup, rescheduling and cancelling one.

Every fetch goes through makeups.access; writes through makeups.actions.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from makeups import status
from makeups.access import get_line_for_planner, get_line_for_user, get_makeup_for_planner
from makeups.actions import planned_makeup_add, planned_makeup_cancel, planned_makeup_reschedule
from makeups.forms import CancelForm, PlanForm, RescheduleForm
from makeups.models import MakeupChange, PlannedMakeup
from services.backlog_queries import outlooks_for
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement


def _line_context(requirement: ServiceRequirement) -> dict[str, Any]:
    """The line's ledger, outlook and every planned makeup with what became of it.

    Queries: ledgers_for on a fetched row (3), outlooks_for (5), the plans with their
    changes and people (2), their makeup sessions (1)."""
    today = timezone.localdate()
    entry = ledgers_for([requirement], today)[requirement.pk]
    outlook = outlooks_for({requirement.pk: entry}, today)[requirement.pk]
    plans = list(
        PlannedMakeup.objects.filter(requirement=requirement)
        .select_related("planned_by", "cancelled_by")
        .prefetch_related(Prefetch("changes", queryset=MakeupChange.objects.select_related("by")))
    )
    for plan in plans:
        plan.requirement = requirement
    tracked = status.track(plans, today)
    rows = [tracked[p.pk] for p in plans]
    return {
        "requirement": requirement,
        "student": requirement.iep.student,
        "ledger": entry.ledger,
        "outlook": outlook,
        "open": [t for t in rows if t.is_open],
        "closed": [t for t in rows if not t.is_open],
        "today": today,
    }


def line(request: HttpRequest, pk: int) -> HttpResponse:
    """A service line's makeup plan: what is owed, what is planned, done and overdue."""
    requirement, access, can_plan = get_line_for_user(request, pk)
    context = _line_context(requirement)
    return render(
        request,
        "makeups/line.html",
        {
            **context,
            "access": access,
            "can_plan": can_plan and requirement.iep.status == "active",
        },
    )


def _saved_summary(makeup: PlannedMakeup) -> str:
    student = makeup.requirement.iep.student
    when = f"{makeup.target_date:%a %b %-d}"
    return f"Makeup for {student}, {makeup.requirement.area}: {makeup.minutes} min on {when}"


@keyed_form
def plan_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan one makeup session with a target date; Back, retry and a second tab save once."""
    requirement, _access = get_line_for_planner(request, pk)
    form = PlanForm(request.POST or None, session_length=requirement.session_length)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                makeup = planned_makeup_add(
                    requirement=requirement,
                    by=cast(User, request.user),
                    target_date=data["target_date"],
                    minutes=data["minutes"],
                    note=data["note"],
                )
                claim.saved(
                    makeup, url=reverse("makeups:line", args=[requirement.pk]), summary=_saved_summary(makeup)
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Makeup planned for {makeup.target_date:%A, %b %-d}.")
            return redirect("makeups:line", pk=requirement.pk)
    return render(
        request,
        "makeups/plan_form.html",
        {
            "requirement": requirement,
            "student": requirement.iep.student,
            "form": form,
            **_line_context(requirement),
        },
        status=400 if form.errors else 200,
    )


def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    makeup, _access = get_makeup_for_planner(request, pk)
    form = RescheduleForm(request.POST or None, initial={"target_date": makeup.target_date})
    if request.method == "POST" and form.is_valid():
        try:
            planned_makeup_reschedule(makeup=makeup, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Makeup moved to {form.cleaned_data['target_date']:%A, %b %-d}.")
            return redirect("makeups:line", pk=makeup.requirement_id)
    return render(
        request,
        "makeups/change_form.html",
        {
            "makeup": makeup,
            "requirement": makeup.requirement,
            "student": makeup.requirement.iep.student,
            "form": form,
            "action": "reschedule",
        },
        status=400 if form.errors else 200,
    )


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    makeup, _access = get_makeup_for_planner(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planned_makeup_cancel(makeup=makeup, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Makeup cancelled. The minutes stay owed.")
            return redirect("makeups:line", pk=makeup.requirement_id)
    return render(
        request,
        "makeups/change_form.html",
        {
            "makeup": makeup,
            "requirement": makeup.requirement,
            "student": makeup.requirement.iep.student,
            "form": form,
            "action": "cancel",
        },
        status=400 if form.errors else 200,
    )


