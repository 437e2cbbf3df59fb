from __future__ import annotations

from django.http import HttpRequest

from iep_portal.navigation import nav_for


def portal(request: HttpRequest) -> dict[str, object]:
    """Navigation for the signed-in user's role; pages add their own context."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav_for(user)}
