"""The checklist's "every teacher's acknowledgement of current supports" item."""

from __future__ import annotations

import datetime as dt

import pytest

from accommodations.checklist_items import support_acknowledgements
from accommodations.models import Acknowledgement
from iep_portal.models import User
from students.checklist import DONE, MISSING, NOT_APPLICABLE, checklist_for
from students.models import IEP, TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.conftest import FROZEN_TODAY

pytestmark = pytest.mark.django_db


def _item(iep: IEP):  # noqa: ANN202
    iep = IEP.objects.select_related("student").get(pk=iep.pk)
    lines = checklist_for([iep], FROZEN_TODAY)[iep.pk]
    return {line.key: line.result for line in lines}["support_acknowledgements"]


def test_it_is_not_applicable_without_current_supports(iep: IEP) -> None:
    SupportFactory(iep=iep, end_date=dt.date(2026, 10, 1))  # ended
    result = _item(iep)
    assert (result.status, result.note) == (
        NOT_APPLICABLE, "No current supports that a teacher or provider is responsible for.")


def test_it_is_not_applicable_on_an_iep_that_is_not_active(iep: IEP) -> None:
    SupportFactory(iep=iep)
    IEP.objects.filter(pk=iep.pk).update(status=IEP.Status.ENDED)
    assert _item(iep).status == NOT_APPLICABLE


def test_it_names_who_has_not_acknowledged_until_everyone_has(
        iep: IEP, gen_ed_teacher: User, provider: User) -> None:
    SupportFactory(iep=iep)
    result = _item(iep)
    assert result.status == MISSING
    first, second = sorted([provider, gen_ed_teacher], key=lambda u: (u.last_name, u.first_name))
    assert result.note == f"Not yet acknowledged by {first}, {second} (2 of 2)."

    Acknowledgement.objects.create(iep=iep, user=provider)
    assert _item(iep).note == f"Not yet acknowledged by {gen_ed_teacher} (1 of 2)."

    Acknowledgement.objects.create(iep=iep, user=gen_ed_teacher)
    result = _item(iep)
    assert (result.status, result.on, result.by) == (DONE, FROZEN_TODAY, str(gen_ed_teacher))
    assert result.note == "All 2 responsible people have acknowledged the current supports."

    SupportFactory(iep=iep, text="Word bank")  # a change asks everyone again
    assert _item(iep).status == MISSING


@pytest.mark.parametrize("n", [2, 12])
def test_it_answers_for_many_ieps_in_six_queries(n: int, school, section,  # noqa: ANN001
                                                  django_assert_num_queries) -> None:  # noqa: ANN001
    for i in range(n):
        iep = f.IEPFactory(student=f.StudentFactory(school=school))
        f.EnrollmentFactory(student=iep.student, section=section)
        member = f.TeamMemberFactory(iep=iep, role=TeamMember.Role.PROVIDER)
        SupportFactory(iep=iep)
        if i % 2:
            Acknowledgement.objects.create(iep=iep, user=section.teacher)
            Acknowledgement.objects.create(iep=iep, user=member.user)
    ieps = list(IEP.objects.select_related("student"))
    # acknowledgement_status: IEPs with students (1), supports (1), team members (1),
    # enrollments (1), the people who owe (1), latest acknowledgements (1).
    with django_assert_num_queries(6):
        answers = support_acknowledgements(ieps, FROZEN_TODAY)
    assert sorted(a.status for a in answers.values()) == sorted([DONE] * (n // 2) + [MISSING] * (n // 2))
