"""The demo shows every decision, open requests to the demo teacher and sent reports."""

from __future__ import annotations

import pytest

from progress import demo
from progress.models import DataRequest, Goal, ProgressReport
from students import demo as students_demo


@pytest.mark.django_db
def test_the_demo_shows_all_three_decisions() -> None:
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    goals = list(Goal.objects.prefetch_related("data_points"))
    per_iep = {g.iep_id for g in goals}
    assert len(per_iep) == len(world.ieps)
    decisions = {g.analyse(list(g.data_points.all())).decision for g in goals}
    assert {"change", "raise", "continue"} <= decisions
    assert DataRequest.objects.open().filter(teacher=world.users["gen_ed_teacher"]).count() >= 3
    assert ProgressReport.objects.filter(sent_on__isnull=False).exists()
