"""Whole-request query counts do not grow with the district.

Two districts from seed_district share the database: a small one (20 students) and one four
times larger (80). The same page, for the first person in the same role in each, must run
the same number of queries (session, user, the page's fixed queries, the header's unread
count, the session save). The larger district also has more history per person (more
students per teacher and provider), so a per-row query would show.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accommodations.models import Support
from iep_portal.models import User
from progress.models import Goal
from schedules.queries import meetings_for
from services.models import ServiceRequirement
from students.models import IEP, Enrollment, Student
from tests.conftest import signed_in, with_mfa

SMALL, LARGE = 1, 2


@pytest.fixture
def districts(db: None) -> None:
    call_command("seed_district", students=20, seed=SMALL, stdout=StringIO())
    call_command("seed_district", students=80, seed=LARGE, stdout=StringIO())


def person(seed: int, role: str) -> User:
    user = User.objects.filter(role=role, email__endswith=f"@bench{seed}.test").order_by("pk").first()
    assert user is not None
    if user.role_requires_mfa and not user.authenticator_set.exists():
        with_mfa(user)
    return user


def queries(user: User, request: Callable[[Client], object]) -> list[str]:
    client = Client()
    signed_in(client, user)
    request(client)  # warm: the first request may fill per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = request(client)
    assert response.status_code in (200, 302), response.status_code  # type: ignore[attr-defined]
    return [q["sql"][:150] for q in captured.captured_queries]


def same_in_both(role: str, page: Callable[[User], Callable[[Client], object]]) -> int:
    small, large = (queries(person(seed, role), page(person(seed, role))) for seed in (SMALL, LARGE))
    assert len(small) == len(large), "\n".join(
        [f"{len(small)} queries in the small district, {len(large)} in the large one:", *small, "---", *large])
    return len(small)


def first_iep(user: User) -> IEP:
    return IEP.objects.active().filter(case_manager=user).order_by("pk").first()  # type: ignore[return-value]


@pytest.mark.parametrize("role", [User.Role.CASE_MANAGER, User.Role.GEN_ED_TEACHER, User.Role.PROVIDER,
                                  User.Role.SCHOOL_ADMIN, User.Role.DISTRICT_ADMIN])
def test_my_day_runs_the_same_queries_in_a_larger_district(districts: None, role: str) -> None:
    same_in_both(role, lambda user: lambda c: c.get("/"))


def test_my_classes_and_a_check_off_run_the_same_queries_in_a_larger_district(districts: None) -> None:
    same_in_both(User.Role.GEN_ED_TEACHER, lambda user: lambda c: c.get("/accommodations/my-classes/"))

    def check_off(user: User) -> Callable[[Client], object]:
        today = timezone.localdate()
        enrollments = list(Enrollment.objects.current(today).filter(section__teacher=user).order_by("pk"))
        # A school on a rotation: only a class that meets today takes check-offs for today.
        meets = meetings_for({e.section_id for e in enrollments}, today, today)
        for enrollment in (e for e in enrollments if meets.get(e.section_id)):
            support = Support.objects.filter(iep__student=enrollment.student_id, scope=Support.Scope.ALL_CLASSES,
                                             frequency=Support.Frequency.EVERY_CLASS).order_by("pk").first()
            if support:
                return lambda c: c.post(f"/accommodations/classes/{enrollment.section_id}/check/",
                                        {"provided": support.pk, "date": today.isoformat()},
                                        HTTP_X_REQUESTED_WITH="fetch")
        raise AssertionError("no support to check")

    same_in_both(User.Role.GEN_ED_TEACHER, check_off)


def test_the_student_and_goal_pages_run_the_same_queries_in_a_larger_district(districts: None) -> None:
    same_in_both(User.Role.CASE_MANAGER, lambda u: lambda c: c.get(f"/students/{first_iep(u).student_id}/"))
    same_in_both(User.Role.CASE_MANAGER, lambda u: lambda c: c.get(
        f"/progress/goals/{Goal.objects.filter(iep=first_iep(u)).order_by('pk').first().pk}/"))  # type: ignore[union-attr]


def test_logging_a_session_runs_the_same_queries_in_a_larger_district(districts: None) -> None:
    # A keyed form: its address carries the form's key (without one it redirects).
    same_in_both(User.Role.CASE_MANAGER, lambda u: lambda c: c.get(f"/services/log/?k={uuid.uuid4()}"))

    def log(user: User) -> Callable[[Client], object]:
        requirement = ServiceRequirement.objects.filter(iep=first_iep(user), provider=user).order_by("pk").first()
        assert requirement is not None

        hours = iter(range(7, 17))

        def post(c: Client) -> object:
            # The warm-up and the measured request are two sessions an hour apart (the same one
            # twice would be refused as already saved).
            return c.post("/services/log/", {
                "requirements": requirement.pk, "date": timezone.localdate().isoformat(), "minutes": 30,
                "status": "delivered", "group_size": 1, "k": str(uuid.uuid4()), "certify": "certify",
                "start_time": f"{next(hours):02d}:00",
            })
        return post

    same_in_both(User.Role.CASE_MANAGER, log)


def test_notifications_and_the_audit_search_run_the_same_queries_in_a_larger_district(districts: None) -> None:
    same_in_both(User.Role.CASE_MANAGER, lambda u: lambda c: c.get("/notifications/"))

    def search(user: User) -> Callable[[Client], object]:
        name = Student.objects.filter(school__in=user.schools.all()).order_by("pk").first().last_name  # type: ignore[union-attr]
        return lambda c: c.get(f"/staff/access-log/?student={name}")

    same_in_both(User.Role.SCHOOL_ADMIN, search)
