"""Acknowledgements are computed from data: a support change or a new enrollment asks again."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from accommodations.acknowledgements import (
    ADDED_TO_TEAM,
    NEW_IN_CLASS,
    SUPPORTS_CHANGED,
    acknowledgement_status,
    outstanding_acknowledgements,
)
from accommodations.actions import acknowledgement_record, support_update
from accommodations.models import Acknowledgement, Support
from students.models import IEP
from tests import factories as f


def who_owes(iep: IEP) -> set[str]:
    return {d.user.first_name for d in outstanding_acknowledgements(IEP.objects.filter(pk=iep.pk))}


def test_teachers_and_providers_owe_an_acknowledgement_but_not_the_case_manager(iep, support) -> None:  # noqa: ANN001
    assert who_owes(iep) == {"Gina", "Pat"}  # the observer is view only


def test_nothing_is_owed_while_the_iep_has_no_supports(iep) -> None:  # noqa: ANN001
    assert who_owes(iep) == set()


def test_acknowledging_clears_it_until_the_supports_change(
    iep, support, gen_ed_teacher, case_manager  # noqa: ANN001
) -> None:
    acknowledgement_record(iep=iep, user=gen_ed_teacher)
    assert "Gina" not in who_owes(iep)
    with time_machine.travel(dt.timedelta(minutes=5)):
        support_update(support=support, by=case_manager, text="Extended time (2x)")
        [due] = [d for d in outstanding_acknowledgements([iep]) if d.user == gen_ed_teacher]
    assert due.reason == SUPPORTS_CHANGED
    assert due.acknowledged_at is not None and due.since > due.acknowledged_at


def written_in_september() -> None:
    Support.objects.update(changed_at=dt.datetime(2026, 9, 8, 12, tzinfo=dt.UTC))


def test_a_new_enrollment_asks_the_new_teacher(iep, support, school, colleague) -> None:  # noqa: ANN001
    written_in_september()
    science = f.SectionFactory(school=school, teacher=colleague, subject="Science")
    f.EnrollmentFactory(student=iep.student, section=science, start_date=dt.date(2026, 11, 18))
    [due] = [d for d in outstanding_acknowledgements([iep]) if d.user == colleague]
    assert due.reason == NEW_IN_CLASS
    assert due.since.date() == dt.date(2026, 11, 18)


def test_a_provider_added_to_the_team_is_asked(iep, support, provider) -> None:  # noqa: ANN001
    written_in_september()
    [due] = acknowledgement_status([iep], users=[provider])
    assert due.reason == ADDED_TO_TEAM and due.outstanding


def test_the_status_runs_six_queries_for_many_ieps(
    iep, support, school, section, django_assert_num_queries  # noqa: ANN001
) -> None:
    manager = f.UserFactory(role="case_manager", schools=[school])
    for _ in range(5):
        other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=manager)
        f.EnrollmentFactory(student=other.student, section=section)
    # IEPs, supports, team members, enrollments, the people who owe, latest acknowledgements
    with django_assert_num_queries(6):
        acknowledgement_status(IEP.objects.all())


def test_printing_the_glance_page_counts_for_nothing_acknowledging_counts(
    login, iep, support, gen_ed_teacher  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    glance = client.get(reverse("accommodations:glance", args=[iep.student_id])).content.decode()
    assert "Not yet acknowledged" in glance and support.text in glance
    assert not Acknowledgement.objects.exists()
    response = client.post(reverse("accommodations:acknowledge", args=[iep.student_id]), follow=True)
    assert "✓ Acknowledged" in response.content.decode()
    assert Acknowledgement.objects.get().user == gen_ed_teacher


def test_the_glance_page_shows_a_teacher_only_supports_for_their_class(
    login, iep, support, gen_ed_teacher  # noqa: ANN001
) -> None:
    from tests.accommodations.factories import StrategyFactory, SupportFactory

    SupportFactory(iep=iep, text="Lab partner", scope="subjects", subjects=["Science"])
    StrategyFactory(iep=iep)
    page = login(gen_ed_teacher).get(reverse("accommodations:glance", args=[iep.student_id])).content.decode()
    assert support.text in page and "Four-square writing organizer" in page
    assert "Lab partner" not in page
    assert iep.case_manager.email in page


# --- "IEPs to read and acknowledge": a list of its own, linked from My day ---------------------

LIST = reverse("accommodations:acknowledgements")


def _more_students(section, n: int) -> list[IEP]:  # noqa: ANN001
    from tests.accommodations.factories import SupportFactory

    ieps = []
    for _ in range(n):
        iep = f.IEPFactory(student=f.StudentFactory(school=section.school))
        f.EnrollmentFactory(student=iep.student, section=section)
        SupportFactory(iep=iep, text="Preferential seating")
        ieps.append(iep)
    return ieps


def test_my_day_links_the_count_to_the_list_which_names_each_student_and_what_changed(
    login, iep, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    _more_students(section, 2)
    client = login(gen_ed_teacher)
    home = client.get(reverse("home")).content.decode()
    assert f'<a href="{LIST}">3 IEPs to read and acknowledge</a>' in home
    page = client.get(LIST).content.decode()
    assert page.count('class="ack-row"') == 3
    assert "Maya Lopez" in page and "Extended time (1.5x) on classwork" in page
    assert "The student joined your class" in page or "The supports changed" in page
    glance = reverse("accommodations:glance", args=[iep.student_id])
    assert f'href="{glance}?next=acknowledgements"' in page


def test_acknowledging_from_the_list_returns_to_it_and_takes_the_student_off(
    login, iep, support, gen_ed_teacher  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    glance = client.get(reverse("accommodations:glance", args=[iep.student_id]), {"next": "acknowledgements"})
    assert 'name="next" value="acknowledgements"' in glance.content.decode()
    response = client.post(reverse("accommodations:acknowledge", args=[iep.student_id]), {"next": "acknowledgements"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert Acknowledgement.objects.filter(iep=iep, user=gen_ed_teacher).exists()
    page = client.get(LIST).content.decode()
    assert "Thank you: you acknowledged Maya Lopez" in page  # the message, on the list
    assert 'class="ack-row"' not in page and "All caught up" in page
    # From the glance page alone, acknowledging stays there, as before.
    plain = client.post(reverse("accommodations:acknowledge", args=[iep.student_id]))
    assert plain["Location"] == reverse("accommodations:glance", args=[iep.student_id])


def test_a_changed_support_asks_again_and_the_list_says_what_changed(
    login, iep, support, gen_ed_teacher, case_manager  # noqa: ANN001
) -> None:
    from tests.accommodations.factories import SupportFactory

    SupportFactory(iep=iep, text="Copy of class notes")
    acknowledgement_record(iep=iep, user=gen_ed_teacher)
    with time_machine.travel(dt.timedelta(minutes=5)):
        support_update(support=support, by=case_manager, text="Extended time (2x) on tests")
        page = login(gen_ed_teacher).get(LIST).content.decode()
    assert "The supports changed" in page and "Changed: Extended time (2x) on tests" in page
    assert "Copy of class notes" not in page  # unchanged since the last acknowledgement


def test_the_list_holds_only_the_persons_own_duties(login, iep, support, colleague, case_manager) -> None:  # noqa: ANN001
    assert "Maya Lopez" not in login(colleague).get(LIST).content.decode()
    assert "Maya Lopez" not in login(case_manager).get(LIST).content.decode()  # she writes them


def test_the_list_runs_the_same_queries_however_many_students(
    login, iep, support, section, gen_ed_teacher, django_assert_num_queries  # noqa: ANN001
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(gen_ed_teacher)
    client.get(LIST)  # the first request saves the session
    counts = []
    for n in (1, 10):
        _more_students(section, n)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).content.decode().count('class="ack-row"') == 1 + (1 if n == 1 else 11)
        counts.append(len(captured))
    # session, user; caseload (4); outstanding acknowledgements (6), changed supports (1);
    # access log (1); unread notifications (1).
    assert counts == [15, 15]
