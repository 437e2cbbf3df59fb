"""Billing's panels: the student page's link to the student's billing record, and My day's
"co-sign" next action for a supervising provider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min
from django.template.defaultfilters import pluralize
from django.urls import reverse

from billing.queries import awaiting_cosign
from iep_portal.panels import NextAction

if TYPE_CHECKING:
    import datetime as dt

    from django.http import HttpRequest

    from iep_portal.models import User
    from students.access import StudentAccess
    from students.caseload import CaseloadEntry

# A co-sign left waiting this many days is shown as overdue.
COSIGN_OVERDUE_DAYS = 7


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """No queries: the link only, for those who read the full record."""
    if access.limited or access.iep is None:
        return None
    return {"student": access.student}


def my_day(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """One next action per assistant whose sessions wait for this user's co-sign: "Co-sign 2
    sessions of Jamie Ortiz", linked to the co-sign page. One query, for anyone who delivers
    related services; none for other roles."""
    if user.role not in (user.Role.PROVIDER, user.Role.CASE_MANAGER):
        return None
    waiting = list(awaiting_cosign(user).order_by()
                   .values("certified_by", "certified_by__first_name", "certified_by__last_name")
                   .annotate(n=Count("pk"), oldest=Min("date"))
                   .order_by("oldest", "certified_by__last_name"))
    if not waiting:
        return None
    url = reverse("billing:cosigns")
    return {"actions": [NextAction(
        f"Co-sign {w['n']} session{pluralize(w['n'])} of "
        f"{w['certified_by__first_name']} {w['certified_by__last_name']}", url,
        overdue=(today - w["oldest"]).days > COSIGN_OVERDUE_DAYS,
        detail=f"Oldest {w['oldest']:%b %-d}: until you co-sign, {'they are' if w['n'] > 1 else 'it is'} "
               "not billed to Medicaid.")
        for w in waiting]}
