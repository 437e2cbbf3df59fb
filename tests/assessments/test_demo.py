from __future__ import annotations

import pytest
from django.urls import reverse

from accommodations import demo as accommodations_demo
from assessments import demo
from assessments.models import AssessmentWindow
from iep_portal.models import User
from students import demo as students_demo
from tests.conftest import signed_in


@pytest.mark.django_db
def test_the_demo_has_a_state_window_a_unit_test_today_and_a_test_coordinator(client) -> None:  # noqa: ANN001
    world = students_demo.load()
    assert world is not None
    accommodations_demo.load(world)
    demo.load(world)

    state = AssessmentWindow.objects.get(kind=AssessmentWindow.Kind.STATE)
    assert state.school == world.school and state.sessions.count() == 4
    assert state.first_day.month == 4
    unit = AssessmentWindow.objects.get(kind=AssessmentWindow.Kind.UNIT)
    gina = world.users["gen_ed_teacher"]
    assert unit.section.teacher == gina and unit.section.name == "Math 7"
    assert unit.first_day == world.today  # the frozen today is a school day

    page = signed_in(client, gina).get(reverse("accommodations:my_classes") + f"?section={unit.section_id}")
    assert "assessment accommodations expected" in page.content.decode()

    coordinator = User.objects.get(email="testcoord@demo.school")
    assert coordinator.role == User.Role.TEST_COORDINATOR
    assert list(coordinator.schools.all()) == [world.school]
    assert coordinator.authenticator_set.exists()  # two-step sign-in, like the administrators
    client.logout()
    roster = signed_in(client, coordinator).get(reverse("accommodations:testing_roster", args=[unit.pk]))
    assert roster.status_code == 200
