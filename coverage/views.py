"""Coverage pages: assigning paraprofessionals and substitutes, a paraprofessional's view of
a student (supports, BIP strategies, the goals they collect for, minutes as co-provider),
and a substitute's printable packet per class."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accommodations.actions import check_record, support_review_add
from accommodations.forms import ReviewForm
from accommodations.models import ImplementationCheck, Support
from coverage import queries
from coverage.actions import coverage_grant, para_assign
from coverage.forms import AssignForm, GrantForm, MinutesForm
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, form_key, keyed_form, once
from progress.actions import data_point_record
from progress.models import DataPoint
from services.actions import service_sessions_log
from services.models import ServiceSession
from students.access import (
    covered_sections,
    get_covered_section,
    get_student_for_assignment,
    para_students,
)
from students.models import Section

OUTCOMES = [(ImplementationCheck.Outcome.PROVIDED, "Provided"),
            (ImplementationCheck.Outcome.NOT_PROVIDED, "Not provided"),
            (ImplementationCheck.Outcome.DECLINED, "Declined"),
            (ImplementationCheck.Outcome.ABSENT, "Absent")]


def _may_assign(user: User) -> bool:
    return user.is_admin_role or user.role == User.Role.CASE_MANAGER


def _may_grant(user: User) -> bool:
    return user.is_admin_role or Section.objects.filter(teacher=user, active=True).exists()


def index(request: HttpRequest) -> HttpResponse:
    """Everyone's coverage page: a paraprofessional's students today, a substitute's classes
    today, and the assignments and cover the user made or oversees. Queries: 4 lists, and
    two to know which forms to offer."""
    user = cast(User, request.user)
    today = timezone.localdate()
    return render(request, "coverage/index.html", {
        "students": list(para_students(user, today).order_by("last_name", "first_name")),
        "sections": list(covered_sections(user, today).order_by("period", "name")),
        "assignments": list(queries.para_assignments_made(user)[:50]),
        "coverages": list(queries.coverages_seen(user)[:50]),
        "may_assign": _may_assign(user), "may_grant": _may_grant(user), "today": today,
    })


@keyed_form
def assign(request: HttpRequest) -> HttpResponse:
    """A case manager or administrator assigns a paraprofessional to a student or a class."""
    user = cast(User, request.user)
    if not _may_assign(user):
        raise Http404("Not found.")
    form = AssignForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                row = para_assign(para=data["para"], by=user, student=data.get("student"),
                                  section=data.get("section"), starts_on=data["starts_on"],
                                  ends_on=data["ends_on"])
                claim.saved(row, url=reverse("coverage:index"),
                            summary=f"{row.para} assigned to {row.student or row.section}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{row.para} works with {row.student or row.section} "
                                      f"from {row.starts_on:%b %-d} to {row.ends_on:%b %-d}.")
            return redirect("coverage:index")
    return render(request, "coverage/assign.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@keyed_form
def grant(request: HttpRequest) -> HttpResponse:
    """A teacher (their own classes) or an administrator grants a substitute cover."""
    user = cast(User, request.user)
    if not _may_grant(user):
        raise Http404("Not found.")
    form = GrantForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                row = coverage_grant(
                    request=request, by=user, teacher=data["teacher"], substitute=data.get("substitute"),
                    email=data.get("email", ""), first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""), starts_on=data["starts_on"],
                    ends_on=data["ends_on"])
                claim.saved(row, url=reverse("coverage:index"),
                            summary=f"{row.substitute} covers {row.teacher}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{row.substitute} covers {row.teacher}'s classes from "
                                      f"{row.starts_on:%b %-d} to {row.ends_on:%b %-d}; access ends "
                                      "by itself after the last day.")
            return redirect("coverage:index")
    return render(request, "coverage/grant.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _para_page(request: HttpRequest, pk: int, *, status: int = 200,
               error: tuple[int, list[str]] | None = None) -> HttpResponse:
    """The paraprofessional's page for a student. Queries after access: sections (2),
    supports and checks (2), goals (1), co-provided lines (1)."""
    access = get_student_for_assignment(request, pk, capability="implement_supports")
    user = cast(User, request.user)
    today = timezone.localdate()
    sections = queries.para_sections(user, access.student, today)
    return render(request, "coverage/para_student.html", {
        "student": access.student, "sections": sections, "today": today,
        "supports": queries.support_rows(access.iep, sections, today),
        "goals": queries.collected_goals(user, access.iep),
        "lines": queries.co_provided_lines(user, access.iep, today),
        "outcomes": OUTCOMES, "settings": DataPoint.Setting.choices,
        "can_review": True, "review_form": ReviewForm(),
        "review_url": reverse("coverage:para_review", args=[access.student.pk]),
        "form_key": uuid.uuid4(), "error_goal": error[0] if error else None,
        "errors": error[1] if error else [],
    }, status=status)


def para_student(request: HttpRequest, pk: int) -> HttpResponse:
    return _para_page(request, pk)


@require_POST
def para_check(request: HttpRequest, pk: int) -> HttpResponse:
    """A paraprofessional checks off one support in one class today; the check says it is
    theirs (who recorded it). Recording the same answer again changes nothing."""
    access = get_student_for_assignment(request, pk, capability="implement_supports", action="change")
    user = cast(User, request.user)
    today = timezone.localdate()
    sections = {str(s.pk): s for s in queries.para_sections(user, access.student, today)}
    support = Support.objects.filter(iep=access.iep, pk=request.POST.get("support") or 0).first() \
        if access.iep else None
    section = sections.get(request.POST.get("section", ""))
    if support is None or section is None:
        messages.error(request, "That support or class is not one you work with; reload the page.")
        return redirect("coverage:para_student", pk=pk)
    try:
        check_record(support=support, student=access.student, section=section, day=today,
                     outcome=request.POST.get("outcome", ""), by=user,
                     note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Checked: {support.text} in {section}.")
    return redirect(f"{reverse('coverage:para_student', args=[pk])}#support-{support.pk}")


@require_POST
def para_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A paraprofessional reviews a support they carry out (use, adult help, proposed
    adjustment), as the teachers do: the review is theirs, and the student's support trend
    shows it beside the teachers'. Keyed: a second send of the same form saves nothing."""
    access = get_student_for_assignment(request, pk, capability="implement_supports", action="change")
    user = cast(User, request.user)
    today = timezone.localdate()
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    rows = queries.support_rows(access.iep, queries.para_sections(user, access.student, today), today)
    support = {str(row.support.pk): row.support for row in rows}.get(request.POST.get("support", ""))
    back = reverse("coverage:para_student", args=[pk])
    if support is None:
        messages.error(request, "That support is not one you carry out; reload the page.")
        return redirect(back)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(f"{back}#support-{support.pk}")
    try:
        with once(request, part=f"review-{support.pk}") as claim:
            review = support_review_add(support=support, reviewer=user, **form.cleaned_data)
            claim.saved(review, url=back, summary=f"Review of “{support}”: {review.summary}")
    except AlreadySaved as saved:
        return already_saved(request, saved.submission, new_form_url=back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you. The case manager sees your answer."
                         if review.is_flag else "Thank you for the review.")
    return redirect(f"{back}#support-{support.pk}")


