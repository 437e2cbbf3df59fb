"""What is due in progress monitoring: goal data (set-based queries) and progress reports
(pure rules, fed by progress.reports.report_statuses).

Progress reports — the one answer to "is this report owed, sent, late?" — are at the end of
this module: `report_status` for one goal and period, `reports_owed` for one IEP's schedule.

Goal data contract (for the reminder sweeper and admin dashboards):

    data_due(today, goals=None) -> DataDue(stale_goals, overdue_requests)

- `stale_goals`: active goals on active IEPs whose data are past due: no data point since
  `data_due_on - collection_interval_days`, i.e. `data_due_on < today` (see
  GoalQuerySet.with_data_due for when the clock starts). Each goal carries `last_data_on`
  (date or None), `data_due_on` (date), `iep`, `iep.student`, `iep.case_manager`, and
  `collector_list` (the users who collect for it: whom to notify). Oldest due first.
- `overdue_requests`: open DataRequests whose `due_on < today`, for goal data or a support
  review, with `goal` or `support`, its `iep` and `iep.student`, `teacher` (whom to notify)
  and `requested_by` loaded.
- Pass `goals` (a Goal queryset) to narrow the scope, e.g. one school's or one person's:
  `Goal.objects.filter(iep__student__school=school)` or `Goal.objects.collected_by(user)`.
- Exactly three queries, however many goals or requests: stale goals (1), their collectors
  (1), overdue requests (1). Nothing is written; dedupe and sending are the caller's job.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from accommodations.review_requests import PendingReview
from progress.models import DataRequest, Goal, GoalCollector, GoalQuerySet
from progress.periods import Period

if TYPE_CHECKING:
    from iep_portal.models import User
    from students.models import IEP, Student


@dataclass(frozen=True)
class DataDue:
    stale_goals: list[Goal]
    overdue_requests: list[DataRequest]


def stale_goals(today: dt.date, goals: GoalQuerySet | None = None) -> list[Goal]:
    """Two queries: the goals (with data-due annotations), then their collectors."""
    scope = (goals if goals is not None else Goal.objects.all()).active()
    found: list[Goal] = list(
        scope.with_data_due()
        .filter(data_due_on__lt=today)
        .select_related("iep", "iep__student", "iep__case_manager")
        .order_by("data_due_on", "pk")
    )
    people: dict[int, list[object]] = defaultdict(list)
    for row in GoalCollector.objects.filter(goal__in=[g.pk for g in found]).select_related("user"):
        people[row.goal_id].append(row.user)
    for goal in found:
        goal.collector_list = people[goal.pk]  # type: ignore[attr-defined]
    return found


def overdue_requests(today: dt.date, goals: GoalQuerySet | None = None) -> list[DataRequest]:
    """Open requests past due, for goal data and (unless narrowed to `goals`) for support
    reviews, on active IEPs, whose goal is still worked on or whose support is still current."""
    qs = DataRequest.objects.past_due(today).answerable(today)
    if goals is not None:
        qs = qs.filter(goal__in=goals)
    return list(qs.with_subject().select_related("teacher", "requested_by").order_by("due_on", "pk"))


def reviews_pending(iep: IEP) -> dict[int, list[PendingReview]]:
    """Support reviews asked on the IEP and not yet given, by support pk (for the support
    trend, through accommodations.review_requests). One query."""
    found: dict[int, list[PendingReview]] = defaultdict(list)
    for request in DataRequest.objects.open().filter(support__iep=iep).select_related("teacher"):
        found[request.support_id].append(PendingReview(str(request.teacher), request.due_on))  # type: ignore[index]
    return dict(found)


def data_due(today: dt.date, goals: GoalQuerySet | None = None) -> DataDue:
    return DataDue(stale_goals(today, goals), overdue_requests(today, goals))


# --- progress reports: owed, sent, late -------------------------------------------------------
#
# When a report is owed. The IEP promises the family a report at the end of every reporting
# period of its schedule (the school year cut into ReportingSchedule.reports_per_year, see
# progress.reports.reporting_periods). A goal owes a report for each such period that ends
# while the IEP is in effect and on or after the day the goal took effect: the later of the
# IEP's start date and the goal's baseline date (a goal added by an amendment takes effect
# when its baseline was taken). Never from when the goal's row was created: a goal typed into
# the portal in November was still in the IEP that began in August, and still owed the
# October report. Goals no longer worked on (active=False) owe nothing.
#
# When it is due and late. The report is due `report_grace_days()` days after its period ends
# (FIDELITY_REPORT_GRACE_DAYS, default 7): sent by then is on time, sent later is sent late,
# not sent by then is late (overdue).

UPCOMING = "upcoming"  # the period has not ended: the report is not owed yet
OWED = "owed"  # the period has ended and the report is not sent, but it is not late yet
LATE = "late"  # not sent, and its due date has passed
SENT = "sent"  # sent to the family by its due date
SENT_LATE = "sent_late"  # sent, but after its due date

REPORT_STATUS_LABELS = {
    UPCOMING: "Not due yet", OWED: "Owed", LATE: "Overdue", SENT: "Sent", SENT_LATE: "Sent late",
}
UNSENT = (UPCOMING, OWED, LATE)


def report_grace_days() -> int:
    """Days after a reporting period ends by which the family's report is on time."""
    return int(getattr(settings, "FIDELITY_REPORT_GRACE_DAYS", 7))


def report_due_on(period_end: dt.date, grace_days: int) -> dt.date:
    return period_end + dt.timedelta(days=grace_days)


