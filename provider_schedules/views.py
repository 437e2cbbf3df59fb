"""My schedule: a provider's week of recurring sessions, planning, changing and ending a
plan, and logging a scheduled session in one step.

Every fetch goes through provider_schedules.access (plans, the lines they schedule) and
services.access; writes go through provider_schedules.actions, and the session log through
services.actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iep_portal.bounds import EARLIEST_DATE, LATEST_DATE, date_param
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from iep_portal.timefmt import format_time
from provider_schedules.access import get_line_for_scheduler, get_plan_for_provider
from provider_schedules.actions import (
    PlanFields,
    StudentOutcome,
    scheduled_session_log,
    session_plan_add,
    session_plan_change,
    session_plan_end,
)
from provider_schedules.forms import PlanForm, ScheduledLogForm
from provider_schedules.models import PlannedLine, SessionPlan
from provider_schedules.queries import Session, open_lines, sessions_between
from services.actions import AlreadyLogged
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from students.calendar import week_start


def _schedulable(user: User) -> list[ServiceRequirement]:
    """The active lines this user delivers (provides or co-provides), of students they see now."""
    co = ServiceCoProvider.objects.current().filter(user=user).values("requirement_id")
    return list(
        ServiceRequirement.objects.loggable_by(user).regular_year()
        .filter(end_date__gte=timezone.localdate())
        .filter(pk__in=ServiceRequirement.objects.filter(provider=user).values("pk").union(co))
        .select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area")
    )


def week(request: HttpRequest) -> HttpResponse:
    """The week's sessions, day by day in time order, and every open plan to change or end.

    Queries: the open plans' lines (1), calendars and closures (2), rotations when a plan
    follows day letters (3), the week's entries of those lines (1, when there are sessions);
    however many plans or students.
    """
    user = cast(User, request.user)
    today = timezone.localdate()
    monday = week_start(date_param(request.GET.get("week"), default=today))
    friday = monday + dt.timedelta(days=4)
    lines = open_lines(user)
    found = sessions_between(user, monday, friday, lines=lines) or {}
    logged = set(
        ServiceSession.objects.effective()
        .filter(requirement__in={line.requirement_id for line in lines}, date__range=(monday, friday))
        .values_list("requirement_id", "date")
    ) if found else set()
    days = [{"day": day, "sessions": [
        {"session": s, "logged": all((r.pk, day) in logged for r in s.requirements)}
        for s in found.get(day, [])
    ]} for day in (monday + dt.timedelta(days=i) for i in range(5))]
    plans: dict[int, dict[str, Any]] = {}
    for line in lines:
        plans.setdefault(line.plan_id, {"plan": line.plan, "lines": []})["lines"].append(line.requirement)
    return render(request, "provider_schedules/week.html", {
        "days": days, "today": today, "monday": monday, "friday": friday,
        "previous": monday - dt.timedelta(days=7), "next": monday + dt.timedelta(days=7),
        "plans": list(plans.values()), "has_schedule": bool(lines),
    })


def _fields(data: dict[str, Any]) -> PlanFields:
    return PlanFields(
        label=data["label"], weekdays=data["weekdays"], day_letters=data["day_letters"],
        frequency=data["frequency"], week_of_month=data["week_of_month"], start_time=data["start_time"],
        minutes=data["minutes"], start_date=data["start_date"], end_date=data["end_date"],
    )


def _chosen(request: HttpRequest) -> list[ServiceRequirement]:
    """Every chosen line through the access layer first: 404 for strangers, 403 for who may
    see the student but does not deliver the line, before the form says anything."""
    chosen = []
    for raw in request.POST.getlist("requirements"):
        if not raw.isdigit():
            raise Http404("No such service.")
        chosen.append(get_line_for_scheduler(request, int(raw))[0])
    return chosen


def _summary(plan: SessionPlan, requirements: list[ServiceRequirement]) -> str:
    names = ", ".join(str(r.iep.student) for r in requirements)
    return f"Schedule {plan.describe_days()} {format_time(plan.start_time)}, {plan.minutes} min: {names}"


@keyed_form
def plan_add(request: HttpRequest) -> HttpResponse:
    """Plan a recurring session (one student or a group). Keyed: Back, a retry or a second
    tab plan it once."""
    user = cast(User, request.user)
    lines = _schedulable(user)
    if request.method != "POST":
        form = PlanForm(lines=lines, initial={"frequency": SessionPlan.Frequency.WEEKLY,
                                              "start_date": timezone.localdate(), "minutes": 30})
        return render(request, "provider_schedules/plan_form.html", {"form": form, "plan": None})
    chosen = _chosen(request)
    form = PlanForm(request.POST, lines=lines or chosen)
    if form.is_valid():
        try:
            with once(request) as claim:
                plan = session_plan_add(by=user, requirements=chosen, fields=_fields(form.cleaned_data))
                claim.saved(plan, url=reverse("provider_schedules:week"), summary=_summary(plan, chosen))
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Scheduled: {plan.describe_days()} at {format_time(plan.start_time)}.")
            return redirect(f"{reverse('provider_schedules:week')}?week={plan.start_date.isoformat()}")
    return render(request, "provider_schedules/plan_form.html", {"form": form, "plan": None}, status=400)


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a plan's students, days, time or length (saving the same values twice changes
    nothing, so this form needs no key)."""
    user = cast(User, request.user)
    plan = get_plan_for_provider(request, pk)
    if plan.is_ended:
        raise Http404("This schedule was ended.")
    lines = _schedulable(user)
    current = list(PlannedLine.objects.filter(plan=plan).values_list("requirement_id", flat=True))
    if request.method != "POST":
        form = PlanForm(lines=lines, initial={
            "requirements": current, "label": plan.label, "weekdays": plan.weekdays,
            "day_letters": ", ".join(plan.day_letters), "frequency": plan.frequency,
            "week_of_month": plan.week_of_month, "start_time": plan.start_time, "minutes": plan.minutes,
            "start_date": plan.start_date, "end_date": plan.end_date,
        })
        return render(request, "provider_schedules/plan_form.html", {"form": form, "plan": plan})
    chosen = _chosen(request)
    form = PlanForm(request.POST, lines=lines or chosen)
    if form.is_valid():
        try:
            session_plan_change(plan=plan, by=user, requirements=chosen, fields=_fields(form.cleaned_data))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Schedule changed. Sessions already logged stay as they were.")
            return redirect("provider_schedules:week")
    return render(request, "provider_schedules/plan_form.html", {"form": form, "plan": plan}, status=400)


