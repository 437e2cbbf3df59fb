"""Benchmark district: every related-service provider keeps a weekly schedule.

Each provider's lines are timetabled the way a speech-language pathologist or an
occupational therapist would: speech in groups of up to three students of one school on
the days the session history already uses (Tuesday and Thursday for two sessions a week),
OT and counseling one student at a time, each session in the next free slot of the
provider's day. Loaded after services.district_seed, in a fixed number of queries however
many students (one read, two bulk inserts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from provider_schedules.models import PlannedLine, SessionPlan
from services.models import ServiceRequirement
from students.district_seed import District

R = ServiceRequirement
# The history's weekdays for a line (services.district_seed._plan), so the plan and the log
# agree, then the days a full week moves to.
WEEKDAYS_FOR_SESSIONS = {1: [[2], [4], [0], [1], [3]], 2: [[1, 3], [0, 2], [2, 4]], 3: [[0, 2, 4]],
                         4: [[0, 1, 2, 3]]}
GROUPED_AREAS = {"Speech-language": ("Articulation group", "Language group", "Fluency group")}
GROUP_SIZE = 3
DAY_START = dt.time(8, 15)
LUNCH = (dt.time(11, 45), dt.time(12, 30))
DAY_END = dt.time(15, 0)
GAP_MINUTES = 10


@dataclass
class Planned:
    plan: SessionPlan
    lines: list[ServiceRequirement]


def _weekdays(r: ServiceRequirement) -> list[list[int]]:
    if r.period == R.Period.MONTH:
        return [[0], [4], [1], [2], [3]]  # about four a month: weekly, the week's first day first
    return WEEKDAYS_FOR_SESSIONS.get(r.sessions, [[0, 1, 2, 3, 4]])


def _length(r: ServiceRequirement) -> int:
    return -(-r.minutes // max(r.sessions, 1))


class _Day:
    """A provider's free slots: the next start time after the sessions already placed on
    the same weekdays, around lunch; None once the school day is full."""

    def __init__(self, day_start: dt.time = DAY_START) -> None:
        self.next: dict[int, dt.datetime] = defaultdict(lambda: dt.datetime.combine(dt.date.min, day_start))

    def place(self, weekdays: list[int], minutes: int) -> dt.time | None:
        start = max(self.next[d] for d in weekdays)
        end = start + dt.timedelta(minutes=minutes)
        if start.time() < LUNCH[1] and end.time() > LUNCH[0]:
            start = dt.datetime.combine(dt.date.min, LUNCH[1])
            end = start + dt.timedelta(minutes=minutes)
        if end.time() > DAY_END or end.date() != start.date():
            return None
        for d in weekdays:
            self.next[d] = end + dt.timedelta(minutes=GAP_MINUTES)
        return start.time()


def plans_for(
    requirements: Iterable[ServiceRequirement], school_of: dict[int, int], *, day_start: dt.time = DAY_START,
) -> list[Planned]:
    """Timetable the lines (no queries): groups of up to three per provider, school, area,
    days and length where the area is taught in groups, one student otherwise. `school_of`
    maps each line's IEP to its student's school; `day_start` is the first session's time.
    A session that no longer fits on the
    history's days moves to the other days of the same count (Monday and Wednesday for
    Tuesday and Thursday); lines that fit nowhere stay unscheduled (listed on My day with
    their minutes, due only when they owe makeups)."""
    buckets: dict[tuple[int, int, str, int, int], list[ServiceRequirement]] = defaultdict(list)
    for r in sorted(requirements, key=lambda r: (r.provider_id, r.area, r.pk)):
        key = (r.provider_id, school_of[r.iep_id], r.area, r.sessions if r.period != R.Period.MONTH else 0,
               _length(r))
        buckets[key].append(r)
    days: dict[int, _Day] = defaultdict(lambda: _Day(day_start))
    now = timezone.now()
    found: list[Planned] = []
    for (provider, _school, area, _sessions, minutes), lines in buckets.items():
        names = GROUPED_AREAS.get(area)
        size = GROUP_SIZE if names else 1
        for n, i in enumerate(range(0, len(lines), size)):
            group = lines[i:i + size]
            placed = ((w, days[provider].place(w, minutes)) for w in _weekdays(group[0]))
            weekdays, start = next(((w, t) for w, t in placed if t is not None), ([], None))
            if start is None:
                break
            label = names[n % len(names)] if names and len(group) > 1 else ""
            found.append(Planned(SessionPlan(
                provider_id=provider, label=label, weekdays=list(weekdays), start_time=start, minutes=minutes,
                start_date=min(r.start_date for r in group), created_by_id=provider, created_at=now,
            ), group))
    return found


def save(planned: list[Planned]) -> None:
    """Two bulk inserts (the plans, then their lines), however many."""
    SessionPlan.objects.bulk_create([p.plan for p in planned], batch_size=2000)
    PlannedLine.objects.bulk_create(
        [PlannedLine(plan=p.plan, requirement=r) for p in planned for r in p.lines], batch_size=5000)


def generate(d: District) -> None:
    school_of_student = dict(d.students)
    school_of = {iep: school_of_student[student] for iep, student, _, _, _ in d.ieps}
    related = list(
        R.objects.filter(iep_id__in=list(school_of), kind=R.Kind.RELATED)
        .only("pk", "iep_id", "provider_id", "area", "minutes", "sessions", "period", "start_date")
    )
    planned = plans_for(related, school_of)
    save(planned)
    d.count("scheduled sessions (weekly plans)", len(planned))
    d.progress(f"{len(planned)} recurring sessions in providers' schedules")
