"""What a change to a school's calendar does to the figures other apps compute from it.

A calendar decides how many minutes a weekly or daily service owes, and which days a
check-off is expected, so no one should change one blind. The calendar pages and the roster
import show a preview before they write: days added and removed, and each registered
effect, before and after. The areas that count days register their effect from their
AppConfig.ready():

    from students.calendar_effects import register_calendar_effect
    register_calendar_effect("minutes", expected_minutes_effect)

where `effect(school_ids, before, after, start, end) -> list[CalendarEffect]` compares the
figure over the days from start to end under the calendars before and after the change,
for each school given (`before` and `after` map school id to `SchoolDays`), in a fixed
number of queries however many schools and lines there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from students.calendar import SchoolDays


@dataclass(frozen=True)
class CalendarEffect:
    school_id: int
    label: str  # "Expected service minutes"
    before: int
    after: int
    unit: str = "minutes"
    detail: str = ""  # "12 service lines", "3 classes"

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class DayChange:
    school_id: int
    added: tuple[dt.date, ...]  # days that become instructional
    removed: tuple[dt.date, ...]  # days that stop being instructional


Effect = Callable[[set[int], Mapping[int, SchoolDays], Mapping[int, SchoolDays], dt.date, dt.date],
                  list[CalendarEffect]]

_EFFECTS: dict[str, Effect] = {}


def register_calendar_effect(name: str, effect: Effect) -> None:
    _EFFECTS[name] = effect


def day_changes(
    school_ids: Iterable[int], before: Mapping[int, SchoolDays], after: Mapping[int, SchoolDays],
    start: dt.date, end: dt.date,
) -> list[DayChange]:
    """Per school, the instructional days a change adds and removes between start and end."""
    changes = []
    for school_id in sorted(set(school_ids)):
        old = set(before[school_id].days(start, end)) if school_id in before else set()
        new = set(after[school_id].days(start, end)) if school_id in after else set()
        changes.append(DayChange(school_id, tuple(sorted(new - old)), tuple(sorted(old - new))))
    return changes


def effects_of(
    school_ids: Iterable[int], before: Mapping[int, SchoolDays], after: Mapping[int, SchoolDays],
    start: dt.date, end: dt.date,
) -> list[CalendarEffect]:
    """Every registered effect of replacing `before` with `after`, by school then label."""
    ids = set(school_ids)
    found: list[CalendarEffect] = []
    for name in sorted(_EFFECTS):
        found.extend(_EFFECTS[name](ids, before, after, start, end))
    return sorted(found, key=lambda e: (e.school_id, e.label))
