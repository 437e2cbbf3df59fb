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



def test_the_demo_shows_a_pending_entry_logged_on_behalf_and_late_entries_with_reasons(world) -> None:  # noqa: ANN001
    (pending,) = ServiceSession.objects.filter(on_behalf_of__isnull=False)
    assert pending.requirement.area == "Speech-language" and pending.is_pending
    assert pending.logged_by == pending.requirement.iep.case_manager
    assert pending.on_behalf_of == pending.requirement.provider
    late = ServiceSession.objects.filter(late=True, needs_approval=False).get()
    assert "sick leave" in late.late_reason and late.logged_at.date() > late.date
    waiting = ServiceSession.objects.awaiting_approval().get()
    assert waiting.late_reason and (waiting.logged_at.date() - waiting.date).days > 30
    # Every other entry was recorded on the day it happened (or, a correction, the day after).
    others = ServiceSession.objects.filter(late=False, entry="log", on_behalf_of__isnull=True)
    assert all(s.logged_at.date() == s.date for s in others[:200])