@require_POST
def para_data(request: HttpRequest, pk: int) -> HttpResponse:
    """A paraprofessional records a data point on a goal they collect for (keyed: a second
    send of the same form records nothing)."""
    access = get_student_for_assignment(request, pk, capability="record_data", action="change")
    user = cast(User, request.user)
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    goals = {str(g.pk): g for g in queries.collected_goals(user, access.iep)}
    goal = goals.get(request.POST.get("goal", ""))
    back = reverse("coverage:para_student", args=[pk])
    if goal is None:
        messages.error(request, "That goal is not one you collect data for; reload the page.")
        return redirect(back)
    try:
        value = Decimal(request.POST.get("value", "").strip())
    except InvalidOperation:
        return _para_page(request, pk, status=400, error=(goal.pk, ["Enter a number."]))
    setting = request.POST.get("setting", "")
    if setting not in DataPoint.Setting.values:
        setting = DataPoint.Setting.GEN_ED
    try:
        # One key per page, one part per goal: each goal's form saves once.
        with once(request, part=f"goal-{goal.pk}") as claim:
            point = data_point_record(goal=goal, by=user, day=timezone.localdate(), setting=setting,
                                      value=value, note=request.POST.get("note", "").strip()[:500])
            claim.saved(point, url=back, summary=f"{goal.area}: {value} for {access.student}")
    except AlreadySaved as saved:
        return already_saved(request, saved.submission, new_form_url=back)
    except ValidationError as exc:
        return _para_page(request, pk, status=400, error=(goal.pk, exc.messages))
    messages.success(request, f"Recorded {value} on {goal.area}.")
    return redirect(f"{back}#goal-{goal.pk}")


