"""A substitute: the class packet (only that class's students, only supports and BIP
steps), check-offs on the days covered, access that ends by itself, the access log, and
the invitation of a substitute with no account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accommodations.models import ImplementationCheck
from iep_portal.models import AccessLog, User
from students.models import IEP, Coverage, Section, Student
from tests import factories as f
from tests.accommodations.factories import StrategyFactory, SupportFactory
from tests.conftest import FROZEN_TODAY, signed_in
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_client(substitute: User, coverage: Coverage) -> Client:
    return signed_in(Client(), substitute)


def test_the_packet_holds_only_this_class_and_only_supports_and_bip_steps(
    sub_client: Client, iep: IEP, student: Student, section: Section, school: object,
    case_manager: User, gen_ed_teacher: User,
) -> None:
    SupportFactory(iep=iep, text="Extended time on classwork")
    SupportFactory(iep=iep, text="Spell-check on writing", scope="subjects", subjects=["English"])
    StrategyFactory(iep=iep, text="Offer a break card before transitions", source="behavior_plan",
                    how_to="Hand the card quietly; praise its use.")
    GoalFactory(iep=iep, area="Reading fluency", annual_goal="Reads 90 words a minute")
    ServiceRequirementFactory(iep=iep, area="Speech-language")
    # A student of the same teacher in another class, with a plan of their own.
    english = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="English 6", subject="English")
    other = f.StudentFactory(school=school, first_name="Noah", last_name="Kim")
    f.EnrollmentFactory(student=other, section=english)
    SupportFactory(iep=f.IEPFactory(student=other, case_manager=case_manager), text="Audio books")

    page = sub_client.get(reverse("coverage:packet", args=[section.pk])).content.decode()
    assert "Maya Lopez" in page and "Extended time on classwork" in page
    assert "Offer a break card before transitions" in page and "Hand the card quietly" in page
    assert "Spell-check on writing" not in page  # English only; this is Math
    assert "Noah" not in page and "Audio books" not in page  # another class
    for private in ("Reading fluency", "Reads 90 words", "Speech-language", "disability"):
        assert private not in page
    assert AccessLog.objects.filter(student=student, action="view").count() == 1


def test_a_substitute_checks_off_a_support_in_the_class_they_cover(
    sub_client: Client, iep: IEP, student: Student, section: Section, substitute: User,
) -> None:
    support = SupportFactory(iep=iep, text="Extended time on classwork")
    response = sub_client.post(reverse("coverage:packet_check", args=[section.pk]),
                               {"student": student.pk, "support": support.pk, "outcome": "provided"})
    assert response.status_code == 302
    check = ImplementationCheck.objects.get()
    assert check.teacher == substitute and check.section == section and check.date == FROZEN_TODAY
    assert AccessLog.objects.filter(user=substitute, student=student, action="change").exists()


def test_access_ends_the_day_after_the_last_day(
    substitute: User, iep: IEP, student: Student, section: Section, coverage: Coverage,
) -> None:
    support = SupportFactory(iep=iep)
    url = reverse("coverage:packet", args=[section.pk])
    last_day = dt.datetime.combine(coverage.ends_on, dt.time(15, 0), tzinfo=dt.UTC)
    with time_machine.travel(last_day):
        assert signed_in(Client(), substitute).get(url).status_code == 200
    with time_machine.travel(last_day + dt.timedelta(days=1)):
        sub_client = signed_in(Client(), substitute)
        assert sub_client.get(url).status_code == 404
        response = sub_client.post(reverse("coverage:packet_check", args=[section.pk]),
                                   {"student": student.pk, "support": support.pk, "outcome": "provided"})
        assert response.status_code == 404
    assert not ImplementationCheck.objects.exists()


def test_the_packet_opens_to_nobody_else(
    iep: IEP, section: Section, paraprofessional: User, gen_ed_teacher: User, substitute: User,
) -> None:
    url = reverse("coverage:packet", args=[section.pk])
    for user in (paraprofessional, gen_ed_teacher, substitute):  # substitute: no cover granted
        assert signed_in(Client(), user).get(url).status_code == 404


def test_a_teacher_invites_a_substitute_with_no_account(
    iep: IEP, section: Section, gen_ed_teacher: User, django_capture_on_commit_callbacks: Any,
) -> None:
    client = signed_in(Client(), gen_ed_teacher)
    url = f"{reverse('coverage:grant')}?k=4c2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"teacher": gen_ed_teacher.pk, "email": "r.diaz@example.org",
                                     "first_name": "Rosa", "last_name": "Diaz",
                                     "starts_on": "2026-11-18", "ends_on": "2026-11-20"})
    assert response.status_code == 302
    invited = User.objects.get(email="r.diaz@example.org")
    row = Coverage.objects.get()
    assert row.substitute == invited and invited.role == User.Role.SUBSTITUTE
    assert not invited.has_usable_password() and row.granted_by == gen_ed_teacher
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_invitation_needs_a_name(iep: IEP, section: Section, gen_ed_teacher: User) -> None:
    client = signed_in(Client(), gen_ed_teacher)
    url = f"{reverse('coverage:grant')}?k=5c2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d"
    response = client.post(url, {"teacher": gen_ed_teacher.pk, "email": "r.diaz@example.org",
                                 "starts_on": "2026-11-18", "ends_on": "2026-11-20"})
    assert response.status_code == 400 and "first and last name" in response.content.decode()
    assert "r.diaz@example.org" in response.content.decode()  # nothing typed is lost
    assert not Coverage.objects.exists()


def test_a_teacher_grants_cover_only_of_their_own_classes(
    iep: IEP, section: Section, gen_ed_teacher: User, colleague: User, substitute: User,
) -> None:
    client = signed_in(Client(), colleague)
    assert client.get(f"{reverse('coverage:grant')}?k=1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d").status_code == 404
    client = signed_in(Client(), gen_ed_teacher)
    url = f"{reverse('coverage:grant')}?k=2b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d"
    body = {"teacher": gen_ed_teacher.pk, "substitute": substitute.pk, "starts_on": "2026-11-19",
            "ends_on": "2026-11-20"}
    assert client.post(url, body).status_code == 302
    client.post(url, body)  # a second send: saved once
    assert Coverage.objects.get().granted_by == gen_ed_teacher
    assert len(mail.outbox) == 0  # an existing account: no invitation


@pytest.mark.parametrize("classmates", [1, 6])
def test_the_packet_costs_the_same_queries_for_a_small_and_a_large_class(
    classmates: int, sub_client: Client, iep: IEP, school: object, section: Section,
    case_manager: User, django_assert_num_queries: Any,
) -> None:
    SupportFactory(iep=iep)
    for n in range(classmates):
        other = f.StudentFactory(school=school, first_name=f"Kid{n}")
        f.EnrollmentFactory(student=other, section=section)
        SupportFactory(iep=f.IEPFactory(student=other, case_manager=case_manager))
    sub_client.get(reverse("coverage:packet", args=[section.pk]))  # warm the session
    # session (1), user (1), the covered section (1), its students (1), the access-log rows
    # (1), plans (1), supports (1), checks (1), the bell's unread count (1).
    with django_assert_num_queries(9):
        response = sub_client.get(reverse("coverage:packet", args=[section.pk]))
    assert response.status_code == 200
