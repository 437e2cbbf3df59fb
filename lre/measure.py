"""Least restrictive environment: the share of the school week a student spends inside the
regular class, and its federal band. The one answer the student page, the district report
and its CSV all show.

The federal measure (the educational environments of the IDEA Part B child count, ages 5 to
21) is the time inside the regular class over the whole school day, lunch, recess and
passing time included. Service lines are written per day, week or month, so the week is the
unit here:

- The school week is five school days, each as long as the school's bell schedule: the first
  period's start to the last period's end. A school whose bell times are not entered yet uses
  the district's school day (SERVICES_SCHOOL_DAY_MINUTES), and every page says so.
- Time outside the regular class is the weekly minutes of each pull-out line (a special-
  education setting) of the IEP in effect on the day; push-in lines are time inside it. A line
  per day counts five times a week; a line per month, 12/52 of itself. Extended-school-year
  lines run in the summer, outside the school week measured here, and are left out.
- The band is decided on the exact share: 79.9% is "40% to 79%", never rounded up into "80% or
  more". Shares are shown rounded down to a tenth for the same reason.
- An IEP that records a separate setting (a separate school, a residential facility, home or
  hospital, a correctional facility, a private school the parents chose) is reported in that
  setting: no share of a regular school's week is computed for it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Max, Min

from schedules.models import Period
from services import ledger
from services.models import ServiceRequirement
from students.models import IEP, Environment

DAYS_PER_WEEK = 5
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12

# The three bands of a regular school, lowest share first: (lowest share in it, band).
BANDS = (
    (Fraction(0), Environment.REGULAR_UNDER_40),
    (Fraction(40, 100), Environment.REGULAR_40_79),
    (Fraction(80, 100), Environment.REGULAR_80),
)
REGULAR_BANDS = frozenset(band for _, band in BANDS)
SEPARATE_SETTINGS = frozenset(Environment) - REGULAR_BANDS


@dataclass(frozen=True)
class OutsideLine:
    """A pull-out service line as the week counts it."""

    area: str
    kind: str
    summary: str
    weekly_minutes: Fraction


@dataclass(frozen=True)
class Placement:
    """One IEP's environment on a day: the school week, the time outside the regular class
    and the band, beside the environment the IEP records."""

    iep_id: int
    day: dt.date
    school_day_minutes: int
    from_bell_schedule: bool
    lines: tuple[OutsideLine, ...]
    recorded: str

    @property
    def separate(self) -> bool:
        return self.recorded in SEPARATE_SETTINGS

    @property
    def week_minutes(self) -> int:
        return self.school_day_minutes * DAYS_PER_WEEK

    @property
    def outside_minutes(self) -> Fraction:
        return sum((line.weekly_minutes for line in self.lines), Fraction(0))

    @property
    def share_inside(self) -> Fraction | None:
        """Time inside the regular class over the school week (0 to 1); None in a separate setting."""
        if self.separate:
            return None
        inside = max(Fraction(0), self.week_minutes - self.outside_minutes)
        return inside / self.week_minutes

    @property
    def percent_inside(self) -> str:
        """The share as a page shows it, rounded down to a tenth: "79.9"."""
        share = self.share_inside
        if share is None:
            return ""
        tenths = math.floor(share * 1000)
        return f"{tenths // 10}.{tenths % 10}"

    @property
    def band(self) -> str:
        """The federal environment: a regular-school band from the share, or the separate
        setting the IEP records."""
        share = self.share_inside
        if share is None:
            return self.recorded
        return next(band for lowest, band in reversed(BANDS) if share >= lowest)

    @property
    def band_label(self) -> str:
        return str(Environment(self.band).label)

    @property
    def recorded_label(self) -> str:
        return str(Environment(self.recorded).label) if self.recorded else ""

    @property
    def disagrees(self) -> bool:
        """The IEP records a regular-school band other than the one its lines give (what a
        state report would carry wrongly). An IEP that records none does not disagree."""
        return bool(self.recorded) and not self.separate and self.recorded != self.band

    @property
    def outside_minutes_shown(self) -> int:
        return math.ceil(self.outside_minutes)


def weekly_minutes(minutes: int, period: str) -> Fraction:
    """A line's minutes per week: per day five times, per month 12/52 of itself."""
    if period == ledger.DAY:
        return Fraction(minutes * DAYS_PER_WEEK)
    if period == ledger.MONTH:
        return Fraction(minutes * MONTHS_PER_YEAR, WEEKS_PER_YEAR)
    return Fraction(minutes)


def school_day_minutes(school_ids: Iterable[int]) -> dict[int, int]:
    """Each school's day from its bell schedule, first period's start to last period's end,
    for the schools whose bell times are entered. Queries: 1."""
    spans = (Period.objects.filter(school__in=set(school_ids), start_time__isnull=False)
             .values("school_id").annotate(first=Min("start_time"), last=Max("end_time")))
    day = dt.date(2000, 1, 1)
    return {
        row["school_id"]: int((dt.datetime.combine(day, row["last"])
                               - dt.datetime.combine(day, row["first"])).total_seconds() // 60)
        for row in spans
    }


def placements(ieps: Iterable[IEP], day: dt.date) -> dict[int, Placement]:
    """Each IEP's placement on `day`, by IEP pk (the IEPs with their students loaded).
    Queries: 2 (the pull-out lines in effect, the schools' bell schedules), however many."""
    ieps = list(ieps)
    if not ieps:
        return {}
    outside: dict[int, list[OutsideLine]] = defaultdict(list)
    rows = (ServiceRequirement.objects.regular_year()
            .filter(iep__in=[iep.pk for iep in ieps], setting=ServiceRequirement.Setting.SPECIAL_ED,
                    start_date__lte=day, end_date__gte=day)
            .order_by("iep_id", "kind", "area", "pk"))
    for line in rows.only("iep_id", "kind", "area", "minutes", "sessions", "period"):
        outside[line.iep_id].append(OutsideLine(
            area=line.area, kind=line.get_kind_display(), summary=line.summary,
            weekly_minutes=weekly_minutes(line.minutes, line.period)))
    bell = school_day_minutes(iep.student.school_id for iep in ieps)
    default = settings.SERVICES_SCHOOL_DAY_MINUTES
    return {
        iep.pk: Placement(
            iep_id=iep.pk, day=day,
            school_day_minutes=bell.get(iep.student.school_id) or default,
            from_bell_schedule=bool(bell.get(iep.student.school_id)),
            lines=tuple(outside.get(iep.pk, ())), recorded=iep.educational_environment,
        )
        for iep in ieps
    }


def placement(iep: IEP, day: dt.date) -> Placement:
    """One IEP's placement on `day`. Queries: 2."""
    return placements([iep], day)[iep.pk]
