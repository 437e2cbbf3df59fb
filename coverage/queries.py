"""What a paraprofessional and a substitute see: the few parts of a record they carry out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accommodations.models import ImplementationCheck, Support
from iep_portal.models import User
from progress.models import Goal
from services.models import ServiceCoProvider, ServiceRequirement
from students.models import IEP, Coverage, Enrollment, ParaAssignment, Section, Student


def para_sections(user: User, student: Student, day: dt.date) -> list[Section]:
    """The classes the student is in on `day` where `user` works beside them: every class of
    a student assigned by name, only the assigned classes otherwise (1 query)."""
    assignments = ParaAssignment.objects.on(day).filter(para=user)
    enrolled = Enrollment.objects.current(day).filter(student=student).values("section")
    if assignments.filter(student=student).exists():
        return list(Section.objects.filter(pk__in=enrolled))
    return list(Section.objects.filter(pk__in=enrolled).filter(
        pk__in=assignments.values("section")))


@dataclass
class Cell:
    """One support in one class today, with its check-off if made."""

    section: Section
    check: ImplementationCheck | None = None


@dataclass
class SupportRow:
    support: Support
    cells: list[Cell] = field(default_factory=list)


def current_supports(iep: IEP | None, day: dt.date) -> QuerySet[Support]:
    if iep is None:
        return Support.objects.none()
    return Support.objects.current(day).filter(iep=iep).order_by("source", "kind", "category", "pk")


def support_rows(iep: IEP | None, sections: list[Section], day: dt.date) -> list[SupportRow]:
    """The supports in effect on `day` that apply in at least one of `sections`, each with
    the day's check-offs in those classes (2 queries)."""
    supports = [s for s in current_supports(iep, day)
                if any(s.applies_to(sec.subject) for sec in sections)]
    checks = {(c.support_id, c.section_id): c for c in ImplementationCheck.objects.filter(
        support__in=supports, section__in=sections, date=day).select_related("teacher")}
    return [SupportRow(s, [Cell(sec, checks.get((s.pk, sec.pk))) for sec in sections
                           if s.applies_to(sec.subject)]) for s in supports]


def collected_goals(user: User, iep: IEP | None) -> list[Goal]:
    """The active goals of the IEP that name `user` a collector (1 query)."""
    if iep is None:
        return []
    return list(Goal.objects.filter(iep=iep, active=True, collectors=user).order_by("area", "pk"))


def co_provided_lines(user: User, iep: IEP | None, day: dt.date) -> list[ServiceRequirement]:
    """The IEP's service lines in effect on `day` that name `user` a current co-provider:
    the only lines a paraprofessional logs minutes on (1 query)."""
    if iep is None:
        return []
    named = ServiceCoProvider.objects.current().filter(user=user).values("requirement")
    return list(ServiceRequirement.objects.filter(
        iep=iep, pk__in=named, start_date__lte=day, end_date__gte=day).select_related("provider"))


def para_assignments_made(user: User) -> QuerySet[ParaAssignment]:
    """The paraprofessional assignments `user` sees on the coverage page: the ones they are
    given, the ones they made, and for an administrator those of their schools."""
    # One they made names the student only while they still see the student (a case manager
    # whose caseload moved on no longer sees the assignments they made for it).
    made = Q(assigned_by=user) & (Q(student__isnull=True) | Q(student__in=Student.objects.visible_to(user)))
    q = Q(para=user) | made
    if user.is_district_admin:
        q = Q()
    elif user.is_school_admin:
        schools = user.schools.values("pk")
        q |= Q(student__school__in=schools) | Q(section__school__in=schools)
    return ParaAssignment.objects.filter(q).select_related(
        "para", "student", "section", "assigned_by").order_by("-ends_on", "pk")


def coverages_seen(user: User) -> QuerySet[Coverage]:
    """The cover `user` sees on the coverage page: theirs as substitute or teacher, the ones
    they granted, and for an administrator those of their schools' teachers."""
    q = Q(substitute=user) | Q(teacher=user) | Q(granted_by=user)
    if user.is_district_admin:
        q = Q()
    elif user.is_school_admin:
        q |= Q(teacher__schools__in=user.schools.values("pk"))
    return Coverage.objects.filter(q).distinct().select_related(
        "substitute", "teacher", "granted_by").order_by("-ends_on", "pk")


@dataclass
class PacketStudent:
    student: Student
    supports: list[SupportRow]


def packet(section: Section, students: list[Student], day: dt.date) -> list[PacketStudent]:
    """A class's packet: each student with an active plan, and the supports and behavior-plan
    strategies in effect today that apply in this class, with today's check-offs (3 queries:
    plans, supports, checks). Nothing else of the record."""
    ieps = {i.student_id: i for i in IEP.objects.filter(student__in=students, status=IEP.Status.ACTIVE)}
    supports = [s for s in Support.objects.current(day).filter(iep__in=list(ieps.values()))
                .order_by("source", "kind", "category", "pk") if s.applies_to(section.subject)]
    checks = {c.support_id: c for c in ImplementationCheck.objects.filter(
        support__in=supports, section=section, date=day).select_related("teacher")}
    by_iep: dict[int, list[SupportRow]] = {}
    for row in (SupportRow(s, [Cell(section, checks.get(s.pk))]) for s in supports):
        by_iep.setdefault(row.support.iep_id, []).append(row)
    return [PacketStudent(s, by_iep.get(ieps[s.pk].pk, [])) for s in students
            if s.pk in ieps and by_iep.get(ieps[s.pk].pk)]
