"""Access to pages that belong to a role rather than to a student (students/access.py has those)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from iep_portal.models import User


def require_admin(request: HttpRequest, *, district: bool = False) -> User:
    """The signed-in administrator (district administrators only with `district`); anyone
    else gets the same 404 as for a page that does not exist."""
    user: User = request.user  # type: ignore[assignment]
    allowed = user.is_district_admin if district else user.is_admin_role
    if not allowed:
        raise Http404("Not found.")
    return user