def goal_takes_effect(*, iep_start: dt.date, baseline_date: dt.date) -> dt.date:
    """The day a goal starts owing reports: the later of the IEP's start and its baseline."""
    return max(iep_start, baseline_date)


def report_status(*, period_end: dt.date, sent_on: dt.date | None, today: dt.date,
                  grace_days: int) -> str:
    """Is this goal's report for the period ending `period_end` owed, sent or late, today?"""
    due = report_due_on(period_end, grace_days)
    if sent_on is not None:
        return SENT if sent_on <= due else SENT_LATE
    if period_end >= today:
        return UPCOMING
    return LATE if due < today else OWED


@dataclass(frozen=True)
class ReportDue:
    """One goal's report for one reporting period."""

    goal_id: int
    period: Period
    due_on: dt.date
    sent_on: dt.date | None
    written: bool
    status: str
    written_by: str = ""  # who wrote it, when written

    @property
    def label(self) -> str:
        return REPORT_STATUS_LABELS[self.status]

    @property
    def sent(self) -> bool:
        return self.status in (SENT, SENT_LATE)


@dataclass(frozen=True)
class PeriodReports:
    """Every goal report one reporting period owes, and the period's answer as a whole."""

    period: Period
    due_on: dt.date
    rows: list[ReportDue]

    @property
    def status(self) -> str:
        """Late if any report is late; else owed if any is owed; else not due yet if any is
        still to come; else sent late if any was sent late; else sent."""
        found = {row.status for row in self.rows}
        return next(s for s in (LATE, OWED, UPCOMING, SENT_LATE, SENT) if s in found)

    @property
    def label(self) -> str:
        return REPORT_STATUS_LABELS[self.status]

    @property
    def unsent(self) -> list[ReportDue]:
        return [row for row in self.rows if not row.sent]

    @property
    def last_sent_on(self) -> dt.date | None:
        return max((row.sent_on for row in self.rows if row.sent_on), default=None)

    @property
    def last_sent(self) -> ReportDue | None:
        """The report of this period that went to the family last."""
        sent = [row for row in self.rows if row.sent_on]
        return max(sent, key=lambda row: row.sent_on) if sent else None  # type: ignore[arg-type,return-value]

    def describe(self) -> str:
        """"Period 1 of 4 (Aug 17 to Oct 28): 1 of 2 goal reports not sent." and the like."""
        head = f"Period {self.period.label} ({self.period.start:%b %-d} to {self.period.end:%b %-d})"
        n, unsent = len(self.rows), len(self.unsent)
        if unsent:
            return f"{head}: {unsent} of {n} goal report{'s' if n != 1 else ''} not sent."
        late = " (after the due date)" if self.status == SENT_LATE else ""
        return f"{head}: all {n} goal report{'s' if n != 1 else ''} sent{late}."


@dataclass(frozen=True)
class IEPReports:
    """One IEP's reporting schedule and what each period owes (periods owing nothing left out)."""

    iep_id: int
    periods: list[Period]
    owed: list[PeriodReports]
    goals: int  # how many goals are being worked on

    def for_period(self, period: Period) -> PeriodReports | None:
        return next((p for p in self.owed if p.period == period), None)

    @property
    def ended(self) -> list[PeriodReports]:
        return [p for p in self.owed if p.status != UPCOMING]

    @property
    def first_unsent(self) -> PeriodReports | None:
        """The earliest period with a report owed, late or still to come: the one to chase."""
        return next((p for p in self.owed if p.unsent), None)

    @property
    def late(self) -> list[PeriodReports]:
        return [p for p in self.owed if p.status == LATE]

    @property
    def next_upcoming(self) -> PeriodReports | None:
        return next((p for p in self.owed if p.status == UPCOMING), None)


def reports_owed(
    *, iep_id: int, iep_start: dt.date, iep_end: dt.date, periods: Sequence[Period],
    goals: Sequence[tuple[int, dt.date]], reports: Mapping[tuple[int, dt.date], dt.date | None],
    today: dt.date, grace_days: int, writers: Mapping[tuple[int, dt.date], str] | None = None,
) -> IEPReports:
    """Every report an IEP's schedule owes, with its status. Pure.

    `goals`: (goal pk, baseline date) of the goals being worked on; `reports`: (goal pk,
    period start) -> sent_on (None when written but not sent) of the reports on file;
    `writers`, the same keys -> who wrote each (for the record only, not the answer).
    """
    writers = writers or {}
    owed = []
    for period in periods:
        if period.end < iep_start or period.start > iep_end:
            continue  # another IEP's period
        due = report_due_on(period.end, grace_days)
        rows = [
            ReportDue(goal_id, period, due, reports.get((goal_id, period.start)),
                      (goal_id, period.start) in reports,
                      report_status(period_end=period.end, sent_on=reports.get((goal_id, period.start)),
                                    today=today, grace_days=grace_days),
                      writers.get((goal_id, period.start), ""))
            for goal_id, baseline in goals
            if goal_takes_effect(iep_start=iep_start, baseline_date=baseline) <= period.end
        ]
        if rows:
            owed.append(PeriodReports(period, due, rows))
    return IEPReports(iep_id, list(periods), owed, len(goals))


def review_requests_for(teacher: User, student: Student) -> list[DataRequest]:
    """The teacher's open requests to review the student's supports, soonest due first, with
    each support and who asked. One query."""
    return list(
        DataRequest.objects.open().for_supports().answerable(timezone.localdate())
        .filter(teacher=teacher, support__iep__student=student)
        .select_related("support__iep__student", "requested_by")
        .order_by("due_on", "support__kind", "support__category", "support__pk")
    )
