"""allauth's forms where the product asks more of them (ACCOUNT_FORMS in settings)."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser


class ReauthenticateForm(account_forms.ReauthenticateForm):
    """Confirm it's you: the password and, on an account with an authenticator app, its code.

    allauth records the re-authentication once this form is valid, so both factors stand
    behind every sensitive change (allauth's own page would take either one alone).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if Authenticator.objects.filter(user_id=self.user.pk, type=Authenticator.Type.TOTP).exists():
            self.fields["code"] = forms.CharField(
                label="Code from your authenticator app",
                help_text="The 6-digit code your app shows now. Each code works once: if you have just "
                          "signed in with it, wait for the next. A recovery code works too.",
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # The code is checked only after the password: a wrong password spends no code. A
        # form sent again (Back, a second click) finds its code spent: if this session has
        # just confirmed, the code adds nothing and is not asked to be fresh.
        request = context.request
        confirmed = request is not None and did_recently_reauthenticate(request)
        if "code" in self.fields and "password" in cleaned and "code" in cleaned and not confirmed:
            second = BaseAuthenticateForm(data={"code": cleaned["code"]}, user=self.user)
            if not second.is_valid():
                for error in second.errors.get("code", []):
                    self.add_error("code", error)
        return cleaned


class AddEmailForm(account_forms.AddEmailForm):
    """A new address for the account (ACCOUNT_CHANGE_EMAIL: it replaces the old one once the
    link mailed to it is opened)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New email address"


def is_trusted_address(user: AbstractBaseUser, email: str) -> bool:
    """Whether `email` may receive this account's password reset link.

    The account's own address is trusted (staff, the roster or an invitation set it, and a
    user's own address replaces it only once verified); any other only once verified by
    the link mailed to it.
    """
    email = email.strip().lower()
    if str(getattr(user, "email", "")).lower() == email:
        return True
    verified: bool = EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists()
    return verified


class ResetPasswordForm(account_forms.ResetPasswordForm):
    """Mails a reset link only to an address the account is trusted to own."""

    users: list[AbstractBaseUser]

    def clean_email(self) -> str:
        email: str = super().clean_email()
        self.users = [user for user in self.users if is_trusted_address(user, email)]
        return email
