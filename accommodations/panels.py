"""Panels this app adds to My day and to the student page (a fixed number of queries each)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from accommodations.access import can_acknowledge
from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.classroom import classes_for
from accommodations.models import Support, SupportReview
from accommodations.review_requests import PendingReview, pending_reviews
from accommodations.support_trend import SupportTrend, support_trends
from iep_portal.panels import NextAction
from students import matrix
from students.access import TEACHER, StudentAccess
from students.caseload import CaseloadEntry
from students.models import IEP, Enrollment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from iep_portal.models import User


def my_classes_panel(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """For anyone teaching a class with IEP students: today's supports still to check, as one
    next action, and one short line per class.

    Queries: none without such classes; else the class day (twelve).
    """
    if not any(entry.sections for entry in caseload):
        return None
    sections = classes_for(user, today)
    shown = [s for s in sections if s.students or (s.instructional and not s.meets)]
    unchecked = sum(s.unchecked for s in sections)
    actions = []
    if unchecked:
        waiting = [s for s in sections if s.unchecked]
        url = reverse("accommodations:my_classes")
        if len(waiting) == 1:
            url += f"?section={waiting[0].section.pk}"
        where = str(waiting[0].section) if len(waiting) == 1 else f"{len(waiting)} classes"
        actions.append(NextAction(
            f"{unchecked} support{pluralize(unchecked)} to check in {where}", url,
            detail=f"{sum(len(s.students) for s in waiting)} students with IEPs"))
    return {
        "instructional": any(s.instructional for s in sections),
        "unchecked": unchecked,
        "expected": sum(s.expected for s in sections),
        "sections": shown,
        "actions": actions,
    }


def acknowledge_panel(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """For anyone who carries out supports: one next action, "7 IEPs to read and acknowledge"
    ("504 plans" when all are, "plans" when they are mixed),
    linked to their list. Queries: none without a caseload; else acknowledgements (five)."""
    if not caseload:
        return None
    dues = outstanding_acknowledgements([e.iep for e in caseload], users=[user], today=today)
    if not dues:
        return None
    oldest = min(d.since for d in dues)
    n = len(dues)
    kinds = {d.iep.kind for d in dues}
    what = "504 plan" if kinds == {IEP.Kind.SECTION_504} else "IEP" if kinds == {IEP.Kind.IEP} else "plan"
    return {"actions": [NextAction(
        f"{n} {what}{pluralize(n)} to read and acknowledge", reverse("accommodations:acknowledgements"),
        detail=f"waiting since {oldest:%b} {oldest.day}")]}


FLAGGED_ACTIONS = 5  # the first flagged supports are next actions; the panel counts the rest


def case_manager_panel(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """For case managers: supports flagged in reviews (next actions), and teachers yet to
    acknowledge (one line per student, folded).

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
    actions = [
        NextAction(f"Follow up: {r.support.iep.student}’s “{r.support.text}” flagged "
                   f"({r.flag_words}) by {r.reviewer}",
                   reverse("accommodations:student", args=[r.support.iep.student_id]))
        for r in flagged[:FLAGGED_ACTIONS]
    ]
    return {"flagged": flagged, "flagged_more": flagged[FLAGGED_ACTIONS:],
            "unacknowledged": list(students.values()), "actions": actions}


def student_panel(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Supports summary for everyone who sees the student; teachers see what applies to them.

    Queries: supports (1), the teacher's classes with the student (1, teachers only), flagged
    reviews, the reviews that follow use and independence, and the reviews asked and not yet
    given (3, team only).
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
    trends: dict[int, SupportTrend] = {}
    pending: dict[int, list[PendingReview]] = {}
    if not access.limited:
        flagged = SupportReview.objects.flagged().filter(support__iep=access.iep).count()
        trends = support_trends(SupportReview.objects.filter(support__iep=access.iep).followed()
                                .select_related("reviewer"))
        pending = pending_reviews(access.iep)
    rows = [(s, trends.get(s.pk), pending.get(s.pk, [])) for s in supports]
    return {
        "student": access.student,
        "today": timezone.localdate(),
        "accommodations": [row for row in rows if row[0].kind != Support.Kind.STRATEGY],
        "strategies": [row for row in rows if row[0].kind == Support.Kind.STRATEGY],
        "full": not access.limited,
        "can_acknowledge": can_acknowledge(access),
        "flagged": flagged,
    }
