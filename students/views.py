"""Student pages. Every student fetch goes through students.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from iep_portal.models import AccessLog
from iep_portal.panels import build_panels
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from students import matrix
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.actions import parent_contact_log
from students.caseload import TEAM_ROLE_TO_MATRIX
from students.forms import ParentContactForm, StudentSearchForm
from students.models import IEP, Enrollment, ParentContact, ResponsibilityOverride, Student


def student_list(request: HttpRequest) -> HttpResponse:
    form = StudentSearchForm(request.GET)
    students = (
        Student.objects.visible_to(request.user)  # type: ignore[arg-type]
        .active()
        .select_related("school")
        .order_by("last_name", "first_name")
    )
    if form.is_valid() and form.cleaned_data["q"]:
        term = form.cleaned_data["q"].strip()
        students = students.filter(
            Q(last_name__icontains=term)
            | Q(first_name__icontains=term)
            | Q(preferred_name__icontains=term)
            | Q(student_number=term)
        )
    page = Paginator(students, 50).get_page(request.GET.get("page"))
    return render(request, "students/list.html", {"form": form, "page": page})


def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user(request, pk)
    context = {
        "access": access,
        "student": access.student,
        "iep": access.iep,
        "panels": build_panels("student", request, access),
        "contact_form": ParentContactForm() if access.can("contact_family") else None,
        "contacts": ParentContact.objects.filter(student=access.student).select_related("staff")[:10]
        if not access.limited
        else None,
    }
    if access.iep is not None:
        context["responsibilities"] = responsibility_rows(access)
    if access.can("audit"):
        context["viewers"] = AccessLog.objects.filter(student=access.student).select_related("user")[:10]
    return render(request, "students/detail.html", context)


def responsibility_rows(access: StudentAccess) -> list[dict[str, object]]:
    """The matrix for this IEP with a named person in every cell that has a duty.

    A gen-ed teacher who is not on the team sees only their own column.
    Queries: overrides (1), team (1), current class teachers (1).
    """
    iep: IEP = access.iep  # type: ignore[assignment]
    overrides = ResponsibilityOverride.objects.filter(iep=iep).values_list("responsibility", "role", "level")
    grid = matrix.matrix_for(overrides)
    people: dict[str, list[object]] = {role: [] for role in matrix.MATRIX_ROLES}
    people[matrix.CASE_MANAGER].append(iep.case_manager)
    for member in iep.team_members.select_related("user"):
        role = TEAM_ROLE_TO_MATRIX.get(member.role)
        if role:
            people[role].append(member.user)
    for enrollment in (
        Enrollment.objects.current().filter(student=access.student).select_related("section__teacher")
    ):
        teacher = enrollment.section.teacher
        if teacher and teacher not in people[matrix.GEN_ED_TEACHER]:
            people[matrix.GEN_ED_TEACHER].append(teacher)
    roles = [access.matrix_role] if access.limited and access.matrix_role else matrix.MATRIX_ROLES
    rows = []
    for responsibility in matrix.responsibilities_for(iep.kind):
        cells = []
        for role in roles:
            level = grid[responsibility.key][role]
            if level != matrix.NONE and people[role]:
                cells.append(
                    {
                        "level": matrix.LEVEL_LABELS[level],
                        "people": people[role],
                        "owner": level in {matrix.OWNS, matrix.OWN_SERVICES},
                    }
                )
        rows.append({"responsibility": responsibility, "cells": cells})
    return rows


@require_POST
@keyed_form
def family_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="contact_family")
    form = ParentContactForm(request.POST)
    if form.is_valid():
        try:
            with once(request) as claim:
                contact = parent_contact_log(student=access.student, staff=request.user, **form.cleaned_data)  # type: ignore[arg-type]
                claim.saved(
                    contact,
                    url=reverse("students:detail", args=[pk]) + "#contacts-heading",
                    summary=f"Family contact with {access.student}'s family on "
                    f"{contact.contacted_on:%b %-d, %Y} ({contact.get_channel_display()})",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Family contact saved.")
            return redirect("students:detail", pk=pk)
    return render(
        request,
        "students/family_contact.html",
        {"access": access, "student": access.student, "contact_form": form},
        status=400,
    )
