"""Logging a session while the broker is down: the log is saved, its follow-up waits in the
outbox, and once the broker returns it goes out and settles the reminders."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from notifications.models import Notification, OutboxMessage
from notifications.outbox import relay
from notifications.sweeps import run_sweep
from services.models import ServiceRequirement, ServiceSession
from services.tasks import sessions_logged
from tests.services.conftest import deliver_through


def test_a_session_logged_while_the_broker_is_down_still_settles_the_reminder(
    login, provider, speech: ServiceRequirement, broker,  # noqa: ANN001
) -> None:
    deliver_through(speech, dt.date(2026, 11, 1))
    run_sweep("minutes", dt.date(2026, 11, 18))
    assert Notification.objects.filter(kind="minutes_behind", resolved_at__isnull=True).count() == 2

    broker("redis://127.0.0.1:1/0")  # nothing listens there
    response = login(provider).post(reverse("services:log"), {
        "idempotency_key": str(uuid.uuid4()), "requirements": [speech.pk], "date": "2026-11-18",
        "minutes": "160", "status": "delivered", "certify": "certify",
    })
    assert response.status_code == 302  # saved without waiting on the broker
    assert ServiceSession.objects.filter(date=dt.date(2026, 11, 18)).count() == 1
    assert relay() == 0
    message = OutboxMessage.objects.get()
    assert message.published_at is None and message.attempts == 1
    assert not Notification.objects.filter(resolved_at__isnull=False).exists()

    broker("memory://")
    assert relay() == 1
    message.refresh_from_db()
    assert message.published_at is not None
    assert relay() == 0  # published once
    sessions_logged(*message.args)  # what the worker runs with the published message
    assert not Notification.objects.filter(kind="minutes_behind", resolved_at__isnull=True).exists()
