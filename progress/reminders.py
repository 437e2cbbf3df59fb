"""Reminder sweeps for progress monitoring (see notifications.sweeps).

- Goal data stale past the goal's collection interval, and open data requests past their
  due date (progress.due.data_due), for goal data or a support review: whoever collects the
  data (the case manager when nobody is named), the teacher asked. Once per due date; a
  reminder whose goal has since had data, or whose request was answered or cancelled, is
  resolved by the next sweep.
- Progress reports (progress.reports.report_statuses, the answer the reports page, checklist,
  deadlines list and evidence packet show): the next report not yet sent reminds the case
  manager IEP_DEADLINE_WARN_DAYS before its due date (30, 14, 7); every period with a report
  late — not sent by its due date — is overdue: urgent. Administrators hear of late reports
  as counts per school (fidelity.reminders: "3 progress reports at Lincoln Middle School are
  overdue"), on a page they may open. Only IEPs with active goals report.
- Decisions (progress.decisions.decision_overdue, the answer the goal page and the fidelity
  count read): a decision rule that fired with no decision for more than
  PROGRESS_DECISION_DUE_SCHOOL_DAYS school days reminds the case manager, once per firing;
  recording a decision (or the rule no longer firing) resolves it at the next sweep.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from progress.decisions import fires_for_goals
from progress.due import LATE, IEPReports, PeriodReports, data_due
from progress.models import Goal
from progress.reports import report_statuses
from students.models import IEP
from students.reminders import threshold_for

STALE_PREFIX = "data-stale"
REQUEST_PREFIX = "data-request"
REPORT_PREFIX = "progress-report"
DECISION_PREFIX = "goal-decision"


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
                     f"{STALE_PREFIX}:{goal.pk}:{goal.data_due_on.isoformat()}:{user.pk}", title, url,  # type: ignore[attr-defined]
                     student_id=student.pk)
            for user in people
        ]
    requests = [
        Reminder(
            request.teacher_id, Notification.Kind.DATA_REQUEST,
            f"{REQUEST_PREFIX}:{request.pk}:{request.teacher_id}",
            f"{request.iep.student}: {request.requested_by} asked for {request.about} "
            f"by {request.due_on:%b %-d} — {'review it' if request.is_review else 'record it'} now",
            reverse("progress:data_request", args=[request.pk]), student_id=request.iep.student_id,
        )
        for request in due.overdue_requests
    ]
    resolve_settled(Notification.Kind.DATA_STALE, STALE_PREFIX, stale)
    resolve_settled(Notification.Kind.DATA_REQUEST, REQUEST_PREFIX, requests)
    return stale + requests


def report_sweep(today: dt.date) -> list[Reminder]:
    """Reminders from progress.reports.report_statuses, the answer every page shows: each
    period whose reports are late (urgent, to the case manager), and the earliest period
    with a report not yet late but not sent, at each IEP_DEADLINE_WARN_DAYS threshold
    before its due date.

    Queries (6): active IEPs with goals (1), report_statuses (4), resolving what is settled
    (1)."""
    warn = settings.IEP_DEADLINE_WARN_DAYS
    ieps = list(
        IEP.objects.active()
        .filter(student__active=True)
        .filter(Exists(Goal.objects.filter(iep=OuterRef("pk"), active=True)))
        .select_related("student")
    )
    statuses = report_statuses(ieps, today)
    reminders: list[Reminder] = []
    for iep in ieps:
        for owed in report_reminders_due(statuses[iep.pk]):
            threshold = threshold_for((owed.due_on - today).days, warn)
            if threshold is not None:
                reminders += _report_due(iep, owed, threshold, today)
    resolve_settled(Notification.Kind.DEADLINE, REPORT_PREFIX, reminders)
    return reminders


def report_reminders_due(reports: IEPReports) -> list[PeriodReports]:
    """The periods the case manager is reminded of: every late one, and the first with a
    report not yet sent that is not late (owed, or still to come). Pure."""
    late = reports.late
    waiting = next((p for p in reports.owed if p.unsent and p.status != LATE), None)
    return late + ([waiting] if waiting else [])


def report_reminder_key(iep_pk: int, owed: PeriodReports, threshold: str) -> str:
    return f"{REPORT_PREFIX}:{iep_pk}:{owed.period.start.isoformat()}:{threshold}"


def _report_due(iep: IEP, owed: PeriodReports, threshold: str, today: dt.date) -> list[Reminder]:
    student, period = iep.student, owed.period
    overdue = threshold == "overdue"
    days = (owed.due_on - today).days
    unsent = f"{len(owed.unsent)} of {len(owed.rows)} goal report{'s' if len(owed.rows) != 1 else ''}"
    title = (f"{student}: progress report {period.label} was due {owed.due_on:%b %-d} ({unsent} not "
             f"sent) — write it and send it to the family" if overdue
             else f"{student}: progress report {period.label} is due {owed.due_on:%b %-d} ({days} days)")
    url = reverse("progress:reports_period", args=[student.pk, period.number])
    key = report_reminder_key(iep.pk, owed, threshold)
    return [Reminder(iep.case_manager_id, Notification.Kind.DEADLINE, key, title, url,
                     urgent=overdue, student_id=student.pk)]


def decision_sweep(today: dt.date) -> list[Reminder]:
    """Each active goal whose decision is overdue (progress.decisions.decision_overdue) reminds
    its case manager, keyed by the day the rule fired, so a later firing is a new reminder.

    Queries (6): active goals on active IEPs with their students (1), fires_for_goals (4),
    resolving what is settled (1)."""
    goals = list(
        Goal.objects.filter(active=True, iep__status=IEP.Status.ACTIVE, iep__student__active=True)
        .select_related("iep__student")
    )
    reminders = []
    for row in fires_for_goals(goals):
        late = row.overdue(today)
        if late is None:
            continue
        goal, student = row.goal, row.goal.iep.student
        title = (f"{student}: the data on {goal.area} called for a decision on {late.fire.fired_on:%b %-d} "
                 f"and none is recorded (late since {late.since:%b %-d}) — record what the team decided")
        reminders.append(Reminder(
            goal.iep.case_manager_id, Notification.Kind.DECISION_DUE,
            f"{DECISION_PREFIX}:{goal.pk}:{late.fire.fired_on.isoformat()}", title,
            reverse("progress:goal", args=[goal.pk]) + "#decisions-heading", student_id=student.pk,
        ))
    resolve_settled(Notification.Kind.DECISION_DUE, DECISION_PREFIX, reminders)
    return reminders
