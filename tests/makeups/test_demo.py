"""The demo's makeup plan: a speech line owing minutes for the provider's absences, one makeup
done (a certified makeup session names the missed one) and one planned, moved once."""

from __future__ import annotations

import pytest

from makeups import demo, status
from makeups.models import MakeupChange, PlannedMakeup
from services import demo as services_demo
from services.backlog_queries import outlooks_for
from services.ledger_queries import ledgers_for
from students import demo as students_demo


@pytest.fixture
def world(db: None):  # noqa: ANN201
    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    demo.load(world)
    return world


def test_the_demo_has_a_believable_plan_one_done_one_planned(world) -> None:  # noqa: ANN001
    plans = list(PlannedMakeup.objects.select_related("requirement"))
    assert len(plans) == 2
    (line,) = {p.requirement for p in plans}
    assert line.area == "Speech-language"
    states = sorted(t.state for t in status.track(plans, world.today).values())
    assert states == ["done", "planned"]
    done = next(t for t in status.track(plans, world.today).values() if t.state == "done")
    assert done.done_by is not None and done.done_by.makes_up.get().status == "provider_absent"
    assert MakeupChange.objects.get().kind == "rescheduled"
    outlook = outlooks_for(ledgers_for([line], world.today), world.today)[line.pk]
    assert outlook.backlog.sessions >= 2 and outlook.planned == 1
