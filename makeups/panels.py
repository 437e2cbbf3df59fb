"""The makeups panels on My day ("Makeups planned this week") and on the student page.

Fixed query counts, however many lines or plans.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from iep_portal.panels import NextAction
from makeups import status
from makeups.models import PlannedMakeup
from services.backlog_queries import outlooks_for
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.calendar import week_start
from students.models import IEP

if TYPE_CHECKING:
    from django.http import HttpRequest

    from iep_portal.models import User
    from students.access import StudentAccess
    from students.caseload import CaseloadEntry


def _lines(
    requirements: list[ServiceRequirement], today: dt.date
) -> tuple[list[dict[str, Any]], list[status.Tracked]]:
    """Each line with its outlook and open plans, and every tracked plan of those lines.

    Queries: ledgers_for on fetched rows (3), outlooks_for (5), plans (1), their sessions (1).
    """
    ledgers = ledgers_for(requirements, today)
    outlooks = outlooks_for(ledgers, today)
    by_pk = {r.pk: r for r in requirements}
    plans = list(
        PlannedMakeup.objects.open().filter(requirement__in=list(by_pk)).order_by("target_date", "pk")
    )
    for plan in plans:
        plan.requirement = by_pk[plan.requirement_id]
    tracked = list(status.track(plans, today).values())
    lines = []
    for r in requirements:
        mine = [t for t in tracked if t.makeup.requirement_id == r.pk and t.is_open]
        outlook = outlooks[r.pk]
        if outlook.backlog.sessions or mine:
            lines.append({"requirement": r, "student": r.iep.student, "outlook": outlook, "open": mine})
    return lines, tracked


def my_day(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """The makeups this user planned or must deliver this week (and overdue ones), and the
    lines that still owe makeup sessions nobody has planned.

    Queries: the user's lines (1), then _lines (10): eleven, however many.
    """
    requirements = list(
        ServiceRequirement.objects.loggable_by(user).regular_year()
        .filter(start_date__lte=today, end_date__gte=today)
        .select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area")
    )
    if not requirements:
        return None
    lines, tracked = _lines(requirements, today)
    sunday = week_start(today) + dt.timedelta(days=6)
    this_week = [t for t in tracked if t.is_open and t.makeup.target_date <= sunday]
    done_this_week = [
        t
        for t in tracked
        if t.state == status.DONE and t.done_by is not None and week_start(today) <= t.done_by.date <= sunday
    ]
    unplanned = [line for line in lines if line["outlook"].unplanned]
    if not (this_week or unplanned or done_this_week):
        return None
    actions = [
        NextAction(f"Makeup session for {t.makeup.requirement.iep.student} — {t.makeup.requirement.area}, "
                   f"{t.makeup.minutes} min", reverse("makeups:line", args=[t.makeup.requirement_id]),
                   due=t.makeup.target_date, overdue=t.state == status.OVERDUE)
        for t in this_week
    ]
    if unplanned:
        sessions = sum(line["outlook"].unplanned for line in unplanned)
        actions.append(NextAction(
            f"Plan {sessions} owed makeup session{pluralize(sessions)} on {len(unplanned)} "
            f"service{pluralize(len(unplanned))}", "#makeups-owed"))
    return {
        "actions": actions,
        "today": today,
        "this_week": this_week,
        "done_this_week": done_this_week,
        "unplanned": unplanned,
        "overdue": sum(1 for t in this_week if t.state == status.OVERDUE),
    }


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """The student's lines that owe makeups or have makeups planned.

    Queries: the IEP's lines (1), then _lines (10).
    """
    if access.limited or access.iep is None or access.iep.status != IEP.Status.ACTIVE:
        return None
    today = timezone.localdate()
    requirements = list(
        ServiceRequirement.objects.regular_year().filter(iep=access.iep)
        .select_related("iep", "iep__student", "provider")
        .order_by("kind", "area")
    )
    lines, _tracked = _lines(requirements, today) if requirements else ([], [])
    if not lines:
        return None
    return {"student": access.student, "lines": lines, "today": today}
