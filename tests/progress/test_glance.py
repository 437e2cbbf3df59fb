"""IEP at a glance: the goals this person collects data for, with a link to enter data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.glance import goals_panel
from students.access import get_student_for_user
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import DataPointFactory, GoalFactory

pytestmark = pytest.mark.django_db


def _glance(client, iep) -> str:  # noqa: ANN001
    response = client.get(reverse("accommodations:glance", args=[iep.student_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_teacher_sees_the_goals_they_collect_for_with_a_link_to_enter_data(
        login, iep, gen_ed_teacher, case_manager) -> None:  # noqa: ANN001
    mine = GoalFactory(iep=iep, area="Math computation", collectors=[gen_ed_teacher, case_manager])
    DataPointFactory(goal=mine)
    GoalFactory(iep=iep, area="Speech articulation", collectors=[case_manager])
    GoalFactory(iep=iep, area="Old behavior goal", active=False, collectors=[gen_ed_teacher])

    page = _glance(login(gen_ed_teacher), iep)

    assert "Goals you collect data for" in page and "Math computation" in page
    assert f'href="{reverse("progress:goal", args=[mine.pk])}#add-heading"' in page
    assert "last data Oct 1" in page and "Data overdue" in page  # Oct 1 + 14 days < Nov 18
    assert "Speech articulation" not in page and "Old behavior goal" not in page
    assert "not set up yet" not in page  # the placeholder is gone


def test_someone_who_collects_nothing_is_told_so(login, iep, gen_ed_teacher, case_manager) -> None:  # noqa: ANN001
    GoalFactory(iep=iep, collectors=[case_manager])
    SupportFactory(iep=iep)
    page = _glance(login(gen_ed_teacher), iep)
    assert f"You do not collect data on any of {iep.student}" in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_panel_costs_one_query_however_many_goals(
        n: int, rf, iep, gen_ed_teacher, django_assert_num_queries) -> None:  # noqa: ANN001
    for i in range(n):
        goal = GoalFactory(iep=iep, area=f"Goal {i}", collectors=[gen_ed_teacher])
        DataPointFactory(goal=goal)
    request = rf.get("/")
    request.user = gen_ed_teacher
    access = get_student_for_user(request, iep.student_id)
    # the goals this person collects for, with their latest data date (1).
    with django_assert_num_queries(1):
        panel = goals_panel(request, access)
    assert panel is not None and len(panel["goals"]) == n


def test_the_glance_page_does_not_grow_with_goals(login, iep, gen_ed_teacher) -> None:  # noqa: ANN001
    client = login(gen_ed_teacher)
    _glance(client, iep)  # the first request of a session also writes it
    counts = []
    for _ in range(2):
        for _i in range(4):
            GoalFactory(iep=iep, collectors=[gen_ed_teacher])
        with CaptureQueriesContext(connection) as queries:
            _glance(client, iep)
        counts.append(len(queries))
    assert counts[0] == counts[1]
