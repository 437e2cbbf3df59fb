"""The client's address, as the access log and the sign-in limits record it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`: the one rule for every recorded address.

    Behind the production proxy (TRUST_X_FORWARDED_FOR), the address our own proxies put in
    X-Forwarded-For: each appends the address it received the request from, so the entry
    TRUSTED_PROXY_COUNT places from the right is the client as the outermost proxy saw it.
    Everything to its left was sent by the client and is ignored. Without the setting, or
    when the header lacks that entry, the address that connected to us.
    """
    if settings.TRUST_X_FORWARDED_FOR:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        count = settings.TRUSTED_PROXY_COUNT
        if len(hops) >= count:
            ip = _valid(hops[-count])
            if ip:
                return ip
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
