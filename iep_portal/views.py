"""The health check, for load balancers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
