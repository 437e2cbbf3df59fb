"""The documentation checklist's "progress reports sent on schedule" item (students/checklist.py).

A report is owed, for each goal being worked on, for every reporting period that has ended
while the IEP was in effect and the goal existed; it counts once the family was sent it
(ProgressReport.sent_on). The periods are the ones the reports page shows
(`progress.reports.reporting_periods`): the school year containing `today` cut into the IEP's
ReportingSchedule (or the district's default), or the IEP's own term outside a school year.

Done: every owed report was sent (the date and writer of the latest). Missing: the earliest
period with a report not sent, due at that period's end. Not applicable: no goals, or no
period has ended yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from progress import periods as p
from progress.models import Goal, ProgressReport, ReportingSchedule
from students.checklist import DONE, MISSING, NOT_APPLICABLE, ItemResult
from students.models import IEP, SchoolCalendar

KEY = "progress_reports"
LABEL = "Progress reports sent on schedule"


def progress_reports(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """The item for many IEPs (with `student` selected) at once.

    Queries (4, however many IEPs): schedules (1), school calendars (1), goals (1), sent
    reports with their writers (1).
    """
    if not ieps:
        return {}
    pks = [iep.pk for iep in ieps]
    per_year = dict(ReportingSchedule.objects.filter(iep__in=pks).values_list("iep_id", "reports_per_year"))
    calendars = {
        c.school_id: c for c in SchoolCalendar.objects.filter(
            school__in={iep.student.school_id for iep in ieps}, start_date__lte=today, end_date__gte=today
        ).order_by("start_date")  # several containing today: the last wins, as any one would do
    }
    goals: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for goal_pk, iep_pk, created in Goal.objects.filter(iep__in=pks, active=True).order_by().values_list(
            "pk", "iep_id", "created_at"):
        goals[iep_pk].append((goal_pk, timezone.localdate(created)))
    sent = {
        (r.goal_id, r.period_start): r
        for r in ProgressReport.objects.filter(goal__iep__in=pks, goal__active=True, sent_on__isnull=False)
        .select_related("written_by").order_by()
    }
    answers = {}
    for iep in ieps:
        if not goals[iep.pk]:
            answers[iep.pk] = ItemResult(NOT_APPLICABLE, note="No goals yet, so no progress reports are due.")
            continue
        count = per_year.get(iep.pk, settings.PROGRESS_REPORTS_PER_YEAR)
        calendar = calendars.get(iep.student.school_id)
        year = (p.periods(calendar.start_date, calendar.end_date, count) if calendar
                else p.periods(iep.start_date, iep.end_date, count))
        ended = [period for period in year
                 if period.end < today and period.end >= iep.start_date and period.start <= iep.end_date]
        upcoming = next((period for period in year if period.end >= today), None)
        if not ended:
            answers[iep.pk] = ItemResult(
                NOT_APPLICABLE, due=upcoming.end if upcoming else None,
                note=f"The first report is due by {upcoming.end:%b %-d}." if upcoming else "",
            )
            continue
        answers[iep.pk] = _answer(iep, ended, upcoming, goals[iep.pk], sent)
    return answers


def _answer(iep: IEP, ended: list[p.Period], upcoming: p.Period | None,
            goals: list[tuple[int, dt.date]], sent: dict[tuple[int, dt.date], ProgressReport]) -> ItemResult:
    latest: ProgressReport | None = None
    for period in ended:
        owed = [pk for pk, created in goals if created <= period.end]
        reports = [sent.get((pk, period.start)) for pk in owed]
        unsent = sum(1 for r in reports if r is None)
        if unsent:
            return ItemResult(
                MISSING, due=period.end,
                note=f"Period {period.label} ({period.start:%b %-d} to {period.end:%b %-d}): "
                     f"{unsent} of {len(owed)} goal report{'s' if len(owed) != 1 else ''} not sent.",
            )
        for report in reports:
            if report is not None and (latest is None or report.sent_on > latest.sent_on):  # type: ignore[operator]
                latest = report
    nxt = f" Next due by {upcoming.end:%b %-d}." if upcoming else ""
    if latest is None:  # every goal is newer than the ended periods
        return ItemResult(NOT_APPLICABLE, note=f"No report was owed yet for this IEP's goals.{nxt}",
                          due=upcoming.end if upcoming else None)
    return ItemResult(DONE, on=latest.sent_on, by=str(latest.written_by),
                      note=f"Sent for period {ended[-1].label}.{nxt}", due=upcoming.end if upcoming else None)


def register() -> None:
    from students.checklist import register_item

    register_item(KEY, LABEL, progress_reports)
