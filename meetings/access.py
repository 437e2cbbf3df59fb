"""Meetings and follow-ups as a user may reach them: through the student (students.access).

A meeting or follow-up that does not belong to the student answers 404, as a missing one does.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from meetings.models import FollowUp, Meeting
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.models import IEP


def iep_or_404(access: StudentAccess) -> IEP:
    if access.iep is None:
        raise Http404("This student has no active IEP.")
    access.iep.student = access.student
    return access.iep


def get_meeting_for_user(
    request: HttpRequest, pk: int, meeting_pk: int, *, capability: str | None = None,
) -> tuple[StudentAccess, Meeting]:
    """The student's meeting if the user may see (or, with `capability`, change) it."""
    if capability:
        access = get_student_for_user_rw(request, pk, capability=capability)
    else:
        access = get_student_for_user(request, pk)
    meeting = (
        Meeting.objects.filter(pk=meeting_pk, iep__student=access.student)
        .select_related("iep__student__school", "iep__case_manager", "notice_recorded_by")
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return access, meeting


def get_follow_up_for_user(
    request: HttpRequest, pk: int, follow_up_pk: int,
) -> tuple[StudentAccess, FollowUp]:
    """The student's follow-up, for a user who may change something about the student (the
    view decides whether this user may close it)."""
    access = get_student_for_user(request, pk, action="change")
    follow_up = (
        FollowUp.objects.filter(pk=follow_up_pk, meeting__iep__student=access.student)
        .select_related("meeting").first()
    )
    if follow_up is None:
        raise Http404("No such follow-up.")
    return access, follow_up
