"""Demo data: one school, this and last school year's calendars, ~30 students with IEPs, every role.

`python manage.py seed_demo` calls `load()` here, then each other app's `demo.load(world)`
in order, so every area adds its own history on top of the same world. Deterministic (a
fixed random seed) and idempotent: a second run finds the demo school and does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

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

DEMO_SCHOOL_CODE = "DEMO-LMS"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (public demo data)
# Printed by `make run` so a newcomer can sign in as an admin or the test coordinator (MFA is
# required of both).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

FIRST = ["Maya", "Liam", "Sofia", "Noah", "Ava", "Elijah", "Isabella", "Mateo", "Mia", "Lucas",
         "Amelia", "Ethan", "Harper", "Diego", "Evelyn", "Aiden", "Camila", "Jayden", "Luna",
         "Caleb", "Zoe", "Owen", "Nora", "Leo", "Aria", "Ezra", "Chloe", "Isaac", "Lily", "Kai"]
LAST = ["Lopez", "Nguyen", "Smith", "Johnson", "Garcia", "Brown", "Martinez", "Davis", "Kim",
        "Wilson", "Hernandez", "Moore", "Clark", "Lewis", "Walker", "Young", "Allen", "King",
        "Wright", "Scott", "Torres", "Hill", "Green", "Adams", "Baker", "Nelson", "Rivera",
        "Campbell", "Mitchell", "Perez"]


@dataclass
class DemoWorld:
    """What every app's demo loader builds on."""

    today: dt.date
    school: School
    calendar: SchoolCalendar
    users: dict[str, User]
    students: list[Student]
    ieps: list[IEP]
    sections: list[Section]
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    # Section 504 plans of classmates without an IEP (their accommodations: accommodations.demo).
    plans_504: list[IEP] = field(default_factory=list)


STAFF = [
    # key, email, first, last, role, title
    ("district_admin", "director@demo.school", "Dana", "Reyes", User.Role.DISTRICT_ADMIN,
     "Director of special education"),
    ("school_admin", "principal@demo.school", "Sam", "Okafor", User.Role.SCHOOL_ADMIN, "Principal"),
    ("case_manager", "casemanager@demo.school", "Casey", "Morgan", User.Role.CASE_MANAGER,
     "Special-education teacher"),
    ("case_manager_2", "casemanager2@demo.school", "Jordan", "Lee", User.Role.CASE_MANAGER,
     "Special-education teacher"),
    ("gen_ed_teacher", "teacher@demo.school", "Gina", "Patel", User.Role.GEN_ED_TEACHER,
     "Math teacher"),
    ("gen_ed_teacher_2", "teacher2@demo.school", "Marcus", "Bell", User.Role.GEN_ED_TEACHER,
     "English teacher"),
    ("gen_ed_teacher_3", "teacher3@demo.school", "Rosa", "Alvarez", User.Role.GEN_ED_TEACHER,
     "Science teacher"),
    ("provider", "slp@demo.school", "Pat", "Kowalski", User.Role.PROVIDER,
     "Speech-language pathologist"),
    ("provider_ot", "ot@demo.school", "Robin", "Chen", User.Role.PROVIDER, "Occupational therapist"),
    # Manages the school's 504 plans (the role a case manager has for an IEP).
    ("coordinator_504", "counselor@demo.school", "Alex", "Brooks", User.Role.CASE_MANAGER,
     "School counselor, 504 coordinator"),
    ("test_coordinator", "testcoord@demo.school", "Terry", "Walsh", User.Role.TEST_COORDINATOR,
     "Test coordinator"),
]


