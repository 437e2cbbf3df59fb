"""A deterministic, realistic district for benchmarks: `manage.py seed_district`.

This module builds the roster and the IEPs (schools, calendars, staff in every role,
sections, 5-7 classes per student, one active IEP each, teams, family contacts); each
other app adds its year of history from `<app>.district_seed.generate(district)`.
Everything goes in with bulk inserts (COPY for the big tables), so N=5,000 builds in
minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models

from iep_portal.models import User
from students.demo import FIRST, LAST, PLANS_504, _closures, school_year_bounds
from students.models import (
    IEP,
    Enrollment,
    ParentContact,
    School,
    SchoolCalendar,
    Section,
    Student,
    TeamMember,
)

SEED_PASSWORD = "bench-password-2026"  # noqa: S105 (benchmark accounts on a local database)
SUBJECTS = ["Math", "English", "Science", "Social Studies", "Art", "PE", "Music", "Spanish"]


@dataclass
class District:
    """What the app generators build on. Lists hold primary keys, not objects."""

    n_students: int
    today: dt.date
    rng: random.Random
    schools: list[School] = field(default_factory=list)
    calendars: dict[int, SchoolCalendar] = field(default_factory=dict)  # by school id
    staff: dict[str, list[int]] = field(default_factory=dict)  # role -> user ids
    staff_school: dict[int, int] = field(default_factory=dict)  # user id -> school id
    students: list[tuple[int, int]] = field(default_factory=list)  # (student id, school id)
    ieps: list[tuple[int, int, int, dt.date, dt.date]] = field(default_factory=list)
    # ^ (iep id, student id, case manager id, start, end)
    # school id -> [(section id, teacher id)]; student id -> the same for their classes
    sections: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    enrollments: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    team: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # iep -> (user, role)
    # Students with a Section 504 plan instead, about as many as with an IEP: the same shapes
    # as `students`, `ieps`, `enrollments` and `team`, kept apart so that only what a 504 plan
    # carries (supports, check-offs, acknowledgements: `with_504_plans`) is generated for them.
    students_504: list[tuple[int, int]] = field(default_factory=list)
    plans_504: list[tuple[int, int, int, dt.date, dt.date]] = field(default_factory=list)
    enrollments_504: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    team_504: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    progress: Callable[[str], None] = print

    def count(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    def with_504_plans(self) -> District:
        """The district as a generator of supports sees it: IEPs and 504 plans alike (the
        counts, the random stream and the progress line are shared)."""
        return dataclasses.replace(
            self, students=[*self.students, *self.students_504], ieps=[*self.ieps, *self.plans_504],
            enrollments={**self.enrollments, **self.enrollments_504}, team={**self.team, **self.team_504},
        )


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a model's table (much faster than INSERT for large tables).

    Values are written in PostgreSQL's text format; None becomes NULL. Triggers still run.
    """
    table = model._meta.db_table
    n = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'  # noqa: S608 (names from our models)
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def build(n_students: int, seed: int, today: dt.date, progress: Callable[[str], None]) -> District:
    rng = random.Random(seed)
    d = District(n_students=n_students, today=today, rng=rng, progress=progress)
    n_schools = max(1, round(n_students / 600))
    start, end = school_year_bounds(today)
    last_start, last_end = school_year_bounds(dt.date(start.year - 1, 9, 1))
    for i in range(n_schools):
        school = School.objects.create(name=f"{LAST[i % len(LAST)]} School {i + 1}", code=f"B{seed}-{i:03d}")
        calendar = SchoolCalendar.objects.create(
            school=school, name=f"{start.year}-{str(end.year)[2:]}", start_date=start, end_date=end
        )
        _closures(calendar)
        # Last year's calendar too: the IEPs in effect began then.
        _closures(SchoolCalendar.objects.create(
            school=school, name=f"{last_start.year}-{str(last_end.year)[2:]}", start_date=last_start,
            end_date=last_end,
        ))
        d.schools.append(school)
        d.calendars[school.pk] = calendar
    d.count("schools", n_schools)
    progress(f"{n_schools} schools with calendars")

    _staff(d, seed)
    _students_and_sections(d, start)
    _ieps(d)
    _plans_504(d, seed, start)
    return d


