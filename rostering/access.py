"""Import runs belong to the district: only district administrators reach them."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from iep_portal.models import User
from rostering.models import ImportRun


def require_district_admin(request: HttpRequest) -> User:
    """Imports are the district administrator's; anyone else gets 404."""
    user: User = request.user  # type: ignore[assignment]
    if not user.is_district_admin:
        raise Http404("Not found.")
    return user


def get_run_for_user(request: HttpRequest, pk: int) -> ImportRun:
    require_district_admin(request)
    run = ImportRun.objects.defer("upload").filter(pk=pk).first()
    if run is None:
        raise Http404("No such import.")
    return run
