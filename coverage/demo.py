"""Demo coverage: Lena Ortiz, a paraprofessional, works beside Mateo Davis (his behavior plan)
and one classmate with an IEP in Math 7, assigned by their case manager for the term; she
collects data on one of Mateo's goals and has checked off his supports on the last few school
days. Jamie Price, a substitute, covers the English teacher's classes today and tomorrow,
granted by the principal. Loaded after behavior_plans.demo (Mateo's BIP strategies are supports).
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress

from accommodations.models import ImplementationCheck, Support
from accommodations.rates import calendar_value
from iep_portal.models import User
from progress.models import Goal, GoalCollector
from students.demo import DEMO_PASSWORD, DemoWorld
from students.models import IEP, Coverage, Enrollment, ParaAssignment

STUDENT_INDEX = 7  # Mateo Davis, as behavior_plans.demo

ACCOUNTS = [
    # key, email, first, last, role, title
    ("paraprofessional", "para@demo.school", "Lena", "Ortiz", User.Role.PARAPROFESSIONAL,
     "Paraprofessional"),
    ("substitute", "substitute@demo.school", "Jamie", "Price", User.Role.SUBSTITUTE,
     "Substitute teacher"),
]


def _account(world: DemoWorld, key: str, email: str, first: str, last: str, role: str,
             title: str) -> User:
    user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last,
                                    role=role, title=title)
    user.schools.add(world.school)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    world.users[key] = user
    return user


def load(world: DemoWorld) -> None:
    para, sub = (_account(world, *row) for row in ACCOUNTS)
    today = world.today
    mateo = world.students[STUDENT_INDEX]
    iep = IEP.objects.get(student=mateo, status=IEP.Status.ACTIVE)
    term_start = max(iep.start_date, today - dt.timedelta(days=28))
    ParaAssignment.objects.create(para=para, student=mateo, assigned_by=iep.case_manager,
                                  starts_on=term_start, ends_on=today + dt.timedelta(days=60))
    # A classmate with an IEP in the same math class, by the same case manager.
    math = Enrollment.objects.current(today).filter(
        student=mateo, section__subject="Math").select_related("section").first()
    if math is not None:
        classmate = (IEP.objects.filter(status=IEP.Status.ACTIVE, case_manager=iep.case_manager,
                                        student__enrollments__section=math.section)
                     .exclude(student=mateo).select_related("student").first())
        if classmate is not None:
            ParaAssignment.objects.create(para=para, student=classmate.student,
                                          assigned_by=iep.case_manager, starts_on=term_start,
                                          ends_on=today + dt.timedelta(days=60))
    goal = Goal.objects.filter(iep=iep, active=True).order_by("pk").first()
    if goal is not None:
        GoalCollector.objects.get_or_create(goal=goal, user=para)
    # Her check-offs of Mateo's supports in math on the last three school days.
    if math is not None:
        days = calendar_value(world.calendar).previous_days(today, 3)
        supports = [s for s in Support.objects.current(today).filter(iep=iep)
                    if s.applies_to(math.section.subject) and not s.assessment_only]
        for day in days:
            for support in supports:
                ImplementationCheck.objects.update_or_create(
                    support=support, student=mateo, section=math.section, date=day,
                    defaults={"teacher": para, "outcome": ImplementationCheck.Outcome.PROVIDED})
    english_teacher = world.users["gen_ed_teacher_2"]
    Coverage.objects.create(substitute=sub, teacher=english_teacher, granted_by=world.users["school_admin"],
                            starts_on=today, ends_on=today + dt.timedelta(days=1))
