"""The home page (My day) and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from iep_portal.panels import build_panels
from students.caseload import caseload_for, group_by_role
from students.models import IEP, School, Student


def home(request: HttpRequest) -> HttpResponse:
    """My day: the students this person serves and what they owe each one, today."""
    user = request.user
    today = timezone.localdate()
    caseload = caseload_for(user, today)  # type: ignore[arg-type]
    built = build_panels("my_day", user, today, caseload)
    schools = None
    if user.is_admin_role:  # type: ignore[union-attr]
        visible = Student.objects.visible_to(user).active()  # type: ignore[arg-type]
        schools = (
            School.objects.filter(students__in=visible)
            .annotate(
                student_count=Count("students", distinct=True),
                iep_count=Count(
                    "students__ieps", filter=Q(students__ieps__status=IEP.Status.ACTIVE),
                    distinct=True,
                ),
            )
            .order_by("name")
        )
    return render(
        request,
        "home.html",
        {"today": today, "caseload": caseload, "caseload_groups": group_by_role(caseload),
         "panels": built, "schools": schools},
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: is the database reachable, is the broker reachable. No data."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    status = 200 if checks["database"] else 503
    # The broker being down degrades reminders only; the app keeps working, so 200 with detail.
    return JsonResponse({"status": "ok" if status == 200 else "error", **checks}, status=status)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 (any failure means unhealthy)
        return False


def _broker_ok() -> bool:
    from iep_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
        return True
    except Exception:  # noqa: BLE001
        return False
