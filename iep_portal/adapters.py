"""allauth adapter: no open sign-up (accounts come from invitations and the roster), fresh
proof for every sensitive account change, and the one rule for the client's address."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from iep_portal import net


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

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = net.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip
