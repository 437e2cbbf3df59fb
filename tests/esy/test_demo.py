"""The demo's ESY: a district summer session, one student with ESY needed and a reading SDI
line taught by the case manager, sessions only once the session has begun."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from esy import demo
from esy.models import EsyClosure, EsyDecision, EsySession
from esy.queries import esy_ledgers
from services import demo as services_demo
from services.models import ServiceRequirement, ServiceSession
from students import demo as students_demo

D = dt.date


def _load() -> students_demo.DemoWorld:
    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    demo.load(world)
    return world


def test_in_the_school_year_the_next_summer_is_planned_and_nothing_is_logged(db: None) -> None:
    world = _load()
    session = EsySession.objects.get()
    assert (session.name, session.school, session.start_date, session.end_date) == (
        "Summer 2027", None, D(2027, 6, 21), D(2027, 7, 29))
    assert session.weekdays == [0, 1, 2, 3]
    assert list(EsyClosure.objects.values_list("date", flat=True)) == [D(2027, 7, 5)]  # Jul 4 is a Sunday
    needed = EsyDecision.objects.get(status="needed")
    assert needed.recorded_by == world.users["case_manager"] == needed.iep.case_manager
    assert "took 7 weeks of instruction to recoup" in needed.basis
    line = ServiceRequirement.objects.extended_year().get()
    assert (line.iep, line.area, line.minutes, line.provider) == (needed.iep, "Reading", 90, needed.iep.case_manager)
    assert not ServiceSession.objects.filter(requirement=line).exists()
    assert EsyDecision.objects.filter(status="pending").count() == 1


def test_inside_the_session_tuesday_and_thursday_sessions_are_logged_to_yesterday(db: None) -> None:
    with time_machine.travel(dt.datetime(2027, 7, 8, 8, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        _load()
        line = ServiceRequirement.objects.extended_year().select_related("iep__student").get()
        days = list(ServiceSession.objects.filter(requirement=line).values_list("date", flat=True).order_by("date"))
        assert days == [D(2027, 6, 22), D(2027, 6, 24), D(2027, 6, 29), D(2027, 7, 1), D(2027, 7, 6)]
        led = esy_ledgers([line], D(2027, 7, 7))[line.pk].ledger
        # Jun 21-24, Jun 28-Jul 1 (8) + Jul 6-7 (2; Jul 5 closed) = 10 days at 22.5: 225; 5 x 45 delivered.
        assert (led.expected, led.delivered, led.pace) == (225, 225, "on_track")
