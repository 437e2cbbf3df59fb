"""The demo schedules and the district's: believable weekly timetables that the session log
and My day agree with."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from iep_portal.models import User
from provider_schedules import demo
from provider_schedules.models import PlannedLine, SessionPlan
from provider_schedules.queries import sessions_between
from services import demo as services_demo
from students import demo as students_demo


@pytest.fixture
def world(db: None):  # noqa: ANN201
    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    demo.load(world)
    return world


def test_the_slp_has_an_articulation_group_of_three_on_tuesday_and_thursday_at_ten(world) -> None:  # noqa: ANN001
    slp = world.users["provider"]
    first = SessionPlan.objects.filter(provider=slp).order_by("start_time").first()
    assert first is not None
    assert (first.label, first.weekdays, first.start_time, first.minutes) == (
        "Articulation group", [1, 3], dt.time(10, 0), 30)
    assert PlannedLine.objects.filter(plan=first).count() == 3


def test_the_ot_has_weekly_sessions_and_a_monthly_consult(world) -> None:  # noqa: ANN001
    ot = world.users["provider_ot"]
    plans = list(SessionPlan.objects.filter(provider=ot))
    assert any(p.frequency == "monthly" and p.week_of_month == 1 and p.weekdays == [1] for p in plans)
    assert sum(1 for p in plans if p.frequency == "weekly") >= 2


def test_no_provider_is_in_two_sessions_at_once(world) -> None:  # noqa: ANN001
    for key in ("provider", "provider_ot"):
        week = sessions_between(world.users[key], dt.date(2026, 11, 16), dt.date(2026, 11, 20)) or {}
        for sessions in week.values():
            spans = sorted((dt.datetime.combine(s.day, s.plan.start_time), s.plan.minutes) for s in sessions)
            for (a, m), (b, _) in zip(spans, spans[1:], strict=False):
                assert a + dt.timedelta(minutes=m) <= b


def test_the_district_gives_every_related_service_provider_a_weekly_schedule(db: None) -> None:
    call_command("seed_district", students=40, seed=3, stdout=StringIO())
    providers = User.objects.filter(role=User.Role.PROVIDER, email__endswith="@bench3.test",
                                    services_provided__isnull=False).distinct()
    assert providers.exists()
    for provider in providers:
        assert SessionPlan.objects.filter(provider=provider).exists(), provider
    groups = [p for p in SessionPlan.objects.all() if p.lines.count() > 1]
    assert groups and all(p.lines.count() <= 3 for p in groups)
