"""The client's address: behind the proxy, the hop our proxy appended, never what the client wrote."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.urls import reverse

from iep_portal.models import AccessLog, User
from iep_portal.net import client_ip
from students.models import IEP


def ip_of(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))  # type: ignore[arg-type]


def test_without_a_trusted_proxy_the_header_is_ignored(settings: object) -> None:
    settings.TRUST_X_FORWARDED_FOR = False  # type: ignore[attr-defined]
    assert ip_of("198.51.100.7", "203.0.113.9") == "198.51.100.7"


@pytest.mark.parametrize(("forwarded", "expected"), [
    ("203.0.113.9", "203.0.113.9"),
    # The client wrote the left part; our proxy appended the right one.
    ("6.6.6.6, 203.0.113.9", "203.0.113.9"),
    ("10.0.0.1,6.6.6.6,   203.0.113.9", "203.0.113.9"),
    ("2001:db8::1", "2001:db8::1"),
    # No usable hop from our proxy: the address that connected.
    ("", "198.51.100.7"),
    ("6.6.6.6, not-an-address", "198.51.100.7"),
])
def test_behind_one_proxy_the_rightmost_hop_is_the_client(
    settings: object, forwarded: str, expected: str
) -> None:
    settings.TRUST_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    assert ip_of("198.51.100.7", forwarded) == expected


def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client(settings: object) -> None:
    settings.TRUST_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    settings.TRUSTED_PROXY_COUNT = 2  # type: ignore[attr-defined]
    assert ip_of("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3") == "203.0.113.9"
    assert ip_of("10.0.0.2", "203.0.113.9") == "10.0.0.2"  # fewer hops than proxies


def test_the_access_log_ignores_a_spoofed_left_part(
    login, case_manager: User, iep: IEP, settings: object  # noqa: ANN001
) -> None:
    settings.TRUST_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    login(case_manager).get(reverse("students:detail", args=[iep.student.pk]),
                            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert AccessLog.objects.get().ip_address == "203.0.113.9"


def test_the_sign_in_limits_use_the_same_address(settings: object) -> None:
    settings.TRUST_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert get_adapter().get_client_ip(request) == "203.0.113.9"


def test_a_spoofed_left_part_does_not_escape_the_limit_on_its_source(
    client: Client, gen_ed_teacher: User, settings: object
) -> None:
    settings.TRUST_X_FORWARDED_FOR = True  # type: ignore[attr-defined]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # type: ignore[attr-defined]
    for n in range(5):
        client.post(reverse("account_login"), {"login": gen_ed_teacher.email, "password": "wrong"},
                    HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.9")
    refused = client.post(reverse("account_login"), {"login": gen_ed_teacher.email, "password": "wrong"},
                          HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.9")
    assert "Too many failed login attempts" in refused.content.decode()
