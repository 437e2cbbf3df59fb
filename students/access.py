"""Who may see and change which student: the getters every student-facing view uses.

`get_student_for_user` answers 404 when the user has no relationship to the student (the
same answer as for a student that does not exist, so nothing leaks), and writes the read to
the access log. `get_student_for_user_rw` also demands a capability and answers 403 when
the relationship is read-only for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest

from iep_portal import net
from iep_portal.models import AccessLog
from students import matrix
from students.models import IEP, Enrollment, Student, TeamMember

if TYPE_CHECKING:
    from iep_portal.models import User

DISTRICT_ADMIN = "district_admin"
SCHOOL_ADMIN = "school_admin"
CASE_MANAGER = "case_manager"
TEACHER = "teacher"  # teaches a section the student is enrolled in


def team(role: str) -> str:
    return f"team:{role}"


# What each capability needs: any one of these relations grants it.
CAPABILITIES: dict[str, frozenset[str]] = {
    # The full record: services, evaluations, the whole team. Gen-ed teachers who are not on
    # the team see only what they need (supports, strategies, the goals they collect for).
    "view_full": frozenset({
        DISTRICT_ADMIN, SCHOOL_ADMIN, CASE_MANAGER,
        team(TeamMember.Role.PROVIDER), team(TeamMember.Role.CO_TEACHER),
        team(TeamMember.Role.OBSERVER),
    }),
    "manage_iep": frozenset({CASE_MANAGER, DISTRICT_ADMIN}),
    # Who is on the team and who case-manages: the case manager and the administrators.
    "manage_team": frozenset({CASE_MANAGER, SCHOOL_ADMIN, DISTRICT_ADMIN}),
    # Amend the IEP (services, supports, goals) with its prior written notice.
    "amend": frozenset({CASE_MANAGER, SCHOOL_ADMIN, DISTRICT_ADMIN}),
    # Record the team's extended-school-year decision (34 CFR 300.106).
    "decide_esy": frozenset({CASE_MANAGER, SCHOOL_ADMIN, DISTRICT_ADMIN}),
    "log_service": frozenset({CASE_MANAGER, team(TeamMember.Role.PROVIDER),
                              team(TeamMember.Role.CO_TEACHER)}),
    "check_support": frozenset({TEACHER, CASE_MANAGER, team(TeamMember.Role.GEN_ED_TEACHER),
                                team(TeamMember.Role.CO_TEACHER)}),
    "record_data": frozenset({CASE_MANAGER, TEACHER, team(TeamMember.Role.GEN_ED_TEACHER),
                              team(TeamMember.Role.PROVIDER), team(TeamMember.Role.CO_TEACHER)}),
    "contact_family": frozenset({CASE_MANAGER, TEACHER, team(TeamMember.Role.GEN_ED_TEACHER),
                                 team(TeamMember.Role.PROVIDER), team(TeamMember.Role.CO_TEACHER)}),
    # Add and change the student's parents, guardians and surrogate parents, and invite them
    # to the family portal (families): the case manager and the administrators.
    "manage_guardians": frozenset({CASE_MANAGER, SCHOOL_ADMIN, DISTRICT_ADMIN}),
    "audit": frozenset({DISTRICT_ADMIN, SCHOOL_ADMIN}),
    # Record a disciplinary removal (34 CFR 300.530): the school's administrators (principal,
    # assistant principal) and the district's; the full record's readers see the removals.
    "record_removal": frozenset({DISTRICT_ADMIN, SCHOOL_ADMIN}),
    # Record what Medicaid billing needs of a student: the parent's consent to bill and the
    # annual notice (34 CFR 300.154(d)), diagnoses, a service line's codes.
    "record_billing": frozenset({CASE_MANAGER, SCHOOL_ADMIN, DISTRICT_ADMIN}),
}


@dataclass(frozen=True)
class StudentAccess:
    """A student as one user may see them, with the relationships that allow it."""

    student: Student
    iep: IEP | None
    relations: frozenset[str]

    def can(self, capability: str) -> bool:
        return bool(self.relations & CAPABILITIES[capability])

    @property
    def limited(self) -> bool:
        """True for a gen-ed teacher who sees only the classroom view."""
        return not self.can("view_full")

    @property
    def matrix_role(self) -> str | None:
        """The user's column in the responsibility matrix for this student, if any."""
        if CASE_MANAGER in self.relations:
            return matrix.CASE_MANAGER
        if team(TeamMember.Role.PROVIDER) in self.relations:
            return matrix.PROVIDER
        if self.relations & {TEACHER, team(TeamMember.Role.GEN_ED_TEACHER),
                             team(TeamMember.Role.CO_TEACHER)}:
            return matrix.GEN_ED_TEACHER
        return None


