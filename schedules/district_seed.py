"""Benchmark district: bell schedules for a third of the schools.

Every third school (the first, then the fourth...) runs a rotation, alternately an A/B block
schedule (periods 1-2 on A days, 3-4 on B days, 5 every day) and a six-day drop rotation
(each period meets five days of six and drops on the day of its number). Every other school
keeps every day alike, so its classes meet every instructional day. Each rotating school gets
its day pattern, its periods with bell times and one meeting row per class, in bulk inserts:
a fixed number of queries whatever the district's size.
"""

from __future__ import annotations

import datetime as dt

from schedules.models import DayPattern, Period, SectionMeeting
from students.district_seed import District
from students.models import Section

AB = ("A", "B")
SIX_DAY = ("1", "2", "3", "4", "5", "6")
# (period, start, end): A/B blocks share their times across the two days.
AB_BELLS = [("1", (8, 0), (9, 25)), ("2", (9, 35), (11, 0)), ("3", (8, 0), (9, 25)),
            ("4", (9, 35), (11, 0)), ("5", (11, 45), (12, 30))]
SIX_DAY_BELLS = [("1", (8, 0), (8, 50)), ("2", (9, 0), (9, 50)), ("3", (10, 0), (10, 50)),
                 ("4", (11, 35), (12, 25)), ("5", (12, 35), (13, 25))]
AB_DAYS = {"1": ["A"], "2": ["A"], "3": ["B"], "4": ["B"], "5": []}


def rotating(d: District) -> dict[int, tuple[str, ...]]:
    """School id -> its day letters, for the schools that rotate."""
    return {school.pk: (AB if n % 2 == 0 else SIX_DAY)
            for n, school in enumerate(s for i, s in enumerate(d.schools) if i % 3 == 0)}


def generate(d: District) -> None:
    schools = rotating(d)
    if not schools:
        return
    DayPattern.objects.bulk_create([
        DayPattern(school_id=school, kind=DayPattern.Kind.ROTATION, letters=list(letters))
        for school, letters in schools.items()
    ])
    periods = Period.objects.bulk_create([
        Period(school_id=school, name=name, order=int(name), start_time=dt.time(*start),
               end_time=dt.time(*end))
        for school, letters in schools.items()
        for name, start, end in (AB_BELLS if letters == AB else SIX_DAY_BELLS)
    ])
    period_pk = {(p.school_id, p.name): p.pk for p in periods}
    meetings = []
    for section_id, school_id, period in Section.objects.filter(school__in=list(schools)).values_list(
        "pk", "school_id", "period"
    ):
        if (school_id, period) not in period_pk:
            continue
        letters = AB_DAYS[period] if schools[school_id] == AB else [x for x in SIX_DAY if x != period]
        meetings.append(SectionMeeting(section_id=section_id, period_id=period_pk[(school_id, period)],
                                       letters=letters))
    SectionMeeting.objects.bulk_create(meetings, batch_size=5000)
    d.count("schools on a rotation", len(schools))
    d.count("class meetings", len(meetings))
    d.progress(f"{len(schools)} schools on a rotation, {len(meetings)} class meetings")
