"""Celery tasks: one line each, calling a plain function."""

from __future__ import annotations

from celery import shared_task

from lifecycle import actions
from notifications.retry import RETRY


@shared_task(name="lifecycle.apply_scheduled_hand_overs", **RETRY)
def apply_scheduled_hand_overs() -> None:
    actions.scheduled_hand_overs_apply()
