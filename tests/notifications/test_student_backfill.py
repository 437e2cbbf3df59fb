"""Reminders sent before notifications named their student get it from their dedupe key
(notifications/migrations/0003), so the centre hides them too once the relationship ends."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.db import connection

from makeups.actions import planned_makeup_add
from notifications.models import Notification
from tests.makeups.conftest import owe
from tests.meetings.factories import FollowUpFactory, MeetingFactory
from tests.progress.factories import DataRequestFactory, GoalFactory
from tests.services.factories import ServiceRequirementFactory

BACKFILL = importlib.import_module("notifications.migrations.0003_notification_student_backfill").BACKFILL


def test_it_finds_the_student_of_every_sweeps_key(iep: Any, section: Any, provider: Any, gen_ed_teacher: Any) -> None:
    student = iep.student
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    owe(line, 4)
    makeup = planned_makeup_add(requirement=line, by=provider, target_date=dt.date(2026, 11, 19))
    goal = GoalFactory(iep=iep)
    request = DataRequestFactory(goal=goal, teacher=gen_ed_teacher)
    meeting = MeetingFactory(iep=iep)
    follow_up = FollowUpFactory(meeting=meeting)
    keys = [
        f"family-contact:{student.pk}:2026-10-01",
        f"checks-missing:{section.pk}:{student.pk}:2026-W47",
        f"deadline:annual_review:{iep.pk}:2027-08-31:30",
        f"unacknowledged:{iep.pk}:{gen_ed_teacher.pk}:2026-11-02",
        f"progress-report:{iep.pk}:2026-10-29:14",
        f"minutes-behind:{line.pk}:2026-W47:{provider.pk}",
        f"minutes-owed:{line.pk}:2026-W47:{provider.pk}",
        f"makeup-overdue:{makeup.pk}:2026-11-19:{provider.pk}",
        f"data-stale:{goal.pk}:2026-11-10:{gen_ed_teacher.pk}",
        f"data-request:{request.pk}:{gen_ed_teacher.pk}",
        f"follow-up:{follow_up.pk}:{follow_up.owner_id}",
        f"meeting-notice:{meeting.pk}:0:due",
        f"meeting:{meeting.pk}:0:{provider.pk}",
    ]
    for key in keys:
        Notification.objects.create(user=provider, kind="deadline", dedupe_key=key, title=key, url="/")
    unknown = Notification.objects.create(user=provider, kind="deadline", dedupe_key="matrix:x",
                                          title="Not about a student", url="/")
    missing = Notification.objects.create(user=provider, kind="deadline", dedupe_key="data-stale:999999:x",
                                          title="A goal that is gone", url="/")

    with connection.cursor() as cursor:
        cursor.execute(BACKFILL)

    found = dict(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", "student_id"))
    assert found == dict.fromkeys(keys, student.pk)
    unknown.refresh_from_db()
    missing.refresh_from_db()
    assert unknown.student_id is None and missing.student_id is None
