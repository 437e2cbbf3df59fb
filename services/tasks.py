"""Celery tasks: one line each, calling a plain function. Arguments are ids, never data."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from services import reminders


@shared_task(
    name="services.sessions_logged", autoretry_for=(DatabaseError,), retry_backoff=True,
    max_retries=5,
)
def sessions_logged(*requirement_ids: int) -> None:
    reminders.settle(list(requirement_ids), timezone.localdate())