@require_POST
def plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a plan from now on: it leaves the schedule; its logged sessions stay."""
    plan = get_plan_for_provider(request, pk)
    if session_plan_end(plan=plan, by=cast(User, request.user)):
        messages.success(request, "Schedule ended. Its logged sessions stay in the log.")
    else:
        messages.info(request, "This schedule was already ended.")
    return redirect("provider_schedules:week")


def _day(raw: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise Http404("No such day.") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise Http404("No such day.")
    return day


def _session(request: HttpRequest, plan: SessionPlan, day: dt.date) -> Session:
    found = sessions_between(cast(User, request.user), day, day) or {}
    session = next((s for s in found.get(day, []) if s.plan.pk == plan.pk), None)
    if session is None:
        raise Http404("This schedule has no session that day (no school, or not one of its days).")
    return session


@keyed_form
def session_log(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """Log a scheduled session in one tap: each student delivered unless marked otherwise
    (absent, unavailable, provider absent…), each with their own note. One row per student
    through the services session log; keyed, so a double click or Back and Save logs once.
    Students already logged that day are shown as logged and left out of the form."""
    user = cast(User, request.user)
    on = _day(day)
    plan = get_plan_for_provider(request, pk)
    session = _session(request, plan, on)
    requirements = [get_line_for_scheduler(request, r.pk)[0] for r in session.requirements]
    logged = list(ServiceSession.objects.effective()
                  .filter(requirement__in=[r.pk for r in requirements], date=on)
                  .select_related("student").order_by("student__last_name", "pk"))
    done = {s.requirement_id for s in logged}
    open_lines_ = [r for r in requirements if r.pk not in done]
    form = ScheduledLogForm(request.POST if request.method == "POST" else None, requirements=open_lines_)
    context = {"form": form, "session": session, "plan": plan, "day": on, "logged": logged,
               "late": on < timezone.localdate(), "group_size": len(requirements)}
    if request.method != "POST":
        return render(request, "provider_schedules/log.html", context)
    if form.is_valid() and open_lines_:
        data = form.cleaned_data
        outcomes = [StudentOutcome(requirement=r, status=data[f"status_{r.pk}"],
                                   reason=data[f"reason_{r.pk}"], note=data[f"note_{r.pk}"])
                    for r in open_lines_]
        try:
            with once(request) as claim:
                rows = scheduled_session_log(
                    by=user, day=on, start_time=plan.start_time, minutes=plan.minutes, outcomes=outcomes,
                    idempotency_key=request.form_key,  # type: ignore[attr-defined]
                    certify=data["certify"], late_reason=data["late_reason"], group_size=len(requirements),
                )
                who = ", ".join(f"{r.student} {r.get_status_display().lower()}" for r in rows)
                claim.saved(rows[0], url=reverse("provider_schedules:log", args=[plan.pk, on.isoformat()]),
                            summary=f"{session.label}, {on:%b %-d} {format_time(plan.start_time)}: {who}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except AlreadyLogged as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _logged_message(rows))
            return redirect("home")
    elif not open_lines_:
        form.add_error(None, "Every student of this session is already logged for that day.")
    return render(request, "provider_schedules/log.html", context, status=400)


def _logged_message(rows: list[ServiceSession]) -> str:
    parts = ", ".join(f"{r.student} ({r.get_status_display().lower()})" for r in rows)
    text = f"Logged {rows[0].minutes} minutes for {parts}."
    return text + (" Certified." if rows[0].is_certified else " Pending until you confirm it.")
