"""allauth adapter: no open sign-up (accounts come from invitations and the roster), fresh
proof for every sensitive account change, failed sign-ins limited per source, and the one
rule for the client's address."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.core import context
from allauth.core.internal import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from iep_portal import devices, net


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Always: an open session is not the person, however recently it signed in.

        allauth then asks for a re-authentication record younger than
        ACCOUNT_REAUTHENTICATION_TIMEOUT. Signing in leaves none (see `login`); the
        re-authentication form (iep_portal.account_forms) leaves one only after the password
        and, on an account with an authenticator app, its code.
        """
        return True

    def get_reauthentication_methods(self, user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if not methods and user.is_authenticated:
            # An account with no password yet (it signs in by single sign-on) has nothing to
            # confirm with: it sets a password through the link mailed to its own address.
            methods = [{
                "id": "set_password_by_email",
                "description": "Set a password with a link sent to your email address",
                "url": reverse("account_reset_password"),
            }]
        return methods

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        # A sign-in starts afresh: a re-authentication from before it does not carry over.
        records = get_authentication_records(request, user)
        kept = [r for r in records if not r.get("reauthenticated")]
        if len(kept) != len(records):
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = kept

    def post_login(self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        email = getattr(user, "email", "")
        if email:
            devices.remember_device(request, response, email)
        return response

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """A guardian's default page is the family portal; staff start on My day."""
        if getattr(request.user, "is_guardian", False):
            return reverse("families:portal")
        url: str = super().get_login_redirect_url(request)
        return url

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = net.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Counts this attempt against its source, and a stranger's against the account too.

        The source is this browser if the account has signed in from it before (a signed
        cookie, iep_portal.devices), else the address the attempt came from. Too many
        failures lock that source out of that account ("login_failed"). A stranger's
        attempts also count against their address over all accounts (its "/ip" limit, high
        for a school behind one address) and against the account ("login_failed_account"),
        with a limit one source alone cannot reach. The owner's own browsers count only
        against themselves, so nobody else's failures, from anywhere, lock them out. A
        successful sign-in takes its attempt back (allauth rolls back
        `_login_failed_rl_usage`).
        """
        login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
        device = devices.known_device(request, login)
        if device:
            usage = ratelimit.consume(request, app="allauth.account", action="login_failed",
                                      config=_without_ip_rates("login_failed"),
                                      key=f"{login}|device:{device}")
        else:
            usage = ratelimit.consume(request, app="allauth.account", action="login_failed",
                                      key=f"{login}|ip:{self.get_client_ip(request)}")
            if usage is not None:
                account = ratelimit.consume(request, app="allauth.account",
                                            action="login_failed_account", key=login)
                if account is None:
                    usage.rollback()
                    usage = None
                else:
                    usage.usage.extend(account.usage)
        self._login_failed_rl_usage = usage
        if usage is None:
            raise self.validation_error("too_many_login_attempts")

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        super().set_password(user, password)
        # A new password (a reset by the mailed link, or a change) reopens the account to
        # new browsers; sources that were locked stay locked.
        email = str(getattr(user, "email", "")).lower()
        request = self.request or context.request
        if email and request is not None:
            ratelimit.clear(request, app="allauth.account", action="login_failed_account", key=email)


def _without_ip_rates(action: str) -> dict[str, str]:
    """The action's limits less those per address, as a config for allauth's rate limiter."""
    parts = [p.strip() for p in (account_settings.RATE_LIMITS.get(action) or "").split(",") if p.strip()]
    return {action: ",".join(p for p in parts if ratelimit.parse_rate(p).per != "ip")}
