"""Team and caseload changes: who may make them, what is re-acknowledged, what stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accommodations.acknowledgements import outstanding_acknowledgements
from iep_portal.models import User
from lifecycle.actions import case_management_hand_over, team_member_join, team_member_leave
from lifecycle.models import TeamChange
from progress.models import GoalCollector
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students.models import IEP, Student, TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.conftest import FROZEN_TODAY
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory


@pytest.fixture
def slp(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Sam", title="SLP")


def test_joining_records_who_when_and_asks_the_newcomer_to_acknowledge(case_manager, slp, iep: IEP) -> None:
    SupportFactory(iep=iep)
    assert not outstanding_acknowledgements([iep], users=[slp], today=FROZEN_TODAY)
    team_member_join(iep=iep, user=slp, role=TeamMember.Role.PROVIDER, by=case_manager, reason="Speech added")
    [change] = TeamChange.objects.filter(iep=iep)
    assert (change.kind, change.member, change.by, change.effective_on, change.reason) == (
        "joined", slp, case_manager, FROZEN_TODAY, "Speech added")
    assert change.recorded_at is not None
    assert outstanding_acknowledgements([iep], users=[slp], today=FROZEN_TODAY)


def test_joining_twice_records_once_and_a_different_role_is_refused(case_manager, slp, iep: IEP) -> None:
    team_member_join(iep=iep, user=slp, role=TeamMember.Role.PROVIDER, by=case_manager)
    team_member_join(iep=iep, user=slp, role=TeamMember.Role.PROVIDER, by=case_manager)
    assert TeamChange.objects.filter(iep=iep).count() == 1
    with pytest.raises(ValidationError, match="already on .* team as related-service provider"):
        team_member_join(iep=iep, user=slp, role=TeamMember.Role.OBSERVER, by=case_manager)


def test_leaving_is_refused_while_they_deliver_a_line_then_their_sessions_stay(
    case_manager, provider, iep: IEP  # noqa: ANN001
) -> None:
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    session = ServiceSessionFactory(requirement=line)
    member = TeamMember.objects.get(iep=iep, user=provider)
    with pytest.raises(ValidationError, match="still delivers Speech-language. Name someone else for it first"):
        team_member_leave(member=member, by=case_manager, reason="Moved schools")
    assert TeamMember.objects.filter(pk=member.pk).exists()
    line.end_date = FROZEN_TODAY - dt.timedelta(days=1)
    line.save()
    team_member_leave(member=member, by=case_manager, reason="Moved schools")
    assert not TeamMember.objects.filter(iep=iep, user=provider).exists()
    session.refresh_from_db()
    assert session.logged_by == provider and session.certified_by == provider
    assert TeamChange.objects.get(iep=iep, kind="left").member == provider
    assert not Student.objects.visible_to(provider).filter(pk=iep.student_id).exists()


def test_leaving_takes_them_off_goals_others_also_collect_for(case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    shared = GoalFactory(iep=iep, collectors=[provider, case_manager])
    only = GoalFactory(iep=iep, area="Articulation", collectors=[provider])
    member = TeamMember.objects.get(iep=iep, user=provider)
    with pytest.raises(ValidationError, match="only collector for the Articulation goal"):
        team_member_leave(member=member, by=case_manager, reason="Moved schools")
    GoalCollector.objects.create(goal=only, user=case_manager)
    team_member_leave(member=member, by=case_manager, reason="Moved schools")
    assert set(shared.collectors.all()) == {case_manager}


def test_a_future_effective_date_or_no_reason_is_refused(case_manager, observer, iep: IEP) -> None:  # noqa: ANN001
    member = TeamMember.objects.get(iep=iep, user=observer)
    with pytest.raises(ValidationError, match="today or on a day already past"):
        team_member_leave(member=member, by=case_manager, reason="x", effective_on=FROZEN_TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="Say why"):
        team_member_leave(member=member, by=case_manager, reason="  ")


def test_a_hand_over_keeps_the_lines_minutes_and_who_recorded_them(
    case_manager, other_case_manager, school_admin, iep: IEP  # noqa: ANN001
) -> None:
    sdi = ServiceRequirementFactory(iep=iep, area="Reading", provider=case_manager)
    ServiceSessionFactory(requirement=sdi)
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    before = ledgers_for(ServiceRequirement.objects.filter(pk=sdi.pk), FROZEN_TODAY)[sdi.pk].ledger
    [change] = case_management_hand_over(ieps=[iep], to=other_case_manager, by=school_admin,
                                         effective_on=FROZEN_TODAY, reason="Caseloads rebalanced")
    iep.refresh_from_db()
    sdi.refresh_from_db()
    assert iep.case_manager == other_case_manager and sdi.provider == other_case_manager
    after = ledgers_for(ServiceRequirement.objects.filter(pk=sdi.pk), FROZEN_TODAY)[sdi.pk].ledger
    assert (after.delivered, after.expected, after.owed) == (before.delivered, before.expected, before.owed)
    assert ServiceSession.objects.get(requirement=sdi).logged_by == case_manager
    assert list(goal.collectors.all()) == [other_case_manager]
    assert (change.previous, change.member, change.by) == (case_manager, other_case_manager, school_admin)
    assert not Student.objects.visible_to(case_manager).filter(pk=iep.student_id).exists()
    # A retry changes nothing and records nothing more.
    assert case_management_hand_over(ieps=[iep], to=other_case_manager, by=school_admin,
                                     effective_on=FROZEN_TODAY, reason="Caseloads rebalanced") == []


def test_only_a_case_manager_of_the_school_takes_a_caseload(case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="is not a case manager at"):
        case_management_hand_over(ieps=[iep], to=provider, by=case_manager, effective_on=FROZEN_TODAY, reason="x")
    elsewhere = f.UserFactory(role=User.Role.CASE_MANAGER, schools=[f.SchoolFactory()])
    with pytest.raises(ValidationError, match="is not a case manager at"):
        case_management_hand_over(ieps=[iep], to=elsewhere, by=case_manager, effective_on=FROZEN_TODAY, reason="x")


def test_the_team_page_adds_a_member_and_keeps_what_was_typed_on_a_mistake(
    login, case_manager, slp, iep: IEP  # noqa: ANN001
) -> None:
    client = login(case_manager)
    url = reverse("lifecycle:member_add", args=[iep.student_id])
    bad = client.post(url, {"user": slp.pk, "role": "nonsense", "reason": "Speech added at review"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Select a valid choice" in page and 'value="Speech added at review"' in page
    done = client.post(url, {"user": slp.pk, "role": "provider", "reason": "Speech added at review"})
    assert done.status_code == 302
    again = client.post(url, {"user": slp.pk, "role": "provider", "reason": "Speech added at review"})
    assert again.status_code == 302 and TeamChange.objects.filter(iep=iep).count() == 1
    page = client.get(reverse("lifecycle:team", args=[iep.student_id])).content.decode()
    assert f"{slp} joined as related-service provider" in page and "“Speech added at review”" in page


def test_the_remove_form_says_what_they_still_carry(login, case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, provider=provider)
    response = login(case_manager).post(
        reverse("lifecycle:member_remove", args=[iep.student_id, provider.pk]),
        {"reason": "Moved to the high school", "effective_on": "2026-11-18"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "still delivers Speech-language" in page and 'value="Moved to the high school"' in page


def test_a_caseload_hand_over_moves_the_students_chosen(
    login, case_manager, other_case_manager, school, iep: IEP  # noqa: ANN001
) -> None:
    second = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
    third = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
    client = login(case_manager)
    page = client.get(reverse("lifecycle:caseload")).content.decode()
    assert str(second.student) in page and str(third.student) in page
    response = client.post(reverse("lifecycle:caseload"), {
        "ieps": [iep.pk, second.pk], "to": other_case_manager.pk, "effective_on": "2026-11-16",
        "reason": "Caseloads rebalanced for the semester"})
    assert response.status_code == 302
    managers = dict(IEP.objects.filter(pk__in=[iep.pk, second.pk, third.pk]).values_list("pk", "case_manager"))
    assert managers == {iep.pk: other_case_manager.pk, second.pk: other_case_manager.pk, third.pk: case_manager.pk}
    assert set(TeamChange.objects.values_list("effective_on", flat=True)) == {dt.date(2026, 11, 16)}


def test_an_administrator_of_another_school_cannot_hand_over_this_caseload(
    login, case_manager, other_school_admin, iep: IEP  # noqa: ANN001
) -> None:
    response = login(other_school_admin).get(reverse("lifecycle:caseload") + f"?from={case_manager.pk}")
    assert response.status_code == 404


def test_the_team_page_query_count_does_not_grow_with_the_team(
    login, case_manager, school, iep: IEP  # noqa: ANN001
) -> None:
    client = login(case_manager)
    url = reverse("lifecycle:team", args=[iep.student_id])
    client.get(url)  # the first request of a session also saves the session
    counts = []
    for size in (1, 8):
        for _ in range(size):
            person = f.UserFactory(role=User.Role.PROVIDER, schools=[school])
            team_member_join(iep=iep, user=person, role=TeamMember.Role.PROVIDER, by=case_manager)
            ServiceRequirementFactory(iep=iep, provider=person)
            GoalFactory(iep=iep, collectors=[person])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_student_page_shows_the_team_and_links_the_team_page(login, case_manager, gen_ed_teacher, iep: IEP) -> None:  # noqa: ANN001
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert reverse("lifecycle:team", args=[iep.student_id]) in page and "Manage the team" in page
    classroom = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert reverse("lifecycle:team", args=[iep.student_id]) not in classroom


def test_naming_another_provider_keeps_the_line_and_records_the_change(
    login, case_manager, provider, iep: IEP  # noqa: ANN001
) -> None:
    line = ServiceRequirementFactory(iep=iep, provider=case_manager)
    ServiceSessionFactory(requirement=line)
    client = login(case_manager)
    url = reverse("lifecycle:line_provider", args=[iep.student_id, line.pk])
    assert client.post(url, {"provider": provider.pk}).status_code == 302
    assert client.post(url, {"provider": provider.pk}).status_code == 302  # a retry: nothing more
    line.refresh_from_db()
    assert line.provider == provider
    assert ServiceSession.objects.get(requirement=line).logged_by == case_manager
    [change] = TeamChange.objects.filter(kind="provider")
    assert (change.member, change.previous, change.detail) == (provider, case_manager, line.area)
    outsider = f.UserFactory(role=User.Role.PROVIDER, schools=[iep.student.school])
    client.post(url, {"provider": outsider.pk})  # not on the team: refused
    line.refresh_from_db()
    assert line.provider == provider


def test_a_goal_keeps_at_least_one_collector(login, case_manager, gen_ed_teacher, iep: IEP) -> None:  # noqa: ANN001
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    client = login(case_manager)
    url = reverse("lifecycle:goal_collectors", args=[iep.student_id, goal.pk])
    response = client.post(url, {}, follow=True)
    assert "at least one person who collects its data" in response.content.decode()
    assert list(goal.collectors.all()) == [case_manager]
    client.post(url, {"collectors": [gen_ed_teacher.pk]})  # teaches the student's class
    assert list(goal.collectors.all()) == [gen_ed_teacher]
    assert set(TeamChange.objects.filter(kind="collectors").values_list("member", "detail")) == {
        (gen_ed_teacher.pk, f"now collects for the {goal.area} goal"),
        (case_manager.pk, f"no longer collects for the {goal.area} goal"),
    }