def relations_for(user: User, student: Student, team_role: str | None,
                  is_case_manager: bool, teaches: bool) -> frozenset[str]:
    found: set[str] = set()
    if user.is_district_admin:
        found.add(DISTRICT_ADMIN)
    if user.is_school_admin and getattr(student, "admin_of_school", False):
        found.add(SCHOOL_ADMIN)
    if is_case_manager:
        found.add(CASE_MANAGER)
    if team_role:
        found.add(team(team_role))
    if teaches:
        found.add(TEACHER)
    return frozenset(found)


def _annotated_students(user: User) -> QuerySet[Student]:
    active_iep = IEP.objects.filter(student=OuterRef("pk"), status=IEP.Status.ACTIVE)
    qs = Student.objects.visible_to(user).select_related("school").annotate(
        is_case_manager=Exists(active_iep.filter(case_manager=user)),
        team_role=Subquery(
            TeamMember.objects.filter(
                iep__student=OuterRef("pk"), iep__status=IEP.Status.ACTIVE, user=user
            ).values("role")[:1]
        ),
        teaches=Exists(
            Enrollment.objects.current().filter(student=OuterRef("pk"), section__teacher=user)
        ),
    )
    if user.is_school_admin:
        qs = qs.annotate(
            admin_of_school=Exists(user.schools.filter(pk=OuterRef("school_id")))
        )
    return qs


def testing_roster_students(user: User) -> QuerySet[Student]:
    """Students whose testing accommodations `user` may read on a testing roster (34 CFR
    300.320(a)(6), 300.160): a test coordinator those of their schools, administrators those
    they see; nobody else any. The roster shows a student's assessment accommodations alone:
    a test coordinator gets no other page about a student (`visible_to` gives them none)."""
    if user.is_authenticated and user.is_active and user.is_test_coordinator:
        return Student.objects.filter(school__in=user.schools.all())
    if user.is_authenticated and user.is_admin_role:
        return Student.objects.visible_to(user)
    return Student.objects.none()


def get_student_for_user(request: HttpRequest, pk: int, *, action: str = "view") -> StudentAccess:
    """The student, if the signed-in user may see them; else 404. Logs the read.

    Queries: the student with its relationships (1), the active IEP (1), the log row (1).
    """
    user = cast("User", request.user)  # signed in (LoginRequiredMiddleware)
    try:
        student = _annotated_students(user).get(pk=pk)
    except Student.DoesNotExist:
        raise Http404("No such student.") from None
    iep = (
        IEP.objects.filter(student=student, status=IEP.Status.ACTIVE)
        .select_related("case_manager")
        .first()
    )
    relations = relations_for(
        user, student, student.team_role, student.is_case_manager, student.teaches  # type: ignore[attr-defined]
    )
    AccessLog.objects.create(
        user=user, student=student, action=logged_action(request, action),
        path=request.get_full_path()[:500],
        ip_address=client_ip(request),
    )
    return StudentAccess(student=student, iep=iep, relations=relations)


def get_student_for_user_rw(
    request: HttpRequest, pk: int, *, capability: str, action: str = "change"
) -> StudentAccess:
    """As get_student_for_user, then 403 unless the relationship grants `capability`."""
    access = get_student_for_user(request, pk, action=action)
    if not access.can(capability):
        raise PermissionDenied("Your role on this student's team does not allow this change.")
    return access


def logged_action(request: HttpRequest, asked: str) -> str:
    """What the access log records: what happened, not what the page is for. Opening a form
    (or a reminder that leads to one) reads the record: a view. Only a write is a change."""
    if asked == "change" and request.method in ("GET", "HEAD", "OPTIONS"):
        return "view"
    return asked


def client_ip(request: HttpRequest) -> str | None:
    """The address the access log records: iep_portal.net's one rule (the proxy's own hop)."""
    return net.client_ip(request)
