"""A paraprofessional: the supports and goals they carry out, their check-offs and data as
theirs, minutes only as a named co-provider, and never certifying another's session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accommodations.models import ImplementationCheck, SupportReview
from coverage.actions import para_assign
from iep_portal.models import AccessLog, User
from progress.models import DataPoint
from services.actions import service_co_provider_name, service_session_certify
from services.models import ServiceSession
from students.models import IEP, ParaAssignment, Section, Student
from tests.accommodations.factories import StrategyFactory, SupportFactory
from tests.conftest import FROZEN_TODAY, signed_in
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def para_client(paraprofessional: User, para_assignment: ParaAssignment) -> Client:
    return signed_in(Client(), paraprofessional)


def test_it_shows_the_supports_bip_strategies_and_their_goals_and_nothing_else(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User, case_manager: User,
) -> None:
    SupportFactory(iep=iep, text="Extended time on classwork")
    StrategyFactory(iep=iep, text="Offer a break card before transitions", source="behavior_plan",
                    how_to="Hand the card quietly; praise its use.")
    GoalFactory(iep=iep, area="Task completion", annual_goal="Completes 4 of 5 tasks",
                collectors=[paraprofessional])
    GoalFactory(iep=iep, area="Reading fluency", annual_goal="Reads 90 words a minute",
                collectors=[case_manager])
    page = para_client.get(reverse("coverage:para_student", args=[student.pk])).content.decode()
    assert "Extended time on classwork" in page
    assert "Offer a break card before transitions" in page and "Hand the card quietly" in page
    assert "Task completion" in page
    assert "Reading fluency" not in page  # a goal they do not collect for
    # The rest of the record stays closed to them.
    assert para_client.get(reverse("students:detail", args=[student.pk])).status_code == 404
    assert AccessLog.objects.filter(user=paraprofessional, student=student).exists()


def test_a_check_off_is_recorded_as_theirs(
    para_client: Client, iep: IEP, student: Student, section: Section, paraprofessional: User,
) -> None:
    support = SupportFactory(iep=iep, text="Extended time on classwork")
    url = reverse("coverage:para_check", args=[student.pk])
    data = {"support": support.pk, "section": section.pk, "outcome": "provided"}
    para_client.post(url, data)
    para_client.post(url, data)  # a second tap: the same answer changes nothing
    check = ImplementationCheck.objects.get(support=support)
    assert check.teacher == paraprofessional and check.date == FROZEN_TODAY
    assert check.outcome == ImplementationCheck.Outcome.PROVIDED


def test_a_para_reviews_a_support_they_carry_out_once_and_it_joins_the_trend(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User,
) -> None:
    support = SupportFactory(iep=iep, text="Extended time on classwork")
    page = para_client.get(reverse("coverage:para_student", args=[student.pk])).content.decode()
    assert reverse("coverage:para_review", args=[student.pk]) in page  # the form is on their page
    url = reverse("coverage:para_review", args=[student.pk])
    data = {"k": "5c0c9f9e-3f0e-4d4e-9a77-0d5e2b8f8a11", "support": support.pk, "used": "mostly",
            "prompting": "gestural", "adjustment": "fade"}
    assert para_client.post(url, data).status_code == 302
    para_client.post(url, data)  # Back and send again: the same key saves nothing
    (review,) = SupportReview.objects.filter(support=support)
    assert review.reviewer == paraprofessional and review.prompting == "gestural"
    assert review.adjustment == "fade"
    # A support of another student is not theirs to review.
    other = SupportFactory(text="Preferential seating")
    para_client.post(url, {**data, "k": "0b7f3a52-8c55-4c43-8f7e-3a9e2f3c1d20", "support": other.pk})
    assert not SupportReview.objects.filter(support=other).exists()
    # A missing answer is named and nothing is saved.
    response = para_client.post(url, {"k": "9d3c1b0e-2a4f-4c6b-8e7d-1f2a3b4c5d6e", "support": support.pk,
                                      "used": "mostly", "prompting": "gestural"}, follow=True)
    assert "Say what you propose" in response.content.decode()
    assert SupportReview.objects.filter(support=support).count() == 1


def test_a_data_point_is_theirs_once_and_only_on_their_goals(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User, case_manager: User,
) -> None:
    mine = GoalFactory(iep=iep, collectors=[paraprofessional])
    other = GoalFactory(iep=iep, area="Reading fluency", collectors=[case_manager])
    url = reverse("coverage:para_data", args=[student.pk])
    body = {"goal": mine.pk, "value": "60", "setting": "gen_ed", "k": "8c0d3c7e-5b8e-4f3a-9a43-1f7a0a5c7b11"}
    assert para_client.post(url, body).status_code == 302
    para_client.post(url, body)  # Back then Record again: the same form, nothing twice
    para_client.post(url, {**body, "goal": other.pk, "k": "0b7f7a1c-2d67-4a0a-8d7a-2b9e7f1c3d44"})
    point = DataPoint.objects.get()
    assert point.goal == mine and point.value == Decimal(60)
    assert point.collected_by == paraprofessional and point.recorded_by == paraprofessional


def test_two_goals_recorded_from_one_page_are_both_kept(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User,
) -> None:
    first, second = (GoalFactory(iep=iep, collectors=[paraprofessional]) for _ in range(2))
    url = reverse("coverage:para_data", args=[student.pk])
    key = "9d0d3c7e-5b8e-4f3a-9a43-1f7a0a5c7b11"  # the page's one key, in each goal's form
    for goal in (first, second, first):
        para_client.post(url, {"goal": goal.pk, "value": "50", "setting": "gen_ed", "k": key})
    assert sorted(DataPoint.objects.values_list("goal_id", flat=True)) == sorted([first.pk, second.pk])


def test_it_refuses_a_value_that_is_not_a_number_and_says_why(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User,
) -> None:
    goal = GoalFactory(iep=iep, collectors=[paraprofessional])
    response = para_client.post(reverse("coverage:para_data", args=[student.pk]),
                                {"goal": goal.pk, "value": "abc", "setting": "gen_ed"})
    assert response.status_code == 400 and "Enter a number." in response.content.decode()
    assert not DataPoint.objects.exists()


def test_it_logs_minutes_only_on_a_line_that_names_them_co_provider(
    para_client: Client, iep: IEP, student: Student, paraprofessional: User, case_manager: User,
    provider: User,
) -> None:
    line = ServiceRequirementFactory(iep=iep, provider=provider, area="Social skills")
    url = reverse("coverage:para_minutes", args=[student.pk])
    page = para_client.get(f"{url}?k=3f1e1a52-8f0e-4d4e-9a6c-6c6a8f1b2d10")
    assert "no minutes for you to log" in page.content.decode()
    response = para_client.post(url, {"k": "3f1e1a52-8f0e-4d4e-9a6c-6c6a8f1b2d10",
                                      "requirement": line.pk, "date": "2026-11-18", "minutes": 20})
    assert response.status_code == 400 and not ServiceSession.objects.exists()

    service_co_provider_name(requirement=line, user=paraprofessional, by=case_manager)
    response = para_client.post(url, {"k": "5a0c8d0e-3c55-4a77-b0f3-2f8e6d9a1c22",
                                      "requirement": line.pk, "date": "2026-11-18", "minutes": 20})
    assert response.status_code == 302
    session = ServiceSession.objects.get()
    assert session.logged_by == paraprofessional and session.certified_by == paraprofessional
    assert session.minutes == 20


def test_a_para_never_certifies_another_providers_session(
    iep: IEP, paraprofessional: User, case_manager: User, provider: User, para_assignment: ParaAssignment,
) -> None:
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    service_co_provider_name(requirement=line, user=paraprofessional, by=case_manager)
    pending = ServiceSessionFactory(requirement=line, logged_by=provider, certified_by=None,
                                    certified_at=None)
    with pytest.raises(ValidationError, match="confirms only the sessions they logged"):
        service_session_certify(session=pending, by=paraprofessional)
    pending.refresh_from_db()
    assert pending.certified_at is None
    assert service_session_certify(session=pending, by=provider)


def test_a_para_who_is_not_assigned_cannot_be_named_co_provider(
    iep: IEP, paraprofessional: User, case_manager: User, provider: User,
) -> None:
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    with pytest.raises(ValidationError):
        service_co_provider_name(requirement=line, user=paraprofessional, by=case_manager)


def test_assigned_to_a_class_they_work_with_its_students_until_the_last_day(
    paraprofessional: User, iep: IEP, student: Student, section: Section, school_admin: User,
) -> None:
    SupportFactory(iep=iep, text="Extended time on classwork")
    para_assign(para=paraprofessional, by=school_admin, section=section,
                starts_on=FROZEN_TODAY, ends_on=FROZEN_TODAY + dt.timedelta(days=2))
    url = reverse("coverage:para_student", args=[student.pk])
    assert signed_in(Client(), paraprofessional).get(url).status_code == 200
    with time_machine.travel(dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.UTC)):
        assert signed_in(Client(), paraprofessional).get(url).status_code == 404


def test_only_the_case_manager_or_an_administrator_assigns(
    paraprofessional: User, student: Student, iep: IEP, gen_ed_teacher: User, case_manager: User,
) -> None:
    with pytest.raises(ValidationError):
        para_assign(para=paraprofessional, by=gen_ed_teacher, student=student,
                    starts_on=FROZEN_TODAY, ends_on=FROZEN_TODAY)
    row = para_assign(para=paraprofessional, by=case_manager, student=student,
                      starts_on=FROZEN_TODAY, ends_on=FROZEN_TODAY)
    assert row.assigned_by == case_manager and row.assigned_at is not None


def test_the_assign_page_saves_once(
    paraprofessional: User, student: Student, iep: IEP, case_manager: User,
) -> None:
    client = signed_in(Client(), case_manager)
    url = f"{reverse('coverage:assign')}?k=7d3c2b1a-0f9e-4d8c-8b7a-6a5f4e3d2c1b"
    body = {"para": paraprofessional.pk, "student": student.pk, "starts_on": "2026-11-18",
            "ends_on": "2026-12-18"}
    assert client.post(url, body).status_code == 302
    client.post(url, body)
    assert ParaAssignment.objects.count() == 1
