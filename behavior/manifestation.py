"""Is a student's removal a change of placement, is a manifestation determination due, by when,
and is it held or scheduled (34 CFR 300.530(e), 300.536). The one function every page and
reminder asks: `placements_for`. The rule:

- Removals are counted as `behavior.removal_days` counts them, over every removal recorded for
  the school year, including days recorded ahead (a suspension imposed today for next week is
  decided today). A removal is a run of removal days on consecutive school days of the
  student's calendar (a weekend or a closure between does not break it).
- Once the year's count is past 10 school days, each removal that takes it there or adds to it
  is a question (the first school day of the removal whose count passes 10, and each later one):
  - a removal of more than 10 consecutive school days is a change of placement (300.536(a)(1));
  - a shorter one is a change of placement when the removals form a pattern (300.536(a)(2)):
    substantially similar behavior, and the length of each removal, the total and their
    proximity. The product cannot judge that: the case manager or an administrator records a
    `PatternDetermination` ("pattern" or "not a pattern", who, when, why). Until it is
    recorded the removal is "determination needed". A determination answers for the removal
    as recorded when it was made; a removal day recorded later asks again.
- The decision to change placement is taken on the earlier of the school day whose removal
  takes the count past 10 (or, for a later removal, its first day) and the day that day was
  recorded: an administrator records a suspension when imposing it. Recording the pattern
  determination late does not move it: the deadline runs from the removal, as the law's does.
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
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from behavior.models import PatternDetermination, Removal
from behavior.removal_days import RemovalRow, counted_days, more_than_ten, school_year_bounds
from meetings.models import Meeting
from students.calendar import REGULAR_WEEKDAYS, SchoolDays
from students.models import Student
from students.school_days import school_days_for

DUE_WITHIN_SCHOOL_DAYS = 10


@dataclass(frozen=True)
class ManifestationDetermination:
    """A manifestation determination that is due: the decision, the deadline, the meeting, and
    why the removals are a change of placement (`pattern` None: more than 10 consecutive days)."""

    decided_on: dt.date
    due_by: dt.date
    meeting: Meeting | None
    pattern: PatternDetermination | None = None

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


@dataclass(frozen=True)
class RemovalRun:
    """One removal past the 10th school day: its school days, what they count, the year's count
    once it is over, and the decision day (and its meeting deadline, were it a change)."""

    first: dt.date
    last: dt.date
    days: Decimal
    total: Decimal
    decided_on: dt.date
    due_by: dt.date
    recorded_last: dt.datetime

    @property
    def consecutive(self) -> bool:
        """More than 10 consecutive school days: a change of placement by itself."""
        return more_than_ten(self.days)


@dataclass(frozen=True)
class Placement:
    """Where one student's removals stand this school year against 34 CFR 300.536."""

    change: ManifestationDetermination | None = None
    runs: list[RemovalRun] = field(default_factory=list)  # the removals past 10, to the change
    needed: list[RemovalRun] = field(default_factory=list)  # short removals with no determination
    not_a_pattern: list[tuple[RemovalRun, PatternDetermination]] = field(default_factory=list)

    @property
    def determination_needed(self) -> RemovalRun | None:
        """The first removal waiting for a pattern determination, if no change came before it."""
        return self.needed[0] if self.needed else None


def nth_school_day_after(days: SchoolDays, day: dt.date, n: int) -> dt.date:
    """The n-th school day after `day` (not counted), on a school's calendars; where no
    calendar covers the year, every regular weekday counts."""
    found = 0
    while found < n:
        day += dt.timedelta(days=1)
        if days.is_instructional(day) if days.covers(day) else day.weekday() in REGULAR_WEEKDAYS:
            found += 1
    return day


Recorded = tuple[RemovalRow, dt.datetime]
"""A removal row and when it was recorded."""


def runs_past_ten(rows: list[Recorded], days: SchoolDays, as_of: dt.date) -> list[RemovalRun]:
    """The rule above on plain values: one student's school year of (removal row, recorded at)
    pairs, as the removals that take the count past 10 and follow it, oldest first."""
    _first, last = school_year_bounds(as_of)
    recorded: dict[dt.date, list[dt.datetime]] = defaultdict(list)
    for row, at in rows:
        recorded[row[0]].append(at)
    # Consecutive school days of removal make one removal.
    groups: list[list[tuple[dt.date, Decimal]]] = []
    for day, counted in counted_days([row for row, _ in rows], days, last).items():
        if groups and days.count(groups[-1][-1][0] + dt.timedelta(days=1), day - dt.timedelta(days=1)) == 0:
            groups[-1].append((day, counted))
        else:
            groups.append([(day, counted)])
    total = Decimal(0)
    found: list[RemovalRun] = []
    for group in groups:
        passing: dt.date | None = None
        for day, counted in group:
            total += counted
            if passing is None and more_than_ten(total):
                passing = day
        if passing is None:
            continue
        decided = min(passing, timezone.localdate(min(recorded[passing])))
        found.append(RemovalRun(
            first=group[0][0], last=group[-1][0], days=sum((c for _, c in group), Decimal(0)), total=total,
            decided_on=decided, due_by=nth_school_day_after(days, decided, DUE_WITHIN_SCHOOL_DAYS),
            recorded_last=max(at for day, _ in group for at in recorded[day])))
    return found


