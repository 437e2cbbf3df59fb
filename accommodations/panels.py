"""Panels this app adds to My day and to the student page (a fixed number of queries each)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from accommodations.access import can_acknowledge
from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.classroom import classes_for
from accommodations.models import Support, SupportReview
from students import matrix
from students.access import TEACHER, StudentAccess
from students.caseload import CaseloadEntry
from students.models import Enrollment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from iep_portal.models import User


def my_classes_panel(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """For anyone teaching a class with IEP students: today's unchecked supports.

    Queries: none without such classes; else the class day (twelve) and acknowledgements (five).
    """
    if not any(entry.sections for entry in caseload):
        return None
    sections = classes_for(user, today)
    ieps = [entry.iep for entry in caseload if entry.sections]
    return {
        "instructional": any(s.instructional for s in sections),
        "unchecked": sum(s.unchecked for s in sections),
        "expected": sum(s.expected for s in sections),
        "sections": [s for s in sections if s.students],
        "to_acknowledge": len(outstanding_acknowledgements(ieps, users=[user], today=today)),
    }


def case_manager_panel(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """For case managers: supports flagged as not working, and teachers yet to acknowledge.

    Queries: flagged reviews (1) and acknowledgements (five).
    """
    ieps = [e.iep for e in caseload if e.matrix_role == matrix.CASE_MANAGER]
    if not ieps:
        return None
    flagged = list(
        SupportReview.objects.flagged().filter(support__iep__in=ieps)
        .select_related("support__iep__student", "reviewer")[:20]
    )
    outstanding = outstanding_acknowledgements(ieps, today=today)
    students: dict[int, Any] = {}
    for due in outstanding:
        students.setdefault(due.iep.student_id, {"student": due.iep.student, "people": []})
        students[due.iep.student_id]["people"].append(due)
    if not flagged and not outstanding:
        return {"flagged": [], "unacknowledged": []}
    return {"flagged": flagged, "unacknowledged": list(students.values())}


def student_panel(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Supports summary for everyone who sees the student; teachers see what applies to them.

    Queries: supports (1), the teacher's classes with the student (1, teachers only), flagged
    reviews (1, team only).
    """
    if access.iep is None:
        return None
    supports = list(Support.objects.current().filter(iep=access.iep).order_by("kind", "category", "pk"))
    if access.limited and TEACHER in access.relations:
        teacher = cast("User", request.user)  # signed in (middleware)
        subjects = [
            e.section.subject for e in Enrollment.objects.current()
            .filter(student=access.student, section__teacher=teacher).select_related("section")
        ]
        supports = [s for s in supports if any(s.applies_to(subject) for subject in subjects)]
    flagged = 0
    if not access.limited:
        flagged = SupportReview.objects.flagged().filter(support__iep=access.iep).count()
    return {
        "student": access.student,
        "accommodations": [s for s in supports if s.kind != Support.Kind.STRATEGY],
        "strategies": [s for s in supports if s.kind == Support.Kind.STRATEGY],
        "full": not access.limited,
        "can_acknowledge": can_acknowledge(access),
        "flagged": flagged,
    }
