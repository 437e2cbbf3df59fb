"""The home page: My day, assembled from the panels each app registers."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iep_portal.panels import build_panels, next_actions
from services.caseload_overview import caseload_services
from students.caseload import caseload_for, group_by_role
from students.models import IEP, Student


def home(request: HttpRequest) -> HttpResponse:
    """My day: what this person must do today, in order (every panel's next actions), then
    each panel's short summary; the caseload itself is one link away (My students)."""
    user = request.user
    today = timezone.localdate()
    caseload = caseload_for(user, today)  # type: ignore[arg-type]
    built = build_panels("my_day", user, today, caseload)
    schools = None
    if user.is_admin_role:  # type: ignore[union-attr]
        visible = Student.objects.visible_to(user).active()  # type: ignore[arg-type]
        # One line of counts: what needs doing is in the admin panel above (fidelity.my_day).
        schools = visible.aggregate(
            schools=Count("school", distinct=True), students=Count("pk", distinct=True),
            ieps=Count("ieps", filter=Q(ieps__status=IEP.Status.ACTIVE), distinct=True),
        )
    return render(
        request,
        "home.html",
        {"today": today, "caseload": caseload, "actions": next_actions(built, today),
         "panels": built, "schools": schools},
    )


def caseload(request: HttpRequest) -> HttpResponse:
    """My students: everyone this person serves, by role, with their responsibilities."""
    today = timezone.localdate()
    entries = caseload_for(request.user, today)  # type: ignore[arg-type]
    return render(request, "caseload.html", {
        "today": today, "caseload": entries, "caseload_groups": group_by_role(entries),
        "services": caseload_services(request.user, today),  # type: ignore[arg-type]
    })
