from __future__ import annotations

from django.http import HttpRequest

from notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, object]:
    """The bell's count: one indexed count per page (partial index on unread rows)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user).unread().count()}
