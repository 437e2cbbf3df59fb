"""Student.objects.visible_to and the access getters: who sees which student."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from students.access import get_student_for_user, get_student_for_user_rw
from students.models import IEP, Student
from tests import factories as f


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("case_manager", True), ("gen_ed_teacher", True), ("provider", True), ("observer", True),
        ("school_admin", True), ("district_admin", True),
        ("colleague", False), ("outsider", False), ("other_school_admin", False),
    ],
)
def test_each_role_sees_only_students_it_has_a_relationship_with(
    request: pytest.FixtureRequest, iep: IEP, persona: str, sees: bool
) -> None:
    user = request.getfixturevalue(persona)
    assert (iep.student in Student.objects.visible_to(user)) is sees


def test_a_teacher_stops_seeing_a_student_who_left_the_class(iep: IEP, gen_ed_teacher) -> None:  # noqa: ANN001
    iep.student.enrollments.update(end_date=dt.date(2026, 11, 1))
    assert iep.student not in Student.objects.visible_to(gen_ed_teacher)


def test_a_team_member_stops_seeing_the_student_when_the_iep_ends(iep: IEP, provider) -> None:  # noqa: ANN001
    IEP.objects.filter(pk=iep.pk).update(status=IEP.Status.ENDED)
    assert iep.student not in Student.objects.visible_to(provider)


def test_an_inactive_account_sees_nothing(iep: IEP, case_manager) -> None:  # noqa: ANN001
    case_manager.is_active = False
    assert not Student.objects.visible_to(case_manager).exists()


def _request(user):  # noqa: ANN001, ANN202
    request = RequestFactory().get("/students/x/")
    request.user = user
    return request


def test_the_getter_answers_404_for_missing_and_forbidden_alike(iep: IEP, outsider) -> None:  # noqa: ANN001
    with pytest.raises(Http404):
        get_student_for_user(_request(outsider), iep.student.pk)
    with pytest.raises(Http404):
        get_student_for_user(_request(outsider), 999_999)


def test_the_gen_ed_teacher_has_the_limited_classroom_view(iep: IEP, gen_ed_teacher) -> None:  # noqa: ANN001
    access = get_student_for_user(_request(gen_ed_teacher), iep.student.pk)
    assert access.limited
    assert access.can("check_support") and access.can("record_data")
    assert not access.can("log_service") and not access.can("manage_iep")


def test_a_view_only_team_member_gets_403_on_writes(iep: IEP, observer) -> None:  # noqa: ANN001
    assert get_student_for_user(_request(observer), iep.student.pk).student == iep.student
    with pytest.raises(PermissionDenied):
        get_student_for_user_rw(_request(observer), iep.student.pk, capability="contact_family")


def test_the_case_manager_may_manage_the_iep(iep: IEP, case_manager) -> None:  # noqa: ANN001
    access = get_student_for_user_rw(_request(case_manager), iep.student.pk, capability="manage_iep")
    assert access.iep == iep
    assert access.matrix_role == "case_manager"


def test_a_school_admin_reads_but_does_not_log_services(iep: IEP, school_admin) -> None:  # noqa: ANN001
    access = get_student_for_user(_request(school_admin), iep.student.pk)
    assert access.can("audit") and not access.can("log_service")


def test_the_access_getter_runs_three_queries(
    iep: IEP, case_manager, django_assert_num_queries  # noqa: ANN001
) -> None:
    # 1 student with relationship annotations, 2 the active IEP, 3 the access-log insert.
    with django_assert_num_queries(3):
        get_student_for_user(_request(case_manager), iep.student.pk)


def test_students_of_two_schools_never_mix_for_a_school_admin(school_admin, other_school) -> None:  # noqa: ANN001
    mine = f.StudentFactory(school=school_admin.schools.get())
    theirs = f.StudentFactory(school=other_school)
    visible = set(Student.objects.visible_to(school_admin))
    assert mine in visible and theirs not in visible