def _staff(d: District, seed: int) -> None:
    password = make_password(SEED_PASSWORD)
    per_school = d.n_students / len(d.schools)
    plan = [
        (User.Role.CASE_MANAGER, max(1, round(per_school / 15))),
        # A secondary teacher has about 150 students in five classes, a quarter of them with an
        # IEP or a 504 plan: the district's students with plans (twice n_students, IEPs and 504
        # plans alike) in 5-7 classes each make about 36 per teacher, 7 a class.
        (User.Role.GEN_ED_TEACHER, max(3, round(per_school / 3))),
        (User.Role.PROVIDER, max(1, round(per_school / 60))),
        (User.Role.SCHOOL_ADMIN, 1),
    ]
    users: list[User] = []
    schools_of: list[int] = []
    for school in d.schools:
        for role, count in plan:
            for k in range(count):
                users.append(User(
                    email=f"{role}.{school.pk}.{k}@bench{seed}.test", role=role, password=password,
                    first_name=d.rng.choice(FIRST), last_name=d.rng.choice(LAST),
                ))
                schools_of.append(school.pk)
    users.append(User(email=f"director@bench{seed}.test", role=User.Role.DISTRICT_ADMIN,
                      password=password, first_name="Dana", last_name="Director", is_staff=True))
    schools_of.append(0)
    User.objects.bulk_create(users, batch_size=2000)
    through = User.schools.through
    links = []
    for user, school_id in zip(users, schools_of, strict=True):
        d.staff.setdefault(user.role, []).append(user.pk)
        if school_id:
            d.staff_school[user.pk] = school_id
            links.append(through(user_id=user.pk, school_id=school_id))
    through.objects.bulk_create(links, batch_size=5000)
    d.count("staff", len(users))
    d.progress(f"{len(users)} staff accounts")


def _by_school(d: District, role: str) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for user_id in d.staff.get(role, []):
        out.setdefault(d.staff_school[user_id], []).append(user_id)
    return out


def _new_students(d: District, rng: random.Random, n: int, prefix: str) -> list[Student]:
    students: list[Student] = []
    for i in range(n):
        school = d.schools[i % len(d.schools)]
        students.append(Student(
            school=school, student_number=f"{school.code}-{prefix}{i:06d}", first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST), date_of_birth=dt.date(d.today.year - rng.randint(6, 17),
                                                              rng.randint(1, 12), rng.randint(1, 28)),
            grade=str(rng.randint(1, 12)), family_language="es" if rng.random() < 0.2 else "en",
        ))
    Student.objects.bulk_create(students, batch_size=5000)
    d.count("students", len(students))
    return students


def _enroll(d: District, rng: random.Random, students: list[tuple[int, int]], start: dt.date,
            into: dict[int, list[tuple[int, int]]]) -> int:
    """5-7 classes of their school for each student, from `start`; COPY. Returns the count."""
    rows: list[tuple[int, int, dt.date, None, str, dt.date]] = []
    for student_id, school_id in students:
        chosen = rng.sample(d.sections[school_id], k=min(len(d.sections[school_id]), rng.randint(5, 7)))
        into[student_id] = chosen
        rows.extend((section_id, student_id, start, None, "", start) for section_id, _ in chosen)
    n = copy_rows(Enrollment, ["section_id", "student_id", "start_date", "end_date", "sourced_id",
                               "created_at"], rows)
    d.count("enrollments", n)
    return n


def _students_and_sections(d: District, start: dt.date) -> None:
    rng = d.rng
    teachers = _by_school(d, User.Role.GEN_ED_TEACHER)
    students = _new_students(d, rng, d.n_students, "")
    d.students = [(s.pk, s.school_id) for s in students]

    sections: list[Section] = []
    for school in d.schools:
        for t, teacher_id in enumerate(teachers[school.pk]):
            for period in range(1, 6):
                subject = SUBJECTS[(t + period) % len(SUBJECTS)]
                sections.append(Section(school=school, name=f"{subject} {t + 1}-{period}", subject=subject,
                                        period=str(period), teacher_id=teacher_id))
    Section.objects.bulk_create(sections, batch_size=5000)
    for s in sections:
        d.sections.setdefault(s.school_id, []).append((s.pk, s.teacher_id))  # type: ignore[arg-type]
    d.count("sections", len(sections))

    n = _enroll(d, rng, d.students, start, d.enrollments)
    d.progress(f"{len(students)} students, {len(sections)} sections, {n} enrollments")


