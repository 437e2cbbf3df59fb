"""Require a second factor of administrators (and, by district setting, of all staff)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a user without MFA may still reach: signing in and out, setting MFA up, health.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz")


def mfa_required_for(user: object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(settings.IEP_REQUIRE_MFA_FOR_ALL or user.is_admin_role or user.is_superuser)  # type: ignore[attr-defined]


class RequireMFAMiddleware:
    """Sends a user who must use MFA but has not set it up to the authenticator page.

    Until they do, no page with student data (and not the Django admin) is reachable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            mfa_required_for(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.info(
                request,
                "Your role requires two-step sign-in. Set up an authenticator app to continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
