"""Sessions end after SESSION_IDLE_MINUTES without a request, without a write per request."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from iep_portal.models import User


def _sign_in(client: Client, user: User) -> None:
    client.post(reverse("account_login"), {"login": user.email, "password": "correct horse battery"})


def _expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_in_use_is_written_at_most_every_two_minutes(client: Client, case_manager: User) -> None:
    _sign_in(client, case_manager)
    client.get(reverse("home"))
    first = _expiry(client)
    client.get(reverse("home"))
    assert _expiry(client) == first  # a request a moment later writes nothing
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=3)):
        client.get(reverse("home"))
        assert _expiry(client) > first + dt.timedelta(minutes=2)


def test_a_session_left_idle_ends(client: Client, case_manager: User) -> None:
    _sign_in(client, case_manager)
    client.get(reverse("home"))
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=31)):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
