"""A staff member's caseload: the students they serve and what they owe each one.

Set-based: four queries whatever the caseload's size (asserted in tests).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery

from students import matrix
from students.models import IEP, Enrollment, ResponsibilityOverride, Section, Student, TeamMember

if TYPE_CHECKING:
    from iep_portal.models import User

TEAM_ROLE_TO_MATRIX: dict[str, str] = {
    TeamMember.Role.GEN_ED_TEACHER: matrix.GEN_ED_TEACHER,
    TeamMember.Role.CO_TEACHER: matrix.GEN_ED_TEACHER,
    TeamMember.Role.PROVIDER: matrix.PROVIDER,
}


@dataclass
class CaseloadEntry:
    student: Student
    iep: IEP
    matrix_role: str
    duties: list[matrix.Duty] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # the user's classes the student is in

    @property
    def role_label(self) -> str:
        return {
            matrix.CASE_MANAGER: "Case manager",
            matrix.GEN_ED_TEACHER: "Teacher",
            matrix.PROVIDER: "Service provider",
        }[self.matrix_role]


def caseload_for(user: User, today: dt.date) -> list[CaseloadEntry]:
    """Students with an active IEP whom this user serves, with the user's duties for each.

    Queries: IEPs the user is on (1), classes the user teaches with IEP students (1), the
    active IEPs of those students (1), responsibility overrides (1).
    """
    team_role = TeamMember.objects.filter(iep=OuterRef("pk"), user=user).values("role")[:1]
    # A union of keys, not an OR across the team join: each side uses its index, where the
    # OR made PostgreSQL scan every IEP and team member in the district.
    mine = IEP.objects.filter(case_manager=user).values("pk").union(
        TeamMember.objects.filter(user=user).values("iep")
    )
    ieps = list(
        IEP.objects.active()
        .filter(pk__in=mine)
        .annotate(my_team_role=Subquery(team_role))
        .select_related("student", "student__school")
    )
    entries: dict[int, CaseloadEntry] = {}
    for iep in ieps:
        role: str | None
        if iep.case_manager_id == user.pk:
            role = matrix.CASE_MANAGER
        else:
            role = TEAM_ROLE_TO_MATRIX.get(iep.my_team_role)  # type: ignore[attr-defined]
            if role is None:
                continue  # view-only team members have no duties
        entries[iep.student_id] = CaseloadEntry(student=iep.student, iep=iep, matrix_role=role)

    enrollments = list(
        Enrollment.objects.current(today)
        .filter(section__teacher=user, student__ieps__status=IEP.Status.ACTIVE)
        .select_related("section", "student", "student__school")
        .order_by("section__period", "section__name", "student__last_name")
    )
    missing = {e.student_id for e in enrollments} - set(entries)
    if missing:
        for iep in IEP.objects.active().filter(student__in=missing).select_related("student"):
            entries[iep.student_id] = CaseloadEntry(
                student=iep.student, iep=iep, matrix_role=matrix.GEN_ED_TEACHER
            )
    for enrollment in enrollments:
        entry = entries[enrollment.student_id]
        entry.student = enrollment.student
        entry.sections.append(enrollment.section)

    overrides: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for row in ResponsibilityOverride.objects.filter(iep__in=[e.iep.pk for e in entries.values()]):
        overrides[row.iep_id].append((row.responsibility, row.role, row.level))
    for entry in entries.values():
        entry.duties = matrix.duties(matrix.matrix_for(overrides[entry.iep.pk]), entry.matrix_role)

    return sorted(entries.values(), key=lambda e: (e.student.last_name, e.student.first_name))


@dataclass
class CaseloadGroup:
    """The students one person serves in one role, with the duties that role carries.

    Duties are the same for every student unless an IEP overrides the matrix; those
    students are marked (`entry.duties != group.duties`) and show their own list.
    """

    role: str
    role_label: str
    duties: list[matrix.Duty]
    entries: list[CaseloadEntry]


def group_by_role(caseload: list[CaseloadEntry]) -> list[CaseloadGroup]:
    groups: dict[str, CaseloadGroup] = {}
    for entry in caseload:
        if entry.matrix_role not in groups:
            groups[entry.matrix_role] = CaseloadGroup(
                role=entry.matrix_role, role_label=entry.role_label,
                duties=matrix.duties(matrix.DEFAULT_MATRIX, entry.matrix_role), entries=[],
            )
        groups[entry.matrix_role].entries.append(entry)
    order = [matrix.CASE_MANAGER, matrix.PROVIDER, matrix.GEN_ED_TEACHER]
    return sorted(groups.values(), key=lambda g: order.index(g.role))
