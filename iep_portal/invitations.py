"""The invitation link: a one-time link that lets an invited person set their password (the
password-reset flow, so it expires and works once). Staff invitations and family-portal
invitations both send it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.http import HttpRequest

if TYPE_CHECKING:
    from iep_portal.models import User


def invitation_url(request: HttpRequest, user: User) -> str:
    """A one-time link that lets the invited person set their password."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    url: str = get_adapter(request).get_reset_password_from_key_url(key)
    return url
