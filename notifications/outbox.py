"""The transactional outbox: record work with the change, publish it later.

`enqueue()` writes a row in the caller's transaction, so the work exists exactly when the
change does. `relay()` (a beat task) claims unpublished rows with SKIP LOCKED and hands them
to the broker; when the broker is unreachable the rows stay and the next run tries again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task: str, *args: int | str) -> OutboxMessage:
    """Record a task (by its registered name) to run after this transaction commits."""
    return OutboxMessage.objects.create(task=task, args=list(args))


def relay(*, batch: int = 200) -> int:
    """Publish waiting messages; return how many went out. Safe to run concurrently."""
    from iep_portal.celery import app

    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(published_at__isnull=True)
                .order_by("pk")[:batch]
            )
            if not rows:
                return sent
            published = []
            try:
                with app.producer_or_acquire() as producer:
                    for row in rows:
                        app.send_task(row.task, args=row.args, producer=producer, retry=False)
                        published.append(row.pk)
            except Exception as exc:  # noqa: BLE001 (broker down: keep the rows, try later)
                logger.warning("Outbox relay could not reach the broker: %s", exc)
                OutboxMessage.objects.filter(pk__in=[r.pk for r in rows if r.pk not in published]).update(
                    attempts=F("attempts") + 1, last_error=str(exc)[:500]
                )
                OutboxMessage.objects.filter(pk__in=published).update(published_at=timezone.now())
                return sent + len(published)
            OutboxMessage.objects.filter(pk__in=published).update(published_at=timezone.now())
            sent += len(published)
            if len(rows) < batch:
                return sent
