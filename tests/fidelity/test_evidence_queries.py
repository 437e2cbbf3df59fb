"""The evidence packet costs a fixed number of queries, however long the student's record."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accommodations.models import ImplementationCheck
from fidelity.evidence import build_packet
from tests.progress.factories import DataPointFactory
from tests.services.factories import ServiceSessionFactory

D = dt.date
START, END, TODAY = D(2026, 9, 1), D(2026, 11, 17), D(2026, 11, 18)


def _queries(student) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as captured:
        build_packet(student, START, END, TODAY)
    return len(captured)


def test_the_packet_runs_the_same_queries_for_a_longer_record(small_school, student, section) -> None:  # noqa: ANN001
    small = _queries(student)
    # More of everything the packet lists row by row: sessions, check-offs and data points.
    for n, day in enumerate([D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7), D(2026, 10, 8)]):
        ServiceSessionFactory(requirement=small_school.speech, date=day, start_time=dt.time(9 + n, 0),
                              minutes=30)
        ImplementationCheck.objects.create(support=small_school.support, student=student, section=section,
                                           date=day, teacher=section.teacher, outcome="provided")
        DataPointFactory(goal=small_school.current, date=day)
    larger = _queries(student)
    assert larger == small, f"{small} queries for the small record, {larger} for the larger"
