"""The demo school rings from 7:50 to 2:50, and one IEP's recorded environment is out of date."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lre.measure import placements
from schedules import demo as schedules_demo
from services import demo as services_demo
from students import demo as students_demo
from students.models import IEP, Environment


@pytest.fixture
def world(db: None):  # noqa: ANN201
    world = students_demo.load()
    assert world is not None
    schedules_demo.load(world)
    services_demo.load(world)
    return world


def test_every_demo_student_is_measured_on_the_bell_schedule(world) -> None:  # noqa: ANN001
    ieps = list(IEP.objects.active().select_related("student"))
    found = placements(ieps, timezone.localdate())
    assert {p.school_day_minutes for p in found.values()} == {420}
    assert all(p.from_bell_schedule for p in found.values())


def test_one_recorded_environment_disagrees_with_the_lines_and_it_is_the_one_written_to(world) -> None:  # noqa: ANN001
    ieps = list(IEP.objects.active().select_related("student"))
    found = placements(ieps, timezone.localdate())
    differing = [iep for iep in ieps if found[iep.pk].disagrees]
    assert len(differing) == 1
    assert differing[0].educational_environment == Environment.REGULAR_40_79
    assert differing[0].primary_disability == IEP.Disability.EMOTIONAL_DISTURBANCE
