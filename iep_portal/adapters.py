"""allauth adapter: no open sign-up (accounts come from invitations and the roster), and the
one rule for the client's address."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from iep_portal import net


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Someone who signed in with their password moments ago is not asked for it again.

        Administrators are sent straight from sign-in to set up MFA; asking them to retype
        the password they just typed adds a step and no security.
        """
        request = self.request
        if request is not None and getattr(request, "user", None) is not None:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = net.client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip
