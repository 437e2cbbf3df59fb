"""The demo's removals: one of the case manager's students below the 5-day warning, one past it."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from behavior import demo
from behavior.models import Removal
from behavior.removal_days import removal_days_for
from notifications.sweeps import run_sweep
from students import demo as students_demo
from tests.conftest import signed_in


def test_one_student_has_three_days_and_another_six_and_neither_has_a_504_plan(db: None, client) -> None:  # noqa: ANN001
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    students = list({r.student for r in Removal.objects.select_related("student")})
    counts = removal_days_for(students, world.today)
    assert sorted(counts.values()) == [Decimal(3), Decimal(6)]
    assert not {p.student_id for p in world.plans_504} & {s.pk for s in students}
    manager = world.users["case_manager"]
    assert all(s.ieps.get(status="active").case_manager == manager for s in students)
    # Recorded by the principal on the day of each incident, with a reason.
    assert {r.recorded_by for r in Removal.objects.all()} == {world.users["school_admin"]}
    assert all(timezone.localdate(r.recorded_at) <= r.date for r in Removal.objects.all())
    assert all(r.reason.endswith(".") for r in Removal.objects.all())
    assert run_sweep("removal_days").created == 2  # the 6-day student: case manager and principal
    six = next(s for s in students if counts[s.pk] == 6)
    page = signed_in(client, manager).get(reverse("students:detail", args=[six.pk])).content.decode()
    assert "6 school days of removal this school year" in page and "5 or more school days of removal" in page