# Roughly the national shares of school-age students served under IDEA (developmental delay,
# for children under 10 only, is left out).
CATEGORIES = [IEP.Disability.SPECIFIC_LEARNING_DISABILITY, IEP.Disability.SPEECH_LANGUAGE_IMPAIRMENT,
              IEP.Disability.OTHER_HEALTH_IMPAIRMENT, IEP.Disability.AUTISM,
              IEP.Disability.EMOTIONAL_DISTURBANCE, IEP.Disability.INTELLECTUAL_DISABILITY,
              IEP.Disability.MULTIPLE_DISABILITIES, IEP.Disability.HEARING_IMPAIRMENT]
CATEGORY_WEIGHTS = [33, 19, 15, 12, 5, 6, 2, 1]
ENVIRONMENTS = [IEP.Environment.REGULAR_80, IEP.Environment.REGULAR_40_79,
                IEP.Environment.REGULAR_UNDER_40]
ENVIRONMENT_WEIGHTS = [67, 17, 13]


def _ieps(d: District) -> None:
    rng = d.rng
    case_managers = _by_school(d, User.Role.CASE_MANAGER)
    providers = _by_school(d, User.Role.PROVIDER)
    labels = random.Random(3008)  # its own stream, so the rest of the district stays as it was
    ieps = []
    for student_id, school_id in d.students:
        meeting = d.today - dt.timedelta(days=rng.randint(20, 330))
        start = meeting + dt.timedelta(days=7)
        last_eval = meeting - dt.timedelta(days=rng.randint(30, 1000))
        ieps.append(IEP(
            student_id=student_id, case_manager_id=rng.choice(case_managers[school_id]),
            status=IEP.Status.ACTIVE, meeting_date=meeting, start_date=start,
            end_date=meeting + dt.timedelta(days=364), annual_review_due=meeting + dt.timedelta(days=364),
            last_evaluation_date=last_eval, reevaluation_due=last_eval + dt.timedelta(days=3 * 365),
            primary_disability=labels.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0],
            eligibility_date=last_eval, educational_environment=labels.choices(
                ENVIRONMENTS, weights=ENVIRONMENT_WEIGHTS)[0],
        ))
    IEP.objects.bulk_create(ieps, batch_size=2000)
    school_of = dict(d.students)
    members: list[TeamMember] = []
    for iep in ieps:
        d.ieps.append((iep.pk, iep.student_id, iep.case_manager_id, iep.start_date, iep.end_date))
        team: list[tuple[int, str]] = []
        for _, teacher_id in d.enrollments[iep.student_id][:3]:
            if (teacher_id, TeamMember.Role.GEN_ED_TEACHER) not in team:
                team.append((teacher_id, TeamMember.Role.GEN_ED_TEACHER))
        team.append((rng.choice(providers[school_of[iep.student_id]]), TeamMember.Role.PROVIDER))
        d.team[iep.pk] = team
        members.extend(TeamMember(iep_id=iep.pk, user_id=u, role=r) for u, r in team)
    TeamMember.objects.bulk_create(members, batch_size=5000)
    contacts = [
        ParentContact(student_id=sid, staff_id=cm, channel=ParentContact.Channel.PHONE,
                      contacted_on=d.today - dt.timedelta(days=rng.randint(1, 80)),
                      family_member="Parent", summary="Update on services and progress.")
        for _, sid, cm, _, _ in d.ieps for _ in range(rng.randint(0, 3))
    ]
    ParentContact.objects.bulk_create(contacts, batch_size=5000)
    d.count("ieps", len(ieps))
    d.count("team members", len(members))
    d.count("family contacts", len(contacts))
    d.progress(f"{len(ieps)} IEPs, {len(members)} team members, {len(contacts)} family contacts")


