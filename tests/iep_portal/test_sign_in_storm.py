"""A school's staff signing in at 7:55 from one address, and the hasher that makes it cheap."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from iep_portal.models import User

SCHOOL_ADDRESS = "203.0.113.7"
PASSWORD = "correct horse battery"


def _staff(n: int, school) -> list[User]:  # noqa: ANN001
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"storm{k}@district.test", role=User.Role.GEN_ED_TEACHER, password=password)
        for k in range(n)
    )
    User.schools.through.objects.bulk_create(
        User.schools.through(user_id=u.pk, school_id=school.pk) for u in users
    )
    return users


def _sign_in(user: User, password: str) -> tuple[Client, int]:
    client = Client(REMOTE_ADDR=SCHOOL_ADDRESS)
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    return client, response.status_code


def test_three_hundred_staff_sign_in_from_one_address_within_a_minute(
    school, settings, time_machine  # noqa: ANN001
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    time_machine.move_to("2026-11-18 07:55:00-05:00", tick=False)
    refused = []
    for user in _staff(300, school):
        client, status = _sign_in(user, PASSWORD)
        if status != 302 or int(client.session["_auth_user_id"]) != user.pk:
            refused.append(user.email)
    assert refused == []


def test_a_wrong_password_storm_from_one_address_is_still_locked_out(
    school, settings, time_machine  # noqa: ANN001
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    time_machine.move_to("2026-11-18 07:55:00-05:00", tick=False)
    users = _staff(125, school)
    # 120 failures a minute from one address (IEP_LOGIN_FAILED_LIMIT), spread over accounts so
    # no account's own limit is reached: each is an ordinary wrong password...
    for user in users[:120]:
        client, status = _sign_in(user, "not the password")
        assert status == 200 and "_auth_user_id" not in client.session
    # ...and the address is then locked out, a correct password included.
    client = Client(REMOTE_ADDR=SCHOOL_ADDRESS)
    response = client.post(reverse("account_login"), {"login": users[120].email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    response = elsewhere.post(reverse("account_login"), {"login": users[121].email, "password": PASSWORD})
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2id_and_older_hashes_are_upgraded_at_sign_in(
    school, settings  # noqa: ANN001
) -> None:
    from iep_portal import settings as project

    # The tests run with a fast hasher (tests/conftest.py); this test runs the project's own.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = User.objects.create(
        email="older@district.test", role=User.Role.GEN_ED_TEACHER,
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"),
    )
    user.schools.add(school)
    assert user.password.startswith("pbkdf2_sha256$")
    client, status = _sign_in(user, PASSWORD)
    assert status == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)
