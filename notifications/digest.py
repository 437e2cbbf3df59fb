"""Sending reminders: one digest per person per period, and urgent items at once.

Claim before send: the Digest row (unique per person and period) is created first, and the
notifications are marked as emailed in the same transaction, so a crash loses one digest,
never sends two; a second run, or a second worker, finds the claim and skips.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from iep_portal.models import User
from notifications.access import notifications_for
from notifications.models import Digest, DigestPreference, Notification, NotificationSettings

logger = logging.getLogger(__name__)


def digest_period(today: dt.date, preference: str) -> str | None:
    """The period key a digest for `today` belongs to, or None when none is due today."""
    if preference == DigestPreference.WEEKLY:
        if today.weekday() != 0:
            return None
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    if today.weekday() >= 5:
        return None  # no digests on weekends
    return today.isoformat()


def send_digests(today: dt.date | None = None) -> int:
    """Send every due digest; return how many were sent.

    Queries: recipients with unsent items and their preference (1), then per recipient a
    claim, the items, the update (3) — the work per person is what is sent to them.
    """
    today = today or timezone.localdate()
    prefs = dict(NotificationSettings.objects.values_list("user_id", "digest"))
    user_ids = set(Notification.objects.unsent().values_list("user_id", flat=True).distinct())
    sent = 0
    for user_id in sorted(user_ids):
        period = digest_period(today, prefs.get(user_id, DigestPreference.DAILY))
        if period and _send_one(user_id, period):
            sent += 1
    return sent


def send_urgent() -> int:
    """Email urgent items (overdue deadlines) now instead of waiting for the digest."""
    user_ids = set(
        Notification.objects.unsent().filter(urgent=True).values_list("user_id", flat=True).distinct()
    )
    now = timezone.now()
    return sum(
        1 for user_id in sorted(user_ids)
        if _send_one(user_id, f"urgent-{now:%Y-%m-%dT%H:%M}", urgent_only=True)
    )


def _send_one(user_id: int, period: str, *, urgent_only: bool = False) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=user_id, period=period)
        except IntegrityError:
            return False  # someone else claimed it
        user = User.objects.get(pk=user_id)
        # What the centre shows: nothing about a student the person no longer works with.
        pending = notifications_for(user).unsent().select_for_update(skip_locked=True)
        if urgent_only:
            pending = pending.filter(urgent=True)
        items = list(pending.order_by("-urgent", "created_at"))
        if not items:
            digest.delete()
            return False
        now = timezone.now()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        digest.item_count = len(items)
        digest.sent_at = now
        digest.save(update_fields=["item_count", "sent_at"])
        context = {"user": user, "items": items, "site_url": settings.SITE_URL, "urgent": urgent_only}
        subject = render_to_string("notifications/digest_subject.txt", context).strip()
        body = render_to_string("notifications/digest_message.txt", context)
        # Inside the transaction: if the mail server refuses, the claim rolls back and the
        # next run tries again.
        send_mail(subject, body, None, [user.email])
    logger.info("Sent %s reminder(s) to user %s (%s)", len(items), user_id, period)
    return True
