from __future__ import annotations

from django.http import HttpRequest

from notifications.access import notifications_for


def unread(request: HttpRequest) -> dict[str, object]:
    """The bell's count: one indexed count per page (partial index on unread rows), of the
    notifications the centre shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": notifications_for(user).unread().count()}
