"""Notifications are personal: each user reaches only their own rows, and of those only the
ones about students they may still see.

A reminder about a student names them (its title) and links to their record. Once the
recipient's relationship to the student ends (they left the class, the team, the caseload),
the reminder is hidden: from the centre, the unread count, opening it and the digest. It is
kept, and shows again if the relationship comes back. Which students a user may see is the
core's rule (`Student.objects.visible_to`), registered here by the students app, since this
app knows no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from iep_portal.models import User
from notifications.models import Notification, NotificationQuerySet

# user -> a queryset of the students' primary keys that user may see now.
StudentScope = Callable[[User], QuerySet[Any]]
_student_scope: list[StudentScope] = []


def register_student_scope(scope: StudentScope) -> None:
    """Called once, by the app that decides who may see which student."""
    _student_scope[:] = [scope]


def notifications_for(user: User) -> NotificationQuerySet:
    """The user's notifications that are about nobody, or about a student they see now.

    One query when evaluated: the students' rule is a subquery.
    """
    rows = Notification.objects.filter(user=user)
    if not _student_scope:
        raise RuntimeError("No student scope is registered (students.apps registers it).")
    return rows.filter(Q(student__isnull=True) | Q(student__in=_student_scope[0](user)))


def own_notifications(request: HttpRequest) -> NotificationQuerySet:
    """The signed-in user's notifications (sign-in is required by middleware). Another
    person's notification is simply not in this set, so it answers 404 like a missing one;
    so does one about a student the user no longer sees."""
    return notifications_for(cast(User, request.user))
