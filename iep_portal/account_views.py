"""allauth's account pages where the product asks more of them (routed in iep_portal/urls.py)."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView, password_change
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from iep_portal.models import User


def trust_account_address(user: User) -> None:
    """Records the account's own address (staff, the roster or an invitation gave it) as
    verified and primary, so that an address the user adds can never outrank it unverified."""
    if not user.email:
        return
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email.lower()}
    )
    if not (address.verified and address.primary):
        address.verified = True
        address.set_as_primary()


class TrustedEmailView(EmailView):
    """The email page: a new address must be confirmed by the link mailed to it before it
    replaces the account's address (ACCOUNT_CHANGE_EMAIL); every change needs a fresh
    re-authentication (iep_portal.adapters)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            trust_account_address(request.user)
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response

    def _action_primary(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | None:
        address = self._get_email_address(request)
        if address is not None and not address.verified:
            messages.error(request, "Open the link we emailed to that address first: only a confirmed "
                                    "address can become the one you sign in with.")
            return None
        response: HttpResponse | None = super()._action_primary(request, *args, **kwargs)
        return response


email = TrustedEmailView.as_view()
# allauth's page asks for the current password only; a change of password is a change of how
# one signs in, so it takes the same fresh proof (and second factor) as the others.
password_change_reauthenticated = reauthentication_required(password_change, app="allauth.account")
