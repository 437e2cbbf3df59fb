"""The progress panels on My day and on the student page (fixed query counts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.urls import reverse

from iep_portal.panels import NextAction
from progress.decisions import current_phase
from progress.due import UPCOMING
from progress.forms import DataPointForm
from progress.graph import build_graph
from progress.models import DataPoint, DataRequest, Goal, GoalDecision
from progress.reports import report_statuses
from students import matrix
from students.access import StudentAccess
from students.caseload import CaseloadEntry
from students.models import Student


def my_day(user: Any, today: dt.date, caseload: list[CaseloadEntry]) -> dict[str, Any] | None:
    """Open data requests to this person (goal data, and support reviews as one line per
    student), goals they collect for whose data are due, and (for a case manager) progress
    reports owed: next actions, with the quick forms in the panel.

    Queries: requests to me (1), my due goals (1), requests I sent still open (1), and for a
    case manager the progress reports (4).
    Only students on the caseload (or, for requests sent, students the user still sees) are
    listed, so a teacher who no longer teaches a student is not asked for data on them, and a
    replaced case manager no longer follows their requests.
    """
    from progress.views import default_setting

    if not caseload:
        return None
    students = [entry.student.pk for entry in caseload]
    setting = default_setting(user)
    asked_of_me = list(
        DataRequest.objects.open().filter(teacher=user).of_students(students).answerable(today)
        .with_subject().select_related("requested_by")
    )
    requests = [r for r in asked_of_me if not r.is_review]
    reviews = _reviews_by_student(r for r in asked_of_me if r.is_review)
    asked = {r.goal_id for r in requests}
    open_request = DataRequest.objects.open().filter(goal=OuterRef("pk"), teacher=user)
    due = [
        goal
        for goal in Goal.objects.active()
        .collected_by(user)
        .filter(iep__student__in=students)
        .with_data_due()
        .filter(data_due_on__lte=today)
        .exclude(Exists(open_request))
        .select_related("iep", "iep__student")
        .order_by("data_due_on", "pk")
        if goal.pk not in asked
    ]
    sent = list(
        DataRequest.objects.open()
        .filter(requested_by=user).of_students(Student.objects.visible_to(user))
        .with_subject().select_related("teacher")
        .order_by("due_on")
    )
    waiting = [r for r in sent if not r.is_review]
    reviews_waiting = _reviews_waiting(r for r in sent if r.is_review)
    reports = _reports_due(caseload, today)
    if not (requests or reviews or due or waiting or reviews_waiting or reports):
        return None
    actions = [
        NextAction(f"Data for {r.goal.iep.student} · {r.goal.area}, asked by {r.requested_by}",  # type: ignore[union-attr]
                   f"#ask-{r.pk}", due=r.due_on, overdue=r.due_on < today)
        for r in requests
    ]
    actions += [
        NextAction(f"Review {len(row['requests'])} support{pluralize(len(row['requests']))} for "
                   f"{row['student']}, asked by {row['requested_by']}",
                   reverse("progress:data_request", args=[row["requests"][0].pk]),
                   due=row["due_on"], overdue=row["due_on"] < today)
        for row in reviews
    ]
    if due:
        late = sum(1 for g in due if g.data_due_on < today)
        actions.append(NextAction(
            f"{len(due)} data point{pluralize(len(due))} due on goals you collect for", "#goal-data-due",
            overdue=bool(late), detail=f"{late} overdue" if late and late != len(due) else ""))
    if len(reports) <= REPORT_ACTIONS:
        actions += reports
    else:  # one line for them all; the panel lists each
        late = sum(1 for r in reports if r.overdue)
        actions.append(NextAction(
            f"{len(reports)} progress reports to send", "#progress-reports",
            due=min(r.due or today for r in reports),
            overdue=bool(late), detail=f"{late} past their due date" if late else ""))
    return {
        "actions": actions,
        "reports": reports if len(reports) > REPORT_ACTIONS else [],
        "has_data": bool(requests or reviews or due or waiting or reviews_waiting
                         or len(reports) > REPORT_ACTIONS),
        "today": today,
        "requests": [{"request": r, "goal": r.goal, "form": _quick_form(r.goal, setting)}  # type: ignore[arg-type]
                     for r in requests],
        # The most overdue get a form right here; the rest are links, so a long list stays
        # quick to load and to scan on a phone.
        "due": [{"goal": g, "form": _quick_form(g, setting)} for g in due[:QUICK_FORMS]],
        "due_more": due[QUICK_FORMS:],
        "due_count": len(due),
        "waiting": waiting,
        "reviews": reviews,
        "reviews_waiting": reviews_waiting,
    }


def _reviews_by_student(requests: Iterable[DataRequest]) -> list[dict[str, Any]]:
    """Support reviews asked of me, one row per student: the supports, the soonest due date."""
    rows: dict[int, dict[str, Any]] = {}
    for r in requests:
        student = r.iep.student
        row = rows.setdefault(student.pk, {"student": student, "requested_by": r.requested_by,
                                           "due_on": r.due_on, "requests": []})
        row["requests"].append(r)
        row["due_on"] = min(row["due_on"], r.due_on)
    return sorted(rows.values(), key=lambda row: (row["due_on"], str(row["student"])))


def _reviews_waiting(requests: Iterable[DataRequest]) -> list[dict[str, Any]]:
    """Support reviews I asked for, not yet given: one row per student and teacher."""
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for r in requests:
        student = r.iep.student
        row = rows.setdefault((student.pk, r.teacher_id), {"student": student, "teacher": r.teacher,
                                                           "due_on": r.due_on, "count": 0})
        row["count"] += 1
        row["due_on"] = min(row["due_on"], r.due_on)
    return sorted(rows.values(), key=lambda row: (row["due_on"], str(row["student"]), str(row["teacher"])))


QUICK_FORMS = 8
REPORT_ACTIONS = 3  # more progress reports owed than this are one line of My day's list


def _reports_due(caseload: list[CaseloadEntry], today: dt.date) -> list[NextAction]:
    """The case manager's progress reports owed now (the period ended) or late, one line per
    IEP, from report_statuses (the one answer). Queries: none without IEPs they manage; else
    report_statuses' (4)."""
    ieps = [e.iep for e in caseload if e.matrix_role == matrix.CASE_MANAGER]
    if not ieps:
        return []
    statuses = report_statuses(ieps, today)
    actions = []
    for iep in ieps:
        owed = statuses[iep.pk].first_unsent
        if owed is None or owed.status == UPCOMING:
            continue  # nothing to write until the period ends
        actions.append(NextAction(
            f"Progress report for {iep.student}, period {owed.period.label}",
            reverse("progress:reports_period", args=[iep.student_id, owed.period.number]),
            due=owed.due_on, overdue=owed.due_on < today,
            detail=f"{len(owed.unsent)} goal report{pluralize(len(owed.unsent))} to send"))
    return actions


