"""Reporting periods: the school year cut into the IEP's number of progress reports.

Pure: the year's first and last day, how many reports a year, and the school's grading
periods in; numbered periods out. When the school year has as many grading periods as the
IEP reports a year, the reports follow them (report cards and progress reports go home
together, 34 CFR 300.320(a)(3)(ii)); otherwise each period covers an equal share of the
calendar days (the last takes the remainder), so a quarterly IEP reports at roughly the end of
each quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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


def school_year_periods(year_start: dt.date, year_end: dt.date, per_year: int,
                        grading: Sequence[tuple[dt.date, dt.date]] = ()) -> list[Period]:
    """The reporting periods of one school year: its grading periods (first and last days)
    when there are `per_year` of them, else `per_year` equal shares of the year."""
    if grading and len(grading) == per_year:
        return [Period(number, start, end, per_year)
                for number, (start, end) in enumerate(sorted(grading), start=1)]
    return periods(year_start, year_end, per_year)


def current(all_periods: list[Period], day: dt.date) -> Period:
    """The period containing `day`; before the year the first, after it the last."""
    for period in all_periods:
        if day in period:
            return period
    return all_periods[0] if day < all_periods[0].start else all_periods[-1]
