"""The demo term: deterministic, and the pages show behind, on-track and ahead students."""

from __future__ import annotations

from collections import Counter

import pytest

from services import demo
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students import demo as students_demo


@pytest.fixture
def world(db: None):  # noqa: ANN201
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    return world


def test_every_demo_iep_has_services_and_a_term_of_sessions(world) -> None:  # noqa: ANN001
    assert set(ServiceRequirement.objects.values_list("iep", flat=True)) == {i.pk for i in world.ieps}
    statuses = Counter(ServiceSession.objects.values_list("status", flat=True))
    assert statuses["delivered"] > 1000
    assert statuses["makeup"] and statuses["school_cancelled"] and statuses["student_absent"]
    assert ServiceSession.objects.filter(entry="amend").exists()
    assert ServiceSession.objects.filter(entry="void").exists()
    assert ServiceSession.makes_up.through.objects.exists()


def test_the_demo_shows_behind_on_track_and_ahead(world) -> None:  # noqa: ANN001
    ledgers = ledgers_for(ServiceRequirement.objects.all(), world.today)
    paces = Counter(x.ledger.pace for x in ledgers.values())
    assert paces["behind"] >= 5 and paces["on_track"] >= 5 and paces["ahead"] >= 5, paces
    assert any(x.ledger.owed for x in ledgers.values())

