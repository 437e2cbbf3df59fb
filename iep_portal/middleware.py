"""Request-wide rules: a second factor for administrators, idle expiry of sessions, no copies
of pages in caches."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

# Paths a user without MFA may still reach: signing in and out, setting MFA up, health.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz")


def mfa_required_for(user: object) -> bool:
    """Administrators and test coordinators (who see every student's testing accommodations
    at their school), and every account that can open the Django admin, must use a second
    factor (with IEP_REQUIRE_MFA_FOR_ALL, every member of staff). A guardian, who sees only
    their own child, only when the district sets IEP_REQUIRE_MFA_FOR_GUARDIANS."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_guardian", False):
        return bool(settings.IEP_REQUIRE_MFA_FOR_GUARDIANS)
    return bool(
        settings.IEP_REQUIRE_MFA_FOR_ALL or user.role_requires_mfa  # type: ignore[attr-defined]
        or user.is_staff or user.is_superuser  # type: ignore[attr-defined]
    )


def signed_in_with_mfa(request: HttpRequest, user: object) -> bool:
    """Whether this session proved the second factor: at sign-in (allauth's authenticate
    stage), or by setting the authenticator up in it (`record_totp_activation`)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def record_totp_activation(
    sender: object, request: HttpRequest | None, user: Any, authenticator: Authenticator, **kwargs: Any
) -> None:
    """allauth's authenticator_added: turning an authenticator app on takes a valid code from
    it, so the session that did so holds the second factor from then on."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )


class RequireMFAMiddleware:
    """Keeps student data (and the Django admin) from an account that must use MFA until the
    session has it.

    Without an authenticator app, the user is sent to set one up. With one, a session that
    never proved it (opened before the app was set up, in another browser) is signed out,
    to sign in again with the code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if mfa_required_for(user) and not request.path.startswith(EXEMPT_PREFIXES):
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.info(
                    request,
                    "Your role requires two-step sign-in. Set up an authenticator app to continue.",
                )
                return redirect(reverse("mfa_activate_totp"))
            if not signed_in_with_mfa(request, user):
                logout(request)
                messages.info(request, "Sign in again with the code from your authenticator app.")
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionIdleMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most every
    SESSION_REFRESH_SECONDS instead of on every request.

    A session ends SESSION_COOKIE_AGE after its last write, so it ends between
    (age - refresh) and age after the last request: idle expiry without a database write
    on every page. Must sit after SessionMiddleware (it runs before the session is saved).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.modified:
            now = int(time.time())
            if now - int(session.get(REFRESHED_KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return response


REFRESHED_KEY = "_idle_refreshed_at"


class NoStoreMiddleware:
    """Tells browsers and proxies to keep no copy of any page or download: Cache-Control
    no-store, private (Django's never-cache headers).

    Nearly every page and export carries student data, so the rule is every response that
    reaches Django rather than a list of views to remember; it sits right after WhiteNoise,
    which answers static files (and their long cache lifetimes) before it. A shared computer's
    Back button or disk cache then shows no student's record to the next person. Back on a
    keyed form re-fetches it: iep_portal.submissions answers a key already used with the
    "already saved" page, so nothing is saved twice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


# What a guardian may reach: the family portal, their own account pages, static files, health.
GUARDIAN_PREFIXES = ("/family/", "/accounts/", "/static/", "/healthz")


class GuardianPortalOnlyMiddleware:
    """A guardian's account reaches the family portal and nothing else: every staff URL answers
    404, as for a page that does not exist, so no staff page can ever show them a student.
    The portal's own views then scope each page to their children (families.access)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if getattr(user, "is_guardian", False) and not request.path.startswith(GUARDIAN_PREFIXES):
            raise Http404("No such page.")
        return self.get_response(request)
