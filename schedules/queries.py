"""Which classes meet on which days, read for many classes at once.

`meetings_for` is the one question later code asks ("does this class meet today", "how
many times did it meet this week"): a fixed number of queries whatever the number of
classes, so a page calls it once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from schedules import rotation
from schedules.models import DayOverride, DayPattern, RotationAnchor, SectionMeeting
from students.calendar import InstructionalCalendar
from students.models import Closure, SchoolCalendar, Section


def schedules_for(section_ids: Iterable[int]) -> dict[int, rotation.SectionSchedule]:
    """Each class's schedule with its school's rotation. Queries: sections (1), calendars
    (1), closures (1), day patterns (1), anchors (1), overrides (1), meetings (1)."""
    sections = dict(Section.objects.filter(pk__in=set(section_ids)).values_list("pk", "school_id"))
    school_ids = set(sections.values())
    calendars = list(
        SchoolCalendar.objects.filter(school__in=school_ids)
        .values_list("pk", "school_id", "start_date", "end_date")
    )
    school_of_calendar = {pk: school for pk, school, _, _ in calendars}
    closures: dict[int, set[dt.date]] = defaultdict(set)
    in_calendars = {"calendar__in": list(school_of_calendar)}
    for calendar_id, day in Closure.objects.filter(**in_calendars).values_list("calendar_id", "date"):
        closures[calendar_id].add(day)
    patterns = {p.school_id: p.value() for p in DayPattern.objects.filter(school__in=school_ids)}
    anchors: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for calendar_id, day, letter in RotationAnchor.objects.filter(**in_calendars).values_list(
        "calendar_id", "day", "letter"
    ):
        anchors[school_of_calendar[calendar_id]].append((day, letter))
    overrides: dict[int, dict[dt.date, str]] = defaultdict(dict)
    for calendar_id, day, letter in DayOverride.objects.filter(**in_calendars).values_list(
        "calendar_id", "day", "letter"
    ):
        overrides[school_of_calendar[calendar_id]][day] = letter
    per_school: dict[int, list[InstructionalCalendar]] = defaultdict(list)
    for pk, school, start, end in calendars:
        per_school[school].append(
            InstructionalCalendar(start=start, end=end, closures=frozenset(closures[pk]))
        )
    rotations = {
        school: rotation.Rotation(
            patterns.get(school, rotation.EVERY_DAY_PATTERN), per_school[school],
            anchors=anchors[school], overrides=overrides[school],
        )
        for school in school_ids
    }
    meetings: dict[int, list[rotation.Meeting]] = defaultdict(list)
    for section_id, period, letters in SectionMeeting.objects.filter(section__in=sections).order_by(
        "section", "period__order", "period__start_time", "pk"
    ).values_list("section_id", "period__name", "letters"):
        meetings[section_id].append(rotation.Meeting(period=period, letters=frozenset(letters)))
    return {
        pk: rotation.SectionSchedule(rotation=rotations[school], meetings=tuple(meetings[pk]))
        for pk, school in sections.items()
    }


def meetings_for(section_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
    """The days from start to end (both included) each class meets, oldest first; a class
    that does not exist is left out. Queries: as `schedules_for`."""
    schedules = schedules_for(section_ids)
    # One school's classes share its rotation: its days' letters are worked out once.
    days = {id(s.rotation): s.rotation.school_days(start, end) for s in schedules.values()}
    return {pk: rotation.meeting_days(s, start, end, days[id(s.rotation)]) for pk, s in schedules.items()}