def school_year_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year containing `today`: mid-August to early June."""
    year = today.year if today.month >= 7 else today.year - 1
    start = dt.date(year, 8, 17)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)  # the Monday on or after
    return start, dt.date(year + 1, 6, 4)


def load() -> DemoWorld | None:
    """Build the demo world; None when it already exists."""
    if School.objects.filter(code=DEMO_SCHOOL_CODE).exists():
        return None
    today = timezone.localdate()
    rng = random.Random(2026)
    school = School.objects.create(name="Lincoln Middle School", code=DEMO_SCHOOL_CODE)
    start, end = school_year_bounds(today)
    calendar = SchoolCalendar.objects.create(
        school=school, name=f"{start.year}-{str(end.year)[2:]}", start_date=start, end_date=end
    )
    _closures(calendar)
    # The IEPs in effect began last school year: its calendar is on file too, so no week of
    # theirs is left without school days (that would be a data problem, and is shown as one).
    last_start, last_end = school_year_bounds(dt.date(start.year - 1, 9, 1))
    _closures(SchoolCalendar.objects.create(
        school=school, name=f"{last_start.year}-{str(last_end.year)[2:]}", start_date=last_start,
        end_date=last_end,
    ))

    users: dict[str, User] = {}
    for key, email, first, last, role, title in STAFF:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, role=role, title=title,
            is_staff=role == User.Role.DISTRICT_ADMIN, is_superuser=role == User.Role.DISTRICT_ADMIN,
        )
        if role != User.Role.DISTRICT_ADMIN:
            user.schools.add(school)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        users[key] = user
    for key in ("district_admin", "school_admin", "test_coordinator"):
        TOTP.activate(users[key], DEMO_TOTP_SECRET)
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() >= 2

    subjects = [("Math", "gen_ed_teacher"), ("English", "gen_ed_teacher_2"),
                ("Science", "gen_ed_teacher_3")]
    # One section per subject and grade (grade-8 students are in Math 8), at periods that let
    # each teacher teach all three grades and each student take all three subjects.
    sections = [
        Section.objects.create(school=school, name=f"{subject} {6 + g}", subject=subject,
                               period=str(1 + (i + g) % 3), teacher=users[teacher])
        for i, (subject, teacher) in enumerate(subjects) for g in range(3)
    ]

    students: list[Student] = []
    ieps: list[IEP] = []
    for i in range(30):
        student = Student.objects.create(
            school=school, student_number=f"D{240100 + i}", first_name=FIRST[i], last_name=LAST[i],
            date_of_birth=dt.date(today.year - 12 - (i % 3), 1 + i % 12, 1 + i % 27),
            grade=str(6 + i % 3), family_language="es" if i % 4 == 0 else "en",
        )
        students.append(student)
        for subject_index in range(3):
            Enrollment.objects.create(
                student=student, section=sections[subject_index * 3 + i % 3], start_date=start,
                created_at=_start_of(start),
            )
        meeting = start + dt.timedelta(days=rng.randint(-150, 40))
        iep = IEP.objects.create(
            student=student, case_manager=users["case_manager" if i < 18 else "case_manager_2"],
            status=IEP.Status.ACTIVE, meeting_date=meeting, start_date=meeting + dt.timedelta(days=7),
            end_date=meeting + dt.timedelta(days=364), annual_review_due=meeting + dt.timedelta(days=364),
            last_evaluation_date=meeting - dt.timedelta(days=rng.randint(30, 900)),
        )
        iep.reevaluation_due = iep.last_evaluation_date.replace(year=iep.last_evaluation_date.year + 3)  # type: ignore[union-attr]
        iep.primary_disability, iep.secondary_disability, iep.educational_environment = _reporting(i)
        iep.eligibility_date = iep.last_evaluation_date  # found eligible (again) at that evaluation
        iep.save(update_fields=["reevaluation_due", "primary_disability", "secondary_disability",
                                "educational_environment", "eligibility_date"])
        ieps.append(iep)
        TeamMember.objects.create(iep=iep, user=users["gen_ed_teacher"], role=TeamMember.Role.GEN_ED_TEACHER)
        if i % 2 == 0:
            TeamMember.objects.create(iep=iep, user=users["provider"], role=TeamMember.Role.PROVIDER)
        if i % 5 == 0:
            TeamMember.objects.create(iep=iep, user=users["provider_ot"], role=TeamMember.Role.PROVIDER)
        if i % 3 != 2:
            ParentContact.objects.create(
                student=student, staff=iep.case_manager, channel=ParentContact.Channel.PHONE,
                contacted_on=today - dt.timedelta(days=rng.randint(3, 60)),
                family_member="Parent", summary="Shared how the first weeks of services went.",
            )
    classmates = _classmates(school, sections, start)
    plans_504 = _plans_504(classmates, users["coordinator_504"], start, rng)
    return DemoWorld(today=today, school=school, calendar=calendar, users=users,
                     students=students, ieps=ieps, sections=sections, rng=rng, plans_504=plans_504)


CLASSMATES_PER_GRADE = 12


def _classmates(school: School, sections: list[Section], start: dt.date) -> list[Student]:
    """Classmates without an IEP: most of a class has none, as in a real school."""
    classmates = []
    for n in range(3 * CLASSMATES_PER_GRADE):
        grade = n % 3
        # Pairs of names no student with an IEP has (those are FIRST[i] LAST[i]).
        f, surname = (n * 7 + 3) % len(FIRST), (n * 11 + 5) % len(LAST)
        first, last = FIRST[f], LAST[(surname + 1) % len(LAST) if surname == f else surname]
        student = Student.objects.create(
            school=school, student_number=f"D{240200 + n}", first_name=first, last_name=last,
            date_of_birth=dt.date(start.year - 11 - grade, 1 + n % 12, 1 + n % 27), grade=str(6 + grade),
        )
        classmates.append(student)
        for subject_index in range(3):
            Enrollment.objects.create(student=student, section=sections[subject_index * 3 + grade],
                                      start_date=start, created_at=_start_of(start))
    return classmates


# Classmates with a Section 504 plan (by their place among the classmates, two per grade): the
# impairment and the major life activity it limits.
PLANS_504 = {
    0: ("ADHD, combined presentation", "concentrating"),
    4: ("Type 1 diabetes", "eating (managing blood glucose)"),
    8: ("Anxiety disorder", "concentrating and thinking"),
    13: ("Dyslexia", "reading"),
    17: ("Asthma", "breathing"),
    21: ("ADHD, inattentive presentation", "concentrating"),
}


def _plans_504(classmates: list[Student], coordinator: User, start: dt.date, rng: random.Random) -> list[IEP]:
    """Six classmates have a 504 plan, written at a 504 meeting last spring or this fall."""
    plans = []
    for n, (impairment, activity) in PLANS_504.items():
        meeting = start + dt.timedelta(days=rng.randint(-120, 20))
        plans.append(IEP.objects.create(
            student=classmates[n], kind=IEP.Kind.SECTION_504, case_manager=coordinator,
            status=IEP.Status.ACTIVE, meeting_date=meeting, start_date=meeting + dt.timedelta(days=3),
            end_date=meeting + dt.timedelta(days=364), annual_review_due=meeting + dt.timedelta(days=364),
            last_evaluation_date=meeting - dt.timedelta(days=rng.randint(14, 400)),
            impairment=impairment, major_life_activity=activity,
        ))
    return plans


def _reporting(i: int) -> tuple[str, str, str]:
    """Disability categories and environment that fit the services the demo gives student i
    (services/demo.py): reading instruction for odd i, speech for even i, OT for every fifth."""
    d, env = IEP.Disability, IEP.Environment
    if i % 10 == 0:  # speech and occupational therapy
        return d.AUTISM, d.SPEECH_LANGUAGE_IMPAIRMENT, env.REGULAR_80
    if i == 7:
        # Written at the meeting when more of the day was pull-out; the service lines were cut
        # since, so the environments report flags the recorded band as out of date.
        return d.EMOTIONAL_DISTURBANCE, "", env.REGULAR_40_79
    if i % 6 == 3:  # reading instruction; attention is what the team works on first (ADHD)
        return d.OTHER_HEALTH_IMPAIRMENT, d.SPECIFIC_LEARNING_DISABILITY, env.REGULAR_80
    if i % 2 == 1:  # specially designed reading instruction
        return d.SPECIFIC_LEARNING_DISABILITY, "", env.REGULAR_80
    # speech, with math instruction (a math learning disability for some)
    return d.SPEECH_LANGUAGE_IMPAIRMENT, d.SPECIFIC_LEARNING_DISABILITY if i % 4 == 0 else "", env.REGULAR_80


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7), tzinfo=timezone.get_current_timezone())


def _closures(calendar: SchoolCalendar) -> None:
    """US-style holidays and breaks inside the year, plus one unplanned closure."""
    start, end = calendar.start_date, calendar.end_date
    y = start.year
    days: list[tuple[dt.date, str, str]] = [
        (_nth_weekday(y, 9, 0, 1), "Labor Day", Closure.Kind.HOLIDAY),
        (dt.date(y, 10, 9), "Teacher work day", Closure.Kind.NON_STUDENT),
        (_nth_weekday(y, 11, 3, 4) - dt.timedelta(days=1), "Thanksgiving break", Closure.Kind.HOLIDAY),
        (_nth_weekday(y, 11, 3, 4), "Thanksgiving", Closure.Kind.HOLIDAY),
        (_nth_weekday(y, 11, 3, 4) + dt.timedelta(days=1), "Thanksgiving break", Closure.Kind.HOLIDAY),
        (dt.date(y, 10, 23), "Snow day", Closure.Kind.CLOSURE),
        (_nth_weekday(y + 1, 1, 0, 3), "Martin Luther King Jr. Day", Closure.Kind.HOLIDAY),
        (_nth_weekday(y + 1, 2, 0, 3), "Presidents' Day", Closure.Kind.HOLIDAY),
    ]
    winter = dt.date(y, 12, 21)
    while winter <= dt.date(y + 1, 1, 1):
        days.append((winter, "Winter break", Closure.Kind.HOLIDAY))
        winter += dt.timedelta(days=1)
    spring = dt.date(y + 1, 3, 16)
    for offset in range(5):
        days.append((spring + dt.timedelta(days=offset), "Spring break", Closure.Kind.HOLIDAY))
    Closure.objects.bulk_create(
        [Closure(calendar=calendar, date=d, reason=r, kind=k)
         for d, r, k in days if start <= d <= end and d.weekday() < 5],
        ignore_conflicts=True,
    )


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))
