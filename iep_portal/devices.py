"""Browsers an account has signed in from, so failed sign-ins elsewhere cannot lock them out.

A successful sign-in leaves a signed cookie naming this browser (a random id) and the
accounts that signed in with it. A failed attempt at one of those accounts from this browser
counts against the browser, not against the address it shares with a whole school. The
cookie names accounts by a keyed hash of their address, never the address itself.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

COOKIE_NAME = "iep_device"
MAX_AGE = 365 * 24 * 3600
# A classroom computer several teachers use remembers the most recent of them.
MAX_ACCOUNTS = 10
_SALT = "iep_portal.devices"


def known_device(request: HttpRequest, login: str) -> str | None:
    """This browser's id if `login` has signed in from it before, else None."""
    state = _read(request)
    if state and _account(login) in state["accounts"]:
        return str(state["id"])
    return None


def remember_device(request: HttpRequest, response: HttpResponseBase, login: str) -> None:
    """Adds `login` to this browser's cookie on `response` (made on the first sign-in)."""
    state = _read(request) or {"id": secrets.token_urlsafe(16), "accounts": []}
    account = _account(login)
    accounts = [account, *(a for a in state["accounts"] if a != account)][:MAX_ACCOUNTS]
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps({"id": state["id"], "accounts": accounts}, salt=_SALT, compress=True),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _account(login: str) -> str:
    return salted_hmac(_SALT, login.strip().lower()).hexdigest()[:32]


def _read(request: HttpRequest) -> dict[str, Any] | None:
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return None
    try:
        state = signing.loads(value, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("accounts"), list) or "id" not in state:
        return None
    return state
