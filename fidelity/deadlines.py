"""The compliance deadlines list: annual reviews, reevaluations, progress reports and
transition plans, upcoming and overdue, for many IEPs in a fixed number of queries.

Only a view of `students.checklist.deadlines_for`: the annual review and reevaluation
(students.checklist.iep_deadlines), the transition plan item (due when the student turns 16
during the IEP, or at the IEP's start when they already are) and the next progress report
each IEP owes (the checklist's progress_reports item, from progress.reports.report_statuses,
due a grace period after its reporting period ends). It computes no date of its own.
Queries: deadlines_for's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from students.checklist import deadlines_for
from students.models import IEP

KINDS = {
    "annual_review": "Annual review",
    "reevaluation": "Reevaluation",
    "progress_reports": "Progress reports",
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

    `ieps`: active IEPs with `student` and `case_manager` selected. Every date and note comes
    from students.checklist.deadlines_for, so the list says what the checklist, the caseload
    page and the reminders say.
    """
    horizon = today + dt.timedelta(days=horizon_days)
    items: list[DueItem] = []
    for status in deadlines_for(list(ieps), today):
        for deadline in status.deadlines:
            if deadline.key not in KINDS or deadline.due > horizon:
                continue
            items.append(DueItem(status.iep, deadline.key, KINDS[deadline.key], deadline.due,
                                 deadline.note, today))
    items.sort(key=lambda i: (i.due, i.iep.student.last_name, i.iep.student.first_name, i.kind))
    return items
