"""Which service lines a provider has scheduled on a day: a registry the services pages read.

Services knows nothing of timetables. An app above it that keeps providers' recurring
sessions (provider_schedules) registers one source; "Due today" and the session log form ask
it. A source returns None for a provider who keeps no schedule: then every service line
stays due as before (a daily line each school day, a weekly or monthly one until its
minutes are met). Otherwise it returns that day's scheduled sessions, in time order.

A source must run a fixed number of queries however many lines or sessions there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass(frozen=True)
class ScheduledSession:
    """One planned session on one day: a single student's line or a group's lines together.

    `label` names it for the provider ("Tue 10:00 · Articulation group, 3 students");
    `log_url`, when set, is the page that logs the whole group in one tap.
    """

    label: str
    start: dt.time | None
    minutes: int
    requirement_pks: tuple[int, ...]
    log_url: str | None = None


ScheduleSource = Callable[["User", dt.date], "list[ScheduledSession] | None"]

_SOURCES: list[ScheduleSource] = []


def register_schedule_source(source: ScheduleSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def unregister_schedule_source(source: ScheduleSource) -> None:
    """Forget a source (tests register a fake timetable and remove it after; apps never call
    this: a source registered from an AppConfig stays for the process)."""
    if source in _SOURCES:
        _SOURCES.remove(source)


def scheduled_for(user: User, day: dt.date) -> list[ScheduledSession] | None:
    """The sessions `user` has scheduled on `day`, or None when no source keeps a schedule
    for them (the services pages then treat every line as due, as without timetables)."""
    found: list[ScheduledSession] | None = None
    for source in _SOURCES:
        sessions = source(user, day)
        if sessions is not None:
            found = (found or []) + sessions
    if found is None:
        return None
    return sorted(found, key=lambda s: (s.start is None, s.start or dt.time.min, s.label))
