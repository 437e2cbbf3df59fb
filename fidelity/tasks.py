"""Celery tasks: one line each, calling a plain function.

Task names are kept as first registered: outbox rows and the beat schedule store them."""

from __future__ import annotations

from celery import shared_task

from fidelity import figures, refresh
from notifications.retry import RETRY


@shared_task(name="iep_portal.refresh_fidelity", **RETRY)
def refresh_fidelity() -> None:
    refresh.refresh_snapshots()


@shared_task(name="iep_portal.refresh_fidelity_scope", **RETRY)
def refresh_fidelity_scope(schools: str, key: str, start: str, end: str) -> None:
    figures.refresh_scope(schools, key, start, end)
