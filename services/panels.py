"""The services panels on My day and on the student page. Fixed query counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from services.backlog_queries import Outlook, outlooks_for
from services.ledger_queries import ledgers_for
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from services.scheduled import scheduled_for
from students.calendar import describe_through, figures_through
from students.models import IEP

if TYPE_CHECKING:
    from django.http import HttpRequest

    from iep_portal.models import User
    from services.ledger import Ledger
    from students.access import StudentAccess
    from students.caseload import CaseloadEntry
    from students.models import Student


WAITING_SHOWN = 5


class _MyDayRow(TypedDict):
    requirement: ServiceRequirement
    student: Student
    ledger: Ledger
    outlook: Outlook
    logged_today: bool
    due_today: bool
    scheduled_today: bool


def my_day(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """Today's expected sessions and every service line this user delivers, with its minutes.

    Due today: for someone who keeps a schedule (services.scheduled.scheduled_for returns a
    list), the lines scheduled today and the lines that owe makeup sessions; a line with
    nothing today (a monthly consult on another day) stays in the caseload, not due. Without
    a schedule, a daily line is due each school day and a weekly or monthly one while this
    week still has sessions left.

    Queries: requirements (1), calendars (1), closures (1), session minutes (1), sessions
    counted today (1), entries waiting for this user's confirmation (1), then outlooks_for
    (calendars, closures, sessions held this week, planned makeups: 4, and 5 once a makeup is
    planned), then the schedule (the registered source's: 1 without a schedule, 3 with one,
    6 when a plan follows day letters) — eleven without a schedule, however many students
    or sessions.
    """
    # The lines this person delivers (as provider or co-provider). A case manager may also
    # log her students' speech or OT on the provider's behalf, but those are not her work
    # today: My students lists them (services.caseload_overview).
    co_provides = ServiceCoProvider.objects.filter(
        requirement=OuterRef("pk"), user=user, removed_at__isnull=True)
    requirements = list(
        ServiceRequirement.objects.loggable_by(user).regular_year()
        .filter(start_date__lte=today)
        .filter(Q(provider=user) | Q(Exists(co_provides)))
        .select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area")
    )
    if not requirements:
        return None
    through = figures_through(today)  # minutes and pace stop at yesterday, like every figure
    ledgers = ledgers_for(requirements, through, school_day_on=today)
    # This week's sessions left counts what was held up to today, today's entries included.
    outlooks = outlooks_for(ledgers, today)
    # Done today means counted today: a pending entry (logged on someone's behalf, or not
    # yet certified) leaves the session due until its provider confirms it.
    logged_today = set(
        ServiceSession.objects.counted()
        .filter(requirement__in=[r.pk for r in requirements], date=today)
        .values_list("requirement_id", flat=True)
    )
    waiting = list(
        ServiceSession.objects.awaiting_confirmation_by(user)
        .select_related("student", "requirement", "logged_by").order_by("date", "pk")[:WAITING_SHOWN + 1]
    )
    scheduled = scheduled_for(user, today)
    on_schedule = None if scheduled is None else {pk for s in scheduled for pk in s.requirement_pks}
    rows: list[_MyDayRow] = []
    for r in requirements:
        service = r.as_service()
        if service.end < today:
            continue
        led = ledgers[r.pk].ledger
        in_service = service.start <= today and ledgers[r.pk].school_day
        outlook = outlooks[r.pk]
        if on_schedule is None:
            # No timetable: a daily service is due every school day; a weekly or monthly
            # one is due today while its schedule still has sessions left this week.
            expected = r.period == ServiceRequirement.Period.DAY or outlook.week.left > 0
        else:
            # A timetable: what is scheduled today, plus what must be made up.
            expected = r.pk in on_schedule or outlook.backlog.sessions > 0
        rows.append({
            "requirement": r, "student": r.iep.student, "ledger": led, "outlook": outlook,
            "logged_today": r.pk in logged_today,
            "due_today": in_service and r.pk not in logged_today and expected,
            "scheduled_today": on_schedule is not None and r.pk in on_schedule,
        })
    return {
        "today": today, "through": describe_through(through),
        "rows": rows, "due": [row for row in rows if row["due_today"]],
        # Today's timetable (None: this person keeps none), each session with its one-tap log.
        "scheduled": scheduled,
        # Behind first and open; the rest folded away, so a long caseload stays short on a phone.
        "behind_rows": [row for row in rows if row["ledger"].pace == "behind"],
        "other_rows": [row for row in rows if row["ledger"].pace != "behind"],
        "owed_total": sum(row["ledger"].owed for row in rows),
        "owed_sessions": sum(row["outlook"].backlog.sessions for row in rows),
        "owed_lines": sum(1 for row in rows if row["outlook"].backlog.sessions),
        "behind": sum(1 for row in rows if row["ledger"].pace == "behind"),
        "waiting": waiting[:WAITING_SHOWN], "more_waiting": len(waiting) > WAITING_SHOWN,
    }


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """The student's services at a glance, linking to the full services page.

    Queries: requirements (1), calendars (1), closures (1), session minutes (1), then
    outlooks_for (4, and 5 once a makeup is planned).
    """
    if access.limited or access.iep is None:
        return None
    today = timezone.localdate()
    # This IEP's services and those of the IEP it superseded, by key: an OR across the join
    # made PostgreSQL scan every requirement in the district.
    ieps = [pk for pk in (access.iep.pk, access.iep.supersedes_id) if pk is not None]
    requirements = ServiceRequirement.objects.regular_year().filter(
        iep__in=ieps, end_date__gte=access.iep.start_date
    ).exclude(iep__status=IEP.Status.DRAFT).order_by("kind", "area")
    iep_pk = access.iep.pk
    through = figures_through(today)
    found = ledgers_for(requirements, through)
    outlooks = outlooks_for(found, today)
    ledgers = sorted(found.values(), key=lambda x: (x.requirement.iep_id != iep_pk, x.requirement.area))
    rows = [{"requirement": x.requirement, "ledger": x.ledger, "outlook": outlooks[x.requirement.pk]}
            for x in ledgers]
    return {"student": access.student, "ledgers": rows, "today": today,
            "through": describe_through(through)}
