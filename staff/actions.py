"""Writes for staff accounts: invitations."""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string

from iep_portal.invitations import invitation_url
from iep_portal.models import User
from students.models import School

__all__ = ["invitation_url", "user_invite"]


@transaction.atomic
def user_invite(
    *,
    request: HttpRequest,
    invited_by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    schools: Iterable[School] = (),
    title: str = "",
) -> User:
    """Create a staff account with no password and email them a link to set one.

    District admins invite anyone; the email goes out only after the account is saved.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone already has an account with this email address."})
    user = User(
        email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=role,
        title=title.strip(),
        # District administrators run the Django admin (schools, users, calendars, IEPs).
        is_staff=role == User.Role.DISTRICT_ADMIN, is_superuser=role == User.Role.DISTRICT_ADMIN,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.schools.set(list(schools))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    context = {
        "user": user,
        "invited_by": invited_by,
        "password_reset_url": invitation_url(request, user),
    }
    subject = render_to_string("account/email/invitation_subject.txt", context).strip()
    body = render_to_string("account/email/invitation_message.txt", context)
    # Sent only once the account exists for certain: a rolled-back invite sends nothing.
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user
