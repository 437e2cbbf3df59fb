"""The home page: My day, assembled from the panels each app registers."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iep_portal.panels import build_panels
from students.caseload import caseload_for, group_by_role
from students.models import IEP, Student


def home(request: HttpRequest) -> HttpResponse:
    """My day: the students this person serves and what they owe each one, today."""
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
        {"today": today, "caseload": caseload, "caseload_groups": group_by_role(caseload),
         "panels": built, "schools": schools},
    )
