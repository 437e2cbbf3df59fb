"""ESY on the student page (the decision in force, the ESY lines) and on My day (ESY
sessions due today, during the session only). Fixed query counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from esy.models import EsyDecision
from esy.queries import esy_ledgers
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from students.calendar import describe_through, figures_through

if TYPE_CHECKING:
    from django.http import HttpRequest

    from iep_portal.models import User
    from students.access import StudentAccess
    from students.caseload import CaseloadEntry


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: the current decision (1), the ESY lines (1)."""
    if access.limited or access.iep is None:
        return None
    current = EsyDecision.objects.current_for([access.iep.pk]).get(access.iep.pk)
    lines = list(ServiceRequirement.objects.extended_year().filter(iep=access.iep)
                 .select_related("provider").order_by("start_date", "area"))
    return {"student": access.student, "current": current, "lines": lines,
            "can_decide": access.can("decide_esy")}


def my_day(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """The ESY lines this user delivers whose session meets today, with their ESY minutes.
    Nothing outside the ESY session. Queries: the lines (1), then on an ESY day esy_ledgers
    (sessions, closures, minutes: 3) and sessions counted today (1), however many lines."""
    co_provides = ServiceCoProvider.objects.filter(requirement=OuterRef("pk"), user=user,
                                                   removed_at__isnull=True)
    lines = list(
        ServiceRequirement.objects.loggable_by(user).extended_year()
        .filter(start_date__lte=today, end_date__gte=today)
        .filter(Q(provider=user) | Q(Exists(co_provides)))
        .select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area")
    )
    if not lines:
        return None
    through = figures_through(today)
    found = esy_ledgers(lines, through, school_day_on=today)
    meeting = [r for r in lines if found[r.pk].school_day]
    if not meeting:
        return None
    logged = set(ServiceSession.objects.counted().filter(requirement__in=[r.pk for r in meeting], date=today)
                 .values_list("requirement_id", flat=True))
    rows = [{"requirement": r, "student": r.iep.student, "ledger": found[r.pk].ledger,
             "logged_today": r.pk in logged} for r in meeting]
    return {"rows": rows, "due": [row for row in rows if not row["logged_today"]],
            "through": describe_through(through), "today": today}
