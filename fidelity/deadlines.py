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
from typing import Any

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
    for status in deadlines_for(list(ieps), today, only=KINDS):
        for deadline in status.deadlines:
            if deadline.key not in KINDS or deadline.due > horizon:
                continue
            items.append(DueItem(status.iep, deadline.key, KINDS[deadline.key], deadline.due,
                                 deadline.note, today))
    items.sort(key=lambda i: (i.due, i.iep.student.last_name, i.iep.student.first_name, i.kind))
    return items


NOUNS = {
    "annual_review": ("annual review", "annual reviews"),
    "reevaluation": ("reevaluation", "reevaluations"),
    "progress_reports": ("progress report", "progress reports"),
    "transition_plan": ("transition plan", "transition plans"),
}


def _noun(kind: str, count: int) -> str:
    one, many = NOUNS[kind]
    return one if count == 1 else many


@dataclass(frozen=True)
class OverdueGroup:
    """The overdue deadlines of one kind, at one school (or, with school_id None, across the
    district): what an administrator's My day and reminders say, worst first."""

    school_id: int | None
    school: str
    kind: str
    count: int
    oldest_days: int
    schools: tuple[tuple[str, int], ...] = ()  # per school, for a district-wide group

    @property
    def title(self) -> str:
        verb = "is" if self.count == 1 else "are"
        if self.school_id is None:
            where = f"in {len(self.schools)} school{'s' if len(self.schools) != 1 else ''}"
            return f"{self.count} {_noun(self.kind, self.count)} {verb} overdue {where}"
        return f"{self.count} {_noun(self.kind, self.count)} at {self.school} {verb} overdue"

    @property
    def detail(self) -> str:
        oldest = f"the oldest {self.oldest_days} day{'s' if self.oldest_days != 1 else ''} overdue"
        if self.school_id is None:
            return oldest + ": " + ", ".join(f"{name} {n}" for name, n in self.schools)
        return oldest

    @property
    def query(self) -> str:
        """The deadlines list's filter for exactly these items."""
        return f"kind={self.kind}" + (f"&school={self.school_id}" if self.school_id is not None else "")


def _worst(groups: list[OverdueGroup]) -> list[OverdueGroup]:
    return sorted(groups, key=lambda g: (-g.oldest_days, -g.count, g.school, g.kind))


def overdue_by_school(items: Sequence[DueItem]) -> list[OverdueGroup]:
    """Overdue items of `compliance_deadlines` per school and kind, the oldest first."""
    found: dict[tuple[int, str], list[DueItem]] = {}
    for item in items:
        if item.overdue:
            found.setdefault((item.iep.student.school_id, item.kind), []).append(item)
    return _worst([
        OverdueGroup(school_id, group[0].iep.student.school.name, kind, len(group),
                     max(-i.days_left for i in group))
        for (school_id, kind), group in found.items()
    ])


def overdue_by_kind(groups: Sequence[OverdueGroup]) -> list[OverdueGroup]:
    """The per-school groups gathered per kind across the district (the director's lines)."""
    found: dict[str, list[OverdueGroup]] = {}
    for group in groups:
        found.setdefault(group.kind, []).append(group)
    return _worst([
        OverdueGroup(None, "", kind, sum(g.count for g in per), max(g.oldest_days for g in per),
                     tuple((g.school, g.count) for g in sorted(per, key=lambda g: (-g.count, g.school))))
        for kind, per in found.items()
    ])


def overdue_for_ieps(ieps: Any, today: dt.date) -> list[OverdueGroup]:
    """The overdue deadlines of these active IEPs per school and kind. `ieps`: an IEP
    queryset; queries: the IEPs (1) and deadlines_for's."""
    rows = list(ieps.select_related("student", "student__school", "case_manager"))
    return overdue_by_school(compliance_deadlines(rows, today, 0))
