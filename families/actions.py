"""Writes for families: guardians, their portal invitations, contacts with a named guardian,
and messages from the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pghistory
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from families.models import Guardian, GuardianContact, PortalMessage
from iep_portal.invitations import invitation_url
from iep_portal.models import User
from notifications.models import Notification
from notifications.notify import Reminder, remind_many
from students.actions import parent_contact_log
from students.models import IEP, ParentContact, Student

GUARDIAN_FIELDS = (
    "relationship", "first_name", "last_name", "email", "phone", "address", "language",
    "language_other", "channel", "educational_rights", "surrogate_appointed_on",
)


@transaction.atomic
def guardian_add(*, student: Student, by: User | None, **fields: Any) -> Guardian:
    """Add a parent, guardian or surrogate parent to the student's record."""
    guardian = Guardian(student=student, created_by=by,
                        **{k: v for k, v in fields.items() if k in GUARDIAN_FIELDS})
    _strip(guardian)
    guardian.full_clean()
    with pghistory.context(user=by.pk if by else None, reason="guardian added"):
        guardian.save()
    return guardian


@transaction.atomic
def guardian_update(*, guardian: Guardian, by: User, **fields: Any) -> Guardian:
    """Change a guardian's details (the history rows keep what they were)."""
    changed = [k for k in GUARDIAN_FIELDS if k in fields and getattr(guardian, k) != fields[k]]
    for name in changed:
        setattr(guardian, name, fields[name])
    _strip(guardian)
    guardian.full_clean()
    if changed:
        with pghistory.context(user=by.pk, reason="guardian changed"):
            guardian.save(update_fields=[*changed, "surrogate_appointed_on", "updated_at"])
    return guardian


def _strip(guardian: Guardian) -> None:
    for name in ("first_name", "last_name", "email", "phone", "address", "language_other"):
        setattr(guardian, name, getattr(guardian, name).strip())
    guardian.email = guardian.email.lower()


@transaction.atomic
def guardian_invite(*, request: HttpRequest, guardian: Guardian, invited_by: User) -> User:
    """Invite a guardian with educational rights to the family portal: an account of the
    guardian role (or the one they already have for a sibling) and, in their language, the
    emailed link that sets its password (the staff invitation's flow). Sent after commit."""
    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    if not guardian.educational_rights or not guardian.active:
        raise ValidationError(
            "Only a current guardian who holds educational rights can be invited to the family portal.")
    if not guardian.email:
        raise ValidationError({"email": "Add the guardian's email address to invite them."})
    if guardian.user_id is not None:
        user = guardian.user
        assert user is not None
    else:
        user = User.objects.filter(email__iexact=guardian.email).first() or _new_account(guardian)
        if not user.is_guardian:
            raise ValidationError({"email": "A member of staff has an account with this email address; "
                                   "a family-portal account needs its own address."})
        guardian.user = user
        guardian.full_clean()
        with pghistory.context(user=invited_by.pk, reason="guardian invited"):
            guardian.save(update_fields=["user", "updated_at"])
    context = {
        "guardian": guardian, "student": guardian.student, "invited_by": invited_by,
        "password_reset_url": invitation_url(request, user),
    }
    with translation.override(guardian.language):
        subject = render_to_string("families/email/invitation_subject.txt", context).strip()
        body = render_to_string("families/email/invitation_message.txt", context)
    email = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user


def _new_account(guardian: Guardian) -> User:
    user = User(email=guardian.email, first_name=guardian.first_name, last_name=guardian.last_name,
                role=User.Role.GUARDIAN)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@transaction.atomic
def guardian_contact_log(
    *, student: Student, staff: User, contacted_on: dt.date, channel: str,
    guardian: Guardian | None, family_member: str, summary: str,
) -> ParentContact:
    """Log a family contact with a named guardian (or, with none, whoever `family_member`
    names: a grandparent at pickup, a coach)."""
    if guardian is not None and guardian.student_id != student.pk:
        raise ValidationError({"guardian": "Choose one of this student's guardians."})
    name = str(guardian) if guardian is not None else family_member
    if not name.strip():
        raise ValidationError({"family_member": "Choose a guardian or say who you spoke with."})
    contact = parent_contact_log(student=student, staff=staff, contacted_on=contacted_on,
                                 channel=channel, family_member=name, summary=summary)
    if guardian is not None:
        GuardianContact.objects.create(contact=contact, guardian=guardian)
    return contact


@transaction.atomic
def portal_message_send(*, guardian: Guardian, sent_by: User, iep: IEP | None, subject: str,
                        body: str) -> PortalMessage:
    """A guardian's message to the case manager: a row in the contact log (with the guardian
    named), and a notification to the case manager linking to the student's family page."""
    if iep is None:
        raise ValidationError(translation.gettext(
            "Your child has no case manager to write to right now. Please call the school."))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(translation.gettext("Write a subject and a message."))
    student = guardian.student
    contact = guardian_contact_log(
        student=student, staff=iep.case_manager, contacted_on=timezone.localdate(),
        channel=ParentContact.Channel.PORTAL, guardian=guardian, family_member="",
        summary=f"{subject}\n\n{body}",
    )
    message = PortalMessage.objects.create(guardian=guardian, student=student, sent_by=sent_by,
                                           to=iep.case_manager, subject=subject, body=body,
                                           contact=contact)
    remind_many([Reminder(
        user_id=iep.case_manager_id, kind=Notification.Kind.FAMILY_MESSAGE,
        key=f"family-message:{message.pk}",
        title=f"Message from {guardian} about {student}: {subject}"[:300],
        body=body[:2000], url=reverse("families:guardians", args=[student.pk]) + "#messages-heading",
        student_id=student.pk,
    )])
    return message
