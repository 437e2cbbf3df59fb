"""factory_boy factories that keep relations consistent (no row straddles two schools)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from iep_portal.models import User
from students.models import (
    IEP,
    Closure,
    Enrollment,
    ParentContact,
    School,
    SchoolCalendar,
    Section,
    Student,
    TeamMember,
)

# Tests run with the date frozen inside this school year (see conftest.FROZEN_TODAY).
YEAR_START = dt.date(2026, 8, 17)
YEAR_END = dt.date(2027, 6, 4)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    code = factory.Sequence(lambda n: f"S{n:03d}")


class CalendarFactory(DjangoModelFactory):
    class Meta:
        model = SchoolCalendar

    school = factory.SubFactory(SchoolFactory)
    name = "2026-27"
    start_date = YEAR_START
    end_date = YEAR_END


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = Closure

    calendar = factory.SubFactory(CalendarFactory)
    date = dt.date(2026, 11, 26)
    reason = "Thanksgiving"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@district.test")
    # Names no test writes by hand, so "X is not on this page" cannot collide by chance.
    first_name = factory.Sequence(lambda n: f"Staffer{n}")
    last_name = factory.Sequence(lambda n: f"Colleague{n}")
    role = User.Role.GEN_ED_TEACHER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def schools(self, create: bool, extracted: list[School] | None, **kwargs: object) -> None:
        if create and extracted:
            self.schools.set(extracted)
        if create:
            self.save()


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    student_number = factory.Sequence(lambda n: f"{100000 + n}")
    first_name = factory.Sequence(lambda n: f"Pupil{n}")
    last_name = factory.Sequence(lambda n: f"Learner{n}")
    date_of_birth = dt.date(2014, 3, 9)
    grade = "6"


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Math 6-{n}")
    subject = "Math"
    period = factory.Sequence(lambda n: str(n % 7 + 1))
    teacher = factory.SubFactory(UserFactory, role=User.Role.GEN_ED_TEACHER)

    @factory.post_generation
    def _teacher_works_here(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and self.teacher:
            self.teacher.schools.add(self.school)


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(StudentFactory)
    section = factory.SubFactory(SectionFactory, school=factory.SelfAttribute("..student.school"))
    start_date = YEAR_START
    # Known to the portal since it started (as the migration sets for existing rows).
    created_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.start_date, dt.time(7), tzinfo=dt.UTC)
    )


class IEPFactory(DjangoModelFactory):
    class Meta:
        model = IEP
        skip_postgeneration_save = True

    student = factory.SubFactory(StudentFactory)
    case_manager = factory.SubFactory(UserFactory, role=User.Role.CASE_MANAGER)
    status = IEP.Status.ACTIVE
    meeting_date = dt.date(2026, 9, 1)
    start_date = dt.date(2026, 9, 8)
    end_date = dt.date(2027, 8, 31)
    annual_review_due = dt.date(2027, 8, 31)
    last_evaluation_date = dt.date(2025, 3, 1)
    reevaluation_due = dt.date(2028, 2, 28)

    @factory.post_generation
    def _case_manager_works_here(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.case_manager.schools.add(self.student.school)


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember
        skip_postgeneration_save = True

    iep = factory.SubFactory(IEPFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.PROVIDER)
    role = TeamMember.Role.PROVIDER

    @factory.post_generation
    def _member_works_here(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.user.schools.add(self.iep.student.school)


class ParentContactFactory(DjangoModelFactory):
    class Meta:
        model = ParentContact

    student = factory.SubFactory(StudentFactory)
    staff = factory.SubFactory(UserFactory)
    contacted_on = dt.date(2026, 10, 1)
    channel = ParentContact.Channel.PHONE
    family_member = "Parent"
    summary = "Talked about the reading plan."
