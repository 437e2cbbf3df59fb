"""Single sign-on rules: SSO signs in an existing, active staff account, and never creates one.

A provider (Google, Microsoft Entra ID, a district OpenID Connect server) vouches for an
email address. We accept it only when the provider says it is verified, its domain is one of
IEP_SSO_ALLOWED_DOMAINS, and an active account already has exactly that address. Anything
else goes back to the sign-in page with a message that says what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect

from iep_portal.models import User

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

ASK_ADMIN = "Ask your district administrator."


def match_staff_account(sociallogin: SocialLogin) -> tuple[User | None, str]:
    """(the account to sign in, "") or (None, a plain message saying why not)."""
    provider = sociallogin.account.get_provider().name
    domains = set(settings.IEP_SSO_ALLOWED_DOMAINS)
    if not domains:
        return None, ("Single sign-on is not set up for any email domain yet. Sign in with your "
                      f"email and password. {ASK_ADMIN}")
    verified = [a.email.strip().lower() for a in sociallogin.email_addresses if a.verified and a.email]
    if not verified:
        return None, (f"Your {provider} account did not confirm an email address, so it cannot be "
                      "matched to a staff account.")
    allowed = [e for e in verified if e.rpartition("@")[2] in domains]
    if not allowed:
        return None, (f"{verified[0]} cannot sign in here: only addresses at "
                      f"{', '.join(sorted(domains))} can. Use your district account.")
    users = {u.email.lower(): u for u in User.objects.filter(email__in=allowed)}
    email = next((e for e in allowed if e in users), None)
    if email is None:
        return None, (f"There is no IEP Portal account for {allowed[0]}. Accounts come from the "
                      f"district roster or an invitation. {ASK_ADMIN}")
    user = users[email]
    if not user.is_active:
        return None, f"The account for {email} is switched off. {ASK_ADMIN}"
    if sociallogin.is_existing and sociallogin.user.pk != user.pk:
        return None, (f"This {provider} account is linked to a different IEP Portal account. "
                      f"{ASK_ADMIN}")
    return user, ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        user, problem = match_staff_account(sociallogin)
        if user is None:
            messages.error(request, problem)
            raise ImmediateHttpResponse(redirect("account_login"))
        if not sociallogin.is_existing:
            # First SSO sign-in for this account: link the provider identity to it.
            sociallogin.connect(request, user)