# What 504 plans in a secondary school are most often for, beside the demo's six.
IMPAIRMENTS_504 = [*PLANS_504.values(), ("Migraine", "concentrating"), ("Celiac disease", "eating"),
                   ("Hearing loss in one ear", "hearing"), ("Crohn's disease", "eliminating bodily waste")]


def _plans_504(d: District, seed: int, start: dt.date) -> None:
    """About as many students with a 504 plan as with an IEP, in the same classes, each plan
    managed by one of the school's 504 coordinators (counselors, one per 250 plans), with the
    teachers of three of the student's classes on its team. Its own random stream, so the
    rest of the district stays as it was. Queries: fixed in N (bulk inserts and COPY)."""
    rng = random.Random(seed * 504)
    password = make_password(SEED_PASSWORD)
    coordinators: list[tuple[int, User]] = [
        (school.pk, User(email=f"coordinator_504.{school.pk}.{k}@bench{seed}.test",
                         role=User.Role.CASE_MANAGER, title="School counselor, 504 coordinator",
                         password=password, first_name=rng.choice(FIRST), last_name=rng.choice(LAST)))
        for school in d.schools for k in range(max(1, round(d.n_students / len(d.schools) / 250)))
    ]
    User.objects.bulk_create([u for _, u in coordinators], batch_size=2000)
    by_school: dict[int, list[int]] = {}
    for school_id, user in coordinators:
        by_school.setdefault(school_id, []).append(user.pk)
        d.staff_school[user.pk] = school_id
    User.schools.through.objects.bulk_create(
        [User.schools.through(user_id=u, school_id=s) for s, us in by_school.items() for u in us])
    d.count("staff", len(coordinators))
    students = _new_students(d, rng, d.n_students, "P")
    d.students_504 = [(s.pk, s.school_id) for s in students]
    n = _enroll(d, rng, d.students_504, start, d.enrollments_504)
    plans = []
    for student_id, school_id in d.students_504:
        meeting = d.today - dt.timedelta(days=rng.randint(20, 330))
        impairment, activity = rng.choice(IMPAIRMENTS_504)
        plans.append(IEP(
            student_id=student_id, kind=IEP.Kind.SECTION_504,
            case_manager_id=rng.choice(by_school[school_id]), status=IEP.Status.ACTIVE,
            meeting_date=meeting, start_date=meeting + dt.timedelta(days=3),
            end_date=meeting + dt.timedelta(days=364), annual_review_due=meeting + dt.timedelta(days=364),
            last_evaluation_date=meeting - dt.timedelta(days=rng.randint(14, 400)),
            impairment=impairment, major_life_activity=activity,
        ))
    IEP.objects.bulk_create(plans, batch_size=2000)
    members: list[TeamMember] = []
    for plan in plans:
        d.plans_504.append((plan.pk, plan.student_id, plan.case_manager_id, plan.start_date, plan.end_date))
        team = list(dict.fromkeys((t, str(TeamMember.Role.GEN_ED_TEACHER))
                                  for _, t in d.enrollments_504[plan.student_id][:3]))
        d.team_504[plan.pk] = team
        members.extend(TeamMember(iep_id=plan.pk, user_id=u, role=r) for u, r in team)
    TeamMember.objects.bulk_create(members, batch_size=5000)
    d.count("504 plans", len(plans))
    d.count("team members", len(members))
    d.progress(f"{len(plans)} 504 plans ({len(coordinators)} coordinators), {n} enrollments")


def reserve_ids(model: type[models.Model], n: int) -> int:
    """Take `n` consecutive primary keys from the model's sequence; returns the first.

    COPY returns no keys, so generators that link rows to each other (a makeup to its missed
    session, a check to its support) number the rows themselves from a reserved block.
    """
    if n <= 0:
        return 0
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(s, nextval(s) + %s - 1) FROM pg_get_serial_sequence(%s, %s) AS s",
            [n, table, column],
        )
        last = cursor.fetchone()[0]
    return int(last) - n + 1
