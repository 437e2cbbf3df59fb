"""Progress reports: the IEP's reporting periods, what each owes (report_statuses, the one
query module for progress.due's report rules) and the numbers a report snapshots."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from progress import periods as p
from progress import trend
from progress.due import IEPReports, report_due_on, report_grace_days, reports_owed
from schedules.models import GradingPeriod
from students.calendar import SchoolDays
from students.models import SchoolCalendar
from students.school_days import school_days_for

if TYPE_CHECKING:
    from progress.models import DataPoint, Goal
    from students.models import IEP


# A school year as the reports read it: first day, last day, grading periods (first and last days).
SchoolYear = tuple[dt.date, dt.date, tuple[tuple[dt.date, dt.date], ...]]


def year_periods(iep: IEP, calendar: SchoolYear | None, per_year: int) -> list[p.Period]:
    """The school year (`calendar`) cut into `per_year` periods, on its grading periods when it
    has as many; outside any school year, the IEP's own term. Pure."""
    if calendar is None:
        return p.periods(iep.start_date, iep.end_date, per_year)
    return p.school_year_periods(calendar[0], calendar[1], per_year, calendar[2])


def grading_periods_of_calendar() -> tuple[ArraySubquery, ArraySubquery]:
    """For a SchoolCalendar query's annotations: its grading periods' first days and last
    days, in order, read in the same query (a subquery, not a join, so a calendar query joined
    to students stays one row a calendar)."""
    rows = GradingPeriod.objects.filter(calendar=OuterRef("pk")).order_by("start_date")
    return ArraySubquery(rows.values("start_date")), ArraySubquery(rows.values("end_date"))


def _calendars(school_ids: set[int], day: dt.date) -> dict[int, SchoolYear]:
    """Each school's calendar containing `day` (the latest-starting if several), with its
    grading periods. One query."""
    starts_of, ends_of = grading_periods_of_calendar()
    return {
        school_id: (start, end, tuple(zip(starts, ends, strict=True)))
        for school_id, start, end, starts, ends in SchoolCalendar.objects.filter(
            school__in=school_ids, start_date__lte=day, end_date__gte=day
        ).annotate(grading_starts=starts_of, grading_ends=ends_of).order_by("start_date").values_list(
            "school_id", "start_date", "end_date", "grading_starts", "grading_ends")
    }


def reporting_periods(iep: IEP, day: dt.date) -> list[p.Period]:
    """The IEP's reporting periods in the school year containing `day` (or, outside any
    school year, across the IEP itself). Queries: the schedule (1), the calendar (1)."""
    from progress.models import ReportingSchedule

    schedule = ReportingSchedule.objects.filter(iep=iep).first()
    per_year = schedule.reports_per_year if schedule else settings.PROGRESS_REPORTS_PER_YEAR
    return year_periods(iep, _calendars({iep.student.school_id}, day).get(iep.student.school_id), per_year)


def report_statuses(ieps: Sequence[IEP], today: dt.date) -> dict[int, IEPReports]:
    """Every progress report each IEP owes this school year, owed / sent / late, by period.

    The one source of the answer (rules: progress.due.reports_owed): the reports page, the
    documentation checklist, the deadlines list, the reminders and the evidence packet all
    read it. `ieps` come with `student` selected. Queries (4, however many IEPs): schedules
    (1), school calendars (1), active goals (1), reports on file with their writers (1).
    """
    from progress.models import Goal, ProgressReport, ReportingSchedule

    if not ieps:
        return {}
    pks = [iep.pk for iep in ieps]
    per_year = dict(ReportingSchedule.objects.filter(iep__in=pks).values_list("iep_id", "reports_per_year"))
    calendars = _calendars({iep.student.school_id for iep in ieps}, today)
    goals: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for goal_pk, iep_pk, baseline in (Goal.objects.filter(iep__in=pks, active=True)
                                      .order_by("area", "pk").values_list("pk", "iep_id", "baseline_date")):
        goals[iep_pk].append((goal_pk, baseline))
    on_file: dict[tuple[int, dt.date], dt.date | None] = {}
    writers: dict[tuple[int, dt.date], str] = {}
    for goal_pk, start, sent_on, first, last, email in (
        ProgressReport.objects.filter(goal__iep__in=pks, goal__active=True).order_by().values_list(
            "goal_id", "period_start", "sent_on", "written_by__first_name", "written_by__last_name",
            "written_by__email")
    ):
        on_file[(goal_pk, start)] = sent_on
        writers[(goal_pk, start)] = f"{first} {last}".strip() or email  # as User.__str__ writes it
    grace = report_grace_days()
    return {
        iep.pk: reports_owed(
            iep_id=iep.pk, iep_start=iep.start_date, iep_end=iep.end_date,
            periods=year_periods(iep, calendars.get(iep.student.school_id),
                                 per_year.get(iep.pk, settings.PROGRESS_REPORTS_PER_YEAR)),
            goals=goals[iep.pk], reports=on_file, today=today, grace_days=grace, writers=writers,
        )
        for iep in ieps
    }


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


# --- support reviews before a report ------------------------------------------------------------


@dataclass(frozen=True)
class ReviewTiming:
    """When support reviews are due so the case manager has them for a progress report."""

    period: p.Period
    report_due_on: dt.date
    review_due_on: dt.date


def school_days_before(days: SchoolDays, day: dt.date, n: int) -> dt.date:
    """The `n`-th instructional day before `day` (weekdays where no calendar covers). Pure."""
    found = 0
    while True:
        day -= dt.timedelta(days=1)
        instructional = days.is_instructional(day) if days.covers(day) else day.weekday() < 5
        if instructional:
            found += 1
            if found == n:
                return day


def review_timing(periods: Sequence[p.Period], days: SchoolDays, today: dt.date, school_days: int,
                  grace_days: int) -> ReviewTiming | None:
    """The next progress report whose reviews, due `school_days` school days before the
    report is due, can still be given (today or later). Pure."""
    for period in periods:
        report_due = report_due_on(period.end, grace_days)
        review_due = school_days_before(days, report_due, school_days)
        if review_due >= today:
            return ReviewTiming(period, report_due, review_due)
    return None


def next_review_timing(iep: IEP, today: dt.date, school_days: int) -> ReviewTiming | None:
    """`review_timing` for the IEP's reporting periods this school year. Queries: the
    schedule (1), the calendar (1), the school's instructional days (2)."""
    days = school_days_for({iep.student.school_id})[iep.student.school_id]
    return review_timing(reporting_periods(iep, today), days, today, school_days, report_grace_days())
