"""The log form runs a fixed number of queries, however many students and goals it lists."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.scheduled import ScheduledSession, register_schedule_source, unregister_schedule_source
from students.models import TeamMember
from tests import factories as f
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.django_db

# The session and the user (2), the keyed form's look-up of its key (1), the provider's
# loggable lines with their IEPs and students (1), misses to make up (1), the students'
# goals (1), co-provided lines (1), the notification badge (1), the registered timetable
# (provider_schedules: the provider's plans, 1; the fake timetable added here runs none).
GET_QUERIES = 9


@pytest.fixture
def timetable(provider) -> Iterator[list[ScheduledSession]]:  # noqa: ANN001
    sessions: list[ScheduledSession] = []
    source = lambda user, day: sessions if user.pk == provider.pk else None  # noqa: E731
    register_schedule_source(source)
    yield sessions
    unregister_schedule_source(source)


def grow(school, case_manager, provider, timetable, count: int) -> None:  # noqa: ANN001
    """`count` more students, each with a speech line, three goals and a recent miss; every
    other one in a scheduled pair."""
    pair: list[int] = []
    for _ in range(count):
        iep = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
        f.TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
        line = ServiceRequirementFactory(iep=iep, provider=provider)
        for area in ("Articulation", "Language", "Fluency"):
            GoalFactory(iep=iep, area=area)
        ServiceSessionFactory(requirement=line, date=dt.date(2026, 11, 16), status="student_absent")
        pair.append(line.pk)
        if len(pair) == 2:
            timetable.append(ScheduledSession(f"Wed {9 + len(timetable)}:00 · pair", dt.time(9 + len(timetable)),
                                              30, tuple(pair)))
            pair = []


def log_page_queries(client) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{reverse('services:log')}?k={uuid.uuid4()}")
    assert response.status_code == 200
    return len(queries)


def test_the_log_form_runs_the_same_queries_for_2_and_12_students(
        login, school, case_manager, provider, timetable, django_assert_num_queries) -> None:  # noqa: ANN001
    client = login(provider)
    grow(school, case_manager, provider, timetable, 2)
    log_page_queries(client)  # warm caches (the session's first read)
    with django_assert_num_queries(GET_QUERIES):
        client.get(f"{reverse('services:log')}?k={uuid.uuid4()}")
    grow(school, case_manager, provider, timetable, 10)
    body = client.get(f"{reverse('services:log')}?k={uuid.uuid4()}").content.decode()
    assert body.count("data-select-group") == 6 and body.count('name="goals"') == 36
    with django_assert_num_queries(GET_QUERIES):
        client.get(f"{reverse('services:log')}?k={uuid.uuid4()}")


def test_a_refused_entry_runs_the_same_queries_for_2_and_12_students(
        login, school, case_manager, provider, timetable) -> None:  # noqa: ANN001
    client = login(provider)

    def refused() -> int:
        # Sent back (no minutes): the page is built again with everything the user typed.
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("services:log"), {
                "requirements": [timetable[0].requirement_pks[0]], "date": "2026-11-18", "minutes": "",
                "status": "delivered", "certify": "certify", "k": str(uuid.uuid4())})
        assert response.status_code == 400
        return len(queries)

    grow(school, case_manager, provider, timetable, 2)
    refused()
    small = refused()
    grow(school, case_manager, provider, timetable, 10)
    assert refused() == small
