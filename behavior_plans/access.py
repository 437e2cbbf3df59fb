"""The permission-scoped getter for a student's behavior intervention plan.

It goes through students.access, so a student the user may not see answers 404 (and the read
is logged); so does a student whose active plan has no BIP. Every adult who sees the student
reads the BIP, since every one of them carries it out; recording data asks `record_data`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from behavior_plans.models import BehaviorPlan
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw


def get_behavior_plan_for_user(
    request: HttpRequest, student_pk: int, *, capability: str | None = None
) -> tuple[BehaviorPlan, StudentAccess]:
    """The BIP on the student's active plan. Queries: those of get_student_for_user (3), the
    BIP with its FBA (1)."""
    if capability is None:
        access = get_student_for_user(request, student_pk)
    else:
        access = get_student_for_user_rw(request, student_pk, capability=capability)
    bip = None
    if access.iep is not None:
        bip = (BehaviorPlan.objects.filter(plan=access.iep)
               .select_related("assessment", "written_by").first())
    if bip is None:
        raise Http404("This student has no behavior intervention plan.")
    bip.plan = access.iep  # type: ignore[assignment]
    return bip, access