def _quick_form(goal: Goal, setting: str) -> DataPointForm:
    return DataPointForm(
        goal=goal, default_setting=setting, auto_id=f"q{goal.pk}_%s", initial={"return_to": "home"}
    )


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """The student's goals with their graphs. A gen-ed teacher outside the full-view team
    sees only the goals they collect for. Queries: goals (1), all their points (1), their
    decisions (1)."""
    if access.iep is None:
        return None
    goals = Goal.objects.filter(iep=access.iep, active=True)
    if access.limited:
        goals = goals.collected_by(request.user)  # type: ignore[arg-type]
    goal_list = list(goals)
    if not goal_list and not access.can("manage_iep"):
        return None
    points: dict[int, list[DataPoint]] = {g.pk: [] for g in goal_list}
    for point in DataPoint.objects.counting().filter(goal__in=goal_list):
        points[point.goal_id].append(point)
    decided: dict[int, list[GoalDecision]] = {g.pk: [] for g in goal_list}
    for decision in GoalDecision.objects.filter(goal__in=goal_list).in_order():
        decided[decision.goal_id].append(decision)
    rows = []
    for goal in goal_list:
        analysis = goal.analyse(points[goal.pk], decided[goal.pk])
        rows.append(
            {
                "goal": goal,
                "analysis": analysis,
                "count": len(points[goal.pk]),
                "graph": build_graph(
                    goal, points[goal.pk], analysis, current_phase(points[goal.pk], decided[goal.pk]).lines),
            }
        )
    return {"student": access.student, "rows": rows, "manages": access.can("manage_iep")}
