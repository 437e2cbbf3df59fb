"""Which days an extended-school-year line counts on: its school's ESY sessions.

Registered with services.seasons for the ESY season, so the one ledger (services
.ledger_queries.ledgers_for), the session log's school-day check and the lateness rules
count an ESY line on these days and nothing else, and a school-year line never on them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from esy.models import EsyClosure, EsySession
from services.seasons import LineCalendar
from students.calendar import InstructionalCalendar, SchoolDays


def _summer(session: EsySession) -> int:
    return session.end_date.year


def sessions_by_school(school_ids: Iterable[int]) -> dict[int, list[EsySession]]:
    """Each school's ESY sessions, oldest first: its own, and for a summer in which it has
    none, the district's. Queries: sessions (1), whatever the number of schools."""
    ids = set(school_ids)
    sessions = list(EsySession.objects.filter(Q(school__in=ids) | Q(school__isnull=True))
                    .order_by("start_date", "pk"))
    district = [s for s in sessions if s.school_id is None]
    found: dict[int, list[EsySession]] = {}
    for school_id in ids:
        own = [s for s in sessions if s.school_id == school_id]
        summers = {_summer(s) for s in own}
        found[school_id] = sorted(own + [s for s in district if _summer(s) not in summers],
                                  key=lambda s: s.start_date)
    return found


def esy_calendars(school_ids: set[int]) -> dict[int, LineCalendar]:
    """The ESY days of each school, for services.seasons. A full week has as many days as the
    latest session meets (a Monday-to-Thursday session: 4). Queries: sessions (1), closures
    (1)."""
    per_school = sessions_by_school(school_ids)
    used = {s.pk for sessions in per_school.values() for s in sessions}
    closures: dict[int, set[dt.date]] = defaultdict(set)
    for session_id, day in EsyClosure.objects.filter(session__in=used).values_list("session_id", "date"):
        closures[session_id].add(day)
    found: dict[int, LineCalendar] = {}
    for school_id, sessions in per_school.items():
        calendars: list[InstructionalCalendar] = [s.instructional(closures[s.pk]) for s in sessions]
        found[school_id] = LineCalendar(
            days=SchoolDays(calendars),
            days_per_week=len(sessions[-1].weekdays) if sessions else 5,
        )
    return found


def session_on(sessions: list[EsySession], day: dt.date) -> EsySession | None:
    """The session whose dates hold `day`, if any."""
    return next((s for s in sessions if s.start_date <= day <= s.end_date), None)
