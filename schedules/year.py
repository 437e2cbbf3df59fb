"""A school year as the calendar page shows it, and what an import would change in it.

`year_view` reads one calendar in a fixed number of queries and lays it out as month grids
(Monday to Friday; weekends never meet): each day instructional, closed, an early release or
outside the year, with its rotation letter. `preview` compares the calendar as it stands
with the calendar an import plan would leave: days added and removed, letters that move,
and every registered calendar effect (students.calendar_effects), before anything is written.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass, field

from schedules import rotation
from schedules.calendar_import import CalendarState, Plan
from schedules.models import DayOverride, DayPattern, EarlyRelease, RotationAnchor
from students.calendar import InstructionalCalendar, SchoolDays
from students.calendar_effects import CalendarEffect, DayChange, day_changes, effects_of
from students.models import Closure, SchoolCalendar

INSTRUCTIONAL, CLOSED, EARLY, OUTSIDE = "instructional", "closed", "early", "outside"


@dataclass(frozen=True)
class Day:
    date: dt.date
    state: str
    letter: str | None = None
    note: str = ""  # the closure's reason, "Out 120 min early: Conferences"
    overridden: bool = False


@dataclass(frozen=True)
class Month:
    first: dt.date
    weeks: list[list[Day | None]]  # Monday to Friday; None before the 1st and after the last
    instructional: int


@dataclass
class YearView:
    calendar: SchoolCalendar
    pattern: DayPattern | None
    months: list[Month]
    closures: list[Closure]
    early_releases: list[EarlyRelease]
    overrides: list[DayOverride]
    instructional: int = 0


@dataclass(frozen=True)
class _Rows:
    pattern: DayPattern | None
    closures: list[Closure]
    early: list[EarlyRelease]
    overrides: list[DayOverride]
    anchors: list[tuple[dt.date, str]]


def _rows(calendar: SchoolCalendar) -> _Rows:
    """Queries: day pattern (1), closures (1), early releases (1), overrides (1), anchors (1)."""
    return _Rows(
        pattern=DayPattern.objects.filter(school=calendar.school_id).first(),
        closures=list(Closure.objects.filter(calendar=calendar).order_by("date")),
        early=list(EarlyRelease.objects.filter(calendar=calendar).order_by("date")),
        overrides=list(DayOverride.objects.filter(calendar=calendar).order_by("day")),
        anchors=list(RotationAnchor.objects.filter(calendar=calendar).order_by("day")
                     .values_list("day", "letter")),
    )


def _rotation(calendar: SchoolCalendar, rows: _Rows, closures: frozenset[dt.date],
              overrides: dict[dt.date, str]) -> rotation.Rotation:
    pattern = rows.pattern.value() if rows.pattern else rotation.EVERY_DAY_PATTERN
    cal = InstructionalCalendar(calendar.start_date, calendar.end_date, closures)
    return rotation.Rotation(pattern, [cal], anchors=rows.anchors, overrides=overrides)


def year_view(calendar: SchoolCalendar) -> YearView:
    """The calendar's months. Queries: as `_rows` (5), whatever the number of closures."""
    rows = _rows(calendar)
    closed = {c.date: c for c in rows.closures}
    early = {e.date: e for e in rows.early}
    overrides = {o.day: o.letter for o in rows.overrides}
    rot = _rotation(calendar, rows, frozenset(closed), overrides)
    months: list[Month] = []
    first = calendar.start_date.replace(day=1)
    total = 0
    while first <= calendar.end_date:
        weeks: list[list[Day | None]] = []
        count = 0
        for week in stdlib_calendar.Calendar().monthdatescalendar(first.year, first.month):
            cells: list[Day | None] = []
            for d in week[:5]:
                if d.month != first.month:
                    cells.append(None)
                elif not calendar.start_date <= d <= calendar.end_date:
                    cells.append(Day(d, OUTSIDE))
                elif d in closed:
                    c = closed[d]
                    cells.append(Day(d, CLOSED, note=c.reason or c.get_kind_display()))
                else:
                    count += 1
                    e = early.get(d)
                    note = f"Out {e.minutes} min early{': ' + e.reason if e.reason else ''}" if e else ""
                    state = EARLY if e else INSTRUCTIONAL
                    cells.append(Day(d, state, rot.letter_of(d), note, d in overrides))
            # A week wholly before the first day or after the last is left out.
            if any(c is not None and c.state != OUTSIDE for c in cells):
                weeks.append(cells)
        months.append(Month(first, weeks, count))
        total += count
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return YearView(calendar, rows.pattern, months, rows.closures, rows.early, rows.overrides, total)


@dataclass(frozen=True)
class LetterShift:
    date: dt.date
    before: str
    after: str


@dataclass
class Preview:
    plan: Plan
    days: DayChange
    shifts: list[LetterShift] = field(default_factory=list)
    effects: list[CalendarEffect] = field(default_factory=list)


def preview(calendar: SchoolCalendar, state: CalendarState, plan: Plan) -> Preview:
    """What `plan` would change, computed from the calendar in memory: nothing is written.
    Queries: as `_rows` (5) plus each registered effect's own fixed number."""
    rows = _rows(calendar)
    before_closures = frozenset(state.closures)
    after_closures = plan.closures_after(state.closures)
    before_overrides = dict(state.overrides)
    after_overrides = {d: x for d, x in before_overrides.items() if d not in after_closures}
    after_overrides.update({r.date: r.letter for r in plan.letters_set})
    school = calendar.school_id
    start, end = calendar.start_date, calendar.end_date
    before = {school: SchoolDays([InstructionalCalendar(start, end, before_closures)])}
    after = {school: SchoolDays([InstructionalCalendar(start, end, after_closures)])}
    old_rot = _rotation(calendar, rows, before_closures, before_overrides)
    new_rot = _rotation(calendar, rows, after_closures, after_overrides)
    shifts = []
    for d in after[school].days(start, end):
        old, new = old_rot.letter_of(d), new_rot.letter_of(d)
        if old is not None and new is not None and old != new:
            shifts.append(LetterShift(d, old, new))
    return Preview(
        plan=plan,
        days=day_changes([school], before, after, start, end)[0],
        shifts=shifts,
        effects=effects_of([school], before, after, start, end),
    )
