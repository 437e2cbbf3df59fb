"""Owed backlog and this week's pace for many service lines at once, in a fixed number of queries.

Every page, reminder and digest that says what a line owes back or what is left this week
calls `outlooks_for`, so they all say the same ("owed: 4 makeup sessions of 30 min (120 min),
1 planned" and "this week: 2 sessions left"; the wording is services.ledger's).

How many makeups are planned belongs to an app above this one (makeups): it registers a
counter here from its AppConfig.ready(), so this app never imports it. Without a counter
the planned count is left out of the wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from django.db.models import Count

from services import ledger
from services.ledger_queries import RequirementLedger
from services.models import ServiceSession
from services.seasons import LineCalendar, line_calendars
from students.calendar import SchoolDays, week_start

# requirement ids, today -> open (planned, not done, not cancelled) makeups per requirement.
PlannedCounter = Callable[[Collection[int], dt.date], Mapping[int, int]]
# requirement id -> the page where its makeups are planned.
PlanUrl = Callable[[int], str]


@dataclass(frozen=True)
class _Planner:
    count: PlannedCounter
    url: PlanUrl


_PLANNER: list[_Planner] = []


def register_planner(*, count: PlannedCounter, url: PlanUrl) -> None:
    """One app plans makeups; registering again replaces it."""
    _PLANNER[:] = [_Planner(count=count, url=url)]


def plan_url(requirement_id: int) -> str | None:
    """The page where this line's makeups are planned, if an app plans them."""
    return _PLANNER[0].url(requirement_id) if _PLANNER else None


@dataclass(frozen=True)
class Outlook:
    """A line's owed backlog (with the makeups planned for it) and this week's pace."""

    backlog: ledger.Backlog
    planned: int | None
    week: ledger.WeekPace

    @property
    def owed_text(self) -> str:
        return self.backlog.describe(self.planned)

    @property
    def week_text(self) -> str:
        return self.week.describe()

    @property
    def unplanned(self) -> int:
        """Owed makeup sessions with no makeup planned for them yet."""
        return max(0, self.backlog.sessions - (self.planned or 0))


def held_this_week(requirement_ids: Collection[int], today: dt.date) -> dict[int, int]:
    """Sessions logged this week up to today that took a scheduled slot (delivered or
    missed; makeups are extra), per requirement, counted as every figure counts them
    (ServiceSession.objects.counted()). One query."""
    if not requirement_ids:
        return {}
    rows = (
        ServiceSession.objects.counted()
        .filter(requirement__in=list(requirement_ids), date__gte=week_start(today), date__lte=today)
        .exclude(status=ServiceSession.Status.MAKEUP)
        .values("requirement_id")
        .annotate(n=Count("pk"))
        .values_list("requirement_id", "n")
        .order_by()
    )
    return dict(rows)


def outlooks_for(
    entries: Mapping[int, RequirementLedger],
    today: dt.date,
    days: Mapping[int, SchoolDays] | None = None,
) -> dict[int, Outlook]:
    """The Outlook of each line in `entries` (what ledger_queries.ledgers_for returns for
    `today`), keyed like it.

    Queries: calendars and closures (2, none when `days` per school is given for school-year
    lines; each line's calendar is services.seasons.line_calendars'), sessions
    held this week (1), planned makeups (the registered counter's: for makeups 1, and 2
    once any of these lines has a makeup planned); none at all for no entries.
    """
    if not entries:
        return {}
    calendars = (line_calendars(e.requirement for e in entries.values()) if days is None else
                 {pk: LineCalendar(days[e.requirement.iep.student.school_id]) for pk, e in entries.items()})
    held = held_this_week(list(entries), today)
    planned = _PLANNER[0].count(list(entries), today) if _PLANNER else None
    found = {}
    for pk, entry in entries.items():
        calendar = calendars[pk]
        service = entry.requirement.as_service(days_per_week=calendar.days_per_week)
        school_days = calendar.days
        found[pk] = Outlook(
            backlog=ledger.backlog(entry.ledger.owed, service),
            planned=None if planned is None else planned.get(pk, 0),
            week=ledger.sessions_left_this_week(service, school_days, held.get(pk, 0), today),
        )
    return found
