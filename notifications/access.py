"""Notifications are personal: each user reaches only their own rows."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from iep_portal.models import User
from notifications.models import Notification, NotificationQuerySet


def own_notifications(request: HttpRequest) -> NotificationQuerySet:
    """The signed-in user's notifications (sign-in is required by middleware). Another
    person's notification is simply not in this set, so it answers 404 like a missing one."""
    return Notification.objects.filter(user=cast(User, request.user))
