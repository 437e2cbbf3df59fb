"""Celery tasks: one line each, calling a plain function. Arguments are ids, never data.

Task names are kept as first registered: outbox rows and the beat schedule store them."""

from __future__ import annotations

from celery import shared_task

from notifications import digest, outbox, sweeps
from notifications.retry import RETRY


@shared_task(name="iep_portal.run_sweeps", **RETRY)
def run_sweeps() -> None:
    sweeps.run_all()


@shared_task(name="iep_portal.send_digests", **RETRY)
def send_digests() -> None:
    digest.send_digests()


@shared_task(name="iep_portal.send_urgent", **RETRY)
def send_urgent() -> None:
    digest.send_urgent()


@shared_task(name="iep_portal.relay_outbox", **RETRY)
def relay_outbox() -> None:
    outbox.relay()
