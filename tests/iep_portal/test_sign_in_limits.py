"""Failed sign-ins lock their source out of the account, never the account's owner.

The source is a browser the account has signed in from before, else the address the attempt
came from; attempts from strangers also count against the account, with a limit no single
source can reach (iep_portal.adapters.AccountAdapter.pre_authenticate).
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from iep_portal import devices
from iep_portal.models import User
from tests import factories as f

PASSWORD = "correct horse battery"
TOO_MANY = "Too many failed login attempts"
SCHOOL = "198.51.100.10"  # a whole school behind one address


@pytest.fixture(autouse=True)
def _own_cache(settings: object) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # type: ignore[attr-defined]


def attempt(client: Client, user: User, password: str, ip: str) -> bool:
    """One sign-in attempt; True if it signed in (then signs out again)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password},
                           REMOTE_ADDR=ip)
    signed_in = response.status_code == 302 and "_auth_user_id" in client.session
    if signed_in:
        client.post(reverse("account_logout"), REMOTE_ADDR=ip)
    return signed_in


def fail(client: Client, user: User, ip: str, times: int = 5) -> None:
    for _ in range(times):
        assert not attempt(client, user, "wrong", ip)


def test_a_strangers_wrong_passwords_lock_the_stranger_out(gen_ed_teacher: User) -> None:
    stranger = Client()
    fail(stranger, gen_ed_teacher, "203.0.113.66")
    assert not attempt(stranger, gen_ed_teacher, PASSWORD, "203.0.113.66")
    # The teacher, from anywhere else, still signs in.
    assert attempt(Client(), gen_ed_teacher, PASSWORD, SCHOOL)


def test_the_teacher_on_her_own_browser_signs_in_behind_the_same_address_as_the_stranger(
    gen_ed_teacher: User,
) -> None:
    hers = Client()
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)  # yesterday, on her classroom computer
    assert devices.COOKIE_NAME in hers.cookies
    student = Client()
    fail(student, gen_ed_teacher, SCHOOL)
    assert not attempt(student, gen_ed_teacher, PASSWORD, SCHOOL)
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)


def test_her_own_browser_is_locked_only_by_its_own_failures(gen_ed_teacher: User) -> None:
    hers = Client()
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
    fail(hers, gen_ed_teacher, SCHOOL)
    assert not attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)


def test_one_source_cannot_lock_the_account_in_a_whole_school_morning(gen_ed_teacher: User) -> None:
    stranger = Client()
    start = time.time()
    for quarter in range(16):  # 7:00 to 11:00, as many tries as the limit on the source allows
        with time_machine.travel(start + quarter * 15 * 60 + 1, tick=True):
            fail(stranger, gen_ed_teacher, "203.0.113.66")
    with time_machine.travel(start + 4 * 3600, tick=True):
        assert attempt(Client(), gen_ed_teacher, PASSWORD, SCHOOL)  # a new browser at school


def test_many_sources_slow_the_account_for_new_browsers_but_never_for_hers(gen_ed_teacher: User) -> None:
    hers = Client()
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
    for n in range(6):
        fail(Client(), gen_ed_teacher, f"203.0.113.{n}")
    assert not attempt(Client(), gen_ed_teacher, PASSWORD, "192.0.2.44")  # a new browser waits
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1, seconds=1), tick=True):
        assert attempt(Client(), gen_ed_teacher, PASSWORD, "192.0.2.44")


def test_a_reset_password_reopens_the_account_to_new_browsers(gen_ed_teacher: User) -> None:
    for n in range(6):
        fail(Client(), gen_ed_teacher, f"203.0.113.{n}")
    assert not attempt(Client(), gen_ed_teacher, PASSWORD, "192.0.2.44")
    laptop = Client()
    laptop.post(reverse("account_reset_password"), {"email": gen_ed_teacher.email}, REMOTE_ADDR="192.0.2.44")
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form = laptop.get(link, REMOTE_ADDR="192.0.2.44", follow=True).redirect_chain[-1][0]
    laptop.post(form, {"password1": "a brand new password", "password2": "a brand new password"},
                REMOTE_ADDR="192.0.2.44")
    laptop.post(reverse("account_logout"), REMOTE_ADDR="192.0.2.44")
    assert attempt(Client(), gen_ed_teacher, "a brand new password", "192.0.2.45")


def test_a_forged_browser_cookie_counts_for_nothing(gen_ed_teacher: User) -> None:
    hers = Client()
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
    forger = Client()
    value = hers.cookies[devices.COOKIE_NAME].value
    forger.cookies[devices.COOKIE_NAME] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    fail(forger, gen_ed_teacher, "203.0.113.66")
    assert not attempt(forger, gen_ed_teacher, PASSWORD, "203.0.113.66")  # locked as a stranger


def test_a_flood_from_the_schools_address_leaves_each_teachers_own_browser_working(
    gen_ed_teacher: User, case_manager: User, school  # noqa: ANN001
) -> None:
    hers = Client()
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
    flood = Client()
    # Wrong passwords for many accounts from the school's one address, past its limit.
    others = [f.UserFactory(schools=[school]) for _ in range(25)]
    for user in others:
        fail(flood, user, SCHOOL, times=5)
    assert not attempt(Client(), case_manager, PASSWORD, SCHOOL)  # a new browser there waits
    assert attempt(hers, gen_ed_teacher, PASSWORD, SCHOOL)
