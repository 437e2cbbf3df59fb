"""Is a manifestation determination due, by when, and is it held or scheduled (34 CFR 300.530(e)).

The one function every page and reminder asks. The rule:

- A change of placement is more than 10 school days of removal in the school year, counted
  as `behavior.removal_days` counts them, over every removal recorded for the school year,
  including days recorded ahead (a suspension imposed today for next week is decided today).
- The decision to change placement is taken on the earlier of the school day whose removal
  takes the count past 10 and the day that removal was recorded: an administrator records a
  suspension when imposing it, so a suspension recorded ahead is decided on its recording day.
- The meeting is due within 10 school days of the decision: the 10th school day after it on
  the student's calendar (the decision day not counted). Past the school calendars (a summer
  with no next calendar yet) every weekday counts, so the date is never later than the law's.
- The meeting is a "Manifestation determination" meeting of the student's plan dated on or
  after the decision, not cancelled: the held one if there is one, else the earliest scheduled.
- One determination a school year: the first change of placement. A later removal after it
  is the team's call, not the product's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from behavior.models import Removal
from behavior.removal_days import RemovalRow, counted_days, is_change_of_placement, school_year_bounds
from meetings.models import Meeting
from students.calendar import REGULAR_WEEKDAYS, SchoolDays
from students.models import Student
from students.school_days import school_days_for

DUE_WITHIN_SCHOOL_DAYS = 10


@dataclass(frozen=True)
class ManifestationDetermination:
    """A manifestation determination that is due: the decision, the deadline, the meeting."""

    decided_on: dt.date
    due_by: dt.date
    meeting: Meeting | None

    @property
    def held(self) -> bool:
        return self.meeting is not None and self.meeting.status == Meeting.Status.HELD

    @property
    def scheduled(self) -> bool:
        return self.meeting is not None and self.meeting.status == Meeting.Status.SCHEDULED

    @property
    def in_time(self) -> bool:
        """Held, or scheduled, on or before the due date."""
        return self.meeting is not None and self.meeting.date <= self.due_by

    def needs_scheduling(self, today: dt.date) -> bool:
        """Not held, and no meeting on the calendar by the due date (or the due date passed)."""
        if self.held:
            return False
        return not self.in_time or today > self.due_by

    def late(self, today: dt.date) -> bool:
        return not self.held and today > self.due_by


def nth_school_day_after(days: SchoolDays, day: dt.date, n: int) -> dt.date:
    """The n-th school day after `day` (not counted), on a school's calendars; where no
    calendar covers the year, every regular weekday counts."""
    found = 0
    while found < n:
        day += dt.timedelta(days=1)
        if days.is_instructional(day) if days.covers(day) else day.weekday() in REGULAR_WEEKDAYS:
            found += 1
    return day


def decision_day(rows: list[tuple[RemovalRow, dt.date]], days: SchoolDays, as_of: dt.date) -> dt.date | None:
    """The rule above on plain values: (removal row, the day it was recorded) pairs of one
    student's school year. None when the removals stay at 10 school days or fewer."""
    _first, last = school_year_bounds(as_of)
    total = Decimal(0)
    for day, counted in counted_days([row for row, _ in rows], days, last).items():
        total += counted
        if is_change_of_placement(total):
            recorded = min(on for row, on in rows if row[0] == day)
            return min(day, recorded)
    return None


def _at_most(rows: list[tuple[RemovalRow, dt.date]]) -> Decimal:
    """What the rows could count at most, were every one of them on a school day."""
    per_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for (day, _setting, portion, _continued), _on in rows:
        per_day[day] = min(Decimal(1), per_day[day] + portion)
    return sum(per_day.values(), Decimal(0))


def manifestation_determinations_for(
    students: list[Student], today: dt.date
) -> dict[int, ManifestationDetermination | None]:
    """Each student's manifestation determination this school year, or None when none is due.
    Queries: removals (1), then calendars and closures (2) and meetings (1) only when some
    student's removals could be more than 10 days, whatever the number of students."""
    first, last = school_year_bounds(today)
    rows: dict[int, list[tuple[RemovalRow, dt.date]]] = defaultdict(list)
    for student_id, day, setting, portion, continued, recorded_at in Removal.objects.filter(
        student__in=[s.pk for s in students], date__gte=first, date__lte=last
    ).values_list("student_id", "date", "setting", "portion", "services_continued", "recorded_at"):
        rows[student_id].append(((day, setting, portion, continued), timezone.localdate(recorded_at)))
    # Only a student whose rows could count more than 10 days needs the calendar read.
    possible = [s for s in students if rows[s.pk] and is_change_of_placement(_at_most(rows[s.pk]))]
    decided: dict[int, dt.date] = {}
    by_school: dict[int, SchoolDays] = {}
    if possible:
        by_school = school_days_for({s.school_id for s in possible})
        for s in possible:
            on = decision_day(rows[s.pk], by_school[s.school_id], today)
            if on is not None:
                decided[s.pk] = on
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    if decided:
        for meeting in (
            Meeting.objects.current()
            .filter(kind=Meeting.Kind.MANIFESTATION, iep__student__in=list(decided),
                    date__gte=min(decided.values()))
            .select_related("iep")
            .order_by("date", "start_time")
        ):
            meetings[meeting.iep.student_id].append(meeting)
    found: dict[int, ManifestationDetermination | None] = {}
    for s in students:
        if s.pk not in decided:
            found[s.pk] = None
            continue
        on = decided[s.pk]
        candidates = [m for m in meetings[s.pk] if m.date >= on]
        held = [m for m in candidates if m.status == Meeting.Status.HELD]
        found[s.pk] = ManifestationDetermination(
            decided_on=on,
            due_by=nth_school_day_after(by_school[s.school_id], on, DUE_WITHIN_SCHOOL_DAYS),
            meeting=next(iter(held or candidates), None),
        )
    return found


def manifestation_determination(student: Student, today: dt.date) -> ManifestationDetermination | None:
    """One student's manifestation determination this school year (see the module's rule)."""
    return manifestation_determinations_for([student], today)[student.pk]
