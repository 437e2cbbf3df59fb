from __future__ import annotations

from django.urls import reverse

from tests.url_access import STAFF, Rule

URL_ACCESS: dict[str, Rule] = {}


def _notification(w):  # noqa: ANN001, ANN202
    from notifications.models import Notification

    w.note = Notification.objects.create(
        user=w.case_manager, kind="deadline", dedupe_key="matrix", title="Review due", url="/"
    )


ADMINS_ANYWHERE = frozenset({"district_admin", "school_admin", "other_school_admin"})

URL_ACCESS.update({
    "notifications:list": Rule(url=lambda w: reverse("notifications:list"), ok=STAFF),
    "notifications:settings": Rule(url=lambda w: reverse("notifications:settings"), ok=STAFF),
    "notifications:mark_all_read": Rule(
        url=lambda w: reverse("notifications:mark_all_read"), method="post", ok=STAFF
    ),
    "notifications:open": Rule(
        url=lambda w: reverse("notifications:open", args=[w.note.pk]), method="post",
        ok=frozenset({"case_manager"}), setup=_notification,
    ),
    "notifications:mark_read": Rule(
        url=lambda w: reverse("notifications:mark_read", args=[w.note.pk]), method="post",
        # Marking someone else's notification changes nothing and reveals nothing.
        ok=STAFF, setup=_notification,
    ),
    "notifications:status": Rule(url=lambda w: reverse("notifications:status"), ok=ADMINS_ANYWHERE),
})
