"""The outbox: web requests never wait on the broker, and nothing is lost while it is down."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import OutboxMessage
from notifications.outbox import relay
from students.models import IEP, ParentContact


def test_work_waits_while_the_broker_is_down_and_goes_out_when_it_returns(
    login, case_manager, iep: IEP, broker  # noqa: ANN001
) -> None:
    broker("redis://127.0.0.1:1/0")  # nothing listens there
    response = login(case_manager).post(
        reverse("students:family_contact_add", args=[iep.student.pk]),
        {"contacted_on": "2026-11-18", "channel": "phone", "family_member": "Mother", "summary": "Hi."},
    )
    assert response.status_code == 302  # the change is saved while the broker is down
    assert ParentContact.objects.count() == 1
    assert relay() == 0
    message = OutboxMessage.objects.get()
    assert message.published_at is None and message.attempts == 1

    broker("memory://")
    assert relay() == 1
    message.refresh_from_db()
    assert message.published_at is not None
    assert relay() == 0  # published once
