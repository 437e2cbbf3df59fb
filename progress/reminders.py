"""Reminder sweeps for progress monitoring (see notifications.sweeps).

- Goal data stale past the goal's collection interval, and open data requests past their
  due date (progress.due.data_due): whoever collects the data (the case manager when nobody
  is named). Once per due date; a reminder whose goal has since had data, or whose request
  was answered or cancelled, is resolved by the next sweep.
- Progress reports (the IEP's reporting schedule, progress.reports): the report for the
  current period reminds the case manager IEP_DEADLINE_WARN_DAYS before the period ends
  (30, 14, 7); the last ended period's report, if never sent to the family, is overdue —
  urgent, and to the school's administrators too. Only IEPs with active goals report.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from progress import periods as p
from progress.due import data_due
from progress.models import Goal, ProgressReport
from students.models import IEP, SchoolCalendar
from students.reminders import school_admins_by_school, threshold_for

STALE_PREFIX = "data-stale"
REQUEST_PREFIX = "data-request"
REPORT_PREFIX = "progress-report"



def data_sweep(today: dt.date) -> list[Reminder]:
    """Queries (5): stale goals (1), their collectors (1), overdue requests (1) — data_due —;
    resolving what is settled, one per kind (2)."""
    due = data_due(today)
    stale: list[Reminder] = []
    for goal in due.stale_goals:
        student = goal.iep.student
        people = goal.collector_list or [goal.iep.case_manager]  # type: ignore[attr-defined]
        since = (f"no {goal.area} data since {goal.last_data_on:%b %-d}" if goal.last_data_on  # type: ignore[attr-defined]
                 else f"no {goal.area} data yet")
        title = f"{student}: {since} — record a data point (due {goal.data_due_on:%b %-d})"  # type: ignore[attr-defined]
        url = reverse("progress:goal", args=[goal.pk]) + "#add-heading"
        stale += [
            Reminder(user.pk, Notification.Kind.DATA_STALE,
                     f"{STALE_PREFIX}:{goal.pk}:{goal.data_due_on.isoformat()}:{user.pk}", title, url)  # type: ignore[attr-defined]
            for user in people
        ]
    requests = [
        Reminder(
            request.teacher_id, Notification.Kind.DATA_REQUEST,
            f"{REQUEST_PREFIX}:{request.pk}:{request.teacher_id}",
            f"{request.goal.iep.student}: {request.requested_by} asked for {request.goal.area} data "
            f"by {request.due_on:%b %-d} — record it now",
            reverse("progress:data_request", args=[request.pk]),
        )
        for request in due.overdue_requests
    ]
    resolve_settled(Notification.Kind.DATA_STALE, STALE_PREFIX, stale)
    resolve_settled(Notification.Kind.DATA_REQUEST, REQUEST_PREFIX, requests)
    return stale + requests


def report_sweep(today: dt.date) -> list[Reminder]:
    """Queries (5): active IEPs with goals and their schedules (1), school calendars in
    session today (1), periods already sent to families (1), school admins (1), resolving
    what is settled (1)."""
    warn = settings.IEP_DEADLINE_WARN_DAYS
    ieps = list(
        IEP.objects.active()
        .filter(student__active=True)
        .filter(Exists(Goal.objects.filter(iep=OuterRef("pk"), active=True)))
        .select_related("student", "reporting_schedule")
    )
    calendars = {
        c.school_id: c for c in SchoolCalendar.objects.filter(
            school__in={iep.student.school_id for iep in ieps}, start_date__lte=today, end_date__gte=today,
        )
    }
    sent = set(
        ProgressReport.objects.filter(goal__iep__in=[iep.pk for iep in ieps], sent_on__isnull=False)
        .values_list("goal__iep_id", "period_start").distinct()
    )
    admins = school_admins_by_school()
    reminders: list[Reminder] = []
    for iep in ieps:
        schedule = getattr(iep, "reporting_schedule", None)
        per_year = schedule.reports_per_year if schedule else settings.PROGRESS_REPORTS_PER_YEAR
        calendar = calendars.get(iep.student.school_id)
        year = (p.periods(calendar.start_date, calendar.end_date, per_year) if calendar
                else p.periods(iep.start_date, iep.end_date, per_year))
        current = p.current(year, today)
        ended = [period for period in year if period.end < today]
        for period in ([ended[-1]] if ended else []) + ([current] if today <= current.end else []):
            if period.end < iep.start_date or (iep.pk, period.start) in sent:
                continue
            threshold = threshold_for((period.end - today).days, warn)
            if threshold is not None:
                reminders += _report_due(iep, period, threshold, today, admins)
    resolve_settled(Notification.Kind.DEADLINE, REPORT_PREFIX, reminders)
    return reminders


def _report_due(iep: IEP, period: p.Period, threshold: str, today: dt.date,
                admins: dict[int, list[int]]) -> list[Reminder]:
    student = iep.student
    overdue = threshold == "overdue"
    days = (period.end - today).days
    title = (f"{student}: progress report {period.label} was due {period.end:%b %-d} — write it "
             f"and send it to the family" if overdue
             else f"{student}: progress report {period.label} is due {period.end:%b %-d} ({days} days)")
    url = reverse("progress:reports_period", args=[student.pk, period.number])
    key = f"{REPORT_PREFIX}:{iep.pk}:{period.start.isoformat()}:{threshold}"
    reminders = [Reminder(iep.case_manager_id, Notification.Kind.DEADLINE, key, title, url,
                          urgent=overdue)]
    if overdue:
        reminders += [Reminder(admin_id, Notification.Kind.DEADLINE, f"{key}:admin:{admin_id}",
                               title, url, urgent=True)
                      for admin_id in admins.get(student.school_id, [])]
    return reminders
