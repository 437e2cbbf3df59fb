"""Celery tasks: one line each, calling a plain function. Arguments are ids, never data."""

from __future__ import annotations

from typing import TypedDict

from celery import shared_task
from django.db import DatabaseError

from iep_portal import digest, fidelity, fidelity_refresh, outbox, reminders


class _RetryOptions(TypedDict):
    autoretry_for: tuple[type[BaseException], ...]
    retry_backoff: bool
    max_retries: int


RETRY: _RetryOptions = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="iep_portal.run_sweeps", **RETRY)
def run_sweeps() -> None:
    reminders.run_all()


@shared_task(name="iep_portal.send_digests", **RETRY)
def send_digests() -> None:
    digest.send_digests()


@shared_task(name="iep_portal.send_urgent", **RETRY)
def send_urgent() -> None:
    digest.send_urgent()


@shared_task(name="iep_portal.relay_outbox", **RETRY)
def relay_outbox() -> None:
    outbox.relay()


@shared_task(name="iep_portal.refresh_fidelity", **RETRY)
def refresh_fidelity() -> None:
    fidelity_refresh.refresh_snapshots()


@shared_task(name="iep_portal.refresh_fidelity_scope", **RETRY)
def refresh_fidelity_scope(schools: str, key: str, start: str, end: str) -> None:
    fidelity.refresh_scope(schools, key, start, end)
