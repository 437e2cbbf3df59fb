"""The demo school's bell schedule: seven periods a day, 7:50 to 2:50, every class every day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from schedules.models import Period

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
