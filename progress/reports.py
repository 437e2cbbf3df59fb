"""Progress reports: the IEP's reporting periods and the numbers a report snapshots."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings

from progress import periods as p
from progress import trend
from students.models import SchoolCalendar

if TYPE_CHECKING:
    from progress.models import DataPoint, Goal
    from students.models import IEP


def reporting_periods(iep: IEP, day: dt.date) -> list[p.Period]:
    """The IEP's reporting periods in the school year containing `day` (or, outside any
    school year, across the IEP itself). Queries: the schedule (1), the calendar (1)."""
    from progress.models import ReportingSchedule

    schedule = ReportingSchedule.objects.filter(iep=iep).first()
    per_year = schedule.reports_per_year if schedule else settings.PROGRESS_REPORTS_PER_YEAR
    calendar = (
        SchoolCalendar.objects.filter(
            school_id=iep.student.school_id, start_date__lte=day, end_date__gte=day
        ).first()
    )
    if calendar is None:
        return p.periods(iep.start_date, iep.end_date, per_year)
    return p.periods(calendar.start_date, calendar.end_date, per_year)


def data_summary(goal: Goal, points: list[DataPoint], period: p.Period,
                 analysis: trend.Analysis) -> dict[str, Any]:
    """Numbers only (no words), so the report can be printed in any language later."""
    upto = sorted((pt for pt in points if pt.date <= period.end), key=lambda pt: pt.date)
    within = [pt for pt in upto if pt.date >= period.start]
    latest = upto[-1] if upto else None
    return {
        "points_in_period": len(within),
        "points_to_date": len(upto),
        "first_in_period": within[0].date.isoformat() if within else None,
        "last_in_period": within[-1].date.isoformat() if within else None,
        "latest_value": float(latest.value) if latest else None,
        "latest_date": latest.date.isoformat() if latest else None,
        "baseline": float(goal.baseline_value),
        "target": float(goal.target_value),
        "trend_per_week": round(analysis.trend.per_week, 2) if analysis.trend else None,
        "aim_at_latest": round(analysis.aimline.at(latest.date), 2) if latest else None,
        "decision": analysis.decision,
    }
