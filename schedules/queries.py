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
from students.models import Section
from students.school_days import calendars_for


def rotations_for(calendars: dict[int, list[InstructionalCalendar]]) -> dict[int, rotation.Rotation]:
    """Each school's rotation of day letters, for the schools keyed in `calendars` (each with
    its instructional calendars). Queries: day patterns (1), anchors (1), overrides (1)."""
    school_ids = set(calendars)
    patterns = {p.school_id: p.value() for p in DayPattern.objects.filter(school__in=school_ids)}
    anchors: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for school, day, letter in RotationAnchor.objects.filter(calendar__school__in=school_ids).values_list(
        "calendar__school_id", "day", "letter"
    ):
        anchors[school].append((day, letter))
    overrides: dict[int, dict[dt.date, str]] = defaultdict(dict)
    for school, day, letter in DayOverride.objects.filter(calendar__school__in=school_ids).values_list(
        "calendar__school_id", "day", "letter"
    ):
        overrides[school][day] = letter
    return {
        school: rotation.Rotation(
            patterns.get(school, rotation.EVERY_DAY_PATTERN), calendars[school],
            anchors=anchors[school], overrides=overrides[school],
        )
        for school in school_ids
    }


def schedules_for(section_ids: Iterable[int]) -> dict[int, rotation.SectionSchedule]:
    """Each class's schedule with its school's rotation. Queries: sections (1), calendars
    and closures (2, `calendars_for`), the rotations (3, `rotations_for`), meetings (1)."""
    sections = dict(Section.objects.filter(pk__in=set(section_ids)).values_list("pk", "school_id"))
    school_ids = set(sections.values())
    per_school = calendars_for(school_ids)
    rotations = rotations_for({school: per_school.get(school, []) for school in school_ids})
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
