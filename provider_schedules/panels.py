"""The schedule's panel on My day: today's sessions in time order, each not yet logged a next
action that opens its one-tap log. Fixed query count."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from iep_portal.panels import NextAction
from iep_portal.timefmt import format_time
from provider_schedules.queries import sessions_on
from services.models import ServiceSession

if TYPE_CHECKING:
    from iep_portal.models import User
    from students.caseload import CaseloadEntry


def my_day(user: User, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """Nothing for someone without a schedule.

    Queries: the schedule (sessions_on: 1 without a schedule, 3 with one, 6 when a plan
    follows day letters), then the entries of today's scheduled lines (1, only when there
    are sessions today).
    """
    sessions = sessions_on(user, today)
    if sessions is None:
        return None
    pks = {r.pk for s in sessions for r in s.requirements}
    logged = set(
        ServiceSession.objects.effective().filter(requirement__in=pks, date=today)
        .values_list("requirement_id", flat=True)
    ) if pks else set()
    done = {s.plan.pk for s in sessions if all(r.pk in logged for r in s.requirements)}
    rows = [{"session": s, "logged": s.plan.pk in done} for s in sessions]
    actions = [
        NextAction(f"{format_time(s.plan.start_time)} {s.label}", s.log_url,
                   detail=f"{s.plan.minutes} min · scheduled")
        for s in sessions if s.plan.pk not in done
    ]
    return {"today": today, "sessions": rows, "actions": actions}
