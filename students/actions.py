"""Writes on students and IEPs. Keyword-only, atomic, validated."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from iep_portal.models import User
from notifications.outbox import enqueue
from students.models import IEP, ParentContact, Student, TeamMember


@transaction.atomic
def iep_activate(*, iep: IEP, by: User, reason: str = "IEP activated") -> IEP:
    """Make `iep` the student's active IEP; the one it replaces ends the day before.

    A student has at most one active IEP (a database constraint); this is the one way to
    move from the old to the new without breaking it.
    """
    with pghistory.context(user=by.pk, reason=reason):
        current = (
            IEP.objects.select_for_update()
            .filter(student=iep.student_id, status=IEP.Status.ACTIVE)
            .exclude(pk=iep.pk)
            .first()
        )
        if current is not None:
            if iep.start_date <= current.start_date:
                raise ValidationError(
                    {"start_date": "A new IEP must start after the one it replaces started."}
                )
            current.status = IEP.Status.ENDED
            current.end_date = min(current.end_date, iep.start_date - dt.timedelta(days=1))
            current.save(update_fields=["status", "end_date"])
            iep.supersedes = current
        iep.status = IEP.Status.ACTIVE
        iep.full_clean()
        iep.save()
    return iep


@transaction.atomic
def team_member_add(*, iep: IEP, user: User, role: str, by: User) -> TeamMember:
    if user.pk == iep.case_manager_id:
        raise ValidationError("The case manager is already on the team.")
    if not user.schools.filter(pk=iep.student.school_id).exists() and not user.is_district_admin:
        raise ValidationError(f"{user} does not work at {iep.student.school}.")
    with pghistory.context(user=by.pk, reason="team member added"):
        member = TeamMember(iep=iep, user=user, role=role)
        member.full_clean()
        member.save()
    return member


@transaction.atomic
def parent_contact_log(
    *, student: Student, staff: User, contacted_on: dt.date, channel: str, family_member: str,
    summary: str,
) -> ParentContact:
    """Record a conversation with the family."""
    contact = ParentContact(
        student=student, staff=staff, contacted_on=contacted_on, channel=channel,
        family_member=family_member.strip(), summary=summary.strip(),
    )
    contact.full_clean()
    with pghistory.context(user=staff.pk, reason="family contact logged"):
        contact.save()
    # Published by the outbox relay: the request never waits on the broker.
    enqueue("students.family_contact_logged", student.pk)
    return contact
