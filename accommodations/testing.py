"""The testing roster: every student's testing accommodations for one assessment session.

For a test coordinator (their schools) or an administrator: each student at the schools the
window covers with assessment accommodations in effect that day (34 CFR 300.320(a)(6):
the IEP's accommodations on state and district assessments; 300.160), with their grade, the
class they test in, each accommodation and who is responsible (the class's teacher and the
case manager). Grouped by class, so the printed roster has one page per class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from accommodations.models import Support
from assessments.models import AssessmentWindow
from students.access import testing_roster_students
from students.models import IEP, Enrollment, Section, Student

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass
class RosterRow:
    student: Student
    iep: IEP
    section: Section | None
    supports: list[Support] = field(default_factory=list)

    @property
    def responsible(self) -> list[str]:
        names = []
        if self.section is not None and self.section.teacher is not None:
            names.append(f"{self.section.teacher.get_full_name()} (teacher)")
        if self.iep.case_manager is not None:
            names.append(f"{self.iep.case_manager.get_full_name()} (case manager)")
        return names


@dataclass
class RosterGroup:
    section: Section | None
    rows: list[RosterRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.section is None:
            return "No class of the test's subject"
        return f"{self.section} · {self.section.school}"


def assessment_supports() -> Q:
    """Supports that apply on assessments: testing accommodations (strategies are not)."""
    return (Q(scope=Support.Scope.ASSESSMENTS) | Q(frequency=Support.Frequency.ASSESSMENTS)) & ~Q(
        kind=Support.Kind.STRATEGY)


def roster_for(user: User, window: AssessmentWindow, day: dt.date) -> list[RosterGroup]:
    """The roster of `window` on `day` as `user` may read it (testing_roster_students),
    grouped by class in period order, students by name.

    Queries: the testing accommodations with students, IEPs and case managers (1), the
    students' classes that day with teachers and schools (1): two, however many students.
    """
    students = testing_roster_students(user).filter(active=True)
    if window.scope == AssessmentWindow.Scope.SCHOOL:
        students = students.filter(school=window.school_id)
    elif window.scope == AssessmentWindow.Scope.SECTION:
        students = students.filter(
            pk__in=Enrollment.objects.current(day).filter(section=window.section_id).values("student"))
    supports = [
        s for s in Support.objects.current(day).on_active_ieps()
        .filter(assessment_supports(), iep__student__in=students,
                iep__start_date__lte=day, iep__end_date__gte=day)
        .select_related("iep__student", "iep__case_manager")
        .order_by("iep__student__last_name", "iep__student__first_name", "iep__student_id", "kind", "pk")
        if not window.subject or s.applies_to(window.subject)
    ]
    if not supports:
        return []
    student_ids = {s.iep.student_id for s in supports}
    classes: dict[int, Section] = {}
    for enrollment in (
        Enrollment.objects.current(day)
        .filter(student__in=student_ids, section__active=True)
        .select_related("section__teacher", "section__school")
        .order_by("section__period", "section__name", "pk")
    ):
        if enrollment.student_id not in classes and window.applies_to(enrollment.section):
            classes[enrollment.student_id] = enrollment.section
    rows: dict[int, RosterRow] = {}
    for support in supports:
        student = support.iep.student
        row = rows.get(student.pk)
        if row is None:
            row = rows[student.pk] = RosterRow(student, support.iep, classes.get(student.pk))
        row.supports.append(support)
    groups: dict[int | None, RosterGroup] = {}
    for row in rows.values():
        key = row.section.pk if row.section else None
        groups.setdefault(key, RosterGroup(row.section)).rows.append(row)
    return sorted(groups.values(), key=lambda g: (
        g.section is None, g.section.school.name if g.section else "",
        g.section.period if g.section else "", g.section.name if g.section else ""))


def session_days(window: AssessmentWindow) -> list[dt.date]:
    """The days a roster may be asked for: the session days, or every weekday of the window
    (needs the window's sessions, prefetched)."""
    days = sorted({s.day for s in window.sessions.all()})
    if days:
        return days
    span = (window.last_day - window.first_day).days + 1
    every = [window.first_day + dt.timedelta(days=i) for i in range(span)]
    return [d for d in every if d.weekday() < 5] or every


def default_day(days: list[dt.date], today: dt.date) -> dt.date:
    """Today's session if any, else the next one, else the last one."""
    coming = [d for d in days if d >= today]
    return coming[0] if coming else days[-1]


