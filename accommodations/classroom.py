"""A teacher's classes on one day: the students with IEPs and the supports that apply.

Built for "My classes" and its partial updates, the teacher's My day panel and the bulk
"all provided" action, in a fixed number of queries however many students or checks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from accommodations.models import CheckChange, ImplementationCheck, Support
from accommodations.rates import assessment_days
from schedules import rotation
from schedules.queries import schedules_for
from students.lateness import Lateness, lateness
from students.models import IEP, Enrollment, Section, Student
from students.school_days import school_days_for

ON_TIME = Lateness(school_days_after=0, days_after=0, late=False, needs_approval=False)

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass
class Item:
    """One support for one student in one class today, and what was recorded."""

    support: Support
    expected: bool
    check: ImplementationCheck | None = None
    changes: list[CheckChange] = field(default_factory=list)  # earlier outcomes, oldest first

    @property
    def unchecked(self) -> bool:
        return self.expected and self.check is None

    @property
    def needs_note(self) -> bool:
        return self.check is not None and self.check.outcome in {
            ImplementationCheck.Outcome.NOT_PROVIDED, ImplementationCheck.Outcome.DECLINED
        }


@dataclass
class StudentRow:
    student: Student
    iep: IEP
    items: list[Item] = field(default_factory=list)
    ack_due: Any = None  # set by the page: an outstanding AcknowledgementDue for this teacher
    # Marked absent from this class meeting (a "student absent" check on any of its supports):
    # nothing is expected of the meeting, and "All provided" passes the student by.
    absent: bool = False

    @property
    def unchecked(self) -> int:
        return sum(1 for i in self.items if i.unchecked)

    @property
    def expected(self) -> int:
        return sum(1 for i in self.items if i.expected)


@dataclass
class SectionDay:
    section: Section
    day: dt.date
    instructional: bool
    # What makes the day an assessment day in the class (a window's name, e.g. "State math
    # test", or "Assessment" as the teacher recorded it); empty on other days.
    assessment: list[str] = field(default_factory=list)
    students: list[StudentRow] = field(default_factory=list)
    # How late a check-off of this day, recorded today, is (a reason is asked when late).
    lateness: Lateness = ON_TIME
    # Whether the class meets on `day` (schedules: an A-day class does not meet on a B day),
    # and the day's letter in its school's rotation (None when the school's days are alike).
    # A class that does not meet lists no students: nothing is checked in it that day.
    meets: bool = True
    letter: str | None = None

    @property
    def in_session(self) -> bool:
        """A school day on which the class meets: its supports may be checked."""
        return self.instructional and self.meets

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def absent(self) -> int:
        return sum(1 for s in self.students if s.absent)

    @property
    def unchecked(self) -> int:
        return sum(s.unchecked for s in self.students)

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.students)

    @property
    def plan_counts(self) -> str:
        """"3 IEPs, 2 504 plans" when the class mixes kinds of plan; empty when it does not."""
        n504 = sum(1 for s in self.students if s.iep.is_504)
        if not n504 or n504 == len(self.students):
            return ""
        nieps = len(self.students) - n504
        return f"{nieps} IEP{'s' if nieps != 1 else ''}, {n504} 504 plan{'s' if n504 != 1 else ''}"


def classes_for(
    teacher: User, day: dt.date, *, section: Section | None = None
) -> list[SectionDay]:
    """The teacher's active sections (or just `section`) on `day`, with IEP students' supports:
    the students enrolled on `day` whom the teacher may see today (Student.objects.visible_to).

    A class that does not meet on `day` (its bell schedule, `schedules.queries`, has it
    meet on other day letters) has `meets` False and no students.

    An item is `expected` when the class meets that day and the support expects a check:
    every-class supports always, assessment-only supports when the section has an
    assessment that day (`rates.assessment_days`: a window, or one the teacher recorded),
    as-needed never (they are listed so a use can be logged).

    A student with a "student absent" check on any support of the class that day is absent
    from the meeting: none of their items is expected.

    Queries: sections (1), enrollments with students and IEPs (1), supports (1), checks (1),
    earlier outcomes of the checks (1, when there are checks), assessment days (2: recorded
    ones, windows), the classes' schedules (`schedules_for`: sections, calendars, closures,
    day patterns, anchors, overrides, meetings: 7): thirteen or fourteen, two more for an
    earlier day (how late a check would be); two when the teacher has no class.
    """
    sections_qs = Section.objects.filter(teacher=teacher, active=True).order_by("period", "name")
    if section is not None:
        sections_qs = sections_qs.filter(pk=section.pk)
    sections = list(sections_qs)
    if not sections:
        return []
    # Enrolled that day AND seen now: an earlier day shows who was in the class then, never a
    # student the teacher no longer has any relationship with.
    enrollments = list(
        Enrollment.objects.current(day)
        .filter(section__in=sections, student__active=True, student__ieps__status=IEP.Status.ACTIVE)
        .filter(student__in=Student.objects.visible_to(teacher))
        .select_related("student")
        .order_by("student__last_name", "student__first_name")
    )
    if not enrollments:
        return [SectionDay(s, day, instructional=False) for s in sections]
    student_ids = {e.student_id for e in enrollments}
    supports_by_student: dict[int, list[Support]] = defaultdict(list)
    ieps: dict[int, IEP] = {}
    for support in (
        Support.objects.current(day).on_active_ieps()
        .filter(iep__student__in=student_ids, iep__start_date__lte=day, iep__end_date__gte=day)
        .select_related("iep")
        .order_by("kind", "pk")
    ):
        supports_by_student[support.iep.student_id].append(support)
        ieps[support.iep.student_id] = support.iep
    checks = {
        (c.support_id, c.section_id, c.student_id): c
        for c in ImplementationCheck.objects.filter(section__in=sections, date=day)
    }
    absent = {(c.section_id, c.student_id) for c in checks.values()
              if c.outcome == ImplementationCheck.Outcome.ABSENT}
    changes: dict[int, list[CheckChange]] = defaultdict(list)
    if checks:
        for change in CheckChange.objects.filter(
            check_off__in=[c.pk for c in checks.values()]
        ).select_related("recorded_by"):
            changes[change.check_off_id].append(change)
    assessments = assessment_days(sections, day, day)
    schedules = schedules_for([s.pk for s in sections])

    today = timezone.localdate()
    days = school_days_for({s.school_id for s in sections}) if day < today else {}
    result: dict[int, SectionDay] = {
        s.pk: SectionDay(s, day, instructional=schedules[s.pk].rotation.is_instructional(day),
                         assessment=assessments.get((s.pk, day), []),
                         lateness=lateness(happened=day, recorded=today, days=days[s.school_id])
                         if day < today else ON_TIME,
                         meets=rotation.meets(schedules[s.pk], day),
                         letter=schedules[s.pk].rotation.letter_of(day))
        for s in sections
    }
    for enrollment in enrollments:
        section_day = result[enrollment.section_id]
        if section_day.instructional and not section_day.meets:
            continue
        student_supports = supports_by_student.get(enrollment.student_id, [])
        away = (enrollment.section_id, enrollment.student_id) in absent
        items = []
        for support in student_supports:
            if not support.applies_to(section_day.section.subject):
                continue
            expected = section_day.instructional and not away and support.expects_checks and (
                not support.assessment_only or bool(section_day.assessment)
            )
            check = checks.get((support.pk, enrollment.section_id, enrollment.student_id))
            items.append(Item(support, expected, check, changes.get(check.pk, []) if check else []))
        if items:
            section_day.students.append(
                StudentRow(enrollment.student, ieps[enrollment.student_id], items, absent=away)
            )
    return list(result.values())
