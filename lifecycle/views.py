"""The team page (who serves a student and what each carries) and case-management hand-overs."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iep_portal.models import User
from lifecycle import actions, exits
from lifecycle.forms import (
    CaseloadHandOverForm,
    ExitForm,
    GoalCollectorsForm,
    HandOverForm,
    LineProviderForm,
    MemberAddForm,
    MemberRemoveForm,
)
from lifecycle.models import ScheduledHandOver
from lifecycle.queries import case_managers_at, providers_for, staff_to_add, team_of
from progress.models import Goal, eligible_collectors
from services.models import ServiceRequirement
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.models import IEP, Student, TeamMember


def _errors_into(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _team_page(
    request: HttpRequest, access: StudentAccess, *, status: int = 200, **forms: Any
) -> HttpResponse:
    iep = access.iep
    if iep is None or access.limited:
        raise Http404("No such team.")
    manage = access.can("manage_team")
    context: dict[str, Any] = {
        "student": access.student, "iep": iep, "team": team_of(iep, timezone.localdate()), "manage": manage,
        "remove_pk": forms.pop("remove_pk", None), "can_end": access.can("manage_iep"),
        "pending": list(ScheduledHandOver.objects.pending().filter(iep=iep).select_related(
            "to", "previous", "by")),
    }
    if manage:
        context["add_form"] = forms.get("add_form") or MemberAddForm(people=staff_to_add(iep))
        context["remove_form"] = forms.get("remove_form") or MemberRemoveForm()
        context["hand_over_form"] = forms.get("hand_over_form") or HandOverForm(
            case_managers=case_managers_at(access.student.school_id, besides=iep.case_manager_id))
        context["providers"] = list(providers_for(iep))
        context["eligible"] = list(eligible_collectors(iep, timezone.localdate()))
    return render(request, "lifecycle/team.html", context, status=status)


def team(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_page(request, get_student_for_user(request, pk))


def _back(access: StudentAccess) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("lifecycle:team", args=[access.student.pk]))


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    existing = TeamMember.objects.filter(
        iep=access.iep, user=_posted_int(request, "user")).select_related("user").first()
    if existing is not None and existing.role == request.POST.get("role"):  # a retry or a second tab
        messages.info(request, f"{existing.user} is already on the team as "
                               f"{existing.get_role_display().lower()}.")
        return _back(access)
    form = MemberAddForm(request.POST, people=staff_to_add(access.iep))
    if form.is_valid():
        try:
            member = actions.team_member_join(
                iep=access.iep, user=form.cleaned_data["user"], role=form.cleaned_data["role"],
                by=cast(User, request.user), reason=form.cleaned_data["reason"])
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"{member.user} joined {access.student}'s team as "
                                      f"{member.get_role_display().lower()}. They are asked to read "
                                      "and acknowledge the IEP.")
            return _back(access)
    return _team_page(request, access, status=400, add_form=form)


@require_POST
def member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    member = TeamMember.objects.filter(iep=access.iep, user=user_pk).select_related("user").first()
    if member is None:  # a retry, or a second tab, after it was done
        messages.info(request, "They are not on the team (any more).")
        return _back(access)
    form = MemberRemoveForm(request.POST, auto_id=f"rm-{member.pk}-%s")
    if form.is_valid():
        try:
            actions.team_member_leave(member=member, by=cast(User, request.user),
                                      reason=form.cleaned_data["reason"],
                                      effective_on=form.cleaned_data["effective_on"])
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"{member.user} is off {access.student}'s team. "
                                      "What they recorded stays.")
            return _back(access)
    return _team_page(request, access, status=400, remove_form=form, remove_pk=member.pk)


@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    form = HandOverForm(request.POST, case_managers=case_managers_at(
        access.student.school_id, besides=access.iep.case_manager_id))
    if form.is_valid():
        data = form.cleaned_data
        later = data["effective_on"] > timezone.localdate()
        try:
            (actions.case_management_hand_over_schedule if later else actions.case_management_hand_over)(
                ieps=[access.iep], to=data["to"], by=cast(User, request.user),
                effective_on=data["effective_on"], reason=data["reason"])
        except ValidationError as e:
            _errors_into(form, e)
        else:
            if later:
                messages.success(request, f"{data['to']} takes over case management of {access.student} "
                                          f"on {data['effective_on']:%b %-d, %Y}. Until then "
                                          f"{access.iep.case_manager} stays case manager.")
            else:
                messages.success(request, f"{data['to']} now case-manages {access.student}.")
            return _back(access)
    elif access.iep.case_manager_id == _posted_int(request, "to"):
        messages.info(request, f"{access.iep.case_manager} already case-manages {access.student}.")
        return _back(access)
    return _team_page(request, access, status=400, hand_over_form=form)


def _posted_int(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def _handing_over(user: User, request: HttpRequest) -> User:
    """Whose caseload this page hands over: one's own, or (administrators) a case manager's."""
    if user.role == User.Role.CASE_MANAGER:
        return user
    if not user.is_admin_role:
        raise Http404("Not found.")
    try:
        pk = int(request.GET.get("from") or request.POST.get("from") or 0)
    except ValueError:
        raise Http404("Not found.") from None
    managers = User.objects.filter(role=User.Role.CASE_MANAGER, is_active=True)
    if not user.is_district_admin:
        managers = managers.filter(schools__in=user.schools.all())
    found = managers.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def caseload_hand_over(request: HttpRequest) -> HttpResponse:
    """Hand some or all of a caseload to another case manager, with an effective date."""
    user = cast(User, request.user)
    owner = _handing_over(user, request)
    ieps = list(
        IEP.objects.active().filter(case_manager=owner, student__in=Student.objects.visible_to(user))
        .select_related("student").order_by("student__last_name", "student__first_name")
    )
    choices = [(i.pk, f"{i.student} (grade {i.student.grade})") for i in ieps]
    schools = {i.student.school_id for i in ieps}
    managers = User.objects.filter(role=User.Role.CASE_MANAGER, is_active=True, schools__in=schools).exclude(
        pk=owner.pk).distinct().order_by("last_name", "first_name")
    form = CaseloadHandOverForm(request.POST or None, choices=choices, case_managers=managers,
                                initial={"ieps": [pk for pk, _ in choices]})
    if request.method == "POST" and form.is_valid():
        chosen = [i for i in ieps if i.pk in set(form.cleaned_data["ieps"])]
        day = form.cleaned_data["effective_on"]
        later = day > timezone.localdate()
        try:
            changes = (actions.case_management_hand_over_schedule if later
                       else actions.case_management_hand_over)(
                ieps=chosen, to=form.cleaned_data["to"], by=user,
                effective_on=day, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            _errors_into(form, e)
        else:
            students = f"{len(changes)} student{'s' if len(changes) != 1 else ''}"
            messages.success(request, f"{students} handed over to {form.cleaned_data['to']}" + (
                f" on {day:%b %-d, %Y}; until then nothing changes." if later else "."))
            target = reverse("lifecycle:caseload")
            return HttpResponseRedirect(target if owner == user else f"{target}?from={owner.pk}")
    return render(request, "lifecycle/caseload.html", {"owner": owner, "form": form, "ieps": ieps},
                  status=400 if request.method == "POST" else 200)


@require_POST
def hand_over_cancel(request: HttpRequest, pk: int, scheduled_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    scheduled = ScheduledHandOver.objects.filter(iep=access.iep, pk=scheduled_pk).select_related("to").first()
    if scheduled is None:
        raise Http404("No such hand-over.")
    if actions.scheduled_hand_over_cancel(scheduled=scheduled, by=cast(User, request.user)):
        messages.success(request, f"The hand-over to {scheduled.to} on {scheduled.effective_on:%b %-d, %Y} "
                                  f"is cancelled; {access.iep.case_manager} stays case manager.")
    else:  # a retry, a second tab, or the day came first
        messages.info(request, f"The hand-over to {scheduled.to} is no longer pending "
                               f"({scheduled.get_status_display().lower()}).")
    return _back(access)


@require_POST
def line_provider(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    line = ServiceRequirement.objects.filter(
        iep=access.iep, pk=line_pk).select_related("iep", "provider").first()
    if line is None:
        raise Http404("No such service line.")
    form = LineProviderForm(request.POST, providers=providers_for(access.iep))
    if not form.is_valid():
        messages.error(request, f"{line.area}: choose the case manager or a provider on the team.")
        return _back(access)
    try:
        change = actions.line_provider_name(
            line=line, to=form.cleaned_data["provider"], by=cast(User, request.user))
    except ValidationError as e:
        messages.error(request, f"{line.area}: {' '.join(e.messages)}")
    else:
        if change:
            messages.success(request, f"{change.member} now delivers {line.area}; "
                                      "its minutes and sessions stay.")
    return _back(access)


@require_POST
def goal_collectors(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_team")
    if access.iep is None:
        raise Http404("No active IEP.")
    goal = Goal.objects.filter(iep=access.iep, pk=goal_pk).prefetch_related("collectors").first()
    if goal is None:
        raise Http404("No such goal.")
    form = GoalCollectorsForm(request.POST, people=eligible_collectors(access.iep, timezone.localdate()))
    if not form.is_valid():
        problems = " ".join(str(m) for errs in form.errors.values() for m in errs)
        messages.error(request, f"{goal.area} goal: {problems}")
        return _back(access)
    try:
        changes = actions.goal_collectors_set(goal=goal, collectors=list(form.cleaned_data["collectors"]),
                                              by=cast(User, request.user))
    except ValidationError as e:
        messages.error(request, f"{goal.area} goal: {' '.join(e.messages)}")
    else:
        if changes:
            messages.success(request, f"Who collects data for the {goal.area} goal is saved.")
    return _back(access)


def iep_exit(request: HttpRequest, pk: int) -> HttpResponse:
    """End the student's IEP before its term: the reason, the day, what documents it."""
    access = get_student_for_user_rw(request, pk, capability="manage_iep")
    if access.iep is None:
        raise Http404("No active IEP.")
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exits.iep_exit(iep=access.iep, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as e:
            _errors_into(form, e)
        else:
            day = form.cleaned_data["exit_date"]
            messages.success(request, f"{access.student}'s IEP ended on {day:%b %-d, %Y}; its services, "
                                      "supports and reminders end with it. Its records stay.")
            return HttpResponseRedirect(reverse("students:list"))
    return render(request, "lifecycle/exit.html",
                  {"student": access.student, "iep": access.iep, "form": form},
                  status=400 if request.method == "POST" else 200)
