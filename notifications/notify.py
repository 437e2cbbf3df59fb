"""Creating reminders: set-based, idempotent, and resolved when the work gets done.

A sweep builds a list of `Reminder`s and hands them to `remind_many`, which inserts them
in one statement with ON CONFLICT DO NOTHING on the dedupe key: running a sweep twice, or
two workers at once, creates each reminder once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification, NotificationSettings


@dataclass(frozen=True)
class Reminder:
    user_id: int
    kind: str
    key: str  # the purpose: kind, subject and period, e.g. "deadline:annual_review:12:14"
    title: str
    url: str
    body: str = ""
    urgent: bool = False
    student_id: int | None = None  # whom it is about: shown only while the recipient sees them


def remind_many(reminders: Iterable[Reminder]) -> int:
    """Insert the reminders that do not exist yet; return how many were new.

    Queries: the recipients' mute settings (1), the insert (1), the count (1).
    """
    reminders = list(reminders)
    if not reminders:
        return 0
    muted = {
        s.user_id: set(s.muted_kinds)
        for s in NotificationSettings.objects.filter(user_id__in={r.user_id for r in reminders})
    }
    keys = [r.key for r in reminders]
    before = Notification.objects.filter(dedupe_key__in=keys).count()
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=r.user_id, kind=r.kind, dedupe_key=r.key[:200], title=r.title[:300],
                body=r.body, url=r.url, urgent=r.urgent, student_id=r.student_id,
                muted=r.kind in muted.get(r.user_id, set()) and r.kind in Notification.MUTABLE_KINDS,
            )
            for r in reminders
        ],
        ignore_conflicts=True,
    )
    return len(set(keys)) - before


def resolve(*, kind: str, key_prefix: str) -> int:
    """Mark open reminders of `kind` whose key starts with `key_prefix` as done."""
    return Notification.objects.filter(
        Q(read_at__isnull=True) | Q(emailed_at__isnull=True),
        kind=kind, dedupe_key__startswith=key_prefix, resolved_at__isnull=True,
    ).update(resolved_at=timezone.now())


def resolve_about(*, student_id: int) -> int:
    """Settle every open reminder about one student (their IEP ended). One query."""
    return Notification.objects.filter(student_id=student_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now())


def resolve_settled(kind: str, prefix: str, keep: list[Reminder]) -> int:
    """Resolve a sweep's open reminders (its kind and key prefix) that it no longer finds
    due: the work was done since. One query."""
    return (
        Notification.objects.filter(kind=kind, dedupe_key__startswith=f"{prefix}:",
                                    resolved_at__isnull=True)
        .exclude(dedupe_key__in=[r.key for r in keep])
        .update(resolved_at=timezone.now())
    )