def _answer(run: RemovalRun, determinations: list[PatternDetermination]) -> PatternDetermination | None:
    """The latest determination for the removal as it stands: made after its last day was recorded."""
    fitting = [d for d in determinations
               if run.first <= d.removal_day <= run.last and d.recorded_at >= run.recorded_last]
    return max(fitting, key=lambda d: (d.recorded_at, d.pk), default=None)


def placement(
    runs: list[RemovalRun], determinations: list[PatternDetermination], meetings: list[Meeting]
) -> Placement:
    """The rule above, once the removals past 10 are known: the first change of placement with
    its meeting, the removals waiting for a determination before it, and those found no pattern."""
    needed: list[RemovalRun] = []
    not_a_pattern: list[tuple[RemovalRun, PatternDetermination]] = []
    for i, run in enumerate(runs):
        answer = None if run.consecutive else _answer(run, determinations)
        if run.consecutive or (answer is not None and answer.outcome == PatternDetermination.Outcome.PATTERN):
            candidates = [m for m in meetings if m.date >= run.decided_on]
            held = [m for m in candidates if m.status == Meeting.Status.HELD]
            change = ManifestationDetermination(decided_on=run.decided_on, due_by=run.due_by,
                                                meeting=next(iter(held or candidates), None), pattern=answer)
            return Placement(
                change=change, runs=runs[:i + 1], needed=needed, not_a_pattern=not_a_pattern)
        if answer is None:
            needed.append(run)
        else:
            not_a_pattern.append((run, answer))
    return Placement(runs=runs, needed=needed, not_a_pattern=not_a_pattern)


def _at_most(rows: list[Recorded]) -> Decimal:
    """What the rows could count at most, were every one of them on a school day."""
    per_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for (day, _setting, portion, _continued), _on in rows:
        per_day[day] = min(Decimal(1), per_day[day] + portion)
    return sum(per_day.values(), Decimal(0))


def placements_for(students: list[Student], today: dt.date) -> dict[int, Placement]:
    """Each student's placement standing this school year. Queries: removals (1), then only
    when some student's removals could be more than 10 days: calendars and closures (2), the
    pattern determinations (1) and meetings (1), whatever the number of students."""
    first, last = school_year_bounds(today)
    rows: dict[int, list[Recorded]] = defaultdict(list)
    for student_id, day, setting, portion, continued, recorded_at in Removal.objects.filter(
        student__in=[s.pk for s in students], date__gte=first, date__lte=last
    ).values_list("student_id", "date", "setting", "portion", "services_continued", "recorded_at"):
        rows[student_id].append(((day, setting, portion, continued), recorded_at))
    # Only a student whose rows could count more than 10 days needs the calendar read.
    possible = [s for s in students if rows[s.pk] and more_than_ten(_at_most(rows[s.pk]))]
    runs: dict[int, list[RemovalRun]] = {}
    if possible:
        by_school = school_days_for({s.school_id for s in possible})
        for s in possible:
            if found := runs_past_ten(rows[s.pk], by_school[s.school_id], today):
                runs[s.pk] = found
    determinations: dict[int, list[PatternDetermination]] = defaultdict(list)
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    if runs:
        asked = PatternDetermination.objects.filter(student__in=list(runs), removal_day__gte=first,
                                                    removal_day__lte=last)
        for determination in asked.select_related("determined_by"):
            determinations[determination.student_id].append(determination)
        for meeting in (
            Meeting.objects.current()
            .filter(kind=Meeting.Kind.MANIFESTATION, iep__student__in=list(runs),
                    date__gte=min(r[0].decided_on for r in runs.values()))
            .select_related("iep")
            .order_by("date", "start_time")
        ):
            meetings[meeting.iep.student_id].append(meeting)
    return {s.pk: placement(runs[s.pk], determinations[s.pk], meetings[s.pk]) if s.pk in runs else Placement()
            for s in students}


def placement_of(student: Student, today: dt.date) -> Placement:
    """One student's placement standing this school year (see the module's rule)."""
    return placements_for([student], today)[student.pk]


def manifestation_determination(student: Student, today: dt.date) -> ManifestationDetermination | None:
    """One student's manifestation determination this school year (see the module's rule)."""
    return placement_of(student, today).change
