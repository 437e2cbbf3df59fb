"""Permission-scoped getters for goals and data requests.

Each resolves the object, then goes through students.access for its student, so a goal that
does not exist and one the user may not see both answer 404. A gen-ed teacher who is not on
the IEP's full-view team (`access.limited`) sees only the goals they collect data for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from progress.models import DataRequest, Goal, GoalCollector
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw


@dataclass(frozen=True)
class GoalAccess:
    goal: Goal
    access: StudentAccess
    collects: bool  # the user is a named collector on this goal


def get_goal_for_user(
    request: HttpRequest, pk: int, *, capability: str | None = None,
) -> GoalAccess:
    """The goal if the user may see it (404 otherwise); 403 if `capability` is missing.

    Queries: the goal with IEP and student (1), is the user a collector (1), then the
    student access (3: student, active IEP, access-log row).
    """
    goal = Goal.objects.select_related("iep", "iep__student").filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal.")
    collects = GoalCollector.objects.filter(goal=goal, user=request.user.pk).exists()
    if capability is None:
        access = get_student_for_user(request, goal.iep.student_id)
    else:
        access = get_student_for_user(request, goal.iep.student_id, action="change")
    if access.limited and not collects:
        raise Http404("No such goal.")
    if capability is not None and not access.can(capability):
        raise PermissionDenied("Your role on this student's team does not allow this change.")
    return GoalAccess(goal=goal, access=access, collects=collects)


def get_data_request_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> DataRequest:
    """A data request (goal data or a support review) for the teacher asked (to answer it)
    or, with manage=True, for whoever manages the IEP (to cancel it). Anyone else: 404, or
    403 if they see the student."""
    data_request = DataRequest.objects.with_subject().select_related("teacher").filter(pk=pk).first()
    if data_request is None:
        raise Http404("No such request.")
    student_pk = data_request.iep.student_id
    if manage:
        get_student_for_user_rw(request, student_pk, capability="manage_iep")
        return data_request
    access = get_student_for_user(request, student_pk)
    if data_request.teacher_id != request.user.pk:
        if access.limited:
            raise Http404("No such request.")
        raise PermissionDenied("This request was sent to someone else.")
    return data_request
