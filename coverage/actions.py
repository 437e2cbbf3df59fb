"""Writes for coverage: assigning a paraprofessional, granting a substitute a teacher's
classes (inviting them when they have no account)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from iep_portal.models import User
from staff.actions import user_invite
from students.models import IEP, Coverage, ParaAssignment, Section, Student


def may_assign_para(by: User, *, student: Student | None = None, section: Section | None = None) -> bool:
    """A case manager assigns a paraprofessional to a student they case-manage; an
    administrator to any student or class of their schools."""
    school_id = student.school_id if student is not None else section.school_id if section else None
    if by.is_district_admin:
        return True
    if school_id is not None and by.is_school_admin and by.schools.filter(pk=school_id).exists():
        return True
    return student is not None and IEP.objects.filter(
        student=student, status=IEP.Status.ACTIVE, case_manager=by).exists()


def _check_days(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day cannot come before the first."})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": "The last day has passed; choose a last day from today on."})


@transaction.atomic
def para_assign(
    *, para: User, by: User, starts_on: dt.date, ends_on: dt.date,
    student: Student | None = None, section: Section | None = None,
) -> ParaAssignment:
    """Assign `para` to one student or to one class for the days given. The assignment says
    who made it and when; from its first to its last day the paraprofessional sees the
    student's supports, BIP strategies and the goals they collect data for, nothing else."""
    if (student is None) == (section is None):
        raise ValidationError("Assign the paraprofessional to a student or to a class.")
    if not para.is_paraprofessional or not para.is_active:
        raise ValidationError({"para": f"{para} is not a paraprofessional."})
    if not may_assign_para(by, student=student, section=section):
        raise ValidationError("Only the student's case manager or an administrator of the school "
                              "assigns a paraprofessional.")
    school_id = student.school_id if student is not None else section.school_id  # type: ignore[union-attr]
    if not para.schools.filter(pk=school_id).exists():
        raise ValidationError({"para": f"{para} does not work at this school."})
    _check_days(starts_on, ends_on)
    row = ParaAssignment(para=para, student=student, section=section, starts_on=starts_on,
                         ends_on=ends_on, assigned_by=by)
    row.full_clean()
    row.save()
    return row


def may_grant_coverage(by: User, teacher: User) -> bool:
    """A teacher grants cover of their own classes; an administrator of any teacher at
    their schools."""
    if by.pk == teacher.pk or by.is_district_admin:
        return True
    return by.is_school_admin and by.schools.filter(pk__in=teacher.schools.values("pk")).exists()


@transaction.atomic
def coverage_grant(
    *, request: HttpRequest, by: User, teacher: User, starts_on: dt.date, ends_on: dt.date,
    substitute: User | None = None, email: str = "", first_name: str = "", last_name: str = "",
) -> Coverage:
    """Let a substitute cover `teacher`'s classes from `starts_on` to `ends_on`: they see
    each class's packet and check off supports on those days only. A substitute with no
    account (given by `email` and name) is invited: an account with the substitute role,
    and a link to set a password that expires as every invitation does."""
    if not may_grant_coverage(by, teacher):
        raise ValidationError("Only the teacher or an administrator of the school grants cover "
                              "of these classes.")
    _check_days(starts_on, ends_on)
    if (ends_on - starts_on).days > 92:
        raise ValidationError({"ends_on": "Cover is for a span of days, at most a term; "
                                          "a long-term substitute gets their own classes."})
    if substitute is None:
        existing = User.objects.filter(email__iexact=email.strip()).first()
        substitute = existing or user_invite(
            request=request, invited_by=by, email=email, first_name=first_name, last_name=last_name,
            role=User.Role.SUBSTITUTE, schools=list(teacher.schools.all()), title="Substitute teacher",
        )
    if substitute.pk == teacher.pk:
        raise ValidationError({"substitute": "A teacher cannot cover their own classes."})
    if not substitute.is_active:
        raise ValidationError({"substitute": f"{substitute}'s account is closed."})
    row = Coverage(substitute=substitute, teacher=teacher, starts_on=starts_on, ends_on=ends_on,
                   granted_by=by)
    row.full_clean()
    row.save()
    return row
