"""The demo school's bell schedule (seven periods a day, 7:50 to 2:50, every class every day)
and its report-card calendar (four quarters, each ending on a Friday)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from schedules.models import GradingPeriod, Period

if TYPE_CHECKING:
    from students.demo import DemoWorld

BELLS = (
    ("1", (7, 50), (8, 45)), ("2", (8, 50), (9, 45)), ("3", (9, 50), (10, 45)), ("4", (10, 50), (11, 45)),
    ("5", (12, 20), (13, 10)), ("6", (13, 15), (14, 0)), ("7", (14, 5), (14, 50)),
)


def load(world: DemoWorld) -> None:
    Period.objects.bulk_create([
        Period(school=world.school, name=name, order=int(name),
               start_time=dt.time(*start), end_time=dt.time(*end))
        for name, start, end in BELLS
    ])
    _quarters(world)


def _quarters(world: DemoWorld) -> None:
    """Four quarters of about equal length, each ending on the Friday at or before its share
    of the year, the next starting the Monday after (the last ends on the last day)."""
    cal = world.calendar
    total = (cal.end_date - cal.start_date).days + 1
    start = cal.start_date
    rows = []
    for number in range(1, 5):
        if number == 4:
            end = cal.end_date
        else:
            share = cal.start_date + dt.timedelta(days=total * number // 4 - 1)
            end = share - dt.timedelta(days=(share.weekday() - 4) % 7)
        rows.append(GradingPeriod(calendar=cal, name=f"Quarter {number}", start_date=start, end_date=end,
                                  created_by=world.users["school_admin"]))
        start = end + dt.timedelta(days=3 if end.weekday() == 4 else 1)
    GradingPeriod.objects.bulk_create(rows)
