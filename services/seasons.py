"""Which days does a service line count on: THE question, answered here for every line.

A school-year line counts the school's instructional days (students.school_days). A line of
another season, an extended-school-year line (34 CFR 300.106), counts the days of its own
summer calendar, which the app that keeps that calendar registers here (esy registers the
ESY sessions from its AppConfig.ready); services never knows that app. A season with no
calendar registered, or a school with none, counts no day and reports every weekday as
uncovered, so a missing calendar shows instead of reading as nothing owed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.ledger import REGULAR_DAYS_PER_WEEK
from students.calendar import SchoolDays
from students.school_days import school_days_for

if TYPE_CHECKING:
    from services.models import ServiceRequirement

REGULAR = "regular"


@dataclass(frozen=True)
class LineCalendar:
    """The days a line counts on and how many days a full week of that calendar has."""

    days: SchoolDays
    days_per_week: int = REGULAR_DAYS_PER_WEEK


# season -> (school ids -> each school's calendar for that season). Fixed queries per call.
CalendarSource = Callable[[set[int]], dict[int, LineCalendar]]
_SOURCES: dict[str, CalendarSource] = {}


def register_calendar(season: str, source: CalendarSource) -> None:
    if season == REGULAR:
        raise ValueError("The school year's calendar is the schools' own; register other seasons.")
    _SOURCES[season] = source


def calendars_by_school(season: str, school_ids: Iterable[int]) -> dict[int, LineCalendar]:
    """Each school's calendar for one season. Queries: calendars and closures (2)."""
    ids = set(school_ids)
    if season == REGULAR:
        return {pk: LineCalendar(days) for pk, days in school_days_for(ids).items()}
    source = _SOURCES.get(season)
    found = source(ids) if source else {}
    return {pk: found.get(pk) or LineCalendar(SchoolDays([])) for pk in ids}


def line_calendars(rows: Iterable[ServiceRequirement]) -> dict[int, LineCalendar]:
    """The calendar each line counts on, by line pk. `rows` are ServiceRequirements with
    `iep.student` loaded. Queries: 2 per season among the rows (2 for school-year lines
    alone, as before seasons existed), whatever the number of lines."""
    rows = list(rows)
    schools: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        schools[r.season].add(r.iep.student.school_id)
    by_season = {season: calendars_by_school(season, ids) for season, ids in schools.items()}
    return {r.pk: by_season[r.season][r.iep.student.school_id] for r in rows}
