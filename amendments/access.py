"""The amendment a user may see or write, through the student's access (students.access).

Everyone who sees the full record reads a student's amendments and notices; the case
manager and administrators ("amend") write them. Others get 404, read-only members 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from amendments.models import Amendment, AmendmentChange
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw


@dataclass(frozen=True)
class AmendmentAccess:
    access: StudentAccess
    amendment: Amendment


def get_student_to_read(request: HttpRequest, pk: int) -> StudentAccess:
    access = get_student_for_user(request, pk)
    if access.limited:
        raise Http404("No such student.")
    return access


def get_amendment_for_user(
    request: HttpRequest, pk: int, amendment_pk: int, *, write: bool = False
) -> AmendmentAccess:
    """The student's amendment: 404 unless the user sees the full record, 403 on a write
    without "amend". Queries: the student's (3), the amendment (1)."""
    if write:
        access = get_student_for_user_rw(request, pk, capability="amend")
    else:
        access = get_student_to_read(request, pk)
    amendment = (
        Amendment.objects.filter(pk=amendment_pk, iep__student=access.student)
        .select_related(
            "iep", "iep__student", "iep__case_manager", "created_by", "finalized_by", "agreement_recorded_by"
        )
        .first()
    )
    if amendment is None:
        raise Http404("No such amendment.")
    return AmendmentAccess(access, amendment)


def get_change(amendment: Amendment, change_pk: int) -> AmendmentChange:
    change = (
        AmendmentChange.objects.filter(pk=change_pk, amendment=amendment).select_related("amendment").first()
    )
    if change is None:
        raise Http404("No such change.")
    return change
