"""Reporting periods: the school year cut into the IEP's number of progress reports.

Pure: the year's first and last day and how many reports a year in, numbered periods out.
Each period covers an equal share of the calendar days (the last takes the remainder), so a
quarterly IEP reports at roughly the end of each quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    number: int
    start: dt.date
    end: dt.date
    count: int

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.number} of {self.count}"


def periods(year_start: dt.date, year_end: dt.date, per_year: int) -> list[Period]:
    total = (year_end - year_start).days + 1
    result = []
    start = year_start
    for number in range(1, per_year + 1):
        end = year_end if number == per_year else year_start + dt.timedelta(
            days=total * number // per_year - 1
        )
        result.append(Period(number, start, end, per_year))
        start = end + dt.timedelta(days=1)
    return result


def current(all_periods: list[Period], day: dt.date) -> Period:
    """The period containing `day`; before the year the first, after it the last."""
    for period in all_periods:
        if day in period:
            return period
    return all_periods[0] if day < all_periods[0].start else all_periods[-1]
