"""The demo data shows every part of meetings and the documentation checklist."""

from __future__ import annotations

import pytest

from meetings import demo as meetings_demo
from meetings.models import FollowUp, Meeting
from students import checklist, demo
from students.models import IEP
from tests.conftest import FROZEN_TODAY


@pytest.mark.django_db
def test_the_demo_has_an_unsent_notice_a_past_meeting_with_follow_ups_and_mixed_checklists() -> None:
    world = demo.load()
    assert world is not None
    meetings_demo.load(world)

    upcoming = Meeting.objects.get(status="scheduled")
    assert upcoming.kind == "annual_review" and upcoming.notice_sent_on is None
    assert upcoming.date > FROZEN_TODAY
    assert world.calendar.instructional().is_instructional(upcoming.date)

    amendment = Meeting.objects.get(kind="amendment")
    assert amendment.status == "held" and amendment.date < FROZEN_TODAY
    assert FollowUp.objects.filter(meeting=amendment).open().count() == 2
    assert FollowUp.objects.filter(meeting=amendment, done_at__isnull=False).count() == 1

    statuses = checklist.deadlines_for(list(IEP.objects.active().select_related("student")), FROZEN_TODAY)
    assert any(s.missing for s in statuses)
    assert any(not s.missing for s in statuses)
    assert all(m.date.weekday() < 5 for m in Meeting.objects.all())
