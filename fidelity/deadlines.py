"""The compliance deadlines list: annual reviews, reevaluations, progress reports and
transition plans, upcoming and overdue, for many IEPs in a fixed number of queries.

Built on `students.checklist.deadlines_for` (annual review, reevaluation and the transition
plan item: due when the student turns 16 during the IEP, or at the IEP's start when they
already are) plus the next progress report each IEP owes (progress.periods, the IEP's
ReportingSchedule, reports already sent). Queries: deadlines_for's, + schedules (1),
calendars (1), goals (1), sent reports (1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from fidelity.figures import report_grace_days
from progress import periods as report_periods
from progress.models import Goal, ProgressReport, ReportingSchedule
from students.checklist import deadlines_for
from students.models import IEP, SchoolCalendar

KINDS = {
    "annual_review": "Annual review",
    "reevaluation": "Reevaluation",
    "progress_report": "Progress reports",
    "transition_plan": "Transition plan (age 16)",
}


@dataclass(frozen=True)
class DueItem:
    iep: IEP
    kind: str
    label: str
    due: dt.date
    note: str
    today: dt.date

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        n = self.days_left
        if n < 0:
            return f"{-n} day{'s' if n != -1 else ''} overdue"
        if n == 0:
            return "due today"
        return f"in {n} day{'s' if n != 1 else ''}"


def compliance_deadlines(ieps: Sequence[IEP], today: dt.date, horizon_days: int) -> list[DueItem]:
    """Deadlines due within `horizon_days` from today, and every overdue one, soonest first.

    `ieps`: active IEPs with `student` and `case_manager` selected.
    """
    horizon = today + dt.timedelta(days=horizon_days)
    items: list[DueItem] = []
    for status in deadlines_for(list(ieps), today):
        seen: set[tuple[str, dt.date]] = set()
        for deadline in status.deadlines:
            # The reevaluation is both an IEP date and a checklist item: list it once.
            if (deadline.key, deadline.due) in seen:
                continue
            seen.add((deadline.key, deadline.due))
            if deadline.key not in KINDS or deadline.key == "progress_report" or deadline.due > horizon:
                continue
            note = ""
            if deadline.key == "transition_plan":
                line = next((x for x in status.lines if x.key == "transition_plan"), None)
                note = line.result.note if line else ""
            items.append(DueItem(status.iep, deadline.key, KINDS[deadline.key], deadline.due, note, today))
    items.extend(_progress_reports(ieps, today, horizon))
    items.sort(key=lambda i: (i.due, i.iep.student.last_name, i.iep.student.first_name, i.kind))
    return items


def _progress_reports(ieps: Sequence[IEP], today: dt.date, horizon: dt.date) -> list[DueItem]:
    """Each IEP's earliest reporting period with goals whose report is not sent, due at the
    period's end plus the grace days (overdue when that day has passed)."""
    if not ieps:
        return []
    grace = dt.timedelta(days=report_grace_days())
    pks = [iep.pk for iep in ieps]
    per_year = dict(ReportingSchedule.objects.filter(iep__in=pks).values_list("iep_id", "reports_per_year"))
    calendars = {
        school_id: (start, end)
        for school_id, start, end in SchoolCalendar.objects.filter(
            school__in={iep.student.school_id for iep in ieps}, start_date__lte=today, end_date__gte=today,
        ).values_list("school_id", "start_date", "end_date")
    }
    goals: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    # A goal owes a report for every period that ends after its baseline (when it was
    # written into the IEP), even if it was entered in the portal later.
    for goal_id, iep_id, baseline in Goal.objects.filter(iep__in=pks, active=True).values_list(
        "pk", "iep_id", "baseline_date"
    ):
        goals[iep_id].append((goal_id, baseline))
    sent = set(
        ProgressReport.objects.filter(goal__iep__in=pks, sent_on__isnull=False)
        .values_list("goal_id", "period_start")
    )
    items = []
    for iep in ieps:
        year = calendars.get(iep.student.school_id)
        if year is None or not goals.get(iep.pk):
            continue
        n = per_year.get(iep.pk, settings.PROGRESS_REPORTS_PER_YEAR)
        for rp in report_periods.periods(year[0], year[1], n):
            due = rp.end + grace
            if rp.end < iep.start_date or due > horizon:
                continue
            unsent = [g for g, created in goals[iep.pk] if created <= rp.end and (g, rp.start) not in sent]
            if not unsent:
                continue
            items.append(DueItem(
                iep, "progress_report", KINDS["progress_report"], due,
                f"Period {rp.label} ended {rp.end:%b} {rp.end.day}: {len(unsent)} goal report"
                f"{'s' if len(unsent) != 1 else ''} not sent.", today,
            ))
            break  # the earliest unsent period is the one to chase
    return items
