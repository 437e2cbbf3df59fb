"""Which day of a school's rotation a date is, and whether a class meets on it (no queries).

A school's days follow one pattern: every day alike (no letters), a rotation of N day
letters (A/B days, days 1 to 6), or a letter per weekday (block Wednesdays and Thursdays).
A rotation counts the school's days from an anchor (a day and its letter; without one, the
calendar's first day is the first letter), each calendar (school year) on its own. By
default it counts instructional days, so a closure consumes no letter: Friday's B follows
Thursday's A even when Wednesday was a snow day. A school may say closures consume their
letter instead (it counts every weekday of the school year). An override names one day's
letter ("Tuesday Dec 8 is a B day") and leaves the count of every other day as it was; a
later anchor restarts the count from its day.

A class with no meeting rows meets every instructional day, as before schedules existed.
The queries feeding these values live in `schedules/queries.py`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from students.calendar import REGULAR_WEEKDAYS, InstructionalCalendar

EVERY_DAY = "every_day"
ROTATION = "rotation"
WEEKLY = "weekly"


@dataclass(frozen=True)
class Pattern:
    """A school's day pattern as a value: `kind` is EVERY_DAY, ROTATION or WEEKLY (then
    `letters` holds Monday's to Friday's letter)."""

    kind: str = EVERY_DAY
    letters: tuple[str, ...] = ()
    closures_consume_letters: bool = False


EVERY_DAY_PATTERN = Pattern()


class Rotation:
    """The letter of each day of one school, across its calendars.

    `anchors` are (day, letter) pairs; `overrides` map a day to its letter. Anchors and
    overrides whose letter is not in the pattern are ignored (the models refuse them).
    """

    def __init__(
        self,
        pattern: Pattern,
        calendars: Iterable[InstructionalCalendar],
        *,
        anchors: Iterable[tuple[dt.date, str]] = (),
        overrides: Mapping[dt.date, str] | None = None,
    ) -> None:
        self.pattern = pattern
        self._calendars = sorted(calendars, key=lambda c: c.start)
        self._starts = [c.start for c in self._calendars]
        self._instructional = {d for c in self._calendars for d in c.days(c.start, c.end)}
        letters = set(pattern.letters)
        self._overrides = MappingProxyType({d: x for d, x in (overrides or {}).items() if x in letters})
        # Per calendar: the days the rotation counts, sorted, and its anchors, sorted.
        self._counted: dict[dt.date, list[dt.date]] = {}
        self._anchors: dict[dt.date, list[tuple[dt.date, str]]] = {}
        if pattern.kind != ROTATION:
            return
        for cal in self._calendars:
            if pattern.closures_consume_letters:
                counted = [d for d in _dates(cal.start, cal.end) if d.weekday() in REGULAR_WEEKDAYS]
            else:
                counted = list(cal.days(cal.start, cal.end))
            self._counted[cal.start] = counted
            self._anchors[cal.start] = sorted(
                (d, x) for d, x in anchors if cal.start <= d <= cal.end and x in letters
            )

    def is_instructional(self, day: dt.date) -> bool:
        return day in self._instructional

    def letter_of(self, day: dt.date) -> str | None:
        """The day's letter; None on a day school does not meet, and on every day of a
        school whose days are all alike."""
        if day not in self._instructional:
            return None
        if day in self._overrides:
            return self._overrides[day]
        kind, letters = self.pattern.kind, self.pattern.letters
        if kind == WEEKLY and len(letters) == len(REGULAR_WEEKDAYS):
            return letters[day.weekday()]
        if kind != ROTATION or not letters:
            return None
        cal = self._calendar_of(day)
        counted, anchors = self._counted[cal.start], self._anchors[cal.start]
        # The latest anchor on or before the day; before the first anchor, count back from it.
        i = bisect.bisect_right(anchors, (day, "\uffff"))
        if anchors:
            anchor_day, anchor_letter = anchors[i - 1] if i else anchors[0]
        else:
            anchor_day, anchor_letter = cal.start, letters[0]
        steps = bisect.bisect_left(counted, day) - bisect.bisect_left(counted, anchor_day)
        return letters[(letters.index(anchor_letter) + steps) % len(letters)]

    def school_days(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str | None]]:
        """Each instructional day from start to end (both included) with its letter."""
        return [(d, self.letter_of(d)) for d in _dates(start, end) if d in self._instructional]

    def _calendar_of(self, day: dt.date) -> InstructionalCalendar:
        return self._calendars[bisect.bisect_right(self._starts, day) - 1]


@dataclass(frozen=True)
class Meeting:
    """A class meets in `period` (a name; None when unknown) on the days whose letter is in
    `letters`; empty `letters` means every day."""

    period: str | None = None
    letters: frozenset[str] = field(default_factory=frozenset)

    def on(self, letter: str | None) -> bool:
        # A school without letters has every class meet every day, whatever its rows say.
        return letter is None or not self.letters or letter in self.letters


@dataclass(frozen=True)
class SectionSchedule:
    """One class's meetings, with its school's rotation. No meetings: every instructional day."""

    rotation: Rotation
    meetings: tuple[Meeting, ...] = ()


def meets(schedule: SectionSchedule, day: dt.date) -> bool:
    """Whether the class meets on `day`: only on instructional days, and then on the days
    one of its meetings names (every day when it has none)."""
    if not schedule.rotation.is_instructional(day):
        return False
    if not schedule.meetings:
        return True
    letter = schedule.rotation.letter_of(day)
    return any(m.on(letter) for m in schedule.meetings)


def periods_on(schedule: SectionSchedule, day: dt.date) -> list[str]:
    """The names of the periods the class meets in on `day`, in its meetings' order."""
    if not schedule.rotation.is_instructional(day):
        return []
    letter = schedule.rotation.letter_of(day)
    return [m.period for m in schedule.meetings if m.period and m.on(letter)]


def meeting_days(
    schedule: SectionSchedule, start: dt.date, end: dt.date,
    school_days: list[tuple[dt.date, str | None]] | None = None,
) -> list[dt.date]:
    """The days from start to end (both included) the class meets, oldest first.
    `school_days` is `schedule.rotation.school_days(start, end)` when the caller has it (one
    school's classes share it)."""
    if school_days is None:
        school_days = schedule.rotation.school_days(start, end)
    if not schedule.meetings:
        return [d for d, _ in school_days]
    return [d for d, letter in school_days if any(m.on(letter) for m in schedule.meetings)]


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