@keyed_form
def para_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """A paraprofessional logs minutes on a service line that names them co-provider, and
    certifies only what they delivered (services refuses their certifying anyone else's)."""
    access = get_student_for_assignment(request, pk, capability="log_as_co_provider")
    user = cast(User, request.user)
    lines = queries.co_provided_lines(user, access.iep, timezone.localdate())
    form = MinutesForm(request.POST or None, lines=lines)
    if request.method == "POST" and lines and form.is_valid():
        data = form.cleaned_data
        back = reverse("coverage:para_student", args=[pk])
        try:
            with once(request) as claim:
                rows = service_sessions_log(
                    requirements=[data["requirement"]], by=user, date=data["date"],
                    minutes=data["minutes"], status=ServiceSession.Status.DELIVERED,
                    idempotency_key=request.form_key, certify=True,  # type: ignore[attr-defined]
                    note=data["note"], late_reason=data["late_reason"])
                claim.saved(rows[0], url=back, summary=f"{data['minutes']} min of "
                                                       f"{data['requirement'].area}, {access.student}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc, rename={"certify": "requirement"})
        else:
            messages.success(request, f"Logged {data['minutes']} minutes of {data['requirement'].area}.")
            return redirect(back)
    return render(request, "coverage/para_minutes.html", {
        "student": access.student, "form": form, "lines": lines,
    }, status=400 if request.method == "POST" else 200)


def packet(request: HttpRequest, pk: int) -> HttpResponse:
    """A substitute's one-page packet for a class: each student's supports and BIP steps for
    this class in plain words, with today's check-offs; every student shown is logged.
    Queries after access (3): plans, supports, checks."""
    section, students = get_covered_section(request, pk)
    today = timezone.localdate()
    return render(request, "coverage/packet.html", {
        "section": section, "rows": queries.packet(section, students, today), "today": today,
        "outcomes": OUTCOMES,
    })


@require_POST
def packet_check(request: HttpRequest, pk: int) -> HttpResponse:
    """A substitute checks off one support for one student in a class they cover today."""
    user = cast(User, request.user)
    section = covered_sections(user).filter(pk=pk).first()
    if section is None:
        raise Http404("No such class.")
    student_pk = request.POST.get("student", "")
    if not student_pk.isdigit():
        raise Http404("No such student.")
    access = get_student_for_assignment(request, int(student_pk), capability="check_support",
                                        action="change")
    support = Support.objects.filter(iep=access.iep, pk=request.POST.get("support") or 0).first() \
        if access.iep else None
    back = reverse("coverage:packet", args=[pk])
    if support is None:
        messages.error(request, "That support is not in this student's plan; reload the page.")
        return redirect(back)
    try:
        check_record(support=support, student=access.student, section=section,
                     day=timezone.localdate(), outcome=request.POST.get("outcome", ""), by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Checked for {access.student}: {support.text}.")
    return redirect(f"{back}#support-{support.pk}")
