"""The one beat schedule. Every entry expires well before its next run, so a backlog after
an outage never piles up duplicate work (every task is idempotent anyway)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab


def beat_schedule(*, digest_hour: int) -> dict[str, dict[str, Any]]:
    """The schedule, built in settings.py (CELERY_BEAT_SCHEDULE)."""
    return {
        # Publishes work recorded by web requests; often, so a change's follow-up feels immediate.
        "relay-outbox": {"task": "iep_portal.relay_outbox", "schedule": 30.0,
                         "options": {"expires": 25}},
        # Hourly during the school day: a reminder should reach people mid-week, mid-day.
        "run-sweeps": {"task": "iep_portal.run_sweeps", "schedule": crontab(minute=5, hour="5-18"),
                       "options": {"expires": 50 * 60}},
        # One digest per person per day, before school starts.
        "send-digests": {"task": "iep_portal.send_digests",
                         "schedule": crontab(minute=30, hour=digest_hour),
                         "options": {"expires": 3 * 3600}},
        # The fidelity dashboard reads stored figures; recompute them before they go stale.
        "refresh-fidelity": {"task": "iep_portal.refresh_fidelity", "schedule": crontab(minute=35),
                             "options": {"expires": 50 * 60}},
        # Hand-overs scheduled for today take effect before the day's first sweep and digest,
        # so the day's reminders already go to the new case manager.
        "apply-hand-overs": {"task": "lifecycle.apply_scheduled_hand_overs",
                             "schedule": crontab(minute=0, hour=min(4, digest_hour)),
                             "options": {"expires": 12 * 3600}},
        # Overdue legal deadlines should not wait for tomorrow's digest.
        "send-urgent": {"task": "iep_portal.send_urgent", "schedule": crontab(minute="*/15"),
                        "options": {"expires": 14 * 60}},
    }
